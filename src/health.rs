//! Governance health: how much of what foundations review (the CNCF TAG
//! Contributor Strategy's ten areas) the handbook covers, and how fresh its
//! docs are. Reads the [`Handbook`] and its [`Governance`] only, after
//! `lint`; `check --report`, the `health.html` page and `handbook.json`
//! show the same [`Report`].
//!
//! Evidence for an area is found three ways, strongest first:
//! 1. `covers: [area-id]` in the front matter of a doc, role, group or
//!    decision;
//! 2. an area keyword at the start of a word in a doc's title or headings,
//!    or in a role's, group's or decision's title;
//! 3. structural data (see [`Structure`]): roles with holders are a
//!    maintainer list, roles that grow into others a ladder, decision
//!    records decision-making, groups with meetings or channels
//!    communication, and so on.
//!
//! An area is *complete* with a `covers:` tag, or with both a keyword match
//! and structural data; *partial* with one of the two; *missing* otherwise.
//! `handbook.yml`'s `health.areas` adds areas or extends one (same id: its
//! keywords are added, its title and advice replace the built-in ones).

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use crate::lint::leadership;

pub(crate) mod fresh;
pub(crate) mod text;
use crate::model::{Governance, Handbook};

/// Structural data that counts as evidence for an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Structure {
    None,
    /// Leadership roles with holders, and groups with current leads.
    Holders,
    /// Journeys (paths into the community).
    Journeys,
    /// Roles with `grows_into`.
    Ladder,
    /// Leadership roles with a term, groups with emeritus or past members.
    Lifecycle,
    /// Decision records.
    Decisions,
    /// Docs with owners, groups owning docs or repositories.
    Ownership,
    /// Groups with meetings or channels.
    Channels,
}

/// One row of the area table.
pub(crate) struct AreaDef {
    pub id: &'static str,
    pub title: &'static str,
    /// Matched at the start of a word, case-insensitively.
    pub keywords: &'static [&'static str],
    pub structure: Structure,
    /// What to add when the area is not complete.
    pub add: &'static str,
}

/// The ten areas of the CNCF TAG Contributor Strategy governance review.
pub(crate) const AREAS: &[AreaDef] = &[
    AreaDef {
        id: "purpose",
        title: "Purpose and mission",
        keywords: &["mission", "purpose", "vision", "charter", "our goals"],
        structure: Structure::None,
        add: "a doc saying what the project is for and what is out of scope (`covers: [purpose]`)",
    },
    AreaDef {
        id: "maintainer-list",
        title: "Maintainer list",
        keywords: &[
            "maintainers",
            "maintainer list",
            "core team",
            "who we are",
            "members",
        ],
        structure: Structure::Holders,
        add: "leadership roles with `holders:`, or groups with `leads:`, so readers see who maintains the project",
    },
    AreaDef {
        id: "code-of-conduct",
        title: "Code of conduct",
        keywords: &["code of conduct", "conduct"],
        structure: Structure::None,
        add: "a code of conduct with how to report and who handles reports (`covers: [code-of-conduct]`)",
    },
    AreaDef {
        id: "contributor-guide",
        title: "Contributor guide",
        keywords: &[
            "contributing",
            "contributor guide",
            "how to contribute",
            "getting started",
            "first contribution",
        ],
        structure: Structure::Journeys,
        add: "a contributing guide and a journey from first visit to first contribution",
    },
    AreaDef {
        id: "contributor-ladder",
        title: "Contributor ladder",
        keywords: &["ladder", "membership", "becoming a", "path to", "levels of"],
        structure: Structure::Ladder,
        add: "roles that `grows_into` the next one, with requirements for each step",
    },
    AreaDef {
        id: "maintainer-lifecycle",
        title: "Maintainer lifecycle",
        keywords: &[
            "emeritus",
            "stepping down",
            "step down",
            "offboarding",
            "inactiv",
            "retir",
            "term limit",
            "election",
            "nomination",
        ],
        structure: Structure::Lifecycle,
        add: "how maintainers are chosen, how long they serve (`term:`) and how they step down (emeritus)",
    },
    AreaDef {
        id: "decision-making",
        title: "Decision-making",
        keywords: &["decision", "voting", "vote", "consensus"],
        structure: Structure::Decisions,
        add: "a doc on how decisions are made, and decision records under `decisions/`",
    },
    AreaDef {
        id: "ownership",
        title: "Code and docs ownership",
        keywords: &[
            "ownership",
            "owners",
            "codeowners",
            "reviewers and approvers",
        ],
        structure: Structure::Ownership,
        add: "`owners:` on docs, or groups that `owns:` docs and repositories",
    },
    AreaDef {
        id: "security-reporting",
        title: "Security reporting",
        keywords: &["security", "vulnerabilit", "disclosure"],
        structure: Structure::None,
        add: "a security policy: where to report a vulnerability privately and what happens next (`covers: [security-reporting]`)",
    },
    AreaDef {
        id: "communication",
        title: "Communication and meetings",
        keywords: &[
            "communication",
            "meeting",
            "mailing list",
            "chat",
            "channels",
            "community call",
            "contact",
        ],
        structure: Structure::Channels,
        add: "groups with `channels:` and `meetings:`, or a doc listing where the community talks",
    },
];

