//! Links the way real repositories write them (issue 20): inside raw HTML,
//! in `{include}`d files, in `_toc.yml` / `myst.yml` `glob:` and `url:`
//! entries, MyST labels against heading slugs, folder links and footnotes.
//! Each fixture is a small handbook in the style of a community's
//! governance folder; the tests assert the rendered HTML and the exact
//! diagnostics `check` prints.

use std::collections::BTreeMap;

use crate::util::*;

/// `check`'s human-readable diagnostics for a handbook.
fn check(dir: &std::path::Path) -> String {
    let (_, out, err) = waybook(&["check", dir.to_str().unwrap()], None);
    format!("{out}{err}")
}

/// Build a handbook; the site's files.
fn site(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let (code, stderr, site, _tmp) = build_to_temp(dir, &[]);
    assert!(code == 0 || code == 1, "{stderr}");
    site
}

fn article(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    between(&page(site, path), "<article", "</article>").to_string()
}

#[test]
fn raw_html_links_are_checked_and_rewritten_like_markdown_links() {
    let readme = "# Contributor guide\n\n\
<p align=\"center\"><img src=\"assets/mascot.png\" alt=\"Our mascot\" width=\"120\"></p>\n\n\
Start with the <a href=\"governance/charter.md#decision-making\">charter</a>, then the \
<a href=\"governance/old-process.md\">old process</a>.\n\n\
<details><summary>Meeting recording</summary>\n\n\
<iframe width=\"560\" height=\"315\" src=\"https://www.youtube-nocookie.com/embed/x7Qp-2aZ_9k?si=abc\" title=\"YouTube video player\" allowfullscreen></iframe>\n\n\
</details>\n\n\
<table><tr><td><a href=\"governance/charter.md#votes\">Votes</a></td>\
<td><a href=\"java&#x09;script:alert(1)\">Click</a></td></tr></table>\n\n\
<script src=\"https://stats.example.org/count.js\"></script>\n";
    let dir = handbook(&[
        ("README.md", readme),
        (
            "governance/charter.md",
            "# Charter\n\n## Decision making\n\nLazy consensus.\n\n<a name=\"main\"></a><div id=\"quorum\">Quorum is five.</div>\n",
        ),
        ("assets/mascot.png", "not really a PNG"),
    ]);
    assert_eq!(
        check(dir.path()),
        "error[broken-link]: link target `governance/old-process.md` does not exist
 --> README.md:5:95
  |
5 | Start with the <a href=\"governance/charter.md#decision-making\">charter</a>, then the <a href=\"governance/old-process.md\">old process<...
  |                                                                                               ^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `governance/charter.md`?

error[broken-anchor]: `governance/charter.md` has no heading or label `#votes`
  --> README.md:13:25
   |
13 | <table><tr><td><a href=\"governance/charter.md#votes\">Votes</a></td><td><a href=\"java&#x09;script:alert(1)\">Click</a></td></tr></table>
   |                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
   = help: link to an existing heading (GitHub-style id)

warning[unsafe-url]: link `java&#x09;script:alert(1)` uses a URL scheme that is not allowed; it is removed
  --> README.md:13:81
   |
13 | <table><tr><td><a href=\"governance/charter.md#votes\">Votes</a></td><td><a href=\"java&#x09;script:alert(1)\">Click</a></td></tr></table>
   |                                                                                 ^^^^^^^^^^^^^^^^^^^^^^^^^
   |
   = help: use an http:, https:, mailto: or tel: URL, or a relative path

warning[raw-html-removed]: raw HTML `<script>` is removed from the page, with its content
  --> README.md:15:1
   |
15 | <script src=\"https://stats.example.org/count.js\"></script>
   | ^^^^^^^
   |
   = help: write it in markdown or link to it; `allow_scripts: true` in handbook.yml keeps raw HTML as written, if every author is trusted

2 errors, 2 warnings
"
    );
    let site = site(dir.path());
    let home = article(&site, "index.html");
    for want in [
        "<img src=\"assets/mascot.png\" alt=\"Our mascot\" width=\"120\">",
        "<a href=\"governance/charter.html#decision-making\">charter</a>",
        "<a class=\"xref-broken\" title=\"link target `governance/old-process.md` does not exist\">old process</a>",
        "<a class=\"video-link\" href=\"https://www.youtube.com/watch?v=x7Qp-2aZ_9k\">Watch the video on YouTube</a>",
        "<a class=\"xref-broken\" title=\"`governance/charter.md` has no heading or label `#votes`\">Votes</a>",
        "<td><a>Click</a></td>",
    ] {
        assert!(home.contains(want), "{want}\n{home}");
    }
    assert!(!home.contains("<iframe") && !home.contains("<script") && !home.contains("javascript"));
    assert!(
        site.contains_key("assets/mascot.png"),
        "the image is copied"
    );
    // A theme id (`main`) is not taken by raw HTML; other ids are kept.
    let charter = page(&site, "governance/charter.html");
    assert_eq!(charter.matches("id=\"main\"").count(), 1, "{charter}");
    assert!(charter.contains("<div id=\"quorum\">"), "{charter}");
}

