//! Decision records (issue 19): the schema and its errors, records written
//! for other tools (MADR, PEP-style headers, the shared MADR corpus), the
//! pages, status banners, `feed.xml` (parsed as XML and checked against
//! Atom's required elements), `handbook.json`, the example handbook's
//! decision log, and a serve session after a decision edit.

use crate::util::*;

const BASE: &str = "title: T\nbase_url: https://example.org/hb/\n";

fn json_of(site: &std::collections::BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(&site["handbook.json"]).unwrap()
}

fn check_json(root: &std::path::Path) -> Vec<serde_json::Value> {
    let (_, out, _) = waybook(&["check", root.to_str().unwrap(), "--format", "json"], None);
    out.lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn schema_errors_name_the_key_its_position_and_a_suggestion() {
    let hb = handbook(&[
        ("handbook.yml", BASE),
        (
            "decisions/0001-a.md",
            "---\ntitle: A\nstatus: proposed\nparent: Decisions\nnav_order: 3\ndecidrs: [x]\nvote:\n  for: 1\n  agianst: 2\n---\nBody.\n",
        ),
    ]);
    let diags = check_json(hb.path());
    let msgs: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["code"], d["line"], d["column"], d["message"]
            )
        })
        .collect();
    // Jekyll navigation keys are tolerated; each typo is one error.
    assert_eq!(diags.len(), 2, "{msgs:#?}");
    let key = diags
        .iter()
        .find(|d| d["message"] == "unknown field `decidrs`")
        .unwrap();
    assert_eq!(
        (key["line"].as_u64(), key["column"].as_u64()),
        (Some(6), Some(1))
    );
    assert!(
        key["help"].as_str().unwrap().contains("`deciders`"),
        "{key}"
    );
    let vote = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("agianst"))
        .unwrap();
    assert_eq!(vote["line"].as_u64(), Some(9));
    assert!(
        vote["help"].as_str().unwrap_or("").contains("against"),
        "{vote}"
    );
}

#[test]
fn unknown_status_suggests_a_configured_one() {
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: T\nbase_url: https://example.org/\ndecisions: { statuses: [open, adopted, declined] }\n",
        ),
        ("decisions/a.md", "---\nstatus: adoptd\n---\n# A\n"),
        ("decisions/b.md", "---\nstatus: maybe\n---\n# B\n"),
    ]);
    let diags = check_json(hb.path());
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown-status", "unknown-status"], "{diags:#?}");
    assert_eq!(diags[0]["help"], "did you mean `adopted`?");
    // Nothing near: the configured list.
    assert!(
        diags[1]["help"]
            .as_str()
            .unwrap()
            .contains("open, adopted, declined")
    );
}

/// MADR 3 front matter (comma-separated people, `date`, a status that
/// names its successor) and MADR 2 fields in the body.
const MADR_3: &str = "---\nstatus: superseded by [ADR-0002](0002-use-postgres.md)\ndate: 2023-04-02\ndecision-makers: Dana Reyes, Olu Bello\nconsulted: Platform team\ninformed: Everyone\n---\n# Use SQLite for the registry\n\n## Context and Problem Statement\n\nWe need a store.\n\n```yaml\nstatus: rejected\n```\n\n## Decision Outcome\n\nChosen option: \"SQLite\", because it is one file.\n";
const MADR_2: &str = "# Use Postgres for the registry\n\n* Status: accepted\n* Deciders: Dana Reyes, Olu Bello\n* Date: 2024-01-15\n\nTechnical Story: the registry outgrew one file.\n\n## Decision Outcome\n\nChosen option: \"Postgres\". Supersedes [ADR-0001](0001-use-sqlite.md).\n";

