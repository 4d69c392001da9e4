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
