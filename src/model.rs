//! The typed handbook model: docs, roles, journeys, glossary terms and people,
//! parsed from [`Sources`] with strict schemas (unknown keys are errors with
//! their position and a "did you mean"), recovering from each bad key so an
//! entity keeps its id and the fields that parsed. Every piece of markdown, whether a
//! doc body, a role's prose or a journey step's description, becomes an
//! [`MdUnit`] with its scan, so the resolver treats all of them alike. This
//! stage checks shapes only; whether ids point anywhere is `resolve`'s job.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Deserialize;

use crate::code::Code;
use crate::config::Config;
use crate::diag::{Diagnostic, Span};
use crate::markup::{self, Scan};
use crate::source::{FrontMatterFormat, SourceFile, Sources, split_front_matter};
use crate::yaml::{self, Origin, Spanned};

/// Index of an [`MdUnit`] in [`Handbook::units`].
pub type UnitId = usize;

/// A string from a data file together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub value: String,
    pub span: Span,
}

/// Which entity a markdown unit belongs to (and whose backlinks it feeds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entity {
    Doc(usize),
    Role(usize),
    Journey(usize),
    Term(usize),
    Person(usize),
    /// The intro prose of the roles index (`roles/index.md`).
    RolesIndex,
}

impl Entity {
    /// `doc`, `role`, `journey`, `term` or `person` (the roles index is a doc).
    pub fn kind(self) -> &'static str {
        match self {
            Entity::Doc(_) | Entity::RolesIndex => "doc",
            Entity::Role(_) => "role",
            Entity::Journey(_) => "journey",
            Entity::Term(_) => "term",
            Entity::Person(_) => "person",
        }
    }
}

/// One piece of markdown with its scan and its place in a file.
#[derive(Debug, Clone)]
pub struct MdUnit {
    pub owner: Entity,
    pub file: String,
    /// Markdown text with colon fences normalised (same length as the
    /// original), when it differs from the file's own text: `None` means the
    /// text is the file (in [`Handbook::files`]) from `base` on, so most docs
    /// are held in memory once, not twice. Read it with [`MdUnit::text`].
    pub own_text: Option<String>,
    /// Byte offset of the text in the file (exact positions), or `None` for
    /// markdown inside a YAML value, whose diagnostics point at `anchor`.
    pub base: Option<usize>,
    pub anchor: Span,
    pub scan: Scan,
}

impl MdUnit {
    /// The unit's markdown (`files` is [`Handbook::files`]).
    pub fn text<'a>(&'a self, files: &'a BTreeMap<String, String>) -> &'a str {
        match &self.own_text {
            Some(t) => t,
            None => files
                .get(&self.file)
                .and_then(|f| f.get(self.base.unwrap_or(0)..))
                .unwrap_or(""),
        }
    }

    /// The markdown of the body of `file` from `base` on: `None` when it is
    /// the file's text as is (see [`MdUnit::own_text`]).
    pub fn body_text(file_text: &str, base: usize) -> (Option<String>, Scan) {
        let normalized = markup::normalize_colon_fences(&file_text[base..]);
        let scan = markup::scan(&normalized);
        match normalized {
            std::borrow::Cow::Borrowed(_) => (None, scan),
            std::borrow::Cow::Owned(t) => (Some(t), scan),
        }
    }
}

/// Front matter of a governance doc. Unknown keys from other generators
/// (Hugo, Jupyter Book) are tolerated; see [`KNOWN_FOREIGN_KEYS`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DocMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub owners: Vec<Spanned<String>>,
    #[serde(default)]
    pub authors: Vec<Spanned<String>>,
    pub status: Option<Spanned<String>>,
    pub last_reviewed: Option<Spanned<String>>,
    pub review_every: Option<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(flatten)]
    pub rest: BTreeMap<String, serde::de::IgnoredAny>,
}

