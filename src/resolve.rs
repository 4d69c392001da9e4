//! Link resolution: one symbol table over the whole [`Handbook`] (doc paths,
//! folders, heading anchors, MyST labels, role/journey/person ids, glossary
//! terms, assets) and the resolution of every link of every markdown unit to
//! a relative output URL, or a diagnostic with its position and a "did you
//! mean". Produces the per-unit link tables the HTML renderer looks up by
//! byte offset, the backlink graph, the set of assets to copy, and a record
//! of every link for `handbook.json`. Governance references are resolved by
//! [`crate::govern`] on the same symbol table.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::code::Code;
use crate::diag::{Diagnostic, LineIndex, Span, did_you_mean};
use crate::markup::{LinkKind, LinkRef};
use crate::model::kind::{IdTable, KINDS};
use crate::model::{Entity, Handbook, Kind, KindId, MdUnit};
use crate::myst::RoleLink;
pub use crate::paths::{normalize_path, percent_decode};

/// What the renderer needs to write one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOut {
    /// Relative URL from the page the unit is rendered on.
    pub href: String,
    /// CSS class (`xref xref-role`, …) or empty for plain links.
    pub class: &'static str,
    /// Hover text (a term's definition, a role's summary).
    pub title: Option<String>,
    /// Text to show when the link has none of its own (`[[role:x]]`, `[](#l)`).
    pub text: Option<String>,
    /// Why the link is broken; rendered as a marked span, not a link.
    pub broken: Option<String>,
}

/// Where a link points, for backlinks and `handbook.json`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Entity(Entity, Option<String>),
    Asset(String),
    External(String),
    /// Not a link to a page (citations, roles we don't resolve).
    None,
}

/// One resolved link, with its source position.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRecord {
    pub from: Entity,
    pub span: Span,
    pub dest: String,
    pub kind: LinkKind,
    pub target: Target,
    pub broken: bool,
}

/// Output of resolution.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Per unit (same index as `Handbook::units`); a translation shares
    /// the default language's where they are equal (see [`resolve_like`]).
    pub units: Vec<Arc<UnitLinks>>,
    /// Target entity → entities whose markdown links to it (sorted, unique).
    pub backlinks: BTreeMap<Entity, BTreeSet<Entity>>,
    /// Assets referenced by some link (copied to the output).
    pub assets: BTreeSet<String>,
}

impl Resolution {
    /// Every link record, in unit order.
    pub fn records(&self) -> impl Iterator<Item = &LinkRecord> {
        self.units.iter().flat_map(|u| &u.records)
    }

    /// Diagnostics of every broken link.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.units.iter().flat_map(|u| &u.diags)
    }

    /// Drop what only pages read, what each link is written as, keeping
    /// the records and diagnostics: a one-shot build does it once its
    /// pages are written. A unit shared with another language's
    /// resolution keeps its maps until that one lets it go
    /// ([`Resolution::keep_diagnostics_only`]).
    pub(crate) fn drop_written_links(&mut self) {
        for u in self.units.iter_mut().filter_map(Arc::get_mut) {
            u.links = LinkMap::default();
            u.included = Included::new();
        }
    }

    /// Keep only each unit's diagnostics (a translation's resolution once
    /// its pages are written: nothing else reads it), letting go of the
    /// units it shares with the default language's.
    pub(crate) fn keep_diagnostics_only(&mut self) {
        for u in &mut self.units {
            let diags = match Arc::get_mut(u) {
                Some(own) => std::mem::take(&mut own.diags),
                None => u.diags.clone(),
            };
            *u = Arc::new(UnitLinks {
                diags,
                ..UnitLinks::default()
            });
        }
    }

    /// Rebuild backlinks and assets from the per-unit records.
    pub fn index(&mut self) {
        let mut backlinks: BTreeMap<Entity, BTreeSet<Entity>> = BTreeMap::new();
        for (target, from) in self.records().filter_map(backlink) {
            backlinks.entry(target).or_default().insert(from);
        }
        self.backlinks = backlinks;
        self.index_assets();
    }

    fn index_assets(&mut self) {
        self.assets = (self.records())
            .filter_map(|r| match &r.target {
                Target::Asset(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
    }

    /// Replace one unit's links and update the index by the difference, so
    /// one edit costs time in proportion to its links, not the site's
    /// (unless the edit removes a backlink, which needs a scan to see whether
    /// another unit of the same page still links there).
    pub(crate) fn replace_unit(&mut self, u: usize, fresh: UnitLinks) {
        let pairs = |ul: &UnitLinks| -> BTreeSet<(Entity, Entity)> {
            ul.records.iter().filter_map(backlink).collect()
        };
        let has_asset =
            |ul: &UnitLinks| (ul.records.iter()).any(|r| matches!(r.target, Target::Asset(_)));
        let old = std::mem::replace(&mut self.units[u], Arc::new(fresh));
        let (before, after) = (pairs(&old), pairs(&self.units[u]));
        for &(target, from) in after.difference(&before) {
            self.backlinks.entry(target).or_default().insert(from);
        }
        for &(target, from) in before.difference(&after) {
            let still = self
                .records()
                .filter_map(backlink)
                .any(|p| p == (target, from));
            if !still && let Some(set) = self.backlinks.get_mut(&target) {
                set.remove(&from);
                if set.is_empty() {
                    self.backlinks.remove(&target);
                }
            }
        }
        if has_asset(&old) || has_asset(&self.units[u]) {
            self.index_assets();
        }
    }
}

/// The (target, source) backlink a link record makes, if any: a working
/// link from one entity to another.
fn backlink(r: &LinkRecord) -> Option<(Entity, Entity)> {
    match r.target {
        Target::Entity(e, _) if !r.broken && e != r.from => Some((e, r.from)),
        _ => None,
    }
}

/// Hash maps for the big symbol tables (one entry per doc or file).
type FxMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// Lookup tables over the handbook.
pub struct Symbols<'a> {
    pub hb: &'a Handbook,
    docs_by_src: FxMap<&'a str, usize>,
    docs_by_dir: FxMap<&'a str, usize>,
    /// Each kind's ids (by its place in [`KINDS`]), filled by the kind.
    tables: Vec<IdTable<'a>>,
    terms: HashMap<String, usize>,
    /// MyST label → (doc entity, heading title if any).
    labels: FxMap<&'a str, (Entity, Option<String>)>,
    assets: FxMap<&'a str, ()>,
    /// Keys of every `.bib` file, for `{cite}`.
    cite_keys: std::collections::HashSet<String>,
    /// The page with a `{bibliography}` directive, where citations link to.
    bib_page: Option<Entity>,
    /// Written before each handbook file's URL: `../` on the pages of a
    /// translation (`fr/…`), whose files are the default language's.
    pub asset_up: &'static str,
    /// Anchor lookup for units with many anchors (unit index → index).
    anchors: FxMap<usize, AnchorIndex<'a>>,
    /// Heading ids of `{include}`d text, by the including unit.
    included_anchors: FxMap<usize, Vec<String>>,
}

/// A unit's anchors by exact and by lowercased id, each mapped to the first
/// anchor spelled that way (headings, then labels, then raw-HTML ids, as
/// [`crate::markup::Scan::find_anchor`] looks them up).
struct AnchorIndex<'a> {
    exact: FxMap<&'a str, ()>,
    folded: FxMap<String, &'a str>,
}

