//! The person kind's pages: the people page (one card per person, with
//! what they hold and how much they wrote and changed, counted) and each
//! person's own page (`people/<slug>.html`), which lists everything: the
//! docs they wrote and changed, their group memberships with terms, the
//! decisions they took part in, their contribution types and identifiers.
//! Keeping the long lists on the person's page keeps the people page small
//! however long the history (2,000 people over 50k commits: 13.7 MB when
//! every card listed every page changed).

use crate::model::decision::Part;
use crate::model::{Entity, Holder};

use super::Builder;
use super::ctx::*;

/// The people page: every person's card.
pub(super) fn people_page(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let hb = b.inp.hb;
    page.kind = "people";
    page.description =
        (b.inp.md.strings).fill("people.description", &[("handbook", &hb.config.title)]);
    page.people = Some((0..hb.people.len()).map(|i| card(b, i)).collect());
    "people.html"
}

/// Person `i`'s page: their card with every list filled in.
pub(super) fn person_page(b: &Builder<'_, '_>, page: &mut PageCtx, i: usize) -> &'static str {
    let (inp, hb) = (b.inp, b.inp.hb);
    let refs = &inp.gov.people()[i];
    page.kind = "person";
    page.breadcrumbs
        .push(b.link(inp.tr("people.title"), crate::model::urls::PEOPLE));
    page.backlinks = b.backlinks(Entity::Item(crate::model::person::ID, i));
    let docs = |v: &[usize]| {
        (v.iter())
            .map(|&d| b.entity(Entity::Item(crate::model::doc::ID, d)))
            .collect()
    };
    let mut p = card(b, i);
    p.docs = docs(&refs.docs);
    p.changed = docs(inp.credits.people_docs.get(i).map_or(&[], Vec::as_slice));
    p.memberships = memberships(b, i);
    p.decisions = decisions(b, &refs.decisions);
    page.description = match &p.handle {
        Some(h) => format!("{} (@{h})", hb.people[i].name),
        None => hb.people[i].name.clone(),
    };
    page.person = Some(p);
    "person.html"
}

/// Person `i` as the people page shows them: the lists of docs are left
/// empty and counted instead.
fn card(b: &Builder<'_, '_>, i: usize) -> PersonCtx {
    let (inp, hb) = (b.inp, b.inp.hb);
    let p = &hb.people[i];
    let refs = &inp.gov.people()[i];
    let strings = inp.md.strings;
    let changed = inp.credits.people_docs.get(i).map_or(0, Vec::len);
    let commits = inp.credits.people_commits.get(i).copied().unwrap_or(0);
    let counts = [
        ("person.wrote_count", refs.docs.len()),
        ("person.changed_count", changed),
        ("acknowledgements.commits", commits),
    ];
    PersonCtx {
        id: p.id.clone(),
        anchor: crate::model::person::anchor(&p.id),
        url: b.entity(Entity::Item(crate::model::person::ID, i)).url,
        name: p.name.clone(),
        handle: p.handle.clone(),
        pronouns: p.pronouns.clone(),
        location: p.location.clone(),
        links: (p.links.iter())
            .map(|l| Link {
                title: l.label.clone(),
                url: l.url.clone(),
            })
            .collect(),
        contributions: p.contributions.clone(),
        roles: (refs.roles.iter())
            .map(|&r| b.entity(Entity::Item(crate::model::role::ID, r)))
            .collect(),
        groups: (refs.groups.iter())
            .map(|&g| b.entity(Entity::Item(crate::model::group::ID, g)))
            .collect(),
        docs: Vec::new(),
        changed: Vec::new(),
        commits,
        orcid: p.orcid.as_ref().map(|o| Link {
            title: o.clone(),
            url: format!("https://orcid.org/{o}"),
        }),
        affiliations: (p.affiliations.iter())
            .map(|a| Link {
                title: a.name.clone(),
                url: (a.ror.as_ref()).map_or_else(String::new, |r| format!("https://ror.org/{r}")),
            })
            .collect(),
        credit_roles: p.credit_roles.clone(),
        counts: (counts.into_iter())
            .filter(|&(_, n)| n > 0)
            .map(|(key, n)| strings.count(key, n))
            .collect(),
        memberships: Vec::new(),
        decisions: Vec::new(),
    }
}

/// Person `i`'s group memberships, in the order of their groups, current
/// ones before past ones.
fn memberships(b: &Builder<'_, '_>, i: usize) -> Vec<MembershipCtx> {
    let (inp, hb) = (b.inp, b.inp.hb);
    let mut out: Vec<(bool, MembershipCtx)> = Vec::new();
    for &g in &inp.gov.people()[i].groups {
        let members = &inp.gov.groups()[g].members;
        for m in members.iter().filter(|m| m.holder == Holder::Person(i)) {
            let raw = &hb.groups[g].members[m.member];
            let role = crate::model::group::role_label(hb, m, raw);
            out.push((
                !raw.current(),
                MembershipCtx {
                    group: b.entity(Entity::Item(crate::model::group::ID, g)),
                    role,
                    since: raw.since.clone(),
                    until: raw.until.clone(),
                    emeritus: raw.emeritus,
                    lead: raw.lead,
                },
            ));
        }
    }
    // Stable: within current and past, the groups keep their order.
    out.sort_by_key(|(past, _)| *past);
    out.into_iter().map(|(_, m)| m).collect()
}

/// The decisions of `parts` (decision, part), one row per decision with
/// its parts named, newest first (undated last, by title).
fn decisions(b: &Builder<'_, '_>, parts: &[(usize, Part)]) -> Vec<PersonDecisionCtx> {
    let hb = b.inp.hb;
    let mut rows: Vec<(usize, Vec<Part>)> = Vec::new();
    for &(d, part) in parts {
        match rows.iter_mut().find(|(r, _)| *r == d) {
            Some((_, v)) => v.push(part),
            None => rows.push((d, vec![part])),
        }
    }
    let date = |d: usize| crate::model::decision::date(&hb.decisions[d]);
    rows.sort_by(|(x, _), (y, _)| {
        (date(*y).is_none(), date(*y), &hb.decisions[*x].title).cmp(&(
            date(*x).is_none(),
            date(*x),
            &hb.decisions[*y].title,
        ))
    });
    let strings = b.inp.md.strings;
    (rows.into_iter())
        .map(|(d, parts)| {
            let names: Vec<&str> = parts.iter().map(|p| strings.tr(p.key())).collect();
            PersonDecisionCtx {
                decision: b.entity(Entity::Item(crate::model::decision::ID, d)),
                date: date(d).map(str::to_string),
                parts: names.join(", "),
            }
        })
        .collect()
}

/// The person kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::person::PersonKind
    }
    /// A person's page shows no source text (`people.yml` is everyone's).
    fn source<'a>(&self, _inp: &super::Inputs<'a>, _item: Option<usize>) -> Option<&'a str> {
        None
    }
    /// `people.yml` is not any one person's file.
    fn own_file<'a>(&self, _inp: &super::Inputs<'a>, _i: usize) -> Option<&'a str> {
        None
    }
    fn template(&self, item: Option<usize>) -> &'static str {
        match item {
            Some(_) => "person.html",
            None => "people.html",
        }
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, item: Option<usize>) -> &'static str {
        match item {
            Some(i) => person_page(b, page, i),
            None => people_page(b, page),
        }
    }
}
