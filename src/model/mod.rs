//! The typed handbook model: docs, roles, journeys, glossary terms and people,
//! parsed from [`Sources`] with strict schemas (unknown keys are errors with
//! their position and a "did you mean"), recovering from each bad key so an
//! entity keeps its id and the fields that parsed. Every piece of markdown, whether a
//! doc body, a role's prose or a journey step's description, becomes an
//! [`MdUnit`] with its scan, so the resolver treats all of them alike. This
//! stage checks shapes only; whether ids point anywhere is `resolve`'s job.

//!
//! Each entity kind is one module here: its schema, loading and validation,
//! id, URL and the references it makes ([`doc`], [`role`], [`journey`],
//! [`term`], [`person`]). The fixed pages the site makes are in [`urls`].

pub(crate) mod dated;
pub(crate) mod decision;
mod decision_import;
pub(crate) mod doc;
pub(crate) mod governance;
pub mod group;
pub mod ids;
pub(crate) mod journey;
pub(crate) mod kind;
pub(crate) mod person;
pub(crate) mod role;
pub(crate) mod sources;
pub(crate) mod term;
pub(crate) mod urls;

use std::collections::HashMap;

use crate::code::Code;
use crate::config::Config;
use crate::diag::{Diagnostic, Span};
use crate::markup::{self, Scan};
use crate::source::{SourceFile, Sources};
use crate::yaml::{self, Origin, Spanned};

pub use decision::Decision;
pub use doc::Doc;
pub(crate) use doc::{KNOWN_FOREIGN_KEYS, doc_url};
pub use governance::Governance;
pub(crate) use governance::{Holder, Lookup};
pub use group::Group;
pub use journey::Journey;
pub(crate) use kind::{KINDS, Kind, KindId, KindInfo};
pub use person::CONTRIBUTION_KINDS;
pub(crate) use person::{Person, PersonLink};
pub(crate) use role::Role;
pub(crate) use term::Term;

/// Index of an [`MdUnit`] in [`Handbook::units`].
pub(crate) type UnitId = usize;

/// A string from a data file together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub value: String,
    pub span: Span,
}

/// Which entity a markdown unit belongs to (and whose backlinks it feeds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entity {
    /// Entity `i` of a kind (its index in the kind's list).
    Item(KindId, usize),
    /// The intro prose of a kind's index page (`roles/index.md`,
    /// `decisions/README.md`).
    Intro(KindId),
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
    /// Shared: a language's model reuses the default's scan of an
    /// untranslated body (see [`Reuse`]).
    pub scan: std::sync::Arc<Scan>,
}

/// A unit's markdown: its own text, or its file's from an offset on.
#[derive(Debug, Clone)]
pub enum UnitText<'a> {
    Own(&'a str),
    File(std::sync::Arc<str>, usize),
}

impl std::ops::Deref for UnitText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            UnitText::Own(t) => t,
            UnitText::File(t, at) => t.get(*at..).unwrap_or(""),
        }
    }
}

impl serde::Serialize for UnitText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl MdUnit {
    /// The unit's markdown (`files` is [`Handbook::files`]): empty when its
    /// file cannot be read again (see [`crate::source::Files::get`]).
    pub fn text<'a>(&'a self, files: &crate::source::Files) -> UnitText<'a> {
        match &self.own_text {
            Some(t) => UnitText::Own(t),
            None => match files.get(&self.file) {
                Some(f) => UnitText::File(f, self.base.unwrap_or(0)),
                None => UnitText::Own(""),
            },
        }
    }

    /// The unit's plain text, for search (see [`markup::PlainText`]).
    pub fn plain(&self, files: &crate::source::Files) -> String {
        self.scan.text.make(&self.text(files))
    }

    /// The markdown of the body of `file` from `base` on: `None` when it is
    /// the file's text as is (see [`MdUnit::own_text`]).
    pub(crate) fn body_text(file_text: &str, base: usize) -> (Option<String>, Scan) {
        let normalized = markup::normalize_colon_fences(&file_text[base..]);
        let scan = markup::scan(&normalized);
        match normalized {
            std::borrow::Cow::Borrowed(_) => (None, scan),
            std::borrow::Cow::Owned(t) => (Some(t), scan),
        }
    }
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
    /// Working groups, committees, teams… (`groups/*.md` and data sources).
    pub groups: Vec<Group>,
    pub decisions: Vec<Decision>,
    /// Folders of dated pages (meeting minutes…), see [`dated`].
    pub collections: Vec<dated::Collection>,
    /// `decisions/index.md` (or `README.md`): the decisions index's intro.
    pub decisions_intro: Option<UnitId>,
    /// Whether a `people.yml` exists (otherwise holders are plain names).
    pub has_people_file: bool,
    pub units: Vec<MdUnit>,
    /// Data files (roles, journeys, glossary, people) with errors: their
    /// entities are kept with the fields that parsed, and lints about what
    /// they lack (no holders, missing stages…) are not run on them, since
    /// the error already explains it.
    pub damaged: std::collections::BTreeSet<String>,
    /// Full text of every source file, for diagnostics snippets.
    pub files: crate::source::Files,
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

