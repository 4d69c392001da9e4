//! The registry of entity kinds: one [`Kind`] implementation per kind, in
//! the order pages, `handbook.json` and the search index list them.
//! Everything a later stage needs to know about a kind (its name, its index
//! page, an entity's page, URL, title, export record, search entry, how ids
//! name one) comes through the trait, implemented in the kind's own module;
//! the stages iterate [`KINDS`] and never match on kinds. Adding a kind is
//! its module plus one line in [`KINDS`].

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::value::RawValue;

use super::governance::{Lookup, Records};
use super::{Entity, Governance, Handbook, UnitId};
use crate::code::Code;

/// A page that lists all entities of a kind (or, for terms,
/// shows them all as anchors).
#[derive(Debug, Clone, Copy)]
pub struct IndexPage {
    /// Root-relative URL (from [`super::urls`]).
    pub url: &'static str,
    /// Key of its title in the UI strings (`roles.title`), shown in
    /// breadcrumbs and the site's governance links.
    pub title_key: &'static str,
    /// What the page is, in "two things want this URL" diagnostics.
    pub what: &'static str,
    /// Its title in link texts to its intro ("Roles").
    pub title: &'static str,
}

/// Which kind an [`Entity`] is: the kind's place in [`KINDS`] and its rank,
/// the order entities of different kinds sort in (backlink lists, which
/// keep the order they always had: doc, role, journey, term, person,
/// group, decision). Each kind's module declares its `ID`; a unit test
/// checks that the two agree with the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KindId {
    rank: u8,
    slot: u8,
}

impl KindId {
    /// The id of the kind at `slot` in [`KINDS`], sorting at `rank`.
    pub(crate) const fn new(rank: u8, slot: u8) -> KindId {
        KindId { rank, slot }
    }

    /// The kind's implementation.
    pub(crate) fn kind(self) -> &'static dyn Kind {
        KINDS[self.slot as usize]
    }

    /// The kind's place in [`KINDS`].
    pub(crate) fn slot(self) -> usize {
        self.slot as usize
    }
}

/// What the pipeline knows about an entity kind in general.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    pub(crate) id: KindId,
    /// `doc`, `role`, `journey`, `term`, `person`: in `handbook.json` link
    /// targets, search records and backlinks.
    pub name: &'static str,
    /// The CSS class of a cross-reference to one (`xref xref-role`).
    pub xref_class: &'static str,
    /// When the kind's references are resolved, relative to the others:
    /// the order of inverse edges (a group's roles, a doc's decisions)
    /// follows it.
    pub resolve_order: u8,
    /// Where the build's summary line counts the kind.
    pub summary_order: u8,
    /// `docs`, `roles`, …: the kind's list in `handbook.json`.
    pub plural: &'static str,
    /// The folder its files sit in, if it has one (`roles/*.md`).
    pub folder: Option<crate::source::FolderRule>,
    /// The kind's index page, if it has one.
    pub index: Option<IndexPage>,
}

/// How references name entities of a kind by id (`[[group:x]]`,
/// `reports_to: x`); kinds without it are found by path or name only.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdRefs {
    /// Reported for an id that names nothing.
    pub unknown: Code,
    /// What `[[kind:x]]` looked for ("id", "id or number").
    pub what: &'static str,
    /// Help under a structured reference (`owners:`) that names nothing.
    pub help: &'static str,
    /// Help under a `[[kind:x]]` that names nothing (else "check the … id").
    pub wiki_help: Option<&'static str>,
    /// Whether a bare `[[x]]` may name one.
    pub bare: bool,
}

/// One kind's lookup tables, filled by [`Kind::index`].
#[derive(Debug, Default)]
pub(crate) struct IdTable<'a> {
    /// Id → entity.
    pub ids: HashMap<&'a str, usize>,
    /// Other names ([`Kind::lookup`] decides how they are spelled).
    pub aliases: HashMap<&'a str, usize>,
    /// Source path → entity, for links by path.
    pub paths: HashMap<&'a str, usize>,
}

