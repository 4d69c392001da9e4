//! The theme: Tera templates and static assets of the default theme, embedded
//! in the binary, with per-file overrides from the handbook's `templates/`
//! and `static/` folders. Compiles templates once and renders [`Page`]s.
//! The UI strings ([`Catalog`]) are loaded here too, once per build: the
//! theme's `i18n/en.toml` with the handbook's `templates/i18n/en.toml` over
//! it, given to every template as `t` (nested: `t.pager.next`) and to the
//! script at the top of `static/waybook.js` ([`Theme::with_strings`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use include_dir::{Dir, include_dir};
use tera::{Context, Tera};

use super::Page;
use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::html::{Admonition, Chrome, builtin_admonition};
use crate::i18n::Catalog;
use crate::source::SourceFile;

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Compiled templates plus the theme's static files (path → bytes).
pub struct Theme {
    tera: Tera,
    pub static_files: BTreeMap<String, &'static [u8]>,
    /// The handbook's template overrides (for diagnostic positions).
    overridden: Vec<SourceFile>,
    /// The UI strings, with the handbook's overrides.
    pub strings: Catalog,
    /// Admonition markup already drawn, by its arguments: most boxes are
    /// alerts and untitled admonitions, so a few entries serve a whole build.
    boxes: RwLock<HashMap<String, (String, String)>>,
}

/// How many distinct admonition boxes [`Theme::boxes`] keeps.
const BOX_CACHE: usize = 512;

/// Stands in for an admonition's body while its component renders, so the
/// HTML splits into what goes before and after the body.
const BODY_MARK: &str = "\u{0}waybook-body\u{0}";

/// Admonitions and alerts are drawn by the theme's `admonition` component
/// (`components.html`), so a theme can restyle them.
impl Chrome for Theme {
    fn admonition(&self, a: &Admonition<'_>) -> (String, String) {
        let key = format!(
            "{}\0{}\0{}\0{}\0{}",
            a.kind, a.title, a.classes, a.id, a.dropdown
        );
        if let Some(hit) = self.boxes.read().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        // `load` checked the component; the built-in markup is the fallback.
        let parts = match self.admonition_parts(a) {
            Ok(Some(parts)) => parts,
            _ => builtin_admonition(a),
        };
        if let Ok(mut m) = self.boxes.write()
            && m.len() < BOX_CACHE
        {
            m.insert(key, parts.clone());
        }
        parts
    }
}

impl Theme {
    /// Compile the default theme with `overrides` (the handbook's
    /// `templates/*`) replacing templates of the same name.
    pub fn load(overrides: &[SourceFile]) -> Result<Theme, Box<Diagnostic>> {
        Theme::load_in(overrides, "en")
    }

