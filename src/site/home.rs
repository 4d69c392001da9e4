//! The generated landing page (when no doc takes `index.html`): what the
//! community is, a first step, "find your way in" by stage (the journeys
//! that start at each stage and the roles held there), the top-level
//! sections and the pages changed most recently. Every block is filled from
//! the handbook's data and left out when it would be empty, so a handbook
//! of plain docs gets a clean page too. Top-level groups (with how to join
//! them) and the latest decisions are listed when the handbook has them.

use std::cell::RefCell;

use crate::model::{Entity, urls};

use super::ctx::*;
use super::{Builder, Inputs, Page, Scratch};

/// How many recently changed pages the landing page lists.
const RECENT: usize = 5;

pub(super) fn home_page(inp: &Inputs<'_>, scratch: &RefCell<Scratch>) -> Page {
    let b = Builder {
        inp,
        path: urls::HOME.into(),
        root: String::new(),
        scratch,
    };
    let hb = inp.hb;
    let mut page = b.base_page("home", hb.config.title.clone(), None);
    page.breadcrumbs.clear();
    page.description = hb.config.description.clone();
    let first_doc = inp
        .nav
        .order
        .first()
        .map(|&d| b.entity(Entity::Item(crate::model::doc::ID, d)));
    let first_journey =
        (!hb.journeys.is_empty()).then(|| b.entity(Entity::Item(crate::model::journey::ID, 0)));
    page.next = first_doc.clone();
    let explore = if hb.journeys.is_empty() {
        None
    } else {
        let (title, url) = b.inp.index_page(&crate::model::journey::KIND);
        Some(b.link(&title, &url))
    };
    page.home = Some(HomeCtx {
        stages: stages(&b),
        sections: sections(&b),
        // The first doc is the way in; a handbook of journeys alone starts
        // with its first journey.
        start: first_doc.or(first_journey),
        explore,
        recent: recent(&b),
        groups: groups(&b),
        decisions: decisions(&b),
        govern: super::health::govern_card(&b, inp),
    });
    Page {
        path: urls::HOME.into(),
        template: "home.html",
        site: b.site(),
        page,
    }
}

/// How many groups and decisions the landing page lists.
const LISTED: usize = 6;

/// Top-level groups that are not archived, in chart order, each with its
/// way in.
fn groups(b: &Builder<'_, '_>) -> Vec<HomeGroup> {
    let (hb, gov) = (b.inp.hb, b.inp.gov);
    super::orgchart::roots(hb, gov)
        .into_iter()
        .filter(|&g| {
            hb.groups[g]
                .status
                .as_ref()
                .is_none_or(|s| s.value != "archived")
        })
        .take(LISTED)
        .map(|g| {
            let l = b.entity(Entity::Item(crate::model::group::ID, g));
            HomeGroup {
                title: l.title,
                url: l.url,
                summary: hb.groups[g].summary.clone(),
                join: gov.groups()[g]
                    .join
                    .map(|e| crate::resolve::title_of(hb, e).to_string())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The most recently decided (or proposed) decisions, newest first.
fn decisions(b: &Builder<'_, '_>) -> Vec<Dated> {
    let hb = b.inp.hb;
    let mut dated: Vec<(usize, &str)> = (hb.decisions.iter().enumerate())
        .filter_map(|(i, d)| crate::model::decision::date(d).map(|date| (i, date)))
        .collect();
    dated.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(&b.0)));
    dated
        .into_iter()
        .take(LISTED)
        .map(|(i, date)| {
            let l = b.entity(Entity::Item(crate::model::decision::ID, i));
            Dated {
                title: l.title,
                url: l.url,
                date: date.to_string(),
            }
        })
        .collect()
}

/// One card per stage, each with the journeys whose first stage it is and
/// the roles at it; none at all when no stage has either.
fn stages(b: &Builder<'_, '_>) -> Vec<HomeStage> {
    let (hb, gov) = (b.inp.hb, b.inp.gov);
    let starts_at = |j: usize| gov.journeys()[j].stage_idx.iter().flatten().next().copied();
    let cards: Vec<HomeStage> = (0..hb.config.stages.len())
        .map(|s| HomeStage {
            number: s + 1,
            stage: b.stage(s),
            journeys: (0..hb.journeys.len())
                .filter(|&j| starts_at(j) == Some(s))
                .map(|j| {
                    let l = b.entity(Entity::Item(crate::model::journey::ID, j));
                    HomeJourney {
                        title: l.title,
                        url: l.url,
                        persona: hb.journeys[j].persona.name.clone(),
                    }
                })
                .collect(),
            roles: super::role::sorted(b.inp)
                .into_iter()
                .filter(|&r| gov.roles()[r].stage == Some(s))
                .map(|r| b.entity(Entity::Item(crate::model::role::ID, r)))
                .collect(),
        })
        .collect();
    if cards
        .iter()
        .all(|c| c.journeys.is_empty() && c.roles.is_empty())
    {
        return Vec::new();
    }
    cards
}

/// The top level of the sidebar that has pages, with their descriptions.
fn sections(b: &Builder<'_, '_>) -> Vec<HomeSection> {
    let hb = b.inp.hb;
    b.inp
        .nav
        .roots
        .iter()
        .filter_map(|n| {
            let d = n.first_doc()?;
            let l = b.link(&n.title, &hb.docs[d].url);
            Some(HomeSection {
                title: l.title,
                url: l.url,
                // A folder without a page of its own has no description.
                description: n
                    .doc
                    .map(|d| hb.docs[d].description.clone())
                    .unwrap_or_default(),
                pages: count_pages(n),
            })
        })
        .collect()
}

/// How many pages a sidebar entry holds, itself included.
fn count_pages(n: &crate::nav::NavNode) -> usize {
    usize::from(n.doc.is_some()) + n.children.iter().map(count_pages).sum::<usize>()
}

/// The docs changed most recently (by their last commit), newest first.
fn recent(b: &Builder<'_, '_>) -> Vec<Dated> {
    let hb = b.inp.hb;
    let mut dated: Vec<(&String, usize)> = (0..hb.docs.len())
        .filter(|&d| hb.docs[d].url != urls::HOME)
        .filter_map(|d| b.inp.last_updated.get(&hb.docs[d].src).map(|t| (t, d)))
        .collect();
    // Newest first; ties in reading order of the sources.
    dated.sort_by(|a, b| b.0.cmp(a.0).then(hb.docs[a.1].src.cmp(&hb.docs[b.1].src)));
    dated
        .into_iter()
        .take(RECENT)
        .map(|(date, d)| {
            let l = b.entity(Entity::Item(crate::model::doc::ID, d));
            Dated {
                title: l.title,
                url: l.url,
                date: date.clone(),
            }
        })
        .collect()
}
