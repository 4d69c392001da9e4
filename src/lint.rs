//! Governance references and lints, the second half of resolution: resolves
//! the structured ids in roles, journeys, docs and people (owners, authors,
//! holders, `grows_into`, `reports_to`, journey step links and roles) into a
//! typed [`Governance`] graph that pages and `handbook.json` are rendered
//! from, and reports governance problems as diagnostics. Each lint has a
//! stable code and a default severity that `handbook.yml`'s `lints:` can
//! change (see README, "Lints").

use std::collections::{BTreeMap, BTreeSet};

use crate::code::Code;
use crate::diag::{Diagnostic, Severity, Span, suggestion_help};
use crate::model::{Entity, Handbook, Ref};
use crate::nav::Nav;
use crate::resolve::{Symbols, Target, normalize_path};

/// A role holder: a person from `people.yml`, or a plain name without one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holder {
    Person(usize),
    Name(String),
}

/// A journey step's resolved references.
#[derive(Debug, Clone, Default)]
pub struct StepRefs {
    /// (entity, fragment) per link that resolved.
    pub links: Vec<(Entity, Option<String>)>,
    pub roles: Vec<usize>,
}

/// The resolved governance graph.
#[derive(Debug, Clone, Default)]
pub struct Governance {
    /// Index into `config.stages` for each role.
    pub role_stage: Vec<Option<usize>>,
    pub reports_to: Vec<Option<usize>>,
    /// Roles each role reports from (inverse of `reports_to`).
    pub reports_from: Vec<Vec<usize>>,
    pub grows_into: Vec<Vec<usize>>,
    pub grows_from: Vec<Vec<usize>>,
    pub holders: Vec<Vec<Holder>>,
    /// Journeys (and stage index) whose steps involve each role.
    pub role_journeys: Vec<BTreeSet<(usize, usize)>>,
    /// Docs listing each role as owner.
    pub role_owned_docs: Vec<Vec<usize>>,
    pub doc_owners: Vec<Vec<usize>>,
    pub doc_authors: Vec<Vec<Holder>>,
    /// Journeys (and stage index) whose steps link to each doc: pathway badges.
    pub doc_pathways: Vec<BTreeSet<(usize, usize)>>,
    /// For each journey, for each of its stages, for each step: resolved refs.
    pub steps: Vec<Vec<Vec<StepRefs>>>,
    /// Stage index of each journey stage entry.
    pub journey_stage_idx: Vec<Vec<Option<usize>>>,
    /// Reading path: the docs a persona meets, in order, without repeats.
    pub reading_path: Vec<Vec<usize>>,
    pub person_roles: Vec<Vec<usize>>,
    pub person_docs: Vec<Vec<usize>>,
    pub term_related: Vec<Vec<usize>>,
}

/// Resolve governance references and run the lints.
pub fn check(
    hb: &Handbook,
    syms: &Symbols<'_>,
    nav: &Nav,
    today: Option<i64>,
    diags: &mut Vec<Diagnostic>,
) -> Governance {
    let mut g = Governance {
        role_stage: vec![None; hb.roles.len()],
        reports_to: vec![None; hb.roles.len()],
        reports_from: vec![Vec::new(); hb.roles.len()],
        grows_into: vec![Vec::new(); hb.roles.len()],
        grows_from: vec![Vec::new(); hb.roles.len()],
        holders: vec![Vec::new(); hb.roles.len()],
        role_journeys: vec![BTreeSet::new(); hb.roles.len()],
        role_owned_docs: vec![Vec::new(); hb.roles.len()],
        doc_owners: vec![Vec::new(); hb.docs.len()],
        doc_authors: vec![Vec::new(); hb.docs.len()],
        doc_pathways: vec![BTreeSet::new(); hb.docs.len()],
        person_roles: vec![Vec::new(); hb.people.len()],
        person_docs: vec![Vec::new(); hb.people.len()],
        term_related: vec![Vec::new(); hb.terms.len()],
        ..Governance::default()
    };
    let mut l = Linter { hb, syms, diags };
    l.roles(&mut g);
    l.docs(&mut g, today);
    l.journeys(&mut g);
    l.terms(&mut g);
    l.cycles(&g);
    l.reachability(&g);
    l.duplicates();
    l.orphans(nav);
    g
}

