//! Issue 20, real repositories: dated collections (meeting minutes ordered
//! newest first, one sidebar entry, a listing by year, shared titles told
//! apart by date, with folder and `_toc.yml` navigation), the site's
//! identity from `handbook.yml`, `myst.yml`, `_config.yml` or the README,
//! and reserved folders that never swallow a page (prose decision records,
//! markdown in `templates/`).

use std::collections::BTreeMap;

use crate::util::*;

type Site = BTreeMap<String, Vec<u8>>;

fn main_of(site: &Site, p: &str) -> String {
    between(&page(site, p), "<main", "</main>").to_string()
}

fn sidebar(site: &Site, p: &str) -> String {
    between(&page(site, p), "<ul class=\"nav-tree\">", "</nav>").to_string()
}

fn title_of(site: &Site, p: &str) -> String {
    let t = between(&page(site, p), "<title>", "</title>").to_string();
    t["<title>".len()..t.len() - "</title>".len()].to_string()
}

/// `check --format json` diagnostics as `code file:line`.
fn check(root: &std::path::Path) -> Vec<String> {
    let (_, out, _) = waybook(&["check", root.to_str().unwrap(), "--format", "json"], None);
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{} {}:{}",
                v["code"].as_str().unwrap(),
                v["file"].as_str().unwrap_or(""),
                v["line"]
            )
        })
        .collect()
}

/// Positions of `needles` in `hay`, each required to be present.
fn order(hay: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| hay.find(n).unwrap_or_else(|| panic!("no {n} in {hay}")))
        .collect()
}

