//! The group kind: working groups, committees, councils, teams, SIGs and
//! subprojects. A group is `groups/<id>.md` (YAML front matter, with its
//! charter as the body) or a record imported from a data file the community
//! already keeps (see [`crate::model::sources`]); both become the same
//! [`Group`]. Its page is `groups/<id>.html`; it refers to a parent group,
//! people (leads and members, each with an optional role), the docs it
//! owns and a journey or doc that explains how to join.

use serde::Deserialize;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::source::{FrontMatterFormat, SourceFile, split_front_matter};
use crate::yaml::{Origin, Spanned};

use super::governance::{Governance, Holder, Lookup};
use super::kind::{IdRefs, IdTable, IndexPage, Kind, KindId, KindInfo, SearchEntry, export_all};
use super::{
    Card, Entity, Handbook, Loader, Ref, UnitId, file_stem, refs, title_from_path, to_ref,
};

/// The group kind in the registry.
/// The groups index (with the organisation chart).
pub(crate) const INDEX_URL: &str = "groups/index.html";

/// Where the kind's files are found (one level deep).
pub(crate) const FOLDER: crate::source::FolderRule = crate::source::FolderRule {
    name: "groups",
    yaml: false,
};

/// The kind's place in the registry and in sort order (see [`KindId`]).
pub(crate) const ID: KindId = KindId::new(5, 2);

pub(crate) const KIND: KindInfo = KindInfo {
    id: ID,
    summary_order: 2,
    resolve_order: 0,
    name: "group",
    xref_class: "xref xref-group",
    plural: "groups",
    folder: Some(FOLDER),
    index: Some(IndexPage {
        url: INDEX_URL,
        title_key: "groups.title",
        what: "the groups index",
        title: "Groups",
    }),
};

/// The group kind in the registry ([`super::KINDS`]).
pub(crate) struct GroupKind;

impl Kind for GroupKind {
    fn new_records(&self, hb: &Handbook) -> Box<dyn super::governance::Records> {
        Box::new(vec![GroupRefs::default(); hb.groups.len()])
    }
    fn resolve(&self, hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
        resolve(hb, g, look);
    }
    fn info(&self) -> &'static KindInfo {
        &KIND
    }
    fn count(&self, hb: &Handbook) -> usize {
        hb.groups.len()
    }
    fn page<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.groups[i].url
    }
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.groups[i].title
    }
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.groups[i].id
    }
    fn src<'a>(&self, hb: &'a Handbook, i: usize) -> Option<&'a str> {
        Some(&hb.groups[i].src)
    }
    fn own_url<'a>(&self, hb: &'a mut Handbook, i: usize) -> Option<&'a mut String> {
        Some(&mut hb.groups[i].url)
    }
    fn hover(&self, hb: &Handbook, i: usize) -> Option<String> {
        Some(hb.groups[i].summary.clone())
    }
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        _git: &super::doc::GitFacts<'_>,
        each: &mut super::kind::EachRecord<'_>,
    ) {
        export_all(hb.groups.len(), |i| export(hb, gov, i), each);
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
            unknown: Code::UnknownGroup,
            what: "id",
            help: "group ids are the file names in groups/ without .md",
            wiki_help: None,
            bare: true,
        })
    }
    /// Of two with one id, the first is found (`report_duplicates` reports the other).
    fn index<'a>(&self, hb: &'a Handbook, t: &mut IdTable<'a>) {
        for (i, g) in hb.groups.iter().enumerate() {
            t.ids.entry(&g.id).or_insert(i);
        }
    }
    fn by_path(&self, hb: &Handbook, t: &IdTable<'_>, path: &str) -> Option<Entity> {
        // An imported group has no source path to link to.
        let id = super::kind::id_in_folder(path, FOLDER.name, &[".md"])?;
        let &i = t.ids.get(id)?;
        (hb.groups[i].origin == GroupOrigin::File).then_some(Entity::Item(ID, i))
    }
}

/// The states a group can be in.
pub(crate) const STATUSES: &[&str] = &["active", "incubating", "archived"];

