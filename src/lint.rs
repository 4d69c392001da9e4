//! Governance lints: reads the handbook and its resolved [`Governance`]
//! graph (built by [`crate::govern`]) and reports governance problems as
//! diagnostics: unheld and unreachable roles, `reports_to` cycles, overdue
//! reviews, journeys missing stages, duplicate ids, orphan pages. Each lint has a
//! stable code and a default severity that `handbook.yml`'s `lints:` can
//! change (see README, "Lints").

pub(crate) mod decisions;
pub(crate) mod employers;
pub(crate) mod leadership;

use std::collections::BTreeMap;

use crate::code::Code;
use crate::diag::{Diagnostic, Severity, Span};
use crate::model::{Governance, Handbook};
use crate::nav::Nav;

/// Run the lints over the handbook and its resolved governance graph.
pub fn check(
    hb: &Handbook,
    gov: &Governance,
    nav: &Nav,
    today: Option<i64>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut l = Linter { hb, diags };
    l.unheld();
    for d in &hb.docs {
        l.review(d, today);
    }
    for (j, refs) in hb.journeys.iter().zip(gov.journeys()) {
        l.stage_coverage(j, &refs.stage_idx);
    }
    l.cycles(gov);
    l.reachability(gov);
    l.duplicates();
    l.orphans(nav);
}

struct Linter<'a, 'b> {
    hb: &'a Handbook,
    diags: &'b mut Vec<Diagnostic>,
}

/// Lints about something an entity lacks: not run on a damaged file.
const FOLLOW_ON_LINTS: &[Code] = &[
    Code::RoleUnheld,
    Code::RoleUnreachable,
    Code::JourneyMissingStage,
    Code::JourneyStageOrder,
];

impl Linter<'_, '_> {
    fn emit(&mut self, code: Code, default: Severity, msg: String, span: Span, help: String) {
        // A file with a parse error lost some fields: what it lacks follows
        // from the error already reported, so it is not reported again.
        if FOLLOW_ON_LINTS.contains(&code) && self.hb.damaged.contains(&span.file) {
            return;
        }
        // `handbook.yml`'s `lints:` levels are applied to all codes in `build`.
        let d = match default {
            Severity::Error => Diagnostic::error(code, msg),
            Severity::Warning => Diagnostic::warning(code, msg),
        };
        self.diags.push(d.with_span(span).with_help(help));
    }

    fn unheld(&mut self) {
        for r in &self.hb.roles {
            if r.holders.is_empty() {
                self.emit(
                    Code::RoleUnheld,
                    Severity::Warning,
                    format!("nobody holds the role `{}`", r.id),
                    r.span.clone(),
                    "list the current holders under `holders:` (or mark the role vacant in its prose and set this lint to off)".into(),
                );
            }
        }
    }

    fn review(&mut self, d: &crate::model::Doc, today: Option<i64>) {
        let Some(lr) = &d.last_reviewed else { return };
        let Some(day) = parse_date(&lr.value) else {
            self.emit(
                Code::InvalidDate,
                Severity::Error,
                format!("`last_reviewed: {}` is not a date", lr.value),
                lr.span.clone(),
                "write dates as YYYY-MM-DD".into(),
            );
            return;
        };
        let Some(every) = &d.review_every else { return };
        let Some(days) = parse_interval(&every.value) else {
            self.emit(
                Code::InvalidInterval,
                Severity::Error,
                format!("`review_every: {}` is not an interval", every.value),
                every.span.clone(),
                "write e.g. `90 days`, `6 weeks`, `12 months` or `1 year`".into(),
            );
            return;
        };
        if let Some(today) = today
            && day + days < today
        {
            self.emit(
                Code::ReviewOverdue,
                Severity::Warning,
                format!(
                    "`{}` was due for review {} days ago",
                    d.src,
                    today - day - days
                ),
                lr.span.clone(),
                "review the page, then update `last_reviewed`".into(),
            );
        }
    }

    fn stage_coverage(&mut self, j: &crate::model::Journey, idx: &[Option<usize>]) {
        for (si, s) in self.hb.config.stages.iter().enumerate() {
            if !idx.contains(&Some(si)) {
                self.emit(
                    Code::JourneyMissingStage,
                    Severity::Warning,
                    format!("journey `{}` has no `{}` stage", j.id, s.id),
                    j.span.clone(),
                    format!("add a `- stage: {}` entry with at least one step", s.id),
                );
            }
        }
        let known: Vec<usize> = idx.iter().flatten().copied().collect();
        if known.windows(2).any(|w| w[0] >= w[1]) {
            self.emit(
                Code::JourneyStageOrder,
                Severity::Warning,
                format!("journey `{}` lists its stages out of order or twice", j.id),
                j.span.clone(),
                "list each stage once, in the configured order".into(),
            );
        }
    }

    /// Report each `reports_to` cycle once, in linear time: every role is
    /// walked at most once (`reports_to` has one edge per role, so a walk
    /// that meets a role of an earlier walk can stop there).
    fn cycles(&mut self, g: &Governance) {
        const NEW: usize = usize::MAX;
        const DONE: usize = usize::MAX - 1;
        // For a role on the current walk: its position in `path`.
        let mut state = vec![NEW; self.hb.roles.len()];
        let mut path = Vec::new();
        for start in 0..self.hb.roles.len() {
            path.clear();
            let mut cur = Some(start);
            while let Some(c) = cur.filter(|&c| state[c] == NEW) {
                state[c] = path.len();
                path.push(c);
                cur = g.roles()[c].reports_to;
            }
            if let Some(c) = cur.filter(|&c| state[c] != DONE) {
                let cycle = path[state[c]..].to_vec();
                self.report_cycle(&cycle);
            }
            for &p in &path {
                state[p] = DONE;
            }
        }
    }