#[test]
fn all_contributors_tables_keep_their_badge_anchors() {
    // The all-contributors bot links each emoji to `#kind-login`, an anchor
    // no page has; the table is generated, so those are not reported.
    let readme = "# Project\n\n## Contributors\n\n<!-- ALL-CONTRIBUTORS-LIST:START - Do not remove or modify this section -->\n<table>\n  <tr>\n    <td align=\"center\"><a href=\"https://example.org/ana\"><sub><b>Ana</b></sub></a><br /><a href=\"#ideas-ana\" title=\"Ideas\">🤔</a></td>\n  </tr>\n</table>\n<!-- ALL-CONTRIBUTORS-LIST:END -->\n\n<a href=\"#contributers\">typo</a>\n";
    let dir = handbook(&[("README.md", readme)]);
    let out = check(dir.path());
    assert!(out.contains("no heading or label `#contributers`"), "{out}");
    assert!(out.ends_with("1 error, 0 warnings\n"), "{out}");
    let home = article(&site(dir.path()), "index.html");
    assert!(
        home.contains("<a href=\"#ideas-ana\" title=\"Ideas\">"),
        "{home}"
    );
}

#[test]
fn included_text_links_resolve_from_the_included_file() {
    // A handbook page that pulls the maintainers' table from a shared file
    // one folder down, as Jupyter Book projects do with GOVERNANCE.md.
    let dir = handbook(&[
        (
            "handbook/governance.md",
            "# Governance\n\n```{include} ../shared/maintainers.md\n:start-after: <!-- table -->\n```\n",
        ),
        (
            "shared/maintainers.md",
            "Not shown.\n<!-- table -->\n## Maintainers\n\nSee the [charter](../handbook/charter.md#voting), \
the [old list](maintainers-2019.md) and [our chat](javascript:openChat()).\n\n\
![Org chart](img/org.png) Back to [the table](#maintainers).\n",
        ),
        ("shared/img/org.png", "not really a PNG"),
        (
            "handbook/charter.md",
            "# Charter\n\n## Voting\n\nAsk [the maintainers](governance.md#Maintainers).\n",
        ),
    ]);
    assert_eq!(
        check(dir.path()),
        "error[broken-link]: link target `shared/maintainers-2019.md` does not exist
 --> shared/maintainers.md:5:55
  |
5 | See the [charter](../handbook/charter.md#voting), the [old list](maintainers-2019.md) and [our chat](javascript:openChat()).
  |                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `shared/maintainers.md`?

warning[unsafe-url]: link `javascript:openChat()` uses a URL scheme that is not allowed; it is shown as text
 --> shared/maintainers.md:5:91
  |
5 | See the [charter](../handbook/charter.md#voting), the [old list](maintainers-2019.md) and [our chat](javascript:openChat()).
  |                                                                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: use an http:, https:, mailto: or tel: URL, or a relative path

1 error, 1 warning
"
    );
    let site = site(dir.path());
    let page = article(&site, "handbook/governance.html");
    for want in [
        "<a href=\"charter.html#voting\">charter</a>",
        "<span class=\"xref-broken\" title=\"link target `shared/maintainers-2019.md` does not exist\">old list</span>",
        "<img src=\"../shared/img/org.png\" alt=\"Org chart\" />",
        "<a href=\"#maintainers\">the table</a>",
    ] {
        assert!(page.contains(want), "{want}\n{page}");
    }
    assert!(
        !page.contains("Not shown") && !page.contains("href=\"javascript"),
        "{page}"
    );
    assert!(site.contains_key("shared/img/org.png"));
    // The included heading is an anchor of the including page.
    let charter = article(&site, "handbook/charter.html");
    assert!(
        charter.contains("<a href=\"governance.html#maintainers\">the maintainers</a>"),
        "{charter}"
    );
}

/// The sidebar's entries: `title -> href` (external links marked `ext`).
fn sidebar(site: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<String> {
    let html = page(site, path);
    let nav = between(&html, "<nav id=\"sidebar\"", "</nav>");
    nav.split("<a ")
        .skip(1)
        .map(|a| {
            let href = a
                .split("href=\"")
                .nth(1)
                .unwrap_or("")
                .split('"')
                .next()
                .unwrap_or("");
            let title = a
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("");
            let ext = if a.starts_with("class=\"nav-external\"") {
                " ext"
            } else {
                ""
            };
            format!("{title} -> {href}{ext}")
        })
        // The site's own pages (the health report) are not the handbook's.
        .filter(|e| !e.ends_with("health.html"))
        .collect()
}

#[test]
fn jupyter_book_toc_glob_and_url_entries() {
    let dir = handbook(&[
        (
            "_toc.yml",
            "format: jb-book\nroot: intro\nparts:\n  - caption: Governance\n    chapters:\n      - file: governance/charter\n      - glob: governance/*\n  - caption: Meetings\n    chapters:\n      - glob: meetings/**\n      - url: https://calendar.example.org/community\n        title: Calendar\n      - url: javascript:alert(1)\n        title: Trap\n  - caption: Archive\n    chapters:\n      - file: archive/2019/retreat\n      - file: archive/2019/budget\n      - file: archive/2020/retreat\n      - file: governance/elections\n",
        ),
        ("intro.md", "# Welcome\n"),
        ("governance/charter.md", "# Charter\n"),
        ("governance/voting.md", "# Voting\n"),
        ("governance/code-of-conduct.md", "# Code of conduct\n"),
        ("meetings/2024/2024-03-05.md", "# March meeting\n"),
        ("meetings/2024/2024-01-09.md", "# January meeting\n"),
        ("meetings/index.md", "# Meetings\n"),
    ]);
    assert_eq!(
        check(dir.path()),
        "warning[toc-missing-file]: the table of contents lists 3 files under `archive/`, a folder the handbook does not have
  --> _toc.yml:17:15
   |
17 |       - file: archive/2019/retreat
   |               ^^^^^^^^^^^^^^^^^^^^
   |
   = help: add the folder, or remove its entries from the table of contents

warning[toc-missing-file]: the table of contents lists `governance/elections`, which does not exist
  --> _toc.yml:20:15
   |
20 |       - file: governance/elections
   |               ^^^^^^^^^^^^^^^^^^^^
   |
   = help: remove the entry or add the file

0 errors, 2 warnings
"
    );
    let site = site(dir.path());
    assert_eq!(
        sidebar(&site, "index.html"),
        [
            "Welcome -> intro.html",
            "Charter -> governance/charter.html",
            "Code of conduct -> governance/code-of-conduct.html",
            "Voting -> governance/voting.html",
            // Matches in path order, as Jupyter Book sorts them.
            "January meeting -> meetings/2024/2024-01-09.html",
            "March meeting -> meetings/2024/2024-03-05.html",
            "Meetings -> meetings/index.html",
            "Calendar -> https://calendar.example.org/community ext",
        ]
    );
}

#[test]
fn myst_yml_toc_pattern_and_url_entries() {
    let dir = handbook(&[
        (
            "myst.yml",
            "version: 1\nproject:\n  title: Lab handbook\n  toc:\n    - file: index.md\n    - title: Policies\n      children:\n        - pattern: policies/*.md\n    - url: https://forum.example.org\n      title: Forum\n",
        ),
        ("index.md", "# Lab handbook\n"),
        ("policies/authorship.md", "# Authorship\n"),
        ("policies/data.md", "# Data sharing\n"),
    ]);
    assert_eq!(check(dir.path()), "0 errors, 0 warnings\n");
    assert_eq!(
        sidebar(&site(dir.path()), "index.html"),
        [
            "Lab handbook -> index.html",
            "Authorship -> policies/authorship.html",
            "Data sharing -> policies/data.html",
            "Forum -> https://forum.example.org ext",
        ]
    );
}

#[test]
fn an_explicit_label_wins_over_a_heading_slug_on_another_page() {
    let dir = handbook(&[
        (
            "docs/decision-making.md",
            "# Decision making\n\n(consensus)=\n## How we reach consensus\n\nLazy consensus.\n\n(voting)=\n## Voting\n\nSee [voting](#voting).\n",
        ),
        (
            "docs/meetings.md",
            "# Meetings\n\n## Consensus\n\nSee [how we reach it](#consensus) and {ref}`consensus`.\n\n## Notes {#notes}\n\n[Notes](#notes).\n",
        ),
    ]);
    let out = check(dir.path());
    assert_eq!(out.matches("label-shadows-heading").count(), 1, "{out}");
    assert!(out.contains(" --> docs/meetings.md:5:5\n"), "{out}");
    assert!(out.ends_with("0 errors, 1 warning\n"), "{out}");
    let site = site(dir.path());
    let meetings = article(&site, "docs/meetings.html");
    assert!(
        meetings.contains("<a href=\"decision-making.html#consensus\">how we reach it</a>"),
        "{meetings}"
    );
    assert!(
        meetings.contains("<a href=\"decision-making.html#consensus\" class=\"xref xref-doc\">How we reach consensus</a>"),
        "{meetings}"
    );
    assert!(
        meetings.contains("<a href=\"#notes\">Notes</a>"),
        "{meetings}"
    );
    // A label on the same page as the heading is no clash.
    let dm = article(&site, "docs/decision-making.html");
    assert!(dm.contains("<a href=\"#voting\">voting</a>"), "{dm}");
}

#[test]
fn folder_links_suggest_the_folders_pages() {
    let dir = handbook(&[
        (
            "README.md",
            "# Community\n\nMinutes are in [the minutes folder](minutes/) and the [re-org notes](re/).\n",
        ),
        ("minutes/2024-01-09.md", "# January\n"),
        ("minutes/2024-02-13.md", "# February\n"),
        ("minutes/2023/2023-12-12.md", "# December\n"),
        // A page whose name ends in `index` is no folder's index page.
        ("reindex.md", "# Reindexing\n"),
        ("re/notes.md", "# Notes\n"),
    ]);
    assert_eq!(
        check(dir.path()),
        "error[broken-link]: link target `minutes/` is a folder with no index page
 --> README.md:3:16
  |
3 | Minutes are in [the minutes folder](minutes/) and the [re-org notes](re/).
  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: link to a page in it (`2024-01-09.md`, `2024-02-13.md`, `2023/2023-12-12.md`), or add `minutes/README.md`

error[broken-link]: link target `re/` is a folder with no index page
 --> README.md:3:55
  |
3 | Minutes are in [the minutes folder](minutes/) and the [re-org notes](re/).
  |                                                       ^^^^^^^^^^^^^^^^^^^
  |
  = help: link to a page in it (`notes.md`), or add `re/README.md`

2 errors, 0 warnings
"
    );
}

#[test]
fn footnote_ids_are_unique_on_a_page_with_includes() {
    let dir = handbook(&[
        (
            "governance.md",
            "# Governance\n\nThe board meets monthly.[^1] Quorum is half.[^1]\n\n[^1]: Since 2021.\n\n```{include} shared/steering.md\n```\n",
        ),
        (
            "shared/steering.md",
            "## Steering\n\nThe steering group has five seats.[^1]\n\n[^1]: Elected for two years.\n",
        ),
    ]);
    let page = article(&site(dir.path()), "governance.html");
    let ids = ids(&page);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    for want in [
        "<a href=\"#fn-1\" id=\"fnref-1\">1</a>",
        "<a href=\"#fn-1\" id=\"fnref-1.2\">1</a>",
        "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-label\"><a href=\"#fnref-1\">1</a></sup>",
        "<a href=\"#fn-i1-1\" id=\"fnref-i1-1\">1</a>",
        "<div class=\"footnote-definition\" id=\"fn-i1-1\">",
    ] {
        assert!(page.contains(want), "{want}\n{page}");
    }
}

#[test]
fn jekyll_front_matter_is_accepted_and_nav_order_orders() {
    // A Just the Docs site: every page says where it sits in the nav.
    let dir = handbook(&[
        (
            "index.md",
            "---\nlayout: home\ntitle: Home\nnav_order: 1\npermalink: /\n---\n# Project governance\n",
        ),
        (
            "process/index.md",
            "---\nlayout: default\ntitle: Process\nnav_order: 2\nhas_children: true\npermalink: /process/\n---\n# Process\n",
        ),
        (
            "process/releases.md",
            "---\nlayout: default\ntitle: Releases\nparent: Process\nnav_order: 1\n---\n# Releases\n",
        ),
        (
            "process/ammendments.md",
            "---\nlayout: default\ntitle: Amendments\nparent: Process\nnav_order: 2\ngrand_parent: Home\nnav_exclude: false\nhas_toc: false\n---\n# Amendments\n",
        ),
    ]);
    assert_eq!(check(dir.path()), "0 errors, 0 warnings\n");
    let bar = sidebar(&site(dir.path()), "process/releases.html");
    assert_eq!(
        bar,
        [
            "Home -> ../index.html",
            "Process -> index.html",
            // By nav_order, not by title.
            "Releases -> releases.html",
            "Amendments -> ammendments.html",
        ]
    );
}