/// The page of group `id`.
pub fn url(id: &str) -> String {
    format!("groups/{id}.html")
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupMeta {
    #[serde(alias = "title")]
    name: Option<String>,
    kind: Option<Spanned<String>>,
    #[serde(alias = "mission")]
    summary: Option<String>,
    parent: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    #[serde(default)]
    leads: Vec<Spanned<MemberRaw>>,
    #[serde(default)]
    members: Vec<Spanned<MemberRaw>>,
    #[serde(default)]
    channels: Vec<ChannelRaw>,
    #[serde(default)]
    meetings: Vec<Meeting>,
    owns: Option<OwnsRaw>,
    join: Option<Spanned<String>>,
    #[serde(default)]
    covers: Vec<Spanned<String>>,
    extra: Option<serde_json::Value>,
}

/// A member as written: a person id, or a map with the details.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum MemberRaw {
    Id(String),
    Full(MemberFull),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberFull {
    #[serde(alias = "id")]
    person: String,
    role: Option<String>,
    since: Option<String>,
    until: Option<String>,
    #[serde(default)]
    emeritus: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ChannelRaw {
    Url(Spanned<String>),
    Named {
        name: String,
        url: Option<Spanned<String>>,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnsRaw {
    #[serde(default)]
    docs: Vec<Spanned<String>>,
    #[serde(default)]
    repositories: Vec<Spanned<String>>,
    #[serde(default)]
    decisions: Vec<String>,
}

/// A group meeting.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[serde(alias = "description")]
    pub title: Option<String>,
    pub day: Option<String>,
    pub time: Option<String>,
    #[serde(alias = "tz")]
    pub timezone: Option<String>,
    #[serde(alias = "cadence")]
    pub frequency: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, skip_serializing)]
    pub archive_url: Option<String>,
    #[serde(default, skip_serializing)]
    pub recordings_url: Option<String>,
}

/// A place where the group talks.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Channel {
    pub name: String,
    pub url: Option<String>,
}

/// Someone in a group: a lead or a member, current or past.
#[derive(Debug, Clone)]
pub struct Member {
    pub person: Ref,
    /// A role id, or (for imported groups) a label such as `chair`.
    pub role: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub emeritus: bool,
    pub lead: bool,
    /// Display name from an imported record, when the person is not in
    /// `people.yml`.
    pub name: Option<String>,
    /// Read from a data source: its person and role are not checked
    /// against `people.yml` and the roles (the role is a label there).
    pub imported: bool,
}

impl Member {
    /// Whether the member still serves (not emeritus, no end date).
    pub fn current(&self) -> bool {
        !self.emeritus && self.until.is_none()
    }
}

/// Where a group was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupOrigin {
    /// `groups/<id>.md`.
    File,
    /// A record of a data source (the preset or file it came from).
    Source(String),
}

/// A working group, committee, team… (`groups/<id>.md` or imported).
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub src: String,
    pub url: String,
    pub title: String,
    pub kind: Option<Ref>,
    pub summary: String,
    pub parent: Option<Ref>,
    pub status: Option<Ref>,
    pub members: Vec<Member>,
    pub channels: Vec<Channel>,
    pub meetings: Vec<Meeting>,
    pub owns_docs: Vec<Ref>,
    pub repositories: Vec<String>,
    pub decisions: Vec<String>,
    pub join: Option<Ref>,
    /// Governance health areas the group's charter covers.
    pub covers: Vec<Ref>,
    pub extra: serde_json::Value,
    /// The charter (the file's body, or an imported mission statement).
    pub unit: UnitId,
    pub span: Span,
    pub origin: GroupOrigin,
}

/// Load the groups of `groups/`; files there without front matter are
/// docs, so they move to `sources.docs` (back in walk order).
pub(super) fn load_sources(l: &mut Loader<'_>, sources: &mut crate::source::Sources) -> Vec<Group> {
    let (groups, group_files, group_docs) =
        load(l, std::mem::take(sources.folder_mut(FOLDER.name)));
    *sources.folder_mut(FOLDER.name) = group_files;
    if !group_docs.is_empty() {
        // Names compared folder by folder.
        sources.docs.extend(group_docs);
        sources
            .docs
            .sort_by(|a, b| a.rel.split('/').cmp(b.rel.split('/')));
    }
    groups
}

