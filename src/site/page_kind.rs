//! The site side of the kind registry: one [`PageKind`] per entity kind,
//! in the order of [`crate::model::KINDS`] (a unit test checks), saying
//! which pages the kind has, in reading order, which templates they use and
//! how each is built. Each implementation lives in the kind's page module
//! (`site/role.rs`, …); [`super::PageId`] names a page by kind, so page
//! lists, titles, templates and builders iterate this table. Adding a kind
//! with pages is its module plus one line in [`PAGE_KINDS`].

use super::ctx::PageCtx;
use super::{Builder, Inputs};
use crate::model::{Kind, KindId};

/// Everything site assembly asks of an entity kind's pages.
pub(crate) trait PageKind: Sync {
    /// The model kind.
    fn kind(&self) -> &'static dyn Kind;
    /// Whether each entity has a page of its own (glossary terms are
    /// anchors on the glossary page).
    fn own_pages(&self) -> bool {
        true
    }
    /// The entities with pages, in reading order (after the index page).
    fn order(&self, inp: &Inputs<'_>) -> Vec<usize> {
        if self.own_pages() {
            (0..self.kind().count(inp.hb)).collect()
        } else {
            Vec::new()
        }
    }
    /// The template of the index page (`None`) or an entity's page.
    fn template(&self, item: Option<usize>) -> &'static str;
    /// Fill the page context of the index page (`None`) or an entity's
    /// page; returns its template.
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, item: Option<usize>) -> &'static str;
    /// The source file whose text the page shows, if it has one.
    fn source<'a>(&self, inp: &Inputs<'a>, item: Option<usize>) -> Option<&'a str> {
        item.and_then(|i| self.kind().src(inp.hb, i))
    }
    /// The file that only entity `i`'s page shows (recent changes link it
    /// there), if there is one.
    fn own_file<'a>(&self, inp: &Inputs<'a>, i: usize) -> Option<&'a str> {
        self.kind().src(inp.hb, i)
    }
}

/// Every kind's pages, in the order of [`crate::model::KINDS`].
pub(crate) const PAGE_KINDS: &[&dyn PageKind] = &[
    &super::doc::Pages,
    &super::role::Pages,
    &super::group::Pages,
    &super::journey::Pages,
    &super::term::Pages,
    &super::person::Pages,
    &super::decision::Pages,
];

/// The pages of kind `k`.
pub(crate) fn of(k: KindId) -> &'static dyn PageKind {
    PAGE_KINDS[k.slot()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_kinds_follow_the_model_registry() {
        let model: Vec<_> = crate::model::KINDS.iter().map(|k| k.info().name).collect();
        let site: Vec<_> = PAGE_KINDS.iter().map(|k| k.kind().info().name).collect();
        assert_eq!(model, site);
    }
}
