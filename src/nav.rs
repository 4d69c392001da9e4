//! Navigation: the chapter tree shown in the sidebar and the reading order
//! behind prev/next and breadcrumbs. Built after the model, from (in order of
//! preference) `handbook.yml`'s `nav:`, a Jupyter Book `_toc.yml` / MyST
//! `myst.yml`, or the folder structure. Docs that an explicit table of
//! contents leaves out are still reachable: they are listed under "Other
//! pages" and reported as orphans.

use std::collections::BTreeMap;

use crate::code::Code;
use crate::config::NavSpec;
use crate::diag::{Diagnostic, Span};
use crate::model::{Handbook, title_from_path};
use crate::paths::normalize_path;
use crate::yaml::{self, Origin};

mod toc;

/// One sidebar entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavNode {
    pub title: String,
    /// The doc this entry opens, if any (captions and bare folders have none).
    pub doc: Option<usize>,
    pub children: Vec<NavNode>,
    /// A caption the author wrote (a `nav:` group or a `_toc.yml` part):
    /// shown expanded on every page. Folders without an index page are not,
    /// so the sidebar of each page stays small.
    pub caption: bool,
    /// A dated collection (meeting minutes…): its pages are its children,
    /// newest first, but the sidebar shows it as one entry.
    pub collection: bool,
    /// An external link (a table of contents' `url:` entry), for an entry
    /// with no doc.
    pub url: Option<String>,
}

impl NavNode {
    /// The first doc of this entry's subtree, in reading order.
    pub(crate) fn first_doc(&self) -> Option<usize> {
        self.doc
            .or_else(|| self.children.iter().find_map(NavNode::first_doc))
    }
}

/// The navigation of a handbook.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub roots: Vec<NavNode>,
    /// Docs in reading order (pre-order of the tree).
    pub order: Vec<usize>,
    /// For each doc, the child-index path from the roots to its node.
    pub paths: Vec<Option<Vec<usize>>>,
    /// Docs not placed by an explicit TOC/nav (listed under "Other pages").
    pub orphans: Vec<usize>,
}

impl Nav {
    /// The nodes from the root down to `doc`'s node (for breadcrumbs).
    pub fn chain(&self, doc: usize) -> Vec<&NavNode> {
        let mut out = Vec::new();
        let Some(Some(path)) = self.paths.get(doc) else {
            return out;
        };
        let mut level = &self.roots;
        for &i in path {
            let Some(node) = level.get(i) else { break };
            out.push(node);
            level = &node.children;
        }
        out
    }
}

/// Build the navigation. Problems (TOC entries naming missing files) go to
/// `diags`. Docs no TOC places go under a last section titled `other_pages`
/// (the UI string `nav.other_pages`).
pub(crate) fn build(hb: &Handbook, other_pages: &str, diags: &mut Vec<Diagnostic>) -> Nav {
    let mut placed = vec![false; hb.docs.len()];
    let explicit = if let Some(spec) = &hb.config.nav {
        Some(from_spec(hb, spec, &mut placed, diags))
    } else {
        hb.sources
            .toc
            .as_ref()
            .and_then(|toc| from_toc(hb, toc, &mut placed, diags))
    };
    let mut roots = match explicit {
        Some(r) => r,
        None => {
            let all: Vec<usize> = (0..hb.docs.len()).collect();
            placed.iter_mut().for_each(|p| *p = true);
            folder_tree(hb, &all)
        }
    };
    collapse_collections(hb, &mut roots, &mut placed);
    let orphans: Vec<usize> = (0..hb.docs.len()).filter(|&i| !placed[i]).collect();
    if !orphans.is_empty() {
        let mut children = folder_tree(hb, &orphans);
        collapse_collections(hb, &mut children, &mut vec![true; hb.docs.len()]);
        roots.push(NavNode {
            title: other_pages.into(),
            doc: None,
            children,
            caption: false,
            collection: false,
            url: None,
        });
    }
    let mut nav = Nav {
        roots,
        order: Vec::new(),
        paths: vec![None; hb.docs.len()],
        orphans,
    };
    let mut path = Vec::new();
    index(&nav.roots.clone(), &mut path, &mut nav);
    nav
}