    /// [`Theme::load`] with the UI strings of language `code`: English, then
    /// the theme's catalog for the language, then the handbook's
    /// `templates/i18n/<code>.toml` (for English, `templates/i18n/en.toml`).
    pub(crate) fn load_in(overrides: &[SourceFile], code: &str) -> Result<Theme, Box<Diagnostic>> {
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        if let Some(dir) = THEME.get_dir("templates") {
            for f in dir.files() {
                let name = f
                    .path()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if let Some(text) = f.contents_utf8() {
                    templates.insert(name, text.to_string());
                }
            }
        }
        let mut strings = shipped_strings(code);
        let own = override_path(code);
        for o in overrides {
            if o.rel == own {
                strings = with_overrides(strings, o)?;
            } else if !o.rel.starts_with("templates/i18n/") {
                templates.insert(template_name(&o.rel).to_string(), o.text.to_string());
            }
        }
        let overridden = overrides.to_vec();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.global_context().insert("t", &strings.nested());
        let lang = strings.language().to_string();
        tera.register_filter(
            "plural",
            move |forms: &tera::Value, kwargs: tera::Kwargs, _: &tera::State| {
                plural(&lang, forms, kwargs)
            },
        );
        tera.add_raw_templates(templates.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map_err(|e| Box::new(template_error(&e, &overridden)))?;
        let mut static_files = BTreeMap::new();
        if let Some(dir) = THEME.get_dir("static") {
            collect(dir, &mut static_files);
        }
        let theme = Theme {
            tera,
            static_files,
            overridden,
            strings,
            boxes: RwLock::default(),
        };
        theme.check_components()?;
        Ok(theme)
    }

    /// The components the Rust renderer calls must render and print their
    /// `body` once; otherwise the build stops here, at the template.
    fn check_components(&self) -> Result<(), Box<Diagnostic>> {
        let sample = Admonition {
            kind: "note",
            title: "Note",
            classes: "",
            id: "",
            dropdown: false,
            open: false,
        };
        match self.admonition_parts(&sample) {
            Ok(Some(_)) => Ok(()),
            Ok(None) => {
                let mut d = Diagnostic::error(
                    Code::TemplateError,
                    "template error: the `admonition` component must print `{{ body }}` exactly once",
                )
                .with_help("see themes/default/templates/components.html");
                if let Some(f) = self
                    .overridden
                    .iter()
                    .find(|f| f.rel == "templates/components.html")
                {
                    d = d.with_span(Span::file(&f.rel));
                }
                Err(Box::new(d))
            }
            Err(e) => Err(Box::new(template_error(&e, &self.overridden))),
        }
    }

    /// The theme's `admonition` component around a stand-in body, split
    /// there; `None` when the body is not printed exactly once.
    fn admonition_parts(
        &self,
        a: &Admonition<'_>,
    ) -> Result<Option<(String, String)>, tera::Error> {
        let mut ctx = Context::new();
        ctx.insert("kind", a.kind);
        ctx.insert("title", a.title);
        ctx.insert("classes", a.classes);
        ctx.insert("id", a.id);
        ctx.insert("dropdown", &a.dropdown);
        let html = self
            .tera
            .render_component("admonition", &ctx, Some(BODY_MARK), true)?;
        let mut parts = html.split(BODY_MARK);
        Ok(match (parts.next(), parts.next(), parts.next()) {
            (Some(open), Some(close), None) => Some((open.to_string(), close.to_string())),
            _ => None,
        })
    }

    /// The theme's script with the UI strings in front
    /// (`window.waybookStrings = {…};`), for `static/waybook.js`; `None` for
    /// every other static file. In the script file itself, pages carry no
    /// inline script, browsers cache the strings once per site, and a
    /// handbook's own `base.html` keeps working unchanged.
    pub(crate) fn with_strings(&self, path: &str, bytes: &[u8]) -> Option<String> {
        (path == "static/waybook.js").then(|| {
            format!(
                "/* UI strings (themes/default/i18n/en.toml and the handbook's templates/i18n/en.toml), written by waybook. */\nwindow.waybookStrings = {};\n{}",
                self.strings.json(),
                String::from_utf8_lossy(bytes)
            )
        })
    }

    /// Render one page to HTML.
    pub fn render(&self, page: &Page) -> Result<String, Box<Diagnostic>> {
        self.tera
            .render(page.template, &context(page))
            .map_err(|e| Box::new(template_error(&e, &self.overridden)))
    }

    /// Render one page's HTML into `out`, emptied first: a worker that
    /// writes pages as it goes reuses one buffer for all of them.
    pub(crate) fn render_into(
        &self,
        page: &Page,
        out: &mut Vec<u8>,
    ) -> Result<(), Box<Diagnostic>> {
        out.clear();
        self.tera
            .render_to(page.template, &context(page), &mut *out)
            .map_err(|e| Box::new(template_error(&e, &self.overridden)))
    }
}

/// A page's template context: `site` and `page`.
fn context(page: &Page) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &page.site);
    ctx.insert("page", &page.page);
    ctx
}

/// The UI strings with the handbook's overrides, for the stages that run
/// before the theme is loaded (the sidebar's "Other pages"). A bad override
/// file counts as absent here: loading the theme reports it.
pub(crate) fn strings_for(overrides: &[SourceFile]) -> Catalog {
    strings_in(overrides, "en")
}

/// [`strings_for`] in language `code`.
pub(crate) fn strings_in(overrides: &[SourceFile], code: &str) -> Catalog {
    let base = shipped_strings(code);
    let own = override_path(code);
    overrides
        .iter()
        .find(|o| o.rel == own)
        .and_then(|o| with_overrides(base.clone(), o).ok())
        .unwrap_or(base)
}

/// The handbook's file of UI strings for language `code`.
fn override_path(code: &str) -> String {
    format!("templates/i18n/{code}.toml")
}

/// The theme's own catalog for `code` (exact tag, else its primary
/// subtag: `pt-BR`, then `pt`), if it ships one.
fn shipped_catalog(code: &str) -> Option<Catalog> {
    let primary = crate::config::languages::primary(code);
    [code.to_string(), primary]
        .iter()
        .find_map(|c| THEME.get_file(format!("i18n/{c}.toml")))
        .and_then(|f| f.contents_utf8())
        .and_then(|t| Catalog::parse(t).ok())
}

/// English with the theme's catalog for `code` over it; keys the catalog
/// lacks stay English.
fn shipped_strings(code: &str) -> Catalog {
    let mut strings = Catalog::english().clone();
    strings.set_language(code);
    if let Some(c) = shipped_catalog(code) {
        strings.overlay_known(c);
    }
    strings
}

