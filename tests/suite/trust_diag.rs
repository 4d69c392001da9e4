//! Trust in diagnostics and the YAML model (issue 12): no panic on any span
//! over any text, linear rendering, one mistake gives one diagnostic (the
//! model recovers from bad keys), both shapes of `glossary.yml` and
//! `people.yml`, validated `lints:`, errors for empty journeys and unclosed
//! front matter, a clear alias-bomb message, no reading through a symlinked
//! `handbook.yml`, and checked anchors in journey links.

use std::collections::HashMap;

use proptest::prelude::*;
use waybook::diag::{self, Code, Diagnostic, Format, LineIndex, Span};

use crate::util::*;

/// `check --format json` of a handbook: (exit code, parsed lines).
fn check_json(dir: &std::path::Path) -> (i32, Vec<serde_json::Value>) {
    let (code, out, err) = waybook(&["check", dir.to_str().unwrap(), "--format", "json"], None);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let lines = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (code, lines)
}

/// `(code, file, line, column)` of each diagnostic.
fn positions(lines: &[serde_json::Value]) -> Vec<(String, String, u64, u64)> {
    lines
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const PEOPLE: &str = "people:\n  - id: ada\n    name: Ada\n";

#[test]
fn accented_holder_and_multibyte_first_char_do_not_panic() {
    let hb = handbook(&[
        ("people.yml", PEOPLE),
        (
            "roles/r.md",
            "---\ntitle: R\nholders: [\"José\"]\n---\nBody\n",
        ),
        ("roles/jp.md", "役割の説明\n"),
        ("index.md", "# Home\n"),
    ]);
    let dir = hb.path().to_str().unwrap();
    for format in ["human", "json", "github"] {
        let (code, out, err) = waybook(&["check", dir, "--format", format], None);
        assert_eq!(code, 1, "{format}: {out}{err}");
        assert!(out.contains("José"), "{format}: {out}");
        assert!(out.contains("roles/jp.md"), "{format}: {out}");
    }
    let out_dir = hb.path().join("public");
    let (code, _, err) = waybook(&["build", dir, "-o", out_dir.to_str().unwrap()], None);
    assert!(code == 1 || code == 0, "build exit {code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Text made of the characters that break byte/char arithmetic.
fn utf8ish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "é",
        "e\u{301}",
        "役割",
        "日本語",
        "שלום",
        "مرحبا",
        "\u{200f}",
        "😀",
        "👩\u{200d}💻",
        "🇯🇵",
        "\u{feff}",
        "[x](y.md)",
        "---\n",
        "\u{0}",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(fuzz_config(400))]

    #[test]
    fn diagnostics_render_for_random_spans_over_random_utf8(
        text in utf8ish(),
        offset in 0usize..200,
        len in 0usize..40,
        raw_line in 0u32..50,
        raw_col in 0u32..50,
    ) {
        let mut sources = HashMap::new();
        sources.insert("f.md".to_string(), text.clone());
        // A span built the usual way, and one with arbitrary numbers in it.
        let at = Span::at("f.md", &text, offset, len);
        let raw = Span { file: "f.md".into(), line: raw_line, column: raw_col, offset, len };
        let lines = text.split('\n').count() as u32;
        prop_assert!(at.line >= 1 && at.line <= lines, "{:?}", at);
        prop_assert!(at.column >= 1);
        let idx = LineIndex::new(&text);
        let from_index = idx.span("f.md", offset, len);
        prop_assert_eq!((from_index.line, from_index.column), (at.line, at.column));
        let r = at.byte_range(&text);
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let diags = vec![
            Diagnostic::error(Code::BrokenLink, "m").with_span(at.clone()),
            Diagnostic::warning(Code::OrphanPage, "n").with_span(raw).with_help("h"),
        ];
        for format in [Format::Human, Format::Json, Format::Github] {
            let out = diag::render(&diags, format, &sources, false);
            prop_assert!(!out.is_empty());
        }
        let human = diag::render(&diags[..1], Format::Human, &sources, false);
        if !text.is_empty() {
            // The end of a file that ends with a newline is shown at the end
            // of its last line.
            let eof = r.start == text.len() && text.ends_with('\n');
            let line = if eof { at.line - 1 } else { at.line };
            let header = format!("--> f.md:{line}:");
            prop_assert!(human.contains(&header), "{} in {}", header, human);
        }
        let json = diag::render(&diags[..1], Format::Json, &sources, false);
        let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
        prop_assert_eq!(v["line"].as_u64(), Some(u64::from(at.line)));
        prop_assert_eq!(v["column"].as_u64(), Some(u64::from(at.column)));
    }
}

#[test]
fn human_format_renders_20000_diagnostics_on_one_file_correctly() {
    let n = 20_000;
    let mut text = String::from("# Big\n\n");
    for i in 0..n {
        text.push_str(&format!("line {i}: see [x](nope-{i}.md) — ok\n"));
    }
    let idx = LineIndex::new(&text);
    let mut diags = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(at) = line.find("[x]") {
            let d = Diagnostic::error(Code::BrokenLink, format!("link {i}")).with_span(idx.span(
                "big.md",
                offset + at,
                line[at..].find(')').unwrap() + 1,
            ));
            diags.push(d);
        }
        offset += line.len();
    }
    assert_eq!(diags.len(), n);
    let mut sources = HashMap::new();
    sources.insert("big.md".to_string(), text);
    let out = diag::render(&diags, Format::Human, &sources, false);
    assert!(
        out.ends_with("20000 errors, 0 warnings\n"),
        "{}",
        &out[out.len() - 200..]
    );
    assert_eq!(out.matches("error[broken-link]").count(), n);
    for i in [0, 1, 4_999, 12_345, n - 1] {
        let line = i + 3;
        let entry = format!("error[broken-link]: link {}\n", line - 1);
        let at = out.find(&entry).unwrap_or_else(|| panic!("{entry}"));
        let block = out[at..].lines().take(6).collect::<Vec<_>>().join("\n");
        let header = block.lines().nth(1).unwrap().trim_start();
        assert!(
            header.starts_with(&format!("--> big.md:{line}:")),
            "{block}"
        );
        assert!(
            block.contains(&format!("{line} | line {i}: see [x](nope-{i}.md) — ok")),
            "{block}"
        );
        let col = format!("line {i}: see ").chars().count() + 1;
        assert_eq!(header, format!("--> big.md:{line}:{col}"), "{block}");
    }
}

