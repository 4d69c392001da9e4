//! The registry of entity kinds: one [`KindInfo`] per kind, in the order
//! pages, `handbook.json` and the search index list them. Everything a
//! later stage needs to know about a kind in general (its name, its index
//! page, whether the handbook has any) comes from here; what it knows about
//! one entity (its URL, export record, search entry) comes from the kind's
//! module. Adding a kind is one line in [`KINDS`].

use std::borrow::Cow;

use super::{Entity, Handbook, urls};

/// A page that lists all entities of a kind (or, for terms and people,
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
}

/// What the pipeline knows about an entity kind.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    /// `doc`, `role`, `journey`, `term`, `person`: in `handbook.json` link
    /// targets, search records and backlinks.
    pub name: &'static str,
    /// The kind's index page, if it has one.
    pub index: Option<IndexPage>,
    /// Whether the handbook has this kind's index page.
    pub present: fn(&Handbook) -> bool,
}

/// Every entity kind, in site order.
pub const KINDS: &[KindInfo] = &[
    super::doc::KIND,
    super::role::KIND,
    super::group::KIND,
    super::journey::KIND,
    super::term::KIND,
    super::person::KIND,
    super::decision::KIND,
];

/// The index pages this handbook has, in site order.
pub(crate) fn index_pages(hb: &Handbook) -> impl Iterator<Item = IndexPage> + '_ {
    KINDS
        .iter()
        .filter(move |k| (k.present)(hb))
        .filter_map(|k| k.index)
}

impl Entity {
    /// The kind's registry entry (the roles index counts as a doc).
    pub fn info(self) -> &'static KindInfo {
        match self {
            Entity::Doc(_) | Entity::RolesIndex | Entity::DecisionsIndex => &super::doc::KIND,
            Entity::Role(_) => &super::role::KIND,
            Entity::Journey(_) => &super::journey::KIND,
            Entity::Term(_) => &super::term::KIND,
            Entity::Person(_) => &super::person::KIND,
            Entity::Group(_) => &super::group::KIND,
            Entity::Decision(_) => &super::decision::KIND,
        }
    }

    /// `doc`, `role`, `journey`, `term` or `person` (the roles index is a doc).
    pub fn kind(self) -> &'static str {
        self.info().name
    }
}

impl Entity {
    /// The page the entity is shown on (terms and people share one).
    pub fn page(self, hb: &Handbook) -> &str {
        match self {
            Entity::Doc(i) => &hb.docs[i].url,
            Entity::Role(i) => &hb.roles[i].url,
            Entity::Journey(i) => &hb.journeys[i].url,
            Entity::Group(i) => &hb.groups[i].url,
            Entity::Term(_) => urls::GLOSSARY,
            Entity::Person(_) => urls::PEOPLE,
            Entity::Decision(i) => &hb.decisions[i].url,
            Entity::RolesIndex => urls::ROLES_INDEX,
            Entity::DecisionsIndex => urls::DECISIONS_INDEX,
        }
    }

    /// The entity's URL from the site root (with the fragment of an anchor).
    pub fn url(self, hb: &Handbook) -> String {
        match self {
            Entity::Term(i) => super::term::url(&hb.terms[i]),
            Entity::Person(i) => super::person::url(&hb.people[i]),
            other => other.page(hb).to_string(),
        }
    }

    /// The entity's title, for link texts.
    pub fn title(self, hb: &Handbook) -> &str {
        match self {
            Entity::Doc(i) => &hb.docs[i].title,
            Entity::Role(i) => &hb.roles[i].title,
            Entity::Journey(i) => &hb.journeys[i].title,
            Entity::Group(i) => &hb.groups[i].title,
            Entity::Term(i) => &hb.terms[i].name,
            Entity::Person(i) => &hb.people[i].name,
            Entity::Decision(i) => &hb.decisions[i].title,
            Entity::RolesIndex => "Roles",
            Entity::DecisionsIndex => "Decisions",
        }
    }

    /// The entity's id in `handbook.json` (`role:maintainer`, `doc:a.md`).
    pub(crate) fn export_id(self, hb: &Handbook) -> String {
        match self {
            Entity::Doc(i) => format!("doc:{}", hb.docs[i].src),
            Entity::Role(i) => format!("role:{}", hb.roles[i].id),
            Entity::Journey(i) => format!("journey:{}", hb.journeys[i].id),
            Entity::Term(i) => format!("term:{}", hb.terms[i].name),
            Entity::Person(i) => format!("person:{}", hb.people[i].id),
            Entity::Group(i) => format!("group:{}", hb.groups[i].id),
            Entity::Decision(i) => format!("decision:{}", hb.decisions[i].id),
            Entity::RolesIndex => "roles-index".into(),
            Entity::DecisionsIndex => "decisions-index".into(),
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
    pub text: Cow<'a, str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_distinct_names_and_index_pages() {
        let names: std::collections::BTreeSet<_> = KINDS.iter().map(|k| k.name).collect();
        assert_eq!(names.len(), KINDS.len());
        let urls: Vec<_> = KINDS
            .iter()
            .filter_map(|k| k.index.map(|p| p.url))
            .collect();
        assert_eq!(
            urls,
            [
                urls::ROLES_INDEX,
                urls::GROUPS_INDEX,
                urls::JOURNEYS_INDEX,
                urls::GLOSSARY,
                urls::PEOPLE,
                urls::DECISIONS_INDEX
            ]
        );
        assert_eq!(Entity::RolesIndex.kind(), "doc");
        assert_eq!(Entity::Person(0).kind(), "person");
    }
}
