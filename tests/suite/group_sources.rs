//! Data sources (`sources:` in handbook.yml): each preset on a small
//! fixture written from its format's documentation
//! (`tests/fixtures/sources/<preset>/`), the generic CSV and YAML mappings,
//! merging with hand-written groups and people (`source-conflict`,
//! `source-drift`), and `invalid-source` for a bad source.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::util::*;

struct Built {
    site: BTreeMap<String, Vec<u8>>,
    json: Value,
    _tmp: tempfile::TempDir,
}

fn build(root: &std::path::Path) -> Built {
    let (code, stderr, site, tmp) = build_to_temp(root, &[]);
    assert_eq!(code, 0, "{stderr}");
    let json = serde_json::from_slice(&site["handbook.json"]).unwrap();
    Built {
        site,
        json,
        _tmp: tmp,
    }
}

fn source(name: &str) -> std::path::PathBuf {
    fixture("sources").join(name)
}

/// A writable copy of a fixture with some files added.
fn copy_with(name: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&source(name), dir.path());
    for (p, t) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    }
    dir
}

fn check_json(root: &std::path::Path) -> Vec<Value> {
    let (_, out, _) = waybook(&["check", root.to_str().unwrap(), "--format", "json"], None);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Each group as (id, name, kind, parent).
fn groups(j: &Value) -> Vec<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (s(&g["id"]), s(&g["name"]), s(&g["kind"]), s(&g["parent"])))
        .collect()
}

fn group<'a>(j: &'a Value, id: &str) -> &'a Value {
    j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no group {id}"))
}

