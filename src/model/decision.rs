//! The decision kind: decision records (`decisions/*.md`, or the folder set
//! by `decisions: folder:`, or a `docs/decisions/` folder of numbered
//! `NNNN-*.md` files, as MADR keeps them). A record's metadata is YAML front
//! matter (strict: an unknown key is an error with a "did you mean"; keys of
//! other generators are tolerated), or what MADR and PEP-style records write
//! in their body (see [`super::decision_import`]). Its id is the file stem
//! (or `id:`), its page `decisions/<id>.html`; it refers to people
//! (proposers, ballots), roles or groups (deciders), other decisions
//! (supersedes, superseded by, relates) and the docs and roles it affects.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::code::Code;
use crate::config::Config;
use crate::diag::{Diagnostic, Span};
use crate::source::{FrontMatterFormat, SourceFile, split_front_matter};
use crate::yaml::{Origin, Spanned};

use super::decision_import::{self as import, Field, Scalar, StrList};
use super::governance::{Governance, Holder, Lookup};
use super::kind::{IdRefs, IdTable, IndexPage, Kind, KindId, KindInfo, SearchEntry, export_all};
use super::{Entity, Handbook, Loader, MdUnit, Ref, UnitId, body_unit, file_stem, title_from_path};

pub(crate) use super::decision_import::{DEFAULT_STATUSES, number_in_ref};

/// The decision kind in the registry.
/// The decisions index (grouped by status, with the supersession graph).
pub(crate) const INDEX_URL: &str = "decisions/index.html";

/// The Atom feed of decisions (only with a `base_url`).
pub(crate) const FEED_URL: &str = "feed.xml";

/// The kind's place in the registry and in sort order (see [`KindId`]).
pub(crate) const ID: KindId = KindId::new(6, 6);

pub(crate) const KIND: KindInfo = KindInfo {
    id: ID,
    summary_order: 4,
    resolve_order: 5,
    name: "decision",
    xref_class: "xref xref-decision",
    plural: "decisions",
    folder: None,
    index: Some(IndexPage {
        url: INDEX_URL,
        title_key: "decisions.title",
        what: "the decisions index",
        title: "Decisions",
    }),
};

/// The decision kind in the registry ([`super::KINDS`]).
pub(crate) struct DecisionKind;

impl Kind for DecisionKind {
    fn extra_pages(&self, hb: &Handbook) -> Vec<(&'static str, &'static str)> {
        if !hb.decisions.is_empty() && hb.config.base_url.is_some() {
            vec![(FEED_URL, "the decisions feed")]
        } else {
            Vec::new()
        }
    }
    fn new_records(&self, hb: &Handbook) -> Box<dyn super::governance::Records> {
        Box::new(vec![DecisionRefs::default(); hb.decisions.len()])
    }
    fn resolve(&self, hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
        resolve(hb, g, look);
    }
    fn info(&self) -> &'static KindInfo {
        &KIND
    }
    fn count(&self, hb: &Handbook) -> usize {
        hb.decisions.len()
    }
    fn page<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.decisions[i].url
    }
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.decisions[i].title
    }
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.decisions[i].id
    }
    fn src<'a>(&self, hb: &'a Handbook, i: usize) -> Option<&'a str> {
        Some(&hb.decisions[i].src)
    }
    fn own_url<'a>(&self, hb: &'a mut Handbook, i: usize) -> Option<&'a mut String> {
        Some(&mut hb.decisions[i].url)
    }
    fn body(&self, hb: &Handbook, i: usize) -> Option<UnitId> {
        Some(hb.decisions[i].unit)
    }
    fn intro(&self, hb: &Handbook) -> Option<UnitId> {
        hb.decisions_intro
    }
    fn hover(&self, hb: &Handbook, i: usize) -> Option<String> {
        Some(hover(&hb.decisions[i]))
    }
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        _git: &super::doc::GitFacts<'_>,
        each: &mut super::kind::EachRecord<'_>,
    ) {
        export_all(hb.decisions.len(), |i| export(hb, gov, i), each);
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
            unknown: Code::UnknownDecision,
            what: "id or number",
            help: "name a decision by its id (file name without .md) or number",
            wiki_help: Some("decision ids are the file names of the records without .md"),
            bare: false,
        })
    }
    /// Of two with one id, the first is found.
    fn index<'a>(&self, hb: &'a Handbook, t: &mut IdTable<'a>) {
        for (i, d) in hb.decisions.iter().enumerate() {
            t.ids.entry(&d.id).or_insert(i);
            t.paths.insert(&d.src, i);
            if let Some(n) = &d.number {
                t.aliases.entry(n).or_insert(i);
            }
        }
    }
    /// By id, or by number (`8`, `0008`, `ADR-0008`).
    fn lookup(&self, t: &IdTable<'_>, id: &str) -> Option<usize> {
        let id = id.trim();
        if let Some(&i) = t.ids.get(id) {
            return Some(i);
        }
        t.aliases.get(number_in_ref(id)?.as_str()).copied()
    }
    fn by_path(&self, hb: &Handbook, t: &IdTable<'_>, path: &str) -> Option<Entity> {
        let intro = hb.decisions_intro.map(|u| hb.units[u].file.as_str());
        if intro.is_some_and(|f| f == path || f.strip_suffix(".md") == Some(path)) {
            return Some(Entity::Intro(ID));
        }
        (t.paths.get(path))
            .or_else(|| t.paths.get(format!("{path}.md").as_str()))
            .map(|&i| Entity::Item(ID, i))
    }
}

