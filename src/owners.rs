//! Output URL ownership, between `model` and `nav`: every file of the site
//! has exactly one source. Over-long page file names are shortened first
//! (what the file system held as `x.md` must fit as `x.html`), then every
//! page claims its URL, compared case-insensitively since many file systems
//! are. The fixed pages of the site (search, 404, the roles and journeys
//! indexes, glossary, people, sitemap, `handbook.json`) win, then each
//! kind's own pages (roles, groups, journeys, decisions: registry order),
//! and docs in path order, with `index.md` before `_index.md`
//! before `README.md` in one folder. A loser is reported (`url-collision`,
//! naming both sources) and still built, at a free URL beside the one it
//! wanted, so no page silently vanishes and links to it keep working. Copied
//! files (`static/`, linked assets) are checked against the pages and the
//! search index after resolution: one that would overwrite either is
//! reported and not copied.

use std::collections::{BTreeMap, BTreeSet};

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::model::{Entity, Handbook, KINDS, urls};

/// The longest file name (bytes) most file systems accept.
const MAX_NAME: usize = 255;
/// How much of an over-long stem a shortened name keeps (bytes), leaving
/// room for the hash, the extension and suffixes hosts add (`.gz`).
const KEEP_STEM: usize = 200;

/// The URLs the site's pages own, lowercased, with a description of each
/// owner for diagnostics.
#[derive(Debug, Clone, Default)]
pub(crate) struct Claims {
    /// Lowercased URL → (the URL as claimed, who claimed it).
    pages: BTreeMap<String, (String, String)>,
}

/// Shorten over-long page names and give every page its own URL, reporting
/// each collision. Changes the `url` of docs, roles and journeys in `hb`.
pub(crate) fn claim(hb: &mut Handbook, diags: &mut Vec<Diagnostic>) -> Claims {
    for k in KINDS {
        for i in 0..k.count(hb) {
            if let Some(url) = k.own_url(hb, i) {
                *url = fit(url);
            }
        }
    }
    roles_intros(hb, diags);
    let mut claims = Claims::default();
    for (url, what) in generated(hb) {
        (claims.pages).insert(url.to_lowercase(), (url.to_string(), what.to_string()));
    }
    // Each kind's own pages, in registry order; docs last, below.
    for k in KINDS
        .iter()
        .filter(|k| k.info().id != crate::model::doc::ID)
    {
        for i in 0..k.count(hb) {
            let Some(src) = k.src(hb, i) else { continue };
            let (name, key) = (k.info().name, k.key(hb, i));
            let who = format!("the {name} `{key}` (`{src}`)");
            let url = k.page(hb, i).to_string();
            if let Some(new) = claims.take(&url, src, who, diags)
                && let Some(u) = k.own_url(hb, i)
            {
                *u = new;
            }
        }
    }
    let mut docs: Vec<usize> = (0..hb.docs.len()).collect();
    docs.sort_by_key(|&i| (index_rank(&hb.docs[i].src), hb.docs[i].src.as_str()));
    for i in docs {
        let d = &hb.docs[i];
        let who = format!("`{}`", d.src);
        if let Some(new) = claims.take(&d.url, &d.src, who, diags) {
            hb.docs[i].url = new;
        }
    }
    claims
}

/// The fixed pages and files the site makes for this handbook.
fn generated(hb: &Handbook) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![
        (urls::SEARCH, "the search page"),
        (urls::NOT_FOUND, "the \"page not found\" page"),
        (urls::SITEMAP, "the sitemap"),
        (urls::HANDBOOK_JSON, "the handbook data file"),
        (urls::HEALTH, "the governance health page"),
    ];
    out.extend(crate::model::kind::index_pages(hb).map(|p| (p.url, p.what)));
    out.extend(KINDS.iter().flat_map(|k| k.extra_pages(hb)));
    out
}

/// `roles/index.md`, `roles/_index.md` and `roles/README.md` all introduce
/// the roles index; the model keeps the last (in that order of preference),
/// and each other one is reported.
fn roles_intros(hb: &Handbook, diags: &mut Vec<Diagnostic>) {
    let Some(kept) = hb.roles_intro.map(|u| hb.units[u].file.as_str()) else {
        return;
    };
    let others = (hb.units.iter())
        .filter(|u| u.owner == Entity::Intro(crate::model::role::ID) && u.file != kept)
        .map(|u| u.file.as_str());
    for file in others.collect::<BTreeSet<_>>() {
        diags.push(
            Diagnostic::error(
                Code::UrlCollision,
                format!("`{file}` and `{kept}` would both be written to `roles/index.html`"),
            )
            .with_span(Span::file(file))
            .with_help(format!(
                "`{kept}` introduces the roles index; merge `{file}` into it, or delete one of them"
            )),
        );
    }
}

/// Among sources of one folder's index page, `index.md` wins over
/// `_index.md`, which wins over `README.md` (often written for the forge).
fn index_rank(src: &str) -> u8 {
    let name = src.rsplit('/').next().unwrap_or(src);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    match stem.to_ascii_lowercase().as_str() {
        "_index" => 1,
        "readme" => 2,
        _ => 0,
    }
}