/// A group's members as `person role` (`-` for none), `lead`/`emeritus`
/// marked with `*`/`~`.
fn members(j: &Value, id: &str) -> Vec<String> {
    group(j, id)["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let mark = match (m["lead"].as_bool(), m["emeritus"].as_bool()) {
                (Some(true), _) => "*",
                (_, Some(true)) => "~",
                _ => "",
            };
            format!(
                "{mark}{} {}",
                m["person"].as_str().unwrap(),
                m["role"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

/// People as (id, name, groups).
fn people(j: &Value) -> Vec<(String, String, Vec<String>)> {
    j["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
                p["groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn t(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
    (a.into(), b.into(), c.into(), d.into())
}

fn p(id: &str, name: &str, groups: &[&str]) -> (String, String, Vec<String>) {
    (
        id.into(),
        name.into(),
        groups.iter().map(|g| g.to_string()).collect(),
    )
}

#[test]
fn sigs_yaml_is_read_with_no_configuration() {
    let root = source("sigs-yaml");
    assert!(check_json(&root).is_empty(), "{:#?}", check_json(&root));
    let b = build(&root);
    let j = &b.json;
    assert_eq!(
        groups(j),
        [
            t("sig-docs", "Docs", "sig", ""),
            t("sig-release", "Release", "sig", ""),
            t("wg-data-protection", "Data Protection", "working-group", ""),
            t("committee-steering", "Steering Committee", "committee", ""),
        ]
    );
    assert_eq!(
        members(j, "sig-docs"),
        [
            "*ada-l chair",
            "*mbeatriz chair",
            "*ada-l tech-lead",
            "~old-timer -"
        ]
    );
    assert_eq!(
        members(j, "sig-release"),
        ["*grace-h chair", "*李雷 tech-lead", "*grace-h tech-lead"]
    );
    assert_eq!(
        members(j, "committee-steering"),
        ["*ada-l chair", "*grace-h chair", "*samir chair"]
    );
    let docs = group(j, "sig-docs");
    assert_eq!(docs["source"], "sigs.yaml");
    assert_eq!(
        docs["docs"],
        json!(["sig-docs/README.md", "sig-docs/charter.md"])
    );
    assert_eq!(
        docs["channels"],
        json!([
            {"name": "Mailing list", "url": "https://lists.example.org/g/sig-docs"},
            {"name": "Slack: sig-docs", "url": null}
        ])
    );
    assert_eq!(
        docs["meetings"],
        json!([{"title": "Regular SIG meeting", "day": "Tuesday", "time": "17:30",
                "timezone": "UTC", "frequency": "biweekly", "url": "https://meet.example.org/sig-docs"}])
    );
    assert!(
        docs["summary"]
            .as_str()
            .unwrap()
            .starts_with("Writes and maintains the user documentation")
    );
    // Everyone named with a name becomes a person, with their groups.
    assert_eq!(
        people(j),
        [
            p("ada-l", "Ada Lovelace", &["sig-docs", "committee-steering"]),
            p(
                "mbeatriz",
                "María Beatriz Ñúñez",
                &["sig-docs", "wg-data-protection"]
            ),
            p("old-timer", "Olu Timilehin", &["sig-docs"]),
            p(
                "grace-h",
                "Grace Hopper",
                &["sig-release", "committee-steering"]
            ),
            p("李雷", "李雷", &["sig-release"]),
            p(
                "samir",
                "سمير",
                &["wg-data-protection", "committee-steering"]
            ),
        ]
    );
    // The page: a chair who is also a tech lead is one roster entry.
    let page = page(&b.site, "groups/sig-docs.html");
    assert!(
        page.contains(">Ada Lovelace</a> <span class=\"roster-role\">Chair, Tech lead</span>"),
        "{page}"
    );
    assert!(page.contains("Imported from sigs.yaml."));
    let past = between(&page, "<details class=\"group-past\">", "</details>");
    assert!(past.contains("Olu Timilehin"), "{past}");
    assert!(
        broken_internal_links(&b.site).is_empty(),
        "{:?}",
        broken_internal_links(&b.site)
    );
}

#[test]
fn team_files_preset_reads_one_file_per_team() {
    let root = source("team-files");
    assert!(check_json(&root).is_empty(), "{:#?}", check_json(&root));
    let b = build(&root);
    let j = &b.json;
    assert_eq!(
        groups(j),
        [
            // No `name:` in the YAML file: its file name is the id.
            t("docs", "Documentation team", "working-group", ""),
            t("infra-ci", "Continuous integration", "subproject", "infra"),
            t("infra", "Infrastructure team", "team", ""),
        ]
    );
    assert_eq!(members(j, "docs"), ["ada-l -", "*mbeatriz lead"]);
    assert_eq!(
        members(j, "infra"),
        [
            "ada-l -",
            "grace-h -",
            "zoë -",
            "*ada-l lead",
            "~old-timer -"
        ]
    );
    assert_eq!(group(j, "infra")["children"], json!(["infra-ci"]));
    assert_eq!(group(j, "infra")["source"], "teams/infra.toml");
    assert_eq!(
        group(j, "infra")["summary"],
        "Runs the build machines, the website hosting and the package mirror."
    );
    // Entries with a name become people; bare ids stay names on the roster.
    assert_eq!(
        people(j),
        [
            p("mbeatriz", "María Beatriz Ñúñez", &["docs"]),
            p("zoë", "Zoë Ardent", &["infra"]),
        ]
    );
    // A lead also listed among the members is shown once, as a lead, and
    // counted once.
    let infra = page(&b.site, "groups/infra.html");
    let roster = between(&infra, "<section class=\"group-roster\"", "</section>");
    assert_eq!(roster.matches(">ada-l</span>").count(), 1, "{roster}");
    assert!(between(roster, "<h3 id=\"leads\">", "</ul>").contains("ada-l"));
    let index = page(&b.site, "groups/index.html");
    let tile = between(&index, "<a href=\"infra.html\">", "</li>");
    assert!(tile.contains("3 members"), "{tile}");
}

#[test]
fn all_contributors_become_people_and_merge_with_people_yml() {
    let root = source("all-contributors");
    let d = check_json(&root);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0]["code"], "source-conflict");
    assert_eq!(d[0]["severity"], "warning");
    // Both positions: the hand-written entry, and the record in the source.
    assert_eq!(
        (d[0]["file"].as_str(), d[0]["line"].as_u64()),
        (Some("people.yml"), Some(2))
    );
    let msg = d[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("\"Grace Hopper\"") && msg.contains("\"Grace B. Hopper\""),
        "{msg}"
    );
    assert!(msg.contains(".all-contributorsrc:26:"), "{msg}");
    // Her contribution kinds disagree too: drift, at both positions.
    assert_eq!(d[1]["code"], "source-drift");
    assert_eq!(
        (d[1]["file"].as_str(), d[1]["line"].as_u64()),
        (Some("people.yml"), Some(2))
    );
    let msg = d[1]["message"].as_str().unwrap();
    assert!(
        msg.contains("[infra] in `people.yml`")
            && msg
                .contains("[infra, maintenance] in `.all-contributorsrc` (.all-contributorsrc:26:"),
        "{msg}"
    );
    let b = build(&root);
    let list: Vec<(Value, Value, Value)> = b.json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].clone(),
                p["name"].clone(),
                p["contributions"].clone(),
            )
        })
        .collect();
    assert_eq!(
        list,
        [
            // people.yml wins for a person in both.
            (json!("grace-h"), json!("Grace Hopper"), json!(["infra"])),
            (
                json!("ada-l"),
                json!("Ada Lovelace"),
                json!(["code", "doc", "review"])
            ),
            (
                json!("mbeatriz"),
                json!("María Beatriz Ñúñez"),
                json!(["translation"])
            ),
        ]
    );
    let people = page(&b.site, "people.html");
    assert!(people.contains("<a href=\"https://ada.example.org\">Profile</a>"));
    assert!(
        !people.contains("javascript:"),
        "unsafe profile URL dropped"
    );
    assert!(b.json["groups"].as_array().unwrap().is_empty());
}

