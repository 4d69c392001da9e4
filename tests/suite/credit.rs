//! Credit and citation: contributors from a real git repository made in
//! the test (three people, one known through `.mailmap`, plus one stranger),
//! licences, citations and acknowledgements.

use std::path::Path;

use crate::util::*;

/// Run git in `dir` as `author` (`Name <email>`), with a fixed date.
fn git_as(dir: &Path, author: (&str, &str), date: &str, args: &[&str]) {
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

const ANA_OLD: (&str, &str) = ("ana", "ana@old.example");
const BO: (&str, &str) = ("Bo B", "123+bo-gh@users.noreply.github.com");
const ZOË: (&str, &str) = ("Zoë Ñandú", "zoe@example.org");
const DEE: (&str, &str) = ("Dee Stranger", "dee@example.net");

/// A handbook in a fresh repository: Ana (known by email through
/// `.mailmap`), Bo (by GitHub handle), Zoë (by name), Dee (not in
/// people.yml), and Cy, who opted out of credit.
pub(crate) fn repo_handbook(extra_config: &str) -> tempfile::TempDir {
    let dir = handbook(&[
        (
            "handbook.yml",
            &format!("title: Credit test\nlicense: CC-BY-4.0\n{extra_config}"),
        ),
        (
            "people.yml",
            "- id: ana\n  name: Ana Almeida\n  email: ana@example.org\n  orcid: 0000-0002-1825-0097\n  contributions: [docs, review]\n\
             - id: bo\n  name: Bo Berg\n  handle: bo-gh\n  contributions: [code]\n\
             - id: zoe\n  name: Zoë Ñandú\n\
             - id: cy\n  name: Cy\n  email: cy@example.org\n  credit: false\n",
        ),
        (
            ".mailmap",
            "Ana Almeida <ana@example.org> <ana@old.example>\n",
        ),
        ("index.md", "# Home\n"),
        ("docs/a.md", "# A\n"),
    ]);
    let d = dir.path();
    git_as(d, ANA_OLD, "2026-01-01T10:00:00Z", &["init", "-q"]);
    git_as(d, ANA_OLD, "2026-01-01T10:00:00Z", &["add", "."]);
    git_as(
        d,
        ANA_OLD,
        "2026-01-01T10:00:00Z",
        &["commit", "-qm", "start"],
    );
    std::fs::write(d.join("docs/a.md"), "# A\n\nMore.\n").unwrap();
    std::fs::write(d.join("docs/b.md"), "# B\n").unwrap();
    git_as(d, BO, "2026-02-01T10:00:00Z", &["add", "."]);
    git_as(d, BO, "2026-02-01T10:00:00Z", &["commit", "-qm", "b"]);
    std::fs::write(d.join("docs/b.md"), "# B\n\nZoë was here.\n").unwrap();
    git_as(d, ZOË, "2026-03-01T10:00:00Z", &["commit", "-qam", "zoë"]);
    std::fs::write(d.join("docs/b.md"), "# B\n\nDee too.\n").unwrap();
    git_as(d, DEE, "2026-04-01T10:00:00Z", &["commit", "-qam", "dee"]);
    std::fs::write(d.join("docs/a.md"), "# A\n\nCy.\n").unwrap();
    git_as(
        d,
        ("Cy", "cy@example.org"),
        "2026-05-01T10:00:00Z",
        &["commit", "-qam", "cy"],
    );
    std::fs::write(d.join("docs/a.md"), "# A\n\nAna again.\n").unwrap();
    git_as(
        d,
        ANA_OLD,
        "2026-06-01T10:00:00Z",
        &["commit", "-qam", "again"],
    );
    dir
}

/// The names in a page's "Changed by" list, in order.
fn changed_by(html: &str) -> Vec<String> {
    if !html.contains("<dd class=\"contributors\">") {
        return Vec::new();
    }
    let dd = between(html, "<dd class=\"contributors\">", "</dd>");
    dd.split("person-chip")
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(_, r)| r))
        .filter_map(|s| s.split_once('<').map(|(n, _)| n.to_string()))
        .collect()
}

#[test]
fn git_history_gives_the_exact_contributors_of_each_page() {
    let hb = repo_handbook("");
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    // Creator first; Ana's old address is hers through .mailmap; Cy opted out.
    assert_eq!(
        changed_by(&page(&site, "docs/a.html")),
        ["Ana Almeida", "Bo Berg"]
    );
    assert_eq!(
        changed_by(&page(&site, "docs/b.html")),
        ["Bo Berg", "Zoë Ñandú", "Dee Stranger"]
    );
    assert_eq!(changed_by(&page(&site, "index.html")), ["Ana Almeida"]);
    // Matched people link to their card; the stranger is a name.
    let b = page(&site, "docs/b.html");
    assert!(
        b.contains("href=\"../people.html#person-zoe\">Zoë Ñandú</a>"),
        "{b}"
    );
    assert!(b.contains("<span class=\"person-chip\">Dee Stranger</span>"));
    // One warning for the one stranger, none for anyone matched or opted out.
    assert_eq!(
        stderr.matches("warning[unknown-contributor]").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("Dee Stranger <dee@example.net> made 1 commit"),
        "{stderr}"
    );
}

#[test]
fn credit_false_in_handbook_yml_credits_nobody() {
    let hb = repo_handbook("credit: false\n");
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(changed_by(&page(&site, "docs/b.html")).is_empty());
    assert!(!stderr.contains("unknown-contributor"), "{stderr}");
    // Dates from git still come.
    assert!(page(&site, "docs/b.html").contains("2026-04-01"));
}
