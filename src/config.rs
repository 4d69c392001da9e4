//! Handbook configuration: reads `handbook.yml` (strictly: unknown keys are
//! errors with a "did you mean"), or infers a configuration for a plain folder
//! of markdown. First stage of the pipeline; everything later reads the
//! resulting [`Config`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::code::Code;
use crate::diag::{Diagnostic, Severity, Span};
use crate::yaml::{self, Origin, Spanned};

pub(crate) mod brand;
pub(crate) mod identity;
pub(crate) mod languages;
pub use brand::Brand;
pub(crate) use brand::Image;
pub(crate) use identity::NavLink;
pub(crate) use languages::{Direction, Language};

/// The four stages of community participation, used when a handbook does
/// not configure its own.
pub(crate) const DEFAULT_STAGES: [(&str, &str, &str); 4] = [
    (
        "discover",
        "Discover",
        "Finding the community and learning what it does.",
    ),
    (
        "join",
        "Join",
        "Taking the first steps in: introductions, channels, onboarding.",
    ),
    (
        "contribute",
        "Contribute",
        "Doing the work: code, docs, data, events, reviews.",
    ),
    (
        "lead",
        "Lead",
        "Taking responsibility: maintaining, mentoring, governing.",
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<String>,
    /// The languages published, the default first.
    languages: Option<Vec<languages::RawLanguage>>,
    repository: Option<Spanned<String>>,
    branch: Option<String>,
    /// Folder of the handbook inside the repository, for edit links.
    repository_path: Option<String>,
    stages: Option<Vec<RawStage>>,
    nav: Option<Vec<NavSpec>>,
    theme: Option<String>,
    lints: Option<BTreeMap<String, Spanned<String>>>,
    allow_scripts: Option<bool>,
    last_updated: Option<bool>,
    group_kinds: Option<Vec<String>>,
    sources: Option<Vec<Spanned<SourceSpec>>>,
    decisions: Option<DecisionsConfig>,
    logo: Option<Spanned<String>>,
    favicon: Option<Spanned<String>>,
    social_image: Option<Spanned<String>>,
    theme_color: Option<Spanned<String>>,
    /// Links in the site header.
    links: Option<Vec<identity::RawLink>>,
    /// SPDX license expression of the handbook's text.
    license: Option<Spanned<String>>,
    /// `false`: no contributor credit from git.
    credit: Option<bool>,
    /// Version and DOI for the citation (when there is no CITATION.cff).
    version: Option<String>,
    doi: Option<String>,
    health: Option<HealthConfig>,
    extra: Option<serde_json::Value>,
}

/// `health:` in `handbook.yml`: extra or reworded governance health areas
/// and the leadership lints' limits (see `crate::health`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HealthConfig {
    /// Areas added to the built-in table, or (same id) extending one.
    #[serde(default)]
    pub areas: Vec<HealthArea>,
    /// How many leadership roles one person may hold (`too-many-roles`).
    pub max_roles_per_person: Option<usize>,
    /// How long a role may stay vacant after its last holder left
    /// (`role-vacant`), e.g. `1 year`.
    pub stale_after: Option<Spanned<String>>,
    /// The share of leaders one organisation may employ
    /// (`employer-concentration`), e.g. `0.5`.
    pub max_employer_share: Option<Spanned<Share>>,
}

/// A number between 0 and 1 (checked where it is used), compared by value.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Share(pub f64);

impl Eq for Share {}

/// One `health.areas` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HealthArea {
    pub id: String,
    pub title: Option<String>,
    /// Words that, in a title or heading, count as evidence.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// What to add when the area is missing.
    pub add: Option<String>,
}

/// Group kinds a handbook may use when it configures none (`group_kinds:`).
pub(crate) const DEFAULT_GROUP_KINDS: &[&str] = &[
    "council",
    "committee",
    "board",
    "working-group",
    "sig",
    "team",
    "subproject",
    "user-group",
    "project",
];

