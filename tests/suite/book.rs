//! The whole book: `build --print` writes `print.html` (every page once,
//! docs in sidebar order then the appendices, no links to other pages) and
//! `waybook pdf` prints it through a system Chromium, or fails with exit
//! code 3 when there is none; pdftotext (poppler-utils) reads the PDF's
//! text back. Without Chromium or pdftotext the PDF tests print why and
//! pass, except in CI (`CI` set), where they fail.

use std::collections::BTreeSet;

use crate::util::*;

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    html.split(&format!(" {attr}=\""))
        .skip(1)
        .map(|p| p.split('"').next().unwrap_or(""))
        .collect()
}

#[test]
fn print_html_holds_every_page_once_with_in_book_links() {
    let example = repo().join("example-handbook");
    let (code, stderr, site, _t) = build_to_temp(&example, &["--print"]);
    assert_eq!(code, 0, "{stderr}");
    let book = page(&site, "print.html");
    // One section per page of the reading order, in that order: every doc
    // page, then the roles, journeys, glossary and people pages.
    let sections = attr_values(&book, "class")
        .iter()
        .filter(|c| c.starts_with("book-section"))
        .count();
    let content_pages = site
        .keys()
        .filter(|p| {
            p.ends_with(".html")
                // The book is the default language's.
                && !p.starts_with("fr/")
                && !p.starts_with("ar/")
                && !matches!(
                    p.as_str(),
                    "index.html"
                        | "search.html"
                        | "404.html"
                        | "print.html"
                        | "acknowledgements.html"
                        | "health.html"
                )
        })
        .count();
    assert_eq!(sections, content_pages);
    let at = |needle: &str| book.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(at("<h1 id=\"p0--welcome-to-lattice\"") < at("class=\"content roles-index\""));
    assert!(at("class=\"content roles-index\"") < at("class=\"content journeys-index\""));
    assert!(at("class=\"content journeys-index\"") < at("class=\"content glossary-page\""));
    assert!(at("class=\"content glossary-page\"") < at("class=\"content people-page\""));
    // No link leaves the book except to the web and the stylesheets.
    let ids: BTreeSet<&str> = attr_values(&book, "id").into_iter().collect();
    assert_eq!(ids.len(), attr_values(&book, "id").len(), "duplicate ids");
    for href in attr_values(&book, "href") {
        match href.strip_prefix('#') {
            Some(id) => assert!(ids.contains(id), "#{id} names no element"),
            None => assert!(
                href.starts_with("https://")
                    || href.starts_with("http://")
                    || href.starts_with("mailto:")
                    || href.starts_with("static/"),
                "print.html links to {href}"
            ),
        }
    }
    // An ordinary build has no book.
    let (_, _, site, _t) = build_to_temp(&example, &[]);
    assert!(!site.contains_key("print.html"));
}

