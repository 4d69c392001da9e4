//! The person kind: `people.yml` (a list, or a mapping with `people:`),
//! plus people imported from data sources. Each person has a page of their
//! own (`people/<slug>.html`, see [`assign_urls`]) and a card, anchored
//! `person-<id>`, on the people page; roles, groups, docs and decisions
//! refer to people as holders, members, authors and parties.

use serde::Deserialize;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::source::SourceFile;
use crate::yaml::{Origin, Spanned};

use super::governance::Governance;
use super::kind::{IdRefs, IdTable, IndexPage, Kind, KindId, KindInfo, SearchEntry, export_all};
use super::urls;
use super::{Handbook, Loader, data_entries, whole_file};

/// The kind's place in the registry and in sort order (see [`KindId`]).
pub(crate) const ID: KindId = KindId::new(4, 5);

pub(crate) const KIND: KindInfo = KindInfo {
    id: ID,
    summary_order: 6,
    resolve_order: 6,
    name: "person",
    xref_class: "xref xref-person",
    plural: "people",
    folder: None,
    index: Some(IndexPage {
        url: urls::PEOPLE,
        title_key: "people.title",
        what: "the people page",
        title: "People",
    }),
};

/// The person kind in the registry ([`super::KINDS`]).
pub(crate) struct PersonKind;

impl Kind for PersonKind {
    fn extra_pages(&self, hb: &Handbook) -> Vec<(&'static str, &'static str)> {
        if has_acknowledgements(hb) {
            vec![(urls::ACKNOWLEDGEMENTS, "the acknowledgements page")]
        } else {
            Vec::new()
        }
    }
    fn new_records(&self, hb: &Handbook) -> Box<dyn super::governance::Records> {
        Box::new(vec![PersonRefs::default(); hb.people.len()])
    }
    fn info(&self) -> &'static KindInfo {
        &KIND
    }
    fn count(&self, hb: &Handbook) -> usize {
        hb.people.len()
    }
    fn page<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.people[i].url
    }
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.people[i].name
    }
    /// The data file that lists the person (`people.yml`, or the source
    /// they were imported from).
    fn src<'a>(&self, hb: &'a Handbook, i: usize) -> Option<&'a str> {
        Some(&hb.people[i].span.file)
    }
    fn own_url<'a>(&self, hb: &'a mut Handbook, i: usize) -> Option<&'a mut String> {
        Some(&mut hb.people[i].url)
    }
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.people[i].id
    }
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        _git: &super::doc::GitFacts<'_>,
        each: &mut super::kind::EachRecord<'_>,
    ) {
        export_all(hb.people.len(), |i| export(hb, gov, i), each);
    }
    fn search<'a>(
        &self,
        hb: &'a Handbook,
        gov: &Governance,
        i: usize,
        _doc_section: &dyn Fn(usize) -> String,
    ) -> SearchEntry<'a> {
        search(hb, gov, i)
    }
    fn id_refs(&self) -> Option<IdRefs> {
        Some(IdRefs {
            unknown: Code::UnknownPerson,
            what: "id",
            help: "add the person to people.yml",
            wiki_help: None,
            bare: true,
        })
    }
    /// Of two with one id, the later is found (`duplicate-id` reports it).
    fn index<'a>(&self, hb: &'a Handbook, t: &mut IdTable<'a>) {
        for (i, p) in hb.people.iter().enumerate() {
            t.ids.insert(&p.id, i);
        }
    }
}

/// Whether the site has an acknowledgements page: credit is on and
/// `people.yml` lists someone.
pub(crate) fn has_acknowledgements(hb: &Handbook) -> bool {
    hb.config.credit && !hb.people.is_empty()
}

/// The id of person `id`'s card on the people page (links written for
/// earlier versions, `people.html#person-<id>`, still land on it).
pub(crate) fn anchor(id: &str) -> String {
    format!("person-{id}")
}

/// Give every person their page, `people/<slug>.html`: the id as an ASCII
/// slug (ids may be names, in any script), made unique in list order with
/// `-1`, `-2`… (two ids can slug alike: `José`, `jose`).
pub(crate) fn assign_urls(people: &mut [Person]) {
    let mut seen = crate::slug::IdDeduper::default();
    for p in people {
        let slug = crate::slug::slugify(&p.id);
        let slug = if slug.is_empty() {
            "person".into()
        } else {
            slug
        };
        p.url = format!("{}{}.html", FOLDER, seen.unique(slug));
    }
}

