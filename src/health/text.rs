//! The health report as plain text, for `waybook check --report`.

use std::fmt::Write;

use super::{Report, Status, Via};

/// How many pieces of evidence an area lists before "and N more".
const SHOWN: usize = 5;

/// Render the report for a terminal.
pub(crate) fn render(r: &Report) -> String {
    let mut out = String::from("Governance health\n\n");
    for a in &r.areas {
        let mark = match a.status {
            Status::Complete => "✓",
            Status::Partial => "~",
            Status::Missing => "✗",
        };
        let _ = writeln!(out, "{mark} {:<28} {}", a.title, a.status.as_str());
        for e in a.evidence.iter().take(SHOWN) {
            let via = match e.via {
                Via::Covers => "covers",
                Via::Keyword => "keyword",
                Via::Data => "data",
            };
            let _ = writeln!(out, "    {via:<8} {} {} ({})", e.kind, e.title, e.src);
        }
        if a.evidence.len() > SHOWN {
            let _ = writeln!(out, "    … and {} more", a.evidence.len() - SHOWN);
        }
        if !a.add.is_empty() {
            let _ = writeln!(out, "    add: {}", a.add);
        }
    }
    let l = &r.leadership;
    let _ = writeln!(
        out,
        "\nLeadership: {} leadership roles ({} with a term), {} people lead, {} emeritus",
        l.roles.len(),
        l.with_term.len(),
        l.leaders,
        l.emeritus
    );
    if !l.employers.is_empty() {
        let list: Vec<String> = (l.employers.iter())
            .map(|e| format!("{} {} of {}", e.name, e.leaders, e.of))
            .collect();
        let _ = writeln!(
            out,
            "Employers of those in leadership positions: {}",
            list.join(", ")
        );
    }
    let f = &r.freshness;
    let _ = writeln!(
        out,
        "Freshness: {} of {} docs past their review date ({}%), {} with a review cycle, {} without owners",
        f.overdue.len(),
        f.docs,
        f.overdue_percent,
        f.with_review,
        f.without_owners.len()
    );
    if let Some(o) = &f.oldest_review {
        let _ = writeln!(
            out,
            "Oldest review: {} (last reviewed {})",
            o.src, o.last_reviewed
        );
    }
    out
}