#[test]
fn madr_records_import_without_errors() {
    let hb = handbook(&[
        ("handbook.yml", BASE),
        ("docs/decisions/0001-use-sqlite.md", MADR_3),
        ("docs/decisions/0002-use-postgres.md", MADR_2),
        (
            "docs/decisions/index.md",
            "# Decisions\n\nSee [the first](0001-use-sqlite.md).\n",
        ),
        (
            "docs/decisions/adr-template.md",
            "---\nparent: Decisions\nnav_order: 100\n---\n# {title}\n",
        ),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    let json = json_of(&site);
    let d = json["decisions"].as_array().unwrap();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0]["status"], "superseded");
    assert_eq!(d[0]["decided"], "2023-04-02");
    assert_eq!(
        d[0]["deciders"],
        serde_json::json!(["Dana Reyes", "Olu Bello"])
    );
    assert_eq!(d[0]["consulted"], serde_json::json!(["Platform team"]));
    assert_eq!(
        d[0]["superseded_by"],
        serde_json::json!(["0002-use-postgres"])
    );
    assert_eq!(d[1]["status"], "accepted");
    assert_eq!(d[1]["decided"], "2024-01-15");
    assert_eq!(d[1]["number"], "2");
    // The index and the template stay docs; links between them resolve.
    let docs: Vec<&str> = (json["docs"].as_array().unwrap().iter())
        .map(|d| d["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        docs,
        ["docs/decisions/adr-template.md", "docs/decisions/index.md"]
    );
    assert!(
        page(&site, "docs/decisions/index.html").contains("../../decisions/0001-use-sqlite.html")
    );
    // A superseded record says so and links its successor.
    let old = page(&site, "decisions/0001-use-sqlite.html");
    assert!(
        old.contains("class=\"status-banner banner-superseded\" role=\"note\""),
        "{old}"
    );
    assert!(old.contains("href=\"0002-use-postgres.html\""));
}

const PEP: &str = "PEP: 9001\nTitle: Release Calendar for the\n  Handbook\nAuthor: Rui Costa <rui@example.org>\nStatus: Final\nType: Process\nCreated: 05-Jul-2021\nReplaces: 9000\nDiscussions-To: https://discuss.example.org/t/9001\n\nAbstract\n========\n\nThe handbook ships twice a year.\n";

#[test]
fn pep_style_headers_import_without_errors() {
    let hb = handbook(&[
        ("handbook.yml", BASE),
        (
            "decisions/pep-9000.md",
            "PEP: 9000\nTitle: Ship When Ready\nStatus: Superseded\nSuperseded-By: 9001\nCreated: 1-Mar-2020\n\nShip whenever.\n",
        ),
        ("decisions/pep-9001.md", PEP),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("error[") && !stderr.contains("warning["),
        "{stderr}"
    );
    let json = json_of(&site);
    let d = &json["decisions"][1];
    assert_eq!(d["title"], "Release Calendar for the Handbook");
    assert_eq!(d["number"], "9001");
    assert_eq!(d["status"], "accepted");
    assert_eq!(d["status_written"], "Final");
    assert_eq!(d["proposed"], "2021-07-05");
    assert_eq!(d["supersedes"], serde_json::json!(["pep-9000"]));
    assert_eq!(d["discussion"], "https://discuss.example.org/t/9001");
    assert_eq!(d["extra"]["type"], "Process");
    assert_eq!(
        json["decisions"][0]["superseded_by"],
        serde_json::json!(["pep-9001"])
    );
    // The header block is metadata, not body text.
    let html = page(&site, "decisions/pep-9001.html");
    let body = between(&html, "class=\"decision-body\"", "</section>");
    assert!(
        !body.contains("Discussions-To") && body.contains("twice a year"),
        "{body}"
    );
}

#[test]
fn pages_index_graph_and_backlinks() {
    let hb = handbook(&[
        ("handbook.yml", BASE),
        ("roles/chair.md", "---\ntitle: Chair\nholders: [ana]\n---\n"),
        (
            "docs/rules.md",
            "---\nstatus: active\n---\n# Rules\n\nSee [[decision:2]].\n",
        ),
        (
            "decisions/0001-old.md",
            "---\ntitle: Old rule\nstatus: superseded\ndecided: 2023-02-01\nsuperseded_by: [0002-new]\n---\nOld.\n",
        ),
        (
            "decisions/0002-new.md",
            "---\ntitle: New rule\nstatus: accepted\ndecided: 2024-05-06\ndeciders: [chair, 'group:board']\nsupersedes: ['0001']\naffects: [docs/rules.md, role:chair]\nvote: {for: 3, against: 1, abstain: 0}\n---\nNew.\n",
        ),
        (
            "decisions/0003-idea.md",
            "---\ntitle: An idea\nstatus: proposed\nproposed: 2024-07-01\n---\nMaybe.\n",
        ),
        (
            "groups/board.md",
            "---\nname: The board\nkind: board\n---\nThe board decides.\n",
        ),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let index = page(&site, "decisions/index.html");
    let main = between(&index, "<main", "</main>");
    // Grouped by status in the configured order, with counts; then by year.
    let order: Vec<usize> = [
        "id=\"status-accepted\"",
        "id=\"status-superseded\"",
        "id=\"status-proposed\"",
        "id=\"year-2024\"",
        "id=\"year-2023\"",
    ]
    .iter()
    .map(|n| main.find(n).unwrap_or_else(|| panic!("{n} in {main}")))
    .collect();
    // proposed, accepted, …, superseded (the default order), then years.
    assert!(
        order[2] < order[0] && order[0] < order[1] && order[1] < order[3] && order[3] < order[4],
        "{order:?}"
    );
    assert!(main.contains("1 decision</span>"));
    // The graph: an SVG whose every box links to a decision page.
    let svg = between(main, "<svg", "</svg>");
    assert_eq!(svg.matches("<a class=\"dg-node").count(), 2, "{svg}");
    assert!(
        svg.contains("href=\"../decisions/0001-old.html\"")
            && svg.contains("href=\"../decisions/0002-new.html\"")
    );
    assert!(svg.contains("New rule supersedes Old rule"));
    // The page's card: status, tally, deciders (the group linked), chain.
    let new = page(&site, "decisions/0002-new.html");
    assert!(new.contains("3 for, 1 against, 0 abstaining"), "{new}");
    assert!(
        new.contains("href=\"../roles/chair.html\">Chair</a>")
            && new.contains("href=\"../groups/board.html\">The board</a>"),
        "{new}"
    );
    let chain = between(&new, "class=\"decision-chain\"", "</nav>");
    assert!(
        chain.find("Old rule").unwrap() < chain.find("New rule").unwrap(),
        "{chain}"
    );
    // Docs and roles list the decisions that affect them; [[decision:2]] links.
    let rules = page(&site, "docs/rules.html");
    assert!(rules.contains("Decisions that affect this page"));
    assert!(
        rules.contains("href=\"../decisions/0002-new.html\" class=\"xref xref-decision\""),
        "{rules}"
    );
    assert!(page(&site, "roles/chair.html").contains("../decisions/0002-new.html"));
    // handbook.json and search know decisions.
    let json = json_of(&site);
    assert_eq!(json["schema_version"], 2);
    assert_eq!(
        json["decisions"][1]["deciders"],
        serde_json::json!(["role:chair", "group:board"])
    );
    assert_eq!(json["decisions"][1]["vote"]["for"], 3);
    assert_eq!(
        json["decisions"][1]["affects"],
        serde_json::json!(["doc:docs/rules.md", "role:chair"])
    );
    let docs = String::from_utf8_lossy(&site["search/d-0.json"]).into_owned();
    assert!(
        docs.contains("decisions/0002-new.html") && docs.contains("\"decision\""),
        "{docs}"
    );
}

#[test]
fn a_readme_in_decisions_introduces_the_index() {
    let hb = handbook(&[
        ("handbook.yml", BASE),
        (
            "decisions/README.md",
            "# Our decision log\n\nStart with [the first](0001-a.md).\n",
        ),
        (
            "decisions/0001-a.md",
            "---\ntitle: First\nstatus: proposed\n---\nA.\n",
        ),
        (
            "docs/x.md",
            "# X\n\nSee [the log](../decisions/README.md).\n",
        ),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("url-collision"), "{stderr}");
    let index = page(&site, "decisions/index.html");
    let main = between(&index, "<main", "</main>");
    assert!(
        main.contains("Start with") && main.contains("href=\"0001-a.html\""),
        "{main}"
    );
    assert!(main.contains("href=\"../docs/x.html\""), "backlink: {main}");
    assert!(page(&site, "docs/x.html").contains("href=\"../decisions/index.html\""));
    assert_eq!(json_of(&site)["decisions"].as_array().unwrap().len(), 1);
}

#[test]
fn status_banners_are_accessible_and_link_the_successor() {
    let hb = handbook(&[
        ("handbook.yml", BASE),
        ("docs/new.md", "# New way\n"),
        (
            "docs/old.md",
            "---\nstatus: deprecated\nsuperseded_by: docs/new.md\n---\n# Old way\n",
        ),
        ("docs/draft.md", "---\nstatus: draft\n---\n# Draft\n"),
        (
            "docs/stale.md",
            "---\nstatus: active\nlast_reviewed: 2020-01-01\nreview_every: 1 year\n---\n# Stale\n",
        ),
        ("docs/fine.md", "---\nstatus: active\n---\n# Fine\n"),
        (
            "docs/affected.md",
            "---\nstatus: archived\n---\n# Affected\n",
        ),
        (
            "decisions/0001-a.md",
            "---\nstatus: superseded\nsuperseded_by: [0002-b]\naffects: [docs/affected.md]\n---\n# A\n",
        ),
        (
            "decisions/0002-b.md",
            "---\nstatus: proposed\nsupersedes: [0001-a]\n---\n# B\n",
        ),
    ]);
    let (_, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    let banner = |p: &str| {
        let html = page(&site, p);
        let main = between(&html, "<main", "</main>").to_string();
        main.find("class=\"status-banner")
            .map(|i| main[i..].split("</div>").next().unwrap().to_string())
    };
    let old = banner("docs/old.html").unwrap();
    assert!(
        old.contains("role=\"note\"") && old.contains("aria-label=\"Page status\""),
        "{old}"
    );
    assert!(
        old.contains("deprecated") && old.contains("href=\"new.html\">New way</a>"),
        "{old}"
    );
    assert!(banner("docs/draft.html").unwrap().contains("draft"));
    // Overdue (WAYBOOK_TODAY is 2026-11-22 in tests): the due date is shown
    // (2020 is a leap year: a year of 365 days ends on December 31).
    let stale = banner("docs/stale.html").unwrap();
    assert!(
        stale.contains("due for review on 2020-12-31"),
        "{stale}\n{stderr}"
    );
    assert!(banner("docs/fine.html").is_none());
    assert!(banner("docs/new.html").is_none());
    // The successor of a superseded decision affecting the doc.
    let affected = banner("docs/affected.html").unwrap();
    assert!(
        affected.contains("href=\"../decisions/0002-b.html\""),
        "{affected}"
    );
    // The banner comes before the article.
    let html = page(&site, "docs/old.html");
    assert!(html.find("status-banner").unwrap() < html.find("<article").unwrap());
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The Atom child element `name` of `n` (the test fails without one).
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    n.children()
        .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM))
        .unwrap_or_else(|| panic!("no <{name}>"))
}

#[test]
fn feed_is_valid_atom_with_absolute_urls_newest_first() {
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: Café & Co\nbase_url: https://example.org/hb\n",
        ),
        (
            "decisions/0001-ä.md",
            "---\ntitle: Old <one>\nstatus: accepted\ndecided: 2023-02-01\ndeciders: [x]\n---\nA.\n",
        ),
        (
            "decisions/0002-b.md",
            "---\ntitle: 新しい\nstatus: proposed\nproposed: 2025-06-30\n---\nB.\n",
        ),
        (
            "decisions/0003-c.md",
            "---\ntitle: Mid\nstatus: rejected\nproposed: 2024-01-01\ndecided: 2024-03-01\n---\nC.\n",
        ),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = page(&site, "feed.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let feed = doc.root_element();
    assert_eq!(
        (feed.tag_name().namespace(), feed.tag_name().name()),
        (Some(ATOM), "feed")
    );
    assert_eq!(
        child(feed, "id").text(),
        Some("https://example.org/hb/feed.xml")
    );
    assert_eq!(child(feed, "title").text(), Some("Café & Co: decisions"));
    assert_eq!(child(feed, "updated").text(), Some("2025-06-30T00:00:00Z"));
    assert!(child(child(feed, "author"), "name").text().is_some());
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 3);
    let mut titles = Vec::new();
    for e in &entries {
        let id = child(*e, "id").text().unwrap();
        assert!(id.starts_with("https://example.org/hb/decisions/"), "{id}");
        let updated = child(*e, "updated").text().unwrap();
        assert!(
            updated.len() == 20 && updated.ends_with("T00:00:00Z"),
            "{updated}"
        );
        let href = child(*e, "link").attribute("href").unwrap();
        assert!(href.starts_with("https://example.org/hb/"), "{href}");
        titles.push(child(*e, "title").text().unwrap().to_string());
    }
    assert_eq!(titles, ["2. 新しい", "3. Mid", "1. Old <one>"]);
    assert!(text.contains("decisions/0001-%C3%A4.html"), "{text}");
    // Pages point feed readers at it.
    assert!(
        page(&site, "decisions/index.html")
            .contains("type=\"application/atom+xml\" title=\"Decisions\" href=\"../feed.xml\"")
    );

    // Without a base_url: no feed, one warning.
    std::fs::write(hb.path().join("handbook.yml"), "title: T\n").unwrap();
    let (_, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert!(!site.contains_key("feed.xml"));
    assert_eq!(
        stderr.matches("warning[feed-without-base-url]").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn every_decision_lint_fires_on_its_fixture_and_nothing_else() {
    for code in [
        "decision-incomplete",
        "feed-without-base-url",
        "links-superseded-decision",
        "supersession-cycle",
        "supersession-one-sided",
        "unknown-decision",
        "unknown-status",
    ] {
        let diags = check_json(&fixture("diagnostics").join(code));
        let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert_eq!(codes, [code], "{code}");
        assert!(diags[0]["line"].as_u64().is_some(), "{code}: no position");
    }
}

#[test]
fn the_madr_corpus_builds_with_its_19_records_as_decisions() {
    let root = corpus("madr-decisions");
    assert!(root.is_dir(), "corpus missing at {}", root.display());
    let (code, stderr, site, _t) = build_to_temp(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    for key in ["parent", "nav_order", "has_children", "status"] {
        assert!(!stderr.contains(&format!("`{key}`")), "{key}: {stderr}");
    }
    // The only warnings: no base_url, so no feed and no sitemap.
    assert_eq!(stderr.matches("warning[").count(), 2, "{stderr}");
    assert!(
        stderr.contains("warning[feed-without-base-url]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[sitemap-without-base-url]"),
        "{stderr}"
    );
    let json = json_of(&site);
    let records: Vec<String> = std::fs::read_dir(root.join("docs/decisions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(records.len(), 19);
    let decisions = json["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 19);
    for d in decisions {
        let src = d["source"].as_str().unwrap();
        assert!(records.iter().any(|r| src.ends_with(r.as_str())), "{src}");
    }
    let on_hold = decisions.iter().find(|d| d["number"] == "3").unwrap();
    assert_eq!(
        (
            on_hold["status"].as_str(),
            on_hold["status_written"].as_str()
        ),
        (Some("deferred"), Some("on hold"))
    );
    // Records link each other by file name; the links resolve to pages.
    let links = json["links"].as_array().unwrap();
    assert!(links.iter().any(|l| l["target_type"] == "decision"
        && l["dest"] == "0013-use-yaml-front-matter-for-meta-data.md"
        && l["broken"] == false));
    // Example front matter in a code fence is not the record's metadata.
    let r13 = decisions.iter().find(|d| d["number"] == "13").unwrap();
    assert_ne!(r13["status"], "rejected");
    assert!(site.contains_key("decisions/index.html"));
    assert!(broken_internal_links(&site).is_empty());
}

#[test]
fn the_example_handbook_keeps_a_decision_log() {
    let (code, stderr, site, _t) = build_to_temp(&repo().join("example-handbook"), &[]);
    assert_eq!(code, 0, "{stderr}");
    let json = json_of(&site);
    let d = json["decisions"].as_array().unwrap();
    assert!(d.len() >= 8);
    let statuses: std::collections::BTreeSet<&str> =
        d.iter().map(|x| x["status"].as_str().unwrap()).collect();
    for s in [
        "proposed",
        "accepted",
        "rejected",
        "withdrawn",
        "deferred",
        "superseded",
    ] {
        assert!(statuses.contains(s), "no {s} decision");
    }
    let superseding = d
        .iter()
        .filter(|x| !x["supersedes"].as_array().unwrap().is_empty())
        .count();
    assert!(superseding >= 2);
    // Docs link the decisions that changed them.
    let doc_links = (json["links"].as_array().unwrap().iter())
        .filter(|l| {
            l["target_type"] == "decision" && l["from"].as_str().unwrap().starts_with("doc:")
        })
        .count();
    assert!(doc_links >= 5, "{doc_links}");
    assert!(site.contains_key("feed.xml"));
}

#[test]
fn a_serve_session_after_a_decision_edit_equals_a_full_build() {
    use waybook::build::{Options, Session};
    let hb = handbook(&[
        ("handbook.yml", BASE),
        ("docs/a.md", "# A\n\n[[decision:0001-x]]\n"),
        (
            "decisions/0001-x.md",
            "---\ntitle: X\nstatus: proposed\nproposed: 2024-01-01\n---\nOld body.\n",
        ),
        (
            "decisions/0002-y.md",
            "---\ntitle: Y\nstatus: proposed\n---\nY.\n",
        ),
    ]);
    let opts = Options {
        root: hb.path().to_path_buf(),
        today: waybook::lint::parse_date("2026-11-22"),
        ..Options::default()
    };
    let hl = waybook::highlight::Highlighter::new();
    let mut s = Session::new(&opts, &hl).unwrap();
    let edits = [
        "---\ntitle: X\nstatus: proposed\nproposed: 2024-01-01\n---\nNew body.\n",
        "---\ntitle: X\nstatus: superseded\nproposed: 2024-01-01\nsuperseded_by: [0002-y]\n---\nNew body.\n",
    ];
    for text in edits {
        std::fs::write(hb.path().join("decisions/0001-x.md"), text).unwrap();
        s.update(&["decisions/0001-x.md".into()], &hl).unwrap();
        s.refresh_derived();
        let full = Session::new(&opts, &hl).unwrap();
        let keys = |s: &Session| s.files.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&s), keys(&full));
        for (k, v) in &s.files {
            assert!(
                v.read().unwrap() == full.files[k].read().unwrap(),
                "{k} differs"
            );
        }
        assert_eq!(s.diagnostics, full.diagnostics);
    }
    let page =
        String::from_utf8(s.files["decisions/0001-x.html"].read().unwrap().to_vec()).unwrap();
    assert!(page.contains("New body.") && page.contains("superseded"));
    // The doc that links it now warns, pointing to the successor.
    assert!(
        s.diagnostics
            .iter()
            .any(|d| d.code == "links-superseded-decision" && d.message.contains("0002-y"))
    );
}
