//! Credit and citation: contributors from a real git repository made in
//! the test (three people, one known through `.mailmap`, plus one stranger),
//! licences, citations and acknowledgements.

use std::path::Path;

use serde_json::Value;

use crate::util::*;

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
    // Matched people link to their page; the stranger is a name.
    let b = page(&site, "docs/b.html");
    assert!(
        b.contains("href=\"../people/zoe.html\">Zoë Ñandú</a>"),
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

/// `build` keeps the history in `.waybook-cache/` and reads it back while
/// the mailmap stays the same: at the same HEAD all of it, after new
/// commits the old ones (so a cache edited by hand shows through both),
/// and none of it after a rewritten history, a new mailmap or with
/// `--no-cache`.
#[test]
fn the_history_cache_stands_for_the_log_it_was_read_from() {
    let hb = repo_handbook("");
    let d = hb.path();
    let b_names = |extra: &[&str]| {
        let (code, stderr, site, _out) = build_to_temp(d, extra);
        assert_eq!(code, 0, "{stderr}");
        changed_by(&page(&site, "docs/b.html"))
    };
    let stranger = ["Bo Berg", "Zoë Ñandú", "Dee Stranger"];
    let cached = ["Bo Berg", "Zoë Ñandú", "Dee Cached"];
    let cache = d.join(".waybook-cache/git-history");
    // `check` writes nothing, not even the cache (git runs for the
    // translation status).
    let yml = std::fs::read_to_string(d.join("handbook.yml")).unwrap();
    std::fs::write(
        d.join("handbook.yml"),
        format!("{yml}languages: [en, fr]\n"),
    )
    .unwrap();
    let (code, _, stderr) = waybook(&["check", d.to_str().unwrap(), "--translations"], None);
    assert!(code <= 1, "{stderr}");
    assert!(!d.join(".waybook-cache").exists());
    std::fs::write(d.join("handbook.yml"), yml).unwrap();
    let tamper = || {
        let kept = std::fs::read_to_string(&cache).unwrap();
        assert!(kept.contains("Dee Stranger"), "{kept}");
        std::fs::write(&cache, kept.replace("Dee Stranger", "Dee Cached")).unwrap();
    };
    assert_eq!(b_names(&[]), stranger);
    tamper();
    assert_eq!(b_names(&[]), cached);
    assert_eq!(b_names(&["--no-cache"]), stranger);
    assert_eq!(b_names(&[]), cached, "--no-cache leaves the cache alone");
    // The cache folder ignores itself: the work tree stays clean.
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");
    // A new commit: only it is read from git.
    std::fs::write(d.join("docs/a.md"), "# A\n\nZoë.\n").unwrap();
    git_as(d, ZOË, "2026-07-01T10:00:00Z", &["commit", "-qam", "z"]);
    let (_, _, grown, _out) = build_to_temp(d, &[]);
    assert_eq!(changed_by(&page(&grown, "docs/b.html")), cached);
    assert_eq!(
        changed_by(&page(&grown, "docs/a.html")),
        ["Ana Almeida", "Bo Berg", "Zoë Ñandú"]
    );
    // A rewritten history is read again whole.
    git_as(
        d,
        ZOË,
        "2026-07-02T10:00:00Z",
        &["commit", "-q", "--amend", "-m", "z2"],
    );
    assert_eq!(b_names(&[]), stranger);
    // So is a changed mailmap, committed or not.
    tamper();
    let mailmap = std::fs::read_to_string(d.join(".mailmap")).unwrap();
    std::fs::write(
        d.join(".mailmap"),
        format!("{mailmap}Dee Renamed <dee@example.net>\n"),
    )
    .unwrap();
    assert_eq!(b_names(&[]), ["Bo Berg", "Zoë Ñandú", "Dee Renamed"]);
    // And a changed `mailmap.file`, which git reads after `.mailmap`.
    std::fs::write(d.join("more.mailmap"), "Dee Más <dee@example.net>\n").unwrap();
    git_as(
        d,
        DEE,
        "2026-07-03T10:00:00Z",
        &["config", "mailmap.file", "more.mailmap"],
    );
    assert_eq!(b_names(&[]), ["Bo Berg", "Zoë Ñandú", "Dee Más"]);
    std::fs::write(d.join("more.mailmap"), "Dee Menos <dee@example.net>\n").unwrap();
    assert_eq!(b_names(&[]), ["Bo Berg", "Zoë Ñandú", "Dee Menos"]);
}

/// The log grown from the cache is the log read whole, page for page,
/// even when a merge brings in commits older than the cached ones.
#[test]
fn a_history_grown_from_the_cache_is_the_whole_log() {
    let hb = repo_handbook("");
    let d = hb.path();
    let (code, stderr, _, _out) = build_to_temp(d, &[]);
    assert_eq!(code, 0, "{stderr}");
    // A branch from the first commit, dated before the cached commits.
    git_as(
        d,
        BO,
        "2026-01-15T10:00:00Z",
        &["checkout", "-qb", "old", "HEAD~5"],
    );
    std::fs::write(d.join("docs/c.md"), "# C\n").unwrap();
    git_as(d, BO, "2026-01-15T10:00:00Z", &["add", "."]);
    git_as(d, BO, "2026-01-15T10:00:00Z", &["commit", "-qm", "c"]);
    git_as(d, BO, "2026-01-16T10:00:00Z", &["checkout", "-q", "-"]);
    std::fs::write(d.join("docs/b.md"), "# B\n\nZoë again.\n").unwrap();
    git_as(d, ZOË, "2026-08-01T10:00:00Z", &["commit", "-qam", "zb"]);
    git_as(
        d,
        ZOË,
        "2026-08-02T10:00:00Z",
        &["merge", "-q", "--no-edit", "old"],
    );
    let (code, stderr, grown, _o1) = build_to_temp(d, &[]);
    assert_eq!(code, 0, "{stderr}");
    let (_, _, whole, _o2) = build_to_temp(d, &["--no-cache"]);
    let differ: Vec<&String> = (whole.keys())
        .filter(|p| grown.get(*p) != whole.get(*p))
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
    assert_eq!(grown.len(), whole.len());
    let rows = recent_changes(&page(&grown, "recent-changes.html"));
    let subjects: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(subjects.first(), Some(&"zb"), "{subjects:?}");
    assert!(subjects.contains(&"c"), "{subjects:?}");
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

// ---------------------------------------------------------------------------
// CITATION.cff

/// A JSON Schema (draft-07) check covering the keywords the CFF schema
/// uses: `$ref`, `type`, `enum`, `pattern`, `minLength`/`maxLength`,
/// `minimum`/`maximum`, `minItems`, `uniqueItems`, `items`, `properties`,
/// `additionalProperties: false`, `required`, `anyOf`, `oneOf` (`format` is
/// an annotation in draft-07). Pushes one message per violation.
fn check_schema(root: &Value, s: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let target = r
            .trim_start_matches("#/")
            .split('/')
            .fold(root, |n, k| &n[k]);
        check_schema(root, target, v, at, errs);
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            t => t.as_str().into_iter().collect(),
        };
        let is = |t: &str| match t {
            "string" => v.is_string(),
            "object" => v.is_object(),
            "array" => v.is_array(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        };
        if !types.iter().any(|t| is(t)) {
            errs.push(format!("{at}: {v} is not {types:?}"));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errs.push(format!("{at}: {v} not in enum"));
    }
    check_scalar(s, v, at, errs);
    check_array(root, s, v, at, errs);
    check_object(root, s, v, at, errs);
    let passes = |alts: &Vec<Value>| {
        alts.iter()
            .filter(|alt| {
                let mut e = Vec::new();
                check_schema(root, alt, v, at, &mut e);
                e.is_empty()
            })
            .count()
    };
    if let Some(alts) = s.get("anyOf").and_then(Value::as_array)
        && passes(alts) == 0
    {
        errs.push(format!("{at}: {v} matches no anyOf branch"));
    }
    if let Some(alts) = s.get("oneOf").and_then(Value::as_array)
        && passes(alts) != 1
    {
        errs.push(format!("{at}: {v} does not match exactly one oneOf branch"));
    }
}

fn check_scalar(s: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    if let Some(text) = v.as_str() {
        let n = text.chars().count() as u64;
        if s.get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| n < m)
            || s.get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
        {
            errs.push(format!("{at}: {text:?} has the wrong length"));
        }
        if let Some(p) = s.get("pattern").and_then(Value::as_str)
            && !regex::Regex::new(p).unwrap().is_match(text)
        {
            errs.push(format!("{at}: {text:?} does not match {p}"));
        }
    }
    if let Some(x) = v.as_f64()
        && (s
            .get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| x < m)
            || s.get("maximum")
                .and_then(Value::as_f64)
                .is_some_and(|m| x > m))
    {
        errs.push(format!("{at}: {x} out of range"));
    }
}

