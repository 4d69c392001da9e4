//! Roles, journeys, glossary and people: schema errors, cross-references,
//! backlinks, lints, and snapshots of the governance pages.

use crate::util::*;

const ROLE_A: &str = "---\ntitle: Contributor\nsummary: Does things.\nstage: contribute\ngrows_into: [maintainer]\nholders: [ada]\n---\n# Contributor\n\nSee [[role:maintainer]].\n";
const ROLE_B: &str = "---\ntitle: Maintainer\nsummary: Keeps things.\nstage: lead\nreports_to: steering\nholders: [grace]\n---\n# Maintainer\n";
const ROLE_C: &str =
    "---\ntitle: Steering\nsummary: Steers.\nstage: lead\nholders: [ada]\n---\n# Steering\n";
const PEOPLE: &str = "people:\n  - id: ada\n    name: Ada L\n    contributions: [code, mentoring]\n  - id: grace\n    name: Grace H\n";
const GLOSSARY: &str = "terms:\n  - term: Lazy consensus\n    aliases: [silent consent]\n    definition: Passes unless someone objects.\n";
const JOURNEY: &str = "title: Newcomer path\npersona:\n  name: Newcomer\n  goals: [Learn]\nstages:\n  - stage: discover\n    steps:\n      - title: Reads the welcome\n        links: [docs/welcome.md]\n  - stage: join\n    steps:\n      - title: Joins chat\n        links: [docs/welcome.md#chat]\n        roles: [contributor]\n  - stage: contribute\n    steps:\n      - title: First PR\n        roles: [maintainer]\n  - stage: lead\n    steps:\n      - title: Leads\n        roles: [steering]\n";
const WELCOME: &str = "---\nowners: [maintainer]\nauthors: [ada]\n---\n# Welcome\n\nRead [[term:silent consent]] and meet [[person:grace]] on [[journey:newcomer]].\n\n## Chat\n";

fn base() -> Vec<(&'static str, &'static str)> {
    vec![
        ("handbook.yml", "title: Gov test\n"),
        ("roles/contributor.md", ROLE_A),
        ("roles/maintainer.md", ROLE_B),
        ("roles/steering.md", ROLE_C),
        ("people.yml", PEOPLE),
        ("glossary.yml", GLOSSARY),
        ("journeys/newcomer.yml", JOURNEY),
        ("docs/welcome.md", WELCOME),
    ]
}

fn with(replace: &[(&'static str, &'static str)]) -> tempfile::TempDir {
    let mut files = base();
    for (p, t) in replace {
        files.retain(|(q, _)| q != p);
        files.push((p, t));
    }
    handbook(&files)
}

