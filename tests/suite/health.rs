//! Governance health: `check --report` (text and JSON), the leadership
//! lints' defaults, the `init --template` governance models (each checks
//! clean under `--strict`, and its report is pinned in a snapshot), and
//! the report on the shared Kubernetes corpus.

use crate::util::{copy_dir, corpus, fixture, waybook};

const TEMPLATES: &[&str] = &[
    "do-ocracy",
    "foundation",
    "maintainer-council",
    "research-collaborative",
    "single-maintainer",
];

fn report_json(dir: &std::path::Path) -> serde_json::Value {
    let (code, out, err) = waybook(
        &[
            "check",
            dir.to_str().unwrap(),
            "--report",
            "--format",
            "json",
        ],
        None,
    );
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn statuses(r: &serde_json::Value) -> Vec<(String, String)> {
    r["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_template_inits_and_checks_clean_under_strict() {
    let (_, _, err) = waybook(&["init", "/nonexistent-x", "--template", "fundation"], None);
    assert!(err.contains("did you mean `foundation`?"), "{err}");
    for name in TEMPLATES {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(name);
        let (code, _, err) = waybook(&["init", dir.to_str().unwrap(), "--template", name], None);
        assert_eq!(code, 0, "{name}: {err}");
        let (code, out, err) = waybook(&["check", dir.to_str().unwrap(), "--strict"], None);
        assert_eq!(code, 0, "{name}:\n{out}{err}");
        assert!(out.contains("0 errors, 0 warnings"), "{name}: {out}");
        // Every template covers every area, and says so with evidence.
        let r = report_json(&dir);
        for (id, status) in statuses(&r) {
            assert_eq!(status, "complete", "{name}: area {id}");
        }
        let (code, _, _) = waybook(&["build", dir.to_str().unwrap()], None);
        assert_eq!(code, 0, "{name}: build");
        let page = std::fs::read_to_string(dir.join("public/health.html")).unwrap();
        assert!(page.contains("10 complete, 0 partial, 0 missing"), "{name}");
        let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
        assert!(
            home.contains("class=\"govern-card\""),
            "{name}: no govern card"
        );
    }
}

#[test]
fn template_reports_snapshot() {
    for name in TEMPLATES {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(name);
        waybook(&["init", dir.to_str().unwrap(), "--template", name], None);
        let (code, out, err) = waybook(&["check", dir.to_str().unwrap(), "--report"], None);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("report_{}", name.replace('-', "_")), out);
    }
}

#[test]
fn report_text_goes_to_stdout_and_diagnostics_to_stderr() {
    let (_, out, err) = waybook(
        &[
            "check",
            fixture("diagnostics/role-without-term").to_str().unwrap(),
            "--report",
        ],
        None,
    );
    assert!(out.starts_with("Governance health"), "{out}");
    assert!(err.contains("role-without-term"), "{err}");
    assert!(!out.contains("role-without-term]"), "{out}");
}

#[test]
fn covers_tags_extend_areas_and_unknown_health_keys_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    waybook(&["init", dir.to_str().unwrap()], None);
    // The plain scaffold has no security policy.
    let r = report_json(&dir);
    let st = statuses(&r);
    assert!(
        st.contains(&("security-reporting".into(), "missing".into())),
        "{st:?}"
    );
    std::fs::write(
        dir.join("docs/sécurité.md"),
        "---\ntitle: Politique de sécurité\ncovers: [security-reporting, financement]\n---\n# Politique\n",
    )
    .unwrap();
    let mut yml = std::fs::read_to_string(dir.join("handbook.yml")).unwrap();
    yml.push_str("health:\n  areas:\n    - id: financement\n      title: Financement\n      keywords: [budget]\n");
    std::fs::write(dir.join("handbook.yml"), &yml).unwrap();
    let st = statuses(&report_json(&dir));
    assert!(
        st.contains(&("security-reporting".into(), "complete".into())),
        "{st:?}"
    );
    assert_eq!(st.last(), Some(&("financement".into(), "complete".into())));
    // A misspelt key in `health:` is an error with a suggestion.
    yml.push_str("  max_role_per_person: 2\n");
    std::fs::write(dir.join("handbook.yml"), &yml).unwrap();
    let (code, out, _) = waybook(&["check", dir.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(
        out.contains("did you mean `max_roles_per_person`?"),
        "{out}"
    );
}

#[test]
fn opt_in_lints_are_quiet_until_enabled() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("diagnostics/single-holder"), tmp.path());
    std::fs::write(
        tmp.path().join("handbook.yml"),
        "lints:\n  role-unreachable: off\n",
    )
    .unwrap();
    let (code, out, _) = waybook(&["check", tmp.path().to_str().unwrap(), "--strict"], None);
    assert_eq!(code, 0, "{out}");
}

