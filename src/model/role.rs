//! The role kind: `roles/<id>.md`, a role definition in YAML front matter
//! with its prose as the body. Its id is the file name, its page
//! `roles/<id>.html`; it refers to a stage, other roles (`reports_to`,
//! `grows_into`) and its holders (people). `roles/index.md` is the roles
//! index's intro, not a role.

use serde::Deserialize;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::source::{FrontMatterFormat, SourceFile, split_front_matter};
use crate::yaml::{Origin, Spanned};

use std::collections::BTreeSet;

use super::governance::{Governance, Holder, Lookup};
use super::kind::{IdRefs, IdTable, IndexPage, Kind, KindId, KindInfo, SearchEntry, export_all};
use super::{
    Card, Entity, Handbook, Loader, Ref, UnitId, file_stem, refs, title_from_path, to_ref,
};

/// The role kind in the registry.
/// The roles index (with `roles/index.md` as its intro).
pub(crate) const INDEX_URL: &str = "roles/index.html";

/// Where the kind's files are found (one level deep).
pub(crate) const FOLDER: crate::source::FolderRule = crate::source::FolderRule {
    name: "roles",
    yaml: false,
};

/// The kind's place in the registry and in sort order (see [`KindId`]).
pub(crate) const ID: KindId = KindId::new(1, 1);

pub(crate) const KIND: KindInfo = KindInfo {
    id: ID,
    summary_order: 1,
    resolve_order: 1,
    name: "role",
    xref_class: "xref xref-role",
    plural: "roles",
    folder: Some(FOLDER),
    index: Some(IndexPage {
        url: INDEX_URL,
        title_key: "roles.title",
        what: "the roles index",
        title: "Roles",
    }),
};

/// The role kind in the registry ([`super::KINDS`]).
pub(crate) struct RoleKind;

impl Kind for RoleKind {
    fn new_records(&self, hb: &Handbook) -> Box<dyn super::governance::Records> {
        Box::new(vec![RoleRefs::default(); hb.roles.len()])
    }
    fn resolve(&self, hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
        resolve(hb, g, look);
    }
    fn info(&self) -> &'static KindInfo {
        &KIND
    }
    fn count(&self, hb: &Handbook) -> usize {
        hb.roles.len()
    }
    fn page<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.roles[i].url
    }
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.roles[i].title
    }
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.roles[i].id
    }
    fn src<'a>(&self, hb: &'a Handbook, i: usize) -> Option<&'a str> {
        Some(&hb.roles[i].src)
    }
    fn own_url<'a>(&self, hb: &'a mut Handbook, i: usize) -> Option<&'a mut String> {
        Some(&mut hb.roles[i].url)
    }
    fn body(&self, hb: &Handbook, i: usize) -> Option<UnitId> {
        Some(hb.roles[i].unit)
    }
    fn intro(&self, hb: &Handbook) -> Option<UnitId> {
        hb.roles_intro
    }
    fn hover(&self, hb: &Handbook, i: usize) -> Option<String> {
        Some(hb.roles[i].summary.clone())
    }
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        _git: &super::doc::GitFacts<'_>,
        each: &mut super::kind::EachRecord<'_>,
    ) {
        export_all(hb.roles.len(), |i| export(hb, gov, i), each);
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
            unknown: Code::UnknownRole,
            what: "id",
            help: "role ids are the file names in roles/ without .md",
            wiki_help: None,
            bare: true,
        })
    }
    /// Of two with one id, the later is found.
    fn index<'a>(&self, hb: &'a Handbook, t: &mut IdTable<'a>) {
        for (i, r) in hb.roles.iter().enumerate() {
            t.ids.insert(&r.id, i);
        }
    }
    fn by_path(&self, _hb: &Handbook, t: &IdTable<'_>, path: &str) -> Option<Entity> {
        let id = super::kind::id_in_folder(path, FOLDER.name, &[".md"])?;
        t.ids.get(id).map(|&i| Entity::Item(ID, i))
    }
}

