//! The resolved governance graph: what every entity's structured references
//! (owners, authors, holders, `grows_into`, `reports_to`, journey step links
//! and roles, related terms) point at, as one record per entity, plus the
//! inverse edges pages show ("grows from", "owned docs", a person's roles).
//! Each kind's record type and how it is filled live in the kind's module;
//! looking ids up (and reporting the ones that do not exist) is behind
//! [`Lookup`], which the `govern` stage implements over the symbol table.
//! The linter and every later stage only read a [`Governance`].

use super::{Entity, Handbook, KindId, Ref};
use super::{
    decision::DecisionRefs, doc::DocRefs, group::GroupRefs, journey::JourneyRefs,
    person::PersonRefs, role::RoleRefs, term::TermRefs,
};

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
    /// A group kind allowed by `group_kinds:` (the kind, normalised).
    fn group_kind(&mut self, r: &Ref) -> Option<String>;
    /// Check a group status (reported when it is not allowed).
    fn group_status(&mut self, r: &Ref);
    /// Report a cycle at `r`.
    fn cycle(&mut self, r: &Ref, msg: &str);
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

/// The resolved governance graph: one record per entity, same index as the
/// entity in [`Handbook`].
#[derive(Debug, Clone, Default)]
pub struct Governance {
    pub docs: Vec<DocRefs>,
    pub roles: Vec<RoleRefs>,
    pub journeys: Vec<JourneyRefs>,
    pub terms: Vec<TermRefs>,
    pub people: Vec<PersonRefs>,
    pub groups: Vec<GroupRefs>,
    pub decisions: Vec<DecisionRefs>,
}

impl Governance {
    /// Resolve every kind's references with `look`. Kinds whose records
    /// other kinds fill in (a person's roles, a role's owned docs) are
    /// sized first; the order of kinds fixes the order of inverse edges.
    pub fn resolve(hb: &Handbook, look: &mut dyn Lookup) -> Governance {
        let mut g = Governance {
            docs: vec![DocRefs::default(); hb.docs.len()],
            roles: vec![RoleRefs::default(); hb.roles.len()],
            journeys: Vec::with_capacity(hb.journeys.len()),
            terms: vec![TermRefs::default(); hb.terms.len()],
            people: vec![PersonRefs::default(); hb.people.len()],
            groups: vec![GroupRefs::default(); hb.groups.len()],
            decisions: vec![DecisionRefs::default(); hb.decisions.len()],
        };
        super::group::resolve(hb, &mut g, look);
        super::role::resolve(hb, &mut g, look);
        super::doc::resolve(hb, &mut g, look);
        super::journey::resolve(hb, &mut g, look);
        super::term::resolve(hb, &mut g, look);
        super::decision::resolve(hb, &mut g, look);
        g
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
