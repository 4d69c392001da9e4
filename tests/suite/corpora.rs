//! The shared real-world corpora build without crashing; their broken links
//! are reported, not fatal; every page is in the navigation.

use crate::util::*;

fn md_count(root: &std::path::Path) -> usize {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            e.file_type().is_file()
                && name.ends_with(".md")
                && !e
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .count()
}

fn build_corpus(
    name: &str,
) -> (
    String,
    std::collections::BTreeMap<String, Vec<u8>>,
    tempfile::TempDir,
) {
    let root = corpus(name);
    assert!(root.is_dir(), "corpus {name} missing at {}", root.display());
    let (code, stderr, site, t) = build_to_temp(&root, &[]);
    assert!(code == 0 || code == 1, "{name}: exit {code}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    assert_eq!(
        json["docs"].as_array().unwrap().len(),
        md_count(&root),
        "{name}: every markdown file is a page"
    );
    (stderr, site, t)
}

/// Every doc page is linked from the sidebar of the home page or of a page
/// on its branch: walk the sidebars from the home page.
fn all_docs_reachable_from_nav(site: &std::collections::BTreeMap<String, Vec<u8>>) {
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec!["index.html".to_string()];
    while let Some(p) = queue.pop() {
        if !seen.insert(p.clone()) {
            continue;
        }
        let Some(bytes) = site.get(&p) else { continue };
        let html = String::from_utf8_lossy(bytes);
        let Some(start) = html.find("<nav id=\"sidebar\"") else {
            continue;
        };
        let nav = &html[start..start + html[start..].find("</nav>").unwrap_or(0)];
        let dir = p.rfind('/').map_or("", |i| &p[..i]);
        for l in links(nav) {
            let joined = if dir.is_empty() {
                l.clone()
            } else {
                format!("{dir}/{l}")
            };
            queue.push(normalize(&joined));
        }
    }
    for d in json["docs"].as_array().unwrap() {
        let url = d["url"].as_str().unwrap();
        assert!(
            seen.contains(url),
            "{url} is not reachable from the navigation"
        );
    }
}

#[test]
fn cncf_template_builds() {
    let (stderr, site, _t) = build_corpus("cncf-project-template");
    assert!(stderr.contains("broken-link"), "{stderr}");
    assert!(
        stderr.contains("code-of-conduct.md"),
        "the real broken link is reported: {stderr}"
    );
    all_docs_reachable_from_nav(&site);
    assert!(page(&site, "index.html").contains("<h1"));
}

#[test]
fn kubernetes_community_builds() {
    let (stderr, site, _t) = build_corpus("kubernetes-community");
    assert!(stderr.contains("broken-link"), "{stderr}");
    all_docs_reachable_from_nav(&site);
    // Repo-root links (`/sig-node`) and folder links resolve to the folder's README.
    let governance = page(&site, "governance.html");
    assert!(
        governance.contains("href=\"sig-list.html\"") || governance.contains("sig-list.html"),
        "{}",
        &governance[..500]
    );
}

#[test]
fn turing_way_builds_with_toc_order() {
    let (stderr, site, _t) = build_corpus("turing-way");
    assert!(
        stderr.contains("unknown-label"),
        "undefined {{ref}} targets are reported: {stderr}"
    );
    all_docs_reachable_from_nav(&site);
}