fn check_array(root: &Value, s: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    let Some(a) = v.as_array() else { return };
    if s.get("minItems")
        .and_then(Value::as_u64)
        .is_some_and(|m| (a.len() as u64) < m)
    {
        errs.push(format!("{at}: too few items"));
    }
    if s.get("uniqueItems") == Some(&Value::Bool(true))
        && (1..a.len()).any(|i| a[..i].contains(&a[i]))
    {
        errs.push(format!("{at}: items are not unique"));
    }
    if let Some(items) = s.get("items") {
        for (i, x) in a.iter().enumerate() {
            check_schema(root, items, x, &format!("{at}/{i}"), errs);
        }
    }
}

fn check_object(root: &Value, s: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    let Some(o) = v.as_object() else { return };
    let props = s.get("properties").and_then(Value::as_object);
    for req in s
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !o.contains_key(req.as_str().unwrap_or("")) {
            errs.push(format!("{at}: missing required {req}"));
        }
    }
    for (k, x) in o {
        match props.and_then(|p| p.get(k)) {
            Some(ps) => check_schema(root, ps, x, &format!("{at}/{k}"), errs),
            None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                errs.push(format!("{at}: unexpected property {k}"));
            }
            None => {}
        }
    }
}

fn cff_schema() -> Value {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/cff-schema-1.2.0.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Validate CFF YAML text against the vendored schema; the parsed value.
fn valid_cff(text: &str) -> Value {
    let v: Value = serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let schema = cff_schema();
    let mut errs = Vec::new();
    check_schema(&schema, &schema, &v, "", &mut errs);
    assert!(errs.is_empty(), "{errs:#?}\n{text}");
    v
}

#[test]
fn the_schema_check_rejects_what_the_schema_forbids() {
    let schema = cff_schema();
    let bad = [
        "cff-version: 1.2.0\nmessage: m\ntitle: t\n",
        "cff-version: 1.2.0\nmessage: m\ntitle: t\nauthors: []\n",
        "cff-version: 1.1.0\nmessage: m\ntitle: t\nauthors: [{name: X}]\n",
        "cff-version: 1.2.0\nmessage: m\ntitle: t\nauthors: [{name: X}]\ndoi: https://doi.org/10.1/x\n",
        "cff-version: 1.2.0\nmessage: m\ntitle: t\nauthors: [{name: X}]\nlicense: CC-BY-4\n",
        "cff-version: 1.2.0\nmessage: m\ntitle: t\nauthors: [{name: X, orcid: 0000-0002-1825-0097}]\n",
        "cff-version: 1.2.0\nmessage: m\ntitle: t\nauthors: [{name: X}]\ndate-released: '2026-13-01'\n",
        "cff-version: 1.2.0\nmessage: m\ntitle: t\nauthors: [{name: X}]\ncolour: red\n",
    ];
    for text in bad {
        let v: Value = serde_saphyr::from_str(text).unwrap();
        let mut errs = Vec::new();
        check_schema(&schema, &schema, &v, "", &mut errs);
        assert!(!errs.is_empty(), "accepted: {text}");
    }
}

const CFF: &str = "cff-version: 1.2.0
message: Please cite this handbook.
title: Ñandú Governance Handbook
authors:
  - given-names: Zoë
    family-names: Ñandú
    orcid: https://orcid.org/0000-0002-1825-0097
    affiliation: Universidad de Ejemplo
  - given-names: Bo
    name-particle: van
    family-names: Berg
  - name: The Docs Team
version: 2.1.0
doi: 10.5281/zenodo.1003150
license: CC-BY-SA-4.0
url: https://handbook.example.org/
date-released: 2026-03-01
keywords: [governance, 社区]
";

fn export(dir: &Path) -> String {
    let (code, out, err) = waybook(&["export", "cff", dir.to_str().unwrap(), "-o", "-"], None);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn citation_cff_round_trips_and_validates() {
    let hb = handbook(&[("CITATION.cff", CFF), ("index.md", "# Home\n")]);
    let v = valid_cff(&export(hb.path()));
    assert_eq!(v["title"], "Ñandú Governance Handbook");
    assert_eq!(v["message"], "Please cite this handbook.");
    assert_eq!(v["authors"][0]["given-names"], "Zoë");
    assert_eq!(v["authors"][0]["family-names"], "Ñandú");
    assert_eq!(
        v["authors"][0]["orcid"],
        "https://orcid.org/0000-0002-1825-0097"
    );
    assert_eq!(v["authors"][0]["affiliation"], "Universidad de Ejemplo");
    assert_eq!(v["authors"][1]["family-names"], "van Berg");
    assert_eq!(v["authors"][2]["name"], "The Docs Team");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["doi"], "10.5281/zenodo.1003150");
    assert_eq!(v["license"], "CC-BY-SA-4.0");
    assert_eq!(v["date-released"], "2026-03-01");
    assert_eq!(v["keywords"][1], "社区");
    // Writing what was read gives the same file again.
    let again = handbook(&[
        ("CITATION.cff", &export(hb.path())),
        ("index.md", "# Home\n"),
    ]);
    assert_eq!(export(again.path()), export(hb.path()));
}

#[test]
fn without_citation_cff_the_citation_comes_from_handbook_yml_and_people() {
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: Open \"Quotes\" Handbook\nbase_url: https://x.example/hb\nlicense: MIT OR Apache-2.0\nversion: '1.0'\ndoi: https://doi.org/10.1234/abc.5\n",
        ),
        (
            "people.yml",
            "- id: ana\n  name: Ana de Souza\n  orcid: 0000-0002-1694-233X\n  affiliations: [{name: Uni, ror: 02mhbdp94}]\n- id: li\n  name: 李\n- id: cy\n  name: Cy\n  credit: false\n",
        ),
        ("index.md", "# Home\n"),
    ]);
    let v = valid_cff(&export(hb.path()));
    assert_eq!(v["title"], "Open \"Quotes\" Handbook");
    assert_eq!(v["authors"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["authors"][0]["given-names"], "Ana de");
    assert_eq!(v["authors"][0]["family-names"], "Souza");
    assert_eq!(
        v["authors"][0]["orcid"],
        "https://orcid.org/0000-0002-1694-233X"
    );
    assert_eq!(v["authors"][0]["affiliation"], "Uni");
    assert_eq!(v["authors"][1]["family-names"], "李");
    assert_eq!(v["license"], serde_json::json!(["MIT", "Apache-2.0"]));
    assert_eq!(v["doi"], "10.1234/abc.5");
    assert_eq!(v["url"], "https://x.example/hb/");
    // Nobody to name: the handbook's contributors as one entity.
    let bare = handbook(&[("index.md", "# Home\n")]);
    let v = valid_cff(&export(bare.path()));
    assert!(
        v["authors"][0]["name"]
            .as_str()
            .unwrap()
            .ends_with("contributors")
    );
}