    fn report_cycle(&mut self, cycle: &[usize]) {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&i| self.hb.roles[i].id.as_str())
            .collect();
        let Some(&first) = cycle.iter().min() else {
            return;
        };
        let role = &self.hb.roles[first];
        let span = role
            .reports_to
            .as_ref()
            .map_or_else(|| role.span.clone(), |r| r.span.clone());
        let message = format!(
            "`reports_to` forms a cycle: {} → {}",
            names.join(" → "),
            names[0]
        );
        self.emit(
            Code::ReportsToCycle,
            Severity::Error,
            message,
            span,
            "break the cycle: the top of a hierarchy reports to nobody".into(),
        );
    }

    fn reachability(&mut self, g: &Governance) {
        // What reaches a role comes from every role and journey: with one
        // of them damaged, the answer is not known, and the damage is reported.
        let hb = self.hb;
        let srcs = hb
            .roles
            .iter()
            .map(|r| &r.src)
            .chain(hb.journeys.iter().map(|j| &j.src));
        if srcs.into_iter().any(|s| hb.damaged.contains(s)) {
            return;
        }
        let first_stage = 0;
        for (i, r) in self.hb.roles.iter().enumerate() {
            let refs = &g.roles()[i];
            let entry = refs.stage.is_none_or(|s| s == first_stage);
            if entry || !refs.grows_from.is_empty() || !refs.journeys.is_empty() {
                continue;
            }
            self.emit(
                Code::RoleUnreachable,
                Severity::Warning,
                format!(
                    "no role grows into `{}` and no journey step involves it",
                    r.id
                ),
                r.span.clone(),
                "add it to another role's `grows_into`, or to a journey step's `roles`".into(),
            );
        }
    }

    fn duplicates(&mut self) {
        let mut seen: BTreeMap<&str, &Span> = BTreeMap::new();
        for p in &self.hb.people {
            if let Some(first) = seen.insert(&p.id, &p.span) {
                let help = format!("the first is at {}:{}", first.line, first.column);
                self.emit(
                    Code::DuplicateId,
                    Severity::Error,
                    format!("person id `{}` is defined twice", p.id),
                    p.span.clone(),
                    help,
                );
            }
        }
        let mut terms: BTreeMap<String, &Span> = BTreeMap::new();
        for t in &self.hb.terms {
            if let Some(first) = terms.insert(t.name.to_lowercase(), &t.span) {
                let help = format!("the first is in {}:{}", first.file, first.line);
                self.emit(
                    Code::DuplicateTerm,
                    Severity::Warning,
                    format!("glossary term `{}` is defined twice", t.name),
                    t.span.clone(),
                    help,
                );
            }
        }
        let mut labels: BTreeMap<&str, &str> = BTreeMap::new();
        for u in &self.hb.units {
            for (l, off) in &u.scan.labels {
                if let Some(first) = labels.insert(l, &u.file)
                    && first != u.file
                {
                    let span = match u.base {
                        Some(b) => Span::at(
                            &u.file,
                            self.hb.files.get(&u.file).as_deref().unwrap_or(""),
                            b + off,
                            l.len(),
                        ),
                        None => u.anchor.clone(),
                    };
                    let help = format!("the first is in {first}; `{{ref}}` links go to the first");
                    self.emit(
                        Code::DuplicateLabel,
                        Severity::Warning,
                        format!("label `{l}` is defined twice"),
                        span,
                        help,
                    );
                }
            }
        }
    }

    fn orphans(&mut self, nav: &Nav) {
        for &d in &nav.orphans {
            let doc = &self.hb.docs[d];
            if doc.generated {
                continue;
            }
            self.emit(
                Code::OrphanPage,
                Severity::Warning,
                format!("`{}` is not in the table of contents", doc.src),
                Span::file(&doc.src),
                "add it to the table of contents (it is listed under \"Other pages\" until then)"
                    .into(),
            );
        }
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let mut it = s.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Howard Hinnant's days-from-civil algorithm.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` of a day number (inverse of [`days_from_civil`]).
pub(crate) fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days in an interval like `90 days`, `6 weeks`, `12 months`, `1 year`.
pub(crate) fn parse_interval(s: &str) -> Option<i64> {
    let mut it = s.split_whitespace();
    let n: i64 = it.next()?.parse().ok()?;
    let unit = it.next()?.trim_end_matches('s');
    let per = match unit {
        "day" => 1,
        "week" => 7,
        "month" => 30,
        "year" => 365,
        _ => return None,
    };
    it.next().is_none().then_some(n * per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_roundtrip() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        let d = parse_date("2026-11-22").unwrap();
        assert_eq!(civil_from_days(d), "2026-11-22");
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("12 months"), Some(360));
        assert_eq!(parse_interval("1 year"), Some(365));
        assert_eq!(parse_interval("2 weeks"), Some(14));
        assert_eq!(parse_interval("often"), None);
        assert_eq!(parse_interval("3 months later"), None);
    }
}