struct Linter<'a, 'b> {
    hb: &'a Handbook,
    syms: &'a Symbols<'a>,
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

    fn role(&mut self, r: &Ref, what: &str) -> Option<usize> {
        match self.syms.roles.get(r.value.as_str()) {
            Some(&i) => Some(i),
            None => {
                let help = suggestion_help(
                    &r.value,
                    self.syms.roles.keys().copied(),
                    "role ids are the file names in roles/ without .md",
                );
                self.emit(
                    Code::UnknownRole,
                    Severity::Error,
                    format!("{what} names unknown role `{}`", r.value),
                    r.span.clone(),
                    help,
                );
                None
            }
        }
    }

    fn holder(&mut self, r: &Ref, what: &str) -> Option<Holder> {
        if !self.hb.has_people_file {
            return Some(Holder::Name(r.value.clone()));
        }
        match self.syms.people.get(r.value.as_str()) {
            Some(&i) => Some(Holder::Person(i)),
            None => {
                let help = suggestion_help(
                    &r.value,
                    self.syms.people.keys().copied(),
                    "add the person to people.yml",
                );
                self.emit(
                    Code::UnknownPerson,
                    Severity::Error,
                    format!("{what} names unknown person `{}`", r.value),
                    r.span.clone(),
                    help,
                );
                None
            }
        }
    }