/// The page of decision `id`.
pub(crate) fn url(id: &str) -> String {
    format!("decisions/{id}.html")
}

#[derive(Debug, Default, Deserialize)]
struct DecisionMeta {
    id: Option<Spanned<Scalar>>,
    number: Option<Spanned<Scalar>>,
    title: Option<String>,
    #[serde(alias = "summary")]
    description: Option<String>,
    status: Option<Spanned<String>>,
    proposed: Option<Spanned<Scalar>>,
    decided: Option<Spanned<Scalar>>,
    date: Option<Spanned<Scalar>>,
    #[serde(alias = "authors")]
    proposers: Option<Spanned<StrList>>,
    #[serde(alias = "decision-makers", alias = "decision_makers")]
    deciders: Option<Spanned<StrList>>,
    consulted: Option<Spanned<StrList>>,
    informed: Option<Spanned<StrList>>,
    vote: Option<VoteMeta>,
    supersedes: Option<Spanned<StrList>>,
    #[serde(alias = "superseded-by")]
    superseded_by: Option<Spanned<StrList>>,
    #[serde(alias = "related")]
    relates: Option<Spanned<StrList>>,
    affects: Option<Spanned<StrList>>,
    discussion: Option<Spanned<String>>,
    resolution: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    covers: Vec<Spanned<String>>,
    extra: Option<serde_json::Value>,
    #[serde(flatten)]
    rest: BTreeMap<String, serde::de::IgnoredAny>,
}

/// The keys of a decision's front matter, for "did you mean".
const FIELDS: &[&str] = &[
    "id",
    "number",
    "title",
    "description",
    "status",
    "proposed",
    "decided",
    "date",
    "proposers",
    "deciders",
    "consulted",
    "informed",
    "vote",
    "supersedes",
    "superseded_by",
    "relates",
    "affects",
    "discussion",
    "resolution",
    "tags",
    "covers",
    "extra",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteMeta {
    #[serde(rename = "for")]
    yes: Option<u32>,
    against: Option<u32>,
    abstain: Option<u32>,
    #[serde(default)]
    ballots: BTreeMap<String, Spanned<String>>,
}

/// A vote record: counts, and optionally each person's ballot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vote {
    pub yes: u32,
    pub against: u32,
    pub abstain: u32,
    /// (person id, `for` / `against` / `abstain`).
    pub ballots: Vec<(Ref, String)>,
}

/// A decision record.
#[derive(Debug, Clone)]
pub struct Decision {
    pub id: String,
    /// The record's number without leading zeros (`number:`, a PEP header,
    /// or the file name's leading digits).
    pub number: Option<String>,
    pub src: String,
    pub url: String,
    pub title: String,
    pub description: String,
    /// One of the configured statuses (or, after an `unknown-status`
    /// error, the status as written).
    pub status: String,
    /// The status as written when it was another process's word for it
    /// (`on hold` for `deferred`).
    pub status_written: Option<String>,
    /// Where the status was written (`None`: inferred).
    pub status_span: Option<Span>,
    pub proposed: Option<Ref>,
    pub decided: Option<Ref>,
    pub proposers: Vec<Ref>,
    pub deciders: Vec<Ref>,
    pub consulted: Vec<Ref>,
    pub informed: Vec<Ref>,
    pub vote: Option<Vote>,
    pub supersedes: Vec<Ref>,
    pub superseded_by: Vec<Ref>,
    pub relates: Vec<Ref>,
    pub affects: Vec<Ref>,
    pub discussion: Option<String>,
    pub resolution: Option<String>,
    pub tags: Vec<String>,
    /// Governance health areas the record covers.
    pub covers: Vec<Ref>,
    pub extra: serde_json::Value,
    pub unit: UnitId,
    pub span: Span,
}

/// The folder decision records live in: `decisions: folder:`, else a
/// top-level `decisions/` folder, else `docs/decisions/` when it holds
/// numbered `NNNN-*.md` records.
fn folder(config: &Config, docs: &[SourceFile]) -> Option<String> {
    if let Some(f) = &config.decisions.folder {
        return Some(f.clone());
    }
    if docs.iter().any(|d| d.rel.starts_with("decisions/")) {
        return Some("decisions".into());
    }
    let numbered = |d: &&SourceFile| {
        d.rel
            .strip_prefix("docs/decisions/")
            .is_some_and(|n| !n.contains('/') && import::number_from_stem(n).is_some())
    };
    docs.iter()
        .any(|d| numbered(&d))
        .then(|| "docs/decisions".into())
}