/// Load `groups/*.md`. A file there without YAML front matter is not a
/// group: it is handed back to be built as an ordinary doc.
fn load(
    l: &mut Loader<'_>,
    files: Vec<SourceFile>,
) -> (Vec<Group>, Vec<SourceFile>, Vec<SourceFile>) {
    // Front matter and body scan of each file on all cores, then the
    // groups in file order.
    let read = l.par_each(&files, |l, _, f| read(l, f));
    let mut groups = Vec::new();
    let mut kept = Vec::new();
    let mut docs = Vec::new();
    for (f, r) in files.into_iter().zip(read) {
        let Some(card) = r else {
            docs.push(f);
            continue;
        };
        let heading = card.unit.scan.title.clone();
        let unit = l.place(card.unit, Entity::Item(ID, groups.len()));
        let (meta, touched) = (card.meta, card.touched);
        let (fm, _) = split_front_matter(&f.text);
        let origin = Origin {
            file: &f.rel,
            file_text: &f.text,
            line_offset: fm.map_or(0, |fm| fm.line_offset),
            lines: None,
        };
        let parsed = meta.is_some();
        let meta = meta.unwrap_or_default();
        let title = match meta.name.clone() {
            Some(t) => t,
            None => {
                if parsed && heading.is_none() {
                    l.missing("name", origin.span(1, 1, 0), &touched);
                }
                heading.unwrap_or_else(|| title_from_path(&f.rel))
            }
        };
        let group = from_meta(l, origin, meta, file_stem(&f.rel), title, unit);
        groups.push(group);
        kept.push(f);
    }
    (groups, kept, docs)
}

/// A group file's [`Card`], or `None` for a file that is a doc.
fn read(l: &mut Loader<'_>, f: &SourceFile) -> Option<Card<GroupMeta>> {
    let id = file_stem(&f.rel);
    let (fm, body) = split_front_matter(&f.text);
    let is_index = ["index", "readme", "_index"].contains(&id.to_ascii_lowercase().as_str());
    let fm = fm.filter(|fm| fm.format == FrontMatterFormat::Yaml && !is_index)?;
    let origin = Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: fm.line_offset,
        lines: None,
    };
    let (meta, touched) = l.lenient::<GroupMeta>(fm.text, origin);
    Some(Card {
        meta,
        touched,
        unit: super::body_unit(Entity::Item(ID, 0), f, body, l.reuse),
    })
}

fn from_meta(
    l: &mut Loader<'_>,
    origin: Origin<'_>,
    meta: GroupMeta,
    id: String,
    title: String,
    unit: UnitId,
) -> Group {
    let mut members = members_of(origin, meta.leads, true);
    members.extend(members_of(origin, meta.members, false));
    let channels = (meta.channels.into_iter())
        .filter_map(|c| match c {
            ChannelRaw::Url(u) => {
                let url = super::person::safe_url(l, origin, u)?;
                Some(Channel {
                    name: url.clone(),
                    url: Some(url),
                })
            }
            ChannelRaw::Named { name, url } => Some(Channel {
                name,
                url: url.and_then(|u| super::person::safe_url(l, origin, u)),
            }),
        })
        .collect();
    let owns = meta.owns.unwrap_or_default();
    let repositories = (owns.repositories.into_iter())
        .filter_map(|u| super::person::safe_url(l, origin, u))
        .collect();
    let meetings = (meta.meetings.into_iter())
        .map(|mut m| {
            m.url = m.url.filter(|u| crate::url::is_safe(u));
            m
        })
        .collect();
    Group {
        url: url(&id),
        id,
        src: origin.file.to_string(),
        title,
        kind: meta.kind.map(|k| to_ref(origin, k)),
        summary: meta.summary.unwrap_or_default(),
        parent: meta.parent.map(|p| to_ref(origin, p)),
        status: meta.status.map(|s| to_ref(origin, s)),
        members,
        channels,
        meetings,
        owns_docs: refs(origin, owns.docs),
        repositories,
        decisions: owns.decisions,
        join: meta.join.map(|j| to_ref(origin, j)),
        covers: refs(origin, meta.covers),
        extra: meta.extra.unwrap_or(serde_json::Value::Null),
        unit,
        span: Span::file(origin.file),
        origin: GroupOrigin::File,
    }
}

fn members_of(origin: Origin<'_>, v: Vec<Spanned<MemberRaw>>, lead: bool) -> Vec<Member> {
    v.into_iter()
        .map(|m| {
            let span = origin.span_of(&m, 0);
            let (person, role, since, until, emeritus) = match m.value {
                MemberRaw::Id(p) => (p, None, None, None, false),
                MemberRaw::Full(f) => (f.person, f.role, f.since, f.until, f.emeritus),
            };
            let mut span = span;
            // Point at the id when the entry is the id itself.
            if origin
                .file_text
                .get(span.offset..)
                .is_some_and(|t| t.starts_with(person.as_str()))
            {
                span.len = person.len();
            }
            Member {
                person: Ref {
                    value: person,
                    span,
                },
                role,
                since,
                until,
                emeritus,
                lead,
                name: None,
                imported: false,
            }
        })
        .collect()
}