/// Below this many anchors a page is searched linearly.
const INDEXED_ANCHORS: usize = 32;

impl<'a> AnchorIndex<'a> {
    fn new(scan: &'a crate::markup::Scan) -> Self {
        let all = (scan.headings.iter().map(|h| h.id.as_str()))
            .chain(scan.labels.iter().map(|(l, _)| l.as_str()))
            .chain(scan.html_anchors.iter().map(String::as_str));
        let mut idx = AnchorIndex {
            exact: FxMap::default(),
            folded: FxMap::default(),
        };
        for a in all {
            idx.exact.insert(a, ());
            idx.folded.entry(a.to_ascii_lowercase()).or_insert(a);
        }
        idx
    }

    fn find(&self, id: &str) -> Option<&'a str> {
        if id.starts_with("fn-") || id.starts_with("fnref-") {
            return Some("");
        }
        if let Some((&a, _)) = self.exact.get_key_value(id) {
            return Some(a);
        }
        self.folded.get(&id.to_ascii_lowercase()).copied()
    }
}

/// The page a unit is rendered on (see [`Entity::page`]).
pub(crate) fn page_of(hb: &Handbook, e: Entity) -> &str {
    e.page(hb)
}

/// URL of an entity from the site root (see [`Entity::url`]).
pub(crate) fn url_of(hb: &Handbook, e: Entity) -> String {
    e.url(hb)
}

/// Title of an entity, for link texts (see [`Entity::title`]).
pub fn title_of(hb: &Handbook, e: Entity) -> &str {
    e.title(hb)
}

/// Relative URL from page `from` (root-relative file path) to root-relative
/// file path `to` (neither with a fragment): the part written from `to` is
/// percent-encoded (see [`crate::url::encode_path`]).
pub fn relative(from: &str, to: &str) -> String {
    let mut s = String::with_capacity(to.len() + 12);
    push_relative(&mut s, from, to);
    s
}

/// [`relative`], appended to `out` without allocating.
pub(crate) fn push_relative(out: &mut String, from: &str, to: &str) {
    let (from_b, to_b) = (from.as_bytes(), to.as_bytes());
    // `from`'s folders are the segments before each '/'; skip the leading
    // ones `to` has too (whole segments, each followed by '/' in both).
    let (mut depth, mut common, mut shared, mut seg_start) = (0, 0, 0, 0);
    let mut same = true;
    for (i, &b) in from_b.iter().enumerate() {
        if b != b'/' {
            continue;
        }
        depth += 1;
        if same && to_b.get(seg_start..=i) == Some(&from_b[seg_start..=i]) {
            common += 1;
            shared = i + 1;
        } else {
            same = false;
        }
        seg_start = i + 1;
    }
    for _ in common..depth {
        out.push_str("../");
    }
    // Safe slicing: `shared` follows an ASCII '/' in `to`.
    crate::url::push_encoded_path(out, &to[shared..]);
}

/// The prefix from a page to the site root (`""`, `"../"`, …).
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

fn dir_of(file: &str) -> &str {
    file.rfind('/').map_or("", |i| &file[..i])
}

/// Whether a link destination is external (has a scheme or is protocol-relative).
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

impl<'a> Symbols<'a> {
    pub fn new(hb: &'a Handbook) -> Self {
        let mut s = Symbols {
            hb,
            asset_up: "",
            docs_by_src: FxMap::default(),
            docs_by_dir: FxMap::default(),
            tables: Vec::new(),
            terms: HashMap::new(),
            labels: FxMap::default(),
            assets: FxMap::default(),
            cite_keys: std::collections::HashSet::new(),
            bib_page: None,
            anchors: FxMap::default(),
            included_anchors: FxMap::default(),
        };
        for path in hb.files.keys().filter(|p| p.ends_with(".bib")) {
            if let Some(text) = hb.files.get(path) {
                s.cite_keys
                    .extend(crate::markup::parse_bib(&text).into_iter().map(|e| e.key));
            }
        }
        s.bib_page = hb
            .units
            .iter()
            .find(|u| {
                u.scan
                    .links
                    .iter()
                    .any(|l| l.kind == LinkKind::Directive && l.role == "bibliography")
            })
            .map(|u| u.owner);
        s.index_entities();
        s.index_units();
        for a in hb
            .sources
            .other_files
            .iter()
            .chain(&hb.sources.static_files)
        {
            s.assets.insert(&a.rel, ());
        }
        s
    }

    /// Docs (by source and folder), each kind's ids (see [`Kind::index`])
    /// and terms (with aliases).
    fn index_entities(&mut self) {
        let hb = self.hb;
        for (i, d) in hb.docs.iter().enumerate() {
            self.docs_by_src.insert(&d.src, i);
            // A folder's page is its `index.html` (whole segment: a
            // `reindex.md` answers for no folder `re/`).
            if let Some(dir) = d.url.strip_suffix("index.html")
                && (dir.is_empty() || dir.ends_with('/'))
            {
                self.docs_by_dir
                    .entry(dir.trim_end_matches('/'))
                    .or_insert(i);
            }
        }
        self.tables = (KINDS.iter())
            .map(|k| {
                let mut t = IdTable::default();
                k.index(hb, &mut t);
                t
            })
            .collect();
        for (i, t) in hb.terms.iter().enumerate() {
            self.terms.entry(t.name.to_lowercase()).or_insert(i);
            for a in &t.aliases {
                self.terms.entry(a.to_lowercase()).or_insert(i);
            }
        }
    }