/// Front-matter keys other tools use that we accept without a warning.
pub const KNOWN_FOREIGN_KEYS: &[&str] = &[
    "aliases",
    "slug",
    "linkTitle",
    "type",
    "date",
    "lastmod",
    "menu",
    "url",
    "keywords",
    "summary",
    "toc_hide",
    "hide_summary",
    "layout",
    "categories",
    "jupytext",
    "kernelspec",
    "html_meta",
    "myst",
    "sidebar",
    "toc",
    "author",
    "extra",
    "lang",
    "short_title",
    "subtitle",
    "exports",
    "numbering",
    "downloads",
    "tocdepth",
    "orphan",
    "nosearch",
    "hide_toc",
];

const DOC_STATUSES: &[&str] = &["draft", "active", "deprecated", "proposed", "archived"];

/// A governance doc (every markdown file outside `roles/`).
#[derive(Debug, Clone)]
pub struct Doc {
    pub src: String,
    pub url: String,
    pub title: String,
    pub description: String,
    pub weight: Option<i64>,
    pub tags: Vec<String>,
    pub owners: Vec<Ref>,
    pub authors: Vec<Ref>,
    pub status: Option<String>,
    pub last_reviewed: Option<Ref>,
    pub review_every: Option<Ref>,
    pub unit: UnitId,
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
    #[serde(default)]
    grows_into: Vec<Spanned<String>>,
    #[serde(default)]
    holders: Vec<Spanned<String>>,
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
    pub grows_into: Vec<Ref>,
    pub holders: Vec<Ref>,
    pub extra: serde_json::Value,
    pub unit: UnitId,
    pub span: Span,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct JourneyFile {
    title: Option<String>,
    description: Option<Spanned<String>>,
    persona: Option<PersonaRaw>,
    #[serde(default)]
    stages: Vec<JourneyStageRaw>,
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonaRaw {
    name: Option<String>,
    description: Option<Spanned<String>>,
    #[serde(default)]
    goals: Vec<String>,
    #[serde(default)]
    frustrations: Vec<String>,
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JourneyStageRaw {
    stage: Option<Spanned<String>>,
    summary: Option<String>,
    #[serde(default)]
    steps: Vec<StepRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepRaw {
    title: Option<String>,
    description: Option<Spanned<String>>,
    #[serde(default)]
    links: Vec<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    #[serde(default)]
    pain_points: Vec<String>,
    #[serde(default)]
    tips: Vec<String>,
    extra: Option<serde_json::Value>,
}

/// A persona moving through the stages (`journeys/<id>.yml`).
#[derive(Debug, Clone)]
pub struct Journey {
    pub id: String,
    pub src: String,
    pub url: String,
    pub title: String,
    pub description: Option<UnitId>,
    pub persona: Persona,
    pub stages: Vec<JourneyStage>,
    pub extra: serde_json::Value,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Persona {
    pub name: String,
    pub description: Option<UnitId>,
    pub goals: Vec<String>,
    pub frustrations: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct JourneyStage {
    pub stage: Ref,
    pub summary: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub title: String,
    pub description: Option<UnitId>,
    pub links: Vec<Ref>,
    pub roles: Vec<Ref>,
    pub pain_points: Vec<String>,
    pub tips: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    terms: Vec<Spanned<TermRaw>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermRaw {
    term: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
    definition: Option<Spanned<String>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    extra: Option<serde_json::Value>,
}

/// A glossary term, from `glossary.yml` or a MyST `{glossary}` block.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub anchor: String,
    pub aliases: Vec<String>,
    pub definition: UnitId,
    pub related: Vec<Ref>,
    pub span: Span,
}

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
    extra: Option<serde_json::Value>,
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
    pub span: Span,
}

/// The whole typed handbook.
#[derive(Debug, Clone)]
pub struct Handbook {
    pub config: Config,
    pub docs: Vec<Doc>,
    pub roles: Vec<Role>,
    pub roles_intro: Option<UnitId>,
    pub journeys: Vec<Journey>,
    pub terms: Vec<Term>,
    pub people: Vec<Person>,
    /// Whether a `people.yml` exists (otherwise holders are plain names).
    pub has_people_file: bool,
    pub units: Vec<MdUnit>,
    /// Data files (roles, journeys, glossary, people) with errors: their
    /// entities are kept with the fields that parsed, and lints about what
    /// they lack (no holders, missing stages…) are not run on them, since
    /// the error already explains it.
    pub damaged: std::collections::BTreeSet<String>,
    /// Full text of every source file, for diagnostics snippets.
    pub files: BTreeMap<String, String>,
    pub sources: SourcesLeft,
}

/// What the model keeps of discovery for later stages.
#[derive(Debug, Clone, Default)]
pub struct SourcesLeft {
    pub toc: Option<SourceFile>,
    pub templates: Vec<SourceFile>,
    pub static_files: Vec<crate::source::Asset>,
    pub other_files: Vec<crate::source::Asset>,
}

/// The output path of a markdown source: `a/b.md` → `a/b.html`, and
/// `README.md`, `index.md`, `_index.md` → the folder's `index.html`.
pub fn doc_url(src: &str) -> String {
    let (dir, name) = match src.rfind('/') {
        Some(i) => (&src[..=i], &src[i + 1..]),
        None => ("", src),
    };
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let lower = stem.to_ascii_lowercase();
    if lower == "readme" || lower == "index" || lower == "_index" {
        format!("{dir}index.html")
    } else {
        format!("{dir}{stem}.html")
    }
}

fn file_stem(src: &str) -> String {
    let name = src.rsplit('/').next().unwrap_or(src);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

struct Loader<'a> {
    units: Vec<MdUnit>,
    files: BTreeMap<String, String>,
    damaged: std::collections::BTreeSet<String>,
    diags: &'a mut Vec<Diagnostic>,
}

/// Where a whole-file YAML data file's values sit.
fn whole_file(f: &SourceFile) -> Origin<'_> {
    Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: 0,
    }
}

impl Loader<'_> {
    /// Parse YAML, recovering from bad keys (see [`yaml::parse_lenient`]):
    /// reports what failed, marks the file damaged, and returns what parsed
    /// and the keys that were removed or meant.
    fn lenient<T: serde::de::DeserializeOwned>(
        &mut self,
        yaml: &str,
        origin: Origin<'_>,
    ) -> (Option<T>, Vec<String>) {
        let r = yaml::parse_lenient::<T>(yaml, origin);
        if !r.diags.is_empty() || r.value.is_none() {
            self.damaged.insert(origin.file.to_string());
        }
        self.diags.extend(r.diags);
        (r.value, r.touched)
    }

    /// Report a required field that is missing, unless a misspelling of it
    /// was reported already.
    fn missing(&mut self, field: &str, span: Span, touched: &[String]) {
        self.damaged.insert(span.file.clone());
        if touched.iter().any(|t| t == field) {
            return;
        }
        self.diags.push(
            Diagnostic::error(Code::InvalidYaml, format!("missing field `{field}`"))
                .with_span(span)
                .with_help(format!("add `{field}:` here")),
        );
    }

    fn unit_from_body(&mut self, owner: Entity, file: &SourceFile, base: usize) -> UnitId {
        self.units.push(body_unit(owner, file, base));
        self.units.len() - 1
    }

    fn unit_from_yaml(&mut self, owner: Entity, origin: Origin<'_>, v: &Spanned<String>) -> UnitId {
        self.unit_from_text(owner, origin.file, v.value.clone(), origin.span_of(v, 0))
    }

    fn unit_from_text(&mut self, owner: Entity, file: &str, md: String, anchor: Span) -> UnitId {
        let text = markup::normalize_colon_fences(&md).into_owned();
        let scan = markup::scan(&text);
        self.units.push(MdUnit {
            owner,
            file: file.to_string(),
            own_text: Some(text),
            base: None,
            anchor,
            scan,
        });
        self.units.len() - 1
    }
}

/// The markdown unit of a file's body from byte `base` on (after the front matter).
fn body_unit(owner: Entity, file: &SourceFile, base: usize) -> MdUnit {
    let (own_text, scan) = MdUnit::body_text(&file.text, base);
    MdUnit {
        owner,
        file: file.rel.clone(),
        own_text,
        base: Some(base),
        anchor: Span::at(&file.rel, &file.text, base, 0),
        scan,
    }
}

fn refs(origin: Origin<'_>, v: Vec<Spanned<String>>) -> Vec<Ref> {
    v.into_iter().map(|s| to_ref(origin, s)).collect()
}

fn to_ref(origin: Origin<'_>, s: Spanned<String>) -> Ref {
    let mut span = origin.span_of(&s, s.value.len());
    // A quoted value's position is its opening quote: cover both quotes.
    let text = origin.file_text.get(span.offset..).unwrap_or("");
    if text.starts_with(['"', '\'']) {
        span.len += 2;
    }
    Ref {
        value: s.value,
        span,
    }
}

/// Build the typed model from discovered sources.
pub fn load(config: Config, sources: Sources, diags: &mut Vec<Diagnostic>) -> Handbook {
    let has_people_file = sources.people.is_some();
    let mut l = Loader {
        units: Vec::new(),
        files: BTreeMap::new(),
        damaged: std::collections::BTreeSet::new(),
        diags,
    };
    let docs = load_docs(&mut l, &sources.docs);
    let (roles, roles_intro) = load_roles(&mut l, &sources.roles);
    let journeys = load_journeys(&mut l, &sources.journeys);
    let mut terms = sources
        .glossary
        .as_ref()
        .map(|f| load_glossary(&mut l, f))
        .unwrap_or_default();
    add_myst_glossary_terms(&mut l, &mut terms);
    let people = sources
        .people
        .as_ref()
        .map(|f| load_people(&mut l, f))
        .unwrap_or_default();
    // Every text source, for diagnostics snippets and `{include}`.
    if let Some(t) = &sources.toc {
        l.files.insert(t.rel.clone(), t.text.clone());
    }
    let texts = (sources.docs.into_iter())
        .chain(sources.roles)
        .chain(sources.journeys)
        .chain(sources.glossary)
        .chain(sources.people);
    for f in texts {
        l.files.insert(f.rel, f.text);
    }
    // BibTeX files feed `{cite}` and `{bibliography}` (discovered inside the handbook).
    for a in &sources.other_files {
        if a.rel.ends_with(".bib")
            && let Ok(text) = std::fs::read_to_string(&a.abs)
        {
            l.files.insert(a.rel.clone(), text.replace("\r\n", "\n"));
        }
    }
    if let Some(t) = &config.source_text {
        l.files.insert("handbook.yml".into(), t.clone());
    }
    Handbook {
        has_people_file,
        config,
        docs,
        roles,
        roles_intro,
        journeys,
        terms,
        people,
        units: l.units,
        damaged: l.damaged,
        files: l.files,
        sources: SourcesLeft {
            toc: sources.toc,
            templates: sources.templates,
            static_files: sources.static_files,
            other_files: sources.other_files,
        },
    }
}

fn load_docs(l: &mut Loader<'_>, files: &[SourceFile]) -> Vec<Doc> {
    // Front matter and markdown scans are independent per file: do them in
    // parallel, then number the units in file order.
    let loaded: Vec<(Doc, MdUnit, Vec<Diagnostic>)> = files
        .par_iter()
        .enumerate()
        .map(|(idx, f)| load_doc(idx, f))
        .collect();
    let mut docs = Vec::with_capacity(loaded.len());
    for (mut doc, unit, diags) in loaded {
        l.diags.extend(diags);
        l.units.push(unit);
        doc.unit = l.units.len() - 1;
        docs.push(doc);
    }
    docs
}

/// One doc and its markdown unit (`unit` is filled in by the caller).
fn load_doc(idx: usize, f: &SourceFile) -> (Doc, MdUnit, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (fm, body) = split_front_matter(&f.text);
    let mut meta = DocMeta::default();
    if let Some(fm) = fm {
        let origin = Origin {
            file: &f.rel,
            file_text: &f.text,
            line_offset: fm.line_offset,
        };
        match fm.format {
            FrontMatterFormat::Yaml if fm.text.trim().is_empty() => {}
            FrontMatterFormat::Yaml => {
                // A bad value loses its key only, not the doc's whole front matter.
                let r = yaml::parse_lenient::<DocMeta>(fm.text, origin);
                diags.extend(r.diags);
                meta = r.value.unwrap_or_default();
            }
            FrontMatterFormat::Toml => meta = toml_meta(fm.text, origin, &mut diags),
        }
        check_doc_meta(&meta, fm.text, origin, &mut diags);
    }
    if crate::source::unclosed_front_matter(&f.text) {
        diags.push(
            Diagnostic::error(
                Code::InvalidFrontMatter,
                "front matter has no closing fence",
            )
            .with_span(Span::at(&f.rel, &f.text, 0, 3))
            .with_help(format!(
                "end the front matter with a line holding only `{}`",
                &f.text[..3]
            )),
        );
    }
    let unit = body_unit(Entity::Doc(idx), f, body);
    let origin = Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: 1,
    };
    let title = meta
        .title
        .clone()
        .or_else(|| unit.scan.title.clone())
        .unwrap_or_else(|| title_from_path(&f.rel));
    let doc = Doc {
        src: f.rel.clone(),
        url: doc_url(&f.rel),
        title,
        description: meta.description.clone().unwrap_or_default(),
        weight: meta.weight,
        tags: meta.tags.clone(),
        owners: refs(origin, std::mem::take(&mut meta.owners)),
        authors: refs(origin, std::mem::take(&mut meta.authors)),
        status: meta.status.as_ref().map(|s| s.value.clone()),
        last_reviewed: meta.last_reviewed.take().map(|s| to_ref(origin, s)),
        review_every: meta.review_every.take().map(|s| to_ref(origin, s)),
        unit: 0,
    };
    (doc, unit, diags)
}

fn toml_meta(text: &str, origin: Origin<'_>, diags: &mut Vec<Diagnostic>) -> DocMeta {
    #[derive(Deserialize)]
    struct TomlMeta {
        title: Option<String>,
        description: Option<String>,
        weight: Option<i64>,
        #[serde(default)]
        tags: Vec<String>,
    }
    match toml::from_str::<TomlMeta>(text) {
        Ok(t) => DocMeta {
            title: t.title,
            description: t.description,
            weight: t.weight,
            tags: t.tags,
            ..DocMeta::default()
        },
        Err(e) => {
            let (line, col) = e
                .span()
                .map(|r| crate::diag::line_col(text, r.start))
                .unwrap_or((1, 1));
            diags.push(
                Diagnostic::error(
                    Code::InvalidFrontMatter,
                    format!("TOML front matter: {}", e.message()),
                )
                .with_span(origin.span(u64::from(line), u64::from(col), 1))
                .with_help("fix the TOML between the `+++` fences"),
            );
            DocMeta::default()
        }
    }
}

fn check_doc_meta(meta: &DocMeta, fm_text: &str, origin: Origin<'_>, diags: &mut Vec<Diagnostic>) {
    let known = [
        "title",
        "description",
        "weight",
        "tags",
        "owners",
        "authors",
        "status",
        "last_reviewed",
        "review_every",
        "draft",
    ];
    for key in meta.rest.keys() {
        if KNOWN_FOREIGN_KEYS.contains(&key.as_str()) {
            continue;
        }
        let (line, col) = key_position(fm_text, key);
        diags.push(
            Diagnostic::warning(
                Code::UnknownKey,
                format!("unknown front matter key `{key}`"),
            )
            .with_span(origin.span(line, col, key.len()))
            .with_help(crate::diag::suggestion_help(
                key,
                known.iter().copied(),
                "remove it, or ignore this warning with `lints: {unknown-key: off}`",
            )),
        );
    }
    if let Some(s) = &meta.status
        && !DOC_STATUSES.contains(&s.value.as_str())
    {
        diags.push(
            Diagnostic::error(
                Code::InvalidFrontMatter,
                format!("unknown status `{}`", s.value),
            )
            .with_span(origin.span_of(s, s.value.len()))
            .with_help(format!("use one of: {}", DOC_STATUSES.join(", "))),
        );
    }
}

fn key_position(yaml: &str, key: &str) -> (u64, u64) {
    for (i, line) in yaml.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return (i as u64 + 1, 1);
        }
    }
    (1, 1)
}

