//! One fixture handbook per diagnostic code (`tests/fixtures/diagnostics/<code>/`):
//! `check` must report that code, and its output in all three formats must
//! match the `expected.{human,json,github}` files beside the fixture.
//! Regenerate them after an intended change with `WAYBOOK_BLESS=1 cargo test`.
//! Every code in the table (`waybook::code::Code`) has a fixture, except the
//! few that need a live condition a folder cannot hold; those are listed in
//! [`LIVE_ONLY`] with the test that covers them, and are rendered in all
//! three formats here too.

use waybook::code::Code;
use waybook::diag::{self, Format};

use crate::util::*;

const FORMATS: [&str; 3] = ["human", "json", "github"];

/// Codes that need a condition a fixture folder cannot hold, and the test
/// (`module::function`) that produces each one for real.
const LIVE_ONLY: &[(&str, &str)] = &[
    // Needs an HTTP server answering 404.
    (
        "external-link",
        "check::external_links_are_checked_only_when_asked",
    ),
    // Needs a shallow git clone.
    (
        "shallow-clone",
        "diagnostics::shallow_clones_are_reported_by_build",
    ),
    // Reported by `build` only (which writes the sitemap), not `check`.
    (
        "sitemap-without-base-url",
        "reader::without_base_url_there_is_no_sitemap_and_one_warning",
    ),
    // Needs a git repository with commits by someone not in people.yml.
    (
        "unknown-contributor",
        "credit::git_history_gives_the_exact_contributors_of_each_page",
    ),
    // Needs a file that cannot be read (or vanishes between listing and reading).
    (
        "unreadable",
        "diagnostics::a_file_that_vanishes_is_unreadable_in_every_format",
    ),
];

fn fixture_dirs() -> Vec<std::path::PathBuf> {
    let root = repo().join("tests/fixtures/diagnostics");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_code_has_a_fixture_or_a_named_live_test() {
    let names: Vec<String> = fixture_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for n in &names {
        assert!(Code::from_name(n).is_some(), "fixture `{n}` names no code");
    }
    let suite = std::fs::read_dir(repo().join("tests/suite"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect::<String>();
    for &c in Code::ALL {
        if names.iter().any(|n| n == c.as_str()) {
            continue;
        }
        let Some((_, test)) = LIVE_ONLY.iter().find(|(n, _)| *n == c.as_str()) else {
            panic!("code `{c}` has no fixture in tests/fixtures/diagnostics/{c}/");
        };
        let func = test.rsplit("::").next().unwrap();
        assert!(
            suite.contains(&format!("fn {func}()")),
            "{c}: no test {test}"
        );
    }
}

#[test]
fn every_diagnostic_fixture_matches_its_expected_output() {
    let bless = std::env::var_os("WAYBOOK_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in fixture_dirs() {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        for format in FORMATS {
            let (status, out, err) = waybook(&["check", ".", "--format", format], Some(&dir));
            assert!(status == 0 || status == 1, "{code}: exit {status}: {err}");
            if format == "json" {
                let codes = json_codes(&out);
                assert!(codes.contains(&code), "{code}: not reported; got {codes:?}");
            }
            let expected_path = dir.join(format!("expected.{format}"));
            if bless {
                std::fs::write(&expected_path, &out).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != out {
                failures.push(format!(
                    "--- {code} ({format}) expected:\n{expected}\n--- got:\n{out}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches (WAYBOOK_BLESS=1 to update):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_file_that_vanishes_is_unreadable_in_every_format() {
    let hb = handbook(&[("docs/a.md", "# A\n")]);
    let abs = hb.path().join("docs/a.md");
    std::fs::remove_file(&abs).unwrap();
    let mut diags = Vec::new();
    assert!(waybook::source::read_text(&abs, "docs/a.md", &mut diags).is_none());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::Unreadable);
    let sources = std::collections::HashMap::<String, String>::new();
    let human = diag::render(&diags, Format::Human, &sources, false);
    assert!(
        human.starts_with("error[unreadable]: cannot read `docs/a.md`"),
        "{human}"
    );
    assert!(human.contains("docs/a.md:1:1"), "{human}");
    let json = diag::render(&diags, Format::Json, &sources, false);
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(
        (v["code"].as_str(), v["file"].as_str()),
        (Some("unreadable"), Some("docs/a.md"))
    );
    let github = diag::render(&diags, Format::Github, &sources, false);
    assert!(
        github.starts_with("::error file=docs/a.md,line=1,col=1,title=unreadable::"),
        "{github}"
    );
}

#[test]
fn shallow_clones_are_reported_by_build() {
    let git = |dir: &std::path::Path, args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .expect("git is installed")
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    let origin = handbook(&[("index.md", "# Home\n"), ("docs/a.md", "# A\n")]);
    git(origin.path(), &["init", "-q"]);
    git(origin.path(), &["add", "."]);
    git(origin.path(), &["commit", "-qm", "one"]);
    std::fs::write(origin.path().join("docs/a.md"), "# A again\n").unwrap();
    git(origin.path(), &["commit", "-qam", "two"]);
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(clones.path(), &["clone", "-q", "--depth", "1", &url, "hb"]);
    let (code, stderr, _site, _out) = build_to_temp(&clones.path().join("hb"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[shallow-clone]"), "{stderr}");
    // A full clone is not reported.
    git(clones.path(), &["clone", "-q", &url, "full"]);
    let (_, stderr, _site, _out) = build_to_temp(&clones.path().join("full"), &[]);
    assert!(!stderr.contains("shallow-clone"), "{stderr}");
}

#[test]
fn explain_prints_every_code_and_suggests_for_typos() {
    let (code, out, _) = waybook(&["explain"], None);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), Code::ALL.len());
    for &c in Code::ALL {
        assert!(out.contains(c.explanation()), "{c}");
    }
    let (code, out, _) = waybook(&["explain", "role-unheld"], None);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("role-unheld (default level: warning)"),
        "{out}"
    );
    assert!(out.contains("lints:\n      role-unheld: warning"), "{out}");
    let (code, out, _) = waybook(&["explain", "invalid-yaml"], None);
    assert_eq!(code, 0);
    assert!(out.contains("keeps showing the last good build"), "{out}");
    let (code, _, err) = waybook(&["explain", "role-unhled"], None);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `role-unheld`?"), "{err}");
}
