//! `feed.xml`: an Atom feed (RFC 4287) of the handbook's decisions (newest
//! first by decided, else proposed, date) and of its recent changes (each
//! linked to its row on `recent-changes.html`), with absolute URLs from
//! `base_url`. A feed reader cannot resolve relative URLs, so without a
//! `base_url` the feed is not written and one `feed-without-base-url`
//! warning says so. Dates come from the records or git, never the clock,
//! so the feed is deterministic.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::html::escape;
use crate::model::{Handbook, decision, urls};

/// The warning for a handbook with decisions but no `base_url`.
pub(crate) fn check(hb: &Handbook, diags: &mut Vec<Diagnostic>) {
    if hb.decisions.is_empty() || hb.config.base_url.is_some() {
        return;
    }
    let span = if hb.config.source_text.is_some() {
        Span::file("handbook.yml")
    } else {
        Span::file(&hb.decisions[0].src)
    };
    diags.push(
        Diagnostic::warning(
            Code::FeedWithoutBaseUrl,
            "the handbook has decisions but no `base_url`, so feed.xml is not written",
        )
        .with_span(span)
        .with_help("add `base_url: https://…/` (where the site is published) to handbook.yml, or set this lint to off"),
    );
}

/// A `YYYY-MM-DD` date as an RFC 3339 timestamp, if it is one.
fn timestamp(date: &str) -> Option<String> {
    let d = date.trim().get(..10)?;
    crate::lint::parse_date(d)?;
    Some(format!("{d}T00:00:00Z"))
}

/// The Atom feed, or `None` without a `base_url` or with neither decisions
/// nor recent commits.
pub(crate) fn atom(
    hb: &Handbook,
    last_updated: &BTreeMap<String, String>,
    recent: &[crate::credit::Change],
) -> Option<String> {
    let base = hb.config.base_url.as_deref()?;
    if hb.decisions.is_empty() && recent.is_empty() {
        return None;
    }
    // (timestamp, id) of every decision with a date, newest first.
    let mut entries: Vec<(String, usize)> = (hb.decisions.iter().enumerate())
        .filter_map(|(i, d)| {
            let when = decision::date(d).or_else(|| last_updated.get(&d.src).map(String::as_str));
            Some((timestamp(when?)?, i))
        })
        .collect();
    entries.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(hb.decisions[a.1].id.cmp(&hb.decisions[b.1].id))
    });
    let abs = |path: &str| format!("{base}{}", crate::url::encode_path(path));
    let commits: Vec<(String, &crate::credit::Change)> = (recent.iter())
        .filter_map(|c| Some((timestamp(&c.date)?, c)))
        .collect();
    let updated = (entries.first().map(|e| e.0.clone()))
        .into_iter()
        .chain(commits.first().map(|c| c.0.clone()))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(
        s,
        "  <id>{}</id>",
        escape(&abs(crate::model::decision::FEED_URL))
    );
    let _ = writeln!(
        s,
        "  <title>{}</title>",
        escape(&if commits.is_empty() {
            format!("{}: decisions", hb.config.title)
        } else {
            format!("{}: decisions and changes", hb.config.title)
        })
    );
    let _ = writeln!(s, "  <updated>{updated}</updated>");
    let _ = writeln!(
        s,
        "  <author><name>{}</name></author>",
        escape(&hb.config.title)
    );
    let _ = writeln!(
        s,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&abs(crate::model::decision::FEED_URL))
    );
    let _ = writeln!(
        s,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&abs(crate::model::decision::INDEX_URL))
    );
    let _ = writeln!(s, "  <generator>waybook</generator>");
    for (when, i) in entries {
        entry(&mut s, hb, i, &when, &abs(&hb.decisions[i].url));
    }
    let page = abs(urls::RECENT_CHANGES);
    for (when, c) in commits {
        change_entry(&mut s, c, &when, &page);
    }
    s.push_str("</feed>\n");
    Some(s)
}

fn entry(s: &mut String, hb: &Handbook, i: usize, when: &str, url: &str) {
    let d = &hb.decisions[i];
    let title = match &d.number {
        Some(n) => format!("{n}. {}", d.title),
        None => d.title.clone(),
    };
    let mut summary = format!("Status: {}.", d.status);
    if !d.description.is_empty() {
        summary = format!("{summary} {}", d.description);
    }
    s.push_str("  <entry>\n");
    let _ = writeln!(s, "    <id>{}</id>", escape(url));
    let _ = writeln!(s, "    <title>{}</title>", escape(&title));
    let _ = writeln!(s, "    <updated>{when}</updated>");
    let _ = writeln!(
        s,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(url)
    );
    let _ = writeln!(s, "    <category term=\"{}\"/>", escape(&d.status));
    let _ = writeln!(s, "    <summary>{}</summary>", escape(&summary));
    s.push_str("  </entry>\n");
}

/// A commit from the recent changes page.
fn change_entry(s: &mut String, c: &crate::credit::Change, when: &str, page: &str) {
    let url = format!("{page}#{}", super::changes::anchor(&c.hash));
    s.push_str("  <entry>\n");
    let _ = writeln!(s, "    <id>{}</id>", escape(&url));
    let _ = writeln!(s, "    <title>{}</title>", escape(&c.subject));
    let _ = writeln!(s, "    <updated>{when}</updated>");
    let _ = writeln!(
        s,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&url)
    );
    let _ = writeln!(s, "    <category term=\"change\"/>");
    let _ = writeln!(
        s,
        "    <summary>{}</summary>",
        escape(&format!("Changed: {}", c.files.join(", ")))
    );
    s.push_str("  </entry>\n");
}