/// The page of role `id`.
pub(crate) fn url(id: &str) -> String {
    format!("roles/{id}.html")
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleMeta {
    title: Option<String>,
    summary: Option<String>,
    stage: Option<Spanned<String>>,
    #[serde(default)]
    responsibilities: Vec<String>,
    #[serde(default)]
    requirements: Vec<String>,
    #[serde(default)]
    privileges: Vec<String>,
    term: Option<String>,
    time_commitment: Option<String>,
    reports_to: Option<Spanned<String>>,
    group: Option<Spanned<String>>,
    #[serde(default)]
    grows_into: Vec<Spanned<String>>,
    #[serde(default)]
    holders: Vec<Spanned<String>>,
    #[serde(default)]
    covers: Vec<Spanned<String>>,
    extra: Option<serde_json::Value>,
}

/// A role definition (`roles/<id>.md`).
#[derive(Debug, Clone)]
pub struct Role {
    pub id: String,
    pub src: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub stage: Option<Ref>,
    pub responsibilities: Vec<String>,
    pub requirements: Vec<String>,
    pub privileges: Vec<String>,
    pub term: Option<String>,
    pub time_commitment: Option<String>,
    pub reports_to: Option<Ref>,
    /// The group the role belongs to (a working group's chair, say).
    pub group: Option<Ref>,
    pub grows_into: Vec<Ref>,
    pub holders: Vec<Ref>,
    /// Governance health areas the role's definition covers.
    pub covers: Vec<Ref>,
    pub extra: serde_json::Value,
    pub unit: UnitId,
    pub span: Span,
}

pub(super) fn load(l: &mut Loader<'_>, files: &[SourceFile]) -> (Vec<Role>, Option<UnitId>) {
    // Front matter and body scan of each card on all cores, then the roles
    // in file order.
    let read = l.par_each(files, |l, _, f| read(l, f));
    let mut roles = Vec::new();
    let mut intro = None;
    for (f, r) in files.iter().zip(read) {
        let Some(card) = r else {
            let (_, body) = split_front_matter(&f.text);
            intro = Some(l.unit_from_body(Entity::Intro(ID), f, body));
            continue;
        };
        let unit = l.place(card.unit, Entity::Item(ID, roles.len()));
        let role = role_card(l, f, card.meta, &card.touched, unit);
        roles.push(role);
    }
    (roles, intro)
}

/// Role card `f` from its front matter and its body's `unit`.
fn role_card(
    l: &mut Loader<'_>,
    f: &SourceFile,
    meta: Option<RoleMeta>,
    touched: &[String],
    unit: UnitId,
) -> Role {
    let id = file_stem(&f.rel);
    let (fm, body) = split_front_matter(&f.text);
    let origin = Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: fm.as_ref().map_or(0, |fm| fm.line_offset),
        lines: None,
    };
    let parsed = meta.is_some();
    let mut meta = meta.unwrap_or_default();
    // A role card written as prose: its first heading and paragraph.
    let prose_title = (!parsed)
        .then(|| l.units[unit].scan.title.clone())
        .flatten();
    if !parsed && meta.summary.is_none() {
        meta.summary = first_paragraph(&f.text[body..]);
    }
    let title = match meta.title.take().or(prose_title) {
        Some(t) => t,
        None => {
            if parsed {
                l.missing("title", origin.span(1, 1, 0), touched);
            }
            title_from_path(&f.rel)
        }
    };
    Role {
        url: url(&id),
        id,
        src: f.rel.clone(),
        title,
        summary: meta.summary.unwrap_or_default(),
        stage: meta.stage.map(|s| to_ref(origin, s)),
        responsibilities: meta.responsibilities,
        requirements: meta.requirements,
        privileges: meta.privileges,
        term: meta.term,
        time_commitment: meta.time_commitment,
        reports_to: meta.reports_to.map(|s| to_ref(origin, s)),
        group: meta.group.map(|s| to_ref(origin, s)),
        grows_into: refs(origin, meta.grows_into),
        holders: refs(origin, meta.holders),
        covers: refs(origin, meta.covers),
        extra: meta.extra.unwrap_or(serde_json::Value::Null),
        unit,
        span: Span::file(&f.rel),
    }
}

