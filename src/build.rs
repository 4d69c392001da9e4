//! The pipeline driver shared by `build`, `check` and `serve`: runs every
//! stage in order (sources → config → model → owners → nav → resolve → govern → lint →
//! html → site → search → files) and keeps the result as a [`Session`]: the model,
//! the resolution and the in-memory site with all diagnostics, sorted. A
//! session can apply a change to one doc incrementally (re-rendering only the
//! pages it affects) and falls back to a full rebuild whenever it is unsure.
//! Writing to disk is `output`'s job; this module never touches the output
//! folder.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

mod lang;

use lang::{LangBuild, LangModel};

use crate::code::Code;
use crate::diag::{self, Diagnostic, LineIndex};
use crate::highlight::{self, Highlighter};
use crate::model::Governance;
use crate::model::{Entity, Handbook, urls};
use crate::nav::Nav;
use crate::output::{FileData, OutputError, SiteFiles, Staging};
use crate::resolve::{Resolution, Symbols, Target};
use crate::site::shared::{self, Articles, SameText, SharedArticles};
use crate::site::templates::Theme;
use crate::site::{Inputs, PageId, PageRef, Scratch};

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
    /// Whether the git history is read from and kept in the handbook's
    /// `.waybook-cache/` (`git::cache`).
    pub git_cache: GitCache,
    /// Stop after validation: no HTML, no files (for `check`).
    pub check_only: bool,
    /// Also write the whole book on one page, `print.html`.
    pub print: bool,
    /// A build nobody publishes (`pdf`'s): no sitemap, so no warning.
    pub unpublished: bool,
    /// Render every language's articles, even those the default language's
    /// render stands for (`site::shared`): slower, the same output (tests
    /// compare the two).
    pub render_every_language: bool,
    /// Release the source texts once every language's model is loaded and
    /// read each file again where a later stage needs it (see
    /// [`crate::source::Files::release`]): a build's memory, not `serve`'s,
    /// which rebuilds from the texts it holds.
    pub release_texts: bool,
}

pub use crate::git::GitCache;

/// Counts for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// How many entities of each kind (kind name, plural, count), in the
    /// summary's order (see [`crate::model::KindInfo::summary_order`]).
    pub kinds: Vec<(&'static str, &'static str, usize)>,
    /// Pages of every language.
    pub pages: usize,
    /// Languages published (1 without `languages:`).
    pub languages: usize,
    /// Articles of other languages' pages taken from the default
    /// language's render instead of rendered again (`site::shared`).
    pub shared_articles: usize,
}

/// Wall time per pipeline stage, in the order the stages ran, with the
/// resident memory after it where the OS tells (`build --timings`).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration, Option<u64>)>,
    last: Option<Instant>,
}

impl Timings {
    fn start() -> Self {
        Timings {
            stages: Vec::new(),
            last: Some(Instant::now()),
        }
    }

    /// Record the time since the previous lap as `stage`.
    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        if let Some(last) = self.last.replace(now) {
            self.stages.push((stage, now - last, resident_bytes()));
        }
    }
}

/// Resident set size of this process (Linux: `/proc/self/statm`, in pages).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// The result of a pipeline run, for `build` and `check`.
pub struct Built {
    pub files: SiteFiles,
    pub diagnostics: Vec<Diagnostic>,
    /// Source texts for diagnostic snippets.
    pub sources: HashMap<String, Arc<str>>,
    pub stats: Stats,
    pub timings: Timings,
    /// With [`run_into`]: the first page that could not be written.
    pub write_error: Option<OutputError>,
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

/// The paths of the files copied into the site: `static/` and linked assets.
fn copied<'a>(hb: &'a Handbook, res: &'a Resolution) -> impl Iterator<Item = &'a str> {
    let linked = (hb.sources.other_files.iter())
        .filter(|a| res.assets.contains(&a.rel) || hb.config.brand.files().any(|f| f == a.rel));
    (hb.sources.static_files.iter())
        .chain(linked)
        .map(|a| a.rel.as_str())
}

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
    Session::new(opts, hl).map(Session::into_built)
}

/// Like [`run`], but pages go into `staging` as soon as they are rendered,
/// so the whole site is never held in memory; `Built::files` keeps the rest
/// (assets, search index, `handbook.json`) for [`Staging::finish`].
pub(crate) fn run_into(
    opts: &Options,
    hl: &Highlighter,
    staging: &Staging,
) -> Result<Built, Fatal> {
    Session::create(opts, hl, Some(staging)).map(Session::into_built)
}

/// The handbook's citation (what `waybook export cff` writes), with the
/// diagnostics of loading it; `git` adds the newest commit's date.
pub fn citation(
    root: &Path,
    git: bool,
) -> Result<(crate::citation::Citation, Vec<Diagnostic>), Fatal> {
    if !root.is_dir() {
        return Err(Fatal::NotADirectory(root.to_path_buf()));
    }
    let mut diags = Vec::new();
    let config = crate::config::load(root, &mut diags);
    let sources = crate::source::discover(root, &[], &crate::model::kind::folders(), &mut diags);
    let hb = crate::model::load(config, sources, &mut diags);
    let history = if git {
        crate::git::history(root, GitCache::Off, &mut diags)
    } else {
        crate::git::History::default()
    };
    let released = history.commits.first().and_then(|c| c.date.get(..10));
    let c = crate::citation::load(root, &hb, released, &mut diags);
    apply_levels(&hb.config, &mut diags);
    diag::normalize(&mut diags);
    Ok((c, diags))
}

/// What became of one page in [`Session::render_pages`].
enum Rendered {
    Html(String),
    /// Written to the sink.
    Written,
    Failed(Box<Diagnostic>),
    WriteFailed(Box<OutputError>),
}

/// How [`Session::update`] applied a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only these many pages were re-rendered.
    Incremental(usize),
    /// Everything was rebuilt.
    Full,
}

/// One language's pipeline state, borrowed (see [`Session::view`]).
struct View<'a> {
    hb: &'a Handbook,
    nav: &'a Nav,
    res: &'a Resolution,
    gov: &'a Governance,
    rosters: &'a crate::model::group::Rosters,
    theme: Option<&'a Theme>,
    /// Index in `languages:` (0: the default).
    lang: usize,
}

/// A built handbook kept in memory: what `serve` holds between saves.
pub struct Session {
    opts: Options,
    hb: Handbook,
    nav: Nav,
    res: Resolution,
    gov: Governance,
    /// Groups' current members, for the `{members}` directive.
    rosters: crate::model::group::Rosters,
    /// Diagnostics of every stage except link resolution (kept per unit in
    /// `res`) and unknown directives (recomputed from the scans).
    stage_diags: Vec<Diagnostic>,
    theme: Option<Theme>,
    /// The handbook's git history (empty without git or with `opts.git` off).
    history: crate::git::History,
    /// Who changed each page (from `history`).
    credits: crate::credit::Credits,
    /// The handbook's citation (`CITATION.cff` or `handbook.yml`).
    citation: crate::citation::Citation,
    /// Files not copied because a page or another file has their URL.
    refused_assets: BTreeSet<String>,
    /// Each language after the default, with its own pipeline state.
    langs: Vec<LangBuild>,
    /// Each language's governance health report (0: the default's), made
    /// once for its pages, `handbook.json` and `--health`; an incremental
    /// update clears them.
    health: Vec<std::sync::OnceLock<crate::health::Report>>,
    /// Each language's reading order (see [`Inputs::order`]).
    orders: Vec<std::sync::OnceLock<Vec<crate::site::PageId>>>,
    /// Under `serve`, the search index kept in memory, so a save updates
    /// the shards it touches instead of rebuilding the index.
    live_search: Option<crate::search::LiveIndex>,
    /// Under `serve`, the files some unit of some language `{include}`s,
    /// made by the first save that needs them; a save adds those its text
    /// includes (one it stopped including stays: a save of that file then
    /// rebuilds everything, which is always right).
    included: Option<BTreeSet<String>>,
    /// Translation status of each language after the default.
    pub translations: Vec<crate::translate::Status>,
    /// The site, ready to serve or write.
    pub files: SiteFiles,
    /// All diagnostics, levels applied, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// Stage timings of the last full run.
    pub timings: Timings,
    /// The first failure writing a page to the sink.
    pub write_error: Option<OutputError>,
    /// The output paths the last update wrote or removed, when it was
    /// incremental (`None` after a full build), so serve can copy just
    /// those into the site it serves.
    pub(crate) touched: Option<BTreeSet<String>>,
    /// Languages (1: the first after the default) whose search index an
    /// incremental update left behind, until [`Session::install_search_of`].
    pub(crate) lang_search_stale: BTreeSet<usize>,
    /// Whether the search index lags behind the pages (after an incremental
    /// update, until [`Session::install_search`]). `handbook.json` is absent
    /// from `files` meanwhile, until [`Session::refresh_json`].
    pub derived_stale: bool,
    /// Bumped by every update, so work started on an older state can tell.
    pub generation: u64,
}

impl Session {
    /// Run the whole pipeline, keeping every output file in memory.
    pub fn new(opts: &Options, hl: &Highlighter) -> Result<Session, Fatal> {
        Session::create(opts, hl, None)
    }