/// Dated collections (see `model::dated`) become one node each. A node
/// whose page is a collection's index takes every page of the collection
/// the table of contents left unplaced, and orders its children as the
/// collection does (undated pages, then newest first). Pages of a collection
/// listed side by side without their index are gathered under one node.
fn collapse_collections(hb: &Handbook, nodes: &mut Vec<NavNode>, placed: &mut [bool]) {
    for c in &hb.collections {
        gather(hb, c, nodes, placed);
    }
    for n in nodes.iter_mut() {
        if let Some(c) = n
            .doc
            .and_then(|d| hb.collections.iter().find(|c| c.index == d))
        {
            n.collection = true;
            for p in c.pages() {
                if !placed[p] {
                    placed[p] = true;
                    n.children.push(leaf(hb, p));
                }
            }
            let rank = |n: &NavNode| n.doc.and_then(|d| c.pages().position(|p| p == d));
            n.children
                .sort_by_key(|k| rank(k).map_or((1, 0), |r| (0, r)));
        }
        if !n.collection {
            collapse_collections(hb, &mut n.children, placed);
        }
    }
}

/// Pages of collection `c` listed as leaves of `nodes`, without its index
/// among them, become one collection node where the first of them was.
fn gather(
    hb: &Handbook,
    c: &crate::model::dated::Collection,
    nodes: &mut Vec<NavNode>,
    placed: &mut [bool],
) {
    let is_page =
        |n: &NavNode| n.children.is_empty() && n.doc.is_some_and(|d| c.holds(d) && d != c.index);
    let count = nodes.iter().filter(|n| is_page(n)).count();
    if count < 2 || nodes.iter().any(|n| n.doc == Some(c.index)) {
        return;
    }
    let Some(at) = nodes.iter().position(is_page) else {
        return;
    };
    let (mut pages, rest): (Vec<NavNode>, Vec<NavNode>) =
        std::mem::take(nodes).into_iter().partition(is_page);
    *nodes = rest;
    pages.sort_by_key(|n| n.doc.and_then(|d| c.pages().position(|p| p == d)));
    let doc = (!placed[c.index]).then(|| {
        placed[c.index] = true;
        c.index
    });
    nodes.insert(
        at.min(nodes.len()),
        NavNode {
            title: hb.docs[c.index].title.clone(),
            doc,
            children: pages,
            caption: false,
            collection: true,
            url: None,
        },
    );
}

fn leaf(hb: &Handbook, d: usize) -> NavNode {
    NavNode {
        title: hb.docs[d].title.clone(),
        doc: Some(d),
        children: Vec::new(),
        caption: false,
        collection: false,
        url: None,
    }
}

fn index(nodes: &[NavNode], path: &mut Vec<usize>, nav: &mut Nav) {
    for (i, n) in nodes.iter().enumerate() {
        path.push(i);
        if let Some(d) = n.doc
            && nav.paths[d].is_none()
        {
            nav.paths[d] = Some(path.clone());
            nav.order.push(d);
        }
        index(&n.children, path, nav);
        path.pop();
    }
}

fn sort_key(hb: &Handbook, doc: usize) -> (i64, String, String) {
    let d = &hb.docs[doc];
    (
        d.weight.unwrap_or(i64::MAX / 2),
        d.title.to_lowercase(),
        d.src.clone(),
    )
}

/// A tree from folder structure: a folder's README/index is its node's page.
fn folder_tree(hb: &Handbook, docs: &[usize]) -> Vec<NavNode> {
    let mut root = Dir::default();
    for &i in docs {
        let d = &hb.docs[i];
        let parts: Vec<&str> = d.url.split('/').collect();
        let mut dir = &mut root;
        for p in &parts[..parts.len() - 1] {
            dir = dir.subdirs.entry((*p).to_string()).or_default();
        }
        let is_index = parts.last() == Some(&"index.html");
        if is_index && dir.index.is_none() {
            dir.index = Some(i);
        } else {
            dir.pages.push(i);
        }
    }
    adopt_intro_pages(hb, &mut root);
    let (top, _) = build_dir(hb, "", root);
    // The root folder's own index is the home page: first, then its children.
    let mut out = Vec::new();
    if let Some(home) = top.doc {
        out.push(NavNode {
            title: top.title,
            doc: Some(home),
            children: Vec::new(),
            caption: false,
            collection: false,
            url: None,
        });
    }
    out.extend(top.children);
    // A lone top folder (everything under docs/): hoist its children so the
    // chapters are the sidebar's top level.
    if out.len() == 1 && !out[0].children.is_empty() && out[0].doc.is_some() {
        let mut only = out.remove(0);
        let children = std::mem::take(&mut only.children);
        out.push(only);
        out.extend(children);
    }
    out
}