/// Where person pages go.
pub(crate) const FOLDER: &str = "people/";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    people: Vec<Spanned<PersonRaw>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonRaw {
    id: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    handle: Option<String>,
    pronouns: Option<String>,
    location: Option<String>,
    avatar: Option<Spanned<String>>,
    #[serde(default)]
    links: Vec<PersonLinkRaw>,
    #[serde(default)]
    contributions: Vec<Spanned<String>>,
    /// Email addresses git knows the person by (for credit from git).
    email: Option<String>,
    #[serde(default)]
    emails: Vec<String>,
    /// `false`: not credited from git, not on the acknowledgements page.
    credit: Option<bool>,
    orcid: Option<Spanned<String>>,
    #[serde(default)]
    affiliations: Vec<Spanned<AffiliationRaw>>,
    /// CRediT contributor roles.
    #[serde(default)]
    credit_roles: Vec<Spanned<String>>,
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AffiliationRaw {
    Name(String),
    Full { name: String, ror: Option<String> },
}

/// An organisation a person belongs to, with its ROR id when known.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Affiliation {
    pub name: String,
    /// The bare ROR id (`02mhbdp94`).
    pub ror: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonLinkRaw {
    label: String,
    url: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PersonLink {
    pub label: String,
    pub url: String,
}

/// All-contributors style contribution kinds accepted in `people.yml`.
pub const CONTRIBUTION_KINDS: &[&str] = &[
    "code",
    "docs",
    "review",
    "translation",
    "design",
    "data",
    "research",
    "events",
    "mentoring",
    "governance",
    "community",
    "infra",
    "talks",
    "funding",
    "outreach",
    "tests",
    "ideas",
    "question",
    "bug",
    "content",
    "tutorial",
    "video",
    "blog",
    "maintenance",
    "security",
];

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub handle: Option<String>,
    pub pronouns: Option<String>,
    pub location: Option<String>,
    pub avatar: Option<String>,
    pub links: Vec<PersonLink>,
    pub contributions: Vec<String>,
    /// Lower-case email addresses (`email:` and `emails:`).
    pub emails: Vec<String>,
    /// Whether the person is credited from git and acknowledged.
    pub credit: bool,
    /// The bare ORCID iD, checksum verified.
    pub orcid: Option<String>,
    pub affiliations: Vec<Affiliation>,
    pub credit_roles: Vec<String>,
    pub span: Span,
    /// The person's page (`people/<slug>.html`), set by [`assign_urls`]
    /// once every source of people is read.
    pub url: String,
}

/// A URL from a data file, unless its scheme is not allowed (`javascript:`,
/// `data:`…): then `None`, with an `unsafe-url` warning at the value.
pub(super) fn safe_url(
    l: &mut Loader<'_>,
    origin: Origin<'_>,
    v: Spanned<String>,
) -> Option<String> {
    if crate::url::is_safe(&v.value) {
        return Some(v.value);
    }
    l.diags.push(
        Diagnostic::warning(
            Code::UnsafeUrl,
            format!(
                "URL `{}` uses a scheme that is not allowed; it is left out",
                v.value.escape_debug()
            ),
        )
        .with_span(origin.span_of(&v, v.value.len()))
        .with_help("use an http:, https:, mailto: or tel: URL, or a relative path"),
    );
    None
}

pub(super) fn load(l: &mut Loader<'_>, f: &SourceFile) -> Vec<Person> {
    let lines = crate::diag::LineIndex::new(&f.text);
    let origin = whole_file(f, &lines);
    let (raw, touched) = data_entries(l, f, |p: PeopleFile| p.people);
    let mut people = Vec::new();
    for p in raw {
        let at = origin.span_of(&p, 0);
        let p = p.value;
        check_kinds(
            l,
            origin,
            &p.contributions,
            CONTRIBUTION_KINDS,
            "contribution kind",
        );
        check_kinds(
            l,
            origin,
            &p.credit_roles,
            super::ids::CREDIT_ROLES,
            "CRediT role",
        );
        let orcid = p.orcid.and_then(|o| checked_orcid(l, origin, o));
        let affiliations = (p.affiliations.into_iter())
            .map(|a| affiliation(l, origin, a))
            .collect();
        let _ = p.extra;
        // A person without an `id` is referred to by their name.
        let Some(id) = p.id.or_else(|| p.name.clone()) else {
            l.missing("id", at, &touched);
            continue;
        };
        people.push(Person {
            span: origin.span_of(&id, id.value.len()),
            name: p.name.map_or_else(|| id.value.clone(), |n| n.value),
            id: id.value,
            handle: p.handle,
            pronouns: p.pronouns,
            location: p.location,
            avatar: p.avatar.and_then(|a| safe_url(l, origin, a)),
            links: p
                .links
                .into_iter()
                .filter_map(|k| {
                    let url = safe_url(l, origin, k.url)?;
                    Some(PersonLink {
                        label: k.label,
                        url,
                    })
                })
                .collect(),
            contributions: p.contributions.into_iter().map(|c| c.value).collect(),
            emails: (p.email.into_iter().chain(p.emails))
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
                .collect(),
            credit: p.credit.unwrap_or(true),
            orcid,
            affiliations,
            credit_roles: p.credit_roles.into_iter().map(|c| c.value).collect(),
            url: String::new(),
        });
    }
    people
}

/// Warn for each value of `values` that is not one of `known`.
fn check_kinds(
    l: &mut Loader<'_>,
    origin: Origin<'_>,
    values: &[Spanned<String>],
    known: &[&str],
    what: &str,
) {
    for c in values.iter().filter(|c| !known.contains(&c.value.as_str())) {
        l.diags.push(
            Diagnostic::warning(
                Code::UnknownContribution,
                format!("unknown {what} `{}`", c.value),
            )
            .with_span(origin.span_of(c, c.value.len()))
            .with_help(crate::diag::suggestion_help(
                &c.value,
                known.iter().copied(),
                &format!("see the README for the list of each {what}"),
            )),
        );
    }
}

/// The bare ORCID iD, or `None` with an `invalid-identifier` error at the
/// wrong character.
fn checked_orcid(l: &mut Loader<'_>, origin: Origin<'_>, o: Spanned<String>) -> Option<String> {
    match super::ids::orcid(&o.value) {
        Ok(id) => Some(id),
        Err(e) => {
            let span = origin.span_of(&o, o.value.len());
            let text = origin.file_text;
            // The value starts at the span, or one quote after it.
            let start = [span.offset, span.offset + 1].into_iter().find(|&i| {
                text.get(i..)
                    .is_some_and(|t| t.starts_with(o.value.as_str()))
            });
            let span = match start {
                Some(i) => crate::diag::Span::at(&span.file, text, i + e.at, 1),
                None => span,
            };
            l.diags.push(
                Diagnostic::error(
                    Code::InvalidIdentifier,
                    format!("ORCID iD `{}` is not valid: {}", o.value, e.message),
                )
                .with_span(span)
                .with_help("copy the iD from the person's ORCID record (https://orcid.org/0000-0002-1825-0097 has the form)"),
            );
            None
        }
    }
}

fn affiliation(l: &mut Loader<'_>, origin: Origin<'_>, a: Spanned<AffiliationRaw>) -> Affiliation {
    let (name, ror) = match &a.value {
        AffiliationRaw::Name(n) => (n.clone(), None),
        AffiliationRaw::Full { name, ror } => (name.clone(), ror.clone()),
    };
    let ror = ror.and_then(|r| {
        let id = super::ids::ror(r.trim());
        if id.is_none() {
            l.diags.push(
                Diagnostic::error(
                    Code::InvalidIdentifier,
                    format!("ROR id `{r}` of `{name}` is not valid"),
                )
                .with_span(origin.span_of(&a, 0))
                .with_help("a ROR id is `0`, six letters or digits and two digits, as in https://ror.org/02mhbdp94"),
            );
        }
        id
    });
    Affiliation { name, ror }
}

/// What refers to a person (people make no references of their own).
#[derive(Debug, Clone, Default)]
pub struct PersonRefs {
    /// Roles the person holds.
    pub roles: Vec<usize>,
    /// Docs the person authored.
    pub docs: Vec<usize>,
    /// Groups the person is (or was) in.
    pub groups: Vec<usize>,
    /// Decisions the person took part in, and how (one entry per part).
    pub decisions: Vec<(usize, super::decision::Part)>,
}

impl Governance {
    /// Every person's resolved references, by its index.
    pub fn people(&self) -> &[PersonRefs] {
        self.records(ID)
    }

    /// Every person's references, to fill in while resolving.
    pub(crate) fn people_mut(&mut self) -> &mut Vec<PersonRefs> {
        self.records_mut(ID)
    }
}

/// A person in `handbook.json`.
#[derive(serde::Serialize)]
pub(crate) struct PersonOut<'a> {
    id: &'a str,
    name: &'a str,
    /// The person's page.
    url: &'a str,
    handle: Option<&'a str>,
    roles: Vec<&'a str>,
    groups: Vec<&'a str>,
    contributions: &'a [String],
    orcid: Option<&'a str>,
    affiliations: &'a [Affiliation],
    credit_roles: &'a [String],
    /// `false` when the person opted out of credit.
    credit: bool,
}