/// Move the decision records out of `docs`: the markdown files directly in
/// the decision folder that are numbered, or (in a folder meant for records
/// only) every one but an index or a template. In a top-level `decisions/`
/// folder, whose index page is the decisions index, `index.md` (else
/// `_index.md`, else `README.md`) is returned as that page's intro.
pub(super) fn split_sources(
    config: &Config,
    docs: &mut Vec<SourceFile>,
) -> (Vec<SourceFile>, Option<SourceFile>) {
    let Some(dir) = folder(config, docs) else {
        return (Vec::new(), None);
    };
    let only_records = config.decisions.folder.is_some() || dir == "decisions";
    let prefix = format!("{dir}/");
    let is_record = |f: &SourceFile| {
        let Some(name) = f.rel.strip_prefix(&prefix).filter(|n| !n.contains('/')) else {
            return false;
        };
        let stem = file_stem(name).to_ascii_lowercase();
        let special =
            ["index", "readme", "_index"].contains(&stem.as_str()) || stem.contains("template");
        !special && (only_records || import::number_from_stem(&stem).is_some())
    };
    let (records, rest): (Vec<_>, Vec<_>) = std::mem::take(docs).into_iter().partition(is_record);
    *docs = rest;
    let intro = [
        "decisions/index.md",
        "decisions/_index.md",
        "decisions/README.md",
    ]
    .iter()
    .find_map(|name| docs.iter().position(|d| d.rel.eq_ignore_ascii_case(name)))
    .filter(|_| dir == "decisions")
    .map(|i| docs.remove(i));
    (records, intro)
}

/// What one record says, before it becomes a [`Decision`].
struct Raw {
    meta: DecisionMeta,
    /// Fields from the body (MADR lines) or a PEP header, by key.
    fields: Vec<Field>,
    /// Where the markdown body starts.
    body: usize,
}

/// The decisions index's intro (`decisions/README.md`), kept with its text.
pub(super) fn load_intro(l: &mut Loader<'_>, f: Option<SourceFile>) -> Option<UnitId> {
    let f = f?;
    let body = split_front_matter(&f.text).1;
    let u = l.unit_from_body(Entity::Intro(ID), &f, body);
    l.files.insert_file(f.rel, f.text);
    Some(u)
}

pub(super) fn load(l: &mut Loader<'_>, files: &[SourceFile], config: &Config) -> Vec<Decision> {
    let allowed = statuses(config);
    // Front matter and body scan of each record on all cores (thousands of
    // records in a big handbook), then the records in file order.
    let read: Vec<(Raw, MdUnit)> = l.par_each(files, |l, i, f| {
        let raw = read(l, f);
        let unit = body_unit(Entity::Item(ID, i), f, raw.body, l.reuse);
        (raw, unit)
    });
    let mut out = Vec::with_capacity(files.len());
    for (f, (raw, unit)) in files.iter().zip(read) {
        let heading = unit.scan.title.clone();
        l.units.push(unit);
        let unit = l.units.len() - 1;
        out.push(build(l, f, raw, (heading, unit), &allowed));
    }
    out
}

/// Front matter, body fields and header block of one record.
fn read(l: &mut Loader<'_>, f: &SourceFile) -> Raw {
    let (fm, body) = split_front_matter(&f.text);
    let has_fm = fm.is_some();
    let mut raw = Raw {
        meta: DecisionMeta::default(),
        fields: Vec::new(),
        body,
    };
    if let Some(fm) = fm.filter(|fm| fm.format == FrontMatterFormat::Yaml) {
        let origin = Origin {
            file: &f.rel,
            file_text: &f.text,
            line_offset: fm.line_offset,
            lines: None,
        };
        let (meta, _) = l.lenient::<DecisionMeta>(fm.text, origin);
        raw.meta = meta.unwrap_or_default();
        unknown_keys(l, &raw.meta, fm.text, origin);
    } else if crate::source::unclosed_front_matter(&f.text) {
        l.damaged.insert(f.rel.clone());
        l.diags.push(
            Diagnostic::error(
                Code::InvalidFrontMatter,
                "front matter has no closing `---`",
            )
            .with_span(Span::at(&f.rel, &f.text, 0, 3))
            .with_help("end the front matter with a line holding only `---`"),
        );
    }
    if let Some((fields, end)) = import::header_block(&f.text, body) {
        raw.fields = fields;
        raw.body = end;
    } else {
        raw.fields = import::body_fields(&f.text, body);
    }
    if !has_fm && raw.fields.is_empty() && !crate::source::unclosed_front_matter(&f.text) {
        prose_record(l, f, &mut raw);
    }
    raw
}