    /// Per unit: anchors of included files, an anchor index for long
    /// pages, and each label with the heading at or after it.
    fn index_units(&mut self) {
        let hb = self.hb;
        for (i, u) in hb.units.iter().enumerate() {
            let ids = included_anchor_ids(hb, u);
            if !ids.is_empty() {
                self.included_anchors.insert(i, ids);
            }
            let sc = &u.scan;
            if sc.headings.len() + sc.labels.len() + sc.html_anchors.len() > INDEXED_ANCHORS {
                self.anchors.insert(i, AnchorIndex::new(sc));
            }
            if u.scan.labels.is_empty() {
                continue;
            }
            // The heading at or after each label (binary search: a page may
            // hold thousands of both).
            let mut by_offset: Vec<(usize, usize)> = (u.scan.headings.iter().enumerate())
                .map(|(i, h)| (h.offset, i))
                .collect();
            by_offset.sort_unstable();
            for (label, off) in &u.scan.labels {
                let at = by_offset.partition_point(|&(o, _)| o < *off);
                let title = (by_offset.get(at)).map(|&(_, i)| u.scan.headings[i].text.clone());
                self.labels
                    .entry(label.as_str())
                    .or_insert((u.owner, title));
            }
        }
    }

    pub fn term(&self, name: &str) -> Option<usize> {
        self.terms.get(&name.trim().to_lowercase()).copied()
    }

    /// The ids of a kind's entities (see [`Kind::index`]).
    pub(crate) fn ids(&self, k: KindId) -> impl Iterator<Item = &'a str> + '_ {
        self.tables[k.slot()].ids.keys().copied()
    }

    /// The entity of kind `k` that `id` names (see [`Kind::lookup`]).
    pub(crate) fn find(&self, k: KindId, id: &str) -> Option<usize> {
        k.kind().lookup(&self.tables[k.slot()], id)
    }

    pub(crate) fn term_names(&self) -> impl Iterator<Item = &str> {
        self.hb.terms.iter().map(|t| t.name.as_str())
    }

    /// Resolve a root-relative path (no fragment) to a doc or an asset.
    pub(crate) fn path_target(&self, path: &str) -> Option<Target> {
        let path = path.trim_end_matches('/');
        if let Some(&i) = self.docs_by_src.get(path) {
            return Some(Target::Entity(Entity::Item(crate::model::doc::ID, i), None));
        }
        for ext in [".md", ".markdown"] {
            if let Some(&i) = self.docs_by_src.get(format!("{path}{ext}").as_str()) {
                return Some(Target::Entity(Entity::Item(crate::model::doc::ID, i), None));
            }
        }
        if let Some(stem) = path.strip_suffix(".html")
            && let Some(&i) = self.docs_by_src.get(format!("{stem}.md").as_str())
        {
            return Some(Target::Entity(Entity::Item(crate::model::doc::ID, i), None));
        }
        if let Some(&i) = self.docs_by_dir.get(path) {
            return Some(Target::Entity(Entity::Item(crate::model::doc::ID, i), None));
        }
        // Then each kind's own files, in registry order.
        let found = (KINDS.iter().zip(&self.tables)).find_map(|(k, t)| k.by_path(self.hb, t, path));
        if let Some(e) = found {
            return Some(Target::Entity(e, None));
        }
        if self.assets.contains_key(path) {
            return Some(Target::Asset(path.to_string()));
        }
        None
    }

    fn doc_paths(&self) -> impl Iterator<Item = &str> {
        self.hb.docs.iter().map(|d| d.src.as_str())
    }

    /// Anchors available on an entity's page.
    fn has_anchor(&self, e: Entity, anchor: &str) -> bool {
        self.find_anchor(e, anchor).is_some()
    }

    /// The id on an entity's page that `anchor` names, as the page spells
    /// it (GitHub matches fragments case-insensitively).
    pub(crate) fn find_anchor(&self, e: Entity, anchor: &str) -> Option<String> {
        let Some(unit) = e.body(self.hb) else {
            return Some(anchor.to_string());
        };
        let found = match self.anchors.get(&unit) {
            Some(idx) => idx.find(anchor),
            None => self.hb.units[unit].scan.find_anchor(anchor),
        };
        let Some(found) = found else {
            // A heading that `{include}`d text brings to the page.
            let ids = self.included_anchors.get(&unit)?;
            let id = (ids.iter().find(|a| *a == anchor))
                .or_else(|| ids.iter().find(|a| a.eq_ignore_ascii_case(anchor)))?;
            return Some(id.clone());
        };
        Some(if found.is_empty() { anchor } else { found }.to_string())
    }

    pub(crate) fn anchor_ids(&self, e: Entity) -> Vec<&str> {
        let Some(unit) = e.body(self.hb) else {
            return Vec::new();
        };
        let scan = &self.hb.units[unit].scan;
        let included = self.included_anchors.get(&unit).into_iter().flatten();
        scan.headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(scan.labels.iter().map(|(l, _)| l.as_str()))
            .chain(included.map(String::as_str))
            .collect()
    }
}

/// A failed resolution: message and help.
#[derive(Clone)]
struct Broken {
    code: Code,
    message: String,
    help: String,
    /// Reported as a warning (the link is still dropped).
    warning: bool,
}

type Outcome = Result<(Target, Option<String>), Broken>;

fn broken(code: Code, message: String, help: impl Into<String>) -> Outcome {
    Err(Broken {
        code,
        message,
        help: help.into(),
        warning: false,
    })
}

/// A link whose URL scheme may run code or leave the web (`javascript:`,
/// `data:`, `vbscript:`, `file:`…): kept as text, with a warning.
fn unsafe_url(dest: &str) -> Outcome {
    Err(Broken {
        code: Code::UnsafeUrl,
        message: format!(
            "link `{}` uses a URL scheme that is not allowed; it is shown as text",
            dest.escape_debug()
        ),
        help: "use an http:, https:, mailto: or tel: URL, or a relative path".into(),
        warning: true,
    })
}

/// Resolve every link of every unit. Broken links are in
/// [`Resolution::diagnostics`].
pub fn resolve(syms: &Symbols<'_>) -> Resolution {
    resolve_like(syms, None)
}

/// [`resolve`], keeping of each unit's links the copy in `like` (the
/// default language's, for a translation) when they are the same: most of
/// a translation's units are the default's text linking to the same pages,
/// and one copy then serves both languages.
pub(crate) fn resolve_like(syms: &Symbols<'_>, like: Option<&Resolution>) -> Resolution {
    let shared = |i: usize, fresh: UnitLinks| match like.and_then(|l| l.units.get(i)) {
        Some(theirs) if **theirs == fresh => Arc::clone(theirs),
        _ => Arc::new(fresh),
    };
    let mut res = Resolution {
        units: (syms.hb.units.par_iter().enumerate())
            .map(|(i, u)| shared(i, resolve_unit(syms, u)))
            .collect(),
        ..Resolution::default()
    };
    res.index();
    res
}