/// A member as resolved: who, and their role when it names one.
#[derive(Debug, Clone)]
pub struct MemberRef {
    pub holder: Holder,
    /// The role id's index, when the member's role names a role.
    pub role: Option<usize>,
    /// Index into the group's `members`.
    pub member: usize,
}

/// What a group's references resolved to, and what refers to it.
#[derive(Debug, Clone, Default)]
pub struct GroupRefs {
    pub kind: Option<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub members: Vec<MemberRef>,
    pub docs: Vec<usize>,
    pub join: Option<Entity>,
    /// Roles that belong to the group (`group:` in a role).
    pub roles: Vec<usize>,
    /// Decisions the group made (it is among their deciders).
    pub decisions: Vec<usize>,
}

impl Governance {
    /// Every group's resolved references, by its index.
    pub fn groups(&self) -> &[GroupRefs] {
        self.records(ID)
    }

    /// Every group's references, to fill in while resolving.
    pub(crate) fn groups_mut(&mut self) -> &mut Vec<GroupRefs> {
        self.records_mut(ID)
    }
}

/// An error at a reference.
fn error_at(code: Code, msg: String, r: &Ref, help: String) -> Diagnostic {
    Diagnostic::error(code, msg)
        .with_span(r.span.clone())
        .with_help(help)
}

/// A group kind allowed by `group_kinds:` (the kind, normalised), or
/// `None` after reporting it.
fn group_kind(hb: &Handbook, r: &Ref, look: &mut dyn Lookup) -> Option<String> {
    let kinds = &hb.config.group_kinds;
    let norm = r.value.trim().to_lowercase().replace([' ', '_'], "-");
    if let Some(k) = kinds.iter().find(|k| k.to_lowercase() == norm) {
        return Some(k.clone());
    }
    let help = crate::diag::suggestion_help(
        &r.value,
        kinds.iter().map(String::as_str),
        &format!(
            "allowed kinds: {} (set `group_kinds:` in handbook.yml to change them)",
            kinds.join(", ")
        ),
    );
    let msg = format!("unknown group kind `{}`", r.value);
    look.report(error_at(Code::InvalidGroup, msg, r, help));
    None
}

/// Report a group status that is not one of [`STATUSES`].
fn check_status(r: &Ref, look: &mut dyn Lookup) {
    if STATUSES.contains(&r.value.as_str()) {
        return;
    }
    let help = crate::diag::suggestion_help(
        &r.value,
        STATUSES.iter().copied(),
        &format!("a group's status is one of {}", STATUSES.join(", ")),
    );
    let msg = format!("unknown group status `{}`", r.value);
    look.report(error_at(Code::InvalidGroup, msg, r, help));
}

/// Resolve every group's parent, members, owned docs and way in.
pub(super) fn resolve(hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
    for (i, gr) in hb.groups.iter().enumerate() {
        let what = format!("group `{}`", gr.id);
        g.groups_mut()[i].kind = gr.kind.as_ref().and_then(|k| group_kind(hb, k, look));
        if let Some(s) = &gr.status {
            check_status(s, look);
        }
        if let Some(p) = &gr.parent
            && let Some(t) = look.entity(ID, p, &format!("{what}'s parent"))
        {
            if let Some(cycle) = parent_cycle(hb, i, t) {
                // One report per cycle, at its first group.
                if cycle.iter().all(|&c| c >= i) {
                    let names: Vec<&str> =
                        cycle.iter().map(|&c| hb.groups[c].id.as_str()).collect();
                    let msg = format!(
                        "groups' parents form a cycle: {} → {}",
                        names.join(" → "),
                        gr.id
                    );
                    let help = "remove one `parent:` so the chain ends at a top-level group";
                    look.report(error_at(Code::GroupCycle, msg, p, help.into()));
                }
            } else {
                g.groups_mut()[i].parent = Some(t);
                g.groups_mut()[t].children.push(i);
            }
        }
        resolve_members(hb, g, look, i);
        for d in &gr.owns_docs {
            let found = if gr.origin == GroupOrigin::File {
                look.doc(d, &format!("{what}'s owns.docs"))
            } else {
                look.find_doc(&d.value)
            };
            if let Some(di) = found.filter(|di| !g.groups_mut()[i].docs.contains(di)) {
                g.groups_mut()[i].docs.push(di);
            }
        }
        if let Some(j) = &gr.join {
            g.groups_mut()[i].join = look.journey_or_page(j, &format!("{what}'s join"));
        }
    }
}

