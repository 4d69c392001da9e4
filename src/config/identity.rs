//! Site identity when `handbook.yml` leaves it out: the title, description,
//! logo, favicon and header links of the project the folder already is. A
//! MyST project's `myst.yml` (`project.title`, `project.description`,
//! `site.options.logo`/`favicon`, `site.nav`) comes first, then a Jupyter
//! Book's `_config.yml` (`title`, `description`, `logo`, `html.favicon`),
//! each looked for beside the table of contents and at the handbook root.
//! What none of them gives stays as `handbook.yml` left it; the model then
//! takes the title from the home page's first heading (never from the
//! folder's name). Image paths are relative to the file that names them.

use std::path::Path;

use crate::diag::{Diagnostic, Span};
use crate::source::SourceFile;
use crate::yaml::{self, Origin};

use super::{Config, brand};

/// A link in the site header (`links:` in `handbook.yml`, `site.nav` in
/// `myst.yml`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

/// A `links:` entry as written, its URL with its position.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLink {
    title: String,
    url: yaml::Spanned<String>,
}

/// `links:` of `handbook.yml`: entries whose URL scheme is not allowed are
/// dropped with an `unsafe-url` warning.
pub(super) fn checked_links(
    raw: Vec<RawLink>,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<NavLink> {
    raw.into_iter()
        .filter_map(|l| {
            let url = super::safe_url(Some(l.url), "links", origin, diags)?;
            Some(NavLink {
                title: l.title,
                url: url.trim().to_string(),
            })
        })
        .collect()
}

/// Which settings `handbook.yml` gave (those are never replaced).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Given {
    pub title: bool,
    pub description: bool,
    pub links: bool,
}

/// Fill what `handbook.yml` did not give from `myst.yml` or `_config.yml`.
/// `toc` is the table of contents discovery found (its folder is searched
/// first).
pub(crate) fn complete(
    config: &mut Config,
    root: &Path,
    toc: Option<&SourceFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let toc_dir = toc.map_or("", |t| t.rel.rfind('/').map_or("", |i| &t.rel[..i]));
    let mut dirs = vec![toc_dir];
    if !toc_dir.is_empty() {
        dirs.push("");
    }
    for name in ["myst.yml", "_config.yml"] {
        for dir in &dirs {
            let rel = if dir.is_empty() {
                name.to_string()
            } else {
                format!("{dir}/{name}")
            };
            if !root.join(&rel).is_file() {
                continue;
            }
            // The table of contents' own file reports its syntax errors.
            let is_toc = toc.is_some_and(|t| t.rel == rel);
            let mut own = Vec::new();
            let Some(file) = crate::source::read_inside(root, &rel, &mut own) else {
                diags.extend(own);
                continue;
            };
            let origin = Origin {
                file: &file.rel,
                file_text: &file.text,
                line_offset: 0,
                lines: None,
            };
            let value: serde_json::Value = match yaml::parse(&file.text, origin) {
                Ok(v) => v,
                Err(d) => {
                    if !is_toc {
                        diags.push(*d);
                    }
                    continue;
                }
            };
            let fields = if name == "myst.yml" {
                myst_fields(&value)
            } else {
                jupyter_book_fields(&value)
            };
            apply(config, fields, &file, dir, root, diags);
        }
    }
}

/// The identity settings one file holds.
#[derive(Default)]
struct Fields<'a> {
    title: Option<&'a str>,
    description: Option<&'a str>,
    logo: Option<&'a str>,
    favicon: Option<&'a str>,
    links: Vec<NavLink>,
}

fn at<'a>(v: &'a serde_json::Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn myst_fields(v: &serde_json::Value) -> Fields<'_> {
    let mut links = Vec::new();
    if let Some(nav) = v.pointer("/site/nav") {
        nav_links(nav, &mut links);
    }
    Fields {
        title: at(v, &["project", "title"]).or_else(|| at(v, &["site", "title"])),
        description: at(v, &["project", "description"]),
        logo: at(v, &["site", "options", "logo"]).or_else(|| at(v, &["site", "logo"])),
        favicon: at(v, &["site", "options", "favicon"]),
        links,
    }
}

/// `site.nav` entries with an absolute URL (menus are flattened).
fn nav_links(v: &serde_json::Value, out: &mut Vec<NavLink>) {
    for item in v.as_array().into_iter().flatten() {
        if let (Some(title), Some(url)) = (at(item, &["title"]), at(item, &["url"]))
            && crate::url::scheme(url).is_some()
        {
            out.push(NavLink {
                title: title.to_string(),
                url: url.to_string(),
            });
        }
        if let Some(children) = item.get("children") {
            nav_links(children, out);
        }
    }
}

fn jupyter_book_fields(v: &serde_json::Value) -> Fields<'_> {
    Fields {
        title: at(v, &["title"]),
        description: at(v, &["description"]),
        logo: at(v, &["logo"]),
        favicon: at(v, &["html", "favicon"]),
        links: Vec::new(),
    }
}

fn apply(
    config: &mut Config,
    f: Fields<'_>,
    file: &SourceFile,
    dir: &str,
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    if !config.given.title
        && let Some(t) = f.title
    {
        config.title = t.to_string();
        config.given.title = true;
    }
    if !config.given.description
        && let Some(d) = f.description
    {
        config.description = d.to_string();
        config.given.description = true;
    }
    if !config.given.links && !f.links.is_empty() {
        config.links = f.links;
        config.given.links = true;
    }
    let span = |value: &str| {
        (file.text.find(value))
            .map(|o| Span::at(&file.rel, &file.text, o, value.len()))
            .unwrap_or_else(|| Span::file(&file.rel))
    };
    if config.brand.logo.is_none()
        && let Some(v) = f.logo
    {
        config.brand.logo = brand::image_at(v, dir, "logo", root, span(v), diags);
    }
    if config.brand.favicon.is_none()
        && let Some(v) = f.favicon
    {
        config.brand.favicon = brand::image_at(v, dir, "favicon", root, span(v), diags);
    }
}