/// A readable title from a file path: `docs/code-of-conduct.md` → "Code of conduct".
pub fn title_from_path(src: &str) -> String {
    let stem = file_stem(src);
    let stem = if ["readme", "index", "_index"].contains(&stem.to_ascii_lowercase().as_str()) {
        src.rsplit('/').nth(1).map(str::to_string).unwrap_or(stem)
    } else {
        stem
    };
    let words = stem.replace(['-', '_'], " ");
    let mut c = words.trim().chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => "Untitled".to_string(),
    }
}

fn load_roles(l: &mut Loader<'_>, files: &[SourceFile]) -> (Vec<Role>, Option<UnitId>) {
    let mut roles = Vec::new();
    let mut intro = None;
    for f in files {
        let id = file_stem(&f.rel);
        let (fm, body) = split_front_matter(&f.text);
        if ["index", "readme", "_index"].contains(&id.to_ascii_lowercase().as_str()) {
            intro = Some(l.unit_from_body(Entity::RolesIndex, f, body));
            continue;
        }
        let origin = Origin {
            file: &f.rel,
            file_text: &f.text,
            line_offset: fm.as_ref().map_or(0, |fm| fm.line_offset),
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
        let parsed = meta.is_some();
        let meta = meta.unwrap_or_default();
        let title = match meta.title {
            Some(t) => t,
            None => {
                if parsed {
                    l.missing("title", origin.span(1, 1, 0), &touched);
                }
                title_from_path(&f.rel)
            }
        };
        let idx = roles.len();
        let unit = l.unit_from_body(Entity::Role(idx), f, body);
        roles.push(Role {
            url: format!("roles/{id}.html"),
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
            grows_into: refs(origin, meta.grows_into),
            holders: refs(origin, meta.holders),
            extra: meta.extra.unwrap_or(serde_json::Value::Null),
            unit,
            span: Span::file(&f.rel),
        });
    }
    (roles, intro)
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
        Diagnostic::error(
            Code::InvalidRole,
            format!("role `{id}` has no YAML front matter"),
        )
        .with_help("start the file with `---`, a `title:` and the role's fields, then `---`")
    };
    let len = if unterminated { 3 } else { 0 };
    l.diags.push(d.with_span(Span::at(&f.rel, &f.text, 0, len)));
}

