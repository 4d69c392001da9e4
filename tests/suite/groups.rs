//! Groups (`groups/*.md`): schema errors with positions, group pages
//! (rosters, sub-groups, owned docs, backlinks), the groups index and its
//! organisation chart, `[[group:id]]`, groups in `handbook.json`, search,
//! people and journeys, non-ASCII ids, and an incremental rebuild after an
//! edit matching a full build.

use std::collections::BTreeMap;

use crate::util::*;

const PEOPLE: &str = "people:\n  - id: ada\n    name: Ada Lovelace\n  - id: grace\n    name: Grace Hopper\n  - id: lin\n    name: Lin Wei\n  - id: bo\n    name: Bo Svensson\n";
const CHAIR: &str = "---\ntitle: Council chair\nsummary: Chairs the council.\nstage: lead\nholders: [ada]\ngroup: council\n---\n# Council chair\n";
const WRITER: &str = "---\ntitle: Writer\nsummary: Writes docs.\nstage: contribute\ngrows_into: [chair]\nholders: [grace]\n---\n# Writer\n";
const COUNCIL: &str = "---
name: Community council
kind: council
summary: Looks after the whole community.
status: active
leads:
  - {person: ada, role: chair, since: 2024-01}
members:
  - grace
  - {person: lin, role: writer, since: 2022-01, until: 2025-01}
  - {person: bo, emeritus: true}