#[test]
fn pdf_without_a_browser_is_one_error_with_its_own_exit_code() {
    let hb = handbook(&[("docs/a.md", "# A\n")]);
    for chrome in [None, Some("/nonexistent/chrome")] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_waybook"));
        cmd.args(["pdf", hb.path().to_str().unwrap(), "-o"])
            .arg(hb.path().join("out.pdf"))
            .env("PATH", "")
            .env_remove("CHROME");
        if let Some(c) = chrome {
            cmd.env("CHROME", c);
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{err}"
        );
        assert!(err.contains("Chromium"), "{err}");
        assert!(!hb.path().join("out.pdf").exists());
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The tool at `path`, or `None` after saying why the test does not run;
/// in CI (`CI` set) a missing tool fails the test instead, as the browser
/// tests do.
fn tool(path: &str, install: &str) -> Option<std::path::PathBuf> {
    let p = std::path::PathBuf::from(path);
    if p.is_file() {
        return Some(p);
    }
    let why = format!("no {path} (apt-get install {install})");
    assert!(!in_ci(), "the PDF tests cannot run in CI: {why}");
    eprintln!("note: skipping a PDF test: {why}");
    None
}

/// Print a handbook to `book.pdf` in its folder through Chromium.
fn print_pdf(hb: &std::path::Path, chromium: &std::path::Path) -> std::path::PathBuf {
    let out = hb.join("book.pdf");
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_waybook"))
        .args(["pdf", hb.to_str().unwrap(), "-o"])
        .arg(&out)
        .env("CHROME", chromium)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(res.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    out
}

/// The text of a PDF, as pdftotext reads it (UTF-8).
fn pdf_text(pdftotext: &std::path::Path, pdf: &std::path::Path) -> String {
    let res = std::process::Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    String::from_utf8_lossy(&res.stdout).into_owned()
}

#[test]
fn pdf_through_chromium_has_an_outline() {
    let Some(chromium) = tool("/usr/bin/chromium", "chromium") else {
        return;
    };
    let hb = handbook(&[
        ("handbook.yml", "title: Booklet\n"),
        (
            "docs/a.md",
            "# First chapter\n\nSee [the second](b.md#part).\n",
        ),
        ("docs/b.md", "# Second chapter\n\n## Part\n\nText.\n"),
    ]);
    let out = print_pdf(hb.path(), &chromium);
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/Outlines"), "no document outline");
    assert!(has(b"/StructTreeRoot"), "not tagged");
}

/// The PDF holds the handbook's words, not only its outline: pdftotext
/// finds every page's title (in the contents and over its chapter) and
/// body text, accents and Greek intact, chapters in nav order, the role,
/// glossary and people appendices after them, the title in the running
/// header.
#[test]
fn pdf_text_is_the_handbooks_text() {
    let (Some(chromium), Some(pdftotext)) = (
        tool("/usr/bin/chromium", "chromium"),
        tool("/usr/bin/pdftotext", "poppler-utils"),
    ) else {
        return;
    };
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: Gouvernance de Ærøskøbing\nlints:\n  role-unreachable: off\n",
        ),
        (
            "docs/a.md",
            "# Comment nous décidons\n\nLe conseil vote à la majorité des deux tiers.\n",
        ),
        (
            "docs/b.md",
            "# Rejoindre la communauté\n\nPrésentez-vous sur le forum, Zoë répond.\n",
        ),
        (
            "roles/steward.md",
            "---\ntitle: Intendant des données\nholders: [zoe]\n---\n\nGarde les archives.\n",
        ),
        (
            "glossary.yml",
            "terms:\n  - term: Quorum\n    definition: Le nombre minimal de votants.\n",
        ),
        ("people.yml", "people:\n  - id: zoe\n    name: Zoë Σοφία\n"),
    ]);
    let out = print_pdf(hb.path(), &chromium);
    // Lines may wrap anywhere: compare with runs of white space as one.
    let text = pdf_text(&pdftotext, &out);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("the PDF's text lacks {needle:?}:\n{text}"))
    };
    // Each chapter's title is in the contents and heads its chapter; the
    // bodies follow in nav order, then the appendices.
    for title in ["Comment nous décidons", "Rejoindre la communauté"] {
        at(title);
        assert!(text.matches(title).count() >= 2, "{title:?}:\n{text}");
    }
    let first = at("Le conseil vote à la majorité des deux tiers.");
    let second = at("Présentez-vous sur le forum, Zoë répond.");
    assert!(first < second, "chapters out of nav order:\n{text}");
    for needle in [
        "Intendant des données",
        "Garde les archives.",
        "Quorum",
        "Le nombre minimal de votants.",
        "Zoë Σοφία",
    ] {
        assert!(
            text.rfind(needle).is_some_and(|i| i > second),
            "{needle:?} is not in an appendix:\n{text}"
        );
    }
    // The handbook's title runs at the head of the pages.
    assert!(
        text.matches("Gouvernance de Ærøskøbing").count() >= 3,
        "{text}"
    );
}

/// A real handbook nobody here wrote: the Turing Way corpus prints to a PDF
/// whose text holds the title of every one of its pages.
#[test]
fn the_turing_way_prints_with_every_page_title() {
    let (Some(chromium), Some(pdftotext)) = (
        tool("/usr/bin/chromium", "chromium"),
        tool("/usr/bin/pdftotext", "poppler-utils"),
    ) else {
        return;
    };
    let tw = corpus("turing-way");
    let (_, _, site, _) = build_to_temp(&tw, &[]);
    let json: serde_json::Value = serde_json::from_str(&page(&site, "handbook.json")).unwrap();
    let titles: Vec<String> = json["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_string())
        .collect();
    assert!(titles.len() > 90, "{}", titles.len());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tw.pdf");
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_waybook"))
        .args(["pdf", tw.to_str().unwrap(), "-o"])
        .arg(&out)
        .env("CHROME", &chromium)
        .output()
        .unwrap();
    // The corpus has problems of its own (`check` lists them); the book is
    // printed anyway.
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(out.is_file() && err.contains("Printed the book"), "{err}");
    // Words hyphenated at a line end are joined again; white space is one.
    let text = pdf_text(&pdftotext, &out).replace("-\n", "");
    let flat = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let text = flat(&text);
    let missing: Vec<&String> = titles.iter().filter(|t| !text.contains(&flat(t))).collect();
    assert!(
        missing.is_empty(),
        "titles not in the PDF's text: {missing:?}"
    );
}