#[test]
fn export_cff_does_not_overwrite_without_force() {
    let hb = handbook(&[("CITATION.cff", CFF), ("index.md", "# Home\n")]);
    let dir = hb.path().to_str().unwrap();
    let (code, _, err) = waybook(&["export", "cff", dir], None);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = waybook(&["export", "cff", dir, "--force"], None);
    assert_eq!(code, 0, "{err}");
    valid_cff(&std::fs::read_to_string(hb.path().join("CITATION.cff")).unwrap());
}

// ---------------------------------------------------------------------------
// Cite this page, meta tags, JSON-LD, licences

/// Undo the HTML escaping Tera applies to text.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The text of the `<pre data-cite="kind">` block.
fn cite_block(html: &str, kind: &str) -> String {
    let start = format!("<pre class=\"cite-text\" data-cite=\"{kind}\"");
    let block = between(html, &start, "</code></pre>");
    let text = block.split_once("<code>").unwrap().1;
    unescape(&text[..text.len() - "</code></pre>".len()])
}

/// A small BibTeX reader: `@type{key, name = {value}, …}` with balanced
/// braces and backslash escapes; returns the type, key and fields.
fn parse_bibtex(text: &str) -> (String, String, Vec<(String, String)>) {
    let t = text.trim();
    let rest = t.strip_prefix('@').expect("starts with @");
    let (kind, rest) = rest.split_once('{').expect("an opening brace");
    let (key, mut rest) = rest.split_once(',').expect("a key");
    assert!(
        !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "{key}"
    );
    let mut fields = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(end) = rest.strip_prefix('}') {
            assert!(end.trim().is_empty(), "text after the entry: {end}");
            break;
        }
        let (name, after) = rest.split_once('=').expect("name = value");
        let after = after.trim_start();
        assert!(after.starts_with('{'), "braced value for {name}");
        let (mut depth, mut escaped, mut end) = (0, false, None);
        for (i, c) in after.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.unwrap_or_else(|| panic!("unbalanced value of {name}"));
        fields.push((name.trim().to_string(), after[1..end].to_string()));
        rest = after[end + 1..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    (kind.to_string(), key.to_string(), fields)
}

fn cited_handbook() -> tempfile::TempDir {
    handbook(&[
        (
            "handbook.yml",
            "title: Tricky {Handbook} & Co\nbase_url: https://x.example/hb\nlicense: CC-BY-4.0\nversion: 3.0.1\ndoi: 10.5281/zenodo.1003150\n",
        ),
        (
            "people.yml",
            "- id: zoe\n  name: \"Zoë </script> Ñandú\"\n- id: bo\n  name: Bo 100% Berg\n",
        ),
        ("index.md", "# Home\n\n[A](docs/a.md) [Own](docs/own.md)\n"),
        (
            "docs/a.md",
            "---\ntitle: \"Voting </script><script>alert(1)</script> & quorum\"\nauthors: [zoe, bo]\n---\nText.\n",
        ),
        ("docs/own.md", "---\nlicense: CC0-1.0\n---\n# Own licence\n"),
        (
            "roles/chair.md",
            "---\ntitle: Chair\nholders: [zoe]\n---\nLeads.\n",
        ),
    ])
}

#[test]
fn every_page_has_citation_meta_tags_and_safe_json_ld() {
    let hb = cited_handbook();
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut pages = 0;
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("<meta name=\"citation_title\" content=\""),
            "{path}"
        );
        assert!(
            html.contains("<meta name=\"citation_author\" content=\""),
            "{path}"
        );
        // The only scripts: the theme's inline one, waybook.js and the JSON-LD.
        let ld_start = "<script type=\"application/ld+json\">";
        assert_eq!(html.matches("<script").count(), 3, "{path}");
        let ld = between(&html, ld_start, "</script>");
        let json = &ld[ld_start.len()..ld.len() - "</script>".len()];
        assert!(!json.contains('<'), "{path}: {json}");
        let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(v["@type"], "CreativeWork", "{path}");
        assert_eq!(v["isPartOf"]["name"], "Tricky {Handbook} & Co");
    }
    assert!(pages >= 5, "{pages}");
    let a = page(&site, "docs/a.html");
    assert!(
        a.contains("<meta name=\"citation_author\" content=\"Zoë &lt;/script&gt; Ñandú\">"),
        "{a}"
    );
    assert!(a.contains("<meta name=\"citation_doi\" content=\"10.5281/zenodo.1003150\">"));
    let ld = between(&a, "<script type=\"application/ld+json\">", "</script>");
    assert!(
        ld.contains(
            r"Voting \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 quorum"
        ),
        "{ld}"
    );
}