meetings:
  - {title: Council call, day: Monday, time: \"15:00\", timezone: UTC, frequency: monthly}
channels:
  - https://chat.example.org/council
  - {name: Council forum, url: https://forum.example.org/c/council}
---
## Charter

The council keeps the lights on.
";
const DOCS_WG: &str = "---
name: Docs working group
kind: working-group
parent: council
summary: Writes the handbook.
leads: [grace]
members:
  - {person: ada, role: writer}
owns:
  docs: [docs/guide.md]
  repositories: [https://git.example.org/handbook]
join: newcomer
---
The docs group writes things down.
";
const GUIDE: &str =
    "# Writing guide\n\nAsk the [[group:docs-wg]] or the [[group:council|council]].\n";
const JOURNEY: &str = "title: Newcomer\npersona:\n  name: Newcomer\nstages:\n  - stage: discover\n    steps:\n      - title: Reads the guide\n        links: [docs/guide.md]\n        roles: [writer]\n  - stage: join\n    steps:\n      - title: Joins the docs group\n        roles: [writer]\n        groups: [docs-wg]\n  - stage: contribute\n    steps:\n      - title: Writes\n        roles: [writer]\n  - stage: lead\n    steps:\n      - title: Chairs\n        roles: [chair]\n";

fn base() -> Vec<(&'static str, String)> {
    [
        ("handbook.yml", "title: Groups test\n"),
        ("index.md", "# Home\n\nSee the [guide](docs/guide.md).\n"),
        ("people.yml", PEOPLE),
        ("roles/chair.md", CHAIR),
        ("roles/writer.md", WRITER),
        ("groups/council.md", COUNCIL),
        ("groups/docs-wg.md", DOCS_WG),
        ("docs/guide.md", GUIDE),
        ("journeys/newcomer.yml", JOURNEY),
    ]
    .into_iter()
    .map(|(p, t)| (p, t.to_string()))
    .collect()
}

/// The base handbook with some files replaced or added.
fn with(replace: &[(&'static str, String)]) -> tempfile::TempDir {
    let mut files = base();
    for (p, t) in replace {
        files.retain(|(q, _)| q != p);
        files.push((p, t.clone()));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    handbook(&refs)
}

fn check_json(root: &std::path::Path) -> Vec<serde_json::Value> {
    let (_, out, _) = waybook(&["check", root.to_str().unwrap(), "--format", "json"], None);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn main_of(site: &BTreeMap<String, Vec<u8>>, p: &str) -> String {
    between(&page(site, p), "<main id=\"main\"", "</main>").to_string()
}

fn json_of(site: &BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(&site["handbook.json"]).unwrap()
}

fn group<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no group {id} in {}", json["groups"]))
}

#[test]
fn base_fixture_is_clean() {
    let hb = with(&[]);
    let d = check_json(hb.path());
    assert!(d.is_empty(), "{d:#?}");
}

/// The one diagnostic with this code, with its position and help.
fn only<'a>(d: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    let all: Vec<_> = d.iter().filter(|x| x["code"] == code).collect();
    assert_eq!(all.len(), 1, "{code}: {d:#?}");
    all[0]
}

fn at(d: &serde_json::Value) -> (String, u64, u64) {
    (
        d["file"].as_str().unwrap().to_string(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
    )
}

#[test]
fn schema_errors_have_positions_and_suggestions() {
    let bad = COUNCIL
        .replace("kind: council", "kind: councel")
        .replace("members:\n", "memebrs:\n");
    let wg = DOCS_WG
        .replace("parent: council", "parent: counsil")
        .replace("leads: [grace]", "leads: [gracie]")
        .replace("role: writer", "role: writter");
    let hb = with(&[("groups/council.md", bad), ("groups/docs-wg.md", wg)]);
    let d = check_json(hb.path());
    let key = only(&d, "invalid-yaml");
    assert_eq!(at(key), ("groups/council.md".into(), 8, 1));
    assert_eq!(key["help"], "did you mean `members`?");
    let kind = only(&d, "invalid-group");
    assert_eq!(at(kind), ("groups/council.md".into(), 3, 7));
    assert_eq!(kind["help"], "did you mean `council`?");
    let parent = only(&d, "unknown-group");
    assert_eq!(at(parent), ("groups/docs-wg.md".into(), 4, 9));
    assert_eq!(parent["help"], "did you mean `council`?");
    let person = only(&d, "unknown-person");
    assert_eq!(at(person), ("groups/docs-wg.md".into(), 6, 9));
    assert_eq!(person["help"], "did you mean `grace`?");
    let role = only(&d, "unknown-role");
    assert_eq!(at(role).0, "groups/docs-wg.md");
    assert_eq!(at(role).1, 8);
    assert_eq!(role["help"], "did you mean `writer`?");
    // Nothing else: one mistake, one diagnostic.
    assert_eq!(d.len(), 5, "{d:#?}");
}

#[test]
fn a_parent_cycle_is_reported_once() {
    let a = "---\nname: A\nparent: b\n---\n";
    let b = "---\nname: B\nparent: c\n---\n";
    let c = "---\nname: C\nparent: a\n---\n";
    let hb = with(&[
        ("groups/a.md", a.into()),
        ("groups/b.md", b.into()),
        ("groups/c.md", c.into()),
    ]);
    let d = check_json(hb.path());
    let cycle = only(&d, "group-cycle");
    assert_eq!(at(cycle), ("groups/a.md".into(), 3, 9));
    let msg = cycle["message"].as_str().unwrap();
    assert!(msg.contains("a → b → c → a"), "{msg}");
    // The site still builds: the groups stand at the top of the chart.
    let (_, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(page(&site, "groups/index.html").contains("href=\"a.html\""));
}

#[test]
fn group_page_shows_roster_subgroups_owned_docs_and_backlinks() {
    let hb = with(&[]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let council = main_of(&site, "groups/council.html");
    let leads = between(&council, "<h3 id=\"leads\">", "</ul>");
    assert!(leads.contains(">Ada Lovelace</a>"), "{leads}");
    assert!(
        leads.contains("<a href=\"../roles/chair.html\">Council chair</a>"),
        "{leads}"
    );
    assert!(leads.contains("since 2024-01"), "{leads}");
    let members = between(&council, "<h3 id=\"members\">", "</ul>");
    assert!(members.contains("Grace Hopper"), "{members}");
    assert!(!members.contains("Lin Wei") && !members.contains("Bo Svensson"));
    // Past members (an end date, or emeritus) are folded away.
    let past = between(&council, "<details class=\"group-past\">", "</details>");
    assert!(past.contains("Past members (2)"), "{past}");
    assert!(past.contains("Lin Wei") && past.contains("until 2025-01"));
    assert!(past.contains("<a href=\"../roles/writer.html\">Writer</a>"));
    assert!(
        past.contains(">Bo Svensson</a> <span class=\"roster-emeritus\">emeritus</span>"),
        "{past}"
    );
    assert!(!past.contains("Lin Wei</a> <span class=\"roster-emeritus\">"));
    // Sub-groups, meetings, channels, the roles of the group.
    assert!(
        council.contains("<a class=\"group-chip\" href=\"docs-wg.html\">Docs working group</a>")
    );
    assert!(council.contains("Council call") && council.contains("monthly · Monday · 15:00 · UTC"));
    assert!(council.contains("href=\"https://forum.example.org/c/council\">Council forum</a>"));
    assert!(council.contains("href=\"https://chat.example.org/council\""));
    assert!(
        council.contains("<a class=\"role-chip\" href=\"../roles/chair.html\">Council chair</a>")
    );
    assert!(council.contains("The council keeps the lights on."));

    let wg = main_of(&site, "groups/docs-wg.html");
    assert!(wg.contains("<a class=\"group-chip\" href=\"council.html\">Community council</a>"));
    let owns = between(&wg, "<h2 id=\"owns-h\">", "</section>");
    assert!(
        owns.contains("<a href=\"../docs/guide.html\">Writing guide</a>"),
        "{owns}"
    );
    assert!(owns.contains("https://git.example.org/handbook"), "{owns}");
    assert!(
        wg.contains("<a href=\"../journeys/newcomer.html\">Newcomer</a>"),
        "{wg}"
    );
    // The breadcrumbs go through the parent.
    assert!(wg.contains("<li><a href=\"council.html\">Community council</a></li>"));
    let back = between(&wg, "<section class=\"backlinks\"", "</section>");
    assert!(back.contains("Writing guide"), "{back}");
    // A group linking a group is a backlink of kind "group".
    let council_page = page(&site, "groups/council.html");
    let back = between(&council_page, "<section class=\"backlinks\"", "</section>");
    assert!(back.contains("Writing guide"), "{back}");
    assert!(
        broken_internal_links(&site).is_empty(),
        "{:?}",
        broken_internal_links(&site)
    );
}

#[test]
fn a_group_linking_a_group_shows_in_its_backlinks() {
    let wg = DOCS_WG.replace(
        "writes things down.",
        "writes things down for the [[group:council]].",
    );
    let hb = with(&[("groups/docs-wg.md", wg)]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let council = page(&site, "groups/council.html");
    let back = between(&council, "<section class=\"backlinks\"", "</section>");
    assert!(
        back.contains("<a href=\"docs-wg.html\">Docs working group</a> <span class=\"kind kind-group\">group</span>"),
        "{back}"
    );
}

#[test]
fn wiki_links_journeys_roles_and_people_point_at_groups() {
    let hb = with(&[]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let guide = main_of(&site, "docs/guide.html");
    let links = links(&guide);
    assert!(
        links.contains(&"../groups/docs-wg.html".to_string()),
        "{guide}"
    );
    assert!(guide.contains(">Docs working group</a>"), "{guide}");
    assert!(guide.contains(">council</a>"), "{guide}");
    let journey = main_of(&site, "journeys/newcomer.html");
    assert!(
        journey.contains(
            "<a class=\"group-chip\" href=\"../groups/docs-wg.html\">Docs working group</a>"
        ),
        "{journey}"
    );
    let chair = main_of(&site, "roles/chair.html");
    assert!(
        chair.contains(
            "<a class=\"group-chip\" href=\"../groups/council.html\">Community council</a>"
        ),
        "{chair}"
    );
    // People list their groups (past ones too: Lin served on the council).
    let people = main_of(&site, "people.html");
    let ada = between(&people, "id=\"person-ada\"", "</article>");
    assert!(ada.contains("href=\"groups/council.html\""), "{ada}");
    assert!(ada.contains("href=\"groups/docs-wg.html\""), "{ada}");
    let grace = between(&people, "id=\"person-grace\"", "</article>");
    assert!(grace.contains("href=\"groups/docs-wg.html\""), "{grace}");
}

#[test]
fn handbook_json_and_search_have_groups() {
    let hb = with(&[]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let json = json_of(&site);
    assert_eq!(json["groups"].as_array().unwrap().len(), 2);
    let council = group(&json, "council");
    assert_eq!(council["source"], "groups/council.md");
    assert_eq!(council["url"], "groups/council.html");
    assert_eq!(council["kind"], "council");
    assert_eq!(council["status"], "active");
    assert_eq!(council["parent"], serde_json::Value::Null);
    assert_eq!(council["children"], serde_json::json!(["docs-wg"]));
    assert_eq!(council["roles"], serde_json::json!(["chair"]));
    let members: Vec<(String, bool, bool, String)> = council["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["person"].as_str().unwrap().to_string(),
                m["lead"].as_bool().unwrap(),
                m["emeritus"].as_bool().unwrap(),
                m["role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        members,
        [
            ("ada".into(), true, false, "chair".into()),
            ("grace".into(), false, false, String::new()),
            ("lin".into(), false, false, "writer".into()),
            ("bo".into(), false, true, String::new()),
        ]
    );
    assert_eq!(council["members"][2]["until"], "2025-01");
    assert_eq!(council["meetings"][0]["frequency"], "monthly");
    assert_eq!(council["channels"][1]["name"], "Council forum");
    let wg = group(&json, "docs-wg");
    assert_eq!(wg["parent"], "council");
    assert_eq!(wg["docs"], serde_json::json!(["docs/guide.md"]));
    assert_eq!(
        wg["repositories"],
        serde_json::json!(["https://git.example.org/handbook"])
    );
    assert_eq!(
        json["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "chair")
            .unwrap()["group"],
        "council"
    );
    let step = &json["journeys"][0]["stages"][1]["steps"][0];
    assert_eq!(step["groups"], serde_json::json!(["docs-wg"]), "{step}");

    // The search index: a document record of kind "group" per group, and
    // the charter's words in the index.
    let docs: Vec<serde_json::Value> = site
        .iter()
        .filter(|(p, _)| p.starts_with("search/d-"))
        .flat_map(|(_, b)| serde_json::from_slice::<Vec<serde_json::Value>>(b).unwrap())
        .collect();
    let g: Vec<&serde_json::Value> = docs.iter().filter(|d| d["k"] == "group").collect();
    assert_eq!(g.len(), 2, "{docs:#?}");
    assert!(
        g.iter()
            .any(|d| d["u"] == "groups/council.html" && d["t"] == "Community council")
    );
    let index: String = site
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(index.contains("lights"), "charter words are searchable");
    // The search page can filter on groups.
    assert!(
        page(&site, "search.html")
            .contains("<input type=\"checkbox\" value=\"group\" checked> Groups")
    );
}

#[test]
fn groups_index_and_org_chart_snapshots() {
    let hb = with(&[]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let index = main_of(&site, "groups/index.html");
    // Every box of the chart is a link to a page that exists.
    let svg = between(&index, "<svg", "</svg>");
    for href in [
        "../groups/council.html",
        "../groups/docs-wg.html",
        "../roles/chair.html",
    ] {
        assert!(svg.contains(&format!("href=\"{href}\"")), "{href}: {svg}");
    }
    insta::assert_snapshot!("groups_index", index);
    insta::assert_snapshot!("group_page", main_of(&site, "groups/council.html"));
}

#[test]
fn a_file_in_groups_without_front_matter_stays_a_doc() {
    let hb = with(&[(
        "groups/notes.md",
        "# Meeting notes\n\nPlain notes.\n".into(),
    )]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let json = json_of(&site);
    assert_eq!(json["groups"].as_array().unwrap().len(), 2);
    assert!(
        json["docs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["source"] == "groups/notes.md"
                || d["src"] == "groups/notes.md"
                || d["url"] == "groups/notes.html"),
        "{}",
        json["docs"]
    );
    assert!(page(&site, "groups/notes.html").contains("Plain notes."));
    assert!(!page(&site, "groups/index.html").contains("Meeting notes"));
}

#[test]
fn non_ascii_group_ids_and_names_build_and_link() {
    let cafe = "---\nname: Équipe café\nkind: team\nparent: 读书会\nleads: [ada]\n---\nOù l'on parle de café.\n";
    let cjk = "---\nname: 读书会\nkind: working-group\nmembers: [lin]\n---\n我们一起读书。\n";
    let rtl = "---\nname: مجلس الأمناء\nkind: board\nmembers: [grace]\n---\nيجتمع المجلس كل شهر.\n";
    let doc = "# Links\n\nSee [[group:équipe-café]], [[group:读书会]] and [[group:مجلس]].\n";
    let hb = with(&[
        ("groups/équipe-café.md", cafe.into()),
        ("groups/读书会.md", cjk.into()),
        ("groups/مجلس.md", rtl.into()),
        ("docs/links.md", doc.into()),
        (
            "index.md",
            "# Home\n\n[guide](docs/guide.md) · [links](docs/links.md)\n".into(),
        ),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    for p in [
        "groups/équipe-café.html",
        "groups/读书会.html",
        "groups/مجلس.html",
    ] {
        assert!(site.contains_key(p), "{p} missing: {:?}", site.keys());
    }
    assert!(page(&site, "groups/مجلس.html").contains("<h1>مجلس الأمناء</h1>"));
    let cafe = main_of(&site, "groups/équipe-café.html");
    assert!(cafe.contains("读书会</a>"), "parent shown: {cafe}");
    let links_page = main_of(&site, "docs/links.html");
    for name in ["Équipe café", "读书会", "مجلس الأمناء"] {
        assert!(
            links_page.contains(&format!(">{name}</a>")),
            "{name}: {links_page}"
        );
    }
    let index = main_of(&site, "groups/index.html");
    assert!(index.contains("مجلس الأمناء") && index.contains("Équipe café"));
    assert!(
        broken_internal_links(&site).is_empty(),
        "{:?}",
        broken_internal_links(&site)
    );
    let json = json_of(&site);
    assert_eq!(group(&json, "équipe-café")["parent"], "读书会");
}

#[test]
fn live_updates_after_group_and_doc_edits_equal_a_full_build() {
    let hb = with(&[]);
    let opts = waybook::build::Options {
        root: hb.path().to_path_buf(),
        ..waybook::build::Options::default()
    };
    let hl = waybook::highlight::Highlighter::new();
    let mut live = waybook::build::Session::new(&opts, &hl).unwrap();
    let full = |opts: &waybook::build::Options| {
        session_pages(&waybook::build::Session::new(opts, &hl).unwrap())
    };

    // A group edit: a new member, a new sub-group parent, a renamed group.
    let edited = COUNCIL
        .replace(
            "  - grace\n",
            "  - grace\n  - {person: bo, role: writer, since: 2026-02}\n",
        )
        .replace("name: Community council", "name: Community board");
    std::fs::write(hb.path().join("groups/council.md"), &edited).unwrap();
    live.update(&["groups/council.md".to_string()], &hl)
        .unwrap();
    live.refresh_derived();
    let after = session_pages(&live);
    assert!(after["groups/docs-wg.html"].contains("Community board"));
    assert_same_site(&after, &full(&opts), "after a group edit");

    // A doc body edit (applied incrementally) that links a group: the
    // group's backlinks follow.
    let guide = "# Writing guide\n\nAsk the [[group:docs-wg]] or the [[group:council|council]].\n\nNew paragraph.\n";
    std::fs::write(hb.path().join("docs/guide.md"), guide).unwrap();
    live.update(&["docs/guide.md".to_string()], &hl).unwrap();
    live.refresh_derived();
    assert_same_site(&session_pages(&live), &full(&opts), "after a doc edit");
    let guide = "# Writing guide\n\nAsk the [[group:docs-wg]].\n\nNew paragraph.\n";
    std::fs::write(hb.path().join("docs/guide.md"), guide).unwrap();
    live.update(&["docs/guide.md".to_string()], &hl).unwrap();
    live.refresh_derived();
    let after = session_pages(&live);
    assert!(
        !between(&after["groups/council.html"], "<main", "</main>").contains("Writing guide"),
        "the council lost its backlink"
    );
    assert_same_site(&after, &full(&opts), "after removing a group link");
}

#[test]
fn a_persons_page_lists_memberships_with_terms_and_decisions_they_took_part_in() {
    let people = format!(
        "{PEOPLE}  - id: José Ñúñez\n  - id: jose-nunez\n    name: Another José\n  - id: 李明\n"
    );
    let hb = with(&[
        ("people.yml", people),
        (
            "decisions/0001-adopt.md",
            "---\ntitle: Adopt a charter\nstatus: accepted\ndecided: 2024-05-06\nproposers: [ada]\ndeciders: [ada, 'group:council']\nconsulted: [grace]\nvote: {ballots: {ada: for, lin: against}}\n---\nAdopted.\n"
                .into(),
        ),
        (
            "decisions/0002-older.md",
            "---\ntitle: An older rule\nstatus: accepted\ndecided: 2023-01-02\ninformed: [ada]\n---\nOld.\n"
                .into(),
        ),
        // A doc where a person's page goes: the person keeps the URL.
        ("people/grace.md", "# Not Grace\n".into()),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 1, "the doc's URL collision is an error: {stderr}");
    assert_eq!(
        stderr.matches("error[url-collision]").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("`people/grace.md` and the person `grace` (`people.yml`) would both be written to `people/grace.html`"),
        "{stderr}"
    );
    assert!(main_of(&site, "people/grace.html").contains("<h1>Grace Hopper</h1>"));
    let ada = main_of(&site, "people/ada.html");
    // Current memberships first, with role and term; the group's lead noted.
    let groups = between(&ada, "<ul class=\"person-memberships\">", "</ul>");
    assert_eq!(
        groups,
        "<ul class=\"person-memberships\"><li><a class=\"group-chip\" href=\"../groups/council.html\">Community council</a> · Council chair · lead <span class=\"term\">since 2024-01</span></li><li><a class=\"group-chip\" href=\"../groups/docs-wg.html\">Docs working group</a> · Writer</li></ul>"
    );
    // Decisions newest first, each part named once.
    let decisions = between(&ada, "<ul class=\"person-decisions\">", "</ul>");
    let first = decisions.find("Adopt a charter").unwrap();
    let second = decisions.find("An older rule").unwrap();
    assert!(first < second, "{decisions}");
    assert!(
        decisions.contains("<time datetime=\"2024-05-06\">2024-05-06</time> <span class=\"person-parts\">· proposed, decided, voted</span>"),
        "{decisions}"
    );
    assert!(
        decisions.contains("<span class=\"person-parts\">· informed</span>"),
        "{decisions}"
    );
    let lin = main_of(&site, "people/lin.html");
    assert!(
        lin.contains("Writer <span class=\"term\">2022-01 – 2025-01</span>"),
        "{lin}"
    );
    assert!(
        lin.contains("<span class=\"person-parts\">· voted</span>"),
        "{lin}"
    );
    let bo = main_of(&site, "people/bo.html");
    assert!(bo.contains("Community council</a> · emeritus</li>"), "{bo}");
    // Ids in any script get an ASCII page name, unique however they slug.
    assert!(page(&site, "people/jose-nunez.html").contains("<h1>José Ñúñez</h1>"));
    assert!(page(&site, "people/jose-nunez-1.html").contains("<h1>Another José</h1>"));
    assert!(page(&site, "people/li-ming.html").contains("<h1>李明</h1>"));
    // handbook.json and search give the page.
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    let li = (json["people"].as_array().unwrap().iter())
        .find(|p| p["id"] == "李明")
        .unwrap();
    assert_eq!(li["url"], "people/li-ming.html");
}

/// The sidebar marks the section an entity's page belongs to, and the
/// index page itself as the page.
#[test]
fn the_sidebar_marks_the_section_of_an_entitys_page() {
    let hb = with(&[]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let nav = |p: &str| {
        let html = page(&site, p);
        between(&html, "<ul class=\"nav-tree nav-governance\">", "</ul>").to_string()
    };
    let role = nav("roles/chair.html");
    assert!(
        role.contains("<a href=\"../roles/index.html\" aria-current=\"true\">"),
        "{role}"
    );
    assert_eq!(role.matches("aria-current").count(), 1, "{role}");
    let person = nav("people/ada.html");
    assert!(
        person.contains("<a href=\"../people.html\" aria-current=\"true\">"),
        "{person}"
    );
    let group = nav("groups/council.html");
    assert!(
        group.contains("<a href=\"../groups/index.html\" aria-current=\"true\">"),
        "{group}"
    );
    let index = nav("groups/index.html");
    assert!(
        index.contains("<a href=\"../groups/index.html\" aria-current=\"page\">"),
        "{index}"
    );
    assert_eq!(nav("docs/guide.html").matches("aria-current").count(), 0);
}
