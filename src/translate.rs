//! Translations: one handbook in several languages. Sits after `source`
//! and beside `model`: it takes the files under `i18n/<code>/` out of the
//! discovered sources, checks that each translation changes text only (the
//! structure, meaning ids, holders, stages, groups and link targets, is the
//! source's), and makes each language's [`Sources`]: the source tree with
//! every translated file in place of its source, under the source's path,
//! so ids, URLs and relative links are the same in every language and the
//! whole pipeline runs unchanged per language (the build drives that). A
//! translation's diagnostics are moved back to its real path
//! ([`LangSource::relocate`]); the source's own are reported once, by the
//! default language. Status (translated, fallback, stale) comes from
//! `source_commit:` in a translation's front matter, else from git.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::code::Code;
use crate::config::{Config, Language};
use crate::diag::{Diagnostic, Span};
use crate::source::{SourceFile, Sources, split_front_matter};

/// The top folder that holds translations.
pub(crate) const FOLDER: &str = "i18n";

/// Front matter keys holding text, at any depth: a translation may change
/// these and nothing else. `source_commit` is the translation's own.
pub(crate) const TEXT_KEYS: &[&str] = &[
    "aliases",
    "definition",
    "description",
    "frustrations",
    "goals",
    "join",
    "keywords",
    "mission",
    "name",
    "pain_points",
    "privileges",
    "requirements",
    "responsibilities",
    "short_title",
    "source_commit",
    "subtitle",
    "summary",
    "term",
    "time_commitment",
    "tips",
    "title",
];

/// One translated file.
#[derive(Debug, Clone)]
pub(crate) struct Translated {
    /// Where the translation is (`i18n/fr/docs/intro.md`).
    pub real: String,
    /// Its text, with the `source_commit:` line blanked (same offsets):
    /// [`as_read`] of the file. `None` once released (its language's model
    /// reads it again).
    pub text: Option<std::sync::Arc<str>>,
    /// `source_commit:` from its front matter.
    pub source_commit: Option<String>,
}

/// The translations of one language.
#[derive(Debug, Clone)]
pub(crate) struct LangSource {
    pub lang: Language,
    /// By source path.
    pub files: BTreeMap<String, Translated>,
}

/// How a page stands in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Translated,
    /// Translated, but the source changed after the translation.
    Stale,
    /// Not translated: shown in the default language.
    Fallback,
}

/// The translation status of one language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    pub code: String,
    pub name: String,
    pub translated: usize,
    pub stale: usize,
    pub fallback: usize,
    /// Source path → state, for every translatable file.
    #[serde(skip)]
    pub files: BTreeMap<String, State>,
    /// Stale source path → the commit the translation follows, when given.
    #[serde(skip)]
    pub since: BTreeMap<String, String>,
}

impl LangSource {
    /// Whether a diagnostic of this language's run at `file` is its own:
    /// the file is translated (see [`LangSource::relocate`]).
    pub(crate) fn owns(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// Diagnostics of this language's run that belong to its translated
    /// files, moved to their real paths; the rest were reported by the
    /// default language already and are dropped.
    pub(crate) fn relocate(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|mut d| {
                let span = d.span.as_mut()?;
                let t = self.files.get(&span.file)?;
                span.file = t.real.clone();
                Some(d)
            })
            .collect()
    }

    /// This language's sources: `default` with each translated file in place.
    pub(crate) fn sources(&self, default: &Sources) -> Sources {
        let mut s = default.clone();
        let swap = |f: &mut SourceFile| {
            if let Some(text) = self.files.get(&f.rel).and_then(|t| t.text.clone()) {
                f.text = text;
            }
        };
        for list in s.text_lists() {
            list.iter_mut().for_each(swap);
        }
        if let Some(g) = s.glossary.as_mut() {
            swap(g);
        }
        s
    }
}

/// A translated file's text as its language's model holds it, from the
/// text read (see [`crate::source::Files::read_from`]).
pub(crate) fn as_read(text: String) -> String {
    blank_source_commit(&text).0
}

/// The paths of the files a translation may stand in for.
pub(crate) fn translatable_paths(s: &Sources) -> Vec<String> {
    translatable(s).into_keys().map(str::to_string).collect()
}

