//! The user guide (`guide/`) is a handbook: it must pass `check --strict`;
//! the full files its getting-started page shows (code blocks whose info
//! string has `file=PATH`) must build, on top of `waybook init`, with no
//! diagnostic; and every key of every strict schema must have an entry in
//! the guide. The key lists come from waybook itself: each probe writes an
//! unknown key at one place of one schema, and the "expected one of …" of the
//! resulting diagnostic names the keys that place accepts.

use std::path::Path;

use crate::util::{repo, waybook};

fn guide() -> std::path::PathBuf {
    repo().join("guide")
}

fn guide_page(rel: &str) -> String {
    std::fs::read_to_string(guide().join(rel)).unwrap()
}

#[test]
fn guide_checks_strict() {
    let dir = guide();
    let (code, out, err) = waybook(&["check", dir.to_str().unwrap(), "--strict"], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
}

/// The `file=PATH` code blocks of a page: (path, contents).
fn file_blocks(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        let indent = line.len() - line.trim_start().len();
        let line = &line[indent..];
        let fence_len = line.bytes().take_while(|&b| b == b'`').count();
        if fence_len < 3 {
            continue;
        }
        let Some(path) = line[fence_len..]
            .split_whitespace()
            .find_map(|w| w.strip_prefix("file="))
        else {
            continue;
        };
        let fence = &line[..fence_len];
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.trim() == fence {
                break;
            }
            body.push_str(l.get(indent..).unwrap_or(l.trim_start()));
            body.push('\n');
        }
        out.push((path.to_string(), body));
    }
    out
}

