//! "Last updated" dates from git, without linking a git library: one
//! `git log` over the handbook folder, newest commit date per file. Silent
//! when git is missing or the folder is not in a repository; warns for a
//! shallow clone, whose dates would be wrong. Runs beside the pipeline; the
//! result feeds page metadata and `handbook.json`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::code::Code;
use crate::diag::Diagnostic;

/// Handbook-relative path → `YYYY-MM-DD` of the newest commit touching it.
pub fn last_updated(root: &Path, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(prefix) = git(root, &["rev-parse", "--show-prefix"]) else {
        return out;
    };
    let prefix = prefix.trim().to_string();
    if git(root, &["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true") {
        diags.push(
            Diagnostic::warning(Code::ShallowClone, "the repository is a shallow clone, so \"last updated\" dates may be wrong")
                .with_help("fetch the full history (actions/checkout: `fetch-depth: 0`), or set `last_updated: false` in handbook.yml"),
        );
    }
    let Some(log) = git(
        root,
        &[
            "log",
            "--format=%x00%cI",
            "--name-only",
            "--no-renames",
            "--",
            ".",
        ],
    ) else {
        return out;
    };
    parse_log(&log, &prefix, &mut out);
    out
}

fn parse_log(log: &str, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in log.split('\0').filter(|e| !e.trim().is_empty()) {
        let mut lines = entry.lines();
        let Some(date) = lines.next().and_then(|d| d.get(..10)) else {
            continue;
        };
        for file in lines.filter(|l| !l.is_empty()) {
            let rel = file.strip_prefix(prefix).unwrap_or(file);
            out.entry(rel.to_string())
                .or_insert_with(|| date.to_string());
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_date_wins_and_prefix_is_stripped() {
        let log = "\u{0}2026-11-20T10:00:00+00:00\n\nhb/docs/a.md\nhb/docs/b.md\n\u{0}2026-01-01T00:00:00+00:00\n\nhb/docs/a.md\nhb/roles/r.md\n";
        let mut out = BTreeMap::new();
        parse_log(log, "hb/", &mut out);
        assert_eq!(out["docs/a.md"], "2026-11-20");
        assert_eq!(out["roles/r.md"], "2026-01-01");
    }

    #[test]
    fn not_a_repository_is_silent() {
        let t = tempfile::tempdir().unwrap();
        let mut d = Vec::new();
        assert!(last_updated(t.path(), &mut d).is_empty());
        assert!(d.is_empty());
    }
}