/// A record written as prose: its summary is its first paragraph, and one
/// warning suggests front matter.
fn prose_record(l: &mut Loader<'_>, f: &SourceFile, raw: &mut Raw) {
    raw.meta.description = super::role::first_paragraph(&f.text[raw.body..]);
    l.diags.push(
        Diagnostic::warning(
            Code::DecisionWithoutFrontMatter,
            format!(
                "decision record `{}` has no front matter and no `Status:` line; it is listed as proposed",
                f.rel
            ),
        )
        .with_span(Span::at(&f.rel, &f.text, 0, 0))
        .with_help(
            "add front matter (`---`, `status: accepted`, `date: 2024-05-01`, then `---`), or move the file out of the decisions folder if it is not a record",
        ),
    );
}

/// Keys of no known field: tolerated when another generator uses them
/// (`parent`, `nav_order`…), otherwise an error with a "did you mean".
fn unknown_keys(l: &mut Loader<'_>, meta: &DecisionMeta, fm: &str, origin: Origin<'_>) {
    for key in meta.rest.keys() {
        if super::KNOWN_FOREIGN_KEYS.contains(&key.as_str()) {
            continue;
        }
        let line = fm
            .lines()
            .position(|x| {
                x.strip_prefix(key.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map_or(1, |i| i as u64 + 1);
        l.damaged.insert(origin.file.to_string());
        l.diags.push(
            Diagnostic::error(Code::InvalidYaml, format!("unknown field `{key}`"))
                .with_span(origin.span(line, 1, key.len()))
                .with_help(crate::diag::suggestion_help(
                    key,
                    FIELDS.iter().copied(),
                    "remove it, or move it under `extra:`",
                )),
        );
    }
}

/// A field from the body or header block, as a reference at its place.
fn field_ref(f: &SourceFile, fields: &[Field], keys: &[&str]) -> Option<Ref> {
    let x = fields.iter().find(|x| keys.contains(&x.key.as_str()))?;
    Some(Ref {
        value: x.value.clone(),
        span: Span::at(&f.rel, &f.text, x.offset, x.value.len()),
    })
}

/// One reference per item of a list written in YAML or in the body.
fn list_refs(
    f: &SourceFile,
    origin: Origin<'_>,
    yaml: Option<Spanned<StrList>>,
    fields: &[Field],
    keys: &[&str],
) -> Vec<Ref> {
    if let Some(v) = yaml {
        let at = origin.span_of(&v, 0).offset;
        return items_at(f, at, v.value.0);
    }
    match fields.iter().find(|x| keys.contains(&x.key.as_str())) {
        Some(x) => items_at(f, x.offset, import::split_list(&x.value)),
        None => Vec::new(),
    }
}

/// References for `items`, each spanned where it is written at or after
/// byte `at` (items are found in order, so repeats get their own place).
fn items_at(f: &SourceFile, at: usize, items: Vec<String>) -> Vec<Ref> {
    let mut from = at.min(f.text.len());
    items
        .into_iter()
        .map(|value| {
            let found = f.text.get(from..).and_then(|t| t.find(value.as_str()));
            let off = found.map_or(at, |i| from + i);
            if found.is_some() {
                from = off + value.len();
            }
            Ref {
                span: Span::at(&f.rel, &f.text, off, value.len()),
                value,
            }
        })
        .collect()
}

fn scalar_ref(origin: Origin<'_>, v: Spanned<Scalar>) -> Ref {
    let span = origin.span_of(&v, v.value.0.len());
    Ref {
        value: v.value.0,
        span,
    }
}

/// Turn what a record says into a [`Decision`].
// Over 80 lines on purpose: one flat mapping, a line or two per record field.
fn build(
    l: &mut Loader<'_>,
    f: &SourceFile,
    mut raw: Raw,
    (heading, unit): (Option<String>, UnitId),
    allowed: &[&str],
) -> Decision {
    let origin = Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: 1,
        lines: None,
    };
    let m = &mut raw.meta;
    let fields = &raw.fields;
    let (id, number, title) = names(f, m, fields, heading);
    let date = |v: Option<Spanned<Scalar>>, keys: &[&str]| {
        v.map(|v| scalar_ref(origin, v))
            .or_else(|| field_ref(f, fields, keys))
            .map(|mut r| {
                r.value = import::iso_date(&r.value);
                r
            })
    };
    let proposed = date(m.proposed.take(), &["created"]);
    let decided = date(
        m.decided.take().or(m.date.take()),
        &["date", "resolution-date"],
    );
    let list = |v: Option<Spanned<StrList>>, keys: &[&str]| list_refs(f, origin, v, fields, keys);
    let mut superseded_by = list(m.superseded_by.take(), &["superseded-by"]);
    let status = status(
        l,
        f,
        m.status.take().map(|s| super::to_ref(origin, s)),
        fields,
        allowed,
    );
    if let Some(s) = &status.successor
        && superseded_by.is_empty()
    {
        superseded_by.push(s.clone());
    }
    let discussion = url_field(
        l,
        f,
        origin,
        m.discussion.take(),
        fields,
        &["discussions-to", "discussion"],
    );
    let resolution = url_field(l, f, origin, m.resolution.take(), fields, &["resolution"]);
    let vote = m.vote.take().map(|v| vote(origin, v));
    let m = &mut raw.meta;
    Decision {
        url: url(&id),
        id,
        number,
        src: f.rel.clone(),
        title,
        description: m.description.take().unwrap_or_default(),
        status: status.value,
        status_written: status.written,
        status_span: status.span,
        proposed,
        decided,
        proposers: list(m.proposers.take(), &["author", "authors"]),
        deciders: list(m.deciders.take(), &["deciders", "decision-makers"]),
        consulted: list(m.consulted.take(), &["consulted"]),
        informed: list(m.informed.take(), &["informed"]),
        vote,
        supersedes: list(m.supersedes.take(), &["replaces", "supersedes"]),
        superseded_by,
        relates: list(m.relates.take(), &["requires", "relates"]),
        affects: list(m.affects.take(), &["affects"]),
        discussion,
        resolution,
        tags: std::mem::take(&mut m.tags),
        covers: (m.covers.drain(..))
            .map(|s| super::to_ref(origin, s))
            .collect(),
        extra: header_extra(m.extra.take(), fields),
        unit,
        span: Span::file(&f.rel),
    }
}

/// Id (`id:` or the file stem), number and title of a record.
fn names(
    f: &SourceFile,
    m: &mut DecisionMeta,
    fields: &[Field],
    heading: Option<String>,
) -> (String, Option<String>, String) {
    let stem = file_stem(&f.rel);
    let number = (m.number.take().map(|n| n.value.0))
        .or_else(|| field_ref(f, fields, &["pep", "kep", "rfc", "jep", "number"]).map(|r| r.value))
        .map(|n| import::number_in_ref(&n).unwrap_or(n))
        .or_else(|| import::number_from_stem(&stem));
    let title = (m.title.take())
        .or_else(|| field_ref(f, fields, &["title"]).map(|r| r.value))
        .or(heading)
        .unwrap_or_else(|| title_from_path(&f.rel));
    let id = (m.id.take()).map_or(stem, |v| v.value.0);
    (id, number, title)
}

/// A URL from the front matter or a header field, if its scheme is safe.
fn url_field(
    l: &mut Loader<'_>,
    f: &SourceFile,
    origin: Origin<'_>,
    v: Option<Spanned<String>>,
    fields: &[Field],
    keys: &[&str],
) -> Option<String> {
    let r = v
        .map(|v| super::to_ref(origin, v))
        .or_else(|| field_ref(f, fields, keys));
    r.and_then(|r| safe_url(l, r))
}

/// Header fields no decision field takes (PEP `Type`, `Post-History`…),
/// kept as `extra` facts.
fn header_extra(extra: Option<serde_json::Value>, fields: &[Field]) -> serde_json::Value {
    const USED: &[&str] = &[
        "pep",
        "kep",
        "rfc",
        "jep",
        "number",
        "title",
        "status",
        "created",
        "date",
        "resolution-date",
        "superseded-by",
        "author",
        "authors",
        "deciders",
        "decision-makers",
        "consulted",
        "informed",
        "replaces",
        "supersedes",
        "requires",
        "relates",
        "affects",
        "discussions-to",
        "discussion",
        "resolution",
    ];
    let mut map = match extra {
        Some(serde_json::Value::Object(m)) => m,
        Some(other) => return other,
        None => serde_json::Map::new(),
    };
    for x in fields.iter().filter(|x| !USED.contains(&x.key.as_str())) {
        map.entry(x.key.clone())
            .or_insert_with(|| serde_json::Value::String(x.value.clone()));
    }
    if map.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::Value::Object(map)
    }
}

fn safe_url(l: &mut Loader<'_>, r: Ref) -> Option<String> {
    if crate::url::is_safe(&r.value) {
        return Some(r.value);
    }
    l.diags.push(
        Diagnostic::warning(
            Code::UnsafeUrl,
            format!(
                "URL `{}` uses a scheme that is not allowed; it is ignored",
                r.value.escape_debug()
            ),
        )
        .with_span(r.span)
        .with_help("use an http: or https: URL"),
    );
    None
}

fn vote(origin: Origin<'_>, v: VoteMeta) -> Vote {
    let ballots: Vec<(Ref, String)> = (v.ballots.into_iter())
        .map(|(who, choice)| {
            let span = origin.span_of(&choice, choice.value.len());
            let c = choice.value.trim().to_lowercase();
            (Ref { value: who, span }, c)
        })
        .collect();
    let count = |c: &str| {
        let n = ballots.iter().filter(|(_, x)| x == c).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    Vote {
        yes: v.yes.unwrap_or_else(|| count("for")),
        against: v.against.unwrap_or_else(|| count("against")),
        abstain: v.abstain.unwrap_or_else(|| count("abstain")),
        ballots,
    }
}

/// A record's status, resolved against the configured statuses.
struct Status {
    value: String,
    written: Option<String>,
    span: Option<Span>,
    /// From `superseded by X`.
    successor: Option<Ref>,
}

/// The configured statuses (`decisions: statuses:`, or the defaults).
pub(crate) fn statuses(config: &Config) -> Vec<&str> {
    if config.decisions.statuses.is_empty() {
        DEFAULT_STATUSES.to_vec()
    } else {
        config
            .decisions
            .statuses
            .iter()
            .map(String::as_str)
            .collect()
    }
}

fn status(
    l: &mut Loader<'_>,
    f: &SourceFile,
    yaml: Option<Ref>,
    fields: &[Field],
    allowed: &[&str],
) -> Status {
    let Some(r) = yaml.or_else(|| field_ref(f, fields, &["status"])) else {
        // MADR records state their outcome in a "Decision Outcome" section.
        let chosen = f.text.contains("Chosen option");
        return Status {
            value: if chosen { "accepted" } else { "proposed" }.into(),
            written: None,
            span: None,
            successor: None,
        };
    };
    let lower = r.value.trim().to_lowercase();
    let successor = import::superseded_by_in_status(&r.value).map(|value| Ref {
        value,
        span: r.span.clone(),
    });
    let word = if successor.is_some() {
        "superseded".to_string()
    } else {
        lower.clone()
    };
    let found = allowed
        .iter()
        .find(|s| s.eq_ignore_ascii_case(&word))
        .map(|s| s.to_string());
    let aliased = || {
        import::status_alias(&word)
            .filter(|a| allowed.contains(a))
            .map(str::to_string)
    };
    let value = match found.or_else(aliased) {
        Some(v) => v,
        None => {
            l.damaged.insert(f.rel.clone());
            l.diags.push(
                Diagnostic::error(Code::UnknownStatus, format!("unknown status `{}`", r.value))
                    .with_span(r.span.clone())
                    .with_help(crate::diag::suggestion_help(
                        &r.value,
                        allowed.iter().copied(),
                        &format!(
                            "use one of: {} (or list it under `decisions: statuses:` in handbook.yml)",
                            allowed.join(", ")
                        ),
                    )),
            );
            r.value.trim().to_string()
        }
    };
    let written = (!value.eq_ignore_ascii_case(r.value.trim())).then(|| r.value.trim().to_string());
    Status {
        value,
        written,
        span: Some(r.span),
        successor,
    }
}

/// A party to a decision: a role, a person, a group or a plain name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    Role(usize),
    Person(usize),
    /// `group:<id>`.
    Group(usize),
    Name(String),
}

/// How a person took part in a decision (their person page lists it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Proposed,
    Decided,
    Consulted,
    Informed,
    Voted,
}