/// Include cycles and pages whose includes pass the size limit (see
/// [`crate::include`]), at the directives of unit `u`.
fn include_diagnostics(hb: &Handbook, unit: &MdUnit, diags: &mut Vec<Diagnostic>) {
    let has_include = (unit.scan.links.iter())
        .any(|l| l.kind == LinkKind::Directive && l.role.ends_with("include"));
    if !has_include {
        return;
    }
    let incs = crate::include::directives(&unit.text(&hb.files));
    let problems = crate::include::Checker::new(&hb.files).check(&unit.file, &incs);
    let file_text = hb.files.get(&unit.file).filter(|_| unit.base.is_some());
    let lines = LineIndex::new(file_text.as_deref().unwrap_or(""));
    for (offset, p) in problems {
        let span = match unit.base {
            Some(b) => lines.span(&unit.file, b + offset, 3),
            None => unit.anchor.clone(),
        };
        let (code, message, help) = p.describe();
        diags.push(
            Diagnostic::error(code, message)
                .with_span(span)
                .with_help(help),
        );
    }
}

/// The links of one unit, resolved.
#[derive(Debug, Default, PartialEq)]
pub struct UnitLinks {
    /// Link offset in the unit text → what the renderer writes.
    pub links: LinkMap,
    pub records: Vec<LinkRecord>,
    pub diags: Vec<Diagnostic>,
    /// The links of text `{include}`s bring in, resolved from the
    /// included file: (file, offset of the included part in it) → link
    /// offset in that part → what the renderer writes.
    pub included: Included,
}

/// Links of included text, by (file, offset of the part); see [`UnitLinks`].
pub type Included = BTreeMap<(String, usize), LinkMap>;

/// Link offset in a unit's text → what the renderer writes there: a
/// vector sorted by offset, held for every unit of every language for the
/// whole build (a hash map took half as much again).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LinkMap(Vec<(usize, LinkOut)>);

impl LinkMap {
    /// What to write for the link at `offset`.
    pub fn get(&self, offset: &usize) -> Option<&LinkOut> {
        let i = (self.0).binary_search_by_key(offset, |(o, _)| *o).ok()?;
        Some(&self.0[i].1)
    }

    /// Set the link at `offset` (a later one replaces an earlier).
    #[cfg(test)]
    pub(crate) fn insert(&mut self, offset: usize, out: LinkOut) {
        match self.0.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => self.0[i].1 = out,
            Err(i) => self.0.insert(i, (offset, out)),
        }
    }
}

impl FromIterator<(usize, LinkOut)> for LinkMap {
    /// In offset order; of two links at one offset the later is kept.
    fn from_iter<I: IntoIterator<Item = (usize, LinkOut)>>(iter: I) -> Self {
        let mut v: Vec<(usize, LinkOut)> = iter.into_iter().collect();
        v.reverse();
        v.sort_by_key(|(o, _)| *o);
        v.dedup_by_key(|(o, _)| *o);
        v.shrink_to_fit();
        LinkMap(v)
    }
}

/// Resolve the links of one unit, and of the text its `{include}`s bring.
pub(crate) fn resolve_unit(syms: &Symbols<'_>, u: &MdUnit) -> UnitLinks {
    let mut ul = resolve_own(syms, u);
    include_links(syms, u, &mut ul);
    ul
}

/// Resolve the links of every part of a file that unit `u` `{include}`s
/// (nested includes too), each relative to its own file and rendered on
/// `u`'s page; their diagnostics point into the included file.
fn include_links(syms: &Symbols<'_>, u: &MdUnit, ul: &mut UnitLinks) {
    for part in included_parts(syms.hb, u) {
        let own = resolve_own(syms, &part);
        ul.records.extend(own.records);
        ul.diags.extend(own.diags);
        let start = part.base.unwrap_or(0);
        ul.included.insert((part.file, start), own.links);
    }
}

/// Each distinct part of a file that unit `u` `{include}`s, nested
/// includes too, as a unit of `u`'s page: its file, its offset in the file
/// (`base`), its text and scan.
fn included_parts(hb: &Handbook, u: &MdUnit) -> Vec<MdUnit> {
    let has_include =
        (u.scan.links.iter()).any(|l| l.kind == LinkKind::Directive && l.role == "include");
    let mut parts: Vec<MdUnit> = Vec::new();
    if !has_include {
        return parts;
    }
    let mut seen = BTreeSet::new();
    let mut work = vec![(u.file.clone(), u.text(&hb.files).to_string(), 0)];
    while let Some((file, text, depth)) = work.pop() {
        if depth > crate::include::MAX_INCLUDE_DEPTH {
            continue;
        }
        for inc in crate::include::directives(&text) {
            let Some(path) = crate::include::target_path(&file, &inc.argument) else {
                continue;
            };
            let Some(full) = hb.files.get(&path).filter(|_| !inc.literal) else {
                continue;
            };
            let (after, before) = (inc.start_after.as_deref(), inc.end_before.as_deref());
            let part = crate::include::slice(&full, after, before);
            let start = part.as_ptr() as usize - full.as_ptr() as usize;
            if !seen.insert((path.clone(), start)) {
                continue;
            }
            let text = crate::markup::normalize_colon_fences(part).into_owned();
            work.push((path.clone(), text.clone(), depth + 1));
            parts.push(MdUnit {
                owner: u.owner,
                scan: crate::markup::scan(&text).into(),
                own_text: Some(text),
                base: Some(start),
                anchor: Span::file(&path),
                file: path,
            });
        }
    }
    parts
}

/// The heading ids included text brings to unit `u`'s page.
fn included_anchor_ids(hb: &Handbook, u: &MdUnit) -> Vec<String> {
    let mut ids = Vec::new();
    for p in included_parts(hb, u) {
        ids.extend(p.scan.headings.iter().map(|h| h.id.clone()));
    }
    ids
}