fn file_stem(src: &str) -> String {
    let name = src.rsplit('/').next().unwrap_or(src);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

struct Loader<'a> {
    /// Scans to reuse instead of scanning again (see [`Reuse`]).
    reuse: &'a Reuse<'a>,
    units: Vec<MdUnit>,
    files: crate::source::Files,
    damaged: std::collections::BTreeSet<String>,
    diags: &'a mut Vec<Diagnostic>,
}

/// Where a whole-file YAML data file's values sit (`lines`: its line
/// starts, since such a file holds many values).
fn whole_file<'a>(f: &'a SourceFile, lines: &'a crate::diag::LineIndex<'a>) -> Origin<'a> {
    Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: 0,
        lines: Some(lines),
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

    /// `read(loader, i, file)` for each of `files` on all cores, each with a
    /// loader of its own whose diagnostics and damaged files are then kept
    /// in file order, as if the files were read one after another. `read`
    /// makes no units and keeps no texts (it returns what it made).
    fn par_each<T: Send>(
        &mut self,
        files: &[SourceFile],
        read: impl Fn(&mut Loader<'_>, usize, &SourceFile) -> T + Sync,
    ) -> Vec<T> {
        use rayon::prelude::*;
        let (root, reuse) = (self.files.root(), self.reuse);
        let each: Vec<(T, Vec<Diagnostic>, std::collections::BTreeSet<String>)> = files
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let mut diags = Vec::new();
                let mut own = Loader {
                    reuse,
                    units: Vec::new(),
                    files: crate::source::Files::new(root),
                    damaged: std::collections::BTreeSet::new(),
                    diags: &mut diags,
                };
                let made = read(&mut own, i, f);
                debug_assert!(own.units.is_empty(), "par_each: a unit made in `read`");
                let damaged = own.damaged;
                (made, diags, damaged)
            })
            .collect();
        (each.into_iter())
            .map(|(made, diags, damaged)| {
                self.diags.extend(diags);
                self.damaged.extend(damaged);
                made
            })
            .collect()
    }

    /// Add `unit`, made on another core, as the unit of `owner`.
    fn place(&mut self, mut unit: MdUnit, owner: Entity) -> UnitId {
        unit.owner = owner;
        self.units.push(unit);
        self.units.len() - 1
    }

    fn unit_from_body(&mut self, owner: Entity, file: &SourceFile, base: usize) -> UnitId {
        self.units.push(body_unit(owner, file, base, self.reuse));
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
            scan: scan.into(),
        });
        self.units.len() - 1
    }
}

/// What a loader reads of an entity's file on any core (see
/// [`Loader::par_each`]): its front matter (and the keys that failed, see
/// [`Loader::lenient`]) and its body's unit, owned by item 0 of its kind
/// until the entity's place is known ([`Loader::place`]).
struct Card<M> {
    meta: Option<M>,
    touched: Vec<String>,
    unit: MdUnit,
}

/// The markdown unit of a file's body from byte `base` on (after the front
/// matter); its scan is `reuse`'s when that has one for the same text.
fn body_unit(owner: Entity, file: &SourceFile, base: usize, reuse: &Reuse<'_>) -> MdUnit {
    let (own_text, scan) = match reuse.scan(file, base) {
        Some(scan) => (None, scan),
        None => {
            let (text, scan) = MdUnit::body_text(&file.text, base);
            (text, scan.into())
        }
    };
    MdUnit {
        owner,
        file: file.rel.clone(),
        own_text,
        base: Some(base),
        anchor: Span::at(&file.rel, &file.text, base, 0),
        scan,
    }
}