    /// Run the whole pipeline; with a `sink`, pages are written to it as
    /// they are rendered instead of being kept in `files`.
    fn create(opts: &Options, hl: &Highlighter, sink: Option<&Staging>) -> Result<Session, Fatal> {
        let root = opts.root.as_path();
        if !root.is_dir() {
            return Err(Fatal::NotADirectory(root.to_path_buf()));
        }
        let mut t = Timings::start();
        let mut diags = Vec::new();
        let mut config = crate::config::load(root, &mut diags);
        let pending_git = Self::start_git(opts, &config);
        if let Some(b) = &opts.base_url {
            config.base_url = Some(format!("{}/", b.trim_end_matches('/'))).filter(|b| b != "/");
        }
        let folders = crate::model::kind::folders();
        let mut sources = crate::source::discover(root, &opts.exclude, &folders, &mut diags);
        let lang_sources = crate::translate::split(&mut sources, &config, &mut diags);
        let default_sources = (!lang_sources.is_empty()).then(|| sources.clone());
        t.lap("discover");
        let mut hb = crate::model::load(config, sources, &mut diags);
        t.lap("load + scan");
        let (mut lang_models, targets) = Self::load_languages(default_sources, lang_sources, &hb);
        if opts.release_texts {
            hb.files.release();
            lang_models.iter_mut().for_each(LangModel::release_texts);
        }
        t.lap("translations: load");
        let claims = crate::owners::claim(&mut hb, &mut diags);
        let strings = crate::site::templates::strings_for(&hb.sources.templates);
        let mut nav = crate::nav::build(&hb, strings.tr("nav.other_pages"), &mut diags);
        crate::nav::fill_titles(&mut nav, &hb);
        let syms = Symbols::new(&hb);
        let res = crate::resolve::resolve(&syms);
        let refused_assets = claims.copied_files(copied(&hb, &res), &mut diags);
        t.lap("nav + resolve");
        let gov = crate::govern::resolve(&hb, &syms, &mut diags);
        drop(syms);
        Self::lint(opts, &hb, &gov, &nav, &res, &mut diags);
        t.lap("lint");
        let mut history = pending_git
            .map(|p| p.finish(&mut diags))
            .unwrap_or_default();
        if !hb.config.last_updated {
            history.last_updated.clear();
        }
        let credits = crate::credit::compute(&hb, &history, &mut diags);
        t.lap("git history + credit (waiting for git)");
        let released = history.commits.first().and_then(|c| c.date.get(..10));
        let citation = crate::citation::load(root, &hb, released, &mut diags);
        let stats = Self::stats(&hb);
        let rosters = crate::model::group::rosters(&hb, &gov);
        let lang_srcs: Vec<_> = lang_models.iter().map(LangModel::src).collect();
        let translations = crate::translate::status(&targets, &lang_srcs, &history);
        let langs: Vec<LangBuild> = (lang_models.into_iter())
            .map(|m| m.finish(&res, &mut diags))
            .collect();
        // From here on only the dates are read (pages, the feed,
        // `handbook.json`): the commits (10 MB at 20k) can go.
        history.commits = Vec::new();
        history.contributors = BTreeMap::new();
        t.lap("translations");
        let mut s = Session {
            opts: opts.clone(),
            hb,
            nav,
            res,
            rosters,
            gov,
            stage_diags: diags,
            theme: None,
            history,
            credits,
            citation,
            refused_assets,
            health: per_language(&langs),
            orders: per_language(&langs),
            langs,
            live_search: None,
            included: None,
            translations,
            files: SiteFiles::new(),
            diagnostics: Vec::new(),
            stats,
            timings: t,
            write_error: None,
            derived_stale: false,
            lang_search_stale: BTreeSet::new(),
            touched: None,
            generation: 0,
        };
        if opts.check_only {
            s.check_templates(hl);
        } else {
            s.render_all(hl, sink);
        }
        s.diagnostics = s.collect_diagnostics();
        Ok(s)
    }

    /// One `git log`, read beside loading and checking (it can take
    /// seconds on a long history); `None` when nothing needs it.
    fn start_git(opts: &Options, config: &crate::config::Config) -> Option<crate::git::Pending> {
        let wants_git = config.last_updated || config.credit;
        // Translation status needs git in `check` too.
        let translated = config.languages.len() > 1;
        (opts.git && (wants_git || translated) && (!opts.check_only || translated))
            .then(|| crate::git::start(&opts.root, opts.git_cache))
    }

    /// Every check over the loaded handbook (the lint stage).
    fn lint(
        opts: &Options,
        hb: &Handbook,
        gov: &Governance,
        nav: &Nav,
        res: &Resolution,
        diags: &mut Vec<Diagnostic>,
    ) {
        crate::lint::check(hb, gov, nav, opts.today, diags);
        crate::lint::decisions::check(hb, gov, res, diags);
        crate::lint::leadership::check(hb, gov, opts.today, diags);
        crate::health::check(hb, diags);
        crate::site::feed::check(hb, diags);
        // Only a build writes a sitemap (serve and check do not).
        if opts.live_reload.is_none() && !opts.check_only && !opts.unpublished {
            diags.extend(sitemap_needs_base_url(&hb.config, &opts.root));
        }
    }

    /// How many of each thing the handbook holds (pages counted later).
    fn stats(hb: &Handbook) -> Stats {
        let mut kinds: Vec<_> = crate::model::KINDS
            .iter()
            .map(|k| (k.info(), k.count(hb)))
            .collect();
        kinds.sort_by_key(|(info, _)| info.summary_order);
        Stats {
            kinds: (kinds.into_iter())
                .map(|(info, n)| (info.name, info.plural, n))
                .collect(),
            languages: hb.config.languages.len().max(1),
            pages: 0,
            shared_articles: 0,
        }
    }

    /// The other languages' builds and every language's translation status.
    /// Each other language's model, over the default language's sources,
    /// and the paths a translation may stand in for.
    fn load_languages(
        default_sources: Option<crate::source::Sources>,
        lang_sources: Vec<crate::translate::LangSource>,
        hb: &Handbook,
    ) -> (Vec<LangModel>, Vec<String>) {
        match &default_sources {
            Some(src) => {
                let models = (lang_sources.into_iter())
                    .map(|ls| LangModel::load(ls, src, hb))
                    .collect();
                (models, crate::translate::translatable_paths(src))
            }
            None => (Vec::new(), Vec::new()),
        }
    }

    /// The governance health report of the current state.
    pub fn health(&self) -> &crate::health::Report {
        self.health_of(0)
    }

    /// The health report of language `lang` (0: the default), made once.
    fn health_of(&self, lang: usize) -> &crate::health::Report {
        let v = self.view(lang);
        (self.health.get(lang))
            .unwrap_or(&self.health[0])
            .get_or_init(|| crate::health::report(v.hb, v.gov, self.opts.today))
    }

    /// The texts of the files the diagnostics point at, for their snippets.
    pub fn sources(&self) -> HashMap<String, Arc<str>> {
        let mut out = HashMap::new();
        for span in self.diagnostics.iter().filter_map(|d| d.span.as_ref()) {
            if !out.contains_key(&span.file)
                && let Some(text) = self.source_text(&span.file)
            {
                out.insert(span.file.clone(), text);
            }
        }
        out
    }

    /// The text of file `rel`: a source, a template, or a translation by
    /// its real path (`i18n/fr/…`).
    fn source_text(&self, rel: &str) -> Option<Arc<str>> {
        let template = self.hb.sources.templates.iter().find(|t| t.rel == rel);
        let translated = || {
            self.langs.iter().find_map(|l| {
                let (key, t) = l.src.files.iter().find(|(_, t)| t.real == rel)?;
                t.text.clone().or_else(|| l.hb.files.get(key))
            })
        };
        (self.hb.files.get(rel))
            .or_else(|| template.map(|t| t.text.clone()))
            .or_else(translated)
    }

    pub(crate) fn into_built(mut self) -> Built {
        use std::mem::take;
        let built = Built {
            sources: self.sources(),
            files: take(&mut self.files),
            diagnostics: take(&mut self.diagnostics),
            stats: take(&mut self.stats),
            timings: take(&mut self.timings),
            write_error: self.write_error.take(),
        };
        // The rest (parsed pages, links, the git history: hundreds of MB
        // at 10k pages) takes a tenth of a second of one core to free, so
        // it is freed on a thread of its own while the caller writes and
        // reports; a process that exits first leaves it to the OS.
        std::thread::spawn(move || drop(self));
        built
    }