/// Resolve the links of one unit's own text.
fn resolve_own(syms: &Symbols<'_>, u: &MdUnit) -> UnitLinks {
    let hb = syms.hb;
    let page = page_of(hb, u.owner);
    let mut links = Vec::with_capacity(u.scan.links.len());
    let mut records = Vec::with_capacity(u.scan.links.len());
    let mut diags = Vec::new();
    let file_text = hb.files.get(&u.file).filter(|_| u.base.is_some());
    let lines = LineIndex::new(file_text.as_deref().unwrap_or(""));
    let mut failed: HashMap<(LinkKind, &str, &str), Broken> = HashMap::new();
    for l in &u.scan.links {
        let span = match u.base {
            Some(b) => lines.span(&u.file, b + l.offset, l.len.max(1)),
            None => u.anchor.clone(),
        };
        // A link written the same way again fails the same way: its "did you
        // mean" (a scan of every id of the target) is computed once per unit,
        // so thousands of copies of one broken link stay linear.
        let key = (l.kind, l.role.as_str(), l.dest.as_str());
        let outcome = match failed.get(&key) {
            Some(b) => Err(Broken::clone(b)),
            None => resolve_link(syms, u, l),
        };
        if let Err(b) = &outcome {
            failed.entry(key).or_insert_with(|| b.clone());
        }
        if outcome.is_ok()
            && l.kind == LinkKind::Link
            && let Some(d) = slug_clash_warning(syms, u, l, &span)
        {
            diags.push(d);
        }
        let (out, target, is_broken) = match outcome {
            Ok((target, text)) => {
                let out = link_out(hb, page, &target, text, l, syms.asset_up);
                (out, target, false)
            }
            Err(b) => (broken_out(b, &span, &mut diags), Target::None, true),
        };
        links.push((l.offset, out));
        records.push(LinkRecord {
            from: u.owner,
            span,
            dest: l.dest.clone(),
            kind: l.kind,
            target,
            broken: is_broken,
        });
    }
    raw_html_links(syms, u, &lines, &mut records, &mut diags);
    if !hb.config.allow_scripts {
        removed_html_diagnostics(u, &lines, &mut diags);
    }
    include_diagnostics(hb, u, &mut diags);
    records.shrink_to_fit();
    UnitLinks {
        links: links.into_iter().collect(),
        records,
        diags,
        included: Included::new(),
    }
}

/// The link shown for a broken link (its text, no target); the failure
/// is reported at `span`.
fn broken_out(b: Broken, span: &Span, diags: &mut Vec<Diagnostic>) -> LinkOut {
    let diag = if b.warning {
        Diagnostic::warning
    } else {
        Diagnostic::error
    };
    diags.push(
        diag(b.code, b.message.clone())
            .with_span(span.clone())
            .with_help(b.help),
    );
    LinkOut {
        href: String::new(),
        class: "",
        title: None,
        text: None,
        broken: Some(b.message),
    }
}

/// Local files that raw HTML shows (`<img src="diagram.png">`) are copied
/// with the site; raw HTML itself is passed through, not checked (a script
/// URL in it is removed, with a warning).
fn raw_html_links(
    syms: &Symbols<'_>,
    u: &MdUnit,
    lines: &LineIndex,
    records: &mut Vec<LinkRecord>,
    diags: &mut Vec<Diagnostic>,
) {
    for (src, off) in &u.scan.html_sources {
        if let Some(asset) = html_asset(syms, &u.file, src) {
            let span = match u.base {
                Some(b) => lines.span(&u.file, b + off, 1),
                None => u.anchor.clone(),
            };
            records.push(LinkRecord {
                from: u.owner,
                span,
                dest: src.clone(),
                kind: LinkKind::Image,
                target: Target::Asset(asset),
                broken: false,
            });
        }
    }
    for (url, off) in &u.scan.html_unsafe_urls {
        let span = match u.base {
            Some(b) => lines.span(&u.file, b + off, url.len().max(1)),
            None => u.anchor.clone(),
        };
        if let Err(b) = unsafe_url(url) {
            diags.push(
                Diagnostic::warning(b.code, b.message.replace("shown as text", "removed"))
                    .with_span(span)
                    .with_help(b.help),
            );
        }
    }
}

/// One warning per raw HTML element the cleaner removes whole.
fn removed_html_diagnostics(u: &MdUnit, lines: &LineIndex, diags: &mut Vec<Diagnostic>) {
    for (tag, off) in &u.scan.html_removed {
        let span = match u.base {
            Some(b) => lines.span(&u.file, b + off, tag.len() + 1),
            None => u.anchor.clone(),
        };
        diags.push(
            Diagnostic::warning(
                Code::RawHtmlRemoved,
                format!("raw HTML `<{tag}>` is removed from the page, with its content"),
            )
            .with_span(span)
            .with_help(match tag.as_str() {
                "iframe" => "link to the page instead; only YouTube and Vimeo embeds become links by themselves",
                "img" | "svg" | "math" | "canvas" => "use an image file: ![description](picture.svg)",
                "video" | "audio" => "link to the recording instead",
                _ => "write it in markdown or link to it; `allow_scripts: true` in handbook.yml keeps raw HTML as written, if every author is trusted",
            }),
        );
    }
}

/// The asset a raw-HTML `src` names, relative to the file (or, with a
/// leading `/`, to the handbook root), if it exists.
fn html_asset(syms: &Symbols<'_>, file: &str, src: &str) -> Option<String> {
    if is_external(src) || src.starts_with('#') {
        return None;
    }
    let path = percent_decode(src.split(['?', '#']).next().unwrap_or(""));
    let joined = match path.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{}/{path}", dir_of(file)),
    };
    match syms.path_target(&normalize_path(&joined)?)? {
        Target::Asset(a) => Some(a),
        _ => None,
    }
}

fn link_out(
    hb: &Handbook,
    page: &str,
    target: &Target,
    text: Option<String>,
    l: &LinkRef,
    asset_up: &str,
) -> LinkOut {
    match target {
        Target::Entity(e, frag) => {
            let to = page_of(hb, *e);
            let own = url_of(hb, *e);
            // Safe slicing: `url_of` starts with `page_of`.
            let anchor = frag
                .as_deref()
                .or_else(|| own.get(to.len()..).and_then(|f| f.strip_prefix('#')));
            let href = match anchor {
                Some(a) if page == to => format!("#{a}"),
                Some(a) => format!("{}#{a}", relative(page, to)),
                None => relative(page, to),
            };
            // Links to docs (and index intros) are plain unless written as
            // references; every other kind's link says its kind.
            let (class, title) = match e {
                Entity::Item(k, i) if *k != crate::model::doc::ID => {
                    (e.info().xref_class, k.kind().hover(hb, *i))
                }
                _ if l.kind == LinkKind::Link => ("", None),
                _ => (crate::model::doc::KIND.xref_class, None),
            };
            let text = if l.has_text {
                None
            } else {
                Some(text.unwrap_or_else(|| title_of(hb, *e).to_string()))
            };
            LinkOut {
                href,
                class,
                title: title.filter(|t| !t.is_empty()),
                text,
                broken: None,
            }
        }
        Target::Asset(a) => LinkOut {
            href: format!("{asset_up}{}", relative(page, a)),
            class: "",
            title: None,
            text: None,
            broken: None,
        },
        Target::External(u) => LinkOut {
            href: u.clone(),
            class: "",
            title: None,
            text: None,
            broken: None,
        },
        Target::None => LinkOut {
            href: String::new(),
            class: "",
            title: None,
            text,
            broken: None,
        },
    }
}