#[test]
fn cite_this_page_gives_parseable_bibtex_and_csl_json() {
    let hb = cited_handbook();
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let a = page(&site, "docs/a.html");
    let title = "Voting </script><script>alert(1)</script> & quorum";
    let (kind, key, fields) = parse_bibtex(&cite_block(&a, "bibtex"));
    assert_eq!(kind, "misc");
    assert!(key.starts_with("tricky-handbook-co-"), "{key}");
    let field = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    assert_eq!(
        field("title"),
        Some(r"Voting </script><script>alert(1)</script> \& quorum")
    );
    assert_eq!(
        field("author"),
        Some(r"{Zoë </script> Ñandú} and {Bo 100\% Berg}")
    );
    assert_eq!(field("url"), Some("https://x.example/hb/docs/a.html"));
    assert_eq!(field("doi"), Some("10.5281/zenodo.1003150"));
    assert_eq!(field("version"), Some("3.0.1"));
    assert_eq!(field("howpublished"), Some(r"In Tricky \{Handbook\} \& Co"));
    let csl: Value = serde_json::from_str(&cite_block(&a, "csl-json")).unwrap();
    let item = &csl[0];
    assert_eq!(item["type"], "webpage");
    assert_eq!(item["title"], title);
    assert_eq!(item["author"][0]["literal"], "Zoë </script> Ñandú");
    assert_eq!(item["container-title"], "Tricky {Handbook} & Co");
    assert_eq!(item["DOI"], "10.5281/zenodo.1003150");
    let plain = cite_block(&a, "plain");
    assert!(plain.starts_with(&format!("Zoë </script> Ñandú, Bo 100% Berg (n.d.). {title}. In Tricky {{Handbook}} & Co (version 3.0.1).")), "{plain}");
    // The copy buttons' strings reach waybook.js.
    let js = page(&site, "static/waybook.js");
    assert!(js.contains("\"cite.copy\":\"Copy\""), "strings");
}