fn check_json(hb: &tempfile::TempDir) -> Vec<serde_json::Value> {
    let (_, out, _) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn codes(d: &[serde_json::Value]) -> Vec<&str> {
    d.iter().map(|x| x["code"].as_str().unwrap()).collect()
}

#[test]
fn base_fixture_is_clean() {
    let hb = with(&[]);
    let d = check_json(&hb);
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn journey_role_typo_fails_with_position_and_suggestion() {
    let typo = JOURNEY.replace("roles: [maintainer]", "roles: [maintianer]");
    let hb = with(&[("journeys/newcomer.yml", Box::leak(typo.into_boxed_str()))]);
    let (code, _, stderr) = waybook(&["build", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[unknown-role]"), "{stderr}");
    assert!(stderr.contains("journeys/newcomer.yml:18:17"), "{stderr}");
    assert!(stderr.contains("did you mean `maintainer`?"), "{stderr}");
}

#[test]
fn schema_errors_name_the_key_and_position() {
    let bad = ROLE_B.replace("holders:", "holdres:");
    let hb = with(&[("roles/maintainer.md", Box::leak(bad.into_boxed_str()))]);
    let d = check_json(&hb);
    let e = d
        .iter()
        .find(|x| x["code"] == "invalid-yaml")
        .expect("schema error");
    assert_eq!(e["file"], "roles/maintainer.md");
    assert_eq!(e["line"], 6);
    assert_eq!(e["column"], 1);
    assert_eq!(e["help"], "did you mean `holders`?");
    let bad_person = PEOPLE.replace("name: Grace H", "name: Grace H\n    emial: g@x.org");
    let hb = with(&[("people.yml", Box::leak(bad_person.into_boxed_str()))]);
    let d = check_json(&hb);
    let e = d
        .iter()
        .find(|x| x["code"] == "invalid-yaml")
        .expect("people schema error");
    assert_eq!(e["file"], "people.yml");
    assert_eq!(e["line"], 7);
}

#[test]
fn each_lint_fires() {
    let cases: Vec<(&str, (&'static str, String))> = vec![
        (
            "unknown-stage",
            (
                "roles/steering.md",
                ROLE_C.replace("stage: lead", "stage: leed"),
            ),
        ),
        (
            "reports-to-cycle",
            (
                "roles/steering.md",
                ROLE_C.replace("holders:", "reports_to: maintainer\nholders:"),
            ),
        ),
        (
            "role-unheld",
            ("roles/steering.md", ROLE_C.replace("holders: [ada]\n", "")),
        ),
        (
            "unknown-person",
            ("roles/steering.md", ROLE_C.replace("[ada]", "[adda]")),
        ),
        (
            "journey-missing-stage",
            (
                "journeys/newcomer.yml",
                JOURNEY.split("  - stage: lead").next().unwrap().to_string(),
            ),
        ),
        (
            "unknown-term",
            (
                "docs/welcome.md",
                WELCOME.replace("term:silent consent", "term:loud consent"),
            ),
        ),
        (
            "unknown-journey",
            (
                "docs/welcome.md",
                WELCOME.replace("journey:newcomer", "journey:oldtimer"),
            ),
        ),
        (
            "broken-link",
            (
                "journeys/newcomer.yml",
                JOURNEY.replace("links: [docs/welcome.md]", "links: [docs/welcom.md]"),
            ),
        ),
        (
            "review-overdue",
            (
                "docs/welcome.md",
                WELCOME.replace(
                    "authors:",
                    "last_reviewed: 2024-01-01\nreview_every: 6 months\nauthors:",
                ),
            ),
        ),
        (
            "role-unreachable",
            (
                "journeys/newcomer.yml",
                JOURNEY.replace("roles: [steering]", "tips: [Lead]"),
            ),
        ),
    ];
    for (code, (path, text)) in cases {
        let hb = with(&[(path, Box::leak(text.into_boxed_str()))]);
        let d = check_json(&hb);
        let found = d.iter().find(|x| x["code"] == code);
        assert!(found.is_some(), "{code} not reported; got {:?}", codes(&d));
        let f = found.unwrap();
        assert!(
            f["file"].is_string() && f["line"].as_u64().unwrap() >= 1,
            "{f}"
        );
    }
}

#[test]
fn orphan_pages_and_duplicate_ids_are_reported() {
    let hb = with(&[
        ("handbook.yml", "title: T\nnav:\n  - docs/welcome.md\n"),
        ("docs/lost.md", "# Lost\n"),
        (
            "people.yml",
            "people:\n  - id: ada\n    name: A\n  - id: grace\n    name: G\n  - id: ada\n    name: A2\n",
        ),
    ]);
    let d = check_json(&hb);
    let c = codes(&d);
    assert!(c.contains(&"orphan-page"), "{c:?}");
    assert!(c.contains(&"duplicate-id"), "{c:?}");
}

#[test]
fn ambiguous_and_unknown_wiki_links_are_errors() {
    let glossary = "terms:\n  - term: maintainer\n    definition: A word.\n";
    let doc = "# Welcome\n\n[[maintainer]] and [[nobody-here]].\n\n## Chat\n";
    let hb = with(&[("glossary.yml", glossary), ("docs/welcome.md", doc)]);
    let d = check_json(&hb);
    let c = codes(&d);
    assert!(c.contains(&"ambiguous-reference"), "{c:?}");
    assert!(c.contains(&"unknown-reference"), "{c:?}");
    let amb = d
        .iter()
        .find(|x| x["code"] == "ambiguous-reference")
        .unwrap();
    assert_eq!(amb["line"], 3);
    assert_eq!(amb["column"], 1);
}

#[test]
fn cross_references_render_and_feed_backlinks() {
    let hb = with(&[]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let welcome = page(&site, "docs/welcome.html");
    assert!(welcome.contains("<a href=\"../glossary.html#term-lazy-consensus\" class=\"xref xref-term\" title=\"Passes unless someone objects.\">silent consent</a>") || welcome.contains("class=\"xref xref-term\""), "{welcome}");
    assert!(
        welcome.contains("<a href=\"../people/grace.html\" class=\"xref xref-person\">Grace H</a>"),
        "{welcome}"
    );
    // One badge for the journey, naming both stages at which it leads here.
    let badges = between(&welcome, "<div class=\"pathways\"", "</div>");
    assert_eq!(
        badges.matches("class=\"pathway-badge\"").count(),
        1,
        "{badges}"
    );
    assert!(
        badges.contains("<span class=\"pathway-journey\">Newcomer path</span>"),
        "{badges}"
    );
    assert!(
        badges.contains("<span class=\"pathway-stage stage-discover\">Discover</span>")
            && badges.contains("<span class=\"pathway-stage stage-join\">Join</span>"),
        "{badges}"
    );
    let maintainer = page(&site, "roles/maintainer.html");
    let backlinks = between(&maintainer, "<section class=\"backlinks\"", "</section>");
    assert!(backlinks.contains("Contributor"), "{backlinks}");
    assert!(maintainer.contains("Docs this role owns"), "{maintainer}");
    let glossary = page(&site, "glossary.html");
    assert!(
        glossary.contains("Used in: <a href=\"docs/welcome.html\">Welcome</a>"),
        "{glossary}"
    );
    let journey = page(&site, "journeys/newcomer.html");
    let backlinks = between(&journey, "<section class=\"backlinks\"", "</section>");
    assert!(backlinks.contains("Welcome"), "{backlinks}");
    assert!(
        broken_internal_links(&site).is_empty(),
        "{:?}",
        broken_internal_links(&site)
    );
}

#[test]
fn editing_grows_into_changes_diagram_both_role_pages_and_json() {
    let hb = with(&[]);
    let (_, _, before, _t1) = build_to_temp(hb.path(), &[]);
    let edited = ROLE_A.replace("grows_into: [maintainer]", "grows_into: [steering]");
    std::fs::write(hb.path().join("roles/contributor.md"), edited).unwrap();
    let (_, _, after, _t2) = build_to_temp(hb.path(), &[]);
    let svg = |s: &std::collections::BTreeMap<String, Vec<u8>>| {
        between(&page(s, "roles/index.html"), "<svg", "</svg>").to_string()
    };
    assert_ne!(svg(&before), svg(&after));
    assert!(
        svg(&after).contains("Contributor grows into Steering"),
        "{}",
        svg(&after)
    );
    let grows = |s: &std::collections::BTreeMap<String, Vec<u8>>, p: &str| {
        between(&page(s, p), "<h3>Comes from</h3>", "</div>").to_string()
    };
    assert!(grows(&before, "roles/maintainer.html").contains("Contributor"));
    assert!(!grows(&after, "roles/maintainer.html").contains("Contributor"));
    assert!(grows(&after, "roles/steering.html").contains("Contributor"));
    let json: serde_json::Value = serde_json::from_slice(&after["handbook.json"]).unwrap();
    let contributor = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "contributor")
        .unwrap();
    assert_eq!(contributor["grows_into"], serde_json::json!(["steering"]));
}

#[test]
fn handbook_json_has_model_and_positioned_links() {
    let hb = with(&[]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert!(json["groups"].as_array().is_some());
    assert_eq!(json["roles"].as_array().unwrap().len(), 3);
    assert_eq!(
        json["journeys"][0]["reading_path"],
        serde_json::json!(["docs/welcome.md"])
    );
    let link = json["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["dest"] == "person:grace")
        .unwrap();
    assert_eq!(link["file"], "docs/welcome.md");
    assert_eq!(link["line"], 7);
    assert_eq!(link["target_type"], "person");
    assert_eq!(link["target"], "people/grace.html");
}

#[test]
fn governance_pages_snapshots() {
    let hb = with(&[]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let main = |p: &str| between(&page(&site, p), "<main id=\"main\"", "</main>").to_string();
    insta::assert_snapshot!("role_page", main("roles/contributor.html"));
    insta::assert_snapshot!("journey_page", main("journeys/newcomer.html"));
    insta::assert_snapshot!("roles_index", main("roles/index.html"));
}