/// Keys English has that language `code` translates nowhere (neither the
/// theme's catalog nor the handbook's file). Empty for English.
pub(crate) fn missing_keys(overrides: &[SourceFile], code: &str) -> Vec<String> {
    if crate::config::languages::primary(code) == "en" {
        return Vec::new();
    }
    let own = override_path(code);
    let theirs = overrides
        .iter()
        .find(|o| o.rel == own)
        .and_then(|o| Catalog::parse(&o.text).ok());
    let shipped = shipped_catalog(code);
    let has = |k: &str| {
        [&shipped, &theirs]
            .into_iter()
            .flatten()
            .any(|c| c.get(k).is_some())
    };
    Catalog::english()
        .keys()
        .filter(|k| !has(k))
        .map(str::to_string)
        .collect()
}

/// `base` with the strings of the handbook's override file `o` over it; an
/// unknown key or a malformed file is a `template-error` at that file.
fn with_overrides(mut base: Catalog, o: &SourceFile) -> Result<Catalog, Box<Diagnostic>> {
    let err = |msg: String| {
        Box::new(
            Diagnostic::error(Code::TemplateError, msg)
                .with_span(Span::file(&o.rel))
                .with_help(
                    "list only keys of the theme's i18n/en.toml (see themes/default/README.md), each a string",
                ),
        )
    };
    let extra = Catalog::parse(&o.text)
        .map_err(|e| err(format!("UI strings `{}`: {}", o.rel, e.trim())))?;
    base.overlay(extra).map_err(|unknown| {
        err(format!(
            "UI strings `{}`: unknown key{} {}",
            o.rel,
            if unknown.len() == 1 { "" } else { "s" },
            unknown
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    Ok(base)
}

/// Tera filter `plural(n=…)` on a counted string (a table with `one` and
/// `other`): the form for `n`, with `{n}` replaced.
fn plural(lang: &str, forms: &tera::Value, kwargs: tera::Kwargs) -> tera::TeraResult<String> {
    let n: i64 = kwargs.must_get("n")?;
    let count = usize::try_from(n).unwrap_or(0);
    let form = forms
        .as_map()
        .and_then(|m| {
            m.get(&crate::i18n::plural_category_in(lang, count).into())
                .or_else(|| m.get(&"other".into()))
        })
        .and_then(|v| v.as_str())
        .ok_or_else(|| {
            tera::Error::message(
                "plural: expects a counted string (a table with `one` and `other`)",
            )
        })?;
    Ok(crate::i18n::fill(form, &[("n", &n.to_string())]))
}

fn collect(dir: &'static Dir<'static>, out: &mut BTreeMap<String, &'static [u8]>) {
    for f in dir.files() {
        let rel = f.path().to_string_lossy().replace('\\', "/");
        out.insert(rel, f.contents());
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// A template's name: its path below `templates/`.
fn template_name(rel: &str) -> &str {
    rel.strip_prefix("templates/").unwrap_or(rel)
}

/// A tera error as one diagnostic: the message of every cause, pointing at
/// the overriding template and, when tera names a `line:column`, there.
fn template_error(e: &tera::Error, overridden: &[SourceFile]) -> Diagnostic {
    let mut causes = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    let full = causes.join("\n");
    let msg: Vec<&str> = full
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-->") && !l.contains('|'))
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect();
    let mut d = Diagnostic::error(
        Code::TemplateError,
        format!("template error: {}", msg.join(": ")),
    )
    .with_help(
        "fix the template; names and fields available to templates are listed in themes/default/README.md",
    );
    let file = overridden
        .iter()
        .find(|f| full.contains(&format!("{}:", template_name(&f.rel))))
        .or_else(|| {
            overridden
                .iter()
                .find(|f| full.contains(template_name(&f.rel)))
        });
    if let Some(f) = file {
        d = d.with_span(position(&full, f).unwrap_or_else(|| Span::file(&f.rel)));
    }
    d
}

/// The span of pest's `--> name:line:col` in a parse error, if it names `f`.
fn position(full: &str, f: &SourceFile) -> Option<Span> {
    let marker = format!("--> {}:", template_name(&f.rel));
    let rest = &full[full.find(&marker)? + marker.len()..];
    let mut nums = rest.split(|c: char| !c.is_ascii_digit());
    let line: u32 = nums.next()?.parse().ok()?;
    let col: u32 = nums.next()?.parse().ok()?;
    let offset = crate::diag::offset_of(&f.text, line, col);
    Some(Span::at(&f.rel, &f.text, offset, 1))
}
