//! Trust in the build output (issue 12): every output URL has one owner,
//! rebuilding keeps what the user put in the output folder, what `check`
//! accepts `build` writes, `check` validates templates, the sidebar keeps
//! the site linear in size, and the governance checks stay linear.

use crate::util::*;

/// The `(code, file, message)` of each diagnostic of `check --format json`.
fn check_json(root: &std::path::Path) -> Vec<(String, String, String)> {
    let (_, out, err) = waybook(&["check", root.to_str().unwrap(), "--format", "json"], None);
    assert!(!err.contains("panicked"), "{err}");
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("file"), s("message"))
        })
        .collect()
}

#[test]
fn a_long_reports_to_chain_is_checked_and_its_cycle_reported_once() {
    let n = 4000;
    let mut files: Vec<(String, String)> = (0..n)
        .map(|i| {
            // r0 → r1 → … → r3999 → r3000: a long tail into a 1,000-role loop.
            let to = if i + 1 < n { i + 1 } else { 3000 };
            (
                format!("roles/r{i:04}.md"),
                format!("---\ntitle: R{i}\nreports_to: r{to:04}\nholders: [x]\n---\n"),
            )
        })
        .collect();
    files.push((
        "handbook.yml".into(),
        "title: Chain\nlints: {role-unreachable: off}\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let hb = handbook(&refs);
    let diags = check_json(hb.path());
    let cycles: Vec<_> = diags.iter().filter(|d| d.0 == "reports-to-cycle").collect();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert_eq!(cycles[0].1, "roles/r3000.md");
    let expected: Vec<String> = (3000..n)
        .chain([3000])
        .map(|i| format!("r{i:04}"))
        .collect();
    assert_eq!(
        cycles[0].2,
        format!("`reports_to` forms a cycle: {}", expected.join(" → "))
    );
    // Without the loop back, the same chain is clean.
    std::fs::write(
        hb.path().join("roles/r3999.md"),
        "---\ntitle: Top\nholders: [x]\n---\n",
    )
    .unwrap();
    let diags = check_json(hb.path());
    assert!(
        !diags.iter().any(|d| d.0 == "reports-to-cycle"),
        "{diags:?}"
    );
}

#[test]
fn check_reports_template_errors_that_build_would_hit() {
    // Parses, but names a field that does not exist: only rendering finds it.
    let hb = handbook(&[
        ("README.md", "# Home\n"),
        ("a.md", "# A\n"),
        (
            "templates/doc.html",
            "{% extends \"base.html\" %}\n{% block main %}{{ page.nope }}{% endblock main %}\n",
        ),
    ]);
    let (code, out, _) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["code"], "template-error", "{out}");
    assert_eq!(v["file"], "templates/doc.html", "{out}");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(2), Some(25))
    );
    // And a template that does not parse at all, with its position.
    std::fs::write(
        hb.path().join("templates/doc.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title }</p>\n{% endblock main %}\n",
    )
    .unwrap();
    let (code, out, _) = waybook(&["check", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[template-error]"), "{out}");
    assert!(out.contains("--> templates/doc.html:3:18"), "{out}");
}

#[test]
fn folders_without_an_index_page_are_collapsed_off_the_current_branch() {
    // 300 docs in 30 folders, none with an index page.
    let files: Vec<(String, String)> = (0..30)
        .flat_map(|f| {
            (0..10).map(move |d| {
                (
                    format!("folder-{f:02}/doc-{d:02}.md"),
                    format!("# Folder {f} doc {d}\n\nText.\n"),
                )
            })
        })
        .chain([("README.md".to_string(), "# Home\n".to_string())])
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let hb = handbook(&refs);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let p = page(&site, "folder-03/doc-04.html");
    let sidebar = between(&p, "<nav id=\"sidebar\"", "</nav>");
    // Its own folder is open; the others show one link each, to their first page.
    assert!(sidebar.contains("href=\"doc-09.html\""), "{sidebar}");
    assert!(
        sidebar.contains("href=\"../folder-07/doc-00.html\""),
        "{sidebar}"
    );
    assert!(!sidebar.contains("folder-07/doc-01.html"), "{sidebar}");
    let links = sidebar.matches("<a ").count();
    assert!(links <= 10 + 30 + 1, "{links} links in one sidebar");
    // Every doc is still reachable from the sidebar of some page.
    let all: String = site
        .iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    for (path, _) in files.iter().filter(|f| f.0 != "README.md") {
        let name = path.rsplit('/').next().unwrap().replace(".md", ".html");
        assert!(all.contains(&format!("href=\"{name}\"")), "{name}");
    }
    // The site grows linearly: pages stay about the same size.
    let sizes: Vec<usize> = site
        .iter()
        .filter(|(k, _)| k.starts_with("folder-"))
        .map(|(_, v)| v.len())
        .collect();
    let biggest = sizes.iter().max().unwrap();
    eprintln!("biggest page: {biggest} bytes");
    assert!(*biggest < 12_000, "a page of {biggest} bytes");
}

#[test]
fn rebuilding_keeps_files_the_user_added_to_the_output_folder() {
    let hb = handbook(&[("README.md", "# Home\n\n[a](a.md)\n"), ("a.md", "# A\n")]);
    let root = hb.path().to_str().unwrap();
    let (code, _, stderr) = waybook(&["build", root], None);
    assert_eq!(code, 0, "{stderr}");
    let public = hb.path().join("public");
    std::fs::write(public.join("CNAME"), "handbook.example.org\n").unwrap();
    std::fs::write(public.join(".nojekyll"), "").unwrap();
    // A build killed half-way left its staging folder beside the output.
    let stale = hb.path().join(format!(".public.waybook-new-{}", u32::MAX));
    std::fs::create_dir_all(stale.join("docs")).unwrap();
    std::fs::write(stale.join("docs/big.html"), "x".repeat(10_000)).unwrap();
    std::fs::remove_file(hb.path().join("a.md")).unwrap();
    std::fs::write(hb.path().join("README.md"), "# Home\n").unwrap();
    let (code, _, stderr) = waybook(&["build", root], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(public.join("CNAME")).unwrap(),
        "handbook.example.org\n"
    );
    assert!(public.join(".nojekyll").is_file());
    assert!(!public.join("a.html").exists(), "stale page removed");
    assert!(
        !stale.exists(),
        "interrupted build's staging folder removed"
    );
    // A user's file where the site now needs a page is refused by name.
    std::fs::write(public.join("b.html"), "mine").unwrap();
    std::fs::write(hb.path().join("b.md"), "# B\n").unwrap();
    let (code, _, stderr) = waybook(&["build", root], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("b.html") && stderr.contains("not written by waybook"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(public.join("b.html")).unwrap(),
        "mine"
    );
}

/// The `url-collision` diagnostics of `check`: (loser file, message).
fn collisions(root: &std::path::Path) -> Vec<(String, String)> {
    check_json(root)
        .into_iter()
        .filter(|d| d.0 == "url-collision")
        .map(|d| (d.1, d.2))
        .collect()
}

#[test]
fn every_url_has_one_owner_and_collisions_name_both_sources() {
    let journey = "title: X\npersona:\n  name: P\nstages: []\n";
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: T\nlints: {journey-missing-stage: off, role-unheld: off, orphan-page: off}\n",
        ),
        (
            "README.md",
            "# Home\n\n[s](search.md) [a](a.md) [A](A.md)\n",
        ),
        ("index.md", "# Index\n"),
        ("search.md", "# Search help\n"),
        ("404.md", "# Lost\n"),
        ("people.md", "# Our people\n"),
        ("people.yml", "people:\n  - id: ada\n    name: Ada\n"),
        ("a.md", "# lower a\n"),
        ("A.md", "# upper A\n"),
        ("journeys/index.md", "# Journeys intro\n"),
        ("journeys/x.md", "# Journey notes\n"),
        ("journeys/x.yml", journey),
        ("roles/lead.md", "---\ntitle: Lead\n---\n"),
        ("roles/README.md", "# About roles (forge)\n"),
        ("roles/index.md", "# About roles\n"),
        ("docs/x/README.md", "# X readme\n"),
        ("docs/x/index.md", "# X index\n"),
    ]);
    let got = collisions(hb.path());
    let expect = [
        (
            "404.md",
            "`404.md` and the \"page not found\" page would both be written to `404.html`",
        ),
        (
            "README.md",
            "`README.md` and `index.md` would both be written to `index.html`",
        ),
        (
            "a.md",
            "`a.md` and `A.md` would both be written to `a.html` (names that differ only in case are one file on Windows and macOS)",
        ),
        (
            "docs/x/README.md",
            "`docs/x/README.md` and `docs/x/index.md` would both be written to `docs/x/index.html`",
        ),
        (
            "journeys/index.md",
            "`journeys/index.md` and the journeys index would both be written to `journeys/index.html`",
        ),
        (
            "journeys/x.md",
            "`journeys/x.md` and the journey `x` (`journeys/x.yml`) would both be written to `journeys/x.html`",
        ),
        (
            "people.md",
            "`people.md` and the people page would both be written to `people.html`",
        ),
        (
            "roles/README.md",
            "`roles/README.md` and `roles/index.md` would both be written to `roles/index.html`",
        ),
        (
            "search.md",
            "`search.md` and the search page would both be written to `search.html`",
        ),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    assert_eq!(got, expect);
    // The build keeps every page: the generated ones at their URLs, each
    // loser beside it, and links to a loser follow it.
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("help: the search page keeps `search.html`; rename `search.md`"),
        "{stderr}"
    );
    let search = page(&site, "search.html");
    assert!(!between(&search, "<main", "</main>").contains("Search help"));
    assert!(page(&site, "search-2.html").contains("Search help"));
    assert!(page(&site, "index.html").contains("Index"));
    assert!(page(&site, "README.html").contains("Home"));
    assert!(page(&site, "A.html").contains("upper A"));
    assert!(page(&site, "a-2.html").contains("lower a"));
    assert!(page(&site, "journeys/x.html").contains("persona"));
    assert!(page(&site, "journeys/x-2.html").contains("Journey notes"));
    assert!(page(&site, "docs/x/README.html").contains("X readme"));
    assert!(page(&site, "roles/index.html").contains("About roles"));
    let home = page(&site, "README.html");
    assert!(
        home.contains("href=\"search-2.html\"") && home.contains("href=\"a-2.html\""),
        "{home}"
    );
    let lower: std::collections::BTreeSet<String> = site.keys().map(|k| k.to_lowercase()).collect();
    assert_eq!(lower.len(), site.len(), "two files differ only in case");
    assert!(
        broken_internal_links(&site).is_empty(),
        "{:?}",
        broken_internal_links(&site)
    );
}

