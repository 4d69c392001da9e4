//! The people page's template context: every person with their links,
//! contributions, roles held and docs authored.

use crate::model::Entity;

use super::Builder;
use super::ctx::*;

pub(super) fn people_page(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let inp = b.inp;
    let hb = inp.hb;
    page.kind = "people";
    page.description = inp
        .md
        .strings
        .fill("people.description", &[("handbook", &hb.config.title)]);
    page.people = Some(
        hb.people
            .iter()
            .enumerate()
            .map(|(i, p)| PersonCtx {
                id: p.id.clone(),
                anchor: crate::model::person::anchor(&p.id),
                name: p.name.clone(),
                handle: p.handle.clone(),
                pronouns: p.pronouns.clone(),
                location: p.location.clone(),
                links: p
                    .links
                    .iter()
                    .map(|l| Link {
                        title: l.label.clone(),
                        url: l.url.clone(),
                    })
                    .collect(),
                contributions: p.contributions.clone(),
                roles: inp.gov.people()[i]
                    .roles
                    .iter()
                    .map(|&r| b.entity(Entity::Item(crate::model::role::ID, r)))
                    .collect(),
                groups: (inp.gov.people()[i].groups.iter())
                    .map(|&g| b.entity(Entity::Item(crate::model::group::ID, g)))
                    .collect(),
                docs: inp.gov.people()[i]
                    .docs
                    .iter()
                    .map(|&d| b.entity(Entity::Item(crate::model::doc::ID, d)))
                    .collect(),
                changed: (inp.credits.people_docs.get(i).into_iter().flatten())
                    .map(|&d| b.entity(Entity::Item(crate::model::doc::ID, d)))
                    .collect(),
                commits: inp.credits.people_commits.get(i).copied().unwrap_or(0),
                orcid: p.orcid.as_ref().map(|o| Link {
                    title: o.clone(),
                    url: format!("https://orcid.org/{o}"),
                }),
                affiliations: (p.affiliations.iter())
                    .map(|a| Link {
                        title: a.name.clone(),
                        url: (a.ror.as_ref())
                            .map_or_else(String::new, |r| format!("https://ror.org/{r}")),
                    })
                    .collect(),
                credit_roles: p.credit_roles.clone(),
            })
            .collect(),
    );
    "people.html"
}

/// The person kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::person::PersonKind
    }
    fn own_pages(&self) -> bool {
        false
    }
    /// The people page has no source text of its own.
    fn source<'a>(&self, _inp: &super::Inputs<'a>, _item: Option<usize>) -> Option<&'a str> {
        None
    }
    fn template(&self, _item: Option<usize>) -> &'static str {
        "people.html"
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, _item: Option<usize>) -> &'static str {
        people_page(b, page)
    }
}
