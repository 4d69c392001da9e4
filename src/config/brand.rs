//! The look of a handbook beyond its theme, from `handbook.yml`: `logo:`
//! (in the header), `favicon:`, `social_image:` (the picture of link
//! previews) and `theme_color:` (the browser's UI colour). An image is a
//! file of the handbook (its path from the handbook root; the file must
//! exist, and is copied into the site) or an absolute `http(s)` URL.

use std::path::Path;

use crate::code::Code;
use crate::diag::Diagnostic;
use crate::yaml::{Origin, Spanned};

/// An image setting: a file of the handbook or an absolute URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Image {
    /// Path from the handbook root, `/`-separated, normalised.
    File(String),
    /// An `http(s)` URL.
    Url(String),
}

/// The branding settings, each checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Brand {
    pub logo: Option<Image>,
    pub favicon: Option<Image>,
    pub social_image: Option<Image>,
    /// A CSS colour: `#rgb`, `#rrggbb`, `#rrggbbaa` or a colour name.
    pub theme_color: Option<String>,
}

impl Brand {
    /// The handbook files the settings name (copied into the site).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        [&self.logo, &self.favicon, &self.social_image]
            .into_iter()
            .filter_map(|i| match i {
                Some(Image::File(p)) => Some(p.as_str()),
                _ => None,
            })
    }
}

/// The raw values, as `handbook.yml` spells them.
pub(super) struct Raw {
    pub logo: Option<Spanned<String>>,
    pub favicon: Option<Spanned<String>>,
    pub social_image: Option<Spanned<String>>,
    pub theme_color: Option<Spanned<String>>,
}

pub(super) fn check(
    raw: Raw,
    root: &Path,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Brand {
    let mut image = |v: Option<Spanned<String>>, key: &str| image(v, key, root, origin, diags);
    Brand {
        logo: image(raw.logo, "logo"),
        favicon: image(raw.favicon, "favicon"),
        social_image: image(raw.social_image, "social_image"),
        theme_color: raw.theme_color.and_then(|c| color(c, origin, diags)),
    }
}

fn image(
    v: Option<Spanned<String>>,
    key: &str,
    root: &Path,
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Image> {
    let v = v?;
    let span = origin.span_of(&v, v.value.len());
    image_at(&v.value, "", key, root, span, diags)
}

/// An image named by `value` in a file of folder `base` (`""`: the
/// handbook root), reported at `span` when it is unsafe or missing.
pub(super) fn image_at(
    value: &str,
    base: &str,
    key: &str,
    root: &Path,
    span: crate::diag::Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<Image> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let scheme = crate::url::scheme(value);
    if scheme.is_some() || value.starts_with("//") {
        let web = matches!(scheme.as_deref(), Some("http" | "https"));
        if web && crate::url::is_safe(value) {
            return Some(Image::Url(value.to_string()));
        }
        diags.push(
            Diagnostic::warning(
                Code::UnsafeUrl,
                format!(
                    "`{key}` URL `{}` is not an http: or https: URL; it is ignored",
                    value.escape_debug()
                ),
            )
            .with_span(span)
            .with_help(
                "use an https: URL, or the path of an image in the handbook (`static/logo.svg`)",
            ),
        );
        return None;
    }
    let joined = match value.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None if base.is_empty() => value.to_string(),
        None => format!("{base}/{value}"),
    };
    let rel = crate::paths::normalize_path(&joined);
    match rel {
        Some(rel) if !rel.is_empty() && root.join(&rel).is_file() => Some(Image::File(rel)),
        _ => {
            diags.push(
                Diagnostic::warning(
                    Code::ConfigFileMissing,
                    format!("`{key}` names `{}`, which is not a file in the handbook; it is ignored", value.escape_debug()),
                )
                .with_span(span)
                .with_help(if base.is_empty() {
                    "give the image's path from the handbook folder (`static/logo.svg`), or an https: URL"
                } else {
                    "give the image's path from this file's folder, or an https: URL; or set it in handbook.yml"
                }),
            );
            None
        }
    }
}

/// A colour a `<meta name="theme-color">` can hold.
fn color(v: Spanned<String>, origin: Origin<'_>, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let c = v.value.trim();
    let hex = c.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.bytes().all(|b| b.is_ascii_hexdigit())
    });
    let name = !c.is_empty() && c.len() <= 32 && c.bytes().all(|b| b.is_ascii_alphabetic());
    if hex || name {
        return Some(c.to_string());
    }
    diags.push(
        Diagnostic::error(
            Code::InvalidConfig,
            format!("`theme_color` `{}` is not a colour", c.escape_debug()),
        )
        .with_span(origin.span_of(&v, v.value.len()))
        .with_help("use a hex colour such as `#0c6467`, or a CSS colour name"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(yaml_value: &str, files: &[&str]) -> (Option<Image>, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::write(
            dir.path().join("handbook.yml"),
            format!("logo: {yaml_value}\n"),
        )
        .unwrap();
        let mut d = Vec::new();
        let c = super::super::load(dir.path(), &mut d);
        (c.brand.logo, d)
    }

    #[test]
    fn images_are_handbook_files_or_web_urls() {
        let (i, d) = run("static/logo.svg", &["static/logo.svg"]);
        assert_eq!(i, Some(Image::File("static/logo.svg".into())), "{d:?}");
        let (i, d) = run("./img/../static/l.png", &["static/l.png"]);
        assert_eq!(i, Some(Image::File("static/l.png".into())), "{d:?}");
        let (i, _) = run("https://example.org/l.png", &[]);
        assert_eq!(i, Some(Image::Url("https://example.org/l.png".into())));
    }

    #[test]
    fn a_missing_file_or_a_script_url_is_one_warning() {
        for (v, code) in [
            ("static/nope.svg", Code::ConfigFileMissing),
            ("../outside.svg", Code::ConfigFileMissing),
            ("'javascript:alert(1)'", Code::UnsafeUrl),
            ("'data:image/png;base64,xx'", Code::UnsafeUrl),
        ] {
            let (i, d) = run(v, &[]);
            assert_eq!(i, None, "{v}");
            assert_eq!(d.len(), 1, "{v}: {d:?}");
            assert_eq!(d[0].code, code, "{v}");
            assert!(d[0].span.is_some(), "{v}");
        }
    }
}