/// The files a translation may stand in for, from the default sources.
fn translatable(s: &Sources) -> BTreeMap<&str, &SourceFile> {
    (s.docs.iter())
        .chain(s.folders.iter().flat_map(|f| &f.files))
        .chain(&s.glossary)
        .map(|f| (f.rel.as_str(), f))
        .collect()
}

/// Take the files under `i18n/` out of `sources` (only when the handbook
/// has `languages:`), one [`LangSource`] per language after the default,
/// each translation checked against its source.
pub(crate) fn split(
    sources: &mut Sources,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Vec<LangSource> {
    if config.languages.len() < 2 {
        return Vec::new();
    }
    let prefix = format!("{FOLDER}/");
    let mut found: Vec<SourceFile> = Vec::new();
    for list in sources.text_lists() {
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(list)
            .into_iter()
            .partition(|f| f.rel.starts_with(&prefix));
        *list = rest;
        found.extend(mine);
    }
    // YAML files under i18n/ were classified as assets; read them as text.
    let (yaml, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut sources.other_files)
        .into_iter()
        .partition(|a| {
            a.rel.starts_with(&prefix) && (a.rel.ends_with(".yml") || a.rel.ends_with(".yaml"))
        });
    sources.other_files = rest;
    found.extend(
        yaml.iter()
            .filter_map(|a| crate::source::read_text(&a.abs, &a.rel, diags)),
    );
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    let targets = translatable(sources);
    let mut langs: Vec<LangSource> = (config.languages.iter().skip(1))
        .map(|l| LangSource {
            lang: l.clone(),
            files: BTreeMap::new(),
        })
        .collect();
    let mut unknown_folders = BTreeSet::new();
    let mut matched = Vec::new();
    for f in found {
        let rest = &f.rel[prefix.len()..];
        let Some((code, mirrored)) = rest.split_once('/') else {
            continue;
        };
        let Some(at) = langs.iter().position(|l| l.lang.code == code) else {
            if unknown_folders.insert(code.to_string()) {
                diags.push(orphan(
                    &f.rel,
                    format!("`{FOLDER}/{code}/` is not a language of this handbook"),
                    "add the language to `languages:` in handbook.yml, or rename the folder to one listed there",
                ));
            }
            continue;
        };
        let Some(source) = targets.get(mirrored) else {
            diags.push(orphan(
                &f.rel,
                format!("`{}` translates `{mirrored}`, which is not in the handbook", f.rel),
                "give the translation the path of the file it translates, under the language's folder",
            ));
            continue;
        };
        matched.push((at, mirrored.to_string(), f, *source));
    }
    // Each translation's structure checked against its source on all cores
    // (both YAMLs parsed), then kept in file order.
    let checked: Vec<(Vec<Diagnostic>, String, Option<String>)> = (matched.par_iter())
        .map(|(_, _, f, source)| {
            let (text, source_commit) = blank_source_commit(&f.text);
            (structure(source, f), text, source_commit)
        })
        .collect();
    for ((at, mirrored, f, _), (found, text, source_commit)) in matched.into_iter().zip(checked) {
        diags.extend(found);
        langs[at].files.insert(
            mirrored,
            Translated {
                real: f.rel,
                text: Some(text.into()),
                source_commit,
            },
        );
    }
    langs
}

fn orphan(rel: &str, msg: String, help: &str) -> Diagnostic {
    Diagnostic::warning(Code::TranslationOrphan, msg)
        .with_span(Span::file(rel))
        .with_help(help)
}

/// The YAML a file carries: a markdown file's front matter, or a whole
/// YAML file.
fn yaml_of(f: &SourceFile) -> Option<&str> {
    let is_md = !(f.rel.ends_with(".yml") || f.rel.ends_with(".yaml"));
    if !is_md {
        return Some(&f.text);
    }
    let (fm, _) = split_front_matter(&f.text);
    let fm = fm.filter(|fm| fm.format == crate::source::FrontMatterFormat::Yaml)?;
    Some(fm.text)
}

/// `value` without its text keys, at every depth.
fn structure_only(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| !TEXT_KEYS.contains(&k.as_str()));
            map.values_mut().for_each(structure_only);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(structure_only),
        _ => {}
    }
}