/// The shared Kubernetes community corpus: which areas its files cover
/// (by headings and its `sigs.yaml` data), and no area is called complete
/// without evidence.
#[test]
fn kubernetes_corpus_report() {
    let dir = corpus("kubernetes-community");
    if !dir.is_dir() {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    }
    let r = report_json(&dir);
    let areas = r["areas"].as_array().unwrap();
    for a in areas {
        let n = a["evidence"].as_array().unwrap().len();
        if a["status"] != "missing" {
            assert!(n > 0, "{} is {} without evidence", a["id"], a["status"]);
        } else {
            assert_eq!(n, 0);
        }
    }
    let found: Vec<&str> = (areas.iter())
        .filter(|a| a["status"] != "missing")
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        found,
        [
            "purpose",
            "maintainer-list",
            "code-of-conduct",
            "contributor-guide",
            "contributor-ladder",
            "maintainer-lifecycle",
            "decision-making",
            "ownership",
            "security-reporting",
            "communication",
        ]
    );
    let evidence = |id: &str| -> Vec<String> {
        let a = areas.iter().find(|a| a["id"] == id).unwrap();
        (a["evidence"].as_array().unwrap().iter())
            .map(|e| e["src"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(evidence("security-reporting").contains(&"contributors/guide/security.md".into()));
    assert!(evidence("contributor-ladder").contains(&"community-membership.md".into()));
    assert!(
        evidence("code-of-conduct")
            .contains(&"committee-code-of-conduct/incident-process.md".into())
    );
    assert!(evidence("communication").contains(&"sigs.yaml".into()));
    // Its groups come from sigs.yaml: no leadership roles, many emeritus leads.
    assert_eq!(r["leadership"]["roles"].as_array().unwrap().len(), 0);
    assert!(r["leadership"]["emeritus"].as_u64().unwrap() > 0);
    // No doc there has `owners:`.
    assert_eq!(
        r["freshness"]["without_owners"].as_array().unwrap().len(),
        r["freshness"]["docs"].as_u64().unwrap() as usize
    );
}

/// The example handbook: the "How we govern" card on the home page names
/// its steering committee first, and `handbook.json` carries the report.
#[test]
fn example_home_card_and_handbook_json() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let example = crate::util::repo().join("example-handbook");
    let (code, _, err) = waybook(
        &[
            "build",
            example.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let card = &home[home.find("class=\"govern-card\"").unwrap()..];
    let leads = &card[card.find("Who leads").unwrap()..];
    assert!(
        leads.contains("<dd><a href=\"groups/steering.html\">Steering committee</a>"),
        "{leads}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("handbook.json")).unwrap()).unwrap();
    let areas = json["health"]["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 10);
    let decide = areas.iter().find(|a| a["id"] == "decision-making").unwrap();
    assert_eq!(decide["status"], "complete");
    assert_eq!(json["health"]["freshness"]["docs"], 23);
    let page = std::fs::read_to_string(out.join("health.html")).unwrap();
    assert!(page.contains("id=\"area-decision-making\""));
}

/// Employer concentration: the report lists the organisations of the
/// people in leadership positions (one organisation per ROR id, else per
/// name), the default share is a half, and health.html shows the shares.
#[test]
fn employer_shares_in_report_lint_and_page() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    copy_dir(&fixture("diagnostics/employer-concentration"), &dir);
    let r = report_json(&dir);
    let shares: Vec<(String, u64, u64)> = r["leadership"]["employers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let n = |k: &str| e[k].as_u64().unwrap();
            (
                e["name"].as_str().unwrap().to_string(),
                n("leaders"),
                n("of"),
            )
        })
        .collect();
    let want = [
        ("Acme Corp", 3, 4),
        ("Université Laval", 2, 4),
        ("ACME Corporation", 1, 4),
    ];
    let want: Vec<(String, u64, u64)> = want
        .iter()
        .map(|(n, a, b)| (n.to_string(), *a, *b))
        .collect();
    assert_eq!(shares, want);
    // Without `max_employer_share`, more than half is too many: Acme's
    // three of four are, Laval's two of four are not.
    std::fs::write(
        dir.join("handbook.yml"),
        "lints:\n  role-unreachable: off\n",
    )
    .unwrap();
    let (_, out, _) = waybook(&["check", dir.to_str().unwrap(), "--format", "json"], None);
    let flagged: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("\"employer-concentration\""))
        .collect();
    assert_eq!(flagged.len(), 1, "{out}");
    assert!(flagged[0].contains("affiliated with Acme Corp"), "{out}");
    assert!(flagged[0].contains("more than 50%"), "{out}");
    let site = tmp.path().join("site");
    let (code, _, err) = waybook(
        &["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()],
        None,
    );
    assert!(code == 0 || code == 1, "{err}");
    let page = std::fs::read_to_string(site.join("health.html")).unwrap();
    assert!(
        page.contains("Acme Corp, 3 of 4; Université Laval, 2 of 4; ACME Corporation, 1 of 4"),
        "{page}"
    );
}