fn resolve_members(hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup, i: usize) {
    let gr = &hb.groups[i];
    let what = format!("group `{}`'s members", gr.id);
    for (mi, m) in gr.members.iter().enumerate() {
        let imported = m.imported;
        let holder = if imported {
            look.imported_person(&m.person)
        } else {
            look.holder(&m.person, &what)
        };
        let Some(holder) = holder else { continue };
        let role = match &m.role {
            Some(r) if imported => look.find(super::role::ID, r),
            Some(r) => look.entity(
                super::role::ID,
                &Ref {
                    value: r.clone(),
                    span: m.person.span.clone(),
                },
                &what,
            ),
            None => None,
        };
        if let Holder::Person(p) = holder
            && !g.people_mut()[p].groups.contains(&i)
        {
            g.people_mut()[p].groups.push(i);
        }
        g.groups_mut()[i].members.push(MemberRef {
            holder,
            role,
            member: mi,
        });
    }
}

/// The groups from `i` along parents back to `i`, when following parents
/// from `t` (the parent of `i`) comes back to it.
fn parent_cycle(hb: &Handbook, i: usize, t: usize) -> Option<Vec<usize>> {
    let ids: std::collections::HashMap<&str, usize> = hb
        .groups
        .iter()
        .enumerate()
        .map(|(k, g)| (g.id.as_str(), k))
        .collect();
    let mut chain = vec![i];
    let mut cur = Some(t);
    for _ in 0..=hb.groups.len() {
        match cur {
            Some(c) if c == i => return Some(chain),
            Some(c) if chain.contains(&c) => return None,
            Some(c) => {
                chain.push(c);
                cur = hb.groups[c]
                    .parent
                    .as_ref()
                    .and_then(|p| ids.get(p.value.as_str()).copied());
            }
            None => return None,
        }
    }
    None
}

/// A member in `handbook.json`.
#[derive(serde::Serialize)]
pub(crate) struct MemberOut<'a> {
    person: String,
    role: Option<&'a str>,
    lead: bool,
    emeritus: bool,
    since: Option<&'a str>,
    until: Option<&'a str>,
}

/// A group in `handbook.json`.
#[derive(serde::Serialize)]
pub struct GroupOut<'a> {
    id: &'a str,
    source: &'a str,
    url: &'a str,
    name: &'a str,
    kind: Option<&'a str>,
    summary: &'a str,
    status: Option<&'a str>,
    parent: Option<&'a str>,
    children: Vec<&'a str>,
    members: Vec<MemberOut<'a>>,
    channels: &'a [Channel],
    meetings: &'a [Meeting],
    docs: Vec<&'a str>,
    repositories: &'a [String],
    roles: Vec<&'a str>,
    extra: &'a serde_json::Value,
}

/// Group `i`'s `handbook.json` record.
pub fn export<'a>(hb: &'a Handbook, gov: &'a Governance, i: usize) -> GroupOut<'a> {
    let gr = &hb.groups[i];
    let refs = &gov.groups()[i];
    GroupOut {
        id: &gr.id,
        source: &gr.src,
        url: &gr.url,
        name: &gr.title,
        kind: refs.kind.as_deref(),
        summary: &gr.summary,
        status: gr.status.as_ref().map(|s| s.value.as_str()),
        parent: refs.parent.map(|p| hb.groups[p].id.as_str()),
        children: (refs.children.iter())
            .map(|&c| hb.groups[c].id.as_str())
            .collect(),
        members: (refs.members.iter())
            .map(|m| {
                let raw = &gr.members[m.member];
                MemberOut {
                    person: m.holder.id(hb),
                    role: raw.role.as_deref(),
                    lead: raw.lead,
                    emeritus: raw.emeritus,
                    since: raw.since.as_deref(),
                    until: raw.until.as_deref(),
                }
            })
            .collect(),
        channels: &gr.channels,
        meetings: &gr.meetings,
        docs: (refs.docs.iter())
            .map(|&d| hb.docs[d].src.as_str())
            .collect(),
        repositories: &gr.repositories,
        roles: (refs.roles.iter())
            .map(|&r| hb.roles[r].id.as_str())
            .collect(),
        extra: &gr.extra,
    }
}