#[test]
fn generic_csv_mapping() {
    let root = source("generic-csv");
    assert!(check_json(&root).is_empty(), "{:#?}", check_json(&root));
    let j = build(&root).json;
    assert_eq!(
        groups(&j),
        [
            t("board", "Board of directors", "committee", ""),
            t("finance", "Finance committee", "committee", "board"),
            t("events", "Events committee", "committee", "board"),
        ]
    );
    assert_eq!(members(&j, "board"), ["*ada-l chair", "grace-h secretary"]);
    // An empty cell is no one.
    assert_eq!(members(&j, "finance"), ["*grace-h chair"]);
    assert_eq!(
        members(&j, "events"),
        ["*mbeatriz chair", "ada-l secretary"]
    );
    // Quoted cells keep their commas and doubled quotes.
    assert_eq!(
        group(&j, "board")["summary"],
        "Oversees the association's finances, staff and strategy."
    );
    assert_eq!(
        group(&j, "finance")["summary"],
        "Prepares the budget; checks the \"books\" every quarter."
    );
    assert_eq!(
        people(&j),
        [
            p("ada-l", "Ada Lovelace", &["board", "events"]),
            p("grace-h", "Grace Hopper", &["board", "finance"]),
            p("mbeatriz", "María Beatriz Ñúñez", &["events"]),
        ]
    );
}

#[test]
fn generic_yaml_mapping_with_keyed_records() {
    let root = source("generic-yaml");
    assert!(check_json(&root).is_empty(), "{:#?}", check_json(&root));
    let b = build(&root);
    let j = &b.json;
    assert_eq!(
        groups(j),
        [
            t("general", "General circle", "council", ""),
            t("outreach", "Outreach circle", "working-group", "general"),
        ]
    );
    assert_eq!(
        members(j, "general"),
        ["grace-h -", "mbeatriz -", "*ada-l facilitator"]
    );
    assert_eq!(
        members(j, "outreach"),
        ["*mbeatriz facilitator", "~old-timer -"]
    );
    assert_eq!(group(j, "outreach")["status"], "incubating");
    assert_eq!(
        group(j, "general")["channels"],
        json!([
            {"name": "Forum", "url": "https://forum.example.org/c/general"},
            {"name": "Matrix", "url": "https://matrix.to/#/#general:example.org"}
        ])
    );
    // A value that is not a URL is shown as text, not linked.
    assert_eq!(
        group(j, "outreach")["channels"],
        json!([{"name": "Matrix: #outreach:example.org", "url": null}])
    );
    assert_eq!(
        people(j),
        [
            p("grace-h", "Grace Hopper", &["general"]),
            p("mbeatriz", "María Beatriz Ñúñez", &["general", "outreach"]),
            p("ada-l", "Ada Lovelace", &["general"]),
            p("old-timer", "Olu Timilehin", &["outreach"]),
        ]
    );
    let index = page(&b.site, "groups/index.html");
    assert!(
        index.contains("href=\"../groups/outreach.html\""),
        "{index}"
    );
}