/// A role, a doc that it owns and a journey step that names it.
fn governance_with_role(role: &str) -> tempfile::TempDir {
    handbook(&[
        ("handbook.yml", "title: T\n"),
        ("people.yml", PEOPLE),
        ("roles/maintainer.md", role),
        (
            "docs/guide.md",
            "---\nowners: [maintainer]\n---\n# Guide\n\nSee [[role:maintainer]].\n",
        ),
        (
            "journeys/newcomer.yml",
            "title: Newcomer\npersona:\n  name: Sam\nstages:\n  - stage: discover\n    steps:\n      - title: Read\n        links: [docs/guide.md]\n        roles: [maintainer]\n  - stage: join\n    steps: [{title: a}]\n  - stage: contribute\n    steps: [{title: b}]\n  - stage: lead\n    steps: [{title: c, roles: [maintainer]}]\n",
        ),
        ("index.md", "# Home\n\n- [Guide](docs/guide.md)\n"),
    ])
}

#[test]
fn misspelt_role_key_gives_exactly_one_diagnostic() {
    let hb = governance_with_role(
        "---\ntitle: Maintainer\nstage: lead\nresponsibilites: [review]\nholders: [ada]\n---\nBody\n",
    );
    let (code, lines) = check_json(hb.path());
    assert_eq!(code, 1);
    assert_eq!(
        positions(&lines),
        [("invalid-yaml".into(), "roles/maintainer.md".into(), 4, 1)],
        "{lines:?}"
    );
    assert_eq!(lines[0]["help"], "did you mean `responsibilities`?");
    // The role kept the fields that parsed: its page shows them.
    let out = hb.path().join("public");
    let (_, _, err) = waybook(
        &[
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    let page = std::fs::read_to_string(out.join("roles/maintainer.html")).expect(&err);
    assert!(
        page.contains("Maintainer") && page.contains("Ada"),
        "{page}"
    );
}

#[test]
fn misspelt_journey_keys_give_one_diagnostic_each_and_no_follow_on() {
    let hb =
        governance_with_role("---\ntitle: Maintainer\nstage: lead\nholders: [ada]\n---\nBody\n");
    std::fs::write(
        hb.path().join("journeys/newcomer.yml"),
        "title: Newcomer\npersona:\n  nam: Sam\nstages:\n  - stage: discover\n    steps:\n      - title: Read\n        links: [docs/guide.md]\n        role: [maintainer]\n  - stag: join\n    steps: [{title: a}]\n  - stage: contribute\n    steps: [{title: b}]\n  - stage: lead\n    steps: [{title: c}]\n",
    )
    .unwrap();
    let (_, lines) = check_json(hb.path());
    let at = |l, c| {
        (
            "invalid-yaml".to_string(),
            "journeys/newcomer.yml".to_string(),
            l,
            c,
        )
    };
    // No "missing field `persona`", no unreachable role, no missing stage.
    assert_eq!(
        positions(&lines),
        [at(3, 3), at(9, 9), at(10, 5)],
        "{lines:?}"
    );
}

#[test]
fn a_bad_front_matter_value_keeps_the_rest_of_the_doc_meta() {
    let hb =
        governance_with_role("---\ntitle: Maintainer\nstage: lead\nholders: [ada]\n---\nBody\n");
    std::fs::write(
        hb.path().join("docs/guide.md"),
        "---\nweight: heavy\nowners: [maintainer]\n---\n# Guide\n",
    )
    .unwrap();
    let (_, lines) = check_json(hb.path());
    assert_eq!(
        positions(&lines),
        [("invalid-yaml".into(), "docs/guide.md".into(), 2, 9)],
        "{lines:?}"
    );
    let out = hb.path().join("public");
    let (_, _, err) = waybook(
        &[
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    let json = std::fs::read_to_string(out.join("handbook.json")).expect(&err);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let guide = &json["docs"].as_array().unwrap()[0];
    assert_eq!(guide["source"], "docs/guide.md");
    assert_eq!(
        guide["owners"],
        serde_json::json!(["maintainer"]),
        "{guide}"
    );
}

#[test]
fn bad_indentation_or_wrong_type_keeps_the_role() {
    for (role, line) in [
        (
            "---\ntitle: Maintainer\nstage: lead\nholders:\n  - ada\n - bob\n---\nBody\n",
            6,
        ),
        (
            "---\ntitle: Maintainer\nstage: lead\nholders: {ada: 1}\n---\nBody\n",
            4,
        ),
        (
            "---\ntitel: Maintainer\nstage: lead\nholders: [ada]\n---\nBody\n",
            2,
        ),
    ] {
        let hb = governance_with_role(role);
        let (_, lines) = check_json(hb.path());
        let p = positions(&lines);
        assert_eq!(p.len(), 1, "{role}: {lines:?}");
        assert_eq!(
            (p[0].1.as_str(), p[0].2),
            ("roles/maintainer.md", line),
            "{role}"
        );
    }
}

#[test]
fn unparsable_role_keeps_its_id_so_references_resolve() {
    let hb = governance_with_role("---\ntitle: [unclosed\n---\nBody\n");
    let (_, lines) = check_json(hb.path());
    let p = positions(&lines);
    assert!(!p.is_empty());
    assert!(
        p.iter().all(|d| d.1 == "roles/maintainer.md"),
        "only the role file is reported: {p:?}"
    );
    let hb = governance_with_role("役割の説明\n");
    let (_, lines) = check_json(hb.path());
    assert_eq!(
        positions(&lines),
        [(
            "role-without-front-matter".into(),
            "roles/maintainer.md".into(),
            1,
            1
        )]
    );
}

#[test]
fn glossary_and_people_accept_plain_lists() {
    let hb = handbook(&[
        (
            "people.yml",
            "- id: ada\n  name: Ada\n- name: Grace Hopper\n",
        ),
        (
            "glossary.yml",
            "# terms\n- term: Quorum\n  definition: Enough people.\n- term: Lazy consensus\n  definition: Silence is assent.\n",
        ),
        (
            "roles/r.md",
            "---\ntitle: R\nstage: discover\nholders: [ada, Grace Hopper]\n---\nA {term}`quorum`.\n",
        ),
        ("index.md", "# Home\n\n{term}`Lazy consensus`\n"),
    ]);
    let (code, lines) = check_json(hb.path());
    assert_eq!(code, 0, "{lines:?}");
    assert!(lines.is_empty(), "{lines:?}");
    // Unknown keys in the list form keep their position and suggestion.
    std::fs::write(
        hb.path().join("glossary.yml"),
        "- term: Quorum\n  defintion: Enough people.\n- term: Lazy consensus\n  definition: Silence.\n",
    )
    .unwrap();
    std::fs::write(
        hb.path().join("people.yml"),
        "- id: ada\n  name: Ada\n  pronuns: she/her\n- name: Grace Hopper\n",
    )
    .unwrap();
    let (_, lines) = check_json(hb.path());
    assert_eq!(
        positions(&lines),
        [
            ("invalid-yaml".into(), "glossary.yml".into(), 2, 3),
            ("invalid-yaml".into(), "people.yml".into(), 3, 3),
        ],
        "{lines:?}"
    );
    assert_eq!(lines[0]["help"], "did you mean `definition`?");
    assert_eq!(lines[1]["help"], "did you mean `pronouns`?");
}

#[test]
fn unknown_lint_code_is_an_error_with_suggestion() {
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: T\nlints:\n  orphan-pages: off\n  role-unheld: off\n",
        ),
        ("index.md", "# Home\n"),
    ]);
    let (code, lines) = check_json(hb.path());
    assert_eq!(code, 1);
    assert_eq!(
        positions(&lines),
        [("invalid-config".into(), "handbook.yml".into(), 3, 3)]
    );
    assert_eq!(lines[0]["help"], "did you mean `orphan-page`?");
}

#[test]
fn empty_journey_and_unclosed_front_matter_are_errors() {
    let hb = handbook(&[
        ("journeys/empty.yml", "\n"),
        ("docs/open.md", "---\ntitle: Open\n\n# Never closed\n"),
        ("roles/r.md", "---\ntitle: R\nholders: [x]\n"),
        ("index.md", "# Home\n\n- [Open](docs/open.md)\n"),
    ]);
    let (code, lines) = check_json(hb.path());
    assert_eq!(code, 1);
    assert_eq!(
        positions(&lines),
        [
            ("invalid-front-matter".into(), "docs/open.md".into(), 1, 1),
            ("invalid-journey".into(), "journeys/empty.yml".into(), 1, 1),
            ("invalid-role".into(), "roles/r.md".into(), 1, 1),
        ],
        "{lines:?}"
    );
    assert!(lines[0]["message"].as_str().unwrap().contains("no closing"));
}

const BOMB: &str = "lol0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
lol1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
lol2: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
lol3: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
lol4: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
lol5: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
lol6: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
lol7: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
lol8: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
";

#[test]
fn alias_bomb_gives_a_clear_message_at_the_right_line() {
    let indented: String = BOMB.lines().map(|l| format!("      {l}\n")).collect();
    let glossary = format!("terms:\n  - term: A\n    definition: B\n    extra:\n{indented}");
    let role_extra: String = BOMB.lines().map(|l| format!("  {l}\n")).collect();
    let role = format!("---\ntitle: R\nextra:\n{role_extra}---\nBody\n");
    let hb = handbook(&[
        ("glossary.yml", glossary.as_str()),
        ("roles/r.md", role.as_str()),
        ("index.md", "# Home\n"),
    ]);
    let (code, lines) = check_json(hb.path());
    assert_eq!(code, 1);
    // `lol5` is where the expansion passes the limit; in the role it is
    // line 9 of the file (front matter starts on line 2).
    assert_eq!(
        positions(&lines),
        [
            ("invalid-yaml".into(), "glossary.yml".into(), 10, 25),
            ("invalid-yaml".into(), "roles/r.md".into(), 9, 21),
        ],
        "{lines:?}"
    );
    for d in &lines {
        let msg = d["message"].as_str().unwrap();
        assert!(msg.contains("aliases") && msg.contains("too many"), "{msg}");
        assert!(!msg.contains('{') && !msg.contains(" at line "), "{msg}");
        assert!(d["help"].as_str().unwrap().contains("anchor"), "{d}");
    }
}

#[cfg(unix)]
#[test]
fn symlinked_handbook_yml_outside_the_root_is_not_used() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("evil.yml"), "title: Pwned Title\n").unwrap();
    let hb = handbook(&[("index.md", "# Home\n")]);
    std::os::unix::fs::symlink(
        outside.path().join("evil.yml"),
        hb.path().join("handbook.yml"),
    )
    .unwrap();
    let (_, lines) = check_json(hb.path());
    assert_eq!(
        positions(&lines),
        [("symlink-escape".into(), "handbook.yml".into(), 1, 1)]
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    waybook(
        &[
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ],
        None,
    );
    for (path, bytes) in read_tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Pwned Title"),
            "{path} shows the outside title"
        );
    }
}

