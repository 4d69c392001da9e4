//! The group kind's pages: one page per group (its charter, roster of
//! current and past members with their roles, sub-groups, meetings,
//! channels, owned docs, way in and backlinks) and the groups index (the
//! organisation chart, then the groups by kind).

use crate::model::group::{GroupOrigin, Member, holder_name, kind_title};
use crate::model::{Entity, Holder as GovHolder};

use super::ctx::*;
use super::ctx_group::*;
use super::{Builder, orgchart, toc};

pub(super) fn group_page(b: &Builder<'_, '_>, page: &mut PageCtx, g: usize) -> &'static str {
    let inp = b.inp;
    let (hb, gov) = (inp.hb, inp.gov);
    let gr = &hb.groups[g];
    let refs = &gov.groups()[g];
    page.kind = "group";
    page.description = gr.summary.clone();
    page.content = b.unit_html(gr.unit);
    page.toc = toc(inp, gr.unit);
    page.breadcrumbs
        .push(b.link(inp.tr("groups.title"), crate::model::group::INDEX_URL));
    if let Some(p) = refs.parent {
        page.breadcrumbs
            .push(b.entity(Entity::Item(crate::model::group::ID, p)));
    }
    page.backlinks = b.backlinks(Entity::Item(crate::model::group::ID, g));
    if gr.origin == GroupOrigin::File {
        page.edit_url = b.edit_url(&gr.src);
        page.meta.last_updated = inp.last_updated.get(&gr.src).cloned();
    }
    page.group = Some(GroupCtx {
        id: gr.id.clone(),
        kind: refs.kind.as_deref().map(kind_title),
        status: gr.status.as_ref().map(|s| s.value.clone()),
        summary: gr.summary.clone(),
        parent: refs
            .parent
            .map(|p| b.entity(Entity::Item(crate::model::group::ID, p))),
        children: links(
            b,
            refs.children
                .iter()
                .map(|&c| Entity::Item(crate::model::group::ID, c)),
        ),
        roster: roster(b, g),
        channels: gr
            .channels
            .iter()
            .map(|c| ChannelCtx {
                name: c.name.clone(),
                url: c.url.clone(),
            })
            .collect(),
        meetings: gr.meetings.iter().map(meeting).collect(),
        docs: links(
            b,
            refs.docs
                .iter()
                .map(|&d| Entity::Item(crate::model::doc::ID, d)),
        ),
        repositories: gr.repositories.clone(),
        roles: links(
            b,
            refs.roles
                .iter()
                .map(|&r| Entity::Item(crate::model::role::ID, r)),
        ),
        decisions: links(
            b,
            refs.decisions
                .iter()
                .map(|&d| Entity::Item(crate::model::decision::ID, d)),
        ),
        join: refs.join.map(|e| b.entity(e)),
        source: match &gr.origin {
            GroupOrigin::File => None,
            GroupOrigin::Source(f) => Some(f.clone()),
        },
    });
    "group.html"
}

/// The roster: current leads, members and past members, each person once
/// (a lead also listed as a member is among the leads); empty lists left out.
fn roster(b: &Builder<'_, '_>, g: usize) -> Vec<RosterSection> {
    let gr = &b.inp.hb.groups[g];
    let refs = &b.inp.gov.groups()[g];
    let (mut leads, mut members, mut past) = (Vec::new(), Vec::new(), Vec::new());
    for m in &refs.members {
        let raw = &gr.members[m.member];
        let ctx = member(b, &m.holder, raw, m.role);
        let list = match (raw.current(), raw.lead) {
            (false, _) => &mut past,
            (true, true) => &mut leads,
            (true, false) => &mut members,
        };
        add_member(list, ctx);
    }
    // A lead also listed as a member (team files often list leads in both)
    // is shown once, among the leads.
    for m in std::mem::take(&mut members) {
        if leads.iter().any(|l| same_person(l, &m)) {
            add_member(&mut leads, m);
        } else {
            members.push(m);
        }
    }
    [
        ("leads", "groups.leads", leads),
        ("members", "groups.members_title", members),
        ("past", "groups.past", past),
    ]
    .into_iter()
    .filter(|(_, _, people)| !people.is_empty())
    .map(|(id, key, people)| RosterSection {
        id,
        title: b.inp.tr(key).to_string(),
        past: id == "past",
        people,
    })
    .collect()
}