/// Everything the shared stages ask of an entity kind. `i` is the entity's
/// index in the kind's list in [`Handbook`].
pub(crate) trait Kind: Sync {
    /// The kind's registry facts.
    fn info(&self) -> &'static KindInfo;
    /// How many entities of the kind the handbook has.
    fn count(&self, hb: &Handbook) -> usize;
    /// The page the entity is shown on (terms share one).
    fn page<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str;
    /// The entity's URL from the site root (with the fragment of an anchor).
    fn url(&self, hb: &Handbook, i: usize) -> String {
        self.page(hb, i).to_string()
    }
    /// The entity's title, for link texts.
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str;
    /// What follows `kind:` in the entity's `handbook.json` id.
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str;
    /// The file the entity is written in, if it has a page of its own.
    fn src<'a>(&self, _hb: &'a Handbook, _i: usize) -> Option<&'a str> {
        None
    }
    /// The entity's own page URL, to shorten or move (owners), if it has one.
    fn own_url<'a>(&self, _hb: &'a mut Handbook, _i: usize) -> Option<&'a mut String> {
        None
    }
    /// The markdown unit that is the entity's page body (its anchors are the page's).
    fn body(&self, _hb: &Handbook, _i: usize) -> Option<UnitId> {
        None
    }
    /// The intro prose of the kind's index page (`roles/index.md`).
    fn intro(&self, _hb: &Handbook) -> Option<UnitId> {
        None
    }
    /// Other files the kind adds to the site (URL, what it is), for URL claims.
    fn extra_pages(&self, _hb: &Handbook) -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }
    /// Whether the handbook has the kind's index page: some entity or an intro.
    fn present(&self, hb: &Handbook) -> bool {
        self.count(hb) > 0 || self.intro(hb).is_some()
    }
    /// The hover title of a cross-reference to the entity.
    fn hover(&self, _hb: &Handbook, _i: usize) -> Option<String> {
        None
    }
    /// The kind's governance records before resolution (one per entity,
    /// for other kinds to fill in inverse edges).
    fn new_records(&self, hb: &Handbook) -> Box<dyn Records>;
    /// Resolve the kind's references into `g` (see [`Governance::resolve`]).
    fn resolve(&self, _hb: &Handbook, _g: &mut Governance, _look: &mut dyn Lookup) {}
    /// The kind's records in `handbook.json`, each as JSON, handed to
    /// `each` in order (written as they come: see [`EachRecord`]).
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        git: &super::doc::GitFacts<'_>,
        each: &mut EachRecord<'_>,
    );
    /// The entity's search entry; `doc_section` says where the table of
    /// contents puts doc `i`.
    fn search<'a>(
        &self,
        hb: &'a Handbook,
        gov: &Governance,
        i: usize,
        doc_section: &dyn Fn(usize) -> String,
    ) -> SearchEntry<'a>;
    /// How references name the kind's entities by id, if they can.
    fn id_refs(&self) -> Option<IdRefs> {
        None
    }
    /// Fill the kind's lookup tables.
    fn index<'a>(&self, _hb: &'a Handbook, _t: &mut IdTable<'a>) {}
    /// The entity an id names.
    fn lookup(&self, t: &IdTable<'_>, id: &str) -> Option<usize> {
        t.ids.get(id).copied()
    }
    /// The entity (or the index intro) a root-relative path names.
    fn by_path(&self, _hb: &Handbook, _t: &IdTable<'_>, _path: &str) -> Option<Entity> {
        None
    }
}

/// Where a kind's `handbook.json` records go, one by one: to the file
/// being written, so the records of a big handbook are never all held.
pub(crate) type EachRecord<'a> = dyn FnMut(serde_json::Result<Box<RawValue>>) + 'a;

/// A kind's records in `handbook.json`, one per entity made by `f`.
pub(crate) fn export_all<T: serde::Serialize>(
    n: usize,
    f: impl Fn(usize) -> T,
    each: &mut EachRecord<'_>,
) {
    for i in 0..n {
        each(serde_json::value::to_raw_value(&f(i)));
    }
}

/// `roles/<id>`, `roles/<id>.md` (what `strip` removes) → `<id>`, for kinds
/// whose files are named by id in their folder.
pub(crate) fn id_in_folder<'p>(path: &'p str, folder: &str, strip: &[&str]) -> Option<&'p str> {
    let mut id = path.strip_prefix(folder)?.strip_prefix('/')?;
    for s in strip {
        id = id.trim_end_matches(s);
    }
    Some(id)
}