#[test]
fn the_footer_shows_the_page_licence_or_the_handbooks() {
    let hb = cited_handbook();
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let footer = |p: &str| between(&page(&site, p), "<footer", "</footer>").to_string();
    let a = footer("docs/a.html");
    assert!(a.contains("Licensed under <a href=\"https://spdx.org/licenses/CC-BY-4.0.html\" title=\"Creative Commons Attribution 4.0 International\">CC-BY-4.0</a>"), "{a}");
    let own = footer("docs/own.html");
    assert!(own.contains(">CC0-1.0</a>"), "{own}");
    assert!(
        page(&site, "docs/own.html")
            .contains("<link rel=\"license\" href=\"https://spdx.org/licenses/CC0-1.0.html\">")
    );
    assert!(footer("roles/chair.html").contains(">CC-BY-4.0</a>"));
}

// ---------------------------------------------------------------------------
// People and acknowledgements

/// Group titles with counts, and the names in each, from the page.
fn ack_groups(html: &str) -> Vec<(String, Vec<String>)> {
    html.split("<section class=\"ack-group\"")
        .skip(1)
        .map(|s| {
            let h = between(s, "<h2", "</h2>");
            let h = h.split_once('>').unwrap().1;
            let title = h[..h.len() - 5]
                .replace("<span class=\"ack-count\">", "")
                .replace("</span>", "");
            let names = s
                .split("<li>")
                .skip(1)
                .map(|li| {
                    let li = li.split("</li>").next().unwrap();
                    let li = li.split(" <span").next().unwrap();
                    li.rsplit_once("\">")
                        .map_or(li, |(_, n)| n)
                        .trim_end_matches("</a>")
                        .to_string()
                })
                .collect();
            (title, names)
        })
        .collect()
}

