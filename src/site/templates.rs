//! The theme: Tera templates and static assets of the default theme, embedded
//! in the binary, with per-file overrides from the handbook's `templates/`
//! and `static/` folders. Compiles templates once and renders [`Page`]s.

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};
use tera::{Context, Tera};

use super::Page;
use crate::diag::{Diagnostic, Span};
use crate::source::SourceFile;

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Compiled templates plus the theme's static files (path → bytes).
pub struct Theme {
    tera: Tera,
    pub static_files: BTreeMap<String, &'static [u8]>,
    /// Template names the handbook overrides (for diagnostics).
    overridden: Vec<String>,
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
        let mut overridden = Vec::new();
        for o in overrides {
            let name = o.rel.trim_start_matches("templates/").to_string();
            overridden.push(name.clone());
            templates.insert(name, o.text.clone());
        }
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

fn template_error(e: &tera::Error, overridden: &[String]) -> Diagnostic {
    let msg = e.to_string();
    let file = overridden
        .iter()
        .find(|n| msg.contains(n.as_str()))
        .map(|n| format!("templates/{n}"));
    let mut d = Diagnostic::error("template-error", format!("template error:\n{msg}")).with_help(
        "fix the template; names and fields available to templates are listed in themes/default/README.md",
    );
    if let Some(f) = file {
        d = d.with_span(Span::file(f));
    }
    d
}
