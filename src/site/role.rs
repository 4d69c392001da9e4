//! The role kind's pages: one page per role (its card, ladder links,
//! holders, journeys and owned docs) and the roles index (roles grouped by
//! stage, with the ladder diagram).

use crate::model::Entity;

use super::diagram;

use super::ctx::*;
use super::{Builder, toc};

pub(super) fn role_page(b: &Builder<'_, '_>, page: &mut PageCtx, r: usize) -> &'static str {
    let inp = b.inp;
    let (hb, gov) = (inp.hb, inp.gov);
    let role = &hb.roles[r];
    page.kind = "role";
    page.description = role.summary.clone();
    page.content = strip_leading_h1(&b.unit_html(role.unit)).to_string();
    page.toc = toc(inp, role.unit);
    page.breadcrumbs
        .push(b.link(inp.tr("roles.title"), crate::model::role::INDEX_URL));
    page.backlinks = b.backlinks(Entity::Item(crate::model::role::ID, r));
    page.edit_url = b.edit_url(&role.src);
    page.meta.last_updated = inp.last_updated.get(&role.src).cloned();
    page.meta.contributors = b.contributors(&role.src);
    let roles = |v: &[usize]| {
        v.iter()
            .map(|&i| b.entity(Entity::Item(crate::model::role::ID, i)))
            .collect::<Vec<_>>()
    };
    page.role = Some(RoleCtx {
        id: role.id.clone(),
        summary: role.summary.clone(),
        stage: gov.roles()[r].stage.map(|s| b.stage(s)),
        responsibilities: role.responsibilities.clone(),
        requirements: role.requirements.clone(),
        privileges: role.privileges.clone(),
        term: role.term.clone(),
        time_commitment: role.time_commitment.clone(),
        group: gov.roles()[r]
            .group
            .map(|g| b.entity(Entity::Item(crate::model::group::ID, g))),
        reports_to: gov.roles()[r]
            .reports_to
            .map(|i| b.entity(Entity::Item(crate::model::role::ID, i))),
        reports_from: roles(&gov.roles()[r].reports_from),
        grows_into: roles(&gov.roles()[r].grows_into),
        grows_from: roles(&gov.roles()[r].grows_from),
        holders: gov.roles()[r].holders.iter().map(|h| b.holder(h)).collect(),
        journeys: gov.roles()[r]
            .journeys
            .iter()
            .map(|&(j, s)| JourneyStageLink {
                title: hb.journeys[j].title.clone(),
                url: format!("{}{}", b.root, crate::url::encode_path(&hb.journeys[j].url)),
                stage: hb.config.stages[s].title.clone(),
            })
            .collect(),
        owned_docs: gov.roles()[r]
            .owned_docs
            .iter()
            .map(|&d| b.entity(Entity::Item(crate::model::doc::ID, d)))
            .collect(),
        extra: extra_pairs(&role.extra),
    });
    page.decisions = (gov.roles()[r].decisions.iter())
        .map(|&i| super::decision::row(b, i))
        .collect();
    "role.html"
}

/// Role bodies usually repeat the title as `# Title`; the role card already
/// shows it, so a leading level-1 heading is dropped.
pub(super) fn strip_leading_h1(html: &str) -> &str {
    let t = html.trim_start();
    if t.starts_with("<h1")
        && let Some(end) = t.find("</h1>")
    {
        return t[end + 5..].trim_start();
    }
    html
}

pub(super) fn extra_pairs(v: &serde_json::Value) -> Vec<Fact> {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                Fact {
                    key: k.replace('_', " "),
                    value: s,
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Roles ordered by stage, then title.
pub(super) fn sorted(inp: &super::Inputs<'_>) -> Vec<usize> {
    let mut v: Vec<usize> = (0..inp.hb.roles.len()).collect();
    v.sort_by_cached_key(|&i| {
        (
            inp.gov.roles()[i].stage.unwrap_or(usize::MAX),
            inp.hb.roles[i].title.to_lowercase(),
        )
    });
    v
}

pub(super) fn roles_index(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let inp = b.inp;
    let (hb, gov) = (inp.hb, inp.gov);
    page.kind = "roles";
    page.description = inp
        .md
        .strings
        .fill("roles.description", &[("handbook", &hb.config.title)]);
    if let Some(u) = hb.roles_intro {
        page.content = b.unit_html(u);
    }
    page.backlinks = b.backlinks(Entity::Intro(crate::model::role::ID));
    let tile = |i: usize| RoleTile {
        title: hb.roles[i].title.clone(),
        url: format!("{}{}", b.root, crate::url::encode_path(&hb.roles[i].url)),
        summary: hb.roles[i].summary.clone(),
        holders: gov.roles()[i].holders.len(),
    };
    let sorted = sorted(inp);
    let mut groups: Vec<StageGroup> = (0..hb.config.stages.len())
        .map(|s| StageGroup {
            stage: Some(b.stage(s)),
            roles: sorted
                .iter()
                .filter(|&&i| gov.roles()[i].stage == Some(s))
                .map(|&i| tile(i))
                .collect(),
        })
        .filter(|g| !g.roles.is_empty())
        .collect();
    let unstaged: Vec<RoleTile> = sorted
        .iter()
        .filter(|&&i| gov.roles()[i].stage.is_none())
        .map(|&i| tile(i))
        .collect();
    if !unstaged.is_empty() {
        groups.push(StageGroup {
            stage: None,
            roles: unstaged,
        });
    }
    page.roles = Some(RolesIndexCtx {
        groups,
        diagram: diagram::ladder_svg(hb, gov, &b.root, inp.md.strings),
        diagram_list: diagram::ladder_list(hb, gov, &b.root, inp.md.strings),
    });
    "roles.html"
}

/// The role kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::role::RoleKind
    }
    fn order(&self, inp: &super::Inputs<'_>) -> Vec<usize> {
        sorted(inp)
    }
    fn template(&self, item: Option<usize>) -> &'static str {
        match item {
            Some(_) => "role.html",
            None => "roles.html",
        }
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, item: Option<usize>) -> &'static str {
        match item {
            Some(i) => role_page(b, page, i),
            None => roles_index(b, page),
        }
    }
}