fn load_journeys(l: &mut Loader<'_>, files: &[SourceFile]) -> Vec<Journey> {
    let mut journeys = Vec::new();
    for f in files {
        let id = file_stem(&f.rel);
        let origin = whole_file(f);
        let raw = if f.text.trim().is_empty() {
            l.damaged.insert(f.rel.clone());
            l.diags.push(
                Diagnostic::error(Code::InvalidJourney, format!("journey `{id}` is empty"))
                    .with_span(Span::file(&f.rel))
                    .with_help(
                        "give it a `title:`, a `persona:` and its `stages:`, or delete the file",
                    ),
            );
            None
        } else {
            let (raw, touched) = l.lenient::<JourneyFile>(&f.text, origin);
            if let Some(raw) = &raw {
                journey_missing_fields(l, raw, origin, &touched);
            }
            raw
        };
        let raw = raw.unwrap_or_default();
        let owner = Entity::Journey(journeys.len());
        let journey = journey_from_raw(l, raw, owner, origin, &id);
        journeys.push(journey);
    }
    journeys
}

fn journey_missing_fields(
    l: &mut Loader<'_>,
    raw: &JourneyFile,
    origin: Origin<'_>,
    touched: &[String],
) {
    for field in ["title", "persona"] {
        let absent = match field {
            "title" => raw.title.is_none(),
            _ => raw.persona.is_none(),
        };
        if absent {
            l.missing(field, origin.span(1, 1, 0), touched);
        }
    }
    if raw.persona.as_ref().is_some_and(|p| p.name.is_none()) {
        l.missing("name", origin.span(1, 1, 0), touched);
    }
}

