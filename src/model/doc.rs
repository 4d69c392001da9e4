//! The doc kind: every markdown file outside `roles/` is a governance doc.
//! Its front matter (YAML or TOML; keys of other generators tolerated), its
//! URL (`a/b.md` → `a/b.html`, `README.md` → the folder's `index.html`) and
//! the references it makes (`owners:` roles, `authors:` people).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Deserialize;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::source::{FrontMatterFormat, SourceFile, split_front_matter};
use crate::yaml::{self, Origin, Spanned};

use super::governance::{Governance, Holder, Lookup};
use super::kind::{Kind, KindId, KindInfo, SearchEntry, export_all};
use super::{
    Entity, Handbook, Loader, MdUnit, Ref, Reuse, UnitId, body_unit, refs, title_from_path, to_ref,
};

/// The doc kind in the registry: docs have no index page of their own.
/// The kind's place in the registry and in sort order (see [`KindId`]).
pub(crate) const ID: KindId = KindId::new(0, 0);

pub(crate) const KIND: KindInfo = KindInfo {
    id: ID,
    summary_order: 0,
    resolve_order: 2,
    name: "doc",
    xref_class: "xref xref-doc",
    plural: "docs",
    folder: None,
    index: None,
};

/// The doc kind in the registry ([`super::KINDS`]).
pub(crate) struct DocKind;

impl Kind for DocKind {
    fn new_records(&self, hb: &Handbook) -> Box<dyn super::governance::Records> {
        Box::new(vec![DocRefs::default(); hb.docs.len()])
    }
    fn resolve(&self, hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
        resolve(hb, g, look);
    }
    fn info(&self) -> &'static KindInfo {
        &KIND
    }
    fn count(&self, hb: &Handbook) -> usize {
        hb.docs.len()
    }
    fn page<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.docs[i].url
    }
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.docs[i].title
    }
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.docs[i].src
    }
    fn src<'a>(&self, hb: &'a Handbook, i: usize) -> Option<&'a str> {
        Some(&hb.docs[i].src)
    }
    fn own_url<'a>(&self, hb: &'a mut Handbook, i: usize) -> Option<&'a mut String> {
        Some(&mut hb.docs[i].url)
    }
    fn body(&self, hb: &Handbook, i: usize) -> Option<UnitId> {
        Some(hb.docs[i].unit)
    }
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        git: &GitFacts<'_>,
        each: &mut super::kind::EachRecord<'_>,
    ) {
        export_all(hb.docs.len(), |i| export(hb, gov, git, i), each);
    }
    fn search<'a>(
        &self,
        hb: &'a Handbook,
        _gov: &Governance,
        i: usize,
        doc_section: &dyn Fn(usize) -> String,
    ) -> SearchEntry<'a> {
        search(hb, i, doc_section(i))
    }
}

/// Front matter of a governance doc. Unknown keys from other generators
/// (Hugo, Jupyter Book) are tolerated; see [`KNOWN_FOREIGN_KEYS`].
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct DocMeta {
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
    pub superseded_by: Option<Spanned<String>>,
    /// A known key, read so it is not reported; nothing uses it yet.
    #[serde(default)]
    #[allow(dead_code)]
    pub draft: bool,
    /// SPDX licence of this page, overriding the handbook's.
    pub license: Option<Spanned<String>>,
    /// Governance health areas the doc covers (`covers: [code-of-conduct]`).
    #[serde(default)]
    pub covers: Vec<Spanned<String>>,
    /// When the page was written (`2024-03-15`): orders dated collections.
    /// Any other value other generators put here is ignored.
    pub date: Option<serde_json::Value>,
    /// Jekyll's (Just the Docs) `nav_order`: the weight when `weight` is
    /// not set (any value is accepted; a whole number orders).
    pub nav_order: Option<serde_json::Value>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, serde::de::IgnoredAny>,
}

/// Front-matter keys other tools use that we accept without a warning.
pub(crate) const KNOWN_FOREIGN_KEYS: &[&str] = &[
    "aliases",
    "slug",
    "linkTitle",
    "type",
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
    // Jekyll (Just the Docs) navigation.
    "parent",
    "grand_parent",
    "nav_order",
    "nav_exclude",
    "has_children",
    "has_toc",
    "permalink",
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
    /// The doc that replaces this one (a path from the handbook root).
    pub superseded_by: Option<Ref>,
    /// The page's own `license:` (the handbook's applies when `None`).
    pub license: Option<crate::license::License>,
    /// Governance health areas the doc says it covers.
    pub covers: Vec<Ref>,
    /// `YYYY-MM-DD` from `date:` or the file name (see [`super::dated`]).
    pub date: Option<String>,
    /// Made by waybook (a dated collection's index), not read from a file.
    pub generated: bool,
    pub unit: UnitId,
}