impl Part {
    /// The UI string that names the part.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Part::Proposed => "person.part.proposed",
            Part::Decided => "person.part.decided",
            Part::Consulted => "person.part.consulted",
            Part::Informed => "person.part.informed",
            Part::Voted => "person.part.voted",
        }
    }
}

/// What a decision's references resolved to, and what refers to it.
#[derive(Debug, Clone, Default)]
pub struct DecisionRefs {
    pub proposers: Vec<Holder>,
    pub deciders: Vec<Party>,
    pub consulted: Vec<Party>,
    pub informed: Vec<Party>,
    pub ballots: Vec<(Holder, String)>,
    pub supersedes: Vec<usize>,
    pub superseded_by: Vec<usize>,
    pub relates: Vec<usize>,
    pub docs: Vec<usize>,
    pub roles: Vec<usize>,
}

impl Governance {
    /// Every decision's resolved references, by its index.
    pub fn decisions(&self) -> &[DecisionRefs] {
        self.records(ID)
    }

    /// Every decision's references, to fill in while resolving.
    pub(crate) fn decisions_mut(&mut self) -> &mut Vec<DecisionRefs> {
        self.records_mut(ID)
    }
}

/// Resolve every decision's people, roles, decisions and affected pages.
pub(super) fn resolve(hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
    for (i, d) in hb.decisions.iter().enumerate() {
        let what = |field: &str| format!("decision `{}`'s {field}", d.id);
        let mut r = DecisionRefs::default();
        for p in &d.proposers {
            r.proposers.extend(look.holder(p, &what("proposers")));
        }
        for p in &d.deciders {
            r.deciders.extend(decider(hb, look, p, &what("deciders")));
        }
        r.consulted = (d.consulted.iter())
            .map(|p| party(hb, look, p, &what("consulted")))
            .collect();
        r.informed = (d.informed.iter())
            .map(|p| party(hb, look, p, &what("informed")))
            .collect();
        for (who, choice) in d.vote.iter().flat_map(|v| &v.ballots) {
            if let Some(h) = look.holder(who, &what("ballots")) {
                r.ballots.push((h, choice.clone()));
            }
        }
        let ids = |look: &mut dyn Lookup, v: &[Ref], field: &str| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            for x in v {
                if let Some(t) = look.entity(ID, x, &what(field))
                    && !out.contains(&t)
                {
                    out.push(t);
                }
            }
            out
        };
        r.supersedes = ids(look, &d.supersedes, "supersedes");
        r.superseded_by = ids(look, &d.superseded_by, "superseded_by");
        r.relates = ids(look, &d.relates, "relates");
        for a in &d.affects {
            affected(look, a, &what("affects"), &mut r);
        }
        for &doc in &r.docs {
            g.docs_mut()[doc].decisions.push(i);
        }
        for &role in &r.roles {
            g.roles_mut()[role].decisions.push(i);
        }
        for p in &r.deciders {
            if let Party::Group(gr) = p
                && !g.groups_mut()[*gr].decisions.contains(&i)
            {
                g.groups_mut()[*gr].decisions.push(i);
            }
        }
        credit_people(g, i, &r);
        g.decisions_mut()[i] = r;
    }
}

