//! The Jupyter Book / MyST directives communities use, end to end on
//! `tests/fixtures/directives/` (one page per directive family, written in
//! the style of a Jupyter Book repository): each page's article HTML is
//! compared with `tests/fixtures/directives.expected/<page>.html` and
//! `check` must give exactly `diagnostics.txt` there (regenerate both with
//! `WAYBOOK_BLESS=1`). Targeted assertions below say what each snapshot
//! must show, so a bless cannot quietly accept a regression.

use crate::util::*;

const PAGES: &[&str] = &[
    "asides",
    "cards",
    "code",
    "diagrams",
    "math",
    "meetings",
    "tables",
    "unsupported",
];

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let (code, _, err) = waybook(
        &[
            "build",
            fixture("directives").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    // The fixture has one broken card link on purpose.
    assert_eq!(code, 1, "{err}");
    (tmp, out)
}

/// The `<article class="content">` of a built page.
fn article(out: &std::path::Path, page: &str) -> String {
    let html = std::fs::read_to_string(out.join(format!("{page}.html"))).unwrap();
    let start = html.find("<article class=\"content\">").unwrap();
    let end = html[start..].find("</article>").unwrap() + start + "</article>".len();
    html[start..end].to_string()
}

fn expected_dir() -> std::path::PathBuf {
    fixture("directives.expected")
}

fn compare(name: &str, got: &str) {
    let path = expected_dir().join(name);
    if std::env::var_os("WAYBOOK_BLESS").is_some() {
        std::fs::create_dir_all(expected_dir()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        got, want,
        "{name} differs (WAYBOOK_BLESS=1 rewrites it after review)"
    );
}

#[test]
fn every_directive_page_renders_as_expected() {
    let (_tmp, out) = built();
    for page in PAGES {
        compare(&format!("{page}.html"), &article(&out, page));
    }
}

#[test]
fn check_reports_exactly_the_problems_in_the_source() {
    let (code, out, err) = waybook(&["check", fixture("directives").to_str().unwrap()], None);
    assert_eq!(code, 1, "{err}");
    compare("diagnostics.txt", &out);
    // One broken card link (an error), a bad formula, a misspelt option,
    // a list table with a short row and an unknown directive (warnings):
    // nothing else.
    for (code, at) in [
        ("error[broken-link]", "cards.md:22:8"),
        ("warning[invalid-directive]", "tables.md:28:1"),
        ("warning[invalid-math]", "math.md:17:27"),
        ("warning[unknown-directive-option]", "meetings.md:13:2"),
        ("warning[unknown-directive]", "unsupported.md:3:5"),
    ] {
        let i = out
            .find(code)
            .unwrap_or_else(|| panic!("{code} missing:\n{out}"));
        assert!(out[i..].contains(at), "{code} not at {at}:\n{out}");
    }
    assert!(out.ends_with("1 error, 4 warnings\n"), "{out}");
}

#[test]
fn tabs_are_labelled_sections_that_work_without_script() {
    let (_tmp, out) = built();
    let a = article(&out, "meetings");
    assert_eq!(a.matches("<section class=\"tab-item\"").count(), 3, "{a}");
    assert!(
        a.contains("<p class=\"tab-label\">Monthly review</p>"),
        "{a}"
    );
    assert!(a.contains("data-selected"), "{a}");
    assert!(a.contains("<a href=\"join.html\">joining page</a>"), "{a}");
    // Tab labels are searchable: the index has the word `summit`.
    let shards = read_tree(&out.join("search"));
    assert!(
        shards
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("\"summit\"")),
        "tab label not indexed"
    );
}

#[test]
fn cards_link_through_the_resolver() {
    let (_tmp, out) = built();
    let a = article(&out, "cards");
    assert!(
        a.contains(
            "<a class=\"card-link\" href=\"join.html\" aria-label=\"Read how to join\">Join us</a>"
        ),
        "{a}"
    );
    assert!(
        a.contains("href=\"join.html#membership-vote\">Vote on stewards</a>"),
        "{a}"
    );
    assert!(a.contains("<span class=\"xref-broken\" title=\"link target `charter-2019.md` does not exist\">Old charter</span>"), "{a}");
    assert!(a.contains("href=\"https://example.org/conduct\""), "{a}");
    assert!(a.contains("--grid-lg:3"), "{a}");
}

#[test]
fn math_is_mathml_at_build_time_and_dollars_stay_dollars() {
    let (_tmp, out) = built();
    let a = article(&out, "math");
    assert_eq!(a.matches("<math display=\"inline\">").count(), 3, "{a}");
    assert_eq!(a.matches("<math display=\"block\">").count(), 2, "{a}");
    assert!(a.contains("<mfrac>"), "{a}");
    assert!(a.contains("Dues are $5 and $10 a month."), "{a}");
    assert!(
        a.contains("<div class=\"math-block\" id=\"quorum\">"),
        "{a}"
    );
    assert!(a.contains("<a href=\"#quorum\""), "{a}");
    assert!(a.contains("class=\"math math-error\""), "{a}");
    // No math script anywhere.
    let page = std::fs::read_to_string(out.join("math.html")).unwrap();
    assert!(
        !page.contains("katex") && !page.contains("mathjax"),
        "{page}"
    );
}

#[test]
fn code_blocks_get_captions_line_numbers_and_marked_lines() {
    let (_tmp, out) = built();
    let a = article(&out, "code");
    assert!(
        a.contains("<figure class=\"code-figure\"><figcaption>bot.yml</figcaption>"),
        "{a}"
    );
    assert!(
        a.contains("<pre class=\"code linenos\" data-lang=\"yaml\">"),
        "{a}"
    );
    assert_eq!(
        a.matches("class=\"line hl-line\" data-n=\"2\"").count(),
        1,
        "{a}"
    );
    assert!(
        a.contains("data-n=\"10\"") && a.contains("data-n=\"11\""),
        "{a}"
    );
}

#[test]
fn list_tables_have_header_rows_stub_columns_and_widths() {
    let (_tmp, out) = built();
    let a = article(&out, "tables");
    assert!(a.contains("<caption>Who does what</caption>"), "{a}");
    assert!(
        a.contains("<col style=\"width:25%\"><col style=\"width:50%\">"),
        "{a}"
    );
    assert_eq!(a.matches("<th scope=\"col\">").count(), 5, "{a}");
    assert_eq!(a.matches("<th scope=\"row\">").count(), 2, "{a}");
    assert_eq!(a.matches("<tr>").count(), 6, "{a}");
    assert!(a.contains("href=\"join.html#membership-vote\""), "{a}");
}

#[test]
fn asides_epigraphs_dropdowns_and_see_also() {
    let (_tmp, out) = built();
    let a = article(&out, "asides");
    assert!(
        a.contains("<p class=\"attribution\">— Founding charter, 2019</p>"),
        "{a}"
    );
    assert!(a.contains("<aside class=\"aside aside-margin\">"), "{a}");
    assert!(
        a.contains("<aside class=\"aside aside-sidebar\"><p class=\"aside-title\">In short</p>"),
        "{a}"
    );
    assert!(a.contains("<details open class=\"admonition admonition-dropdown\"><summary class=\"admonition-title\">History of the project</summary>"), "{a}");
    assert!(
        a.contains("<p class=\"admonition-title\">See also</p>"),
        "{a}"
    );
}

#[test]
fn unknown_directives_show_their_text_as_written() {
    let (_tmp, out) = built();
    let a = article(&out, "unsupported");
    assert!(
        a.contains("Unsupported directive <code>{panels}</code>"),
        "{a}"
    );
    assert!(
        a.contains("<pre class=\"directive-source\">Left panel\n---\nRight panel\n</pre>"),
        "{a}"
    );
}

#[test]
fn mermaid_ships_only_with_sites_that_draw_diagrams() {
    let (_tmp, out) = built();
    let a = article(&out, "diagrams");
    assert!(a.contains("<pre class=\"mermaid\" data-alt=\"A proposal goes from draft to discussion to a vote.\">flowchart LR\n  Draft --&gt; Discussion --&gt; Vote\n</pre>"), "{a}");
    let js = out.join("static/vendor/mermaid/mermaid.min.js");
    assert!(js.is_file());
    assert!(out.join("static/vendor/mermaid/LICENSE").is_file());
    // A site without diagrams does not carry it.
    let hb = handbook(&[("index.md", "# Plain\n\nNo diagrams here.\n")]);
    let plain = hb.path().join("site");
    let (code, _, err) = waybook(
        &[
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            plain.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(plain.join("static/waybook.js").is_file());
    assert!(!plain.join("static/vendor").exists());
}

#[test]
fn see_also_and_a_single_role_ladder_read_naturally() {
    let hb = handbook(&[
        ("index.md", "# Home\n\n```{seealso}\nThe roles.\n```\n"),
        (
            "roles/chair.md",
            "---\ntitle: Chair\nsummary: Runs the meetings.\n---\n# Chair\n\nRuns the meetings.\n",
        ),
    ]);
    let site = hb.path().join("site");
    let (code, _, err) = waybook(
        &[
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains("<p class=\"admonition-title\">See also</p>"),
        "{home}"
    );
    let all: String = read_tree(&site)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(
        all.contains("1 role, not growing into another."),
        "ladder summary"
    );
    assert!(!all.contains("1 roles"), "plural for one role");
}
