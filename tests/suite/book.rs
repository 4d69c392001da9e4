//! The whole book: `build --print` writes `print.html` (every page once,
//! docs in sidebar order then the appendices, no links to other pages) and
//! `waybook pdf` prints it through a system Chromium, or fails with exit
//! code 3 when there is none.

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

#[test]
fn pdf_through_chromium_has_an_outline() {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.is_file() {
        eprintln!("note: no Chromium, skipping the PDF test");
        return;
    }
    let hb = handbook(&[
        ("handbook.yml", "title: Booklet\n"),
        (
            "docs/a.md",
            "# First chapter\n\nSee [the second](b.md#part).\n",
        ),
        ("docs/b.md", "# Second chapter\n\n## Part\n\nText.\n"),
    ]);
    let out = hb.path().join("book.pdf");
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_waybook"))
        .args(["pdf", hb.path().to_str().unwrap(), "-o"])
        .arg(&out)
        .env("CHROME", chromium)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(res.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/Outlines"), "no document outline");
    assert!(has(b"/StructTreeRoot"), "not tagged");
}