#[test]
fn acknowledgements_group_everyone_by_contribution_type_with_counts() {
    let hb = repo_handbook("");
    let (code, stderr, site, _out) =
        build_to_temp(hb.path(), &["--base-url", "https://example.org/"]);
    assert_eq!(code, 0, "{stderr}");
    let ack = page(&site, "acknowledgements.html");
    let groups = ack_groups(&ack);
    let expect = |t: &str, names: &[&str]| {
        (
            t.to_string(),
            names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        groups,
        [
            expect("Code (1)", &["Bo Berg"]),
            expect("Documentation (1)", &["Ana Almeida"]),
            expect("Reviews (1)", &["Ana Almeida"]),
            // Most commits first; Cy opted out, Dee is known only to git.
            expect(
                "Changed the handbook (from its history) (4)",
                &["Ana Almeida", "Bo Berg", "Dee Stranger", "Zoë Ñandú"]
            ),
        ]
    );
    assert!(ack.contains("(4 people in all)"), "{ack}");
    assert!(ack.contains("<a href=\"people/ana.html\">Ana Almeida</a> <span class=\"ack-count\">· 2 commits</span>"), "{ack}");
    assert!(!ack.contains(">Cy<"));
    // Every page links to it; the sitemap lists it.
    assert!(
        page(&site, "docs/a.html")
            .contains("href=\"../acknowledgements.html\">Acknowledgements</a>")
    );
    assert!(page(&site, "sitemap.xml").contains("acknowledgements.html"));
}

#[test]
fn a_persons_page_lists_pages_written_and_changed_ids_and_roles() {
    let hb = repo_handbook("");
    std::fs::write(
        hb.path().join("docs/a.md"),
        "---\nauthors: [zoe]\n---\n# A\n",
    )
    .unwrap();
    let mut people = std::fs::read_to_string(hb.path().join("people.yml")).unwrap();
    people = people.replace(
        "- id: zoe\n  name: Zoë Ñandú\n",
        "- id: zoe\n  name: Zoë Ñandú\n  affiliations:\n    - name: Universidad de Ejemplo\n      ror: https://ror.org/02mhbdp94\n    - Café Collective\n  credit_roles: [writing-original-draft, conceptualization]\n",
    );
    std::fs::write(hb.path().join("people.yml"), people).unwrap();
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    // The people page: a card per person, linking their page, with counts
    // in place of the lists.
    let people = page(&site, "people.html");
    let card =
        |id: &str| between(&people, &format!("id=\"person-{id}\""), "</article>").to_string();
    let ana = card("ana");
    assert!(
        ana.contains("<a href=\"people/ana.html\">Ana Almeida</a></h2>"),
        "{ana}"
    );
    assert!(
        ana.contains("<p class=\"person-counts\">changed 2 pages · 2 commits</p>"),
        "{ana}"
    );
    assert!(
        !ana.contains("docs/a.html"),
        "the card does not list pages: {ana}"
    );
    assert!(ana.contains("<a class=\"orcid\" href=\"https://orcid.org/0000-0002-1825-0097\">ORCID 0000-0002-1825-0097</a>"));
    // Each person's page lists them.
    let ana = page(&site, "people/ana.html");
    assert!(
        ana.contains("<h2 id=\"changed-h\">Pages changed</h2>\n<ul class=\"person-pages\"><li><a href=\"../docs/a.html\">A</a></li><li><a href=\"../index.html\">Home</a></li></ul>"),
        "{ana}"
    );
    let zoe = page(&site, "people/zoe.html");
    assert!(zoe.contains("<h1>Zoë Ñandú</h1>"), "{zoe}");
    assert!(
        zoe.contains("<h2 id=\"wrote-h\">Pages written</h2>\n<ul class=\"person-pages\"><li><a href=\"../docs/a.html\">A</a></li></ul>"),
        "{zoe}"
    );
    assert!(
        zoe.contains("<h2 id=\"changed-h\">Pages changed</h2>\n<ul class=\"person-pages\"><li><a href=\"../docs/b.html\">B</a></li></ul>"),
        "{zoe}"
    );
    assert!(
        zoe.contains(
            "<a href=\"https://ror.org/02mhbdp94\">Universidad de Ejemplo</a>, Café Collective"
        ),
        "{zoe}"
    );
    assert!(
        zoe.contains("CRediT roles: Writing – original draft, Conceptualization</p>"),
        "{zoe}"
    );
    assert!(zoe.contains("Wrote 1 page · changed 1 page"), "{zoe}");
    // The breadcrumb leads back to the people page.
    assert!(zoe.contains("<li><a href=\"../people.html\">People</a></li>"));
    // Cy changed docs/a.md but opted out of credit.
    let cy = page(&site, "people/cy.html");
    assert!(
        !cy.contains("changed-h") && !cy.contains("person-counts"),
        "{cy}"
    );
}

#[test]
fn handbook_json_carries_licences_citation_and_contributors() {
    let hb = repo_handbook("version: 1.0.0\n");
    std::fs::write(
        hb.path().join("docs/own.md"),
        "---\nlicense: CC0-1.0\n---\n# Own\n",
    )
    .unwrap();
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let j: Value = serde_json::from_str(&page(&site, "handbook.json")).unwrap();
    let doc = |src: &str| {
        j["docs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["source"] == src)
            .unwrap_or_else(|| panic!("{src}"))
            .clone()
    };
    assert_eq!(
        doc("docs/b.md")["contributors"],
        serde_json::json!(["bo", "zoe", "Dee Stranger"])
    );
    assert_eq!(
        doc("docs/a.md")["contributors"],
        serde_json::json!(["ana", "bo"])
    );
    assert_eq!(doc("docs/b.md")["license"], "CC-BY-4.0");
    // Not committed: no contributors, its own licence.
    assert_eq!(doc("docs/own.md")["contributors"], serde_json::json!([]));
    assert_eq!(doc("docs/own.md")["license"], "CC0-1.0");
    assert_eq!(j["license"]["spdx"], "CC-BY-4.0");
    assert_eq!(j["citation"]["title"], "Credit test");
    assert_eq!(j["citation"]["version"], "1.0.0");
    assert_eq!(j["citation"]["date_released"], "2026-06-01");
    assert_eq!(j["citation"]["authors"][0]["family_names"], "Almeida");
    let ana = &j["people"][0];
    assert_eq!(ana["orcid"], "0000-0002-1825-0097");
    assert!(ana.get("email").is_none(), "emails stay private");
    assert_eq!(j["people"][3]["credit"], false);
}

/// Text with its tags removed.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// The recent changes page as (subject, author, [page titles]) per commit.
fn recent_changes(html: &str) -> Vec<(String, String, Vec<String>)> {
    html.split("<li class=\"change\"")
        .skip(1)
        .map(|li| {
            let li = li.split("</li>").next().unwrap_or(li);
            let after = |mark: &str, end: &str| {
                li.split(mark)
                    .nth(1)
                    .and_then(|r| r.split(end).next())
                    .unwrap_or("")
                    .to_string()
            };
            let subject = strip_tags(&after("class=\"change-subject\">", "</span>"));
            let author = strip_tags(&after("class=\"change-author\">", "</span></p>"));
            let pages = after("class=\"change-pages\">", "</p>")
                .split("</a>")
                .filter_map(|a| {
                    a.rsplit_once("<a ")
                        .map(|(_, link)| strip_tags(&format!("<a {link}")))
                })
                .collect();
            (subject, author, pages)
        })
        .collect()
}

#[test]
fn recent_changes_list_commits_newest_first_with_their_pages() {
    let hb = repo_handbook("");
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let html = page(&site, "recent-changes.html");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        recent_changes(&html),
        [
            ("again".into(), "by Ana Almeida".into(), s(&["A"])),
            // Cy opted out of credit: a name, not a link to their card.
            ("cy".into(), "by Cy".into(), s(&["A"])),
            ("dee".into(), "by Dee Stranger".into(), s(&["B"])),
            ("zoë".into(), "by Zoë Ñandú".into(), s(&["B"])),
            ("b".into(), "by Bo Berg".into(), s(&["A", "B"])),
            (
                "start".into(),
                "by Ana Almeida".into(),
                s(&["A", "Home", "People"])
            ),
        ]
    );
    // Known people link to their page; every page links the page in its footer.
    assert!(
        html.contains("href=\"people/ana.html\">by Ana Almeida</a>"),
        "{html}"
    );
    assert!(page(&site, "docs/a.html").contains("href=\"../recent-changes.html\""));
}

#[test]
fn without_git_there_is_no_recent_changes_page() {
    let hb = handbook(&[("index.md", "# Home\n")]);
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.contains_key("recent-changes.html"));
    assert!(!page(&site, "index.html").contains("recent-changes.html"));
}

