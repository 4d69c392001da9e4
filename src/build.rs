//! The pipeline driver shared by `build`, `check` and `serve`: runs every
//! stage in order (config → sources → model → nav → resolve → lint → html →
//! site → search → files) and returns the in-memory site with all
//! diagnostics, sorted. Writing to disk is `output`'s job; this module never
//! touches the output folder.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{self, Diagnostic, Span};
use crate::highlight::{self, Highlighter};
use crate::model::Handbook;
use crate::output::{FileData, SiteFiles};
use crate::resolve::Symbols;
use crate::site::templates::Theme;

/// How to run the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Overrides `base_url` from `handbook.yml`.
    pub base_url: Option<String>,
    /// Serve mode: path of the live-reload script, injected into every page.
    pub live_reload: Option<String>,
    /// Today as days since 1970-01-01, for review-date lints (`None`: skip).
    pub today: Option<i64>,
    /// Absolute paths never read as sources (the output folder).
    pub exclude: Vec<PathBuf>,
    /// Read "last updated" dates from git.
    pub git: bool,
    /// Stop after validation: no HTML, no files (for `check`).
    pub check_only: bool,
}

/// Counts for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub docs: usize,
    pub roles: usize,
    pub journeys: usize,
    pub terms: usize,
    pub people: usize,
    pub pages: usize,
}

/// The result of a pipeline run.
pub struct Built {
    pub files: SiteFiles,
    pub diagnostics: Vec<Diagnostic>,
    /// Source texts for diagnostic snippets.
    pub sources: HashMap<String, String>,
    pub stats: Stats,
}

/// Problems that stop the pipeline before it can report anything else.
#[derive(Debug)]
pub enum Fatal {
    NotADirectory(PathBuf),
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::NotADirectory(p) => write!(
                f,
                "`{}` is not a folder\nhelp: pass the folder that holds your handbook (handbook.yml, docs/, …), or create one with `waybook init`",
                p.display()
            ),
        }
    }
}

impl std::error::Error for Fatal {}

/// Today's date as days since the epoch (from `WAYBOOK_TODAY=YYYY-MM-DD` if set).
pub fn today() -> Option<i64> {
    if let Ok(s) = std::env::var("WAYBOOK_TODAY") {
        return crate::lint::parse_date(&s);
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    i64::try_from(secs / 86_400).ok()
}

/// Load, validate and (unless `check_only`) render a handbook.
pub fn run(opts: &Options, hl: &Highlighter) -> Result<Built, Fatal> {
    let root = opts.root.as_path();
    if !root.is_dir() {
        return Err(Fatal::NotADirectory(root.to_path_buf()));
    }
    let mut diags = Vec::new();
    let mut config = crate::config::load(root, &mut diags);
    if let Some(b) = &opts.base_url {
        config.base_url = Some(format!("{}/", b.trim_end_matches('/'))).filter(|b| b != "/");
    }
    let sources = crate::source::discover(root, &opts.exclude, &mut diags);
    let git_enabled = opts.git && config.last_updated;
    let hb = crate::model::load(config, sources, &mut diags);
    let mut nav = crate::nav::build(&hb, &mut diags);
    crate::nav::fill_titles(&mut nav, &hb);
    let syms = Symbols::new(&hb);
    let res = crate::resolve::resolve(&syms, &mut diags);
    let gov = crate::lint::check(&hb, &syms, &nav, opts.today, &mut diags);
    unknown_directives(&hb, &mut diags);
    let stats = Stats {
        docs: hb.docs.len(),
        roles: hb.roles.len(),
        journeys: hb.journeys.len(),
        terms: hb.terms.len(),
        people: hb.people.len(),
        pages: 0,
    };
    let sources: HashMap<String, String> = hb
        .files
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if opts.check_only {
        apply_levels(&hb.config, &mut diags);
        diag::normalize(&mut diags);
        return Ok(Built {
            files: SiteFiles::new(),
            diagnostics: diags,
            sources,
            stats,
        });
    }
    let last_updated = if git_enabled {
        crate::git::last_updated(root, &mut diags)
    } else {
        BTreeMap::new()
    };
    let env = crate::html::Env {
        hl,
        allow_scripts: hb.config.allow_scripts,
        files: &hb.files,
    };
    let html: Vec<String> = hb
        .units
        .par_iter()
        .enumerate()
        .map(|(i, u)| crate::html::render_unit(&env, u, &res.links[i]))
        .collect();
    let inputs = crate::site::Inputs {
        hb: &hb,
        nav: &nav,
        res: &res,
        gov: &gov,
        html: &html,
        last_updated: &last_updated,
        live_reload: opts.live_reload.clone(),
    };
    let mut files = SiteFiles::new();
    let pages = crate::site::pages(&inputs);
    let mut stats = stats;
    stats.pages = pages.len();
    render_pages(&hb, &pages, &mut files, &mut diags);
    let records = crate::search::records(&hb, &nav, &gov);
    for (path, text) in crate::search::build(&records) {
        files.insert(path, FileData::Bytes(text.into_bytes()));
    }
    files.insert(
        "handbook.json".into(),
        FileData::Bytes(crate::export::handbook_json(&hb, &gov, &res, &last_updated).into_bytes()),
    );
    files.insert(
        "sitemap.xml".into(),
        FileData::Bytes(sitemap(&hb, &pages).into_bytes()),
    );
    add_assets(&hb, &res, &mut files);
    apply_levels(&hb.config, &mut diags);
    diag::normalize(&mut diags);
    Ok(Built {
        files,
        diagnostics: diags,
        sources,
        stats,
    })
}

fn render_pages(
    hb: &Handbook,
    pages: &[crate::site::Page],
    files: &mut SiteFiles,
    diags: &mut Vec<Diagnostic>,
) {
    let theme = match Theme::load(&hb.sources.templates) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return;
        }
    };
    let rendered: Vec<(String, Result<String, Box<Diagnostic>>)> = pages
        .par_iter()
        .map(|p| (p.path.clone(), theme.render(p)))
        .collect();
    let mut reported = false;
    for (path, r) in rendered {
        match r {
            Ok(html) => {
                files.insert(path, FileData::Bytes(html.into_bytes()));
            }
            Err(d) if !reported => {
                reported = true;
                diags.push(*d);
            }
            Err(_) => {}
        }
    }
    for (path, bytes) in &theme.static_files {
        files.insert(path.clone(), FileData::Static(bytes));
    }
    let (light, dark) = highlight::stylesheets();
    files.insert(
        "static/highlight-light.css".into(),
        FileData::Bytes(light.into_bytes()),
    );
    files.insert(
        "static/highlight-dark.css".into(),
        FileData::Bytes(dark.into_bytes()),
    );
}