/// Record decision `i` on the page of each person who took part in it,
/// once per part.
fn credit_people(g: &mut Governance, i: usize, r: &DecisionRefs) {
    let holder = |h: &Holder| match h {
        Holder::Person(p) => Some(*p),
        Holder::Name(_) => None,
    };
    let party = |p: &Party| match p {
        Party::Person(p) => Some(*p),
        _ => None,
    };
    let parts = (r
        .proposers
        .iter()
        .filter_map(holder)
        .map(|p| (p, Part::Proposed)))
    .chain(
        r.deciders
            .iter()
            .filter_map(party)
            .map(|p| (p, Part::Decided)),
    )
    .chain(
        r.consulted
            .iter()
            .filter_map(party)
            .map(|p| (p, Part::Consulted)),
    )
    .chain(
        r.informed
            .iter()
            .filter_map(party)
            .map(|p| (p, Part::Informed)),
    )
    .chain(
        r.ballots
            .iter()
            .filter_map(|(h, _)| holder(h))
            .map(|p| (p, Part::Voted)),
    );
    let people = g.people_mut();
    for (p, part) in parts {
        if let Some(refs) = people.get_mut(p)
            && !refs.decisions.contains(&(i, part))
        {
            refs.decisions.push((i, part));
        }
    }
}