#[test]
fn the_feed_carries_recent_changes_linked_to_their_rows() {
    let hb = repo_handbook("");
    let (code, stderr, site, _out) =
        build_to_temp(hb.path(), &["--base-url", "https://hb.example.org/"]);
    assert_eq!(code, 0, "{stderr}");
    let xml = page(&site, "feed.xml");
    let doc = roxmltree::Document::parse(&xml).expect("feed.xml is XML");
    let atom = "http://www.w3.org/2005/Atom";
    let entries: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .collect();
    let text = |n: roxmltree::Node<'_, '_>, tag: &str| {
        n.children()
            .find(|c| c.has_tag_name((atom, tag)))
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_string()
    };
    let titles: Vec<String> = entries.iter().map(|e| text(*e, "title")).collect();
    assert_eq!(titles, ["again", "cy", "dee", "zoë", "b", "start"]);
    let changes = page(&site, "recent-changes.html");
    for e in &entries {
        let id = text(*e, "id");
        let anchor = id
            .strip_prefix("https://hb.example.org/recent-changes.html#")
            .unwrap_or_else(|| panic!("{id}"));
        assert!(changes.contains(&format!("id=\"{anchor}\"")), "{anchor}");
        assert!(text(*e, "updated").starts_with("2026-"), "{xml}");
    }
    // Pages advertise the feed.
    assert!(page(&site, "docs/a.html").contains("application/atom+xml"));
}