fn add_assets(hb: &Handbook, res: &crate::resolve::Resolution, files: &mut SiteFiles) {
    for a in &hb.sources.static_files {
        files.insert(a.rel.clone(), FileData::Copy(a.abs.clone()));
    }
    for a in &hb.sources.other_files {
        if res.assets.contains(&a.rel) && !files.contains_key(&a.rel) {
            files.insert(a.rel.clone(), FileData::Copy(a.abs.clone()));
        }
    }
}

/// Apply `handbook.yml`'s `lints:` levels to every diagnostic code.
fn apply_levels(config: &crate::config::Config, diags: &mut Vec<Diagnostic>) {
    diags.retain_mut(|d| match config.level(d.code, d.severity) {
        Some(s) => {
            d.severity = s;
            true
        }
        None => false,
    });
}

fn unknown_directives(hb: &Handbook, diags: &mut Vec<Diagnostic>) {
    for u in &hb.units {
        for (name, off) in &u.scan.unknown_directives {
            let span = match u.base {
                Some(b) => Span::at(
                    &u.file,
                    hb.files.get(&u.file).map_or("", String::as_str),
                    b + off,
                    name.len(),
                ),
                None => u.anchor.clone(),
            };
            diags.push(
                Diagnostic::warning("unknown-directive", format!("waybook does not support the `{{{name}}}` directive"))
                    .with_span(span)
                    .with_help("its content is shown in a marked box; use a supported directive or plain markdown"),
            );
        }
    }
}

fn sitemap(hb: &Handbook, pages: &[crate::site::Page]) -> String {
    let base = hb.config.base_url.as_deref().unwrap_or("");
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        if p.page.kind == "404" || p.page.kind == "search" {
            continue;
        }
        s.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            crate::html::escape(base),
            crate::html::escape(&p.path)
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// Convenience for tests and tools: build `root` with default options.
pub fn build_dir(root: &Path) -> Result<Built, Fatal> {
    let hl = Highlighter::new();
    run(
        &Options {
            root: root.to_path_buf(),
            today: today(),
            ..Options::default()
        },
        &hl,
    )
}