#[test]
fn a_hand_written_group_merges_with_its_record() {
    let hand = "---\nname: Documentation\nstatus: active\njoin: sig-docs/README.md\n---\nOur own charter, in our words.\n";
    let hb = copy_with("sigs-yaml", &[("groups/sig-docs.md", hand)]);
    let d = check_json(hb.path());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "source-conflict");
    assert_eq!(d[0]["file"], "groups/sig-docs.md");
    let msg = d[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("\"Documentation\" here but \"Docs\" in `sigs.yaml` (sigs.yaml:5:"),
        "{msg}"
    );
    let b = build(hb.path());
    let j = &b.json;
    // One group: the hand-written name, status and charter; the imported
    // kind, members, meetings and channels.
    assert_eq!(j["groups"].as_array().unwrap().len(), 4);
    let g = group(j, "sig-docs");
    assert_eq!(g["name"], "Documentation");
    assert_eq!(g["source"], "groups/sig-docs.md");
    assert_eq!(g["kind"], "sig");
    assert_eq!(g["status"], "active");
    assert_eq!(g["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(members(j, "sig-docs")[0], "*ada-l chair");
    let page = page(&b.site, "groups/sig-docs.html");
    assert!(page.contains("Our own charter, in our words."));
    assert!(
        !page.contains("Imported from"),
        "hand-written groups are not marked imported"
    );
}

#[test]
fn drift_between_a_hand_written_roster_and_the_source_is_reported() {
    let people =
        "people:\n  - id: grace-h\n    name: Grace Hopper\n  - id: zed\n    name: Zed Zed\n";
    let hand = "---\nname: Release\nkind: sig\nleads: [grace-h, zed]\n---\nReleases.\n";
    let hb = copy_with(
        "sigs-yaml",
        &[("people.yml", people), ("groups/sig-release.md", hand)],
    );
    let d = check_json(hb.path());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "source-drift");
    assert_eq!(d[0]["file"], "groups/sig-release.md");
    assert_eq!(
        d[0]["message"],
        "group `sig-release`'s members differ from its data source: `zed` not in `sigs.yaml`; `李雷` only in `sigs.yaml`"
    );
    // The hand-written roster is the one shown.
    let j = build(hb.path()).json;
    assert_eq!(members(&j, "sig-release"), ["*grace-h -", "*zed -"]);
}

#[test]
fn bad_sources_are_invalid_source_errors_at_their_entry() {
    let hb = handbook(&[
        ("index.md", "# Home\n"),
        (
            "handbook.yml",
            "title: Bad\nsources:\n  - preset: sigs-yml\n  - file: teams/*.toml\n    into: groups\n  - file: data/broken.toml\n    into: groups\n  - file: data/list.yaml\n    into: groups\n    records: groups\n  - into: groups\n",
        ),
        ("data/broken.toml", "name = \"unterminated\n"),
        ("data/list.yaml", "teams:\n  - name: a\n"),
    ]);
    let d = check_json(hb.path());
    let errs: Vec<(String, String, u64, String)> = d
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_string(),
                x["file"].as_str().unwrap().to_string(),
                x["line"].as_u64().unwrap(),
                x["message"]
                    .as_str()
                    .unwrap()
                    .lines()
                    .next()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    let want = [
        (
            "invalid-source",
            "data/broken.toml",
            1,
            "cannot read data source `data/broken.toml`: TOML parse error at line 1, column 21",
        ),
        (
            "invalid-source",
            "handbook.yml",
            3,
            "unknown data source preset `sigs-yml`",
        ),
        (
            "invalid-source",
            "handbook.yml",
            4,
            "`teams/*.toml` matches no file",
        ),
        (
            "invalid-source",
            "handbook.yml",
            8,
            "no records at `groups` in `data/list.yaml`",
        ),
        (
            "invalid-source",
            "handbook.yml",
            11,
            "a source needs `preset:` or `file:`",
        ),
    ];
    let want: Vec<(String, String, u64, String)> = want
        .iter()
        .map(|(c, f, l, m)| (c.to_string(), f.to_string(), *l, m.to_string()))
        .collect();
    assert_eq!(errs, want);
    let preset = d.iter().find(|x| x["line"] == 3).unwrap();
    assert_eq!(preset["help"], "did you mean `sigs-yaml`?");
    // The site still builds from the rest.
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(site.contains_key("index.html"));
}

#[test]
fn a_missing_source_file_is_an_error_naming_it() {
    let hb = handbook(&[
        ("index.md", "# Home\n"),
        (
            "handbook.yml",
            "title: Missing\nsources:\n  - file: data/groups.yaml\n    into: groups\n",
        ),
    ]);
    let d = check_json(hb.path());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["severity"], "error");
    assert_eq!(d[0]["code"], "invalid-source");
    // Reported at the entry that names it, not in a file that does not exist.
    assert_eq!(
        (d[0]["file"].as_str(), d[0]["line"].as_u64()),
        (Some("handbook.yml"), Some(3))
    );
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("data/groups.yaml"),
        "{d:#?}"
    );
}

