//! `waybook build`: the example handbook, determinism, output safety,
//! zero-config folders, markdown rendering and link rewriting.

use crate::util::*;

#[test]
fn example_builds_clean_and_every_link_resolves() {
    let (code, stderr, site, _t) = build_to_temp(&repo().join("example-handbook"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("warning") && !stderr.contains("error"),
        "{stderr}"
    );
    for p in [
        "index.html",
        "docs/index.html",
        "roles/index.html",
        "roles/maintainer.html",
        "journeys/index.html",
        "glossary.html",
        "people.html",
        "search.html",
        "404.html",
        "sitemap.xml",
        "handbook.json",
        "search/meta.json",
        "static/waybook.css",
        "static/waybook.js",
        "static/highlight-light.css",
        "static/highlight-dark.css",
    ] {
        assert!(site.contains_key(p), "missing {p}");
    }
    let broken = broken_internal_links(&site);
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let root = repo().join("example-handbook");
    let (_, _, a, _t1) = build_to_temp(&root, &[]);
    let (_, _, b, _t2) = build_to_temp(&root, &[]);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between builds");
    }
}

#[test]
fn refuses_output_that_holds_the_source() {
    let hb = handbook(&[("docs/a.md", "# A\n")]);
    let root = hb.path().to_str().unwrap();
    let (code, _, stderr) = waybook(&["build", root, "-o", root], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("refusing to write"), "{stderr}");
    let parent = hb.path().parent().unwrap().to_str().unwrap();
    let (code, _, stderr) = waybook(&["build", root, "-o", parent], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(hb.path().join("docs/a.md").exists(), "source must survive");
}

#[test]
fn refuses_a_foreign_non_empty_folder_and_keeps_its_files() {
    let hb = handbook(&[("a.md", "# A\n")]);
    let other = handbook(&[("precious.txt", "keep me")]);
    let (code, _, stderr) = waybook(
        &[
            "build",
            hb.path().to_str().unwrap(),
            "-o",
            other.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(other.path().join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn default_output_is_public_and_rebuilds_replace_it() {
    let hb = handbook(&[
        ("README.md", "# Home\n\n[a](a.md)\n"),
        ("a.md", "# Page A\n"),
    ]);
    let root = hb.path().to_str().unwrap();
    let (code, _, stderr) = waybook(&["build", root], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(hb.path().join("public/a.html").exists());
    std::fs::remove_file(hb.path().join("a.md")).unwrap();
    std::fs::write(hb.path().join("README.md"), "# Home\n").unwrap();
    let (code, _, stderr) = waybook(&["build", root], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !hb.path().join("public/a.html").exists(),
        "stale page removed"
    );
    // public/ itself is never read back as a source.
    assert!(!hb.path().join("public/public").exists());
}

#[test]
fn zero_config_folder_builds_with_titles_from_headings() {
    let hb = handbook(&[
        ("README.md", "# Our project\n\nSee the [guide](guide/).\n"),
        (
            "guide/README.md",
            "# The guide\n\n[Setup](setup.md#install-it)\n",
        ),
        ("guide/setup.md", "Intro\n\n# Setting up\n\n## Install it\n"),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let home = page(&site, "index.html");
    assert!(home.contains("<title>"), "{home}");
    assert!(
        home.contains("href=\"guide/index.html\""),
        "folder link rewritten: {home}"
    );
    let guide = page(&site, "guide/index.html");
    assert!(guide.contains("href=\"setup.html#install-it\""), "{guide}");
    let setup = page(&site, "guide/setup.html");
    assert!(
        setup.contains("<title>Setting up · "),
        "title from first heading"
    );
    assert!(broken_internal_links(&site).is_empty());
}

#[test]
fn broken_links_are_reported_with_positions_and_build_completes() {
    let hb = handbook(&[
        (
            "README.md",
            "# Home\n\nGo [there](missing.md) or\n[here](other.md#nope).\n",
        ),
        ("other.md", "# Other\n\n## Nope now\n"),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[broken-link]"), "{stderr}");
    assert!(stderr.contains("README.md:3:4"), "{stderr}");
    assert!(stderr.contains("error[broken-anchor]"), "{stderr}");
    assert!(stderr.contains("README.md:4:1"), "{stderr}");
    assert!(stderr.contains("did you mean `nope-now`"), "{stderr}");
    assert!(site.contains_key("index.html"), "the site is still written");
    assert!(page(&site, "index.html").contains("class=\"xref-broken\""));
}

#[test]
fn markdown_features_render() {
    let md = "# Features\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ text[^n]\n\n[^n]: A note.\n\n> [!TIP]\n> A tip.\n\n```yaml\nkey: value\n```\n\n\"quotes\" -- stay plain\n";
    let hb = handbook(&[("README.md", md)]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let html = page(&site, "index.html");
    let content = between(&html, "<article class=\"content\">", "</article>");
    insta::assert_snapshot!("markdown_features", content);
}

#[test]
fn every_required_language_is_highlighted() {
    let mut md = String::from("# Code\n\n");
    for lang in waybook::highlight::REQUIRED_LANGUAGES {
        // Plain text is not a token in Markdown; a heading is.
        let code = if lang == "markdown" { "# x" } else { "x = 1" };
        md.push_str(&format!("```{lang}\n{code}\n```\n\n"));
    }
    let hb = handbook(&[("README.md", &md)]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let html = page(&site, "index.html");
    for lang in waybook::highlight::REQUIRED_LANGUAGES {
        let block = between(&html, &format!("data-lang=\"{lang}\""), "</pre>");
        assert!(
            block.contains("class=\"hl-"),
            "{lang} not highlighted: {block}"
        );
    }
}

#[test]
fn links_work_under_a_sub_path_and_sitemap_is_absolute() {
    let (code, stderr, site, _t) = build_to_temp(
        &repo().join("example-handbook"),
        &["--base-url", "https://example.org/handbook"],
    );
    assert_eq!(code, 0, "{stderr}");
    let sitemap = page(&site, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/handbook/roles/maintainer.html</loc>"),
        "{sitemap}"
    );
    // No root-absolute links anywhere: the same build works under any path.
    // Except on 404.html, served at any depth: its site links start from
    // the path of base_url.
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            for l in links(&html) {
                if path.ends_with("404.html") {
                    // Every language's 404 page (served at any depth).
                    assert!(
                        !l.starts_with('/') || l.starts_with("/handbook/"),
                        "{path} links to {l}"
                    );
                } else {
                    assert!(!l.starts_with('/'), "{path} has root-absolute link {l}");
                }
            }
        }
    }
}

#[test]
fn theme_templates_can_be_overridden_per_file() {
    let hb = handbook(&[
        ("README.md", "# Home\n"),
        (
            "templates/doc.html",
            "{% extends \"base.html\" %}{% block main %}<div class=\"custom\">{{ page.title }}</div>{% endblock main %}",
        ),
    ]);
    let (code, stderr, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(page(&site, "index.html").contains("<div class=\"custom\">Home</div>"));
}

#[test]
fn raw_html_scripts_are_stripped_unless_allowed() {
    let md = "# X\n\n<div onclick=\"steal()\">hi</div>\n\n<script>alert(1)</script>\n";
    let hb = handbook(&[("README.md", md)]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    let html = page(&site, "index.html");
    let content = between(&html, "<article", "</article>");
    assert!(
        !content.contains("steal") && !content.contains("alert(1)"),
        "{content}"
    );
    let hb = handbook(&[("README.md", md), ("handbook.yml", "allow_scripts: true\n")]);
    let (_, _, site, _t) = build_to_temp(hb.path(), &[]);
    assert!(page(&site, "index.html").contains("alert(1)"));
}

#[test]
fn init_scaffolds_a_clean_handbook_and_refuses_non_empty_dirs() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("new");
    let (code, _, stderr) = waybook(&["init", dir.to_str().unwrap()], None);
    assert_eq!(code, 0, "{stderr}");
    let (code, out, _) = waybook(&["check", dir.to_str().unwrap(), "--strict"], None);
    assert_eq!(code, 0, "{out}");
    let (code, _, stderr) = waybook(&["init", dir.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("not empty"), "{stderr}");
}

/// The binary's allocator takes the two defaults `src/main.rs` gives it
/// before `main` (as mimalloc prints them when asked to be verbose), and a
/// `MIMALLOC_*` variable still overrides one.
#[cfg(target_os = "linux")]
#[test]
fn allocator_options_are_set_before_main() {
    use std::process::Command;
    let options = |extra: Option<(&str, &str)>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_waybook"));
        cmd.arg("--version").env("MIMALLOC_VERBOSE", "1");
        if let Some((k, v)) = extra {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run waybook");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let set = options(None);
    assert!(set.contains("option 'arena_eager_commit': 0"), "{set}");
    assert!(set.contains("option 'purge_delay': 10"), "{set}");
    let overridden = options(Some(("MIMALLOC_PURGE_DELAY", "250")));
    assert!(
        overridden.contains("option 'purge_delay': 250"),
        "{overridden}"
    );
}