/// A folder while the tree is built: its index page, pages and subfolders.
#[derive(Default)]
struct Dir {
    index: Option<usize>,
    pages: Vec<usize>,
    subdirs: BTreeMap<String, Dir>,
}

// Jupyter Book layout: `coworking.md` beside `coworking/` introduces the
// folder, so it becomes the folder's page when the folder has no README.
fn adopt_intro_pages(hb: &Handbook, dir: &mut Dir) {
    for (name, sub) in &mut dir.subdirs {
        if sub.index.is_none()
            && let Some(pos) = dir.pages.iter().position(|&p| {
                let url = &hb.docs[p].url;
                let file = url.rsplit('/').next().unwrap_or(url);
                file.strip_suffix(".html") == Some(name.as_str())
            })
        {
            sub.index = Some(dir.pages.remove(pos));
        }
        adopt_intro_pages(hb, sub);
    }
}

/// A folder's node and its sort key; pages and subfolders sorted together.
fn build_dir(hb: &Handbook, name: &str, dir: Dir) -> (NavNode, (i64, String, String)) {
    let mut items: Vec<((i64, String, String), NavNode)> = dir
        .pages
        .iter()
        .map(|&p| {
            (
                sort_key(hb, p),
                NavNode {
                    title: hb.docs[p].title.clone(),
                    doc: Some(p),
                    children: Vec::new(),
                    caption: false,
                    collection: false,
                    url: None,
                },
            )
        })
        .collect();
    for (sub, d) in dir.subdirs {
        let (node, key) = build_dir(hb, &sub, d);
        items.push((key, node));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let title = dir
        .index
        .map(|i| hb.docs[i].title.clone())
        .unwrap_or_else(|| title_from_path(&format!("{name}.md")));
    let key = dir.index.map(|i| sort_key(hb, i)).unwrap_or((
        i64::MAX / 2,
        title.to_lowercase(),
        name.to_string(),
    ));
    let mut node = NavNode {
        title,
        doc: dir.index,
        children: items.into_iter().map(|(_, n)| n).collect(),
        caption: false,
        collection: false,
        url: None,
    };
    // A chain of folders with nothing but one folder in each
    // (`book/website/foreword`) becomes one entry: "Book / Website / Foreword".
    while node.doc.is_none()
        && node.children.len() == 1
        && node.children[0].doc.is_none()
        && !node.children[0].children.is_empty()
    {
        let only = node.children.remove(0);
        node.title = format!("{} / {}", node.title, only.title);
        node.children = only.children;
    }
    (node, key)
}

fn from_spec(
    hb: &Handbook,
    spec: &[NavSpec],
    placed: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) -> Vec<NavNode> {
    let by_src: BTreeMap<&str, usize> = hb
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.src.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for s in spec {
        match s {
            NavSpec::Path(p) => {
                if let Some(n) = spec_doc(hb, &by_src, p, None, Vec::new(), placed, diags) {
                    out.push(n);
                }
            }
            NavSpec::Group {
                title,
                path,
                children,
            } => {
                let kids = from_spec(hb, children, placed, diags);
                match path {
                    Some(p) => {
                        if let Some(n) = spec_doc(hb, &by_src, p, Some(title), kids, placed, diags)
                        {
                            out.push(n);
                        }
                    }
                    None => out.push(NavNode {
                        title: title.clone(),
                        doc: None,
                        children: kids,
                        caption: true,
                        collection: false,
                        url: None,
                    }),
                }
            }
        }
    }
    out
}

fn spec_doc(
    hb: &Handbook,
    by_src: &BTreeMap<&str, usize>,
    path: &str,
    title: Option<&String>,
    children: Vec<NavNode>,
    placed: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) -> Option<NavNode> {
    let p = path.trim_start_matches("./");
    let found = by_src
        .get(p)
        .or_else(|| by_src.get(format!("{p}.md").as_str()))
        .or_else(|| by_src.get(format!("{}/index.md", p.trim_end_matches('/')).as_str()))
        .or_else(|| by_src.get(format!("{}/README.md", p.trim_end_matches('/')).as_str()))
        .copied();
    match found {
        Some(i) => {
            placed[i] = true;
            Some(NavNode {
                title: title.cloned().unwrap_or_else(|| hb.docs[i].title.clone()),
                doc: Some(i),
                children,
                caption: false,
                collection: false,
                url: None,
            })
        }
        None => {
            let span = hb
                .config
                .source_text
                .as_deref()
                .and_then(|t| {
                    t.find(path)
                        .map(|o| Span::at("handbook.yml", t, o, path.len()))
                })
                .unwrap_or_else(|| Span::file("handbook.yml"));
            diags.push(
                Diagnostic::error(
                    Code::NavMissingFile,
                    format!("`nav` lists `{path}`, which is not a doc"),
                )
                .with_span(span)
                .with_help("use a path relative to the handbook root, e.g. docs/welcome.md"),
            );
            None
        }
    }
}

/// Jupyter Book `_toc.yml` (0.10 list or 1.x `format: jb-book`) or `myst.yml`
/// (`project.toc`), walked generically: a node is a map with `file`, `title`,
/// `caption`/`part`/`header`, `url`, and children under `sections`,
/// `chapters`, `parts`, `children` or `entries`.
fn from_toc(
    hb: &Handbook,
    toc: &crate::source::SourceFile,
    placed: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<NavNode>> {
    let origin = Origin {
        file: &toc.rel,
        file_text: &toc.text,
        line_offset: 0,
        lines: None,
    };
    let value: serde_json::Value = match yaml::parse(&toc.text, origin) {
        Ok(v) => v,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let base = toc.rel.rfind('/').map_or("", |i| &toc.rel[..i]);
    let by_stem: BTreeMap<String, usize> = hb
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (strip_ext(&d.src).to_string(), i))
        .collect();
    let value = if toc.rel.ends_with("myst.yml") {
        value.get("project").and_then(|p| p.get("toc")).cloned()?
    } else {
        value
    };
    let mut ctx = TocCtx {
        base,
        explicit: Default::default(),
        by_stem,
        placed,
        missing: Vec::new(),
    };
    ctx.explicit = explicit_files(&value, &ctx);
    let mut roots = Vec::new();
    if let Some(root) = value.get("root").and_then(|r| r.as_str()) {
        roots.extend(ctx.file_node(root, None, Vec::new()));
    }
    roots.extend(ctx.children(&value));
    toc::report_missing(hb, toc, &ctx.missing, diags);
    Some(roots)
}

/// The docs a table of contents names with `file:` (or `root:`): a
/// `glob:` / `pattern:` entry does not take them from their own place.
fn explicit_files(v: &serde_json::Value, ctx: &TocCtx<'_>) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Array(a) => stack.extend(a),
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if let (true, Some(f)) = (k == "file" || k == "root", x.as_str())
                        && let Some(i) = ctx.doc(f)
                    {
                        out.insert(i);
                    }
                    stack.push(x);
                }
            }
            _ => {}
        }
    }
    out
}