#[test]
fn journey_link_anchors_are_checked() {
    let hb =
        governance_with_role("---\ntitle: Maintainer\nstage: lead\nholders: [ada]\n---\nBody\n");
    let journey = hb.path().join("journeys/newcomer.yml");
    let text = std::fs::read_to_string(&journey).unwrap();
    std::fs::write(
        &journey,
        text.replace(
            "links: [docs/guide.md]",
            "links: [docs/guide.md#guid, docs/guide.md#GUIDE]",
        ),
    )
    .unwrap();
    let (_, lines) = check_json(hb.path());
    assert_eq!(
        positions(&lines),
        [(
            "broken-anchor".into(),
            "journeys/newcomer.yml".into(),
            8,
            17
        )],
        "{lines:?}"
    );
    assert_eq!(lines[0]["help"], "did you mean `guide`?");
}

/// A strict schema, like the model's, for fuzzing the recovery.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Strict {
    title: Option<String>,
    #[serde(default)]
    holders: Vec<waybook::yaml::Spanned<String>>,
    #[serde(default)]
    steps: Vec<StrictStep>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StrictStep {
    title: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
}

fn yamlish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "title: ", "titel: ", "holders:", "steps:", "roles: ", "bogus: ", "\n", "  ", "- ", "[",
        "]", "{", "}", ", ", "a", "é", "役", "'", "\"", "&x ", "*x", "#", ": ", "|\n", "\t",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(fuzz_config(500))]

    /// Whatever the input, recovery ends, never panics, and every
    /// diagnostic it reports points inside the file.
    #[test]
    fn lenient_yaml_recovery_is_total(text in yamlish()) {
        let origin = waybook::yaml::Origin { file: "f.yml", file_text: &text, line_offset: 0, lines: None };
        let r = waybook::yaml::parse_lenient::<Strict>(&text, origin);
        let lines = text.split('\n').count() as u32;
        for d in &r.diags {
            let s = d.span.as_ref().unwrap();
            prop_assert!(s.line >= 1 && s.line <= lines.max(1) + 1, "{:?} in {:?}", s, text);
            prop_assert!(s.offset <= text.len());
        }
        let mut sources = HashMap::new();
        sources.insert("f.yml".to_string(), text.clone());
        diag::render(&r.diags, Format::Human, &sources, false);
    }
}