/// Every entity kind, in site order.
pub(crate) const KINDS: &[&dyn Kind] = &[
    &super::doc::DocKind,
    &super::role::RoleKind,
    &super::group::GroupKind,
    &super::journey::JourneyKind,
    &super::term::TermKind,
    &super::person::PersonKind,
    &super::decision::DecisionKind,
];

/// The folders that hold kinds' files, for discovery.
pub(crate) fn folders() -> Vec<crate::source::FolderRule> {
    KINDS.iter().filter_map(|k| k.info().folder).collect()
}

/// The kinds in rank order (how their entities sort).
pub(crate) fn by_rank() -> Vec<&'static dyn Kind> {
    let mut v = KINDS.to_vec();
    v.sort_by_key(|k| k.info().id);
    v
}

/// The kind named `name` (`role`).
pub(crate) fn named(name: &str) -> Option<&'static dyn Kind> {
    KINDS.iter().copied().find(|k| k.info().name == name)
}

/// The index pages this handbook has, in site order.
pub(crate) fn index_pages(hb: &Handbook) -> impl Iterator<Item = IndexPage> + '_ {
    KINDS
        .iter()
        .filter(move |k| k.present(hb))
        .filter_map(|k| k.info().index)
}

impl Entity {
    /// The kind's registry entry (an index's intro counts as a doc).
    pub fn info(self) -> &'static KindInfo {
        match self {
            Entity::Item(k, _) => k.kind().info(),
            Entity::Intro(_) => super::doc::DocKind.info(),
        }
    }

    /// `doc`, `role`, `journey`, `term` or `person` (an index intro is a doc).
    pub fn kind(self) -> &'static str {
        self.info().name
    }

    /// The page the entity is shown on (terms share one).
    pub fn page(self, hb: &Handbook) -> &str {
        match self {
            Entity::Item(k, i) => k.kind().page(hb, i),
            Entity::Intro(k) => k.kind().info().index.map_or("", |p| p.url),
        }
    }

    /// The entity's URL from the site root (with the fragment of an anchor).
    pub fn url(self, hb: &Handbook) -> String {
        match self {
            Entity::Item(k, i) => k.kind().url(hb, i),
            Entity::Intro(_) => self.page(hb).to_string(),
        }
    }

    /// The entity's title, for link texts.
    pub fn title(self, hb: &Handbook) -> &str {
        match self {
            Entity::Item(k, i) => k.kind().title(hb, i),
            Entity::Intro(k) => k.kind().info().index.map_or("", |p| p.title),
        }
    }

    /// The entity's id in `handbook.json` (`role:maintainer`, `doc:a.md`).
    pub(crate) fn export_id(self, hb: &Handbook) -> String {
        match self {
            Entity::Item(k, i) => format!("{}:{}", k.kind().info().name, k.kind().key(hb, i)),
            Entity::Intro(k) => format!("{}-index", k.kind().info().plural),
        }
    }

    /// The markdown unit that is the entity's page body, if it has one.
    pub(crate) fn body(self, hb: &Handbook) -> Option<UnitId> {
        match self {
            Entity::Item(k, i) => k.kind().body(hb, i),
            Entity::Intro(_) => None,
        }
    }
}

/// What an entity contributes to the search index: the search stage
/// tokenises `text` (and `boost`, weighted) and stores the rest.
#[derive(Debug, Clone)]
pub struct SearchEntry<'a> {
    /// Root-relative URL of the page, not encoded yet.
    pub url: String,
    /// The entity's anchor on a shared page (terms, people), kept apart
    /// from the path because a file name may hold a `#`.
    pub fragment: Option<String>,
    pub title: &'a str,
    /// Where it sits, shown under the title ("Roles › Maintainers").
    pub section: String,
    /// Text indexed with a boost (headings, summaries).
    pub boost: String,
    /// Full text indexed.
    pub text: SearchText<'a>,
}