#[test]
fn getting_started_builds_without_a_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = tmp.path().join("my-handbook");
    let (code, _, err) = waybook(&["init", hb.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    let blocks = file_blocks(&guide_page("getting-started.md"));
    let paths: Vec<&str> = blocks.iter().map(|(p, _)| p.as_str()).collect();
    for want in [
        "handbook.yml",
        "roles/facilitator.md",
        "groups/open-evenings.md",
        "journeys/first-evening.yml",
        "decisions/0001-open-on-thursdays.md",
    ] {
        assert!(
            paths.contains(&want),
            "getting started lost {want}: {paths:?}"
        );
    }
    for (rel, text) in &blocks {
        let path = hb.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let (code, out, err) = waybook(&["check", hb.to_str().unwrap(), "--strict"], None);
    assert_eq!(code, 0, "{out}{err}");
    // And it builds into a site whose pages show what the tutorial promises.
    let site = tmp.path().join("site");
    let (code, _, err) = waybook(
        &["build", hb.to_str().unwrap(), "-o", site.to_str().unwrap()],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let group = std::fs::read_to_string(site.join("groups/open-evenings.html")).unwrap();
    assert!(group.contains("members-directive"), "{{members}} rendered");
    assert!(group.contains("Sam Sample"));
    assert!(site.join("feed.xml").exists(), "base_url set, so a feed");
    let decision =
        std::fs::read_to_string(site.join("decisions/0001-open-on-thursdays.html")).unwrap();
    assert!(decision.contains("Open evenings team"), "deciders resolve");
}

/// Codes that mean a file does not follow its schema (as opposed to naming
/// things a standalone example does not define).
const SCHEMA_CODES: &[&str] = &[
    "invalid-yaml",
    "invalid-front-matter",
    "invalid-config",
    "invalid-role",
    "invalid-journey",
    "invalid-group",
    "invalid-date",
    "invalid-interval",
    "unknown-key",
    "unknown-status",
    "unknown-stage",
    "unknown-contribution",
    "unknown-directive",
    "unknown-directive-option",
    "template-error",
];

/// Every other page's `file=PATH` examples, written into a handbook of
/// their own, follow the schemas: the ids they name may be missing, but no
/// key, value or template is wrong.
#[test]
fn reference_examples_follow_the_schemas() {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(guide()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(guide()).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".md") || rel == "getting-started.md" {
            continue;
        }
        let blocks = file_blocks(&std::fs::read_to_string(entry.path()).unwrap());
        if blocks.is_empty() {
            continue;
        }
        pages += 1;
        let tmp = tempfile::tempdir().unwrap();
        for (path, text) in &blocks {
            write(tmp.path(), path, text);
        }
        let (_, out, _) = waybook(
            &["check", tmp.path().to_str().unwrap(), "--format", "json"],
            None,
        );
        let bad: Vec<&str> = out
            .lines()
            .filter(|l| {
                SCHEMA_CODES
                    .iter()
                    .any(|c| l.contains(&format!("\"code\":\"{c}\"")))
            })
            .collect();
        assert!(
            bad.is_empty(),
            "examples of guide/{rel}:\n{}",
            bad.join("\n")
        );
    }
    assert!(pages >= 10, "only {pages} pages with examples");
}

/// Write `files` into a fresh handbook and return the keys the first
/// "unknown field `zzz`, expected one of …" diagnostic lists.
fn accepted_keys(files: &[(&str, &str)]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let (_, out, _) = waybook(
        &["check", tmp.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let msg = v["message"].as_str().unwrap_or("");
        if let Some(list) = msg.split("expected one of ").nth(1)
            && msg.contains("`zzz`")
        {
            return list.split(", ").map(|k| k.trim().to_string()).collect();
        }
    }
    panic!("no unknown-field diagnostic for {files:?}:\n{out}");
}

/// Whether the page documents `key` (as `` `key` `` in its text).
fn documents(page: &str, key: &str) -> bool {
    page.contains(&format!("`{key}`")) || page.contains(&format!("`{key}` (or"))
}

fn assert_documented(page_rel: &str, keys: &[String], what: &str) {
    let page = guide_page(page_rel);
    let missing: Vec<&String> = keys.iter().filter(|k| !documents(&page, k)).collect();
    assert!(
        missing.is_empty(),
        "guide/{page_rel} has no entry for {what} keys {missing:?}"
    );
}

#[test]
fn every_configuration_key_is_documented() {
    let probes: &[(&str, &str)] = &[
        ("top level", "title: t\nzzz: 1\n"),
        ("sources", "sources: [{zzz: 1}]\n"),
        ("decisions", "decisions: {zzz: 1}\n"),
        ("health", "health: {zzz: 1}\n"),
    ];
    for (what, yml) in probes {
        let keys = accepted_keys(&[("handbook.yml", yml)]);
        let page = if *what == "sources" {
            "writing/data-sources.md"
        } else {
            "reference/configuration.md"
        };
        assert_documented(page, &keys, what);
    }
    let keys = accepted_keys(&[("handbook.yml", "sources: [{file: a, roles: [{zzz: 1}]}]\n")]);
    assert_documented("writing/data-sources.md", &keys, "sources roles");
}

#[test]
fn every_front_matter_field_is_documented() {
    let fm = |body: &str| format!("---\n{body}\n---\n# T\n");
    let role = fm("zzz: 1");
    let group = fm("name: G\nzzz: 1");
    let meeting = fm("name: G\nmeetings: [{zzz: 1}]");
    let owns = fm("name: G\nowns: {zzz: 1}");
    let probes: Vec<(&str, &str, String)> = vec![
        ("writing/roles.md", "roles/r.md", role),
        ("writing/groups.md", "groups/g.md", group),
        ("writing/groups.md", "groups/g.md", meeting),
        ("writing/groups.md", "groups/g.md", owns),
        (
            "writing/journeys.md",
            "journeys/j.yml",
            "title: J\nzzz: 1\n".into(),
        ),
        (
            "writing/journeys.md",
            "journeys/j.yml",
            "title: J\npersona: {zzz: 1}\n".into(),
        ),
        (
            "writing/journeys.md",
            "journeys/j.yml",
            "title: J\nstages: [{zzz: 1}]\n".into(),
        ),
        (
            "writing/journeys.md",
            "journeys/j.yml",
            "title: J\nstages: [{stage: discover, steps: [{zzz: 1}]}]\n".into(),
        ),
        (
            "writing/glossary-and-people.md",
            "glossary.yml",
            "terms: [{term: a, definition: b, zzz: 1}]\n".into(),
        ),
        (
            "writing/glossary-and-people.md",
            "people.yml",
            "people: [{id: a, zzz: 1}]\n".into(),
        ),
        (
            "writing/decisions.md",
            "decisions/0001-a.md",
            fm("vote: {zzz: 1}"),
        ),
    ];
    for (page, file, text) in &probes {
        let keys = accepted_keys(&[(file, text)]);
        assert_documented(page, &keys, file);
    }
}

/// Schemas whose error does not list their keys (decision records, docs,
/// group members): a checked list, each key verified to be accepted.
#[test]
fn listed_fields_are_accepted_and_documented() {
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "writing/decisions.md",
            "decisions/a.md",
            &[
                "id",
                "number",
                "title",
                "description",
                "summary",
                "status",
                "proposed",
                "decided",
                "date",
                "proposers",
                "authors",
                "deciders",
                "consulted",
                "informed",
                "vote",
                "supersedes",
                "superseded_by",
                "relates",
                "affects",
                "discussion",
                "resolution",
                "tags",
                "extra",
            ],
            "zzz-decision",
        ),
        (
            "writing/docs.md",
            "docs/a.md",
            &[
                "title",
                "description",
                "weight",
                "tags",
                "owners",
                "authors",
                "status",
                "last_reviewed",
                "review_every",
                "superseded_by",
                "draft",
            ],
            "zzz-doc",
        ),
    ];
    for (page, file, keys, unknown) in cases {
        let text = guide_page(page);
        for key in keys.iter() {
            assert!(
                documents(&text, key),
                "guide/{page} has no entry for `{key}`"
            );
        }
        // Every key is known: one file per key (aliases would clash in one
        // file), plus one with the unknown key, which alone is reported.
        let tmp = tempfile::tempdir().unwrap();
        let (folder, ext) = file.rsplit_once('/').unwrap();
        for (i, key) in keys.iter().chain([unknown]).enumerate() {
            let rel = format!("{folder}/{:04}-{ext}", i + 1);
            write(tmp.path(), &rel, &format!("---\n{key}: \n---\n# T\n"));
        }
        let (_, out, _) = waybook(
            &["check", tmp.path().to_str().unwrap(), "--format", "json"],
            None,
        );
        for key in keys.iter() {
            let named = format!("`{key}`");
            assert!(
                !out.lines()
                    .any(|l| l.contains("unknown") && l.contains(&named)),
                "{key} reported unknown:\n{out}"
            );
        }
        assert!(out.contains(unknown), "the unknown key is reported:\n{out}");
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Every key of every object in the example handbook's `handbook.json`
/// (outside the free-form `extra` and `ballots` maps) is named on the
/// guide's `handbook.json` page.
#[test]
fn every_handbook_json_field_is_documented() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let example = repo().join("example-handbook");
    let (code, _, err) = waybook(
        &[
            "build",
            example.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("handbook.json")).unwrap()).unwrap();
    let mut keys = std::collections::BTreeSet::new();
    collect_keys(&json, &mut keys);
    assert!(keys.contains("decisions") && keys.contains("target_type"));
    let page = guide_page("reference/handbook-json.md");
    let missing: Vec<&String> = keys.iter().filter(|k| !names_word(&page, k)).collect();
    assert!(missing.is_empty(), "handbook-json.md lacks {missing:?}");
}

fn collect_keys(v: &serde_json::Value, keys: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                keys.insert(k.clone());
                if k != "extra" && k != "ballots" {
                    collect_keys(x, keys);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect_keys(x, keys)),
        _ => {}
    }
}

/// Whether `word` occurs in `text` not as part of a longer identifier.
fn names_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + word.len()..].chars().next().is_some_and(ident)
    })
}