/// One `sources:` entry: a preset, or a mapping of a data file's records
/// onto groups or people (read by [`crate::model`]'s data sources).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// `sigs-yaml`, `team-files`, `all-contributors`, `codeowners`, `owners`, `myst-authors`.
    pub preset: Option<String>,
    /// A file or glob relative to the handbook (`teams/*.toml`).
    pub file: Option<String>,
    /// `yaml`, `toml`, `json` or `csv` (from the extension when absent).
    pub format: Option<String>,
    /// `groups` or `people`.
    pub into: Option<String>,
    /// Dotted path to the list (or map) of records; empty: the file is one record or a list.
    pub records: Option<String>,
    /// A kind given to every group of this source.
    pub kind: Option<String>,
    /// Target field → dotted path in a record (`id: dir`, `name: name`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// How a person entry reads when it is a map (`id: github`, `name: name`).
    #[serde(default)]
    pub person: BTreeMap<String, String>,
    /// Lists of people with a role: `{path: leadership.chairs, role: chair}`.
    #[serde(default)]
    pub roles: Vec<SourceRole>,
}

/// A list of people in a record who hold a role (or are emeritus).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceRole {
    pub path: String,
    pub role: Option<String>,
    #[serde(default)]
    pub lead: bool,
    #[serde(default)]
    pub emeritus: bool,
}

/// A `sources:` entry with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub spec: SourceSpec,
    pub span: Span,
}

/// `decisions:` in `handbook.yml`: where decision records live and which
/// statuses they may have (see `model::decision`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DecisionsConfig {
    /// Folder of the records (`decisions`, `docs/decisions`); found by
    /// itself when unset.
    pub folder: Option<String>,
    /// Allowed statuses; empty means the default list.
    #[serde(default)]
    pub statuses: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawStage {
    Id(String),
    Full {
        id: String,
        title: Option<String>,
        description: Option<String>,
    },
}

/// An entry of an explicit `nav:` list: a doc path, or a titled group.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum NavSpec {
    Path(String),
    Group {
        title: String,
        #[serde(default)]
        path: Option<String>,
        #[serde(default)]
        children: Vec<NavSpec>,
    },
}

/// A stage of the participation journey.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stage {
    pub id: String,
    pub title: String,
    pub description: String,
}

/// Lint level from `handbook.yml`'s `lints:` map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintLevel {
    Error,
    Warning,
    Off,
}

/// The resolved configuration of one handbook.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute base URL with a trailing slash, when set.
    pub base_url: Option<String>,
    pub language: String,
    /// `languages:`, the default first; empty for a one-language handbook.
    pub languages: Vec<Language>,
    pub repository: Option<String>,
    pub branch: String,
    pub repository_path: String,
    pub stages: Vec<Stage>,
    pub nav: Option<Vec<NavSpec>>,
    pub lints: BTreeMap<Code, LintLevel>,
    pub allow_scripts: bool,
    pub last_updated: bool,
    /// Allowed group kinds.
    pub group_kinds: Vec<String>,
    /// Data sources; `None` when `sources:` is absent (presets are then
    /// detected from the files present).
    pub sources: Option<Vec<Source>>,
    pub decisions: DecisionsConfig,
    /// The handbook's licence (`license:`), pages inherit it.
    pub license: Option<crate::license::License>,
    /// Whether pages credit the people who changed them (from git).
    pub credit: bool,
    pub version: Option<String>,
    pub doi: Option<String>,
    pub health: HealthConfig,
    /// Whether a `handbook.yml` existed (zero-config otherwise).
    pub explicit: bool,
    pub extra: serde_json::Value,
    /// Logo, favicon, link-preview image and theme colour.
    pub brand: Brand,
    /// Links in the site header (`links:`, or a MyST project's `site.nav`).
    pub links: Vec<NavLink>,
    /// Which identity settings were given (by `handbook.yml`, `myst.yml` or
    /// `_config.yml`) rather than inferred.
    pub given: identity::Given,
    /// Text of `handbook.yml`, for diagnostics snippets.
    pub source_text: Option<std::sync::Arc<str>>,
}

impl Config {
    /// Configuration for a folder with no `handbook.yml`.
    /// The title is never the folder's name (often `docs`): `identity` and
    /// the model look for a better one (a project file, the home page's
    /// heading); "Handbook" is the last resort.
    pub fn inferred(_root: &Path) -> Self {
        let title = "Handbook".to_string();
        Config {
            title,
            description: String::new(),
            base_url: None,
            language: "en".into(),
            languages: Vec::new(),
            repository: None,
            branch: "main".into(),
            repository_path: String::new(),
            stages: default_stages(),
            nav: None,
            lints: BTreeMap::new(),
            allow_scripts: false,
            last_updated: true,
            group_kinds: DEFAULT_GROUP_KINDS.iter().map(|k| k.to_string()).collect(),
            sources: None,
            decisions: DecisionsConfig::default(),
            license: None,
            credit: true,
            version: None,
            doi: None,
            health: HealthConfig::default(),
            explicit: false,
            extra: serde_json::Value::Null,
            brand: Brand::default(),
            links: Vec::new(),
            given: identity::Given::default(),
            source_text: None,
        }
    }