fn resolve_link(syms: &Symbols<'_>, u: &MdUnit, l: &LinkRef) -> Outcome {
    match l.kind {
        LinkKind::Wiki => resolve_wiki(syms, &l.dest),
        LinkKind::Role => resolve_role(syms, u, l),
        LinkKind::Directive if l.role == "members" => {
            if l.dest.trim().is_empty() {
                return broken(
                    Code::UnknownGroup,
                    "`{members}` needs a group id".into(),
                    "write the group's id after the directive name: ```{members} steering",
                );
            }
            resolve_wiki(syms, &format!("group:{}", l.dest.trim()))
        }
        LinkKind::Link | LinkKind::Image | LinkKind::Directive => {
            if l.kind == LinkKind::Directive && (l.role == "include" || l.role == "literalinclude")
            {
                if let Some(p) = crate::include::target_path(&u.file, &l.dest)
                    && !syms.hb.files.contains_key(&p)
                    && crate::include::is_folder(&syms.hb.files, &p)
                {
                    let (code, message, help) = crate::include::Problem::Folder(p).describe();
                    return broken(code, message, help);
                }
                return resolve_path_link(syms, u, &l.dest, true);
            }
            resolve_path_link(syms, u, &l.dest, false)
        }
    }
}

fn resolve_path_link(syms: &Symbols<'_>, u: &MdUnit, dest: &str, include: bool) -> Outcome {
    let dest = dest.trim();
    if !crate::url::is_safe(dest) {
        return unsafe_url(dest);
    }
    if dest.is_empty() {
        return broken(
            Code::BrokenLink,
            "link has an empty target".into(),
            "add a target, or remove the link",
        );
    }
    if is_external(dest) {
        return Ok((Target::External(dest.to_string()), None));
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        // The unit's own anchors first: included text's headings are
        // on the page, though not in the including unit's scan.
        let f = percent_decode(frag.unwrap_or(""));
        if let Some(c) = slug_clash(syms, u, &f) {
            return Ok((Target::Entity(c.label_at, Some(f)), c.title));
        }
        if let Some(id) = u.scan.find_anchor(&f).filter(|id| !id.is_empty()) {
            return Ok((Target::Entity(u.owner, Some(id.to_string())), None));
        }
        return resolve_fragment(syms, u.owner, frag.unwrap_or(""));
    }
    let path = percent_decode(path);
    let joined = if let Some(abs) = path.strip_prefix('/') {
        abs.to_string()
    } else {
        let base = if u.base.is_none() && !u.file.contains('/') {
            ""
        } else {
            dir_of(&u.file)
        };
        format!("{base}/{path}")
    };
    let Some(norm) = normalize_path(&joined) else {
        return broken(
            Code::LinkOutside,
            format!("link `{dest}` climbs out of the handbook folder"),
            "link to a file inside the handbook, or use an absolute https:// URL",
        );
    };
    let found = syms
        .path_target(&norm)
        .or_else(|| {
            // Markdown in YAML and role files: also try from the handbook root.
            (u.base.is_none() || u.file.starts_with("roles/"))
                .then(|| normalize_path(&path).and_then(|p| syms.path_target(&p)))
                .flatten()
        })
        .or_else(|| repo_root_target(syms, &u.file, &path));
    match found {
        Some(Target::Entity(e, _)) => entity_anchor(syms, e, frag, &norm),
        Some(t) => Ok((t, None)),
        None => missing_path(syms, &norm, include),
    }
}

/// A path link to entity `e`, with its `#fragment` (if any) checked
/// against the entity's headings and labels.
fn entity_anchor(syms: &Symbols<'_>, e: Entity, frag: Option<&str>, norm: &str) -> Outcome {
    match frag.filter(|f| !f.is_empty()) {
        None => Ok((Target::Entity(e, None), None)),
        Some(f) => {
            let f = percent_decode(f);
            if let Some(id) = syms.find_anchor(e, &f) {
                Ok((Target::Entity(e, Some(id)), None))
            } else {
                let ids = syms.anchor_ids(e);
                broken(
                    Code::BrokenAnchor,
                    format!("`{}` has no heading or label `#{f}`", norm),
                    crate::diag::suggestion_help(
                        &f,
                        ids,
                        "link to an existing heading (GitHub-style id)",
                    ),
                )
            }
        }
    }
}

/// A path link to no file: a folder without an index page, or nothing.
fn missing_path(syms: &Symbols<'_>, norm: &str, include: bool) -> Outcome {
    if !include && crate::include::is_folder(&syms.hb.files, norm) {
        return broken(
            Code::BrokenLink,
            format!("link target `{norm}/` is a folder with no index page"),
            folder_help(syms, norm),
        );
    }
    let code = if include {
        Code::BrokenInclude
    } else {
        Code::BrokenLink
    };
    broken(
        code,
        format!("link target `{norm}` does not exist"),
        crate::diag::suggestion_help(
            norm,
            syms.doc_paths(),
            "check the path; it is relative to this file",
        ),
    )
}

/// A `#name` link whose page has only a heading slug `name` while a MyST
/// label `(name)=` (or a directive's `:name:`) is on another page: the
/// label wins (an explicit target over a generated one).
struct SlugClash {
    label_at: Entity,
    title: Option<String>,
    /// Where the label and the heading are.
    label: Span,
    heading: Span,
}

fn slug_clash(syms: &Symbols<'_>, u: &MdUnit, frag: &str) -> Option<SlugClash> {
    let (e, title) = syms.labels.get(frag)?;
    if *e == u.owner {
        return None;
    }
    let hb = syms.hb;
    let own = std::iter::once(u).chain(entity_unit(hb, u.owner).map(|i| &hb.units[i]));
    let (unit, heading) = own.into_iter().find_map(|unit| {
        let sc = &unit.scan;
        let only_slug =
            !sc.labels.iter().any(|(l, _)| l == frag) && !sc.html_anchors.iter().any(|a| a == frag);
        let h = sc.headings.iter().find(|h| h.id == frag)?;
        only_slug.then_some((unit, h))
    })?;
    let label_unit = &hb.units[entity_unit(hb, *e)?];
    let (_, label_off) = label_unit.scan.labels.iter().find(|(l, _)| l == frag)?;
    Some(SlugClash {
        label_at: *e,
        title: title.clone(),
        label: unit_span(hb, label_unit, *label_off, frag.len()),
        heading: unit_span(hb, unit, heading.offset, 1),
    })
}

