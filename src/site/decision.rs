//! The decision kind's pages: one page per decision record (a header card
//! with status, dates, deciders, vote tally and supersession chain), the
//! decisions index (grouped by status with counts, then by year, with the
//! supersession graph), the decision rows docs and roles show, and a doc's
//! status banner.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::decision::{Party, date, statuses};
use crate::model::{Entity, Handbook};

use super::ctx::*;
use super::ctx_decision::*;
use super::{Builder, decision_graph, toc};

/// Decisions in reading order: by number, then by date, then by id.
pub(super) fn sorted(hb: &Handbook) -> Vec<usize> {
    let mut v: Vec<usize> = (0..hb.decisions.len()).collect();
    v.sort_by_cached_key(|&i| {
        let d = &hb.decisions[i];
        let n = d.number.as_ref().and_then(|n| n.parse::<u64>().ok());
        (n.is_none(), n, date(d).map(str::to_string), d.id.clone())
    });
    v
}

/// Decision `i` as a row of a list, linked from the page being built.
pub(super) fn row(b: &Builder<'_, '_>, i: usize) -> DecisionRow {
    let d = &b.inp.hb.decisions[i];
    let when = date(d).map(str::to_string);
    DecisionRow {
        title: d.title.clone(),
        url: b.link(&d.title, &d.url).url,
        number: d.number.clone(),
        status: d.status.clone(),
        year: when
            .as_ref()
            .and_then(|w| w.get(..4))
            .filter(|y| y.bytes().all(|c| c.is_ascii_digit()))
            .map(str::to_string),
        date: when,
    }
}

fn party(b: &Builder<'_, '_>, p: &Party) -> Holder {
    match p {
        Party::Role(r) => {
            let l = b.entity(Entity::Item(crate::model::role::ID, *r));
            Holder {
                name: l.title,
                url: Some(l.url),
            }
        }
        Party::Person(p) => b.holder(&crate::model::Holder::Person(*p)),
        Party::Group(g) => {
            let l = b.entity(Entity::Item(crate::model::group::ID, *g));
            Holder {
                name: l.title,
                url: Some(l.url),
            }
        }
        Party::Name(n) => Holder {
            name: n.clone(),
            url: None,
        },
    }
}

/// The supersession chain through decision `i`: its predecessors (first
/// `supersedes` link, repeatedly), itself, its successors; cycles stop it.
fn chain(b: &Builder<'_, '_>, i: usize) -> Vec<ChainItem> {
    let gov = b.inp.gov;
    let mut seen = BTreeSet::from([i]);
    let mut back = Vec::new();
    let mut cur = i;
    while let Some(&p) = gov.decisions()[cur].supersedes.first() {
        if !seen.insert(p) {
            break;
        }
        back.push(p);
        cur = p;
    }
    let mut fwd = Vec::new();
    cur = i;
    while let Some(&n) = gov.decisions()[cur].superseded_by.first() {
        if !seen.insert(n) {
            break;
        }
        fwd.push(n);
        cur = n;
    }
    back.reverse();
    let hb = b.inp.hb;
    (back.into_iter().chain([i]).chain(fwd))
        .map(|x| ChainItem {
            title: hb.decisions[x].title.clone(),
            url: b.link("", &hb.decisions[x].url).url,
            status: hb.decisions[x].status.clone(),
            current: x == i,
        })
        .collect()
}

pub(super) fn decision_page(b: &Builder<'_, '_>, page: &mut PageCtx, i: usize) -> &'static str {
    let inp = b.inp;
    let (hb, gov) = (inp.hb, inp.gov);
    let d = &hb.decisions[i];
    let r = &gov.decisions()[i];
    page.kind = "decision";
    page.description = d.description.clone();
    page.content = super::role::strip_leading_h1(&b.unit_html(d.unit)).to_string();
    page.toc = toc(inp, d.unit);
    page.breadcrumbs
        .push(b.link(inp.tr("decisions.title"), crate::model::decision::INDEX_URL));
    page.backlinks = b.backlinks(Entity::Item(crate::model::decision::ID, i));
    page.edit_url = b.edit_url(&d.src);
    page.meta.last_updated = inp.last_updated.get(&d.src).cloned();
    let links = |v: &[usize]| -> Vec<Link> {
        v.iter()
            .map(|&x| b.entity(Entity::Item(crate::model::decision::ID, x)))
            .collect()
    };
    let parties = |v: &[Party]| v.iter().map(|p| party(b, p)).collect();
    let vote = d.vote.as_ref().map(|v| VoteCtx {
        yes: v.yes,
        against: v.against,
        abstain: v.abstain,
        total: v.yes.saturating_add(v.against).saturating_add(v.abstain),
        ballots: (r.ballots.iter())
            .map(|(h, c)| Ballot {
                who: b.holder(h),
                choice: c.clone(),
            })
            .collect(),
    });
    let affects = (r
        .docs
        .iter()
        .map(|&x| Entity::Item(crate::model::doc::ID, x)))
    .chain(
        r.roles
            .iter()
            .map(|&x| Entity::Item(crate::model::role::ID, x)),
    )
    .map(|e| {
        let l = b.entity(e);
        KindLink {
            title: l.title,
            url: l.url,
            kind: e.kind(),
        }
    })
    .collect();
    page.decision = Some(DecisionCtx {
        id: d.id.clone(),
        number: d.number.clone(),
        status: d.status.clone(),
        status_written: d.status_written.clone(),
        proposed: d.proposed.as_ref().map(|x| x.value.clone()),
        decided: d.decided.as_ref().map(|x| x.value.clone()),
        proposers: r.proposers.iter().map(|h| b.holder(h)).collect(),
        deciders: parties(&r.deciders),
        consulted: parties(&r.consulted),
        informed: parties(&r.informed),
        vote,
        chain: chain(b, i),
        supersedes: links(&r.supersedes),
        superseded_by: links(&r.superseded_by),
        relates: links(&r.relates),
        affects,
        discussion: d.discussion.clone(),
        resolution: d.resolution.clone(),
        tags: d.tags.clone(),
        extra: super::role::extra_pairs(&d.extra),
    });
    "decision.html"
}