fn journey_from_raw(
    l: &mut Loader<'_>,
    raw: JourneyFile,
    owner: Entity,
    origin: Origin<'_>,
    id: &str,
) -> Journey {
    let description = raw.description.map(|d| l.unit_from_yaml(owner, origin, &d));
    let p = raw.persona.unwrap_or_default();
    let _ = p.extra;
    let persona = Persona {
        name: p.name.unwrap_or_default(),
        description: p.description.map(|d| l.unit_from_yaml(owner, origin, &d)),
        goals: p.goals,
        frustrations: p.frustrations,
    };
    let mut stages = Vec::new();
    for s in raw.stages {
        // A stage without its `stage:` key was reported; its steps still
        // count for the roles and docs they name.
        let stage = match s.stage {
            Some(st) => to_ref(origin, st),
            None => {
                l.damaged.insert(origin.file.to_string());
                Ref {
                    value: String::new(),
                    span: Span::file(origin.file),
                }
            }
        };
        let mut steps = Vec::new();
        for st in s.steps {
            let _ = st.extra;
            steps.push(Step {
                title: st.title.unwrap_or_default(),
                description: st.description.map(|d| l.unit_from_yaml(owner, origin, &d)),
                links: refs(origin, st.links),
                roles: refs(origin, st.roles),
                pain_points: st.pain_points,
                tips: st.tips,
            });
        }
        stages.push(JourneyStage {
            stage,
            summary: s.summary,
            steps,
        });
    }
    Journey {
        url: format!("journeys/{id}.html"),
        id: id.to_string(),
        src: origin.file.to_string(),
        title: raw.title.unwrap_or_else(|| title_from_path(origin.file)),
        description,
        persona,
        stages,
        extra: raw.extra.unwrap_or(serde_json::Value::Null),
        span: Span::file(origin.file),
    }
}