/// A role file's [`Card`], or `None` for the folder's introduction (an
/// index or README file).
fn read(l: &mut Loader<'_>, f: &SourceFile) -> Option<Card<RoleMeta>> {
    let id = file_stem(&f.rel);
    let (fm, body) = split_front_matter(&f.text);
    if ["index", "readme", "_index"].contains(&id.to_ascii_lowercase().as_str()) {
        return None;
    }
    let origin = Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: fm.as_ref().map_or(0, |fm| fm.line_offset),
        lines: None,
    };
    // A role that fails to parse keeps its id (the file name), so what
    // refers to it still resolves and only the real mistake is reported.
    let (meta, touched) = match fm.filter(|fm| fm.format == FrontMatterFormat::Yaml) {
        Some(fm) => l.lenient::<RoleMeta>(fm.text, origin),
        None => {
            no_role_front_matter(l, f, &id);
            (None, vec!["title".to_string()])
        }
    };
    let unit = super::body_unit(Entity::Item(ID, 0), f, body, l.reuse);
    Some(Card {
        meta,
        touched,
        unit,
    })
}

fn no_role_front_matter(l: &mut Loader<'_>, f: &SourceFile, id: &str) {
    l.damaged.insert(f.rel.clone());
    let unterminated = crate::source::unclosed_front_matter(&f.text);
    let d = if unterminated {
        Diagnostic::error(
            Code::InvalidRole,
            format!("role `{id}`'s front matter has no closing `---`"),
        )
        .with_help("end the front matter with a line holding only `---`")
    } else {
        // A role card written as prose still becomes a role page (title from
        // its first heading, summary from its first paragraph).
        Diagnostic::warning(
            Code::RoleWithoutFrontMatter,
            format!("role `{id}` has no YAML front matter; its page is built from the prose"),
        )
        .with_help(
            "add front matter (`---`, `title:`, `summary:`, `holders:`, `responsibilities:`, then `---`) so the role joins the ladder and its checks",
        )
    };
    let len = if unterminated { 3 } else { 0 };
    l.diags.push(d.with_span(Span::at(&f.rel, &f.text, 0, len)));
}