/// Report `covers:` values that name no area (a typo would otherwise
/// quietly count for nothing).
pub(crate) fn check(hb: &Handbook, diags: &mut Vec<crate::diag::Diagnostic>) {
    let known: Vec<String> = areas(hb).into_iter().map(|a| a.id).collect();
    let tags = (hb.docs.iter().flat_map(|d| &d.covers))
        .chain(hb.roles.iter().flat_map(|r| &r.covers))
        .chain(hb.groups.iter().flat_map(|g| &g.covers))
        .chain(hb.decisions.iter().flat_map(|d| &d.covers));
    for t in tags.filter(|t| !known.contains(&t.value)) {
        diags.push(
            crate::diag::Diagnostic::warning(
                crate::code::Code::UnknownArea,
                format!("`covers:` names unknown governance health area `{}`", t.value),
            )
            .with_span(t.span.clone())
            .with_help(crate::diag::suggestion_help(
                &t.value,
                known.iter().map(String::as_str),
                "use an area id from the README (\"Governance health\"), or add the area under `health: {areas: …}` in handbook.yml",
            )),
        );
    }
}

/// An area after `handbook.yml`'s additions.
#[derive(Debug, Clone)]
pub(crate) struct Area {
    pub id: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub structure: Structure,
    pub add: String,
}

/// The built-in areas with `health.areas` applied, in table order, then
/// added areas in the order written.
pub(crate) fn areas(hb: &Handbook) -> Vec<Area> {
    let mut out: Vec<Area> = AREAS
        .iter()
        .map(|a| Area {
            id: a.id.into(),
            title: a.title.into(),
            keywords: a.keywords.iter().map(|k| k.to_string()).collect(),
            structure: a.structure,
            add: a.add.into(),
        })
        .collect();
    for spec in &hb.config.health.areas {
        let kw = spec.keywords.iter().map(|k| k.to_lowercase());
        match out.iter_mut().find(|a| a.id == spec.id) {
            Some(a) => {
                a.keywords.extend(kw);
                if let Some(t) = &spec.title {
                    a.title = t.clone();
                }
                if let Some(add) = &spec.add {
                    a.add = add.clone();
                }
            }
            None => out.push(Area {
                id: spec.id.clone(),
                title: spec.title.clone().unwrap_or_else(|| spec.id.clone()),
                keywords: kw.collect(),
                structure: Structure::None,
                add: spec
                    .add
                    .clone()
                    .unwrap_or_else(|| format!("a doc that covers it (`covers: [{}]`)", spec.id)),
            }),
        }
    }
    out
}

/// How well an area is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Complete,
    Partial,
    Missing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::Partial => "partial",
            Status::Missing => "missing",
        }
    }
}

/// How a piece of evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Covers,
    Keyword,
    Data,
}

/// A page that shows an area is covered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    pub via: Via,
    /// `doc`, `role`, `group`, `decision`, `journey`.
    pub kind: &'static str,
    pub title: String,
    /// Root-relative URL of the page.
    pub url: String,
    /// The source file.
    pub src: String,
}

/// One area's result.
#[derive(Debug, Clone, Serialize)]
pub struct AreaReport {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub evidence: Vec<Evidence>,
    /// What to add; empty when the area is complete.
    pub add: String,
}

/// The whole health report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub areas: Vec<AreaReport>,
    pub freshness: fresh::Freshness,
    pub leadership: Leadership,
}

/// Facts about how leadership is held.
#[derive(Debug, Clone, Serialize)]
pub struct Leadership {
    /// Leadership role ids.
    pub roles: Vec<String>,
    /// Of those, the ones with a `term:`.
    pub with_term: Vec<String>,
    /// People who hold at least one leadership role.
    pub leaders: usize,
    /// Emeritus members across groups.
    pub emeritus: usize,
    /// The organisations people in leadership positions (role holders and
    /// group leads) are affiliated with, most leaders first; empty when no
    /// leader carries `affiliations` (see `employer-concentration`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub employers: Vec<crate::lint::employers::Employer>,
}