    /// The writing direction of the handbook's language (`languages:`
    /// may set it; otherwise it is known from the code).
    pub fn direction(&self) -> Direction {
        (self.languages.iter())
            .find(|l| l.code == self.language)
            .map_or_else(|| Language::from_code(&self.language).dir, |l| l.dir)
    }

    /// The effective severity of lint `code` whose default is `default`.
    pub fn level(&self, code: Code, default: Severity) -> Option<Severity> {
        match self.lints.get(&code) {
            Some(LintLevel::Off) => None,
            Some(LintLevel::Error) => Some(Severity::Error),
            Some(LintLevel::Warning) => Some(Severity::Warning),
            None => Some(default),
        }
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }
}

fn default_stages() -> Vec<Stage> {
    DEFAULT_STAGES
        .iter()
        .map(|(id, title, description)| Stage {
            id: (*id).into(),
            title: (*title).into(),
            description: (*description).into(),
        })
        .collect()
}

fn title_case(s: &str) -> String {
    s.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Load `handbook.yml` from `root`, or infer a configuration. Problems are
/// pushed to `diags`; an unreadable or invalid file still yields a usable
/// config so the rest of the pipeline can report everything else.
pub fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> Config {
    let mut config = Config::inferred(root);
    let (path, name) = ["handbook.yml", "handbook.yaml"]
        .iter()
        .map(|n| (root.join(n), *n))
        .find(|(p, _)| p.is_file())
        .unwrap_or_else(|| (root.join("handbook.yml"), "handbook.yml"));
    if !path.is_file() {
        return config;
    }
    config.explicit = true;
    let Some(file) = crate::source::read_inside(root, name, diags) else {
        return config;
    };
    let origin = Origin {
        file: name,
        file_text: &file.text,
        line_offset: 0,
        lines: None,
    };
    let raw: RawConfig = if file.text.trim().is_empty() {
        RawConfig::empty()
    } else {
        // A bad key is reported and dropped; the rest of the file still applies.
        let r = yaml::parse_lenient(&file.text, origin);
        diags.extend(r.diags);
        match r.value {
            Some(r) => r,
            None => {
                config.source_text = Some(file.text);
                return config;
            }
        }
    };
    apply(&mut config, raw, root, origin, diags);
    config.source_text = Some(file.text);
    config
}

impl RawConfig {
    fn empty() -> Self {
        RawConfig {
            title: None,
            description: None,
            base_url: None,
            language: None,
            languages: None,
            repository: None,
            branch: None,
            repository_path: None,
            stages: None,
            nav: None,
            theme: None,
            lints: None,
            allow_scripts: None,
            last_updated: None,
            group_kinds: None,
            sources: None,
            decisions: None,
            logo: None,
            favicon: None,
            social_image: None,
            theme_color: None,
            links: None,
            license: None,
            credit: None,
            version: None,
            doi: None,
            health: None,
            extra: None,
        }
    }
}

/// A URL setting, unless its scheme is not allowed (`javascript:`…): then
/// `None`, with an `unsafe-url` warning at the value.
fn safe_url(
    v: Option<Spanned<String>>,
    key: &str,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let v = v?;
    if crate::url::is_safe(&v.value) {
        return Some(v.value);
    }
    diags.push(
        Diagnostic::warning(
            Code::UnsafeUrl,
            format!(
                "`{key}` URL `{}` uses a URL scheme that is not allowed; it is ignored",
                v.value.escape_debug()
            ),
        )
        .with_span(origin.span_of(&v, v.value.len()))
        .with_help("use an http: or https: URL"),
    );
    None
}

fn apply(
    config: &mut Config,
    mut raw: RawConfig,
    root: &Path,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    config.brand = brand::check(take_brand(&mut raw), root, origin, diags);
    if let Some(t) = raw.title {
        config.title = t;
        config.given.title = true;
    }
    config.given.description = raw.description.is_some();
    config.description = raw.description.unwrap_or_default();
    if let Some(links) = raw.links {
        config.links = identity::checked_links(links, origin, diags);
        config.given.links = true;
    }
    config.base_url = safe_url(raw.base_url, "base_url", origin, diags)
        .filter(|u| !u.trim().is_empty())
        .map(|u| format!("{}/", u.trim().trim_end_matches('/')));
    if let Some(l) = raw.language {
        config.language = l;
    }
    config.repository = safe_url(raw.repository, "repository", origin, diags)
        .map(|r| r.trim_end_matches('/').trim_end_matches(".git").to_string());
    if let Some(b) = raw.branch {
        config.branch = b;
    }
    if let Some(k) = raw.group_kinds.filter(|k| !k.is_empty()) {
        config.group_kinds = k;
    }
    config.sources = raw.sources.map(|v| {
        v.into_iter()
            .map(|s| Source {
                span: origin.span_of(&s, 0),
                spec: s.value,
            })
            .collect()
    });
    config.repository_path = raw
        .repository_path
        .map(|p| p.trim_matches('/').to_string())
        .unwrap_or_default();
    if let Some(stages) = raw.stages {
        config.stages = stages.into_iter().map(stage_from).collect();
    }
    config.nav = raw.nav;
    let _ = raw.theme;
    read_lints(config, raw.lints.unwrap_or_default(), origin, diags);
    config.allow_scripts = raw.allow_scripts.unwrap_or(false);
    config.last_updated = raw.last_updated.unwrap_or(true);
    if let Some(d) = raw.decisions {
        config.decisions = d;
        config.decisions.folder = (config.decisions.folder.take())
            .map(|f| f.trim_matches('/').to_string())
            .filter(|f| !f.is_empty());
    }
    config.license = raw.license.and_then(|l| checked_license(&l, origin, diags));
    config.credit = raw.credit.unwrap_or(true);
    config.version = raw.version;
    config.doi = raw.doi.map(|d| crate::url::bare_doi(&d).to_string());
    config.health = raw.health.unwrap_or_default();
    config.extra = raw.extra.unwrap_or(serde_json::Value::Null);
    if config.stages.is_empty() {
        diags.push(
            Diagnostic::error(Code::InvalidConfig, "`stages` is empty")
                .with_span(Span::file(origin.file))
                .with_help("list at least one stage, or remove `stages` to use discover/join/contribute/lead"),
        );
        config.stages = default_stages();
    }
    if let Some(langs) = raw.languages.take() {
        set_languages(config, langs, origin, diags);
    }
}

/// The brand keys (logo, favicon, social image, theme colour), taken out.
fn take_brand(raw: &mut RawConfig) -> brand::Raw {
    brand::Raw {
        logo: raw.logo.take(),
        favicon: raw.favicon.take(),
        social_image: raw.social_image.take(),
        theme_color: raw.theme_color.take(),
    }
}

/// `languages:` checked; the first listed is the default language, and a
/// single language is no translation.
fn set_languages(
    config: &mut Config,
    langs: Vec<languages::RawLanguage>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    config.languages = languages::check(langs, &config.stages, origin, diags);
    if let Some(first) = config.languages.first() {
        // The default language is the first listed.
        config.language = first.code.clone();
    }
    if config.languages.len() == 1 {
        config.languages.clear();
    }
}

/// One `stages:` entry: a bare id gets a title from the id.
fn stage_from(s: RawStage) -> Stage {
    match s {
        RawStage::Id(id) => Stage {
            title: title_case(&id),
            id,
            description: String::new(),
        },
        RawStage::Full {
            id,
            title,
            description,
        } => Stage {
            title: title.unwrap_or_else(|| title_case(&id)),
            id,
            description: description.unwrap_or_default(),
        },
    }
}

/// `lints:`: each known code gets its level; an unknown code or level is an
/// `invalid-config` error and the entry is skipped.
fn read_lints(
    config: &mut Config,
    lints: BTreeMap<String, Spanned<String>>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    for (code, level) in lints {
        let Some(known) = Code::from_name(&code) else {
            diags.push(
                Diagnostic::error(Code::InvalidConfig, format!("unknown lint `{code}`"))
                    .with_span(lint_key_span(origin, &level, &code))
                    .with_help(crate::diag::suggestion_help(
                        &code,
                        Code::names(),
                        "use a diagnostic code as printed by `waybook check` (README, \"Lints\")",
                    )),
            );
            continue;
        };
        let parsed = match level.value.as_str() {
            "error" => LintLevel::Error,
            "warning" | "warn" => LintLevel::Warning,
            "off" | "allow" => LintLevel::Off,
            other => {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidConfig,
                        format!("unknown lint level `{other}` for `{code}`"),
                    )
                    .with_span(origin.span_of(&level, other.len()))
                    .with_help("use one of `error`, `warning`, `off`"),
                );
                continue;
            }
        };
        config.lints.insert(known, parsed);
    }
}