    /// The pipeline state of language `lang` (0: the default).
    fn view(&self, lang: usize) -> View<'_> {
        match lang.checked_sub(1).and_then(|i| self.langs.get(i)) {
            None => View {
                hb: &self.hb,
                nav: &self.nav,
                res: &self.res,
                gov: &self.gov,
                rosters: &self.rosters,
                theme: self.theme.as_ref(),
                lang: 0,
            },
            Some(l) => View {
                hb: &l.hb,
                nav: &l.nav,
                res: &l.res,
                gov: &l.gov,
                rosters: &l.rosters,
                theme: l.theme.as_ref(),
                lang,
            },
        }
    }

    fn inputs<'a>(&'a self, v: &View<'a>, md: &'a crate::html::Env<'a>) -> Inputs<'a> {
        Inputs {
            hb: v.hb,
            nav: v.nav,
            res: v.res,
            gov: v.gov,
            md,
            last_updated: &self.history.last_updated,
            credits: &self.credits,
            changes_page: crate::site::changes::present(v.hb, &self.credits),
            citation: &self.citation,
            live_reload: self.opts.live_reload.clone(),
            today: self.opts.today,
            lang: self.inputs_lang(v.lang),
            health: self.health.get(v.lang).unwrap_or(&self.health[0]),
            order: self.orders.get(v.lang).unwrap_or(&self.orders[0]),
            articles: Articles::Own,
        }
    }

    fn md_env<'a>(&'a self, v: &View<'a>, hl: &'a Highlighter) -> crate::html::Env<'a> {
        crate::html::Env {
            hl,
            allow_scripts: v.hb.config.allow_scripts,
            files: &v.hb.files,
            // The theme's strings (with the handbook's overrides) once loaded.
            strings: v
                .theme
                .map_or(crate::i18n::Catalog::english(), |t| &t.strings),
            // Admonitions through the theme's `admonition` component.
            chrome: v.theme.map(|t| t as &dyn crate::html::Chrome),
            rosters: v.rosters,
        }
    }

    /// What `build` would refuse, `check` reports: compile the theme, then
    /// render one page per template (discarding the HTML), so a template
    /// that parses but uses a field that does not exist is caught too.
    fn check_templates(&mut self, hl: &Highlighter) {
        self.load_themes();
        let v = self.view(0);
        let Some(theme) = v.theme else { return };
        let env = self.md_env(&v, hl);
        let inp = self.inputs(&v, &env);
        let mut seen = BTreeSet::new();
        let mut scratch = Scratch::default();
        let failed = crate::site::pages(&inp)
            .into_iter()
            .filter(|p| seen.insert(p.template()))
            .find_map(|p| theme.render(&p.build(&inp, &mut scratch)).err());
        if let Some(d) = failed {
            self.stage_diags.push(*d);
        }
    }

    /// Compile the theme once per language, each with its UI strings.
    fn load_themes(&mut self) {
        let templates = &self.hb.sources.templates;
        match Theme::load_in(templates, &self.hb.config.language) {
            Ok(t) => self.theme = Some(t),
            Err(d) => self.stage_diags.push(*d),
        }
        self.stage_diags
            .extend(lang::missing_strings(templates, &self.hb.config.language));
        for l in &mut self.langs {
            l.load_theme(&mut self.stage_diags);
        }
    }

    fn render_all(&mut self, hl: &Highlighter, sink: Option<&Staging>) {
        self.load_themes();
        let (pages, sitemap) = {
            let v = self.view(0);
            let env = self.md_env(&v, hl);
            let inp = self.inputs(&v, &env);
            let pages = crate::site::pages(&inp);
            let sitemap = sitemap(&self.hb, &pages, &inp);
            (pages, sitemap)
        };
        let sitemap = sitemap.filter(|_| self.opts.live_reload.is_none() && !self.opts.unpublished);
        let mut all = vec![(0, pages)];
        for lang in 1..=self.langs.len() {
            let v = self.view(lang);
            let env = self.md_env(&v, hl);
            all.push((lang, crate::site::pages(&self.inputs(&v, &env))));
        }
        self.stats.pages = all.iter().map(|(_, p)| p.len()).sum();
        // What each language repeats of the default's text, so its pages
        // take the default's article HTML (`site::shared`).
        let same: Vec<SameText> = (self.langs.iter())
            .map(|l| shared::same_text(&self.hb, &l.hb))
            .collect();
        let share = !same.is_empty() && !self.opts.render_every_language;
        let store = share.then(|| SharedArticles::new(self.hb.units.len(), &same));
        let mut files = SiteFiles::new();
        let langs: Vec<(usize, &[PageRef])> = all.iter().map(|(l, p)| (*l, &p[..])).collect();
        let share = store.as_ref().map(|s| (s, &same[..]));
        self.render_pages(hl, &langs, &mut files, sink, share);
        self.stats.shared_articles = store.map_or(0, |s| s.taken());
        self.timings.lap("pages (markdown + templates)");
        for lang in 0..=self.langs.len() {
            let v = self.view(lang);
            let Some(theme) = v.theme else { continue };
            let prefix = self.inputs_lang(lang).prefix(lang);
            // The vendored mermaid (3.5 MB) only for sites that draw diagrams.
            let mermaid = v.hb.units.iter().any(|u| u.scan.mermaid);
            for (path, bytes) in &theme.static_files {
                if !mermaid && path.starts_with(MERMAID_DIR) {
                    continue;
                }
                let data = match theme.with_strings(path, bytes) {
                    Some(js) => FileData::text(js),
                    None => FileData::Static(bytes),
                };
                files.insert(format!("{prefix}{path}"), data);
            }
        }
        let (light, dark) = highlight::stylesheets();
        for lang in 0..=self.langs.len() {
            let prefix = self.inputs_lang(lang).prefix(lang);
            files.insert(
                format!("{prefix}static/highlight-light.css"),
                FileData::text(light.clone()),
            );
            files.insert(
                format!("{prefix}static/highlight-dark.css"),
                FileData::text(dark.clone()),
            );
        }
        if let Some(feed) =
            crate::site::feed::atom(&self.hb, &self.history.last_updated, &self.credits.recent)
        {
            files.insert(
                crate::model::decision::FEED_URL.into(),
                FileData::text(feed),
            );
        }
        if let Some(sitemap) = sitemap {
            files.insert(urls::SITEMAP.into(), FileData::text(sitemap));
        }
        self.files = files;
        self.sync_assets();
        self.derive(sink);
    }

    /// The languages as pages of language `lang` see them.
    fn inputs_lang(&self, lang: usize) -> crate::site::lang::LangInputs<'_> {
        crate::site::lang::LangInputs {
            languages: &self.hb.config.languages,
            current: lang,
            status: &self.translations,
        }
    }

    /// Build and render the pages of each language in `langs` (markdown,
    /// then the theme) into `files`, in one parallel pass; the first
    /// template error becomes a diagnostic. With `share`, the languages'
    /// pages come interleaved, each default page just before the others'
    /// pages at its place in their lists, so an article the default
    /// language keeps in the store is taken by the others' (those that
    /// repeat its text: the [`SameText`] maps, one per other language)
    /// while it is fresh, and freed.
    fn render_pages(
        &mut self,
        hl: &Highlighter,
        langs: &[(usize, &[PageRef])],
        files: &mut SiteFiles,
        sink: Option<&Staging>,
        share: Option<(&SharedArticles, &[SameText])>,
    ) {
        let views: Vec<View<'_>> = langs.iter().map(|&(l, _)| self.view(l)).collect();
        let envs: Vec<crate::html::Env<'_>> = views.iter().map(|v| self.md_env(v, hl)).collect();
        let mut inps: Vec<Inputs<'_>> = (views.iter().zip(&envs))
            .map(|(v, e)| self.inputs(v, e))
            .collect();
        for (inp, &(lang, _)) in inps.iter_mut().zip(langs) {
            inp.articles = match share {
                None => Articles::Own,
                Some((shared, _)) if lang == 0 => Articles::Keep(shared),
                Some((shared, same)) => {
                    (same.get(lang - 1)).map_or(Articles::Own, |same| Articles::Take {
                        shared,
                        same,
                        links: &self.res,
                    })
                }
            };
        }
        let prefixes: Vec<String> = (inps.iter().zip(langs))
            .map(|(inp, &(lang, _))| inp.lang.prefix(lang))
            .collect();
        // The pages at each place of the languages' lists (see below).
        let places: Vec<usize> =
            (0..langs.iter().map(|(_, p)| p.len()).max().unwrap_or(0)).collect();
        // Small chunks of places, so that no core waits long for the last
        // one, and one set of memos per worker (highlighting, sidebar
        // frames), kept from chunk to chunk. A place's pages render one
        // after the other on one worker: the default's article is kept
        // before the others ask for it. Each page's context lives only until
        // its HTML exists. The book is the default language's.
        let book = |k: usize| self.opts.print && langs[k].0 == 0;
        let rendered: Vec<(usize, String, Rendered, Option<String>)> = crate::par::map_chunks(
            &places,
            RENDER_CHUNK,
            Scratch::default,
            |scratch, &i, out| {
                for (k, &(_, pages)) in langs.iter().enumerate() {
                    // A language whose theme failed to load renders nothing.
                    let (Some(&p), Some(theme)) = (pages.get(i), views[k].theme) else {
                        continue;
                    };
                    let (path, r, article) =
                        Self::render_page(&inps[k], theme, p, scratch, &prefixes[k], book(k), sink);
                    // A page written with nothing for the book is done.
                    if !matches!(r, Rendered::Written) || article.is_some() {
                        out.push((k, path, r, article));
                    }
                }
            },
        );
        let print = (0..langs.len()).find(|&k| book(k)).and_then(|k| {
            let articles: BTreeMap<String, String> = (rendered.iter())
                .filter(|(i, ..)| *i == k)
                .filter_map(|(_, path, _, a)| Some((path.clone(), a.clone()?)))
                .collect();
            let theme = views[k].theme?;
            Some(theme.render(&crate::site::print::print_page(&inps[k], &articles)))
        });
        let mut failed = None;
        for (_, path, r, _) in rendered {
            match r {
                Rendered::Html(html) => {
                    files.insert(path, FileData::text(html));
                }
                Rendered::Written => {}
                Rendered::Failed(d) => {
                    failed.get_or_insert(d);
                }
                Rendered::WriteFailed(e) => {
                    self.write_error.get_or_insert(*e);
                }
            }
        }
        match print {
            Some(Ok(html)) => {
                files.insert(crate::site::print::PRINT.into(), FileData::text(html));
            }
            Some(Err(d)) => {
                failed.get_or_insert(d);
            }
            None => {}
        }
        if let Some(d) = failed {
            self.stage_diags.push(*d);
        }
    }

    /// Build and render one page of `render_pages`: its path, the outcome, and
    /// for the book its article.
    fn render_page(
        inp: &Inputs<'_>,
        theme: &Theme,
        p: PageRef,
        scratch: &mut Scratch,
        prefix: &str,
        book: bool,
        sink: Option<&Staging>,
    ) -> (String, Rendered, Option<String>) {
        let mut page = p.build(inp, scratch);
        crate::site::lang::decorate(inp, p, &mut page);
        let path = format!("{prefix}{}", page.path);
        // The book keeps each content page's article.
        let keep = book && crate::site::print::in_book(p);
        let article_of = |h: &str| {
            keep.then(|| crate::site::print::article(h).map(str::to_string))
                .flatten()
        };
        let Some(s) = sink else {
            return match theme.render(&page) {
                Ok(html) => {
                    let article = article_of(&html);
                    (path, Rendered::Html(html), article)
                }
                Err(d) => (path, Rendered::Failed(d), None),
            };
        };
        // Written as it goes, from the worker's one buffer.
        let mut out = std::mem::take(&mut scratch.html);
        let (r, article) = match theme.render_into(&page, &mut out) {
            Err(d) => (Rendered::Failed(d), None),
            Ok(()) => {
                let article = std::str::from_utf8(&out).ok().and_then(article_of);
                match s.put(&path, &out) {
                    Ok(()) => (Rendered::Written, article),
                    Err(e) => (Rendered::WriteFailed(Box::new(e)), article),
                }
            }
        };
        scratch.html = out;
        (path, r, article)
    }

    /// Copy `static/` and every linked asset; drop assets no longer linked.
    /// A file whose URL a page owns is never copied.
    fn sync_assets(&mut self) -> Vec<String> {
        let mut touched = Vec::new();
        for a in &self.hb.sources.static_files {
            if !self.refused_assets.contains(&a.rel) {
                self.files
                    .insert(a.rel.clone(), FileData::Copy(a.abs.clone()));
            }
        }
        for a in &self.hb.sources.other_files {
            let named = self.hb.config.brand.files().any(|f| f == a.rel);
            let linked = (self.res.assets.contains(&a.rel) || named)
                && !self.refused_assets.contains(&a.rel);
            let present = matches!(self.files.get(&a.rel), Some(FileData::Copy(_)));
            if linked && !self.files.contains_key(&a.rel) {
                self.files
                    .insert(a.rel.clone(), FileData::Copy(a.abs.clone()));
                touched.push(a.rel.clone());
            } else if !linked && present && !self.hb.sources.static_files.contains(a) {
                self.files.remove(&a.rel);
                touched.push(a.rel.clone());
            }
        }
        touched
    }

    /// Rebuild the search index and `handbook.json` (whole-site artefacts an
    /// incremental update leaves stale).
    pub fn refresh_derived(&mut self) {
        self.derive(None);
    }

    /// Build the search index and `handbook.json`: into `files`, or with a
    /// sink, straight to it.
    fn derive(&mut self, sink: Option<&Staging>) {
        if self.opts.check_only {
            return;
        }
        if let Some(s) = sink.filter(|_| self.opts.live_reload.is_none()) {
            self.derive_into(s);
            self.derived_stale = false;
            self.timings.lap("search index + handbook.json");
            return;
        }
        // Independent whole-site artefacts: build them side by side.
        let records = self.search_records();
        let live = self.opts.live_reload.is_some();
        let ((index, live_index), json) = rayon::join(
            || match live {
                true => {
                    let (l, files) = crate::search::LiveIndex::new(&records);
                    (files, Some(l))
                }
                false => (crate::search::build(&records), None),
            },
            || {
                let facts = self.credit_facts();
                let health = self.health();
                crate::export::handbook_json(&self.hb, &self.gov, &self.res, &facts, health)
            },
        );
        drop(records);
        self.live_search = live_index;
        // Each language has its own index under its folder, so a search
        // on `fr/` fetches French shards only.
        let prefixes: Vec<String> = (1..=self.langs.len())
            .map(|l| self.inputs_lang(l).prefix(l))
            .collect();
        let lang_index: Vec<(String, String)> = (self.langs.iter_mut().zip(prefixes))
            .flat_map(|(l, prefix)| {
                let records = crate::search::records(&l.hb, &l.nav, &l.gov);
                let index = match live {
                    true => {
                        let (live, files) = crate::search::LiveIndex::new(&records);
                        l.live_search = Some(live);
                        files
                    }
                    false => crate::search::build(&records),
                };
                (index.into_iter()).map(move |(path, text)| (format!("{prefix}{path}"), text))
            })
            .collect();
        match sink {
            None => {
                let folders: Vec<String> = (1..=self.langs.len())
                    .map(|l| format!("{}search/", self.inputs_lang(l).prefix(l)))
                    .collect();
                (self.files).retain(|k, _| !folders.iter().any(|f| k.starts_with(f.as_str())));
                for (path, text) in lang_index {
                    self.files.insert(path, FileData::text(text));
                }
                self.lang_search_stale.clear();
                self.install_search(index);
                self.files
                    .insert(urls::HANDBOOK_JSON.into(), FileData::text(json));
            }
            Some(s) => {
                let written = (index.iter())
                    .chain(lang_index.iter().map(|(p, t)| (p, t)))
                    .chain([(&urls::HANDBOOK_JSON.to_string(), &json)])
                    .try_for_each(|(path, text)| s.put(path, text.as_bytes()));
                if let Err(e) = written {
                    self.write_error.get_or_insert(e);
                }
            }
        }
        self.derived_stale = false;
        self.timings.lap("search index + handbook.json");
    }

    /// The search records of the current state (cheap; building the index
    /// from them is the expensive part and needs no session).
    pub(crate) fn search_records(&self) -> Vec<crate::search::Record<'_>> {
        crate::search::records(&self.hb, &self.nav, &self.gov)
    }

    /// A build's search index (every language's) and `handbook.json`,
    /// written to `s` file by file as they are made: held together they
    /// were the build's peak memory (150 MB at 13k pages).
    fn derive_into(&mut self, s: &Staging) {
        // The pages are written: what their links are written as (a tenth
        // of the build's memory at 10k pages) can go before the index
        // is made.
        for l in &mut self.langs {
            l.res.keep_diagnostics_only();
        }
        self.res.drop_written_links();
        let error = std::sync::Mutex::new(None);
        let put = |path: &str, text: &str| {
            if let Err(e) = s.put(path, text.as_bytes())
                && let Ok(mut slot) = error.lock()
            {
                slot.get_or_insert(e);
            }
        };
        // Every language's index in one pass: an untranslated page's
        // record is scored once, for the default language.
        let prefixes: Vec<String> = (1..=self.langs.len())
            .map(|l| self.inputs_lang(l).prefix(l))
            .collect();
        let lang_put: Vec<_> = (prefixes.iter())
            .map(|prefix| move |path: String, text: String| put(&format!("{prefix}{path}"), &text))
            .collect();
        let records: Vec<Vec<crate::search::Record<'_>>> = std::iter::once(self.search_records())
            .chain((self.langs.iter()).map(|l| crate::search::records(&l.hb, &l.nav, &l.gov)))
            .collect();
        let default_put = |path: String, text: String| put(&path, &text);
        let emits = std::iter::once(&default_put as &(dyn Fn(String, String) + Sync)).chain(
            lang_put
                .iter()
                .map(|f| f as &(dyn Fn(String, String) + Sync)),
        );
        let indexes: Vec<crate::search::Index<'_, '_>> = (records.iter().zip(emits))
            .map(|(records, emit)| crate::search::Index { records, emit })
            .collect();
        rayon::join(
            || crate::search::build_all(&indexes),
            || {
                let health = self.health();
                let facts = self.credit_facts();
                let written = s.put_with(urls::HANDBOOK_JSON, |w| {
                    let (hb, gov, res) = (&self.hb, &self.gov, &self.res);
                    crate::export::write_handbook_json(w, hb, gov, res, &facts, health)
                });
                if let (Err(e), Ok(mut slot)) = (written, error.lock()) {
                    slot.get_or_insert(e);
                }
            },
        );
        drop(indexes);
        drop(records);
        if let Some(e) = error.into_inner().ok().flatten() {
            self.write_error.get_or_insert(e);
        }
    }

    /// Replace the search index files.
    pub(crate) fn install_search(&mut self, index: BTreeMap<String, String>) {
        self.files.retain(|k, _| !k.starts_with("search/"));
        for (path, text) in index {
            self.files.insert(path, FileData::text(text));
        }
        self.derived_stale = false;
    }

    /// The search records of each language (1: the first after the
    /// default) whose index an incremental update left behind.
    #[cfg(feature = "serve")]
    pub(crate) fn stale_lang_records(&self) -> Vec<(usize, Vec<crate::search::Record<'static>>)> {
        (self.lang_search_stale.iter())
            .filter_map(|&lang| {
                let l = self.langs.get(lang.checked_sub(1)?)?;
                let records = crate::search::records(&l.hb, &l.nav, &l.gov);
                Some((
                    lang,
                    records
                        .into_iter()
                        .map(crate::search::Record::into_owned)
                        .collect(),
                ))
            })
            .collect()
    }

    /// Install language `lang`'s rebuilt search index under its folder.
    #[cfg(feature = "serve")]
    pub(crate) fn install_search_of(&mut self, lang: usize, index: BTreeMap<String, String>) {
        let prefix = self.inputs_lang(lang).prefix(lang);
        let folder = format!("{prefix}search/");
        self.files.retain(|k, _| !k.starts_with(&folder));
        for (path, text) in index {
            self.files
                .insert(format!("{prefix}{path}"), FileData::text(text));
        }
        self.lang_search_stale.remove(&lang);
    }

    /// Git dates, contributors and the citation, for `handbook.json`.
    fn credit_facts(&self) -> crate::export::Credit<'_> {
        crate::export::Credit {
            last_updated: &self.history.last_updated,
            credits: &self.credits,
            citation: &self.citation,
            translations: &self.translations,
        }
    }

    /// Regenerate `handbook.json` (an incremental update removes it from
    /// `files`, since it would be stale).
    #[cfg(feature = "serve")]
    pub(crate) fn refresh_json(&mut self) {
        let health = self.health();
        let json = crate::export::handbook_json(
            &self.hb,
            &self.gov,
            &self.res,
            &self.credit_facts(),
            health,
        );
        self.files
            .insert(urls::HANDBOOK_JSON.into(), FileData::text(json));
    }

    /// Fetch external links and add the broken ones to the diagnostics.
    #[cfg(feature = "external")]
    pub(crate) fn check_external(&mut self, settings: &crate::external::Settings) {
        let links = crate::external::collect(&self.res);
        let (diags, _) = crate::external::check(&links, settings);
        self.stage_diags.extend(diags);
        self.diagnostics = self.collect_diagnostics();
    }

    fn collect_diagnostics(&self) -> Vec<Diagnostic> {
        let mut diags = self.stage_diags.clone();
        diags.extend(self.res.diagnostics().cloned());
        unknown_directives(&self.hb, &|_| true, &mut diags);
        content_problems(&self.hb, &mut diags);
        for l in &self.langs {
            diags.extend(l.diagnostics());
        }
        let changed = (self.hb.files.changed().into_iter())
            .chain(self.langs.iter().flat_map(|l| l.hb.files.changed()));
        diags.extend(changed.collect::<BTreeSet<_>>().into_iter().map(|rel| {
            Diagnostic::error(
                Code::Unreadable,
                format!("`{rel}` changed or went away while the build was reading it"),
            )
            .with_span(diag::Span::file(&rel))
            .with_help("build again: its pages may lack what the new text says")
        }));
        apply_levels(&self.hb.config, &mut diags);
        diag::normalize(&mut diags);
        diags
    }

    /// Apply changes to the files at these handbook-relative paths: an edit
    /// to one doc's body is applied incrementally; anything else (or anything
    /// that changes titles, headings, labels or front matter) rebuilds all.
    pub fn update(&mut self, changed: &[String], hl: &Highlighter) -> Result<Change, Fatal> {
        let generation = self.generation + 1;
        if let Some(pages) = self.try_incremental(changed, hl) {
            self.generation = generation;
            return Ok(Change::Incremental(pages));
        }
        *self = Session::new(&self.opts, hl)?;
        self.generation = generation;
        Ok(Change::Full)
    }

    fn try_incremental(&mut self, changed: &[String], hl: &Highlighter) -> Option<usize> {
        let [rel] = changed else { return None };
        if self.opts.check_only || self.theme.is_none() {
            return None;
        }
        let d = self.hb.docs.iter().position(|d| &d.src == rel)?;
        let mut read_diags = Vec::new();
        let file = crate::source::read_text(&self.opts.root.join(rel), rel, &mut read_diags)?;
        let (new_fm, body) = crate::source::split_front_matter(&file.text);
        let old_text = self.hb.files.get(rel)?;
        let (old_fm, old_body) = crate::source::split_front_matter(&old_text);
        if new_fm.map(|f| f.text) != old_fm.map(|f| f.text) || body != old_body {
            return None;
        }
        let (own_text, scan) = crate::model::MdUnit::body_text(&file.text, body);
        let old = &self.hb.units[self.hb.docs[d].unit].scan;
        // The languages that show this doc untranslated show its new text
        // too, so each of them takes the same update as the default.
        let fallback: Vec<usize> = (self.langs.iter().enumerate())
            .filter(|(_, l)| !l.src.files.contains_key(rel.as_str()))
            .map(|(i, _)| i + 1)
            .collect();
        // A page that `{include}`s this file shows its text too.
        let included = (self.included).get_or_insert_with(|| {
            let hbs = std::iter::once(&self.hb).chain(self.langs.iter().map(|l| &l.hb));
            hbs.flat_map(|hb| hb.units.iter())
                .flat_map(|u| included_files(&u.file, &u.scan))
                .collect()
        });
        included.extend(included_files(rel, &scan));
        let included = included.contains(rel.as_str());
        if !Self::same_shape(&scan, old) || included {
            return None;
        }
        // Whether the save leaves the handbook's diagnostics as they were
        // (checked per language below): then they are not collected again.
        let mut same_diags = text_diags_free(old) && text_diags_free(&scan);
        // Each language's model takes the new text, then its links are
        // resolved, every language at once (each needs its symbol table).
        let langs: Vec<usize> = std::iter::once(0).chain(fallback).collect();
        // The health reports are made again from the new text when needed.
        self.health.iter_mut().for_each(|h| drop(h.take()));
        // One text and one scan, shared by every language that shows them.
        let scan = std::sync::Arc::new(scan);
        let mut docs = Vec::new();
        for &lang in &langs {
            docs.push(self.put_doc(lang, rel, &file.text, own_text.as_deref(), &scan)?);
        }
        let views: Vec<(&Handbook, &'static str, usize)> = (langs.iter().zip(&docs))
            .map(|(&lang, &(_, unit))| match lang.checked_sub(1) {
                None => (&self.hb, "", unit),
                Some(i) => (&self.langs[i].hb, lang::ASSET_UP, unit),
            })
            .collect();
        let fresh: Vec<crate::resolve::UnitLinks> = views
            .into_par_iter()
            .map(|(hb, asset_up, unit)| {
                let mut syms = Symbols::new(hb);
                syms.asset_up = asset_up;
                crate::resolve::resolve_unit(&syms, &hb.units[unit])
            })
            .collect();
        let mut pages = 0;
        let mut touched = BTreeSet::new();
        for ((&lang, &(d, unit)), fresh) in langs.iter().zip(&docs).zip(fresh) {
            same_diags &=
                self.view(lang).res.units.get(unit).map(|u| &u.diags) == Some(&fresh.diags);
            let affected = self.relink(lang, d, unit, fresh);
            let refs: Vec<PageRef> = {
                let v = self.view(lang);
                let env = self.md_env(&v, hl);
                let inp = self.inputs(&v, &env);
                crate::site::pages_for(&inp, affected.iter().copied())
            };
            let mut files = SiteFiles::new();
            self.render_pages(hl, &[(lang, &refs)], &mut files, None, None);
            touched.extend(files.keys().cloned());
            self.files.extend(files);
            pages += refs.len();
            // The search index follows at once when serve keeps it in
            // memory (else on the refresh after saves pause).
            let current = self.update_search(lang, d, &mut touched);
            match lang {
                0 => self.derived_stale = !current,
                _ if !current => {
                    self.lang_search_stale.insert(lang);
                }
                _ => {}
            }
        }
        touched.extend(self.sync_assets());
        if !same_diags {
            self.diagnostics = self.collect_diagnostics();
        }
        // handbook.json is made again when asked for.
        self.files.remove(urls::HANDBOOK_JSON);
        touched.insert(urls::HANDBOOK_JSON.to_string());
        self.touched = Some(touched);
        Some(pages)
    }

    /// Put doc `rel`'s new text into language `lang`'s model: the doc's
    /// index and its unit's. `None` if the language has no such doc.
    fn put_doc(
        &mut self,
        lang: usize,
        rel: &str,
        text: &Arc<str>,
        own_text: Option<&str>,
        scan: &Arc<crate::markup::Scan>,
    ) -> Option<(usize, usize)> {
        let hb = match lang.checked_sub(1) {
            None => &mut self.hb,
            Some(i) => &mut self.langs.get_mut(i)?.hb,
        };
        let d = hb.docs.iter().position(|d| d.src == rel)?;
        let unit_id = hb.docs[d].unit;
        hb.files.insert(rel.to_string(), Arc::clone(text));
        let unit = &mut hb.units[unit_id];
        unit.own_text = own_text.map(str::to_string);
        unit.scan = Arc::clone(scan);
        Some((d, unit_id))
    }

    /// Install doc `d`'s freshly resolved links in language `lang`; the
    /// pages to render again: the doc's own, and every page whose
    /// backlinks changed.
    fn relink(
        &mut self,
        lang: usize,
        d: usize,
        unit: usize,
        fresh: crate::resolve::UnitLinks,
    ) -> BTreeSet<PageId> {
        let res = match lang.checked_sub(1).and_then(|i| self.langs.get_mut(i)) {
            None => &mut self.res,
            Some(l) => &mut l.res,
        };
        let old_targets = link_targets(&res.units[unit].records);
        let new_targets = link_targets(&fresh.records);
        res.replace_unit(unit, fresh);
        let mut affected: BTreeSet<PageId> = old_targets
            .symmetric_difference(&new_targets)
            .map(|&e| PageId::of(e))
            .collect();
        affected.insert(PageId::Item(crate::model::doc::ID, d));
        affected
    }

    /// Whether a saved page still shows other pages the same things:
    /// offsets may move; title, heading ids and texts, labels, glossary
    /// terms and HTML anchors must not.
    fn same_shape(new: &crate::markup::Scan, old: &crate::markup::Scan) -> bool {
        let heads = |s: &crate::markup::Scan| -> Vec<(u8, String, String)> {
            s.headings
                .iter()
                .map(|h| (h.level, h.id.clone(), h.text.clone()))
                .collect()
        };
        let labels = |s: &crate::markup::Scan| -> Vec<String> {
            s.labels.iter().map(|l| l.0.clone()).collect()
        };
        let terms = |s: &crate::markup::Scan| -> Vec<(String, String)> {
            s.glossary
                .iter()
                .map(|g| (g.term.clone(), g.definition.clone()))
                .collect()
        };
        new.title == old.title
            && heads(new) == heads(old)
            && labels(new) == labels(old)
            && terms(new) == terms(old)
            && new.html_anchors == old.html_anchors
    }
}

