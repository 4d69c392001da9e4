//! The doc page's template context: the rendered body with its table of
//! contents, breadcrumbs from the table of contents, ownership, authorship
//! and review facts, pathway badges and backlinks.

use crate::model::{Entity, urls};

use super::ctx::*;
use super::{Builder, toc};

pub(super) fn doc_page(b: &Builder<'_, '_>, page: &mut PageCtx, d: usize) -> &'static str {
    let inp = b.inp;
    let doc = &inp.hb.docs[d];
    if doc.url == urls::HOME {
        page.kind = "home";
    }
    page.description = doc.description.clone();
    page.content = b.unit_html(doc.unit);
    page.toc = toc(inp, doc.unit);
    for n in inp.nav.chain(d).iter().rev().skip(1).rev() {
        if let Some(nd) = n.doc {
            page.breadcrumbs
                .push(b.link(&n.title, &inp.hb.docs[nd].url));
        } else {
            page.breadcrumbs.push(Link {
                title: n.title.clone(),
                url: String::new(),
            });
        }
    }
    page.backlinks = b.backlinks(Entity::Item(crate::model::doc::ID, d));
    page.pathways = pathways(b, d);
    page.meta = MetaCtx {
        owners: inp.gov.docs()[d]
            .owners
            .iter()
            .map(|&r| b.entity(Entity::Item(crate::model::role::ID, r)))
            .collect(),
        authors: inp.gov.docs()[d]
            .authors
            .iter()
            .map(|h| b.holder(h))
            .collect(),
        status: doc.status.clone(),
        last_reviewed: doc.last_reviewed.as_ref().map(|r| r.value.clone()),
        next_review: next_review(doc),
        last_updated: inp.last_updated.get(&doc.src).cloned(),
        date: doc.date.clone(),
        tags: doc.tags.clone(),
        contributors: b.contributors(&doc.src),
    };
    if let Some(l) = &doc.license {
        page.license = Some(l.clone());
    }
    let mut authors: Vec<String> = (page.meta.authors.iter()).map(|a| a.name.clone()).collect();
    if authors.is_empty() {
        authors = page
            .meta
            .contributors
            .iter()
            .map(|a| a.name.clone())
            .collect();
    }
    let date = page.meta.last_updated.clone();
    page.citation = Some(super::cite::cite(inp, page, authors, date));
    page.edit_url = b.edit_url(&doc.src).filter(|_| !doc.generated);
    page.banner = super::decision::banner(b, d);
    page.decisions = (inp.gov.docs()[d].decisions.iter())
        .map(|&i| super::decision::row(b, i))
        .collect();
    "doc.html"
}

/// The journeys whose steps lead to doc `d`, one badge each, with the
/// stages in the order the journey reaches them.
fn pathways(b: &Builder<'_, '_>, d: usize) -> Vec<Badge> {
    let hb = b.inp.hb;
    let mut out: Vec<(usize, Badge)> = Vec::new();
    for &(j, s) in &b.inp.gov.docs()[d].pathways {
        let i = match out.iter().position(|(k, _)| *k == j) {
            Some(i) => i,
            None => {
                out.push((
                    j,
                    Badge {
                        journey: hb.journeys[j].title.clone(),
                        url: format!("{}{}", b.root, crate::url::encode_path(&hb.journeys[j].url)),
                        stages: Vec::new(),
                    },
                ));
                out.len() - 1
            }
        };
        if !out[i]
            .1
            .stages
            .iter()
            .any(|st| st.id == hb.config.stages[s].id)
        {
            out[i].1.stages.push(b.stage(s));
        }
    }
    out.into_iter().map(|(_, badge)| badge).collect()
}

pub(super) fn next_review(doc: &crate::model::Doc) -> Option<String> {
    let last = crate::lint::parse_date(&doc.last_reviewed.as_ref()?.value)?;
    let every = crate::lint::parse_interval(&doc.review_every.as_ref()?.value)?;
    Some(crate::lint::civil_from_days(last + every))
}

/// The doc kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::doc::DocKind
    }
    fn template(&self, _item: Option<usize>) -> &'static str {
        "doc.html"
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, item: Option<usize>) -> &'static str {
        match item {
            Some(d) => doc_page(b, page, d),
            None => "doc.html",
        }
    }
}