/// The first paragraph of a markdown body as plain text (headings, lists,
/// quotes, fences, tables and HTML skipped), for a prose role's summary.
pub(super) fn first_paragraph(body: &str) -> Option<String> {
    let block = body.split("\n\n").map(str::trim).find(|b| {
        !b.is_empty()
            && !b.starts_with(['#', '-', '*', '>', '|', '<', '`', ':', '+'])
            && !b.starts_with(|c: char| c.is_ascii_digit())
    })?;
    let text = crate::markup::inline_plain(&block.replace('\n', " "));
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// What a role's references resolved to, and what refers to it.
#[derive(Debug, Clone, Default)]
pub struct RoleRefs {
    /// Index into `config.stages`.
    pub stage: Option<usize>,
    pub reports_to: Option<usize>,
    /// The group the role belongs to.
    pub group: Option<usize>,
    /// Roles that report to this one (inverse of `reports_to`).
    pub reports_from: Vec<usize>,
    pub grows_into: Vec<usize>,
    pub grows_from: Vec<usize>,
    pub holders: Vec<Holder>,
    /// Journeys (and stage index) whose steps involve the role.
    pub journeys: BTreeSet<(usize, usize)>,
    /// Docs listing the role as an owner.
    pub owned_docs: Vec<usize>,
    /// Decisions whose `affects:` names the role.
    pub decisions: Vec<usize>,
}

impl Governance {
    /// Every role's resolved references, by its index.
    pub fn roles(&self) -> &[RoleRefs] {
        self.records(ID)
    }

    /// Every role's references, to fill in while resolving.
    pub(crate) fn roles_mut(&mut self) -> &mut Vec<RoleRefs> {
        self.records_mut(ID)
    }
}

/// Resolve every role's stage, `reports_to`, `grows_into` and holders.
pub(super) fn resolve(hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
    for (i, r) in hb.roles.iter().enumerate() {
        g.roles_mut()[i].stage = r.stage.as_ref().and_then(|s| look.stage(s));
        if let Some(rt) = &r.reports_to {
            g.roles_mut()[i].reports_to = look.entity(ID, rt, &format!("`{}`'s reports_to", r.id));
            if let Some(t) = g.roles_mut()[i].reports_to {
                g.roles_mut()[t].reports_from.push(i);
            }
        }
        if let Some(gr) = &r.group {
            g.roles_mut()[i].group =
                look.entity(super::group::ID, gr, &format!("`{}`'s group", r.id));
            if let Some(t) = g.roles_mut()[i].group {
                g.groups_mut()[t].roles.push(i);
            }
        }
        for gi in &r.grows_into {
            if let Some(t) = look.entity(ID, gi, &format!("`{}`'s grows_into", r.id))
                && !g.roles_mut()[i].grows_into.contains(&t)
            {
                g.roles_mut()[i].grows_into.push(t);
                g.roles_mut()[t].grows_from.push(i);
            }
        }
        for h in &r.holders {
            if let Some(holder) = look.holder(h, &format!("`{}`'s holders", r.id)) {
                if let Holder::Person(p) = holder {
                    g.people_mut()[p].roles.push(i);
                }
                g.roles_mut()[i].holders.push(holder);
            }
        }
    }
}

/// A role in `handbook.json`.
#[derive(serde::Serialize)]
pub(crate) struct RoleOut<'a> {
    id: &'a str,
    source: &'a str,
    url: &'a str,
    title: &'a str,
    summary: &'a str,
    stage: Option<&'a str>,
    responsibilities: &'a [String],
    requirements: &'a [String],
    privileges: &'a [String],
    term: Option<&'a str>,
    time_commitment: Option<&'a str>,
    reports_to: Option<&'a str>,
    group: Option<&'a str>,
    grows_into: Vec<&'a str>,
    grows_from: Vec<&'a str>,
    holders: Vec<String>,
    extra: &'a serde_json::Value,
}

/// Role `i`'s `handbook.json` record.
pub(crate) fn export<'a>(hb: &'a Handbook, gov: &Governance, i: usize) -> RoleOut<'a> {
    let r = &hb.roles[i];
    let refs = &gov.roles()[i];
    let ids = |v: &[usize]| v.iter().map(|&t| hb.roles[t].id.as_str()).collect();
    RoleOut {
        id: &r.id,
        source: &r.src,
        url: &r.url,
        title: &r.title,
        summary: &r.summary,
        stage: refs.stage.map(|s| hb.config.stages[s].id.as_str()),
        responsibilities: &r.responsibilities,
        requirements: &r.requirements,
        privileges: &r.privileges,
        term: r.term.as_deref(),
        time_commitment: r.time_commitment.as_deref(),
        reports_to: refs.reports_to.map(|t| hb.roles[t].id.as_str()),
        group: refs.group.map(|t| hb.groups[t].id.as_str()),
        grows_into: ids(&refs.grows_into),
        grows_from: ids(&refs.grows_from),
        holders: refs.holders.iter().map(|h| h.id(hb)).collect(),
        extra: &r.extra,
    }
}

/// Role `i`'s search entry.
pub(crate) fn search<'a>(hb: &'a Handbook, gov: &Governance, i: usize) -> SearchEntry<'a> {
    let r = &hb.roles[i];
    let stage = gov.roles()[i]
        .stage
        .map(|s| hb.config.stages[s].title.clone())
        .unwrap_or_default();
    let head = [
        r.summary.clone(),
        r.responsibilities.join(" "),
        r.requirements.join(" "),
        r.privileges.join(" "),
    ]
    .join(" ");
    SearchEntry {
        url: r.url.clone(),
        fragment: None,
        title: &r.title,
        section: format!("Roles › {stage}"),
        boost: r.summary.clone(),
        text: super::kind::SearchText::unit(hb, r.unit, Some(head)),
    }
}