/// A role card written as prose in `roles/` (no front matter) is not lost:
/// it becomes a role page titled by its first heading, summarised by its
/// first paragraph, with one warning suggesting front matter; references to
/// it resolve.
#[test]
fn prose_role_card_becomes_a_role_page_with_one_warning() {
    let hb = handbook(&[
        (
            "roles/release-manager.md",
            "# Release manager\n\nRuns the *release* train every six weeks.\n\n## Responsibilities\n\n- Cut the branch\n",
        ),
        (
            "docs/index.md",
            "# Home\n\nAsk the [[role:release-manager]].\n",
        ),
    ]);
    let p = hb.path().to_str().unwrap();
    let (code, out, _) = waybook(&["check", p, "--format", "json"], None);
    assert_eq!(code, 0, "a warning, not an error: {out}");
    assert_eq!(json_codes(&out), ["role-without-front-matter"]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let role = page(&site, "roles/release-manager.html");
    assert!(
        role.contains("<title>Release manager"),
        "title from the heading"
    );
    assert!(
        role.contains("Runs the release train every six weeks."),
        "summary"
    );
    assert!(role.contains("Cut the branch"), "body kept");
    let home = page(&site, "docs/index.html");
    assert!(
        home.contains("roles/release-manager.html"),
        "reference resolves"
    );
}