/// Group `i`'s search entry.
pub fn search<'a>(hb: &'a Handbook, gov: &Governance, i: usize) -> SearchEntry<'a> {
    let gr = &hb.groups[i];
    let members: Vec<String> = (gov.groups()[i].members.iter())
        .map(|m| holder_name(hb, &m.holder, &gr.members[m.member]))
        .collect();
    let kind = gov.groups()[i].kind.clone().unwrap_or_default();
    let head = format!("{} {}", gr.summary, members.join(", "));
    SearchEntry {
        url: gr.url.clone(),
        fragment: None,
        title: &gr.title,
        section: format!("Groups › {}", kind_title(&kind)),
        boost: format!("{} {}", gr.summary, kind),
        text: super::kind::SearchText::unit(hb, gr.unit, Some(head)),
    }
}

/// A member's display name: the person's name, the imported name, or the id.
pub(crate) fn holder_name(hb: &Handbook, h: &Holder, m: &Member) -> String {
    match h {
        Holder::Person(p) => hb.people[*p].name.clone(),
        Holder::Name(n) => m.name.clone().unwrap_or_else(|| n.clone()),
    }
}

/// `working-group` → "Working group", `sig` → "SIG".
pub(crate) fn kind_title(kind: &str) -> String {
    if kind.len() <= 3 {
        return kind.to_uppercase();
    }
    let words = kind.replace(['-', '_'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Report a group id used twice (a file and an imported record merge
/// instead, see [`crate::model::sources`]).
pub(super) fn report_duplicates(groups: &[Group], diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashMap::new();
    for g in groups {
        if let Some(first) = seen.insert(g.id.as_str(), g.src.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("group `{}` is defined twice (also in `{first}`)", g.id),
                )
                .with_span(g.span.clone())
                .with_help("give each group its own id"),
            );
        }
    }
}

/// Someone on a roster shown by the `{members}` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub name: String,
    /// Root-relative URL of the person, when they are in the people list.
    pub url: Option<String>,
    /// A role title, or an imported label ("Chair").
    pub role: Option<String>,
    pub lead: bool,
}

/// What a member does in the group, as text: the title of the role their
/// `role:` names, else the label as written ("Chair").
pub(crate) fn role_label(hb: &Handbook, m: &MemberRef, raw: &Member) -> Option<String> {
    match (m.role, &raw.role) {
        (Some(r), _) => Some(hb.roles[r].title.clone()),
        (None, Some(label)) => Some(kind_title(label)),
        (None, None) => None,
    }
}

/// Each group's current members by group id, for the `{members}` directive.
pub(crate) type Rosters = std::collections::BTreeMap<String, Vec<RosterEntry>>;

/// No rosters (rendering markdown outside a handbook).
pub static NO_ROSTERS: Rosters = std::collections::BTreeMap::new();

/// Every group's current members, leads first, as the directive shows them.
pub fn rosters(hb: &Handbook, gov: &Governance) -> Rosters {
    let mut out = Rosters::new();
    for (i, g) in hb.groups.iter().enumerate() {
        let mut entries: Vec<RosterEntry> = Vec::new();
        for m in &gov.groups()[i].members {
            let raw = &g.members[m.member];
            if !raw.current() {
                continue;
            }
            let role = role_label(hb, m, raw);
            let url = match m.holder {
                Holder::Person(p) => Some(Entity::Item(super::person::ID, p).url(hb)),
                Holder::Name(_) => None,
            };
            let name = holder_name(hb, &m.holder, raw);
            match entries.iter_mut().find(|e| e.name == name && e.url == url) {
                Some(e) => {
                    e.lead |= raw.lead;
                    if let Some(r) = role.filter(|r| e.role.as_deref() != Some(r)) {
                        e.role = Some(match e.role.take() {
                            Some(prev) => format!("{prev}, {r}"),
                            None => r,
                        });
                    }
                }
                None => entries.push(RosterEntry {
                    name,
                    url,
                    role,
                    lead: raw.lead,
                }),
            }
        }
        entries.sort_by_key(|e| !e.lead);
        out.entry(g.id.clone()).or_insert(entries);
    }
    out
}