#[test]
fn copied_files_never_overwrite_a_page_or_each_other() {
    let hb = handbook(&[
        (
            "README.md",
            "# Home\n\n[one](files/R.pdf) [two](files/r.pdf) [h](handbook.json)\n",
        ),
        ("files/R.pdf", "one"),
        ("files/r.pdf", "two"),
        ("handbook.json", "{}"),
    ]);
    let got = collisions(hb.path());
    let expect = [
        (
            "files/r.pdf",
            "`files/r.pdf` and `files/R.pdf` would both be written to `files/r.pdf`",
        ),
        (
            "handbook.json",
            "`handbook.json` and the handbook data file would both be written to `handbook.json`",
        ),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    assert_eq!(got, expect);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(site["files/R.pdf"], b"one");
    assert!(!site.contains_key("files/r.pdf"));
    assert!(page(&site, "handbook.json").contains("schema_version"));
}

#[test]
fn over_long_file_names_that_check_accepts_build_writes() {
    let stem = "b".repeat(251);
    let roles = format!("roles/{}.md", "r".repeat(251));
    let hb = handbook(&[
        ("README.md", &format!("# Home\n\n[long]({stem}.md)\n")),
        (&format!("{stem}.md"), "# Long\n"),
        (&roles, "---\ntitle: Long role\nholders: [x]\n---\n"),
        (&format!("{}.md", "é".repeat(125)), "# Accents\n"),
    ]);
    let (code, out, _) = waybook(&["check", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}");
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    for name in site.keys() {
        let file = name.rsplit('/').next().unwrap();
        assert!(file.len() <= 255, "{file}");
    }
    let long: Vec<&String> = site.keys().filter(|k| k.starts_with("bbbb")).collect();
    assert_eq!(long.len(), 1, "{:?}", site.keys());
    assert!(page(&site, long[0]).contains("Long"));
    assert!(page(&site, "index.html").contains(&format!("href=\"{}\"", long[0])));
    assert!(site.keys().any(|k| k.starts_with("roles/rrrr")));
    assert!(
        broken_internal_links(&site).is_empty(),
        "{:?}",
        broken_internal_links(&site)
    );
    // Deterministic: a second build names the files the same.
    let (_, _, again, _t2) = build_to_temp(hb.path(), &[]);
    assert_eq!(
        site.keys().collect::<Vec<_>>(),
        again.keys().collect::<Vec<_>>()
    );
}

#[test]
fn a_page_whose_name_ends_in_index_is_not_its_folders_page() {
    let hb = handbook(&[
        ("README.md", "# Home\n"),
        ("guide/reindex.md", "# Reindexing\n"),
        ("guide/other.md", "# Other\n"),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let p = page(&site, "guide/other.html");
    let sidebar = between(&p, "<nav id=\"sidebar\"", "</nav>");
    assert!(sidebar.contains(">Guide<"), "{sidebar}");
    assert!(
        sidebar.contains("href=\"reindex.html\">Reindexing<"),
        "{sidebar}"
    );
}

#[test]
fn a_killed_build_leaves_nothing_the_next_build_does_not_remove() {
    let files: Vec<(String, String)> = (0..400)
        .map(|i| {
            (
                format!("d/p{i:03}.md"),
                format!("# Page {i}\n\n{}\n", "Text. ".repeat(200)),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let hb = handbook(&refs);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_waybook"))
        .args([
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = out.path().join(format!(".site.waybook-new-{}", child.id()));
    let start = std::time::Instant::now();
    while !staging.exists() && start.elapsed().as_secs() < 20 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().ok(); // like SIGTERM or a closed terminal: no clean-up runs
    child.wait().unwrap();
    let (code, _, stderr) = waybook(
        &[
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let hidden: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    assert!(site.join("d/p399.html").is_file());
}