/// The markdown unit that is an entity's page body.
fn entity_unit(hb: &Handbook, e: Entity) -> Option<usize> {
    e.body(hb)
}

/// The span of `len` bytes at `offset` in a unit's text.
fn unit_span(hb: &Handbook, u: &MdUnit, offset: usize, len: usize) -> Span {
    match u.base {
        Some(b) => Span::at(
            &u.file,
            hb.files.get(&u.file).as_deref().unwrap_or(""),
            b + offset,
            len,
        ),
        None => u.anchor.clone(),
    }
}

/// The `label-shadows-heading` warning for a `#name` link, if it has one.
fn slug_clash_warning(
    syms: &Symbols<'_>,
    u: &MdUnit,
    l: &LinkRef,
    span: &Span,
) -> Option<Diagnostic> {
    let frag = l.dest.trim().strip_prefix('#')?;
    let c = slug_clash(syms, u, &percent_decode(frag))?;
    Some(
        Diagnostic::warning(
            Code::LabelShadowsHeading,
            format!(
                "`#{frag}` links to the label `({frag})=` at {}, not to the heading at {} on this page",
                c.label, c.heading
            ),
        )
        .with_span(span.clone())
        .with_help(format!(
            "an explicit label wins over a heading's id; to link the heading, give it its own id (`## Title {{#{frag}-here}}`) and link to that, or rename the label"
        )),
    )
}

/// Help for a link to a folder without an index page: the pages in it.
fn folder_help(syms: &Symbols<'_>, folder: &str) -> String {
    let prefix = format!("{folder}/");
    let mut pages: Vec<&str> = (syms.hb.docs.iter())
        .filter_map(|d| d.src.strip_prefix(&prefix))
        .collect();
    // Pages directly in the folder first, then deeper ones; by path.
    pages.sort_by_key(|p| (p.matches('/').count(), *p));
    let shown: Vec<String> = pages.iter().take(5).map(|p| format!("`{p}`")).collect();
    match pages.len() {
        0 => format!("add `{folder}/README.md` (or `index.md`), or link to a file in the folder"),
        n if n <= 5 => format!(
            "link to a page in it ({}), or add `{folder}/README.md`",
            shown.join(", ")
        ),
        n => format!(
            "link to a page in it ({} and {} more), or add `{folder}/README.md`",
            shown.join(", "),
            n - 5
        ),
    }
}

/// `/x` in a handbook that holds several repositories side by side: try
/// each folder above the linking file, from the top, as the repository root.
fn repo_root_target(syms: &Symbols<'_>, file: &str, path: &str) -> Option<Target> {
    let rest = path.strip_prefix('/')?;
    let mut prefix = String::new();
    for seg in dir_of(file).split('/').filter(|s| !s.is_empty()) {
        prefix.push_str(seg);
        prefix.push('/');
        if let Some(t) =
            normalize_path(&format!("{prefix}{rest}")).and_then(|p| syms.path_target(&p))
        {
            return Some(t);
        }
    }
    None
}

fn resolve_fragment(syms: &Symbols<'_>, owner: Entity, frag: &str) -> Outcome {
    let frag = percent_decode(frag);
    if frag.is_empty() {
        return Ok((Target::Entity(owner, None), None));
    }
    if let Some(id) = syms.find_anchor(owner, &frag) {
        return Ok((Target::Entity(owner, Some(id)), None));
    }
    // `[](#label)`: a MyST label in any file.
    if let Some((e, title)) = syms.labels.get(frag.as_str()) {
        return Ok((Target::Entity(*e, Some(frag.clone())), title.clone()));
    }
    let ids = syms.anchor_ids(owner);
    broken(
        Code::BrokenAnchor,
        format!("no heading or label `#{frag}` on this page"),
        crate::diag::suggestion_help(&frag, ids, "link to an existing heading (GitHub-style id)"),
    )
}

fn resolve_role(syms: &Symbols<'_>, u: &MdUnit, l: &LinkRef) -> Outcome {
    let target = l.dest.trim();
    let link = crate::myst::role_named(&l.role).map_or(RoleLink::None, |r| r.link);
    match link {
        RoleLink::Label => match syms.labels.get(target) {
            Some((e, title)) => Ok((Target::Entity(*e, Some(target.to_string())), title.clone())),
            None => broken(
                Code::UnknownLabel,
                format!("no label `({target})=` anywhere in the handbook"),
                crate::diag::suggestion_help(
                    target,
                    syms.labels.keys().copied(),
                    "define it with a `(label)=` line before a heading",
                ),
            ),
        },
        RoleLink::Term => resolve_term(syms, target),
        RoleLink::Doc => {
            let dest = if target.ends_with(".md") {
                target.to_string()
            } else {
                format!("{target}.md")
            };
            resolve_path_link(syms, u, &dest, false)
        }
        RoleLink::File => resolve_path_link(syms, u, target, false),
        RoleLink::Cite => resolve_cite(syms, target),
        RoleLink::None => Ok((Target::None, None)),
    }
}

/// `{cite}`key1,key2``: every key must be in a `.bib` file of the handbook
/// (when it has any); the link goes to the bibliography page, if there is one.
fn resolve_cite(syms: &Symbols<'_>, body: &str) -> Outcome {
    let keys = crate::markup::cite_keys(body);
    if syms.cite_keys.is_empty() || keys.is_empty() {
        return Ok((Target::None, None));
    }
    if let Some(k) = keys.iter().find(|k| !syms.cite_keys.contains(**k)) {
        return broken(
            Code::UnknownCitation,
            format!("no entry `{k}` in the handbook's .bib files"),
            crate::diag::suggestion_help(
                k,
                syms.cite_keys.iter().map(String::as_str),
                "add the entry to references.bib, or fix the key",
            ),
        );
    }
    Ok(match syms.bib_page {
        Some(e) => (Target::Entity(e, Some(format!("bib-{}", keys[0]))), None),
        None => (Target::None, None),
    })
}

fn resolve_term(syms: &Symbols<'_>, name: &str) -> Outcome {
    match syms.term(name) {
        Some(i) => Ok((
            Target::Entity(Entity::Item(crate::model::term::ID, i), None),
            None,
        )),
        None => broken(
            Code::UnknownTerm,
            format!("`{name}` is not in the glossary"),
            crate::diag::suggestion_help(name, syms.term_names(), "add it to glossary.yml"),
        ),
    }
}

fn resolve_wiki(syms: &Symbols<'_>, dest: &str) -> Outcome {
    let dest = dest.trim();
    if let Some((kind, id)) = dest.split_once(':')
        && let Some(outcome) = resolve_wiki_kind(syms, kind, id.trim())
    {
        return outcome;
    }
    if dest.contains('/') || dest.ends_with(".md") || dest.contains('#') {
        return resolve_wiki_path(syms, dest);
    }
    resolve_wiki_bare(syms, dest)
}