/// Build the report (`today`: days since 1970-01-01, for freshness).
pub(crate) fn report(hb: &Handbook, gov: &Governance, today: Option<i64>) -> Report {
    let lowered = Lowered::new(hb);
    // Areas side by side: a big handbook's report is a fraction of a second
    // of keyword matching that would otherwise hold one core alone.
    let areas = (areas(hb).par_iter())
        .map(|a| area_report(hb, gov, &lowered, a))
        .collect();
    Report {
        areas,
        freshness: fresh::freshness(hb, today),
        leadership: leadership_facts(hb, gov),
    }
}

fn leadership_facts(hb: &Handbook, gov: &Governance) -> Leadership {
    let lead = leadership::leadership_roles(hb, gov);
    let holders: BTreeSet<_> = lead
        .iter()
        .flat_map(|&r| leadership::role_holders(hb, gov, r))
        .collect();
    Leadership {
        roles: lead.iter().map(|&r| hb.roles[r].id.clone()).collect(),
        with_term: (lead.iter())
            .filter(|&&r| hb.roles[r].term.is_some())
            .map(|&r| hb.roles[r].id.clone())
            .collect(),
        leaders: holders.len(),
        emeritus: hb
            .groups
            .iter()
            .flat_map(|g| &g.members)
            .filter(|m| m.emeritus)
            .count(),
        employers: crate::lint::employers::employers(hb, gov).0,
    }
}

fn area_report(hb: &Handbook, gov: &Governance, lowered: &Lowered, a: &Area) -> AreaReport {
    let mut ev = BTreeSet::new();
    fresh::tagged(hb, &a.id, &mut ev);
    keyword_evidence(hb, lowered, a, &mut ev);
    structural(hb, gov, a.structure, &mut ev);
    // A page found several ways is listed once, by its strongest way.
    let mut seen = BTreeSet::new();
    let evidence: Vec<Evidence> = ev
        .into_iter()
        .filter(|e| seen.insert(e.url.clone()))
        .collect();
    let has = |v: Via| evidence.iter().any(|e| e.via == v);
    let status = if has(Via::Covers) || (has(Via::Keyword) && has(Via::Data)) {
        Status::Complete
    } else if evidence.is_empty() {
        Status::Missing
    } else {
        Status::Partial
    };
    AreaReport {
        id: a.id.clone(),
        title: a.title.clone(),
        status,
        add: if status == Status::Complete {
            String::new()
        } else {
            a.add.clone()
        },
        evidence,
    }
}

/// Whether a lower-cased text has one of the area's keywords at the start
/// of a word.
fn matches(a: &Area, lower: &str) -> bool {
    // One walk over the text, trying every keyword where a word may start
    // (not after a letter or digit): cheaper than a substring search per
    // keyword on thousands of pages.
    let mut after_alnum = false;
    lower.char_indices().any(|(i, c)| {
        let hit = !after_alnum && a.keywords.iter().any(|k| lower[i..].starts_with(k));
        after_alnum = c.is_alphanumeric();
        hit
    })
}

/// The texts keywords are looked for in, lower-cased once for all areas
/// (doing it per area was a tenth of a big handbook's build): per doc its
/// title and its headings down to level 3, and the titles of roles,
/// groups and decisions.
struct Lowered {
    docs: Vec<Vec<String>>,
    roles: Vec<String>,
    groups: Vec<String>,
    decisions: Vec<String>,
}

impl Lowered {
    fn new(hb: &Handbook) -> Lowered {
        let titles = |t: &mut dyn Iterator<Item = &String>| t.map(|s| s.to_lowercase()).collect();
        Lowered {
            docs: (hb.docs.par_iter())
                .map(|d| {
                    let heads = hb.units[d.unit].scan.headings.iter();
                    std::iter::once(d.title.to_lowercase())
                        .chain(
                            heads
                                .filter(|h| h.level <= 3)
                                .map(|h| h.text.to_lowercase()),
                        )
                        .collect()
                })
                .collect(),
            roles: titles(&mut hb.roles.iter().map(|r| &r.title)),
            groups: titles(&mut hb.groups.iter().map(|g| &g.title)),
            decisions: titles(&mut hb.decisions.iter().map(|d| &d.title)),
        }
    }
}

