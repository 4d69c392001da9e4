//! The governance health page (`health.html`): the report of
//! [`crate::health`] with links to its evidence; and the home page's "How
//! we govern" card, picked from the same evidence.

use super::ctx::{Link, PageCtx};
use super::ctx_health::{EvidenceCtx, GovernCardCtx, HealthAreaCtx, HealthCtx};
use super::{Builder, Inputs};
use crate::health::{AreaReport, Report, Status, Via};
use crate::i18n::fill;

/// Evidence listed per area on the page before "and N more".
const SHOWN: usize = 8;

/// Fill the health page's context; returns its template.
pub(super) fn health_page(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let r = b.inp.health();
    page.kind = "health";
    page.description = b.inp.tr("health.intro").to_string();
    let count = |s: Status| r.areas.iter().filter(|a| a.status == s).count();
    let areas = r.areas.iter().map(|a| area_ctx(b, a));
    let f = &r.freshness;
    let l = &r.leadership;
    let s = |n: usize| n.to_string();
    let summary = fill(
        b.inp.tr("health.summary"),
        &[
            ("complete", &s(count(Status::Complete))),
            ("partial", &s(count(Status::Partial))),
            ("missing", &s(count(Status::Missing))),
        ],
    );
    let leadership_text = fill(
        b.inp.tr("health.leadership_text"),
        &[
            ("roles", &s(l.roles.len())),
            ("with_term", &s(l.with_term.len())),
            ("leaders", &s(l.leaders)),
            ("emeritus", &s(l.emeritus)),
        ],
    );
    let employers = (l.employers.iter())
        .map(|e| {
            fill(
                b.inp.tr("health.employer"),
                &[
                    ("name", &e.name),
                    ("leaders", &s(e.leaders)),
                    ("of", &s(e.of)),
                ],
            )
        })
        .collect();
    let freshness_text = fill(
        b.inp.tr("health.freshness_text"),
        &[
            ("overdue", &s(f.overdue.len())),
            ("docs", &s(f.docs)),
            ("percent", &s(f.overdue_percent)),
            ("without_owners", &s(f.without_owners.len())),
        ],
    );
    page.health = Some(HealthCtx {
        summary,
        leadership_text,
        employers,
        freshness_text,
        complete: count(Status::Complete),
        partial: count(Status::Partial),
        missing: count(Status::Missing),
        areas: areas.collect(),
        leadership_roles: r.leadership.roles.len(),
        with_term: r.leadership.with_term.len(),
        leaders: r.leadership.leaders,
        emeritus: r.leadership.emeritus,
        docs: f.docs,
        overdue: f.overdue.iter().map(|o| b.link(&o.title, &o.url)).collect(),
        overdue_percent: f.overdue_percent,
        oldest_review: f.oldest_review.as_ref().map(|o| b.link(&o.title, &o.url)),
        oldest_review_date: f.oldest_review.as_ref().map(|o| o.last_reviewed.clone()),
        without_owners: f.without_owners.len(),
    });
    "health.html"
}

/// One area of the report as the page shows it (evidence capped at
/// [`SHOWN`], "and N more" after).
fn area_ctx(b: &Builder<'_, '_>, a: &AreaReport) -> HealthAreaCtx {
    HealthAreaCtx {
        id: a.id.clone(),
        title: a.title.clone(),
        status: a.status.as_str(),
        evidence: (a.evidence.iter().take(SHOWN))
            .map(|e| EvidenceCtx {
                title: e.title.clone(),
                url: b.link(&e.title, &e.url).url,
                kind: e.kind,
                via: via(e.via),
            })
            .collect(),
        more: (a.evidence.len() > SHOWN).then(|| {
            let n = (a.evidence.len() - SHOWN).to_string();
            fill(b.inp.tr("health.more"), &[("count", &n)])
        }),
        add: a.add.clone(),
    }
}

fn via(v: Via) -> &'static str {
    match v {
        Via::Covers => "covers",
        Via::Keyword => "keyword",
        Via::Data => "data",
    }
}

/// Links to at most three pieces of evidence of `area`, tagged ones first.
fn picks(b: &Builder<'_, '_>, r: &Report, area: &str, kinds: &[&str]) -> Vec<Link> {
    let Some(a) = r.areas.iter().find(|a| a.id == area) else {
        return Vec::new();
    };
    (a.evidence.iter())
        .filter(|e| kinds.contains(&e.kind))
        .take(3)
        .map(|e| b.link(&e.title, &e.url))
        .collect()
}

/// The "How we govern" card of the home page.
pub(super) fn govern_card(b: &Builder<'_, '_>, inp: &Inputs<'_>) -> Option<GovernCardCtx> {
    let r = inp.health();
    let lead = crate::lint::leadership::leadership_roles(inp.hb, inp.gov);
    // Who leads: the groups at the top of the organisation that have a
    // lead, then the leadership roles.
    let mut tops: Vec<_> = (inp.hb.groups.iter().zip(inp.gov.groups()))
        .filter(|(g, r)| r.parent.is_none() && g.members.iter().any(|m| m.lead && m.current()))
        .filter(|(g, _)| g.status.as_ref().is_none_or(|s| s.value != "archived"))
        .collect();
    // The group with the most sub-groups first (a steering committee).
    tops.sort_by_cached_key(|(g, r)| (std::cmp::Reverse(r.children.len()), g.title.to_lowercase()));
    let top_groups = tops.into_iter().map(|(g, _)| b.link(&g.title, &g.url));
    let card = GovernCardCtx {
        decide: picks(b, r, "decision-making", &["doc", "decision"]),
        lead: top_groups
            .chain(
                lead.iter()
                    .map(|&i| b.link(&inp.hb.roles[i].title, &inp.hb.roles[i].url)),
            )
            .take(3)
            .collect(),
        join: picks(b, r, "contributor-guide", &["journey", "doc"]),
        talk: picks(b, r, "communication", &["doc", "group"]),
    };
    (!card.is_empty()).then_some(card)
}