/// The full text a search entry indexes. A unit's plain text is made
/// when the index reads it ([`SearchText::make`]), a block of entries at a
/// time, so a big handbook's texts are never all held at once.
#[derive(Debug, Clone)]
pub enum SearchText<'a> {
    /// Text as it is.
    Given(Cow<'a, str>),
    /// A unit's plain text, after `head` and a space when there is one
    /// (its markdown read when the text is made: see
    /// [`crate::source::Files::release`]).
    Unit {
        head: Option<String>,
        unit: &'a super::MdUnit,
        files: &'a crate::source::Files,
    },
}

impl<'a> SearchText<'a> {
    /// Unit `u`'s plain text, after `head` and a space when given.
    pub(crate) fn unit(hb: &'a Handbook, u: usize, head: Option<String>) -> SearchText<'a> {
        SearchText::Unit {
            head,
            unit: &hb.units[u],
            files: &hb.files,
        }
    }

    /// The text.
    pub fn make(&self) -> Cow<'_, str> {
        match self {
            SearchText::Given(t) => Cow::Borrowed(t),
            SearchText::Unit { head, unit, files } => {
                let (plain, markdown) = (&unit.scan.text, &*unit.text(files));
                let mut s = String::new();
                if let Some(h) = head {
                    s.push_str(h);
                    s.push(' ');
                    // Made on its own, as when the texts were joined.
                    s.push_str(&plain.make(markdown));
                } else {
                    plain.write(markdown, &mut s);
                }
                Cow::Owned(s)
            }
        }
    }

    /// Whether this text is `other`'s, known without making either: given
    /// texts compare; a unit's text is another's when both are their file's
    /// text as is from the same place and share one scan (a language's
    /// model shares the default's scan only where the file's text is the
    /// same: see [`super::Reuse`]).
    pub(crate) fn same_as(&self, other: &SearchText<'_>) -> bool {
        match (self, other) {
            (SearchText::Given(a), SearchText::Given(b)) => a == b,
            (
                SearchText::Unit { head, unit, .. },
                SearchText::Unit {
                    head: head2,
                    unit: unit2,
                    ..
                },
            ) => {
                head == head2
                    && std::sync::Arc::ptr_eq(&unit.scan, &unit2.scan)
                    && (unit.own_text.is_none() && unit2.own_text.is_none())
                    && (unit.file == unit2.file && unit.base == unit2.base)
            }
            _ => false,
        }
    }

    /// A copy that borrows nothing (to build an index on another thread).
    #[cfg(feature = "serve")]
    pub(crate) fn into_owned(self) -> SearchText<'static> {
        SearchText::Given(Cow::Owned(self.make().into_owned()))
    }
}

impl From<String> for SearchText<'_> {
    fn from(t: String) -> Self {
        SearchText::Given(Cow::Owned(t))
    }
}

impl<'a> From<Cow<'a, str>> for SearchText<'a> {
    fn from(t: Cow<'a, str>) -> Self {
        SearchText::Given(t)
    }
}

#[cfg(test)]
impl<'a> From<&'a str> for SearchText<'a> {
    fn from(t: &'a str) -> Self {
        SearchText::Given(Cow::Borrowed(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::urls;

    #[test]
    fn kinds_have_distinct_names_and_index_pages() {
        let names: std::collections::BTreeSet<_> = KINDS.iter().map(|k| k.info().name).collect();
        assert_eq!(names.len(), KINDS.len());
        let urls: Vec<_> = KINDS
            .iter()
            .filter_map(|k| k.info().index.map(|p| p.url))
            .collect();
        assert_eq!(
            urls,
            [
                crate::model::role::INDEX_URL,
                crate::model::group::INDEX_URL,
                crate::model::journey::INDEX_URL,
                urls::GLOSSARY,
                urls::PEOPLE,
                crate::model::decision::INDEX_URL
            ]
        );
        assert_eq!(Entity::Intro(crate::model::role::ID).kind(), "doc");
        assert_eq!(Entity::Item(crate::model::person::ID, 0).kind(), "person");
    }

    #[test]
    fn kind_ids_match_the_registry() {
        let mut ranks = std::collections::BTreeSet::new();
        for (slot, k) in KINDS.iter().enumerate() {
            let id = k.info().id;
            assert_eq!(id.slot as usize, slot, "{}", k.info().name);
            assert!(ranks.insert(id.rank), "{}: rank taken", k.info().name);
        }
    }
}