/// `license:` checked as an SPDX expression; an unknown id is an
/// `unknown-license` error at the id, with the nearest known id.
pub(crate) fn checked_license(
    v: &Spanned<String>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<crate::license::License> {
    match crate::license::parse(&v.value) {
        Ok(l) => Some(l),
        Err(e) => {
            let at = origin.span_of(v, v.value.len());
            let text = origin.file_text;
            // The value starts at the span, or one quote after it.
            let span = [at.offset, at.offset + 1]
                .into_iter()
                .find(|&i| {
                    text.get(i..)
                        .is_some_and(|t| t.starts_with(v.value.as_str()))
                })
                .map_or(at, |i| {
                    Span::at(origin.file, text, i + e.start, e.len.max(1))
                });
            let help = match e.suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "use an SPDX license id from https://spdx.org/licenses/ (`CC-BY-4.0`, `MIT`), or an expression (`MIT OR Apache-2.0`)".into(),
            };
            diags.push(
                Diagnostic::error(Code::UnknownLicense, e.message)
                    .with_span(span)
                    .with_help(help),
            );
            None
        }
    }
}

/// The span of a `lints:` key: found on the line of its level.
fn lint_key_span(origin: Origin<'_>, level: &Spanned<String>, code: &str) -> Span {
    let at = origin.span_of(level, level.value.len());
    let text = origin.file_text;
    let line_start = text[..at.offset].rfind('\n').map_or(0, |i| i + 1);
    match text[line_start..at.offset].find(code) {
        Some(i) => Span::at(origin.file, text, line_start + i, code.len()),
        None => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> (Config, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("handbook.yml"), text).unwrap();
        let mut d = Vec::new();
        let c = load(dir.path(), &mut d);
        (c, d)
    }

    #[test]
    fn stages_as_ids_or_maps() {
        let (c, d) =
            load_str("title: T\nstages:\n  - discover\n  - id: lead\n    title: Leading\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.stages.len(), 2);
        assert_eq!(c.stages[0].title, "Discover");
        assert_eq!(c.stages[1].title, "Leading");
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let (c, d) = load_str("title: T\nrepositroy: x\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.as_ref().unwrap().line, 2);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `repository`?"));
        assert!(!c.title.is_empty());
    }

    #[test]
    fn unknown_lint_codes_are_errors_with_suggestion() {
        let (c, d) = load_str("title: T\nlints:\n  orphan-pages: off\n  role-unheld: off\n");
        assert_eq!(d.len(), 1, "{d:?}");
        let span = d[0].span.as_ref().unwrap();
        assert_eq!((span.line, span.column), (3, 3));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `orphan-page`?"));
        assert_eq!(c.lints.len(), 1);
        assert_eq!(c.lints.get(&Code::RoleUnheld), Some(&LintLevel::Off));
    }

    #[test]
    fn a_bad_key_does_not_lose_the_rest_of_the_config() {
        let (c, d) = load_str("title: Kept\nrepositroy: x\nlast_updated: sometimes\n");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(c.title, "Kept");
    }

    #[test]
    fn health_keys_are_strict_with_suggestion() {
        let (c, d) = load_str(
            "health:\n  max_roles_per_person: 2\n  areas:\n    - id: funding\n      keywrds: [budget]\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `keywords`?"));
        assert_eq!(c.health.max_roles_per_person, Some(2));
    }

    #[test]
    fn base_url_gets_trailing_slash() {
        let (c, _) = load_str("base_url: https://x.org/hb\n");
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/hb/"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_config_outside_the_root_is_not_read() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("evil.yml");
        std::fs::write(&target, "title: Pwned\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("handbook.yml")).unwrap();
        let mut d = Vec::new();
        let c = load(dir.path(), &mut d);
        assert_ne!(c.title, "Pwned");
        assert!(c.source_text.is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, Code::SymlinkEscape);
    }

    #[test]
    fn no_config_is_zero_config() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = Vec::new();
        let c = load(dir.path(), &mut d);
        assert!(!c.explicit);
        assert_eq!(c.stages.len(), 4);
    }
}