/// `role:<id>`, `doc:<path>`, a path (`docs/x.md`) or a role id.
fn affected(look: &mut dyn Lookup, a: &Ref, what: &str, r: &mut DecisionRefs) {
    let v = a.value.trim();
    let strip = |p: &str| Ref {
        value: p.to_string(),
        span: a.span.clone(),
    };
    if let Some(id) = v.strip_prefix("role:") {
        r.roles
            .extend(look.entity(super::role::ID, &strip(id.trim()), what));
    } else if let Some(p) = v.strip_prefix("doc:") {
        r.docs.extend(look.doc(&strip(p.trim()), what));
    } else if v.contains('/') || v.ends_with(".md") || look.find(super::role::ID, v).is_none() {
        r.docs.extend(look.doc(a, what));
    } else {
        r.roles.extend(look.find(super::role::ID, v));
    }
    r.docs.dedup();
    r.roles.dedup();
}

/// A decider: `group:<id>`, a role, a person, or (without a people file,
/// when no role is meant) a plain name; otherwise an unknown role.
fn decider(hb: &Handbook, look: &mut dyn Lookup, p: &Ref, what: &str) -> Option<Party> {
    let v = p.value.trim();
    if let Some(id) = v.strip_prefix("group:") {
        return group(look, p, id, what);
    }
    if let Some(r) = look.find(super::role::ID, v) {
        return Some(Party::Role(r));
    }
    if let Some(person) = look.find(super::person::ID, v) {
        return Some(Party::Person(person));
    }
    let near_role = crate::diag::did_you_mean(v, hb.roles.iter().map(|r| r.id.as_str())).is_some();
    if !hb.has_people_file && !near_role && !hb.roles.iter().any(|r| r.id == v) {
        return Some(Party::Name(v.to_string()));
    }
    look.entity(super::role::ID, p, what).map(Party::Role)
}

/// `group:<id>` as a party (an unknown id is reported).
fn group(look: &mut dyn Lookup, p: &Ref, id: &str, what: &str) -> Option<Party> {
    let r = Ref {
        value: id.trim().to_string(),
        span: p.span.clone(),
    };
    look.entity(super::group::ID, &r, what).map(Party::Group)
}