impl Session {
    /// Update language `lang`'s live search index for its doc `d`'s new
    /// text; `false` when there is none or the change needs a full index
    /// build.
    fn update_search(&mut self, lang: usize, d: usize, touched: &mut BTreeSet<String>) -> bool {
        let prefix = self.inputs_lang(lang).prefix(lang);
        let (hb, nav, gov, slot) = match lang.checked_sub(1) {
            None => (&self.hb, &self.nav, &self.gov, &mut self.live_search),
            Some(i) => match self.langs.get_mut(i) {
                Some(l) => (&l.hb, &l.nav, &l.gov, &mut l.live_search),
                None => return false,
            },
        };
        let Some(live) = slot.as_mut() else {
            return false;
        };
        // Only the doc's record and the body chunk it is in are made again.
        let i = crate::search::record_index(hb, crate::model::doc::ID, d);
        let chunk = i / crate::search::BODY_CHUNK_SIZE * crate::search::BODY_CHUNK_SIZE;
        let span = chunk..chunk + crate::search::BODY_CHUNK_SIZE;
        let (window, total) = crate::search::records_at(hb, nav, gov, span);
        let Some((files, removed)) = live.update(total, chunk, &window, &[i]) else {
            *slot = None;
            return false;
        };
        for path in removed {
            let path = format!("{prefix}{path}");
            self.files.remove(&path);
            touched.insert(path);
        }
        for (path, text) in files {
            let path = format!("{prefix}{path}");
            self.files.insert(path.clone(), FileData::text(text));
            touched.insert(path);
        }
        true
    }
}

