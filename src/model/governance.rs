//! The resolved governance graph: what every entity's structured references
//! (owners, authors, holders, `grows_into`, `reports_to`, journey step links
//! and roles, related terms) point at, as one record per entity, plus the
//! inverse edges pages show ("grows from", "owned docs", a person's roles).
//! Each kind's record type and how it is filled live in the kind's module;
//! looking ids up (and reporting the ones that do not exist) is behind
//! [`Lookup`], which the `govern` stage implements over the symbol table.
//! The linter and every later stage only read a [`Governance`].

use std::any::Any;

use super::kind::KINDS;
use super::{Entity, Handbook, KindId, Ref};

/// A role holder or doc author: a person from `people.yml`, or a plain name
/// when the handbook has no people file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holder {
    Person(usize),
    Name(String),
}

/// How references are looked up: each method returns what `r` names, or
/// `None` after reporting that it names nothing (`what` says who refers).
pub trait Lookup {
    /// An entity of kind `kind` by id (see [`super::Kind::id_refs`]).
    fn entity(&mut self, kind: KindId, r: &Ref, what: &str) -> Option<usize>;
    /// A person id (or a plain name when there is no `people.yml`).
    fn holder(&mut self, r: &Ref, what: &str) -> Option<Holder>;
    /// A configured stage id (an empty value was reported when parsing).
    fn stage(&mut self, r: &Ref) -> Option<usize>;
    /// A root-relative path to a page, with its fragment as the page spells it.
    fn page_link(&mut self, r: &Ref) -> Option<(Entity, Option<String>)>;
    /// A glossary term that term `from` relates to.
    fn related_term(&mut self, r: &Ref, from: &str) -> Option<usize>;
    /// Report a problem a kind found while resolving (a cycle, a value
    /// that is not allowed).
    fn report(&mut self, d: crate::diag::Diagnostic);
    /// A journey id or a page path (a group's way in).
    fn journey_or_page(&mut self, r: &Ref, what: &str) -> Option<Entity>;
    /// A person named by an imported record: a person when the id is in
    /// the people list, otherwise the plain name (never an error).
    fn imported_person(&mut self, r: &Ref) -> Option<Holder>;
    /// A doc by path, or `None` without a report (paths an imported record
    /// implies, matched case-insensitively as a forge would not).
    fn find_doc(&mut self, path: &str) -> Option<usize>;
    /// A doc, by its path from the handbook root (`docs/x.md`).
    fn doc(&mut self, r: &Ref, what: &str) -> Option<usize>;
    /// The entity of kind `kind` with this id, if any (nothing is reported).
    fn find(&self, kind: KindId, id: &str) -> Option<usize>;
}

/// One kind's records (a `Vec` of the kind's record type), type-erased so
/// [`Governance`] needs no field per kind; the kind's module reads them
/// back through its own typed accessor (`gov.roles()`).
pub(crate) trait Records: Any + std::fmt::Debug + Send + Sync {
    fn any(&self) -> &dyn Any;
    fn any_mut(&mut self) -> &mut dyn Any;
    fn boxed_clone(&self) -> Box<dyn Records>;
}

impl<T: Any + std::fmt::Debug + Clone + Send + Sync> Records for Vec<T> {
    fn any(&self) -> &dyn Any {
        self
    }
    fn any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn boxed_clone(&self) -> Box<dyn Records> {
        Box::new(self.clone())
    }
}

/// The resolved governance graph: one record per entity, same index as the
/// entity in [`Handbook`], kept per kind (by its place in [`KINDS`]).
#[derive(Debug, Default)]
pub struct Governance {
    records: Vec<Box<dyn Records>>,
}

impl Clone for Governance {
    fn clone(&self) -> Self {
        Governance {
            records: self.records.iter().map(|r| r.boxed_clone()).collect(),
        }
    }
}

impl Governance {
    /// Resolve every kind's references with `look`. Every kind's records
    /// are made first (others fill in a person's roles, a role's owned
    /// docs); kinds resolve in [`KindInfo::resolve_order`], which fixes
    /// the order of inverse edges.
    pub fn resolve(hb: &Handbook, look: &mut dyn Lookup) -> Governance {
        let mut g = Governance {
            records: KINDS.iter().map(|k| k.new_records(hb)).collect(),
        };
        let mut kinds = KINDS.to_vec();
        kinds.sort_by_key(|k| k.info().resolve_order);
        for k in kinds {
            k.resolve(hb, &mut g, look);
        }
        g
    }

    /// Kind `k`'s records (empty if they are not of type `T`).
    pub(crate) fn records<T: Any>(&self, k: KindId) -> &[T] {
        (self.records.get(k.slot()))
            .and_then(|r| r.any().downcast_ref::<Vec<T>>())
            .map_or(&[], Vec::as_slice)
    }

    /// Kind `k`'s records, to fill in (made empty if they are missing).
    pub(crate) fn records_mut<T: Any + std::fmt::Debug + Clone + Send + Sync>(
        &mut self,
        k: KindId,
    ) -> &mut Vec<T> {
        if self.records.len() <= k.slot() {
            self.records
                .resize_with(k.slot() + 1, || Box::new(Vec::<()>::new()));
        }
        let r = &mut self.records[k.slot()];
        if r.any().downcast_ref::<Vec<T>>().is_none() {
            *r = Box::new(Vec::<T>::new());
        }
        match r.any_mut().downcast_mut::<Vec<T>>() {
            Some(v) => v,
            None => unreachable!("the records were just made of this type"),
        }
    }
}

impl Holder {
    /// How `handbook.json` names the holder: a person's id, or the name.
    pub fn id(&self, hb: &Handbook) -> String {
        match self {
            Holder::Person(p) => hb.people[*p].id.clone(),
            Holder::Name(n) => n.clone(),
        }
    }
}