/// The output path of a markdown source: `a/b.md` → `a/b.html`, and
/// `README.md`, `index.md`, `_index.md` → the folder's `index.html`.
pub(crate) fn doc_url(src: &str) -> String {
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

pub(super) fn load(l: &mut Loader<'_>, files: &[SourceFile]) -> Vec<Doc> {
    // Front matter and markdown scans are independent per file: do them in
    // parallel, then number the units in file order.
    let loaded: Vec<(Doc, MdUnit, Vec<Diagnostic>)> = files
        .par_iter()
        .enumerate()
        .map(|(idx, f)| load_doc(idx, f, l.reuse))
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
fn load_doc(idx: usize, f: &SourceFile, reuse: &Reuse<'_>) -> (Doc, MdUnit, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (fm, body) = split_front_matter(&f.text);
    let mut meta = DocMeta::default();
    let mut license = None;
    if let Some(fm) = fm {
        let origin = Origin {
            file: &f.rel,
            file_text: &f.text,
            line_offset: fm.line_offset,
            lines: None,
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
        license = (meta.license.as_ref())
            .and_then(|l| crate::config::checked_license(l, origin, &mut diags));
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
    let unit = body_unit(Entity::Item(ID, idx), f, body, reuse);
    let origin = Origin {
        file: &f.rel,
        file_text: &f.text,
        line_offset: 1,
        lines: None,
    };
    let title = meta
        .title
        .clone()
        .or_else(|| unit.scan.title.clone())
        .or_else(|| super::dated::title_from_dated_name(&f.rel))
        .unwrap_or_else(|| title_from_path(&f.rel));
    let date = (meta.date.as_ref())
        .and_then(|v| v.as_str().and_then(super::dated::parse_date))
        .or_else(|| super::dated::date_from_name(&f.rel).map(|(d, _)| d));
    let doc = Doc {
        src: f.rel.clone(),
        url: doc_url(&f.rel),
        title,
        description: meta.description.clone().unwrap_or_default(),
        weight: (meta.weight).or_else(|| meta.nav_order.as_ref().and_then(|v| v.as_i64())),
        tags: meta.tags.clone(),
        owners: refs(origin, std::mem::take(&mut meta.owners)),
        authors: refs(origin, std::mem::take(&mut meta.authors)),
        status: meta.status.as_ref().map(|s| s.value.clone()),
        last_reviewed: meta.last_reviewed.take().map(|s| to_ref(origin, s)),
        review_every: meta.review_every.take().map(|s| to_ref(origin, s)),
        superseded_by: meta.superseded_by.take().map(|s| to_ref(origin, s)),
        license,
        covers: refs(origin, std::mem::take(&mut meta.covers)),
        date,
        generated: false,
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
        date: Option<toml::Value>,
    }
    match toml::from_str::<TomlMeta>(text) {
        Ok(t) => DocMeta {
            title: t.title,
            description: t.description,
            weight: t.weight,
            tags: t.tags,
            date: t.date.map(|d| match d {
                toml::Value::String(s) => serde_json::Value::String(s),
                toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
                _ => serde_json::Value::Null,
            }),
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
        "superseded_by",
        "draft",
        "license",
        "covers",
        "date",
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

/// What a doc's references resolved to, and what refers to it.
#[derive(Debug, Clone, Default)]
pub struct DocRefs {
    pub owners: Vec<usize>,
    pub authors: Vec<Holder>,
    /// Journeys (and stage index) whose steps link to the doc: pathway badges.
    pub pathways: BTreeSet<(usize, usize)>,
    /// Decisions whose `affects:` names the doc.
    pub decisions: Vec<usize>,
    /// The doc named by `superseded_by:`.
    pub superseded_by: Option<usize>,
}

impl Governance {
    /// Every doc's resolved references, by its index.
    pub fn docs(&self) -> &[DocRefs] {
        self.records(ID)
    }

    /// Every doc's references, to fill in while resolving.
    pub(crate) fn docs_mut(&mut self) -> &mut Vec<DocRefs> {
        self.records_mut(ID)
    }
}

/// Resolve every doc's owners (roles) and authors (people).
pub(super) fn resolve(hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
    for (i, d) in hb.docs.iter().enumerate() {
        for o in &d.owners {
            if let Some(r) = look.entity(super::role::ID, o, &format!("`{}`'s owners", d.src)) {
                g.docs_mut()[i].owners.push(r);
                g.roles_mut()[r].owned_docs.push(i);
            }
        }
        for a in &d.authors {
            if let Some(h) = look.holder(a, &format!("`{}`'s authors", d.src)) {
                if let Holder::Person(p) = h {
                    g.people_mut()[p].docs.push(i);
                }
                g.docs_mut()[i].authors.push(h);
            }
        }
        if let Some(s) = &d.superseded_by {
            g.docs_mut()[i].superseded_by = look.doc(s, &format!("`{}`'s superseded_by", d.src));
        }
    }
}

/// A doc in `handbook.json`.
#[derive(serde::Serialize)]
pub(crate) struct DocOut<'a> {
    id: String,
    source: &'a str,
    url: &'a str,
    title: &'a str,
    description: &'a str,
    tags: &'a [String],
    status: Option<&'a str>,
    owners: Vec<&'a str>,
    authors: Vec<String>,
    last_reviewed: Option<&'a str>,
    review_every: Option<&'a str>,
    last_updated: Option<&'a str>,
    /// `YYYY-MM-DD` of a dated page (from `date:` or its file name).
    date: Option<&'a str>,
    /// Whether waybook made the page (a dated collection's index).
    generated: bool,
    /// SPDX expression of the page's own `license:`, else the handbook's.
    license: Option<&'a str>,
    /// Who changed the page per git: person ids, or names of people not in
    /// `people.yml`; first change first.
    contributors: Vec<String>,
    headings: Vec<HeadingOut<'a>>,
    journeys: Vec<StageRef<'a>>,
}

#[derive(serde::Serialize)]
struct HeadingOut<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(serde::Serialize)]
struct StageRef<'a> {
    journey: &'a str,
    stage: &'a str,
}

/// Git facts for `handbook.json`: dates and contributors by source path.
pub(crate) struct GitFacts<'a> {
    pub last_updated: &'a BTreeMap<String, String>,
    pub contributors: &'a BTreeMap<String, Vec<Holder>>,
}

/// Doc `i`'s `handbook.json` record.
pub(crate) fn export<'a>(
    hb: &'a Handbook,
    gov: &Governance,
    git: &GitFacts<'a>,
    i: usize,
) -> DocOut<'a> {
    let d = &hb.docs[i];
    let refs = &gov.docs()[i];
    DocOut {
        id: d.src.trim_end_matches(".md").to_string(),
        source: &d.src,
        url: &d.url,
        title: &d.title,
        description: &d.description,
        tags: &d.tags,
        status: d.status.as_deref(),
        owners: refs
            .owners
            .iter()
            .map(|&r| hb.roles[r].id.as_str())
            .collect(),
        authors: refs.authors.iter().map(|h| h.id(hb)).collect(),
        last_reviewed: d.last_reviewed.as_ref().map(|r| r.value.as_str()),
        review_every: d.review_every.as_ref().map(|r| r.value.as_str()),
        last_updated: git.last_updated.get(&d.src).map(String::as_str),
        date: d.date.as_deref(),
        generated: d.generated,
        license: (d.license.as_ref().or(hb.config.license.as_ref())).map(|l| l.spdx.as_str()),
        contributors: (git.contributors.get(&d.src).into_iter().flatten())
            .map(|h| h.id(hb))
            .collect(),
        headings: (hb.units[d.unit].scan.headings.iter())
            .map(|h| HeadingOut {
                level: h.level,
                id: &h.id,
                text: &h.text,
            })
            .collect(),
        journeys: (refs.pathways.iter())
            .map(|&(j, s)| StageRef {
                journey: &hb.journeys[j].id,
                stage: &hb.config.stages[s].id,
            })
            .collect(),
    }
}

/// Doc `i`'s search entry; `section` is where the table of contents puts it.
pub(crate) fn search(hb: &Handbook, i: usize, section: String) -> SearchEntry<'_> {
    let d = &hb.docs[i];
    let scan = &hb.units[d.unit].scan;
    SearchEntry {
        url: d.url.clone(),
        fragment: None,
        title: &d.title,
        section,
        boost: scan
            .headings
            .iter()
            .map(|h| h.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
            + " "
            + &d.description,
        text: super::kind::SearchText::unit(hb, d.unit, None),
    }
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
}