/// Places of the languages' page lists a rendering worker takes at a time
/// (one page at each place per language): small enough that the last chunk
/// of a pass is short, large enough to keep claiming them cheap.
const RENDER_CHUNK: usize = 8;

/// One empty slot per language, the default's first (see `Session::health`).
fn per_language<T>(langs: &[LangBuild]) -> Vec<std::sync::OnceLock<T>> {
    (0..=langs.len())
        .map(|_| std::sync::OnceLock::new())
        .collect()
}

/// Whether a unit's text gives no diagnostics of its own (unknown
/// directives or options, unreadable formulas or list tables): see
/// [`unknown_directives`] and [`content_problems`].
fn text_diags_free(scan: &crate::markup::Scan) -> bool {
    scan.unknown_directives.is_empty()
        && scan.unknown_options.is_empty()
        && scan.math_problems.is_empty()
        && scan.directive_problems.is_empty()
}

/// The files the unit of file `file` with `scan` `{include}`s (or
/// `{literalinclude}`s).
fn included_files<'a>(
    file: &'a str,
    scan: &'a crate::markup::Scan,
) -> impl Iterator<Item = String> + 'a {
    (scan.links.iter())
        .filter(|l| l.kind == crate::markup::LinkKind::Directive && l.role.ends_with("include"))
        .filter_map(move |l| crate::include::target_path(file, &l.dest))
}