/// Whether a YAML data file is a plain list (`- term: …`) rather than a
/// mapping (`terms:` then the list).
fn is_list_form(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && *l != "---")
        .is_some_and(|l| l == "-" || l.starts_with("- "))
}

/// The entries of `glossary.yml` or `people.yml`, in either form: a plain
/// list, or a mapping with the list under `key`.
fn data_entries<T, F>(
    l: &mut Loader<'_>,
    f: &SourceFile,
    wrapped: fn(F) -> Vec<T>,
) -> (Vec<T>, Vec<String>)
where
    T: serde::de::DeserializeOwned,
    F: serde::de::DeserializeOwned,
{
    if f.text.trim().is_empty() {
        return (Vec::new(), Vec::new());
    }
    let origin = whole_file(f);
    if is_list_form(&f.text) {
        let (v, touched) = l.lenient::<Vec<T>>(&f.text, origin);
        (v.unwrap_or_default(), touched)
    } else {
        let (v, touched) = l.lenient::<F>(&f.text, origin);
        (v.map(wrapped).unwrap_or_default(), touched)
    }
}

fn load_glossary(l: &mut Loader<'_>, f: &SourceFile) -> Vec<Term> {
    let origin = whole_file(f);
    let (raw, touched) = data_entries(l, f, |g: GlossaryFile| g.terms);
    let mut terms = Vec::new();
    for t in raw {
        let at = origin.span_of(&t, 0);
        let t = t.value;
        let _ = t.extra;
        let Some(name) = t.term else {
            l.missing("term", at, &touched);
            continue;
        };
        let owner = Entity::Term(terms.len());
        let definition = match &t.definition {
            Some(d) => l.unit_from_yaml(owner, origin, d),
            None => {
                l.missing("definition", at, &touched);
                l.unit_from_text(owner, origin.file, String::new(), origin.span_of(&name, 0))
            }
        };
        terms.push(Term {
            anchor: format!("term-{}", crate::slug::slugify(&name.value)),
            span: origin.span_of(&name, name.value.len()),
            name: name.value,
            aliases: t.aliases,
            definition,
            related: refs(origin, t.related),
        });
    }
    terms
}