/// The top-level keys of a YAML mapping with their structural values.
fn top_level(yaml: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut v: serde_json::Value = serde_saphyr::from_str(yaml).ok()?;
    structure_only(&mut v);
    match v {
        serde_json::Value::Object(m) => Some(m),
        serde_json::Value::Null => Some(serde_json::Map::new()),
        // A list-form file: compare it as one value.
        other => Some(serde_json::Map::from_iter([(String::new(), other)])),
    }
}

/// Give a translation's glossary terms their source's identity: the same
/// anchor (so `glossary.html#term-…` is one URL in every language) and the
/// source's name as an alias (so `[[term:…]]` and `{term}` written with the
/// source's words still resolve). Terms pair up by position, the order a
/// translated `glossary.yml` keeps (its structure is checked).
pub(crate) fn align_terms(source: &[crate::model::Term], terms: &mut [crate::model::Term]) {
    for (t, s) in terms.iter_mut().zip(source) {
        t.anchor.clone_from(&s.anchor);
        if !t.name.eq_ignore_ascii_case(&s.name) {
            t.aliases.push(s.name.clone());
        }
        for a in &s.aliases {
            if !t.aliases.contains(a) {
                t.aliases.push(a.clone());
            }
        }
    }
}

/// Where top-level key `key` is written (`file:line:col` and its span).
fn key_span(f: &SourceFile, yaml: &str, key: &str) -> Span {
    let start = yaml.as_ptr() as usize - f.text.as_ptr() as usize;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let name = line
            .split(':')
            .next()
            .unwrap_or("")
            .trim_matches(['"', '\'']);
        if !key.is_empty() && name == key && !line.starts_with([' ', '\t', '-', '#']) {
            return Span::at(&f.rel, &f.text, start + offset, key.len());
        }
        offset += line.len();
    }
    Span::at(&f.rel, &f.text, start, 0)
}

/// Check that `translated` keeps every structural field of `source`: one
/// `translation-structure` error per field changed or left out, at the
/// translation, naming the source's position.
fn structure(source: &SourceFile, translated: &SourceFile) -> Vec<Diagnostic> {
    let (Some(sy), Some(ty)) = (yaml_of(source), yaml_of(translated)) else {
        return match yaml_of(source) {
            Some(sy) if top_level(sy).is_some_and(|m| !m.is_empty()) => vec![
                Diagnostic::error(
                    Code::TranslationStructure,
                    format!(
                        "`{}` has no front matter, but its source `{}` has structural fields",
                        translated.rel, source.rel
                    ),
                )
                .with_span(Span::file(&translated.rel))
                .with_help("copy the source's front matter and translate only its text"),
            ],
            _ => Vec::new(),
        };
    };
    // A translation that does not parse is reported when its language loads.
    let (Some(s), Some(t)) = (top_level(sy), top_level(ty)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, sv) in &s {
        let there = key_span(source, sy, key);
        let field = if key.is_empty() {
            "its entries".to_string()
        } else {
            format!("`{key}`")
        };
        let (msg, span) = match t.get(key) {
            Some(tv) if tv == sv => continue,
            Some(_) => (
                format!("this translation changes {field}, a structural field"),
                key_span(translated, ty, key),
            ),
            None => (
                format!("this translation leaves out {field}, a structural field"),
                Span::file(&translated.rel),
            ),
        };
        out.push(
            Diagnostic::error(Code::TranslationStructure, msg)
                .with_span(span)
                .with_help(format!(
                    "structure comes from the source ({}:{}:{}); copy {field} from there unchanged and translate only text",
                    there.file, there.line, there.column
                )),
        );
    }
    for key in t.keys().filter(|k| !s.contains_key(*k)) {
        out.push(
            Diagnostic::error(
                Code::TranslationStructure,
                format!("this translation adds `{key}`, a structural field its source `{}` does not have", source.rel),
            )
            .with_span(key_span(translated, ty, key))
            .with_help("add the field to the source instead; translations change text only"),
        );
    }
    out
}