/// A handbook in a folder of a larger repository: commits that change
/// only files outside it (code, a merge) credit nobody and are not
/// strangers, while a change made on a merged branch is credited. Whether
/// most commits change the handbook (git is asked without a pathspec) or
/// most change code (with one), the credits are the same.
#[test]
fn a_handbook_in_a_subfolder_sees_only_its_own_commits() {
    for code_commits in [0, 5] {
        subfolder_credits(code_commits);
    }
}

fn subfolder_credits(code_commits: usize) {
    let repo = handbook(&[
        ("handbook/handbook.yml", "title: Sub\n"),
        (
            "handbook/people.yml",
            "- id: ana\n  name: Ana Almeida\n  email: ana@old.example\n- id: zoe\n  name: Zoë Ñandú\n",
        ),
        ("handbook/docs/a.md", "# A\n"),
        ("src/main.rs", "fn main() {}\n"),
    ]);
    let d = repo.path();
    let at = "2026-01-01T10:00:00Z";
    git_as(d, ANA_OLD, at, &["init", "-q"]);
    git_as(d, ANA_OLD, at, &["add", "."]);
    git_as(d, ANA_OLD, at, &["commit", "-qm", "start"]);
    std::fs::write(d.join("src/main.rs"), "fn main() { }\n").unwrap();
    git_as(d, DEE, "2026-02-01T10:00:00Z", &["commit", "-qam", "code"]);
    git_as(d, ZOË, "2026-03-01T10:00:00Z", &["checkout", "-qb", "side"]);
    std::fs::write(d.join("handbook/docs/a.md"), "# A\n\nZoë.\n").unwrap();
    git_as(d, ZOË, "2026-03-01T10:00:00Z", &["commit", "-qam", "doc"]);
    git_as(d, BO, "2026-04-01T10:00:00Z", &["checkout", "-q", "-"]);
    std::fs::write(d.join("src/main.rs"), "fn main() {}\n// more\n").unwrap();
    git_as(
        d,
        BO,
        "2026-04-01T10:00:00Z",
        &["commit", "-qam", "more code"],
    );
    git_as(
        d,
        BO,
        "2026-05-01T10:00:00Z",
        &["merge", "-q", "--no-ff", "side", "-m", "merge"],
    );
    for i in 0..code_commits {
        std::fs::write(d.join("src/main.rs"), format!("fn main() {{}}\n// {i}\n")).unwrap();
        git_as(d, DEE, "2026-06-01T10:00:00Z", &["commit", "-qam", "code"]);
    }
    let (code, stderr, site, _out) = build_to_temp(&d.join("handbook"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        changed_by(&page(&site, "docs/a.html")),
        ["Ana Almeida", "Zoë Ñandú"]
    );
    assert!(!stderr.contains("unknown-contributor"), "{stderr}");
}