/// The scans of another load of the same files (the default language's,
/// when a language's model is loaded over them): a scan is a function of
/// the text alone, so a body whose file text and start are the same gets
/// that scan (shared) instead of a second parse. Only bodies that are
/// their file's text as is are offered: one rewritten after loading (a
/// dated folder's index with its listing appended) or normalised is
/// scanned again.
#[derive(Default)]
pub(crate) struct Reuse<'a> {
    /// File → its text, the body's start and the body's scan.
    scans: HashMap<&'a str, (std::sync::Arc<str>, usize, &'a std::sync::Arc<Scan>)>,
}

impl<'a> Reuse<'a> {
    /// The body scans of `hb`.
    pub(crate) fn of(hb: &'a Handbook) -> Reuse<'a> {
        let scans = (hb.units.iter())
            .filter(|u| u.own_text.is_none())
            .filter_map(|u| {
                let text = hb.files.get(&u.file)?;
                Some((u.file.as_str(), (text, u.base?, &u.scan)))
            })
            .collect();
        Reuse { scans }
    }

    fn scan(&self, file: &SourceFile, base: usize) -> Option<std::sync::Arc<Scan>> {
        let (text, at, scan) = self.scans.get(file.rel.as_str())?;
        // The same shared text (an untranslated file) needs no comparison.
        let same = std::sync::Arc::ptr_eq(text, &file.text) || **text == *file.text;
        (*at == base && same).then(|| std::sync::Arc::clone(scan))
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
    load_reusing(config, sources, &Reuse::default(), diags)
}

/// [`load`], with the scans of `reuse` where a body is the same.
pub(crate) fn load_reusing(
    mut config: Config,
    mut sources: Sources,
    reuse: &Reuse<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Handbook {
    crate::config::identity::complete(&mut config, &sources.root, sources.toc.as_ref(), diags);
    let (decision_files, decisions_intro) = decision::split_sources(&config, &mut sources.docs);
    let has_people_file = sources.people.is_some();
    let mut l = Loader {
        reuse,
        units: Vec::new(),
        files: crate::source::Files::new(&sources.root),
        damaged: std::collections::BTreeSet::new(),
        diags,
    };
    let mut groups = group::load_sources(&mut l, &mut sources);
    let mut docs = doc::load(&mut l, &sources.docs);
    let collections = dated::detect(&mut l, &mut docs, &sources.docs);
    if !config.given.title {
        // The home page's own first heading names the site.
        let home = docs.iter().find(|d| d.url == urls::HOME);
        if let Some(t) = home.and_then(|d| l.units[d.unit].scan.title.clone()) {
            config.title = t;
        }
    }
    let (roles, roles_intro) = role::load(&mut l, sources.folder(role::FOLDER.name));
    let decisions = decision::load(&mut l, &decision_files, &config);
    let decisions_intro = decision::load_intro(&mut l, decisions_intro);
    let journeys = journey::load(&mut l, sources.folder(journey::FOLDER.name));
    let mut terms = sources
        .glossary
        .as_ref()
        .map(|f| term::load(&mut l, f))
        .unwrap_or_default();
    term::add_myst_terms(&mut l, &mut terms);
    let mut people = sources
        .people
        .as_ref()
        .map(|f| person::load(&mut l, f))
        .unwrap_or_default();
    let imported_files = import_sources(&mut l, &config, &sources, &docs, &mut groups, &mut people);
    person::assign_urls(&mut people);
    let sources = keep_texts(&mut l, sources, imported_files, decision_files, &config);
    Handbook {
        has_people_file,
        config,
        docs,
        roles,
        roles_intro,
        journeys,
        terms,
        people,
        groups,
        decisions,
        collections,
        decisions_intro,
        units: l.units,
        damaged: l.damaged,
        files: l.files,
        sources,
    }
}

/// The configured (or detected) data sources, merged into the groups and
/// people read from files; returns the files they read.
fn import_sources(
    l: &mut Loader<'_>,
    config: &Config,
    sources: &Sources,
    docs: &[Doc],
    groups: &mut Vec<Group>,
    people: &mut Vec<Person>,
) -> Vec<SourceFile> {
    // Every file a data source pattern may name (CODEOWNERS also matches docs).
    let candidates: Vec<String> = (sources.other_files.iter().map(|a| a.rel.clone()))
        .chain(docs.iter().map(|d| d.src.clone()))
        .collect();
    let imported = sources::load(l, &sources.root, &config.sources, &candidates, groups.len());
    sources::merge_groups(groups, imported.groups, &mut l.units, l.diags);
    sources::merge_people(
        people,
        imported.people,
        &imported.contributor_files,
        l.diags,
    );
    sources::people_from_members(people, groups);
    group::report_duplicates(groups, l.diags);
    imported.files
}

/// Every text source kept by path, for diagnostics snippets, `{include}`
/// and `{cite}`; what the later stages still need is handed on.
fn keep_texts(
    l: &mut Loader<'_>,
    sources: Sources,
    imported_files: Vec<SourceFile>,
    decision_files: Vec<SourceFile>,
    config: &Config,
) -> SourcesLeft {
    for f in imported_files {
        l.files.insert(f.rel, f.text);
    }
    // Every text source, for diagnostics snippets and `{include}`.
    if let Some(t) = &sources.toc {
        l.files.insert(t.rel.clone(), t.text.clone());
    }
    let texts = (sources.docs.into_iter())
        .chain(sources.folders.into_iter().flat_map(|f| f.files))
        .chain(sources.glossary)
        .chain(sources.people)
        .chain(decision_files);
    for f in texts {
        l.files.insert_file(f.rel, f.text);
    }
    // BibTeX files feed `{cite}` and `{bibliography}` (discovered inside the handbook).
    for a in &sources.other_files {
        if a.rel.ends_with(".bib")
            && let Ok(text) = std::fs::read_to_string(&a.abs)
        {
            l.files
                .insert(a.rel.clone(), text.replace("\r\n", "\n").into());
        }
    }
    if let Some(t) = &config.source_text {
        l.files.insert("handbook.yml".into(), t.clone());
    }
    SourcesLeft {
        toc: sources.toc,
        templates: sources.templates,
        static_files: sources.static_files,
        other_files: sources.other_files,
    }
}

/// A readable title from a file path: `docs/code-of-conduct.md` → "Code of conduct".
pub(crate) fn title_from_path(src: &str) -> String {
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
    let lines = crate::diag::LineIndex::new(&f.text);
    let origin = whole_file(f, &lines);
    if is_list_form(&f.text) {
        let (v, touched) = l.lenient::<Vec<T>>(&f.text, origin);
        (v.unwrap_or_default(), touched)
    } else {
        let (v, touched) = l.lenient::<F>(&f.text, origin);
        (v.map(wrapped).unwrap_or_default(), touched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body with the text another load had gets that load's scan; a
    /// changed body, or one rewritten after loading (a dated folder's index
    /// with its listing), is scanned again: either way the model is the
    /// one a load from scratch makes.
    #[test]
    fn reused_scans_are_the_scans_of_the_same_text() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        let write = |p: &str, text: &str| {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("handbook.yml", "title: T\n");
        write("docs/a.md", "# A\n\nSee [b](b.md).\n");
        write("docs/b.md", "---\ntitle: B\n---\n## Part\n\nText.\n");
        write("minutes/2024-01-02.md", "# January\n");
        write("minutes/2024-02-03.md", "# February\n");
        let load_all = |reuse: &Reuse<'_>| {
            let mut d = Vec::new();
            let config = crate::config::load(root, &mut d);
            let sources = crate::source::discover(root, &[], &kind::folders(), &mut d);
            load_reusing(config, sources, reuse, &mut d)
        };
        let first = load_all(&Reuse::default());
        let reuse = Reuse::of(&first);
        assert!(reuse.scans.contains_key("docs/a.md"));
        write("docs/a.md", "# A changed\n");
        let again = load_all(&reuse);
        let fresh = load_all(&Reuse::default());
        let scans = |hb: &Handbook| -> Vec<(String, std::sync::Arc<Scan>)> {
            (hb.units.iter())
                .map(|u| (u.file.clone(), u.scan.clone()))
                .collect()
        };
        assert_eq!(scans(&again), scans(&fresh));
        let a = again.units.iter().find(|u| u.file == "docs/a.md").unwrap();
        assert_eq!(a.scan.title.as_deref(), Some("A changed"));
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