/// `text` with its front matter's `source_commit:` line blanked (same
/// length, so positions hold), and the commit it names.
fn blank_source_commit(text: &str) -> (String, Option<String>) {
    let (fm, _) = split_front_matter(text);
    let Some(fm) = fm else {
        return (text.to_string(), None);
    };
    let start = fm.text.as_ptr() as usize - text.as_ptr() as usize;
    let mut offset = start;
    for line in fm.text.split_inclusive('\n') {
        if let Some(v) = line.strip_prefix("source_commit:") {
            let commit = v.trim().trim_matches(['"', '\'']).to_string();
            let mut out = text.to_string();
            let end = offset + line.trim_end_matches('\n').len();
            out.replace_range(offset..end, &" ".repeat(end - offset));
            return (out, Some(commit).filter(|c| !c.is_empty()));
        }
        offset += line.len();
    }
    (text.to_string(), None)
}

/// `waybook check --translations`: each language's counts and the files
/// that need work.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report {
    pub languages: Vec<LangReport>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct LangReport {
    #[serde(flatten)]
    pub status: Status,
    /// Source paths whose translation is stale.
    pub stale_files: Vec<String>,
    /// Source paths not translated.
    pub fallback_files: Vec<String>,
}

impl Report {
    pub(crate) fn new(status: &[Status]) -> Report {
        let files = |st: &Status, want: State| -> Vec<String> {
            (st.files.iter())
                .filter(|(_, s)| **s == want)
                .map(|(f, _)| f.clone())
                .collect()
        };
        Report {
            languages: status
                .iter()
                .map(|st| LangReport {
                    status: st.clone(),
                    stale_files: files(st, State::Stale),
                    fallback_files: files(st, State::Fallback),
                })
                .collect(),
        }
    }

    /// The human form: one line of counts per language, then its stale pages.
    pub(crate) fn text(&self) -> String {
        if self.languages.is_empty() {
            return "One language: nothing is translated (add `languages:` to handbook.yml).\n"
                .into();
        }
        let mut out = String::new();
        for l in &self.languages {
            let s = &l.status;
            let total = s.translated + s.stale + s.fallback;
            out.push_str(&format!(
                "{} ({}): {} of {total} translated, {} stale, {} not translated\n",
                s.name,
                s.code,
                s.translated + s.stale,
                s.stale,
                s.fallback
            ));
            for f in &l.stale_files {
                out.push_str(&format!("  stale: {f} changed after its translation\n"));
            }
        }
        out
    }
}

/// Each language's status over the default sources' translatable files.
/// Stale: the source changed in a commit newer than `source_commit:` (when
/// the translation names one that git knows), else newer than the
/// translation's own newest commit.
pub(crate) fn status(
    targets: &[String],
    langs: &[&LangSource],
    history: &crate::git::History,
) -> Vec<Status> {
    let newest = newest_commit(history);
    let mut by_hash: Vec<(&str, usize)> = (history.commits.iter().enumerate())
        .map(|(i, k)| (k.hash.as_str(), i))
        .collect();
    by_hash.sort_unstable();
    langs
        .iter()
        .map(|ls| {
            let mut st = Status {
                code: ls.lang.code.clone(),
                name: ls.lang.name.clone(),
                ..Status::default()
            };
            for rel in targets {
                let state = match ls.files.get(rel) {
                    None => State::Fallback,
                    Some(t) => {
                        let src = newest.get(rel.as_str()).copied();
                        let since = (t.source_commit.as_deref())
                            .filter(|c| c.len() >= 4)
                            .and_then(|c| newest_with_prefix(&by_hash, c));
                        let base = since.or_else(|| newest.get(t.real.as_str()).copied());
                        // Commits are newest first: a smaller index is newer.
                        match (src, base) {
                            (Some(s), Some(b)) if s < b => {
                                if let Some(c) = &t.source_commit {
                                    st.since.insert(rel.to_string(), c.clone());
                                }
                                State::Stale
                            }
                            _ => State::Translated,
                        }
                    }
                };
                match state {
                    State::Translated => st.translated += 1,
                    State::Stale => st.stale += 1,
                    State::Fallback => st.fallback += 1,
                }
                st.files.insert(rel.to_string(), state);
            }
            st
        })
        .collect()
}

