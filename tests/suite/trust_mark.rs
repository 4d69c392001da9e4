//! Includes, rendering cost and search text (issue 12): include cycles and
//! folders are errors with their chain, includes that multiply are capped
//! the same way by `check` and `build`, many roles render in linear time,
//! and block and cell boundaries separate words in the search index.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

/// Run the binary, killing it if it is still running after `limit`.
fn waybook_within(args: &[&str], limit: Duration) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waybook"))
        .args(args)
        .env("WAYBOOK_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("waybook {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check_json(root: &Path) -> Vec<serde_json::Value> {
    let (code, out, err) = waybook(&["check", root.to_str().unwrap(), "--format", "json"], None);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn self_include_is_an_error_at_the_directive() {
    let hb = handbook(&[("docs/a.md", "# A\n\nIntro.\n\n```{include} a.md\n```\n")]);
    let d = check_json(hb.path());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "include-cycle");
    assert_eq!(d[0]["file"], "docs/a.md");
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("docs/a.md → docs/a.md")
    );
    // The page still builds, with a marked box where the include was.
    let (code, _, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 1);
    assert!(page(&site, "docs/a.html").contains("Include cycle"));
}

#[test]
fn mutual_includes_give_one_error_with_the_chain() {
    let hb = handbook(&[
        ("docs/index.md", "# Home\n\n```{include} x/a.md\n```\n"),
        ("docs/x/a.md", "# A\n\n```{include} b.md\n```\n"),
        (
            "docs/x/b.md",
            "# B\n\n:::{note}\n```{include} ./a.md\n```\n:::\n",
        ),
    ]);
    let d = check_json(hb.path());
    let codes: Vec<&str> = d.iter().map(|v| v["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["include-cycle"], "{d:?}");
    assert_eq!(
        d[0]["message"],
        "`{include}` cycle: docs/x/a.md → docs/x/b.md → docs/x/a.md"
    );
}

#[test]
fn include_of_a_folder_is_an_error() {
    let hb = handbook(&[
        ("docs/a.md", "# A\n\n```{include} parts/\n```\n"),
        ("docs/parts/p.md", "# P\n"),
    ]);
    let d = check_json(hb.path());
    let codes: Vec<&str> = d.iter().map(|v| v["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["include-folder"], "{d:?}");
    assert_eq!(d[0]["line"], 3);
}

#[test]
fn include_chains_deeper_than_eight_are_an_error_in_check_and_build() {
    let mut files: Vec<(String, String)> = (0..9)
        .map(|i| {
            (
                format!("docs/g{i}.md"),
                format!("# G{i}\n\n```{{include}} g{}.md\n```\n", i + 1),
            )
        })
        .collect();
    files.push(("docs/g9.md".into(), "deepest words".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let hb = handbook(&refs);
    let d = check_json(hb.path());
    let codes: Vec<&str> = d.iter().map(|v| v["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["include-too-deep"], "{d:?}");
    assert_eq!(d[0]["file"], "docs/g0.md");
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(err.matches("error[include-too-deep]").count(), 1, "{err}");
    assert!(page(&site, "docs/g0.html").contains("Includes nested too deep"));
    assert!(page(&site, "docs/g1.html").contains("deepest words"));
}

#[test]
fn includes_that_multiply_are_capped_and_check_agrees_with_build() {
    // f0 includes f1 ten times, f1 includes f2 ten times … f8 holds 100
    // bytes: 10^10 bytes if expanded in full.
    let mut files: Vec<(String, String)> = (0..8)
        .map(|i| {
            let inc = format!("```{{include}} f{}.md\n```\n\n", i + 1);
            (
                format!("docs/f{i}.md"),
                format!("# F{i}\n\n{}", inc.repeat(10)),
            )
        })
        .collect();
    files.push(("docs/f8.md".into(), "word ".repeat(20)));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let hb = handbook(&refs);
    let root = hb.path().to_str().unwrap();
    let (_, out, _) = waybook_within(
        &["check", root, "--format", "json"],
        Duration::from_secs(30),
    );
    let codes = json_codes(&out);
    assert!(codes.iter().all(|c| c == "include-too-large"), "{codes:?}");
    assert!(!codes.is_empty());
    assert!(
        out.contains("docs/f0.md → docs/f1.md → docs/f2.md"),
        "{out}"
    );
    let site = tempfile::tempdir().unwrap();
    let dest = site.path().join("s");
    let (code, _, err) = waybook_within(
        &["build", root, "-o", dest.to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.matches("error[include-too-large]").count(),
        codes.len(),
        "{err}"
    );
    let f0 = std::fs::read_to_string(dest.join("docs/f0.html")).unwrap();
    assert!(f0.contains("Include limit reached"));
    assert!(f0.len() < 40 << 20, "{} bytes", f0.len());
}

fn shard(site: &std::collections::BTreeMap<String, Vec<u8>>, key: &str) -> serde_json::Value {
    serde_json::from_str(&page(site, &format!("search/t-{key}.json"))).unwrap()
}

#[test]
fn table_cells_and_list_items_are_separate_search_words() {
    let hb = handbook(&[(
        "docs/rota.md",
        "# Rota\n\n| Who | When |\n|---|---|\n| cards | tiago |\n| tuesdays | anna |\n\n- first\n- second\n  - third\n",
    )]);
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{err}");
    for (key, word) in [
        ("ca", "cards"),
        ("ti", "tiago"),
        ("tu", "tuesdays"),
        ("se", "second"),
        ("th", "third"),
    ] {
        assert!(
            shard(&site, key).get(word).is_some(),
            "`{word}` not indexed"
        );
    }
    let ca = shard(&site, "ca");
    let glued: Vec<&String> = ca
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.len() > 5)
        .collect();
    assert!(glued.is_empty(), "glued words: {glued:?}");
}

#[test]
fn excerpt_text_reaches_words_far_down_the_page() {
    let filler = "Lorem ipsum dolor sit amet. ".repeat(200);
    let text = format!("# Long\n\n{filler}\n\nThe quorum is five members.\n");
    let hb = handbook(&[("docs/long.md", text.as_str())]);
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let bodies: Vec<String> = serde_json::from_str(&page(&site, "search/b-0.json")).unwrap();
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("The quorum is five members.")),
        "excerpt text stops before the match"
    );
}