/// `[[kind:id]]`: the id looked up in that kind's table; `None` for a
/// prefix that is no kind (the whole text is then read as a reference).
fn resolve_wiki_kind(syms: &Symbols<'_>, kind: &str, id: &str) -> Option<Outcome> {
    // Docs are named by path and terms by name or alias (any case).
    if kind == crate::model::term::KIND.name {
        return Some(resolve_term(syms, id));
    }
    if kind == crate::model::doc::KIND.name {
        return Some(resolve_wiki_path(syms, id));
    }
    let k = crate::model::kind::named(kind)?;
    let refs = k.id_refs()?;
    let kid = k.info().id;
    Some(match syms.find(kid, id) {
        Some(i) => Ok((Target::Entity(Entity::Item(kid, i), None), None)),
        None => broken(
            refs.unknown,
            format!("no {kind} with {} `{id}`", refs.what),
            crate::diag::suggestion_help(
                id,
                syms.ids(kid),
                &refs
                    .wiki_help
                    .map_or_else(|| format!("check the {kind} id"), str::to_string),
            ),
        ),
    })
}

/// `[[id]]`: the one entity of that id among the kinds a bare reference
/// may name (in rank order), or the term of that name.
fn resolve_wiki_bare(syms: &Symbols<'_>, dest: &str) -> Outcome {
    let bare: Vec<&dyn Kind> = (crate::model::kind::by_rank().into_iter())
        .filter(|k| k.id_refs().is_some_and(|r| r.bare))
        .collect();
    let mut hits: Vec<(Entity, &str)> = Vec::new();
    for k in &bare {
        if let Some(i) = syms.find(k.info().id, dest) {
            hits.push((Entity::Item(k.info().id, i), k.info().name));
        }
    }
    if let Some(i) = syms.term(dest) {
        hits.push((Entity::Item(crate::model::term::ID, i), "term"));
    }
    match hits.as_slice() {
        [(e, _)] => Ok((Target::Entity(*e, None), None)),
        [] => {
            let all = (bare.iter().flat_map(|k| syms.ids(k.info().id))).chain(syms.term_names());
            broken(
                Code::UnknownReference,
                format!("`[[{dest}]]` matches no role, journey, group, person or term"),
                match did_you_mean(dest, all) {
                    Some(s) => format!("did you mean `[[{s}]]`?"),
                    None => "use [[role:id]], [[journey:id]], [[group:id]], [[term:Name]], [[person:id]] or a doc path".into(),
                },
            )
        }
        many => broken(
            Code::AmbiguousReference,
            format!(
                "`[[{dest}]]` is ambiguous: it names a {}",
                many.iter()
                    .map(|(_, k)| *k)
                    .collect::<Vec<_>>()
                    .join(" and a ")
            ),
            format!("qualify it, e.g. `[[{}:{dest}]]`", many[0].1),
        ),
    }
}

fn resolve_wiki_path(syms: &Symbols<'_>, dest: &str) -> Outcome {
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let Some(norm) = normalize_path(path) else {
        return broken(
            Code::LinkOutside,
            format!("`[[{dest}]]` climbs out of the handbook folder"),
            "wiki paths are relative to the handbook root",
        );
    };
    match syms.path_target(&norm) {
        Some(Target::Entity(e, _)) => match frag {
            Some(f) if !syms.has_anchor(e, f) => broken(
                Code::BrokenAnchor,
                format!("`{norm}` has no heading or label `#{f}`"),
                crate::diag::suggestion_help(f, syms.anchor_ids(e), "link to an existing heading"),
            ),
            _ => Ok((Target::Entity(e, frag.map(str::to_string)), None)),
        },
        Some(t) => Ok((t, None)),
        None => broken(
            Code::BrokenLink,
            format!("`[[{dest}]]`: no doc `{norm}`"),
            crate::diag::suggestion_help(
                &norm,
                syms.doc_paths(),
                "wiki paths are relative to the handbook root",
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Like the hash map it replaced: any order in, the later of two
    /// links at one offset kept, lookups by offset.
    #[test]
    fn link_map_keeps_the_last_link_at_an_offset() {
        let out = |href: &str| LinkOut {
            href: href.into(),
            class: "",
            title: None,
            text: None,
            broken: None,
        };
        let m: LinkMap = [(30, out("c")), (4, out("a")), (30, out("d")), (9, out("b"))]
            .into_iter()
            .collect();
        let hrefs = |m: &LinkMap| -> Vec<String> {
            [4, 9, 30, 5]
                .iter()
                .map(|o| m.get(o).map_or("-".into(), |l| l.href.clone()))
                .collect()
        };
        assert_eq!(hrefs(&m), ["a", "b", "d", "-"]);
        let mut m2 = LinkMap::default();
        for (o, h) in [(9, "b"), (30, "c"), (4, "a"), (30, "d")] {
            m2.insert(o, out(h));
        }
        assert_eq!(m, m2);
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative("index.html", "docs/a.html"), "docs/a.html");
        // A path, not a URL: `#`, `:`, spaces and the like are encoded.
        assert_eq!(relative("docs/x/b.html", "docs/x/c#1.html"), "c%231.html");
        assert_eq!(
            relative("a b/x.html", "a b/javascript:alert(1).html"),
            "javascript%3Aalert(1).html"
        );
        assert_eq!(relative("index.html", "é/100%.html"), "%C3%A9/100%25.html");
        assert_eq!(relative("docs/x/b.html", "docs/y.html"), "../y.html");
        assert_eq!(relative("docs/b.html", "docs/x/y.html"), "x/y.html");
        assert_eq!(
            relative("docs/x/b.html", "roles/r.html"),
            "../../roles/r.html"
        );
        assert_eq!(root_prefix("a/b.html"), "../");
    }

    #[test]
    fn normalize() {
        assert_eq!(
            normalize_path("docs/../a/./b.md").as_deref(),
            Some("a/b.md")
        );
        assert_eq!(normalize_path("../x"), None);
        assert_eq!(normalize_path("/a//b/").as_deref(), Some("a/b"));
    }

    #[test]
    fn externals() {
        for e in ["https://x.org", "mailto:a@b.c", "//cdn.x", "tel:123"] {
            assert!(is_external(e), "{e}");
        }
        for e in ["a.md", "../b.md#c", "#x", "docs/a:b.md"] {
            assert!(!is_external(e), "{e}");
        }
    }

    #[test]
    fn percent() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%e2%9c%93"), "✓");
    }
}