/// The place in the history (newest first) of the newest commit whose hash
/// starts with `prefix`, from `(hash, place)` pairs sorted by hash (the
/// hashes with a prefix are one run there).
fn newest_with_prefix(by_hash: &[(&str, usize)], prefix: &str) -> Option<usize> {
    let from = by_hash.partition_point(|(h, _)| *h < prefix);
    (by_hash[from..].iter())
        .take_while(|(h, _)| h.starts_with(prefix))
        .map(|&(_, i)| i)
        .min()
}

/// Path → index of the newest commit touching it.
fn newest_commit(history: &crate::git::History) -> BTreeMap<&str, usize> {
    let mut out = BTreeMap::new();
    for (i, c) in history.commits.iter().enumerate() {
        for f in &c.files {
            out.entry(f.as_str()).or_insert(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> SourceFile {
        SourceFile {
            rel: rel.into(),
            text: text.into(),
        }
    }

    #[test]
    fn text_changes_pass_structure_changes_are_reported_at_both_ends() {
        let src = file(
            "roles/m.md",
            "---\ntitle: Maintainer\nstage: lead\ngrows_into: [steward]\n---\nBody\n",
        );
        let ok = file(
            "i18n/fr/roles/m.md",
            "---\ntitle: Mainteneur\nstage: lead\ngrows_into: [steward]\n---\nCorps\n",
        );
        assert!(structure(&src, &ok).is_empty());
        let bad = file(
            "i18n/fr/roles/m.md",
            "---\ntitle: Mainteneur\nstage: contribute\n---\nCorps\n",
        );
        let d = structure(&src, &bad);
        assert_eq!(d.len(), 2, "{d:?}");
        let changed = d
            .iter()
            .find(|d| d.message.contains("changes `stage`"))
            .unwrap();
        let span = changed.span.as_ref().unwrap();
        assert_eq!((span.line, span.column), (3, 1));
        assert!(changed.help.as_deref().unwrap().contains("roles/m.md:3:1"));
        assert!(
            d.iter()
                .any(|d| d.message.contains("leaves out `grows_into`"))
        );
    }

    #[test]
    fn nested_text_keys_are_text_and_lists_are_structure() {
        let src = file(
            "journeys/j.yml",
            "title: A\nstages:\n  - stage: join\n    steps:\n      - title: Read\n        links: [docs/a.md]\n",
        );
        let ok = file(
            "i18n/fr/journeys/j.yml",
            "title: B\nstages:\n  - stage: join\n    steps:\n      - title: Lire\n        links: [docs/a.md]\n",
        );
        assert!(structure(&src, &ok).is_empty());
        let bad = file(
            "i18n/fr/journeys/j.yml",
            "title: B\nstages:\n  - stage: join\n    steps:\n      - title: Lire\n        links: [docs/b.md]\n",
        );
        assert_eq!(structure(&src, &bad).len(), 1);
    }

    /// A `source_commit:` prefix names the newest commit it matches.
    #[test]
    fn a_commit_prefix_finds_the_newest_match() {
        // Places in the history, newest first.
        let hashes = ["beef02", "abc123", "abd999", "abc777", "0000aa"];
        let mut by_hash: Vec<(&str, usize)> = hashes.iter().copied().zip(0..).collect();
        by_hash.sort_unstable();
        let find = |p| newest_with_prefix(&by_hash, p);
        assert_eq!(find("abc"), Some(1));
        assert_eq!(find("abc7"), Some(3));
        assert_eq!(find("ab"), Some(1));
        assert_eq!(find("beef02"), Some(0));
        assert_eq!(find("abe"), None);
        assert_eq!(find("fff"), None);
    }

    #[test]
    fn source_commit_is_blanked_in_place() {
        let (t, c) = blank_source_commit("---\ntitle: X\nsource_commit: abc1234\n---\nBody\n");
        assert_eq!(c.as_deref(), Some("abc1234"));
        assert_eq!(
            t.len(),
            "---\ntitle: X\nsource_commit: abc1234\n---\nBody\n".len()
        );
        assert!(!t.contains("source_commit") && t.ends_with("---\nBody\n"));
    }
}