/// Someone consulted or informed: a role, a person or a name (never an
/// error, unless `group:<id>` names no group).
fn party(hb: &Handbook, look: &mut dyn Lookup, p: &Ref, what: &str) -> Party {
    let v = p.value.trim();
    if let Some(id) = v.strip_prefix("group:") {
        return group(look, p, id, what).unwrap_or_else(|| Party::Name(v.to_string()));
    }
    let _ = hb;
    match (
        look.find(super::role::ID, v),
        look.find(super::person::ID, v),
    ) {
        (Some(r), _) => Party::Role(r),
        (None, Some(person)) => Party::Person(person),
        (None, None) => Party::Name(v.to_string()),
    }
}

impl Party {
    /// How `handbook.json` names the party: `role:x`, `person:x`,
    /// `group:x`, or the name.
    pub fn id(&self, hb: &Handbook) -> String {
        match self {
            Party::Role(r) => format!("role:{}", hb.roles[*r].id),
            Party::Person(p) => format!("person:{}", hb.people[*p].id),
            Party::Group(g) => format!("group:{}", hb.groups[*g].id),
            Party::Name(n) => n.clone(),
        }
    }
}

/// The date a decision is listed under: decided, else proposed.
/// A decision's status and date, for hover titles.
fn hover(d: &Decision) -> String {
    match date(d) {
        Some(date) => format!("{} ({}, {date})", d.title, d.status),
        None => format!("{} ({})", d.title, d.status),
    }
}

pub(crate) fn date(d: &Decision) -> Option<&str> {
    (d.decided.as_ref())
        .or(d.proposed.as_ref())
        .map(|r| r.value.as_str())
}

/// A decision in `handbook.json`.
#[derive(serde::Serialize)]
pub(crate) struct DecisionOut<'a> {
    id: &'a str,
    number: Option<&'a str>,
    source: &'a str,
    url: &'a str,
    title: &'a str,
    description: &'a str,
    status: &'a str,
    status_written: Option<&'a str>,
    proposed: Option<&'a str>,
    decided: Option<&'a str>,
    proposers: Vec<String>,
    deciders: Vec<String>,
    consulted: Vec<String>,
    informed: Vec<String>,
    vote: Option<VoteOut>,
    supersedes: Vec<&'a str>,
    superseded_by: Vec<&'a str>,
    relates: Vec<&'a str>,
    affects: Vec<String>,
    discussion: Option<&'a str>,
    resolution: Option<&'a str>,
    tags: &'a [String],
    extra: &'a serde_json::Value,
}

#[derive(serde::Serialize)]
struct VoteOut {
    #[serde(rename = "for")]
    yes: u32,
    against: u32,
    abstain: u32,
    ballots: BTreeMap<String, String>,
}

/// Decision `i`'s `handbook.json` record.
pub(crate) fn export<'a>(hb: &'a Handbook, gov: &Governance, i: usize) -> DecisionOut<'a> {
    let d = &hb.decisions[i];
    let r = &gov.decisions()[i];
    let ids = |v: &[usize]| v.iter().map(|&t| hb.decisions[t].id.as_str()).collect();
    let parties = |v: &[Party]| v.iter().map(|p| p.id(hb)).collect();
    let affects = (r.docs.iter().map(|&x| format!("doc:{}", hb.docs[x].src)))
        .chain(r.roles.iter().map(|&x| format!("role:{}", hb.roles[x].id)))
        .collect();
    DecisionOut {
        id: &d.id,
        number: d.number.as_deref(),
        source: &d.src,
        url: &d.url,
        title: &d.title,
        description: &d.description,
        status: &d.status,
        status_written: d.status_written.as_deref(),
        proposed: d.proposed.as_ref().map(|x| x.value.as_str()),
        decided: d.decided.as_ref().map(|x| x.value.as_str()),
        proposers: r.proposers.iter().map(|h| h.id(hb)).collect(),
        deciders: parties(&r.deciders),
        consulted: parties(&r.consulted),
        informed: parties(&r.informed),
        vote: d.vote.as_ref().map(|v| VoteOut {
            yes: v.yes,
            against: v.against,
            abstain: v.abstain,
            ballots: (r.ballots.iter())
                .map(|(h, c)| (h.id(hb), c.clone()))
                .collect(),
        }),
        supersedes: ids(&r.supersedes),
        superseded_by: ids(&r.superseded_by),
        relates: ids(&r.relates),
        affects,
        discussion: d.discussion.as_deref(),
        resolution: d.resolution.as_deref(),
        tags: &d.tags,
        extra: &d.extra,
    }
}

/// Decision `i`'s search entry.
pub(crate) fn search<'a>(hb: &'a Handbook, _gov: &Governance, i: usize) -> SearchEntry<'a> {
    let d = &hb.decisions[i];
    let boost = match &d.number {
        Some(n) => format!("{n} {} {}", d.id, d.status),
        None => format!("{} {}", d.id, d.status),
    };
    SearchEntry {
        url: d.url.clone(),
        fragment: None,
        title: &d.title,
        section: format!("Decisions › {}", d.status),
        boost,
        text: super::kind::SearchText::unit(hb, d.unit, Some(d.description.clone())),
    }
}