#[test]
fn a_bad_into_format_or_field_is_reported_with_a_suggestion() {
    for (entry, word, suggestion) in [
        ("into: peple", "into `peple`", "people"),
        ("format: jsn", "format `jsn`", "json"),
        ("fields: {nmae: title}", "field `nmae`", "name"),
    ] {
        let hb = handbook(&[
            ("index.md", "# Home\n"),
            ("data.yaml", "- id: a\n"),
            (
                "handbook.yml",
                &format!("title: Bad\nsources:\n  - file: data.yaml\n    {entry}\n"),
            ),
        ]);
        let d = check_json(hb.path());
        assert_eq!(d.len(), 1, "{entry}: {d:#?}");
        assert_eq!(d[0]["code"], "invalid-source");
        let msg = d[0]["message"].as_str().unwrap();
        assert!(msg.contains(word), "{msg}");
        assert!(
            d[0]["help"].as_str().unwrap().contains(suggestion),
            "{d:#?}"
        );
    }
}

#[test]
fn csv_cells_list_several_people() {
    let hb = handbook(&[
        ("index.md", "# Home\n"),
        (
            "teams.csv",
            "id,name,members\ndocs,Docs team,\"ada; grace, linus\"\n",
        ),
        (
            "handbook.yml",
            "title: Csv\nsources:\n  - file: teams.csv\n    fields: {id: id, name: name, members: members}\n",
        ),
    ]);
    let b = build(hb.path());
    assert_eq!(members(&b.json, "docs"), ["ada -", "grace -", "linus -"]);
}

#[test]
fn team_files_read_rust_lang_style_people_tables() {
    let hb = handbook(&[
        ("index.md", "# Home\n"),
        (
            "teams/lang.toml",
            "name = \"lang\"\n\n[people]\nleads = [\"niko\"]\nmembers = [\"josh\", \"niko\"]\nalumni = [\"aaron\"]\n",
        ),
        (
            "teams/lang-ops.toml",
            "name = \"lang-ops\"\nsubteam-of = \"lang\"\n\n[people]\nleads = []\nmembers = [\"tc\"]\n",
        ),
        (
            "handbook.yml",
            "title: Teams\nsources:\n  - preset: team-files\n",
        ),
    ]);
    let b = build(hb.path());
    assert_eq!(
        groups(&b.json),
        [
            t("lang-ops", "lang-ops", "", "lang"),
            t("lang", "lang", "", "")
        ]
    );
    assert_eq!(
        members(&b.json, "lang"),
        ["josh -", "niko -", "*niko lead", "~aaron -"]
    );
    assert_eq!(members(&b.json, "lang-ops"), ["tc -"]);
}

#[test]
fn owners_codeowners_and_myst_authors_presets() {
    let hb = handbook(&[
        ("index.md", "# Home\n"),
        ("docs/gov/charter.md", "# Charter\n"),
        ("docs/other.md", "# Other\n"),
        ("sig-node/README.md", "# SIG Node\n"),
        (
            "sig-node/OWNERS",
            "approvers:\n  - carol\nreviewers:\n  - dave\nemeritus_approvers:\n  - erin\n",
        ),
        (
            ".github/CODEOWNERS",
            "# owners\n* @alice\n/docs/gov/ @example/governance @bob\n",
        ),
        (
            "myst.yml",
            "version: 1\nproject:\n  affiliations:\n    - id: uni\n      name: Universidad de Chile\n      ror: https://ror.org/047gc3g35\n  authors:\n    - name: Ana María\n      github: anamaria\n      affiliations: [uni]\n    - id: kenji\n      name: 健二\n      affiliations: [Kyoto Lab]\n",
        ),
        (
            "handbook.yml",
            "title: Presets\nsources:\n  - preset: owners\n  - preset: codeowners\n  - preset: myst-authors\n",
        ),
    ]);
    let b = build(hb.path());
    assert_eq!(
        members(&b.json, "sig-node"),
        ["*carol approver", "dave reviewer", "~erin -"]
    );
    assert_eq!(
        group(&b.json, "sig-node")["docs"],
        json!(["sig-node/README.md"])
    );
    let gov = group(&b.json, "governance");
    assert_eq!(gov["name"], "example/governance");
    assert_eq!(gov["kind"], "team");
    assert_eq!(gov["docs"], json!(["docs/gov/charter.md"]));
    let ids: Vec<String> = people(&b.json).into_iter().map(|p| p.0).collect();
    assert_eq!(ids, ["alice", "bob", "anamaria", "kenji"]);
    assert!(people(&b.json).contains(&p("kenji", "健二", &[])));
    // MyST affiliations: an id from project.affiliations, or a plain name.
    let person = |id: &str| {
        b.json["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        person("anamaria")["affiliations"],
        json!([{"name": "Universidad de Chile", "ror": "047gc3g35"}])
    );
    assert_eq!(
        person("kenji")["affiliations"],
        json!([{"name": "Kyoto Lab", "ror": null}])
    );
}
