//! The glossary page's template context: every term, sorted, with its
//! definition, related terms and backlinks.

use crate::model::Entity;

use super::Builder;
use super::ctx::*;

pub(super) fn glossary_page(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let inp = b.inp;
    let hb = inp.hb;
    page.kind = "glossary";
    page.description = inp
        .md
        .strings
        .fill("glossary.description", &[("handbook", &hb.config.title)]);
    let mut order: Vec<usize> = (0..hb.terms.len()).collect();
    order.sort_by_cached_key(|&i| hb.terms[i].name.to_lowercase());
    let mut seen = std::collections::BTreeSet::new();
    order.retain(|&i| seen.insert(hb.terms[i].anchor.clone()));
    page.glossary = Some(
        order
            .into_iter()
            .map(|i| {
                let t = &hb.terms[i];
                TermCtx {
                    name: t.name.clone(),
                    anchor: t.anchor.clone(),
                    aliases: t.aliases.clone(),
                    definition: b.unit_html(t.definition),
                    related: inp.gov.terms()[i]
                        .related
                        .iter()
                        .map(|&r| b.entity(Entity::Item(crate::model::term::ID, r)))
                        .collect(),
                    backlinks: b.backlinks(Entity::Item(crate::model::term::ID, i)),
                }
            })
            .collect(),
    );
    page.toc = Vec::new();
    "glossary.html"
}

/// The term kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::term::TermKind
    }
    fn own_pages(&self) -> bool {
        false
    }
    /// The glossary shows `glossary.yml`.
    fn source<'a>(&self, inp: &super::Inputs<'a>, _item: Option<usize>) -> Option<&'a str> {
        inp.hb.terms.first().map(|t| t.span.file.as_str())
    }
    fn template(&self, _item: Option<usize>) -> &'static str {
        "glossary.html"
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, _item: Option<usize>) -> &'static str {
        glossary_page(b, page)
    }
}