impl Claims {
    /// Claim `url` for `src`; if it is taken, report the collision and
    /// return the free URL `src` gets instead.
    fn take(
        &mut self,
        url: &str,
        src: &str,
        who: String,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let key = url.to_lowercase();
        let Some((winner_url, winner)) = self.pages.get(&key).cloned() else {
            self.pages.insert(key, (url.to_string(), who));
            return None;
        };
        let new = self.free_url(url, src);
        let case = if winner_url != url {
            " (names that differ only in case are one file on Windows and macOS)"
        } else {
            ""
        };
        diags.push(
            Diagnostic::error(
                Code::UrlCollision,
                format!("`{src}` and {winner} would both be written to `{url}`{case}"),
            )
            .with_span(Span::file(src))
            .with_help(format!(
                "{winner} keeps `{winner_url}`; rename `{src}` or move it to another folder (until then it is written to `{new}`)"
            )),
        );
        self.pages.insert(new.to_lowercase(), (new.clone(), who));
        Some(new)
    }

    /// A URL no page owns, beside `url`: the source's own file name for an
    /// index page (`README.html`), else `name-2.html`, `name-3.html`, …
    fn free_url(&self, url: &str, src: &str) -> String {
        let (dir, _) = split_name(url);
        let src_name = src.rsplit('/').next().unwrap_or(src);
        let stem = src_name.rsplit_once('.').map_or(src_name, |(s, _)| s);
        let own = fit(&format!("{dir}{stem}.html"));
        if !self.pages.contains_key(&own.to_lowercase()) {
            return own;
        }
        (2..)
            .map(|n| fit(&format!("{dir}{stem}-{n}.html")))
            .find(|u| !self.pages.contains_key(&u.to_lowercase()))
            .unwrap_or(own)
    }

    /// Check the files copied into the site (`static/`, linked assets, in
    /// path order) against the pages and each other; returns the ones not
    /// to copy, each reported.
    pub(crate) fn copied_files<'a>(
        &self,
        files: impl Iterator<Item = &'a str>,
        diags: &mut Vec<Diagnostic>,
    ) -> BTreeSet<String> {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        let mut refused = BTreeSet::new();
        let mut files: Vec<&str> = files.collect();
        files.sort_unstable();
        files.dedup();
        for rel in files {
            let key = rel.to_lowercase();
            let winner = match (self.pages.get(&key), seen.get(&key)) {
                _ if is_search_index(&key) => "the search index".to_string(),
                (Some((_, page)), _) => page.clone(),
                (None, Some(first)) => format!("`{first}`"),
                (None, None) => {
                    seen.insert(key, rel);
                    continue;
                }
            };
            diags.push(
                Diagnostic::error(
                    Code::UrlCollision,
                    format!("`{rel}` and {winner} would both be written to `{rel}`"),
                )
                .with_span(Span::file(rel))
                .with_help(format!(
                    "{winner} keeps it and `{rel}` is not copied; rename the file and the links to it"
                )),
            );
            refused.insert(rel.to_string());
        }
        refused
    }
}

/// Whether a (lowercased) path may be a file of the search index
/// (`search/meta.json`, `search/t-….json`, `search/b-<n>.json`, `search/d-<n>.json`).
fn is_search_index(path: &str) -> bool {
    let Some(name) = path.strip_prefix("search/") else {
        return false;
    };
    name.ends_with(".json")
        && !name.contains('/')
        && (name == "meta.json" || ["t-", "b-", "d-"].iter().any(|p| name.starts_with(p)))
}

/// `a/b/c.html` → (`a/b/`, `c.html`).
fn split_name(url: &str) -> (&str, &str) {
    match url.rfind('/') {
        Some(i) => (&url[..=i], &url[i + 1..]),
        None => ("", url),
    }
}

/// `url` with its file name shortened if it is longer than file systems
/// allow: the stem cut on a character boundary, then a hash of the whole
/// name, so the result is deterministic and distinct names stay distinct.
pub(crate) fn fit(url: &str) -> String {
    let (dir, name) = split_name(url);
    if name.len() <= MAX_NAME {
        return url.to_string();
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut cut = KEEP_STEM.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let ext = if ext.len() > 16 { "" } else { ext };
    let dot = if ext.is_empty() { "" } else { "." };
    format!(
        "{dir}{}-{:08x}{dot}{ext}",
        &stem[..cut],
        fnv1a(name.as_bytes()) as u32
    )
}

/// 64-bit FNV-1a: a small, stable hash (the same on every platform and
/// version, unlike the standard library's).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_long_names_are_cut_on_a_char_boundary_with_a_stable_hash() {
        let long = format!("docs/{}.html", "é".repeat(126));
        let short = fit(&long);
        assert!(short.starts_with("docs/") && short.ends_with(".html"));
        let name = short.rsplit('/').next().unwrap();
        assert!(name.len() <= MAX_NAME, "{}", name.len());
        assert_eq!(short, fit(&long), "deterministic");
        let other = format!("docs/{}a.html", "é".repeat(126));
        assert_ne!(fit(&other), short, "distinct names stay distinct");
        assert_eq!(fit("docs/a.html"), "docs/a.html");
        // Exactly at the limit: kept.
        let edge = format!("{}.html", "a".repeat(250));
        assert_eq!(fit(&edge), edge);
    }

    #[test]
    fn search_index_paths_are_reserved() {
        assert!(is_search_index("search/meta.json") && is_search_index("search/t-ab.json"));
        assert!(!is_search_index("search/notes.json") && !is_search_index("search/t-a/x.json"));
        assert!(!is_search_index("docs/search/meta.json"));
    }

    #[test]
    fn index_sources_rank_index_first() {
        let mut v = vec!["x/README.md", "x/_index.md", "x/index.md"];
        v.sort_by_key(|s| (index_rank(s), *s));
        assert_eq!(v, ["x/index.md", "x/_index.md", "x/README.md"]);
    }
}
