//! The theme: Tera templates and static assets of the default theme, embedded
//! in the binary, with per-file overrides from the handbook's `templates/`
//! and `static/` folders. Compiles templates once and renders [`Page`]s.

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};
use tera::{Context, Tera};

use super::Page;
use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::source::SourceFile;

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Compiled templates plus the theme's static files (path → bytes).
pub struct Theme {
    tera: Tera,
    pub static_files: BTreeMap<String, &'static [u8]>,
    /// The handbook's template overrides (for diagnostic positions).
    overridden: Vec<SourceFile>,
}

impl Theme {
    /// Compile the default theme with `overrides` (the handbook's
    /// `templates/*`) replacing templates of the same name.
    pub fn load(overrides: &[SourceFile]) -> Result<Theme, Box<Diagnostic>> {
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
        for o in overrides {
            templates.insert(template_name(&o.rel).to_string(), o.text.clone());
        }
        let overridden = overrides.to_vec();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(templates.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map_err(|e| Box::new(template_error(&e, &overridden)))?;
        let mut static_files = BTreeMap::new();
        if let Some(dir) = THEME.get_dir("static") {
            collect(dir, &mut static_files);
        }
        Ok(Theme {
            tera,
            static_files,
            overridden,
        })
    }

    /// Render one page to HTML.
    pub fn render(&self, page: &Page) -> Result<String, Box<Diagnostic>> {
        let mut ctx = Context::new();
        ctx.insert("site", &page.site);
        ctx.insert("page", &page.page);
        self.tera
            .render(page.template, &ctx)
            .map_err(|e| Box::new(template_error(&e, &self.overridden)))
    }
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