    fn stage(&mut self, r: &Ref) -> Option<usize> {
        if r.value.is_empty() {
            return None; // a missing `stage:` key, reported when parsing
        }
        let stages = &self.hb.config.stages;
        match stages.iter().position(|s| s.id == r.value) {
            Some(i) => Some(i),
            None => {
                let help = suggestion_help(
                    &r.value,
                    stages.iter().map(|s| s.id.as_str()),
                    &format!(
                        "configured stages: {}",
                        stages
                            .iter()
                            .map(|s| s.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                self.emit(
                    Code::UnknownStage,
                    Severity::Error,
                    format!("unknown stage `{}`", r.value),
                    r.span.clone(),
                    help,
                );
                None
            }
        }
    }

    fn roles(&mut self, g: &mut Governance) {
        for (i, r) in self.hb.roles.iter().enumerate() {
            g.role_stage[i] = r.stage.as_ref().and_then(|s| self.stage(s));
            if let Some(rt) = &r.reports_to {
                g.reports_to[i] = self.role(rt, &format!("`{}`'s reports_to", r.id));
                if let Some(t) = g.reports_to[i] {
                    g.reports_from[t].push(i);
                }
            }
            for gi in &r.grows_into {
                if let Some(t) = self.role(gi, &format!("`{}`'s grows_into", r.id))
                    && !g.grows_into[i].contains(&t)
                {
                    g.grows_into[i].push(t);
                    g.grows_from[t].push(i);
                }
            }
            for h in &r.holders {
                if let Some(holder) = self.holder(h, &format!("`{}`'s holders", r.id)) {
                    if let Holder::Person(p) = holder {
                        g.person_roles[p].push(i);
                    }
                    g.holders[i].push(holder);
                }
            }
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

    fn docs(&mut self, g: &mut Governance, today: Option<i64>) {
        for (i, d) in self.hb.docs.iter().enumerate() {
            for o in &d.owners {
                if let Some(r) = self.role(o, &format!("`{}`'s owners", d.src)) {
                    g.doc_owners[i].push(r);
                    g.role_owned_docs[r].push(i);
                }
            }
            for a in &d.authors {
                if let Some(h) = self.holder(a, &format!("`{}`'s authors", d.src)) {
                    if let Holder::Person(p) = h {
                        g.person_docs[p].push(i);
                    }
                    g.doc_authors[i].push(h);
                }
            }
            self.review(d, today);
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

    fn journeys(&mut self, g: &mut Governance) {
        for (ji, j) in self.hb.journeys.iter().enumerate() {
            let mut stage_idx = Vec::new();
            let mut all_steps = Vec::new();
            let mut path: Vec<usize> = Vec::new();
            for s in &j.stages {
                let si = self.stage(&s.stage);
                stage_idx.push(si);
                let mut steps = Vec::new();
                for step in &s.steps {
                    let mut refs = StepRefs::default();
                    for r in &step.roles {
                        if let Some(ri) =
                            self.role(r, &format!("journey `{}` step \"{}\"", j.id, step.title))
                        {
                            refs.roles.push(ri);
                            if let Some(si) = si {
                                g.role_journeys[ri].insert((ji, si));
                            }
                        }
                    }
                    for link in &step.links {
                        if let Some((e, frag)) = self.step_link(link) {
                            if let Entity::Doc(d) = e {
                                if let Some(si) = si {
                                    g.doc_pathways[d].insert((ji, si));
                                }
                                if !path.contains(&d) {
                                    path.push(d);
                                }
                            }
                            refs.links.push((e, frag));
                        }
                    }
                    steps.push(refs);
                }
                all_steps.push(steps);
            }
            self.stage_coverage(j, &stage_idx);
            g.steps.push(all_steps);
            g.journey_stage_idx.push(stage_idx);
            g.reading_path.push(path);
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

    fn step_link(&mut self, r: &Ref) -> Option<(Entity, Option<String>)> {
        let (path, frag) = match r.value.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (r.value.as_str(), None),
        };
        let target = normalize_path(path).and_then(|p| self.syms.path_target(&p));
        match target {
            Some(Target::Entity(e, _)) => Some((e, self.step_anchor(r, e, frag))),
            _ => {
                let help = suggestion_help(
                    path,
                    self.hb.docs.iter().map(|d| d.src.as_str()),
                    "journey links are paths from the handbook root, e.g. docs/welcome.md",
                );
                self.emit(
                    Code::BrokenLink,
                    Severity::Error,
                    format!("journey step links to `{}`, which is not a doc", r.value),
                    r.span.clone(),
                    help,
                );
                None
            }
        }
    }

    /// The fragment of a journey step link as the target page spells it, or
    /// `None` (with a `broken-anchor` error) when the page has no such id;
    /// the link itself still counts, so only the anchor is reported.
    fn step_anchor(&mut self, r: &Ref, e: Entity, frag: Option<String>) -> Option<String> {
        let f = crate::resolve::percent_decode(&frag?);
        if f.is_empty() {
            return None;
        }
        if let Some(id) = self.syms.find_anchor(e, &f) {
            return Some(id);
        }
        let help = suggestion_help(
            &f,
            self.syms.anchor_ids(e),
            "link to an existing heading (GitHub-style id)",
        );
        let page = r.value.split('#').next().unwrap_or("");
        self.emit(
            Code::BrokenAnchor,
            Severity::Error,
            format!("`{page}` has no heading or label `#{f}`"),
            r.span.clone(),
            help,
        );
        None
    }

    fn terms(&mut self, g: &mut Governance) {
        for (i, t) in self.hb.terms.iter().enumerate() {
            for r in &t.related {
                match self.syms.term(&r.value) {
                    Some(j) => g.term_related[i].push(j),
                    None => {
                        let help = suggestion_help(
                            &r.value,
                            self.syms.term_names(),
                            "add the term to glossary.yml",
                        );
                        self.emit(
                            Code::UnknownTerm,
                            Severity::Error,
                            format!("`{}` relates to unknown term `{}`", t.name, r.value),
                            r.span.clone(),
                            help,
                        );
                    }
                }
            }
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
                cur = g.reports_to[c];
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
            let entry = g.role_stage[i].is_none_or(|s| s == first_stage);
            if entry || !g.grows_from[i].is_empty() || !g.role_journeys[i].is_empty() {
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
                            self.hb.files.get(&u.file).map_or("", |s| s),
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
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> String {
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
pub fn parse_interval(s: &str) -> Option<i64> {
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