/// Entities a unit's working links point at.
fn link_targets(records: &[crate::resolve::LinkRecord]) -> BTreeSet<Entity> {
    records
        .iter()
        .filter(|r| !r.broken)
        .filter_map(|r| match r.target {
            Target::Entity(e, _) if e != r.from => Some(e),
            _ => None,
        })
        .collect()
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

/// Formulas that cannot be read and directives whose content has the
/// wrong shape (`invalid-math`, `invalid-directive`).
fn content_problems(hb: &Handbook, diags: &mut Vec<Diagnostic>) {
    for u in &hb.units {
        if u.scan.math_problems.is_empty() && u.scan.directive_problems.is_empty() {
            continue;
        }
        let text = hb.files.get(&u.file);
        let lines = LineIndex::new(text.as_deref().unwrap_or(""));
        for (why, off, len) in &u.scan.math_problems {
            let span = match u.base {
                Some(b) => lines.span(&u.file, b + off, *len),
                None => u.anchor.clone(),
            };
            diags.push(
                Diagnostic::warning(
                    Code::InvalidMath,
                    format!("this formula cannot be read: {why}"),
                )
                .with_span(span)
                .with_help(
                    "fix the LaTeX; until then the page shows the formula as written, marked",
                ),
            );
        }
        for (why, off, len) in &u.scan.directive_problems {
            let span = match u.base {
                Some(b) => lines.span(&u.file, b + off, *len),
                None => u.anchor.clone(),
            };
            diags.push(
                Diagnostic::warning(Code::InvalidDirective, why.clone())
                    .with_span(span)
                    .with_help("write one `*` item per row with one `-` item per cell, the same number in every row"),
            );
        }
    }
}

/// The theme's vendored mermaid, written only when a page has a diagram.
const MERMAID_DIR: &str = "static/vendor/mermaid/";

/// `unknown-directive` and `unknown-option` for the units whose `file` is
/// `wanted`.
fn unknown_directives(hb: &Handbook, wanted: &dyn Fn(&str) -> bool, diags: &mut Vec<Diagnostic>) {
    for u in &hb.units {
        if u.scan.unknown_directives.is_empty() && u.scan.unknown_options.is_empty()
            || !wanted(&u.file)
        {
            continue;
        }
        let text = hb.files.get(&u.file);
        let lines = LineIndex::new(text.as_deref().unwrap_or(""));
        for (name, off) in &u.scan.unknown_directives {
            // Point at the name in the fence line, not at the backticks.
            let at = u.base.map(|b| {
                let fence = b + off;
                (text.as_deref())
                    .and_then(|t| t.get(fence..))
                    .and_then(|t| t.find('{'))
                    .filter(|i| *i < 16)
                    .map_or(fence, |i| fence + i + 1)
            });
            let span = match at {
                Some(at) => lines.span(&u.file, at, name.len()),
                None => u.anchor.clone(),
            };
            diags.push(
                Diagnostic::warning(Code::UnknownDirective, format!("waybook does not support the `{{{name}}}` directive"))
                    .with_span(span)
                    .with_help("its text is shown as written in a marked box; use a supported directive or plain markdown"),
            );
        }
        for (name, key, off) in &u.scan.unknown_options {
            let span = match u.base {
                Some(b) => lines.span(&u.file, b + off, key.len()),
                None => u.anchor.clone(),
            };
            let spec = crate::myst::directive(name);
            let known: Vec<&str> = spec
                .map(|d| d.all_options().map(|o| o.name).collect())
                .unwrap_or_default();
            let used: Vec<&str> = spec.map(|d| d.used_options().collect()).unwrap_or_default();
            let fallback = format!("remove it; `{{{name}}}` uses {}", used.join(", "));
            diags.push(
                Diagnostic::warning(
                    Code::UnknownDirectiveOption,
                    format!("the `{{{name}}}` directive has no option `{key}`; it is ignored"),
                )
                .with_span(span)
                .with_help(crate::diag::suggestion_help(
                    key,
                    known.iter().copied(),
                    &fallback,
                )),
            );
        }
    }
}

/// The sitemap protocol wants absolute URLs, so without a `base_url` there
/// is no sitemap: one warning says so (at `handbook.yml` when there is one).
fn sitemap_needs_base_url(config: &crate::config::Config, root: &Path) -> Option<Diagnostic> {
    if config.base_url.is_some() {
        return None;
    }
    let d = Diagnostic::warning(
        Code::SitemapWithoutBaseUrl,
        "no `base_url`, so no sitemap.xml is written: a sitemap must list absolute URLs",
    )
    .with_help("set `base_url` in handbook.yml (or pass --base-url) to the site's public URL, or turn this off with `lints: {sitemap-without-base-url: off}`");
    let file = ["handbook.yml", "handbook.yaml"]
        .into_iter()
        .find(|f| config.explicit && root.join(f).is_file());
    Some(match file {
        Some(f) => d.with_span(diag::Span::file(f)),
        None => d,
    })
}

/// `sitemap.xml`, when there is a `base_url` to make its URLs absolute.
/// `sitemap.xml`: every page of every language (a page not translated
/// into a language is listed in the default only), each with its
/// `hreflang` alternates when the handbook has several languages.
fn sitemap(hb: &Handbook, pages: &[PageRef], inp: &Inputs<'_>) -> Option<String> {
    use crate::translate::State;
    let base = crate::html::escape(hb.config.base_url.as_deref()?);
    let l = inp.lang;
    let n = l.languages.len().max(1);
    let ns = if n > 1 {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""
    } else {
        ""
    };
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{ns}>\n"
    );
    for p in pages.iter().filter(|p| p.in_sitemap()) {
        let path = p.path(inp);
        let src = crate::site::lang::page_source(inp, *p);
        let langs: Vec<usize> = (0..n)
            .filter(|&i| l.state(i, src) != State::Fallback)
            .collect();
        let url = |i: usize| {
            crate::html::escape(&crate::url::encode_path(&format!("{}{path}", l.prefix(i))))
        };
        for &i in &langs {
            s.push_str(&format!("  <url><loc>{base}{}</loc>", url(i)));
            if n > 1 {
                for &j in &langs {
                    s.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{base}{}\"/>",
                        crate::html::escape(&l.languages[j].code),
                        url(j)
                    ));
                }
                s.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}{}\"/>",
                    url(0)
                ));
            }
            s.push_str("</url>\n");
        }
    }
    s.push_str("</urlset>\n");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// English and French: a home page French shows untranslated, and
    /// `a.md` with its French translation.
    fn write_bilingual(root: &Path) {
        write(root, "handbook.yml", "title: T\nlanguages: [en, fr]\n");
        write(root, "README.md", "# Home\n\nHello.\n");
        write(root, "a.md", "# A\n\nText.\n");
        write(root, "i18n/fr/a.md", "# A\n\nTexte.\n");
    }

    /// The unit of the body of doc `rel`.
    fn unit_of(hb: &Handbook, rel: &str) -> usize {
        let d = hb.docs.iter().position(|d| d.src == rel).unwrap();
        hb.docs[d].unit
    }

    fn session(root: &Path) -> Session {
        let opts = Options {
            root: root.to_path_buf(),
            ..Options::default()
        };
        Session::new(&opts, &Highlighter::new()).unwrap()
    }

    /// Every page's sidebar, drawn from a worker's frames, is the one drawn
    /// whole: pages in and out of reading order, captions, a collection,
    /// nested folders, two languages.
    #[test]
    fn sidebars_from_frames_are_the_whole_ones() {
        let nav = "nav:\n  - README.md\n  - title: Start\n    children: [guide/a.md, guide/b.md]\n  - title: Guide\n    path: guide/index.md\n    children: [guide/deep/x.md, guide/deep/y.md, meetings/index.md]\n";
        for nav in [nav, ""] {
            let t = tempfile::tempdir().unwrap();
            let root = t.path();
            write(
                root,
                "handbook.yml",
                &format!("title: T\nlanguages: [en, fr]\n{nav}"),
            );
            write(root, "README.md", "# Home\n");
            for f in [
                "guide/index.md",
                "guide/a.md",
                "guide/b.md",
                "guide/deep/x.md",
                "guide/deep/y.md",
                "topics/t.md",
                "topics/sub/s.md",
                "meetings/index.md",
            ] {
                write(root, f, "# Page & <co>\n\nText.\n");
            }
            for day in 1..=4 {
                write(root, &format!("meetings/2024-01-0{day}.md"), "# Minutes\n");
            }
            write(root, "i18n/fr/guide/a.md", "# A en français\n");
            let s = session(root);
            let hl = Highlighter::new();
            for lang in 0..=s.langs.len() {
                let v = s.view(lang);
                let env = s.md_env(&v, &hl);
                let inp = s.inputs(&v, &env);
                let order = inp.nav.order.clone();
                let pages = (order.iter().chain(order.iter().rev()))
                    .map(|&d| (Some(d), inp.hb.docs[d].url.as_str()))
                    .chain([(None, "roles/x.html"), (None, "index.html")]);
                let mut frames = crate::site::sidebar::Sidebars::default();
                let mut opened = 0;
                for (current, page) in pages {
                    let got = frames.draw(&inp, current, page, "");
                    let want = crate::site::sidebar::drawn_whole(&inp, current, page, "");
                    assert_eq!(got, want, "{page} ({lang})");
                    opened += usize::from(got.contains("aria-current"));
                }
                // Every doc is its sidebar's current page, but the minutes,
                // hidden in their collection's one entry.
                assert_eq!(opened, 2 * (order.len() - 4), "{lang}");
            }
        }
    }

    fn assert_same_site(a: &Session, b: &Session) {
        let ka: Vec<_> = a.files.keys().collect();
        let kb: Vec<_> = b.files.keys().collect();
        assert_eq!(ka, kb);
        for (k, v) in &a.files {
            assert!(
                v.read().unwrap() == b.files[k].read().unwrap(),
                "{k} differs"
            );
        }
        assert_eq!(a.diagnostics, b.diagnostics);
    }

    /// The session's files under `prefix` (`search/`, `fr/search/`), bytes and all.
    fn files_under(s: &Session, prefix: &str) -> Vec<(String, Vec<u8>)> {
        (s.files.iter())
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.read().unwrap().into_owned()))
            .collect()
    }

    #[test]
    fn serve_updates_the_search_index_in_place() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(root, "README.md", "# Home\n\n[a](a.md)\n");
        write(root, "a.md", "# A\n\nPlatypus meetings happen weekly.\n");
        write(root, "b.md", "# B\n\nOther words.\n");
        let opts = Options {
            root: root.to_path_buf(),
            live_reload: Some("live.js".into()),
            ..Options::default()
        };
        let hl = Highlighter::new();
        let mut s = Session::new(&opts, &hl).unwrap();
        write(root, "a.md", "# A\n\nQuokka meetings happen monthly.\n");
        let change = s.update(&["a.md".into()], &hl).unwrap();
        assert!(matches!(change, Change::Incremental(_)), "{change:?}");
        // No background rebuild needed: the index is current already, and
        // the same as a fresh build's.
        assert!(!s.derived_stale);
        let fresh = Session::new(&opts, &hl).unwrap();
        assert_eq!(files_under(&s, "search/"), files_under(&fresh, "search/"));
        assert!(
            s.files.contains_key("search/t-qu.json") && !s.files.contains_key("search/t-pl.json")
        );
    }

    /// A language's model holds the default's text and scan of a file it
    /// does not translate (one copy in memory), its own of one it does;
    /// an incremental save keeps them shared.
    #[test]
    fn untranslated_files_share_text_and_scan_with_the_default() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write_bilingual(root);
        let mut s = session(root);
        let shared = |s: &Session, rel: &str| {
            let (en, fr) = (&s.hb, &s.langs[0].hb);
            let unit = |hb: &Handbook| Arc::clone(&hb.units[unit_of(hb, rel)].scan);
            (
                Arc::ptr_eq(&en.files.get(rel).unwrap(), &fr.files.get(rel).unwrap()),
                Arc::ptr_eq(&unit(en), &unit(fr)),
            )
        };
        assert_eq!(shared(&s, "README.md"), (true, true));
        assert_eq!(shared(&s, "a.md"), (false, false));
        write(root, "README.md", "# Home\n\nHello again.\n");
        let change = s
            .update(&["README.md".into()], &Highlighter::new())
            .unwrap();
        assert!(matches!(change, Change::Incremental(_)), "{change:?}");
        assert!(
            s.langs[0]
                .hb
                .files
                .get("README.md")
                .unwrap()
                .contains("Hello again.")
        );
        assert_eq!(shared(&s, "README.md"), (true, true));
    }

    /// A language's search record of a page it does not translate scores
    /// as the default's (its index takes the default's scored tokens); that
    /// of a page it translates does not.
    #[test]
    fn untranslated_records_score_as_the_default_languages() {
        let t = tempfile::tempdir().unwrap();
        write_bilingual(t.path());
        let s = session(t.path());
        let en = s.search_records();
        let l = &s.langs[0];
        let fr = crate::search::records(&l.hb, &l.nav, &l.gov);
        let pair = |url: &str| {
            let at = |recs: &[crate::search::Record<'_>]| {
                recs.iter().position(|r| r.url == url).unwrap()
            };
            assert_eq!(at(&en), at(&fr), "{url}");
            fr[at(&fr)].scores_as(&en[at(&en)])
        };
        assert!(pair("index.html"));
        assert!(!pair("a.html"));
        assert_eq!(en.len(), fr.len());
    }

    /// A build written to a folder lets go of its links' renderings after
    /// the pages (and a translation's resolution but its diagnostics): its
    /// files, `handbook.json` among them, and diagnostics are those of a
    /// build that keeps everything.
    #[test]
    fn a_build_into_a_folder_that_drops_its_links_is_the_same_build() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("hb");
        write(&root, "handbook.yml", "title: T\nlanguages: [en, fr]\n");
        write(
            &root,
            "README.md",
            "# Home\n\nSee [](a.md) and [gone](nope.md).\n",
        );
        write(
            &root,
            "a.md",
            "# Apples\n\nSee [home](README.md), [x](missing.md).\n",
        );
        write(
            &root,
            "b.md",
            "# B\n\n[[role:nobody]] and [apples](a.md#none).\n",
        );
        write(
            &root,
            "i18n/fr/a.md",
            "# Pommes\n\nVoir [rien](absent.md).\n",
        );
        let opts = Options {
            root: root.clone(),
            release_texts: true,
            ..Options::default()
        };
        let hl = Highlighter::new();
        let kept = run(&opts, &hl).unwrap();
        let out = t.path().join("site");
        let staging = Staging::begin(&out, &root).unwrap();
        let mut s = Session::create(&opts, &hl, Some(&staging)).unwrap();
        assert!(s.langs[0].res.records().next().is_none());
        assert!(
            s.res
                .units
                .iter()
                .all(|u| u.links.get(&0).is_none() && u.included.is_empty())
        );
        assert!(s.res.records().count() >= 5);
        let written = s.write_error.take();
        let built = s.into_built();
        assert!(written.is_none());
        staging.finish(&built.files).unwrap();
        assert_eq!(built.diagnostics, kept.diagnostics);
        assert!(
            built
                .diagnostics
                .iter()
                .any(|d| d.message.contains("absent.md"))
        );
        let mut pages = 0;
        for (path, data) in kept.files.iter() {
            let FileData::Bytes(bytes) = data else {
                continue;
            };
            let on_disk = std::fs::read(out.join(path)).unwrap();
            assert!(on_disk == bytes[..], "{path} differs");
            pages += 1;
        }
        assert!(
            pages > 10 && out.join("fr/a.html").is_file() && out.join("handbook.json").is_file()
        );
    }

    /// A language keeps the default's resolved links of a unit that links
    /// the same (one copy), and its own where a link shows a translated
    /// title.
    #[test]
    fn a_language_shares_the_links_it_resolves_the_same() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(root, "handbook.yml", "title: T\nlanguages: [en, fr]\n");
        let home_md = "# Home\n\nSee [](a.md).\n";
        write(root, "README.md", home_md);
        write(root, "a.md", "# Apples\n\nText.\n");
        write(root, "b.md", "# B\n\nSee [the apples](a.md).\n");
        write(root, "i18n/fr/a.md", "# Pommes\n\nTexte.\n");
        let s = session(root);
        let links =
            |hb: &Handbook, res: &Resolution, rel: &str| Arc::clone(&res.units[unit_of(hb, rel)]);
        let (en, fr) = ((&s.hb, &s.res), (&s.langs[0].hb, &s.langs[0].res));
        let b = (links(en.0, en.1, "b.md"), links(fr.0, fr.1, "b.md"));
        assert!(Arc::ptr_eq(&b.0, &b.1));
        assert_eq!(b.1.records.len(), 1);
        let home = (
            links(en.0, en.1, "README.md"),
            links(fr.0, fr.1, "README.md"),
        );
        assert!(!Arc::ptr_eq(&home.0, &home.1));
        let at = home_md.find("[](").unwrap();
        let text = |u: &crate::resolve::UnitLinks| u.links.get(&at).and_then(|o| o.text.clone());
        assert_eq!(text(&home.0).as_deref(), Some("Apples"));
        assert_eq!(text(&home.1).as_deref(), Some("Pommes"));
    }

    /// (Serve's incremental path: it installs a language's rebuilt index.)
    #[cfg(feature = "serve")]
    #[test]
    fn a_saved_translation_rebuilds_its_language() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write_bilingual(root);
        let hl = Highlighter::new();
        let mut s = session(root);
        let page = |s: &Session, p: &str| match s.files.get(p) {
            Some(FileData::Bytes(t)) => String::from_utf8_lossy(t).into_owned(),
            other => panic!("{p}: {other:?}"),
        };
        assert!(page(&s, "fr/a.html").contains("Texte."));
        write(root, "i18n/fr/a.md", "# A\n\nTexte revu.\n");
        let change = s.update(&["i18n/fr/a.md".into()], &hl).unwrap();
        assert_eq!(change, Change::Full);
        assert!(page(&s, "fr/a.html").contains("Texte revu."));
        // An edit to the source shows in every language it falls back in,
        // without a full rebuild.
        write(root, "README.md", "# Home\n\nHello again.\n");
        let change = s.update(&["README.md".into()], &hl).unwrap();
        assert!(matches!(change, Change::Incremental(_)), "{change:?}");
        assert!(page(&s, "fr/index.html").contains("Hello again."));
        // Without an index in memory, the language's is made again whole.
        assert_eq!(s.lang_search_stale, BTreeSet::from([1]));
        for (lang, records) in s.stale_lang_records() {
            let index = crate::search::build(&records);
            s.install_search_of(lang, index);
        }
        assert!(s.lang_search_stale.is_empty());
        let full = session(root);
        assert_eq!(
            files_under(&s, "fr/search/"),
            files_under(&full, "fr/search/")
        );
        s.refresh_derived();
        assert_same_site(&s, &full);
        // A doc the language has translated keeps its translation.
        write(root, "a.md", "# A\n\nText, revised.\n");
        s.update(&["a.md".into()], &hl).unwrap();
        assert!(page(&s, "a.html").contains("Text, revised."));
        assert!(page(&s, "fr/a.html").contains("Texte revu."));
        assert!(s.lang_search_stale.is_empty());
        s.refresh_derived();
        assert_same_site(&s, &session(root));
    }

    /// Under serve, a save to a doc some language shows untranslated
    /// updates that language's pages at once and its search index on the
    /// refresh after it, to what a full build makes.
    #[test]
    fn a_saved_fallback_doc_updates_its_languages_search() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(root, "handbook.yml", "title: T\nlanguages: [en, fr]\n");
        write(root, "README.md", "# Home\n\n[a](a.md)\n");
        write(root, "a.md", "# A\n\nPlatypus meetings.\n");
        write(root, "b.md", "# B\n\nWords.\n");
        write(root, "i18n/fr/b.md", "# B\n\nMots.\n");
        let opts = Options {
            root: root.to_path_buf(),
            live_reload: Some("live.js".into()),
            ..Options::default()
        };
        let hl = Highlighter::new();
        let mut s = Session::new(&opts, &hl).unwrap();
        write(root, "a.md", "# A\n\nQuokka meetings.\n");
        let change = s.update(&["a.md".into()], &hl).unwrap();
        assert!(matches!(change, Change::Incremental(_)), "{change:?}");
        let html = String::from_utf8_lossy(&s.files["fr/a.html"].read().unwrap()).into_owned();
        assert!(html.contains("Quokka"), "{html}");
        // Both indexes were updated in place.
        assert!(s.lang_search_stale.is_empty() && !s.derived_stale);
        let fresh = Session::new(&opts, &hl).unwrap();
        for prefix in ["search/", "fr/search/"] {
            assert_eq!(files_under(&s, prefix), files_under(&fresh, prefix));
        }
        assert!(s.files.contains_key("fr/search/t-qu.json"));
        assert!(!s.files.contains_key("fr/search/t-pl.json"));
    }

    #[test]
    fn incremental_body_edit_equals_full_build() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(root, "README.md", "# Home\n\n[a](a.md) and [b](b.md)\n");
        write(
            root,
            "a.md",
            "# A\n\nSome text. See [b](b.md#two).\n\n## One\n",
        );
        write(root, "b.md", "# B\n\n## Two\n");
        write(root, "c.md", "# C\n");
        let hl = Highlighter::new();
        let mut s = session(root);
        // Body edit that adds a link to c and removes the one to b.
        write(
            root,
            "a.md",
            "# A\n\nOther text. See [c](c.md) and [x](missing.md).\n\n## One\n",
        );
        let change = s.update(&["a.md".into()], &hl).unwrap();
        assert!(
            matches!(change, Change::Incremental(n) if n == 3),
            "{change:?}"
        );
        // The index was updated by difference: same as indexing from scratch.
        let full = session(root);
        assert_eq!(s.res.backlinks, full.res.backlinks);
        assert_eq!(s.res.assets, full.res.assets);
        // A stale handbook.json is withheld until it is made again.
        assert!(s.derived_stale && !s.files.contains_key("handbook.json"));
        s.refresh_derived();
        assert_same_site(&s, &full);
        assert!(s.diagnostics.iter().any(|d| d.code == Code::BrokenLink));
    }

    #[test]
    fn diagnostics_after_each_save_are_a_full_builds() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(
            root,
            "README.md",
            "# Home\n\n[a](a.md) [b](b.md) [p](part.md)\n",
        );
        write(root, "a.md", "# A\n\nFine text.\n");
        write(root, "b.md", "# B\n\n[gone](nowhere.md)\n");
        write(root, "part.md", "# Part\n\nOld words.\n");
        let hl = Highlighter::new();
        let mut s = session(root);
        let same = |s: &Session, root: &Path| {
            let full = session(root);
            assert_eq!(s.diagnostics, full.diagnostics);
        };
        // Each save: a clean file stays clean; a broken link appears,
        // moves down a line, goes; another file's warning stays.
        for text in [
            "# A\n\nFine text, longer.\n",
            "# A\n\n[x](missing.md)\n",
            "# A\n\nA line before.\n[x](missing.md)\n",
            "# A\n\nFine again.\n",
        ] {
            write(root, "a.md", text);
            let change = s.update(&["a.md".into()], &hl).unwrap();
            assert!(matches!(change, Change::Incremental(_)), "{change:?}");
            same(&s, root);
            assert!(s.diagnostics.iter().any(|d| d.code == Code::BrokenLink));
        }
        // A page that starts including a file shows that file's next save.
        write(root, "a.md", "# A\n\n```{include} part.md\n```\n");
        s.update(&["a.md".into()], &hl).unwrap();
        write(root, "part.md", "# Part\n\nNew words.\n");
        s.update(&["part.md".into()], &hl).unwrap();
        let a = s.files["a.html"].read().unwrap().to_vec();
        assert!(String::from_utf8_lossy(&a).contains("New words."));
        same(&s, root);
    }

    #[test]
    fn included_file_or_raw_html_id_edits_equal_full_build() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(root, "a.md", "# A\n\n```{include} part.md\n```\n");
        write(root, "part.md", "# Part\n\nOld words.\n");
        write(root, "b.md", "# B\n\n<span id=\"here\"></span>Text.\n");
        write(root, "c.md", "# C\n\n[there](b.md#here)\n");
        let hl = Highlighter::new();
        let mut s = session(root);
        // A body edit of an included file shows on the including page.
        write(root, "part.md", "# Part\n\nNew words.\n");
        s.update(&["part.md".into()], &hl).unwrap();
        s.refresh_derived();
        let page = |s: &Session| s.files["a.html"].read().unwrap().to_vec();
        assert!(String::from_utf8_lossy(&page(&s)).contains("New words."));
        assert_same_site(&s, &session(root));
        // Removing a raw-HTML id breaks the link to it.
        write(root, "b.md", "# B\n\n<span></span>Text.\n");
        s.update(&["b.md".into()], &hl).unwrap();
        s.refresh_derived();
        assert!(s.diagnostics.iter().any(|d| d.code == "broken-anchor"));
        assert_same_site(&s, &session(root));
        // An edit that makes an include cycle is reported as a full build would.
        write(root, "part.md", "# Part\n\n```{include} a.md\n```\n");
        s.update(&["part.md".into()], &hl).unwrap();
        s.refresh_derived();
        assert!(s.diagnostics.iter().any(|d| d.code == "include-cycle"));
        assert_same_site(&s, &session(root));
    }

    #[test]
    fn heading_or_front_matter_changes_fall_back_to_full() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        write(root, "a.md", "# A\n\n## One\n");
        write(root, "b.md", "# B\n\n[a](a.md#one)\n");
        let hl = Highlighter::new();
        let mut s = session(root);
        write(root, "a.md", "# A\n\n## Renamed\n");
        assert_eq!(s.update(&["a.md".into()], &hl).unwrap(), Change::Full);
        assert!(s.diagnostics.iter().any(|d| d.code == Code::BrokenAnchor));
        assert_same_site(&s, &session(root));
        write(root, "a.md", "---\ntitle: New\n---\n# A\n\n## Renamed\n");
        assert_eq!(s.update(&["a.md".into()], &hl).unwrap(), Change::Full);
        assert_same_site(&s, &session(root));
        assert_eq!(
            s.update(&["a.md".into(), "b.md".into()], &hl).unwrap(),
            Change::Full
        );
    }
}