/// Terms defined in MyST `{glossary}` blocks of docs join the glossary.
fn add_myst_glossary_terms(l: &mut Loader<'_>, terms: &mut Vec<Term>) {
    let mut found = Vec::new();
    for u in &l.units {
        for g in &u.scan.glossary {
            let span = match u.base {
                Some(b) => Span {
                    file: u.file.clone(),
                    line: u.anchor.line,
                    column: 1,
                    offset: b + g.offset,
                    len: g.term.len(),
                },
                None => u.anchor.clone(),
            };
            found.push((g.term.clone(), g.definition.clone(), span));
        }
    }
    for (name, def, span) in found {
        let owner = Entity::Term(terms.len());
        let definition = l.unit_from_text(owner, &span.file.clone(), def, span.clone());
        terms.push(Term {
            anchor: format!("term-{}", crate::slug::slugify(&name)),
            name,
            aliases: Vec::new(),
            definition,
            related: Vec::new(),
            span,
        });
    }
}

/// A URL from a data file, unless its scheme is not allowed (`javascript:`,
/// `data:`…): then `None`, with an `unsafe-url` warning at the value.
fn safe_url(l: &mut Loader<'_>, origin: Origin<'_>, v: Spanned<String>) -> Option<String> {
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

fn load_people(l: &mut Loader<'_>, f: &SourceFile) -> Vec<Person> {
    let origin = whole_file(f);
    let (raw, touched) = data_entries(l, f, |p: PeopleFile| p.people);
    let mut people = Vec::new();
    for p in raw {
        let at = origin.span_of(&p, 0);
        let p = p.value;
        for c in &p.contributions {
            if !CONTRIBUTION_KINDS.contains(&c.value.as_str()) {
                l.diags.push(
                    Diagnostic::warning(
                        Code::UnknownContribution,
                        format!("unknown contribution kind `{}`", c.value),
                    )
                    .with_span(origin.span_of(c, c.value.len()))
                    .with_help(crate::diag::suggestion_help(
                        &c.value,
                        CONTRIBUTION_KINDS.iter().copied(),
                        "see the README for the list of contribution kinds",
                    )),
                );
            }
        }
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
        });
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_urls() {
        assert_eq!(doc_url("docs/a.md"), "docs/a.html");
        assert_eq!(doc_url("README.md"), "index.html");
        assert_eq!(doc_url("sig-x/readme.md"), "sig-x/index.html");
        assert_eq!(doc_url("a/_index.md"), "a/index.html");
    }

    #[test]
    fn titles_from_paths() {
        assert_eq!(
            title_from_path("docs/code-of-conduct.md"),
            "Code of conduct"
        );
        assert_eq!(title_from_path("sig-node/README.md"), "Sig node");
    }
}
