//! The parts of reading a Jupyter Book `_toc.yml` / MyST `myst.yml` that
//! are not the tree walk itself: `url:` entries (external links in the
//! sidebar), `glob:` / `pattern:` matching, and reporting entries that name
//! no file: one warning per entry, except that entries under a folder the
//! handbook does not have at all (a partial copy of a book, a folder
//! renamed) are one warning for the folder, not one per file.

use std::collections::BTreeMap;

use super::NavNode;
use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::model::Handbook;

/// A `url:` entry: a sidebar link to an external page (http, https or
/// mailto only; others are dropped). Its children, if any, follow it.
pub(super) fn url_node(url: &str, title: Option<String>, kids: Vec<NavNode>) -> Vec<NavNode> {
    let url = url.trim();
    let web = ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| url.to_ascii_lowercase().starts_with(p));
    if !web || !crate::url::is_safe(url) {
        return kids;
    }
    let mut out = vec![NavNode {
        title: title.unwrap_or_else(|| url.to_string()),
        doc: None,
        children: Vec::new(),
        caption: false,
        collection: false,
        url: Some(url.to_string()),
    }];
    out.extend(kids);
    out
}

/// Whether a doc's path without extension matches a glob pattern (`*`
/// within one folder, `**` across folders, `?` one character); a
/// pattern's own `.md` / `.ipynb` extension is ignored.
pub(super) fn glob_matches(pattern: &str, stem: &str) -> bool {
    let pattern = super::strip_ext(pattern);
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = stem.chars().collect();
    matches_at(&p, &s)
}

fn matches_at(p: &[char], s: &[char]) -> bool {
    match p {
        [] => s.is_empty(),
        ['*', '*', '/', rest @ ..] => (0..=s.len())
            .filter(|&i| i == 0 || s[i - 1] == '/')
            .any(|i| matches_at(rest, &s[i..])),
        ['*', '*', rest @ ..] => (0..=s.len()).any(|i| matches_at(rest, &s[i..])),
        ['*', rest @ ..] => {
            let seg = s.iter().position(|&c| c == '/').unwrap_or(s.len());
            (0..=seg).any(|i| matches_at(rest, &s[i..]))
        }
        ['?', rest @ ..] => s.first().is_some_and(|&c| c != '/') && matches_at(rest, &s[1..]),
        [c, rest @ ..] => s.first() == Some(c) && matches_at(rest, &s[1..]),
    }
}

/// Warn about entries naming no file (`missing`: as written, handbook
/// path): grouped under the shallowest folder of their path that holds no
/// file at all when two or more share one, else one each.
pub(super) fn report_missing(
    hb: &Handbook,
    toc: &crate::source::SourceFile,
    missing: &[(String, String)],
    diags: &mut Vec<Diagnostic>,
) {
    let span_of = |written: &str| {
        toc.text
            .find(written)
            .map(|o| Span::at(&toc.rel, &toc.text, o, written.len()))
            .unwrap_or_else(|| Span::file(&toc.rel))
    };
    let mut by_folder: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut single = Vec::new();
    for (written, path) in missing {
        match absent_folder(hb, path) {
            Some(f) => by_folder.entry(f).or_default().push(written),
            None => single.push(written.as_str()),
        }
    }
    for (folder, entries) in by_folder {
        if entries.len() < 2 {
            single.extend(entries);
            continue;
        }
        diags.push(
            Diagnostic::warning(
                Code::TocMissingFile,
                format!(
                    "the table of contents lists {} files under `{folder}/`, a folder the handbook does not have",
                    entries.len()
                ),
            )
            .with_span(
                (entries.iter().map(|e| span_of(e)))
                    .min_by_key(|s| (s.line, s.column))
                    .unwrap_or_else(|| Span::file(&toc.rel)),
            )
            .with_help("add the folder, or remove its entries from the table of contents"),
        );
    }
    for written in single {
        diags.push(
            Diagnostic::warning(
                Code::TocMissingFile,
                format!("the table of contents lists `{written}`, which does not exist"),
            )
            .with_span(span_of(written))
            .with_help("remove the entry or add the file"),
        );
    }
}

/// The shallowest folder on `path` that holds no file of the handbook.
fn absent_folder(hb: &Handbook, path: &str) -> Option<String> {
    let mut end = 0;
    while let Some(i) = path[end..].find('/') {
        end += i;
        let folder = &path[..end];
        if !crate::include::is_folder(&hb.files, folder) && !has_static(hb, folder) {
            return Some(folder.to_string());
        }
        end += 1;
    }
    None
}

/// Whether any non-text file (an image) lies under `folder`.
fn has_static(hb: &Handbook, folder: &str) -> bool {
    let prefix = format!("{folder}/");
    (hb.sources.other_files.iter())
        .chain(&hb.sources.static_files)
        .any(|f| f.rel.starts_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("sections/*", "sections/intro"));
        assert!(!glob_matches("sections/*", "sections/deep/intro"));
        assert!(glob_matches("sections/**", "sections/deep/intro"));
        assert!(glob_matches("**/meeting-*.md", "notes/2024/meeting-03"));
        assert!(!glob_matches("**/meeting-*", "notes/premeeting-03"));
        assert!(glob_matches("**/meeting-*", "meeting-01"));
        assert!(glob_matches("ch?/*", "ch1/a"));
        assert!(!glob_matches("ch?/*", "ch10/a"));
        assert!(glob_matches("*", "é東"));
    }
}