/// Add someone to a roster list; a person listed twice (chair and tech
/// lead) is one entry with both roles.
fn add_member(list: &mut Vec<MemberCtx>, m: MemberCtx) {
    match list.iter_mut().find(|x| same_person(x, &m)) {
        Some(x) => {
            if let Some(r) = m.role {
                x.role = Some(match x.role.take() {
                    Some(prev) if prev != r => format!("{prev}, {r}"),
                    Some(prev) => prev,
                    None => r,
                });
                // Two roles: neither links alone.
                x.role_url = None;
            }
        }
        None => list.push(m),
    }
}

fn same_person(a: &MemberCtx, b: &MemberCtx) -> bool {
    a.name == b.name && a.url == b.url
}

fn links(b: &Builder<'_, '_>, es: impl Iterator<Item = Entity>) -> Vec<Link> {
    es.map(|e| b.entity(e)).collect()
}

fn member(b: &Builder<'_, '_>, h: &GovHolder, raw: &Member, role: Option<usize>) -> MemberCtx {
    let hb = b.inp.hb;
    let holder = b.holder(h);
    let (role_title, role_url) = match (role, &raw.role) {
        (Some(r), _) => {
            let l = b.entity(Entity::Item(crate::model::role::ID, r));
            (Some(l.title), Some(l.url))
        }
        (None, Some(label)) => (Some(kind_title(label)), None),
        (None, None) => (None, None),
    };
    MemberCtx {
        name: holder_name(hb, h, raw),
        url: holder.url,
        role: role_title,
        role_url,
        since: raw.since.clone(),
        until: raw.until.clone(),
        emeritus: raw.emeritus,
    }
}

fn meeting(m: &crate::model::group::Meeting) -> MeetingCtx {
    let when = [&m.frequency, &m.day, &m.time, &m.timezone]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    MeetingCtx {
        title: m.title.clone().unwrap_or_default(),
        when,
        url: m.url.clone(),
    }
}

pub(super) fn groups_index(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let inp = b.inp;
    let (hb, gov) = (inp.hb, inp.gov);
    page.kind = "groups";
    page.description = inp
        .md
        .strings
        .fill("groups.description", &[("handbook", &hb.config.title)]);
    page.backlinks = Vec::new();
    let mut sections: Vec<GroupSection> = Vec::new();
    for kind in hb.config.group_kinds.iter().map(Some).chain([None]) {
        let mut groups: Vec<usize> = (0..hb.groups.len())
            .filter(|&i| gov.groups()[i].kind.as_ref() == kind)
            .collect();
        if groups.is_empty() {
            continue;
        }
        groups.sort_by_cached_key(|&i| hb.groups[i].title.to_lowercase());
        sections.push(GroupSection {
            id: kind.map_or_else(|| "other".to_string(), |k| crate::slug::slugify(k)),
            title: kind.map_or_else(|| inp.tr("groups.other").to_string(), |k| kind_title(k)),
            groups: groups
                .into_iter()
                .map(|i| GroupTile {
                    title: hb.groups[i].title.clone(),
                    url: b.entity(Entity::Item(crate::model::group::ID, i)).url,
                    summary: hb.groups[i].summary.clone(),
                    status: hb.groups[i].status.as_ref().map(|s| s.value.clone()),
                    // People, not entries: a chair who is also a tech
                    // lead counts once.
                    members: (gov.groups()[i].members.iter())
                        .filter(|m| hb.groups[i].members[m.member].current())
                        .map(|m| m.holder.id(hb))
                        .collect::<std::collections::BTreeSet<_>>()
                        .len(),
                })
                .collect(),
        });
    }
    page.groups = Some(GroupsIndexCtx {
        chart: orgchart::org_svg(hb, gov, &b.root, inp.md.strings),
        rows: orgchart::rows(hb, gov, &b.root),
        sections,
    });
    "groups.html"
}

/// The group kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::group::GroupKind
    }
    /// Groups in the order of the organisation chart.
    fn order(&self, inp: &super::Inputs<'_>) -> Vec<usize> {
        let roots = super::orgchart::roots(inp.hb, inp.gov);
        super::orgchart::rows_order(inp.hb, inp.gov, &roots).collect()
    }
    /// An imported group's data file holds other groups too.
    fn own_file<'a>(&self, inp: &super::Inputs<'a>, i: usize) -> Option<&'a str> {
        let g = &inp.hb.groups[i];
        (g.origin == crate::model::group::GroupOrigin::File).then_some(g.src.as_str())
    }
    fn template(&self, item: Option<usize>) -> &'static str {
        match item {
            Some(_) => "group.html",
            None => "groups.html",
        }
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, item: Option<usize>) -> &'static str {
        match item {
            Some(i) => group_page(b, page, i),
            None => groups_index(b, page),
        }
    }
}