fn keyword_evidence(hb: &Handbook, lowered: &Lowered, a: &Area, ev: &mut BTreeSet<Evidence>) {
    let item = |kind, title: &str, url: &str, src: &str| Evidence {
        via: Via::Keyword,
        kind,
        title: title.to_string(),
        url: url.to_string(),
        src: src.to_string(),
    };
    for (d, texts) in hb.docs.iter().zip(&lowered.docs) {
        if texts.iter().any(|t| matches(a, t)) {
            ev.insert(item("doc", &d.title, &d.url, &d.src));
        }
    }
    for (r, t) in hb.roles.iter().zip(&lowered.roles) {
        if matches(a, t) {
            ev.insert(item("role", &r.title, &r.url, &r.src));
        }
    }
    for (g, t) in hb.groups.iter().zip(&lowered.groups) {
        if matches(a, t) {
            ev.insert(item("group", &g.title, &g.url, &g.src));
        }
    }
    for (d, t) in hb.decisions.iter().zip(&lowered.decisions) {
        if matches(a, t) {
            ev.insert(item("decision", &d.title, &d.url, &d.src));
        }
    }
}

fn structural(hb: &Handbook, gov: &Governance, s: Structure, ev: &mut BTreeSet<Evidence>) {
    let lead = leadership::leadership_roles(hb, gov);
    let role = |i: usize| {
        let r = &hb.roles[i];
        data("role", &r.title, &r.url, &r.src)
    };
    let group = |g: &crate::model::Group| data("group", &g.title, &g.url, &g.src);
    match s {
        Structure::None => {}
        Structure::Holders => {
            let held = lead
                .iter()
                .filter(|&&r| !leadership::role_holders(hb, gov, r).is_empty());
            ev.extend(held.map(|&r| role(r)));
            let led = hb
                .groups
                .iter()
                .filter(|g| g.members.iter().any(|m| m.lead && m.current()));
            ev.extend(led.map(group));
        }
        Structure::Journeys => {
            ev.extend((hb.journeys.iter()).map(|j| data("journey", &j.title, &j.url, &j.src)));
        }
        Structure::Ladder => {
            ev.extend(
                (0..hb.roles.len())
                    .filter(|&i| !gov.roles()[i].grows_into.is_empty())
                    .map(role),
            );
        }
        Structure::Lifecycle => {
            ev.extend(
                lead.iter()
                    .filter(|&&r| hb.roles[r].term.is_some())
                    .map(|&r| role(r)),
            );
            let past = |g: &&crate::model::Group| g.members.iter().any(|m| !m.current());
            ev.extend(hb.groups.iter().filter(past).map(group));
        }
        Structure::Decisions => {
            ev.extend((hb.decisions.iter()).map(|d| data("decision", &d.title, &d.url, &d.src)));
        }
        Structure::Ownership => {
            let owned = hb.docs.iter().filter(|d| !d.owners.is_empty());
            ev.extend(owned.map(|d| data("doc", &d.title, &d.url, &d.src)));
            let owning =
                |g: &&crate::model::Group| !g.owns_docs.is_empty() || !g.repositories.is_empty();
            ev.extend(hb.groups.iter().filter(owning).map(group));
        }
        Structure::Channels => {
            let talk = |g: &&crate::model::Group| !g.meetings.is_empty() || !g.channels.is_empty();
            ev.extend(hb.groups.iter().filter(talk).map(group));
        }
    }
}

pub(crate) fn data(kind: &'static str, title: &str, url: &str, src: &str) -> Evidence {
    Evidence {
        via: Via::Data,
        kind,
        title: title.to_string(),
        url: url.to_string(),
        src: src.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts_word(text: &str, kw: &str) -> bool {
        let area = Area {
            id: "a".into(),
            title: "A".into(),
            keywords: vec!["zzz".into(), kw.into()],
            structure: AREAS[0].structure,
            add: String::new(),
        };
        matches(&area, text)
    }

    #[test]
    fn keywords_match_at_the_start_of_a_word_only() {
        assert!(starts_word("how we decide: decision-making", "decision"));
        assert!(starts_word("vulnerabilities", "vulnerabilit"));
        assert!(!starts_word("indecision", "decision"));
        assert!(starts_word("«conduct» rules", "conduct"));
        assert!(starts_word("indecision, then decision", "decision"));
        assert!(starts_word("code of conduct", "code of conduct"));
        assert!(!starts_word("", "x"));
    }

    #[test]
    fn area_ids_are_unique_and_kebab_case() {
        let ids: BTreeSet<&str> = AREAS.iter().map(|a| a.id).collect();
        assert_eq!(ids.len(), AREAS.len());
        assert_eq!(AREAS.len(), 10);
        for a in AREAS {
            assert!(
                a.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                a.id
            );
            assert!(
                a.keywords.iter().all(|k| *k == k.to_lowercase()),
                "{}",
                a.id
            );
        }
    }
}