pub(super) fn decisions_index(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let inp = b.inp;
    let hb = inp.hb;
    page.kind = "decisions";
    page.description = inp
        .md
        .strings
        .fill("decisions.description", &[("handbook", &hb.config.title)]);
    if let Some(u) = hb.decisions_intro {
        page.content = super::role::strip_leading_h1(&b.unit_html(u)).to_string();
    }
    page.backlinks = b.backlinks(Entity::Intro(crate::model::decision::ID));
    let order = sorted(hb);
    let rows: Vec<DecisionRow> = order.iter().map(|&i| row(b, i)).collect();
    // Configured statuses in their order, then any status written otherwise.
    let mut keys: Vec<String> = statuses(&hb.config).iter().map(|s| s.to_string()).collect();
    for r in &rows {
        if !keys.contains(&r.status) {
            keys.push(r.status.clone());
        }
    }
    let groups = keys
        .into_iter()
        .map(|k| DecisionGroup {
            decisions: rows.iter().filter(|r| r.status == k).cloned().collect(),
            id: crate::slug::slugify(&k),
            key: k,
        })
        .filter(|g| !g.decisions.is_empty())
        .collect();
    let mut by_year: BTreeMap<String, Vec<DecisionRow>> = BTreeMap::new();
    for r in &rows {
        if let Some(y) = &r.year {
            by_year.entry(y.clone()).or_default().push(r.clone());
        }
    }
    let years = (by_year.into_iter().rev())
        .map(|(key, decisions)| DecisionGroup {
            id: crate::slug::slugify(&key),
            key,
            decisions,
        })
        .collect();
    page.decisions_index = Some(DecisionsIndexCtx {
        groups,
        years,
        graph: decision_graph::svg(hb, inp.gov, &b.root, inp.md.strings),
    });
    "decisions.html"
}

/// The banner of doc `d`: its status when that is not in force, or an
/// overdue review; with the successor, when one is known.
pub(super) fn banner(b: &Builder<'_, '_>, d: usize) -> Option<BannerCtx> {
    let inp = b.inp;
    let doc = &inp.hb.docs[d];
    let due = super::doc::next_review(doc);
    let kind = match doc.status.as_deref() {
        Some("draft") => "draft",
        Some("proposed") => "proposed",
        Some("deprecated") => "deprecated",
        Some("archived") => "archived",
        _ => {
            let day = due.as_deref().and_then(crate::lint::parse_date)?;
            if inp.today.is_none_or(|t| day >= t) {
                return None;
            }
            "overdue"
        }
    };
    Some(BannerCtx {
        kind,
        due: due.filter(|_| kind == "overdue"),
        successor: successor(b, d),
    })
}

/// What replaces doc `d`: its `superseded_by:` doc, else the successor of
/// a superseded decision that affects it.
fn successor(b: &Builder<'_, '_>, d: usize) -> Option<Link> {
    let gov = b.inp.gov;
    if let Some(s) = gov.docs()[d].superseded_by {
        return Some(b.entity(Entity::Item(crate::model::doc::ID, s)));
    }
    let hb = b.inp.hb;
    gov.docs()[d]
        .decisions
        .iter()
        .filter(|&&x| hb.decisions[x].status == "superseded")
        .find_map(|&x| gov.decisions()[x].superseded_by.first())
        .map(|&n| b.entity(Entity::Item(crate::model::decision::ID, n)))
}

/// The decision kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::decision::DecisionKind
    }
    /// Decisions by number, then date (see [`sorted`]).
    fn order(&self, inp: &super::Inputs<'_>) -> Vec<usize> {
        sorted(inp.hb)
    }
    fn template(&self, item: Option<usize>) -> &'static str {
        match item {
            Some(_) => "decision.html",
            None => "decisions.html",
        }
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, item: Option<usize>) -> &'static str {
        match item {
            Some(i) => decision_page(b, page, i),
            None => decisions_index(b, page),
        }
    }
}
