//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

pub(crate) fn corpus(name: &str) -> PathBuf {
    repo().join("../shared/corpora").join(name)
}

/// Run the waybook binary; returns (exit code, stdout, stderr).
pub(crate) fn waybook(args: &[&str], cwd: Option<&Path>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_waybook"));
    cmd.args(args)
        .env("WAYBOOK_TODAY", "2026-11-22")
        .env("NO_COLOR", "1");
    if let Some(c) = cwd {
        cmd.current_dir(c);
    }
    let out = cmd.output().expect("run waybook");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `code` of each line of `check --format json` output.
pub(crate) fn json_codes(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["code"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Copy a folder tree (for fixtures a test modifies).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Write files (path → text) under a new temp dir.
pub(crate) fn handbook(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, text) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// All files of a folder: relative path → bytes.
pub(crate) fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Every `href="…"` and `src="…"` value in an HTML text.
pub(crate) fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Every `id="…"` value in an HTML text.
pub(crate) fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

/// Check that every relative link in a built site points at an existing file
/// and, with a fragment, at an existing id. Returns the broken ones.
pub(crate) fn broken_internal_links(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut broken = Vec::new();
    for (path, bytes) in site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = path.rfind('/').map_or("", |i| &path[..i]);
        for link in links(&html) {
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
                || link.is_empty()
            {
                continue;
            }
            let (file, frag) = match link.split_once('#') {
                Some((f, fr)) => (percent_decode(f), Some(percent_decode(fr))),
                None => (percent_decode(&link), None),
            };
            let target = if file.is_empty() {
                path.clone()
            } else if let Some(abs) = file.strip_prefix('/') {
                // Root-relative (404 pages): from the site root.
                normalize(abs)
            } else {
                let joined = if dir.is_empty() {
                    file.clone()
                } else {
                    format!("{dir}/{file}")
                };
                normalize(&joined)
            };
            let Some(target_bytes) = site.get(&target) else {
                broken.push(format!("{path}: {link} (no file {target})"));
                continue;
            };
            if let Some(f) = frag.filter(|f| !f.is_empty()) {
                let t = String::from_utf8_lossy(target_bytes);
                if !ids(&t).contains(&f) {
                    broken.push(format!("{path}: {link} (no id {f} in {target})"));
                }
            }
        }
    }
    broken
}

/// Decode `%XX` escapes, as a browser does before asking for a file.
pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Build `root` into a fresh temp dir with the CLI; returns (code, stderr, site).
pub(crate) fn build_to_temp(
    root: &Path,
    extra: &[&str],
) -> (i32, String, BTreeMap<String, Vec<u8>>, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut args = vec![
        "build",
        root.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, stderr) = waybook(&args, None);
    let tree = if site.exists() {
        read_tree(&site)
    } else {
        BTreeMap::new()
    };
    (code, stderr, tree, out)
}

pub(crate) fn page(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8_lossy(
        site.get(path)
            .unwrap_or_else(|| panic!("no {path} in site")),
    )
    .into_owned()
}

/// The text between the first `start` marker and the next `end` marker.
pub(crate) fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[i..];
    let j = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |j| j + start.len() + end.len());
    &rest[..j]
}

/// Property-test settings: a fixed seed so CI is deterministic, and `cases`
/// unless `WAYBOOK_FUZZ_CASES` asks for a longer run.
pub(crate) fn fuzz_config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("WAYBOOK_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    proptest::test_runner::Config {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202),
        ..proptest::test_runner::Config::default()
    }
}

/// Run git in `dir` as `author` (`Name <email>`), with a fixed date.
pub(crate) fn git_as(dir: &Path, author: (&str, &str), date: &str, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author.0)
        .env("GIT_AUTHOR_EMAIL", author.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", "CI")
        .env("GIT_COMMITTER_EMAIL", "ci@example.org")
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git is installed")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

/// The HTML and JSON files of a site in memory, as text.
pub(crate) fn site_texts(
    files: &BTreeMap<String, waybook::output::FileData>,
) -> BTreeMap<String, String> {
    (files.iter())
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".json"))
        .map(|(p, d)| {
            let bytes = match d {
                waybook::output::FileData::Bytes(b) => b.to_vec(),
                waybook::output::FileData::Static(b) => b.to_vec(),
                waybook::output::FileData::Copy(p) => std::fs::read(p).unwrap(),
            };
            (p.clone(), String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

/// The site of a session, HTML and JSON files only, as text.
pub(crate) fn session_pages(s: &waybook::build::Session) -> BTreeMap<String, String> {
    site_texts(&s.files)
}

/// Two sites have the same files with the same text.
pub(crate) fn assert_same_site(
    a: &BTreeMap<String, String>,
    b: &BTreeMap<String, String>,
    what: &str,
) {
    let keys = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(a), keys(b), "{what}: file lists differ");
    for (p, text) in a {
        assert!(text == &b[p], "{what}: {p} differs");
    }
}