fn is_sorted(v: &[usize]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

#[test]
fn meeting_minutes_become_one_dated_collection() {
    let root = fixture("dated");
    assert_eq!(check(&root), Vec::<String>::new());
    let (code, stderr, site, _t) = build_to_temp(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    // The generated index: its own heading, undated pages first, then the
    // years newest first, each page with its date and plain title.
    let index = main_of(&site, "meetings/index.html");
    assert!(index.contains("<h1 id=\"meetings\">Meetings"), "{index}");
    let at = order(
        &index,
        &[
            "<a href=\"how-we-meet.html\">How we meet</a>",
            "<h2 id=\"2024\">2024",
            "<li>2024-03-12 — <a href=\"2024-03-12.html\">Meeting agenda</a></li>",
            "<li>2024-02-20 — <a href=\"2024-02-20-repair-cafe.html\">Repair café planning</a></li>",
            "<li>2024-01-09 — <a href=\"2024-01-09.html\">Meeting agenda</a></li>",
            "<h2 id=\"2023\">2023",
            "<li>2023-11-14 — <a href=\"2023-11-14.html\">Meeting agenda</a></li>",
            "<li>2023-09-12 — <a href=\"2023-09-12.html\">Meeting agenda</a></li>",
        ],
    );
    assert!(is_sorted(&at), "{index}");
    assert_eq!(
        title_of(&site, "meetings/index.html"),
        "Meetings · Riverside Tool Library"
    );
    // Shared titles carry their date wherever the title is shown; a unique one does not.
    let m = "meetings/2024-01-09.html";
    assert_eq!(
        title_of(&site, m),
        "Meeting agenda (2024-01-09) · Riverside Tool Library"
    );
    let main = main_of(&site, m);
    assert!(main.contains("<a href=\"index.html\">Meetings</a></li><li><span aria-current=\"page\">Meeting agenda (2024-01-09)</span>"), "{main}");
    assert!(
        main.contains("<dt>Date</dt><dd><time datetime=\"2024-01-09\">2024-01-09</time></dd>"),
        "{main}"
    );
    // Previous and next follow the dates (newer, then older).
    assert!(main.contains("rel=\"prev\" href=\"2024-02-20-repair-cafe.html\"><span>Previous</span> Repair café planning</a>"), "{main}");
    assert!(main.contains("rel=\"next\" href=\"2023-11-14.html\"><span>Next</span> Meeting agenda (2023-11-14)</a>"), "{main}");
    // The sidebar: one entry for the collection, marked on its pages.
    let nav = sidebar(&site, m);
    assert!(
        nav.contains(
            "<li class=\"nav-item nav-collection is-current\"><a href=\"index.html\">Meetings</a></li>"
        ),
        "{nav}"
    );
    assert!(!nav.contains("2023-11-14"), "{nav}");
    let nav = sidebar(&site, "index.html");
    assert_eq!(nav.matches("meetings/").count(), 1, "{nav}");
    // The oldest page has no next doc in the collection: the reports follow.
    let oldest = main_of(&site, "meetings/2023-09-12.html");
    assert!(
        oldest.contains("rel=\"next\" href=\"../reports/index.html\""),
        "{oldest}"
    );
}

#[test]
fn an_index_page_of_its_own_gets_the_listing_appended() {
    let (code, stderr, site, _t) = build_to_temp(&fixture("dated"), &[]);
    assert_eq!(code, 0, "{stderr}");
    let index = main_of(&site, "reports/index.html");
    let at = order(
        &index,
        &[
            "<h1 id=\"reports-to-members\">Reports to members",
            "Twice a year the circle reports",
            "<h2 id=\"2024\">2024",
            "<li>2024-04-20 — <a href=\"spring-assembly.html\">Spring report</a></li>",
            "<h2 id=\"2023\">2023",
            "<li>2023-10-21 — <a href=\"autumn-assembly.html\">Autumn report</a></li>",
            "<li>2023-04-15 — <a href=\"2023-04-15.html\">2023-04-15</a></li>",
        ],
    );
    assert!(is_sorted(&at), "{index}");
    // `date:` front matter orders pages; a page without a heading is titled by its date.
    assert_eq!(
        title_of(&site, "reports/2023-04-15.html"),
        "2023-04-15 · Riverside Tool Library"
    );
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    let docs = json["docs"].as_array().unwrap();
    let doc = |src: &str| docs.iter().find(|d| d["source"] == src).unwrap().clone();
    assert_eq!(doc("reports/spring-assembly.md")["date"], "2024-04-20");
    assert_eq!(doc("meetings/2023-09-12.md")["date"], "2023-09-12");
    assert_eq!(
        doc("meetings/2023-09-12.md")["title"],
        "Meeting agenda (2023-09-12)"
    );
    assert_eq!(
        doc("meetings/how-we-meet.md")["date"],
        serde_json::Value::Null
    );
    let made = doc("meetings/index.md");
    assert_eq!(
        (made["generated"].as_bool(), made["url"].as_str()),
        (Some(true), Some("meetings/index.html"))
    );
    assert_eq!(doc("reports/README.md")["generated"], false);
    // Search results tell the meetings apart too.
    let titles = String::from_utf8_lossy(&site["search/d-0.json"]).into_owned();
    for d in ["2023-09-12", "2023-11-14", "2024-01-09", "2024-03-12"] {
        assert!(
            titles.contains(&format!("Meeting agenda ({d})")),
            "{titles}"
        );
    }
}

const MINUTES: &str = "# Meeting agenda\n\nAttendees: Ama, Bruno\n";

#[test]
fn a_toc_naming_some_meetings_still_gives_one_collection() {
    let hb = handbook(&[
        (
            "_toc.yml",
            "format: jb-book\nroot: intro\nchapters:\n- file: minutes/2024-05-07\n- file: minutes/2024-06-04\n- file: guide\n",
        ),
        ("intro.md", "# Tenants' association\n\nHow we organise.\n"),
        ("guide.md", "# Guide\n"),
        ("minutes/2024-04-02.md", MINUTES),
        ("minutes/2024-05-07.md", MINUTES),
        ("minutes/2024-06-04.md", MINUTES),
    ]);
    // The generated index and the unlisted meeting are placed: no orphans.
    assert_eq!(check(hb.path()), Vec::<String>::new());
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let nav = sidebar(&site, "minutes/2024-04-02.html");
    let at = order(
        &nav,
        &["Tenants", "<a href=\"index.html\">Minutes</a>", "Guide"],
    );
    assert!(is_sorted(&at), "{nav}");
    assert!(!nav.contains("2024-05-07"), "{nav}");
    let main = main_of(&site, "minutes/2024-05-07.html");
    assert!(
        main.contains("rel=\"prev\" href=\"2024-06-04.html\""),
        "{main}"
    );
    assert!(
        main.contains("rel=\"next\" href=\"2024-04-02.html\""),
        "{main}"
    );
    let index = main_of(&site, "minutes/index.html");
    assert!(
        is_sorted(&order(
            &index,
            &["2024-06-04 — ", "2024-05-07 — ", "2024-04-02 — "]
        )),
        "{index}"
    );
}

#[test]
fn a_hand_kept_list_and_a_few_dated_pages_are_left_alone() {
    let hb = handbook(&[
        ("README.md", "# Co-op\n"),
        (
            "minutes/README.md",
            "# Minutes\n\n- [April](2024-04-02.md)\n- [May](2024-05-07.md)\n- [June](2024-06-04.md)\n",
        ),
        ("minutes/2024-04-02.md", MINUTES),
        ("minutes/2024-05-07.md", MINUTES),
        ("minutes/2024-06-04.md", MINUTES),
        ("news/2024-01-01-hello.md", "# Hello\n"),
        ("news/2024-02-01-again.md", "# Again\n"),
        ("news/archive.md", "# Archive\n"),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let index = main_of(&site, "minutes/index.html");
    assert!(
        !index.contains("<h2 id=\"2024\""),
        "a list kept by hand gets no listing: {index}"
    );
    // Two dated pages are not a collection: each keeps its sidebar entry.
    let nav = sidebar(&site, "news/archive.html");
    for p in [
        "2024-01-01-hello.html",
        "2024-02-01-again.html",
        "archive.html",
    ] {
        assert!(nav.contains(p), "{p}: {nav}");
    }
    assert!(!site.contains_key("news/index.html"));
}

#[test]
fn identity_comes_from_myst_yml() {
    let hb = handbook(&[
        (
            "docs/myst.yml",
            "version: 1\nproject:\n  title: Open Seeds Handbook\n  description: How the Open Seeds network runs.\n  toc:\n    - file: index.md\n    - file: join.md\nsite:\n  options:\n    logo: img/logo.svg\n    favicon: img/icon.png\n  nav:\n    - title: Forum\n      url: https://forum.example.org\n    - title: Local\n      url: join.md\n",
        ),
        ("docs/index.md", "# Welcome\n\nWe grow seed libraries.\n"),
        ("docs/join.md", "# Join\n"),
        (
            "docs/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("docs/img/icon.png", "png"),
    ]);
    assert_eq!(check(hb.path()), Vec::<String>::new());
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let home = page(&site, "docs/join.html");
    assert!(
        home.contains("<title>Join · Open Seeds Handbook</title>"),
        "{home}"
    );
    assert!(
        home.contains("<img class=\"site-logo\" src=\"../docs/img/logo.svg\""),
        "{home}"
    );
    assert!(home.contains("href=\"../docs/img/icon.png\""), "{home}");
    assert!(home.contains("<nav class=\"header-links\" aria-label=\"Project links\"><ul><li><a href=\"https://forum.example.org\">Forum</a></li></ul></nav>"), "{home}");
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    assert_eq!(json["title"], "Open Seeds Handbook");
    assert_eq!(json["description"], "How the Open Seeds network runs.");
}

#[test]
fn identity_comes_from_a_jupyter_book_config_else_the_readme() {
    let hb = handbook(&[
        (
            "book/_config.yml",
            "title: The Commons Book\nlogo: ./figures/logo.png\nhtml:\n  favicon: ./figures/missing.ico\n",
        ),
        ("book/_toc.yml", "format: jb-book\nroot: intro\n"),
        ("book/intro.md", "# Intro\n"),
        ("book/figures/logo.png", "png"),
    ]);
    // A missing favicon is one warning, at the value, in the file naming it.
    assert_eq!(
        check(hb.path()),
        vec!["config-file-missing book/_config.yml:4"]
    );
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let intro = page(&site, "book/intro.html");
    assert!(
        intro.contains("<title>Intro · The Commons Book</title>"),
        "{intro}"
    );
    assert!(
        intro.contains("src=\"../book/figures/logo.png\""),
        "{intro}"
    );

    // No project file: the README's first heading, never the folder's name.
    let hb = handbook(&[
        ("docs/README.md", "# Garden Share\n\nWho waters what.\n"),
        ("docs/rota.md", "# Rota\n"),
    ]);
    let root = hb.path().join("docs");
    let (_, _, site, _t) = build_to_temp(&root, &[]);
    assert_eq!(title_of(&site, "rota.html"), "Rota · Garden Share");
    // A handbook without roles or journeys: its home page is its README.
    let home = main_of(&site, "index.html");
    assert!(home.contains("Who waters what."), "{home}");
    assert!(!home.contains("home-stages"), "{home}");
    let hb = handbook(&[("docs/rota.md", "# Rota\n")]);
    let (_, _, site, _t) = build_to_temp(&hb.path().join("docs"), &[]);
    assert_eq!(title_of(&site, "rota.html"), "Rota · Handbook");
    assert!(!main_of(&site, "index.html").contains("home-stages"));

    // handbook.yml wins over the project files.
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: Ours\nlinks:\n  - title: Chat\n    url: https://chat.example.org\n  - title: Bad\n    url: 'javascript:alert(1)'\n",
        ),
        ("myst.yml", "project:\n  title: Theirs\n"),
        ("README.md", "# Readme title\n"),
    ]);
    assert_eq!(check(hb.path()), vec!["unsafe-url handbook.yml:6"]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let home = page(&site, "index.html");
    assert!(home.contains("<title>Ours</title>"), "{home}");
    assert!(
        home.contains("<li><a href=\"https://chat.example.org\">Chat</a></li></ul>"),
        "{home}"
    );
    assert!(!home.contains("javascript:"), "{home}");
}

#[test]
fn reserved_folders_keep_their_pages() {
    let root = fixture("diagnostics/decision-without-front-matter");
    let (code, stderr, site, _t) = build_to_temp(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    let rec = main_of(&site, "decisions/budget-consent.html");
    assert!(
        rec.contains("<h1>Use consent for budget changes</h1>"),
        "{rec}"
    );
    assert!(
        rec.contains("Majority votes left members feeling unheard."),
        "{rec}"
    );
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    assert_eq!(
        json["decisions"][0]["description"],
        "Budget changes above 500 euros are decided by consent at the monthly circle meeting."
    );

    // Markdown in templates/ is documentation; an .html file there is still a theme override.
    let hb = handbook(&[
        (
            "README.md",
            "# Circle\n\nSee the [notes template](templates/meeting-notes.md).\n",
        ),
        (
            "templates/meeting-notes.md",
            "# Meeting notes template\n\nCopy this for each meeting.\n",
        ),
        ("templates/i18n/en.toml", "[nav]\nmenu = \"Browse\"\n"),
        (
            "journeys/newcomers.md",
            "# Newcomers\n\nStart in the chat.\n",
        ),
    ]);
    assert_eq!(check(hb.path()), Vec::<String>::new());
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let t = main_of(&site, "templates/meeting-notes.html");
    assert!(t.contains("Copy this for each meeting."), "{t}");
    assert!(page(&site, "index.html").contains(">Browse</button>"));
    assert!(main_of(&site, "journeys/newcomers.html").contains("Start in the chat."));
}

#[test]
fn live_edits_in_a_collection_equal_a_full_build() {
    let hb = handbook(&[
        ("README.md", "# Co-op\n"),
        ("minutes/README.md", "# Minutes\n\nOur meetings.\n"),
        ("minutes/2024-04-02.md", MINUTES),
        ("minutes/2024-05-07.md", MINUTES),
        ("minutes/2024-06-04.md", MINUTES),
    ]);
    let opts = waybook::build::Options {
        root: hb.path().to_path_buf(),
        ..waybook::build::Options::default()
    };
    let hl = waybook::highlight::Highlighter::new();
    let mut live = waybook::build::Session::new(&opts, &hl).unwrap();
    // The index's own text changes (its appended listing must stay), then a
    // meeting's body (the listing and its neighbours' titles must stay).
    for (file, text) in [
        ("minutes/README.md", "# Minutes\n\nOur monthly meetings.\n"),
        (
            "minutes/2024-05-07.md",
            "# Meeting agenda\n\nAttendees: Ama\n",
        ),
    ] {
        std::fs::write(hb.path().join(file), text).unwrap();
        live.update(&[file.to_string()], &hl).unwrap();
        live.refresh_derived();
        let after = session_pages(&live);
        let full = session_pages(&waybook::build::Session::new(&opts, &hl).unwrap());
        assert!(
            after["minutes/index.html"].contains("<h2 id=\"2024\">2024"),
            "{file}"
        );
        assert_eq!(
            after.keys().collect::<Vec<_>>(),
            full.keys().collect::<Vec<_>>()
        );
        for (p, text) in &after {
            assert!(
                text == &full[p],
                "after editing {file}: {p} differs from a full build"
            );
        }
    }
}
