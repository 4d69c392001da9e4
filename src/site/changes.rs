//! The recent changes page (`recent-changes.html`): the latest commits that
//! changed the handbook, from the one `git log` pass ([`crate::credit`]),
//! each with its date, subject, author (a person when known) and the pages
//! it changed, linked. Made only when git gave a history and no doc of the
//! handbook already has that URL.

use std::collections::HashMap;

use crate::model::{Entity, urls};

use super::Builder;
use super::ctx::{ChangeRow, Link};

/// Whether the site has a recent changes page: once per build, into
/// [`super::Inputs::changes_page`] (every page's header links to it).
pub(crate) fn present(hb: &crate::model::Handbook, credits: &crate::credit::Credits) -> bool {
    !credits.recent.is_empty()
        && !(hb.docs.iter()).any(|d| d.url.eq_ignore_ascii_case(urls::RECENT_CHANGES))
}

/// The page each source file is shown on.
fn pages_by_src<'a>(b: &Builder<'a, '_>) -> HashMap<&'a str, Entity> {
    let hb = b.inp.hb;
    let mut m: HashMap<&str, Entity> = HashMap::new();
    for pk in super::page_kind::PAGE_KINDS
        .iter()
        .filter(|pk| pk.own_pages())
    {
        let id = pk.kind().info().id;
        for i in 0..pk.kind().count(hb) {
            if let Some(f) = pk.own_file(b.inp, i) {
                m.insert(f, Entity::Item(id, i));
            }
        }
    }
    m
}

/// One row per commit, newest first.
pub(super) fn rows(b: &Builder<'_, '_>) -> Vec<ChangeRow> {
    let hb = b.inp.hb;
    let by_src = pages_by_src(b);
    // people.yml and glossary.yml are shown on one page each.
    let shared = |f: &str| {
        let kind = match f {
            "people.yml" | "people.yaml" if !hb.people.is_empty() => &crate::model::person::KIND,
            "glossary.yml" | "glossary.yaml" if !hb.terms.is_empty() => &crate::model::term::KIND,
            _ => return None,
        };
        let (title, url) = b.inp.index_page(kind);
        Some(b.link(&title, &url))
    };
    b.inp
        .credits
        .recent
        .iter()
        .map(|c| {
            let mut pages: Vec<Link> = Vec::new();
            for f in &c.files {
                let l = match by_src.get(f.as_str()) {
                    Some(&e) => Some(b.entity(e)),
                    None => shared(f),
                };
                if let Some(l) = l.filter(|l| !pages.contains(l)) {
                    pages.push(l);
                }
            }
            ChangeRow {
                id: anchor(&c.hash),
                date: c.date.clone(),
                subject: c.subject.clone(),
                author: b.holder(&c.author),
                pages,
            }
        })
        .collect()
}

/// The anchor of a commit on the recent changes page.
pub(crate) fn anchor(hash: &str) -> String {
    format!("c-{hash}")
}