/// Person `i`'s `handbook.json` record.
pub(crate) fn export<'a>(hb: &'a Handbook, gov: &Governance, i: usize) -> PersonOut<'a> {
    let p = &hb.people[i];
    PersonOut {
        id: &p.id,
        name: &p.name,
        url: &p.url,
        handle: p.handle.as_deref(),
        roles: (gov.people()[i].roles.iter())
            .map(|&r| hb.roles[r].id.as_str())
            .collect(),
        groups: (gov.people()[i].groups.iter())
            .map(|&g| hb.groups[g].id.as_str())
            .collect(),
        contributions: &p.contributions,
        orcid: p.orcid.as_deref(),
        affiliations: &p.affiliations,
        credit_roles: &p.credit_roles,
        credit: p.credit,
    }
}

/// Person `i`'s search entry.
pub(crate) fn search<'a>(hb: &'a Handbook, gov: &Governance, i: usize) -> SearchEntry<'a> {
    let p = &hb.people[i];
    let roles: Vec<&str> = (gov.people()[i].roles.iter())
        .map(|&r| hb.roles[r].title.as_str())
        .collect();
    let text = format!(
        "{} {} {} {}",
        p.handle.clone().unwrap_or_default(),
        p.location.clone().unwrap_or_default(),
        roles.join(", "),
        p.contributions.join(" ")
    );
    SearchEntry {
        url: p.url.clone(),
        fragment: None,
        title: &p.name,
        section: "People".into(),
        boost: p.handle.clone().unwrap_or_default(),
        text: text.into(),
    }
}
