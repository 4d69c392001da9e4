//! The shared markdown walk (issue 13) and the links it recognises
//! (issue 20): unknown directive options are reported, never dropped;
//! `[[Chat]](https://…)` is an ordinary link, not a wiki reference.

use crate::util::*;

#[test]
fn unknown_directive_option_is_a_warning_at_the_option_with_a_suggestion() {
    let hb = handbook(&[(
        "docs/a.md",
        "# A\n\n:::{note}\n:clas: wide\nBody.\n:::\n\n```{code-block} rust\n:linenos:\nfn x() {}\n```\n",
    )]);
    let (_, out, _) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(json_codes(&out), vec!["unknown-directive-option"], "{out}");
    // At the option itself, with the schema's suggestion; `:linenos:` is a
    // known MyST option and stays quiet.
    assert!(out.contains("\"line\":4,\"column\":2"), "{out}");
    assert!(out.contains("did you mean `class`?"), "{out}");
}

#[test]
fn wiki_brackets_followed_by_a_destination_are_an_ordinary_link() {
    let hb = handbook(&[(
        "docs/a.md",
        "# A\n\nJoin [[Chat]](https://chat.example.org/room) today.\n",
    )]);
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let html = page(&site, "docs/a.html");
    assert!(
        html.contains("Join <a href=\"https://chat.example.org/room\">[Chat]</a> today."),
        "{html}"
    );
    assert!(!html.contains("xref-broken"), "{html}");
    // A bare `[[Chat]]` is still a cross-reference (and broken here).
    let hb = handbook(&[("docs/a.md", "# A\n\nJoin [[Chat]] (today).\n")]);
    let (_, out, _) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(json_codes(&out), vec!["unknown-reference"], "{out}");
}

#[test]
fn bare_urls_are_links_in_text_and_headings_but_not_in_code() {
    let hb = handbook(&[(
        "docs/a.md",
        "# A\n\n## Docs at www.example.org\n\nMail https://lists.example.org/x. `https://code.example.org`\n",
    )]);
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let html = page(&site, "docs/a.html");
    assert!(
        html.contains("Docs at <a href=\"http://www.example.org\">www.example.org</a>"),
        "{html}"
    );
    assert!(
        html.contains(
            "Mail <a href=\"https://lists.example.org/x\">https://lists.example.org/x</a>."
        ),
        "{html}"
    );
    assert!(
        html.contains("<code>https://code.example.org</code>"),
        "{html}"
    );
}