fn strip_ext(p: &str) -> &str {
    p.strip_suffix(".md")
        .or_else(|| p.strip_suffix(".ipynb"))
        .or_else(|| p.strip_suffix(".markdown"))
        .unwrap_or(p)
}

struct TocCtx<'a> {
    base: &'a str,
    /// Docs named by a `file:` entry somewhere in the table of contents.
    explicit: std::collections::BTreeSet<usize>,
    by_stem: BTreeMap<String, usize>,
    placed: &'a mut [bool],
    /// Entries naming no file: as written, and their handbook path.
    missing: Vec<(String, String)>,
}

impl TocCtx<'_> {
    fn children(&mut self, v: &serde_json::Value) -> Vec<NavNode> {
        match v {
            serde_json::Value::Array(items) => items.iter().flat_map(|i| self.node(i)).collect(),
            serde_json::Value::Object(m) => [
                "parts", "chapters", "sections", "children", "entries", "subtrees",
            ]
            .iter()
            .filter_map(|k| m.get(*k))
            .flat_map(|c| self.children(c))
            .collect(),
            _ => Vec::new(),
        }
    }

    fn node(&mut self, v: &serde_json::Value) -> Vec<NavNode> {
        let Some(m) = v.as_object() else {
            return Vec::new();
        };
        let kids = self.children(v);
        let title = ["title", "caption", "part", "header"]
            .iter()
            .find_map(|k| m.get(*k).and_then(|t| t.as_str()))
            .map(str::to_string);
        if let Some(file) = m.get("file").and_then(|f| f.as_str()) {
            return self.file_node(file, title, kids);
        }
        if let Some(url) = m.get("url").and_then(|f| f.as_str()) {
            return toc::url_node(url, title, kids);
        }
        if let Some(pattern) = ["glob", "pattern"]
            .iter()
            .find_map(|k| m.get(*k).and_then(|p| p.as_str()))
        {
            return self.glob(pattern);
        }
        match title {
            Some(t) => vec![NavNode {
                title: t,
                doc: None,
                children: kids,
                caption: true,
                collection: false,
                url: None,
            }],
            None => kids,
        }
    }

    /// The handbook path of a table of contents entry.
    fn path(&self, file: &str) -> String {
        let joined = if self.base.is_empty() {
            file.to_string()
        } else {
            format!("{}/{file}", self.base)
        };
        normalize_path(&joined).unwrap_or_default()
    }

    fn doc(&self, file: &str) -> Option<usize> {
        self.by_stem.get(strip_ext(&self.path(file))).copied()
    }

    /// A `glob:` (Jupyter Book, no extension) or `pattern:` (MyST) entry:
    /// the docs it matches, by path, that no other entry places.
    fn glob(&mut self, pattern: &str) -> Vec<NavNode> {
        let pattern = self.path(pattern);
        let hits: Vec<(String, usize)> = (self.by_stem.iter())
            .filter(|(_, i)| !self.explicit.contains(i) && !self.placed[**i])
            .map(|(stem, &i)| (stem.clone(), i))
            .filter(|(stem, _)| toc::glob_matches(&pattern, stem))
            .collect();
        hits.into_iter()
            .flat_map(|(stem, _)| self.file_node_at(&stem, &stem, None, Vec::new()))
            .collect()
    }

    fn file_node(&mut self, file: &str, title: Option<String>, kids: Vec<NavNode>) -> Vec<NavNode> {
        let key = self.path(file);
        self.file_node_at(file, &key, title, kids)
    }

    fn file_node_at(
        &mut self,
        file: &str,
        key: &str,
        title: Option<String>,
        kids: Vec<NavNode>,
    ) -> Vec<NavNode> {
        match self.by_stem.get(strip_ext(key)).copied() {
            Some(i) if !self.placed[i] => {
                self.placed[i] = true;
                vec![NavNode {
                    title: title.unwrap_or_default(),
                    doc: Some(i),
                    children: kids,
                    caption: false,
                    collection: false,
                    url: None,
                }]
            }
            Some(_) => kids,
            None => {
                self.missing.push((file.to_string(), key.to_string()));
                kids
            }
        }
    }
}

/// Fill empty titles from the docs (TOC entries without `title:`).
pub(crate) fn fill_titles(nav: &mut Nav, hb: &Handbook) {
    fn walk(nodes: &mut [NavNode], hb: &Handbook) {
        for n in nodes {
            if n.title.is_empty()
                && let Some(d) = n.doc
            {
                n.title = hb.docs[d].title.clone();
            }
            walk(&mut n.children, hb);
        }
    }
    walk(&mut nav.roots, hb);
}
