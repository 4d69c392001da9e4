//! The shared real-world corpora (`../shared/corpora`) build with zero
//! configuration into navigable handbooks. The facts asserted here come from
//! the corpus files themselves (page counts, `_toc.yml` order, labels, bib
//! entries), not from our output. The broken links each corpus really has
//! are listed in `tests/fixtures/corpora-expected/<corpus>.txt`, derived by
//! `derive.py` there: an independent checker on a different markdown parser
//! (markdown-it-py), reviewed by hand against each corpus's SOURCE.txt.
//! Also here: small handbooks for the MyST and GitHub conventions the
//! corpora use (TOC formats, includes, `[](#label)`, front matter, scripts).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::*;

/// Diagnostic codes that are broken links (what `expected` files list).
const LINK_CODES: &[&str] = &[
    "broken-link",
    "broken-anchor",
    "broken-include",
    "link-outside",
    "unknown-label",
    "unknown-term",
    "unknown-citation",
];

fn md_files(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            e.file_type().is_file()
                && e.file_name().to_string_lossy().ends_with(".md")
                && !rel
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

struct Corpus {
    root: std::path::PathBuf,
    stderr: String,
    site: BTreeMap<String, Vec<u8>>,
    json: serde_json::Value,
    _tmp: tempfile::TempDir,
}

impl Corpus {
    fn page(&self, path: &str) -> String {
        page(&self.site, path)
    }

    /// The `<main>` of a page.
    fn main(&self, path: &str) -> String {
        let html = self.page(path);
        between(&html, "<main", "</main>").to_string()
    }

    /// Broken links recorded in handbook.json, as `file:line: dest`; MyST
    /// roles as `{name}target` (the role name read from the source).
    fn broken_links(&self) -> Vec<String> {
        let mut out = Vec::new();
        for l in self.json["links"].as_array().unwrap() {
            if !l["broken"].as_bool().unwrap() {
                continue;
            }
            let file = l["file"].as_str().unwrap();
            let line = l["line"].as_u64().unwrap();
            let mut dest = l["dest"].as_str().unwrap().to_string();
            if l["kind"] == "myst-role" {
                let text = std::fs::read_to_string(self.root.join(file)).unwrap();
                let src_line = text.lines().nth(line as usize - 1).unwrap();
                let col = l["column"].as_u64().unwrap() as usize - 1;
                let before: String = src_line.chars().take(col).collect();
                let before = before.trim_end_matches('}');
                let name = &before[before.rfind('{').unwrap() + 1..];
                dest = format!("{{{name}}}{dest}");
            }
            out.push(format!("{file}:{line}: {dest}"));
        }
        sort_lines(&mut out);
        out
    }
}

fn sort_lines(v: &mut [String]) {
    v.sort_by_key(|s| {
        let mut parts = s.splitn(3, ':');
        let f = parts.next().unwrap_or("").to_string();
        let l: u64 = parts.next().unwrap_or("0").parse().unwrap_or(0);
        (f, l, s.clone())
    });
}

fn expected(name: &str) -> Vec<String> {
    let text =
        std::fs::read_to_string(fixture("corpora-expected").join(format!("{name}.txt"))).unwrap();
    let mut v: Vec<String> = text.lines().map(str::to_string).collect();
    sort_lines(&mut v);
    v
}

fn build_corpus(name: &str) -> Corpus {
    let root = corpus(name);
    assert!(root.is_dir(), "corpus {name} missing at {}", root.display());
    let (code, stderr, site, t) = build_to_temp(&root, &[]);
    assert!(code == 0 || code == 1, "{name}: exit {code}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    assert_eq!(
        json["docs"].as_array().unwrap().len(),
        md_files(&root).len(),
        "{name}: every markdown file is a page"
    );
    Corpus {
        root,
        stderr,
        site,
        json,
        _tmp: t,
    }
}

/// The handbook.json broken links and `waybook check --format json` both
/// list exactly the expected broken links, and check reports no other error.
fn assert_exact_broken_links(c: &Corpus, name: &str) {
    let want = expected(name);
    let got = c.broken_links();
    let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && got.len() == want.len(),
        "{name}: broken links differ\nnot reported: {missing:#?}\nunexpected: {extra:#?}"
    );

    let (code, stdout, stderr) = waybook(
        &["check", c.root.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(code, 1, "{stderr}");
    let mut at: Vec<String> = Vec::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        let code = d["code"].as_str().unwrap();
        if LINK_CODES.contains(&code) {
            at.push(format!("{}:{}", d["file"].as_str().unwrap(), d["line"]));
        } else {
            assert_ne!(d["severity"], "error", "unexpected error: {d}");
        }
    }
    at.sort();
    let mut want_at: Vec<String> = want
        .iter()
        .map(|w| {
            let mut p = w.splitn(3, ':');
            format!("{}:{}", p.next().unwrap(), p.next().unwrap())
        })
        .collect();
    want_at.sort();
    assert_eq!(
        at, want_at,
        "{name}: `waybook check` lists the broken links"
    );
}

/// Every doc page is linked from the sidebar of the home page or of a page
/// on its branch: walk the sidebars from the home page.
fn all_docs_reachable_from_nav(c: &Corpus) {
    let mut seen = BTreeSet::new();
    let mut queue = vec!["index.html".to_string()];
    while let Some(p) = queue.pop() {
        if !seen.insert(p.clone()) {
            continue;
        }
        let Some(bytes) = c.site.get(&p) else {
            continue;
        };
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
    for d in c.json["docs"].as_array().unwrap() {
        let url = d["url"].as_str().unwrap();
        assert!(
            seen.contains(url),
            "{url} is not reachable from the navigation"
        );
    }
}

/// No MyST syntax survives as text in any page's main content (code shown
/// as code is fine, so `<pre>` and `<code>` are cut out first).
fn no_raw_myst(c: &Corpus) {
    let strip = |s: &str, open: &str, close: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find(open) {
            out.push_str(&rest[..i]);
            rest = rest[i..]
                .find(close)
                .map_or("", |j| &rest[i + j + close.len()..]);
        }
        out.push_str(rest);
        out
    };
    for (path, bytes) in &c.site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let Some(i) = html.find("<main") else {
            continue;
        };
        let main = &html[i..];
        let main = strip(main, "<pre", "</pre>");
        let main = strip(&main, "<!--", "-->");
        for bad in [
            "{ref}<code>",
            "{term}<code>",
            "{cite}<code>",
            "{numref}<code>",
            "{doc}<code>",
            "<p>```{",
            "<p>:::{",
            "<p>:::",
            "Unsupported directive",
            "Missing include",
            "Missing bibliography",
            "<p>+++",
        ] {
            assert!(!main.contains(bad), "{path}: raw `{bad}` in\n{main}");
        }
        for (j, _) in main.match_indices(")=</p>") {
            let para = &main[main[..j].rfind("<p>").unwrap_or(0)..j];
            assert!(
                !para.starts_with("<p>(") || para.contains(' '),
                "{path}: raw MyST target {para}"
            );
        }
    }
}

/// Every relative link and image in the built site points at a file that
/// exists, and with a fragment at an id (or `<a name>`) of that page;
/// except links written in raw HTML, which are passed through unchecked.
fn site_links_resolve(c: &Corpus) {
    let docs = c.json["docs"].as_array().unwrap();
    let src_of = |url: &str| {
        docs.iter()
            .find(|d| d["url"] == url)
            .and_then(|d| d["source"].as_str().or(d["src"].as_str()))
            .map(|s| std::fs::read_to_string(c.root.join(s)).unwrap_or_default())
            .unwrap_or_default()
    };
    let bad: Vec<String> = broken_internal_links(&c.site)
        .into_iter()
        .filter(|b| {
            let (page, rest) = b.split_once(": ").unwrap();
            let link = rest.split(" (").next().unwrap();
            if let Some(frag) = link.strip_prefix('#') {
                let html = c.page(page);
                if html.contains(&format!("name=\"{frag}\"")) {
                    return false;
                }
                return !src_of(page).contains(&format!("href=\"#{frag}\""));
            }
            true
        })
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn cncf_template() {
    let c = build_corpus("cncf-project-template");
    assert_eq!(md_files(&c.root).len(), 12);
    assert_exact_broken_links(&c, "cncf-project-template");
    assert!(c.stderr.contains("code-of-conduct.md"), "{}", c.stderr);
    all_docs_reachable_from_nav(&c);
    no_raw_myst(&c);
    site_links_resolve(&c);
    // README.md is the home page; its in-page table of contents works.
    let home = c.main("index.html");
    assert!(home.contains("<h1"));
    assert!(home.contains("href=\"#required-templates\""), "{home}");
    assert!(home.contains("id=\"required-templates\""), "{home}");
    // HTML-comment TODOs stay comments.
    let gov = c.main("GOVERNANCE-maintainer.html");
    assert!(!gov.contains("&lt;!--"), "{gov}");
    // The TODO links are marked broken in the page, not links.
    assert!(gov.contains("class=\"xref-broken\""), "{gov}");
    assert!(!gov.contains("href=\"TODO\""), "{gov}");
}

#[test]
fn kubernetes_community() {
    let c = build_corpus("kubernetes-community");
    assert_eq!(md_files(&c.root).len(), 174);
    assert_exact_broken_links(&c, "kubernetes-community");
    all_docs_reachable_from_nav(&c);
    no_raw_myst(&c);
    site_links_resolve(&c);
    // Reference-style links to repo-root paths (`[SIG Lifecycle]: /sig-wg-lifecycle.md`,
    // `[sigs.yaml]: /sigs.yaml`); the data file is copied.
    let gov = c.main("governance.html");
    assert!(
        gov.contains("<a href=\"sig-wg-lifecycle.html\">SIG Lifecycle</a>"),
        "{gov}"
    );
    assert!(gov.contains("<a href=\"sigs.yaml\">sigs.yaml</a>"), "{gov}");
    assert!(c.site.contains_key("sigs.yaml"));
    // Folder links open the folder's README (`../sig-node`).
    let charter = c.main("sig-scheduling/charter.html");
    assert!(
        charter.contains("href=\"../sig-node/index.html\""),
        "{charter}"
    );
    // `./committee-code-of-conduct` and an e-mail autolink on one line.
    let coc = c.main("code-of-conduct.html");
    assert!(coc.contains("href=\"committee-code-of-conduct/index.html\""));
    assert!(
        coc.contains("href=\"mailto:conduct@kubernetes.io\""),
        "{coc}"
    );
    // `#Creation` finds the heading `## [Creation]` as GitHub does.
    let life = c.main("sig-wg-lifecycle.html");
    assert!(life.contains("href=\"#creation\"") && life.contains("id=\"creation\""));
    // Hugo YAML front matter gives the title (`title: "Getting Started"`).
    let guide = &c.json["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["url"] == "contributors/guide/index.html")
        .unwrap()["title"];
    assert_eq!(guide, "Getting Started");
    // Raw HTML passes through: `<br>` in table cells, `<img src>` with its file copied.
    assert!(c.main("sig-list.html").contains("<br>"));
    let wf = c.main("contributors/chairs-and-techleads/process-workflow-guide.html");
    assert!(
        wf.contains("<img src=\"triage_party_skaffold.png\""),
        "{wf}"
    );
    assert!(
        c.site
            .contains_key("contributors/chairs-and-techleads/triage_party_skaffold.png")
    );
    // The "autogenerated" comment of SIG READMEs stays hidden (comments
    // in raw HTML are dropped by the sanitizer).
    let node = c.main("sig-node/index.html");
    assert!(!node.contains("This is an autogenerated file!"), "{node}");
    assert!(!node.contains("&lt;!---"));
    kubernetes_groups(&c);
}

/// `sigs.yaml` read with no configuration: a page per SIG, working group
/// and committee, every chair and tech lead of the file on its group's
/// roster, and an organisation chart. The expected facts come from the
/// corpus's `sigs.yaml` (and, for the totals, from issue 14).
fn kubernetes_groups(c: &Corpus) {
    let text = std::fs::read_to_string(c.root.join("sigs.yaml")).unwrap();
    let sigs: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let lists = [
        ("sigs", "sig", 24, 61, 54),
        ("workinggroups", "working-group", 8, 29, 0),
        ("committees", "committee", 3, 22, 0),
    ];
    let groups = c.json["groups"].as_array().unwrap();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        (v.as_array().map_or(&[][..], Vec::as_slice).iter())
            .map(|p| p["github"].as_str().unwrap().to_string())
            .collect()
    };
    for (list, kind, n_groups, n_chairs, n_tech) in lists {
        let records = sigs[list].as_array().unwrap();
        assert_eq!(records.len(), n_groups, "{list} in sigs.yaml");
        let (mut chairs, mut tech) = (0, 0);
        for rec in records {
            let dir = rec["dir"].as_str().unwrap();
            let url = format!("groups/{dir}.html");
            assert!(c.site.contains_key(&url), "no page for {dir}");
            let g = groups.iter().find(|g| g["id"] == dir).unwrap();
            assert_eq!(g["kind"], kind, "{dir}");
            let holders = |role: &str| -> Vec<String> {
                (g["members"].as_array().unwrap().iter())
                    .filter(|m| m["role"] == role && m["lead"] == true)
                    .map(|m| m["person"].as_str().unwrap().to_string())
                    .collect()
            };
            let want_chairs = ids(&rec["leadership"]["chairs"]);
            let want_tech = ids(&rec["leadership"]["tech_leads"]);
            assert_eq!(holders("chair"), want_chairs, "{dir} chairs");
            assert_eq!(holders("tech-lead"), want_tech, "{dir} tech leads");
            chairs += want_chairs.len();
            tech += want_tech.len();
            // On the page: one roster entry per person, with each role.
            let main = c.main(&url);
            let leads = between(&main, "<h3 id=\"leads\">", "</ul>");
            let items: Vec<&str> = leads.split("<li class=\"roster-item\">").skip(1).collect();
            let with = |label: &str| items.iter().filter(|i| i.contains(label)).count();
            assert_eq!(with("Chair"), want_chairs.len(), "{dir}: {leads}");
            assert_eq!(with("Tech lead"), want_tech.len(), "{dir}: {leads}");
        }
        assert_eq!((chairs, tech), (n_chairs, n_tech), "{list}");
    }
    let index = c.main("groups/index.html");
    let svg = between(&index, "<svg class=\"org-svg\"", "</svg>");
    assert_eq!(
        svg.matches("<a class=\"oc-node\"").count(),
        35,
        "a box per group"
    );
    assert!(index.contains("<nav class=\"org-list\""));
}

/// The entries of a Jupyter Book 0.10 `_toc.yml` list (`- file:` lines),
/// with their indentation, read straight from the file.
fn toc_files(toc: &str) -> Vec<(usize, String)> {
    toc.lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let indent = l.len() - t.len();
            // `- file: x` starts an item; `  file: x` continues the item
            // whose dash is two columns to the left.
            let (item_indent, rest) = match t.strip_prefix("- ") {
                Some(r) => (indent, r),
                None => (indent.checked_sub(2)?, t),
            };
            let f = rest.strip_prefix("file:")?;
            Some((item_indent, f.trim().to_string()))
        })
        .collect()
}

#[test]
fn turing_way() {
    let c = build_corpus("turing-way");
    assert_eq!(md_files(&c.root).len(), 97);
    assert_exact_broken_links(&c, "turing-way");
    all_docs_reachable_from_nav(&c);
    no_raw_myst(&c);
    site_links_resolve(&c);

    let book = "snapshot-2021/book/website";
    let toc = std::fs::read_to_string(c.root.join(book).join("_toc.yml")).unwrap();
    let entries = toc_files(&toc);
    let exists = |f: &str| c.root.join(book).join(format!("{f}.md")).is_file();

    // The chapters in `_toc.yml` order (top-level entries whose file is
    // included), then "Other pages".
    let chapters: Vec<String> = entries
        .iter()
        .filter(|(indent, f)| *indent == 0 && exists(f))
        .map(|(_, f)| format!("{book}/{f}.html"))
        .collect();
    assert_eq!(chapters.len(), 4, "{chapters:?}");
    let home = c.page("index.html");
    let sidebar = between(&home, "<nav id=\"sidebar\"", "</nav>");
    let mut pos = 0;
    for ch in &chapters {
        let at = sidebar[pos..]
            .find(&format!("href=\"{ch}\""))
            .unwrap_or_else(|| panic!("{ch} not in order in\n{sidebar}"));
        pos += at;
    }
    assert!(sidebar[pos..].contains("Other pages"), "{sidebar}");

    // Reading order follows the TOC: the welcome page's "next" is the
    // first included entry after it.
    let included: Vec<&String> = entries
        .iter()
        .map(|(_, f)| f)
        .filter(|f| exists(f))
        .collect();
    let welcome = c.page(&format!("{book}/{}.html", included[0]));
    let next = between(&welcome, "pager-next", "</a>");
    assert!(
        next.contains(&format!("{}.html", included[1].rsplit('/').next().unwrap())),
        "{next}"
    );

    // Chapter titles come from `title:` in the TOC (Afterword's sections).
    let aft = c.page(&format!("{book}/afterword/afterword.html"));
    let aft_nav = between(&aft, "<nav id=\"sidebar\"", "</nav>");
    let mut p = 0;
    for t in [
        "Glossary",
        "Bibliography",
        "Contributors Record",
        "Legal Disclaimer",
    ] {
        p += aft_nav[p..]
            .find(&format!(">{t}</a>"))
            .unwrap_or_else(|| panic!("{t} in order in {aft_nav}"));
    }

    // Pages outside the TOC are orphans: reported, still built.
    let in_toc: BTreeSet<String> = included.iter().map(|f| format!("{book}/{f}.md")).collect();
    let want_orphans: BTreeSet<String> = md_files(&c.root)
        .into_iter()
        .filter(|f| !in_toc.contains(f))
        .collect();
    let got_orphans: BTreeSet<String> = c
        .stderr
        .lines()
        .filter(|l| l.contains("orphan-page"))
        .filter_map(|l| l.split('`').nth(1).map(str::to_string))
        .collect();
    assert_eq!(got_orphans, want_orphans);

    // A cross-file {ref} (excerpt → snapshot), a titled one and an untitled one.
    let gov = c.main("upstream-excerpt/book/website/foreword/governance.html");
    assert!(
        gov.contains("href=\"../../../../snapshot-2021/book/website/community-handbook/bookdash.html#ch-bookdash\""),
        "{gov}"
    );
    assert!(
        c.page(&format!("{book}/community-handbook/bookdash.html"))
            .contains("id=\"ch-bookdash\"")
    );
    let rec = c.main(&format!(
        "{book}/community-handbook/acknowledgement/acknowledgement-record.html"
    ));
    assert!(
        rec.contains("href=\"../../afterword/contributors-record.html#aw-contributors-record-contributors\" class=\"xref xref-doc\">Contributors</a>"),
        "{rec}"
    );
    let aft_main = c.main(&format!("{book}/afterword/afterword.html"));
    assert!(
        aft_main.contains("href=\"glossary.html#glossary\" class=\"xref xref-doc\">Glossary</a>"),
        "{aft_main}"
    );

    // Admonitions: {warning}, {admonition} with a title, {note}; a dropdown class.
    assert!(gov.contains("<aside class=\"admonition admonition-warning\""));
    assert!(
        gov.contains("<p class=\"admonition-title\">Reminder</p>"),
        "{gov}"
    );
    let wf = c.main(&format!(
        "{book}/community-handbook/contributing/contributing-workflow.html"
    ));
    assert!(
        wf.contains("<summary class=\"admonition-title\">Adding new files and folders</summary>"),
        "{wf}"
    );

    // {figure} with options and caption; the image is copied.
    let cw = c.main(&format!("{book}/community-handbook/coworking.html"));
    assert!(
        cw.contains("<figure id=\"coworking\"><img src=\"../figures/coworking.png\""),
        "{cw}"
    );
    assert!(cw.contains("<figcaption>"), "{cw}");
    assert!(
        c.site
            .contains_key(&format!("{book}/figures/coworking.png"))
    );

    // {include} with :start-after: renders the rest of GOVERNANCE_ROLES.md.
    let roles = c.main("upstream-excerpt/book/website/foreword/governance/governance-roles.html");
    assert!(roles.contains("Project Delivery Team"), "{roles}");
    assert!(!roles.contains("Governance Roles in <em>The Turing Way</em></h1>"));
    assert!(roles.contains("<aside class=\"admonition admonition-note\""));

    // {term} links into the glossary, which the {glossary} blocks feed.
    let glossary = c.page("glossary.html");
    assert!(glossary.contains("Binder"), "glossary has the MyST terms");
    assert!(
        c.site
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("class=\"xref xref-term\""))
    );

    // {cite}: author-year from references.bib, linked to the bibliography,
    // which lists every entry of the .bib.
    let bib =
        std::fs::read_to_string(c.root.join(book).join("_bibliography/references.bib")).unwrap();
    let entries = bib
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with('@') && !t.to_ascii_lowercase().starts_with("@comment")
        })
        .count();
    let bibpage = c.main(&format!("{book}/afterword/bibliography.html"));
    assert_eq!(bibpage.matches("<li id=\"bib-").count(), entries);
    let nc = c.main(&format!("{book}/collaboration/new-community.html"));
    assert!(
        nc.contains("<a href=\"../afterword/bibliography.html#bib-WHO2020Jul\"")
            && nc.contains("World Health Organisation, 2020</a>"),
        "{nc}"
    );
}

// ---- Small handbooks for the conventions the corpora use ----------------

fn built(
    files: &[(&str, &str)],
) -> (
    i32,
    String,
    BTreeMap<String, Vec<u8>>,
    tempfile::TempDir,
    tempfile::TempDir,
) {
    let dir = handbook(files);
    let (code, stderr, site, out) = build_to_temp(dir.path(), &[]);
    (code, stderr, site, out, dir)
}

fn sidebar_titles(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let home = page(site, "index.html");
    let nav = between(&home, "<nav id=\"sidebar\"", "</nav>");
    let mut out = Vec::new();
    for part in nav.split('>').skip(1) {
        let text = part.split('<').next().unwrap_or("").trim();
        if !text.is_empty() {
            out.push(text.to_string());
        }
    }
    out
}

#[test]
fn jupyter_book_1x_toc() {
    let (code, stderr, site, _o, _d) = built(&[
        (
            "_toc.yml",
            "format: jb-book\nroot: intro\nparts:\n  - caption: Getting started\n    chapters:\n    - file: start/first\n      sections:\n      - file: start/deeper\n  - caption: Reference\n    chapters:\n    - file: ref\n      title: The Reference\n",
        ),
        ("intro.md", "# Intro\n"),
        ("start/first.md", "# First\n"),
        ("start/deeper.md", "# Deeper\n"),
        ("ref.md", "# Ref\n"),
        ("stray.md", "# Stray\n"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("orphan-page") && stderr.contains("stray.md"),
        "{stderr}"
    );
    let titles = sidebar_titles(&site);
    let order: Vec<&str> = [
        "Intro",
        "Getting started",
        "First",
        "Reference",
        "The Reference",
        "Other pages",
    ]
    .into_iter()
    .collect();
    let mut at = 0;
    for t in &order {
        at += titles[at..]
            .iter()
            .position(|x| x == t)
            .unwrap_or_else(|| panic!("{t} in order in {titles:?}"));
    }
    let first = page(&site, "start/first.html");
    assert!(
        first.contains("Deeper"),
        "sections nest under their chapter"
    );
}

#[test]
fn myst_yml_toc() {
    let (code, stderr, site, _o, _d) = built(&[
        (
            "myst.yml",
            "version: 1\nproject:\n  title: X\n  toc:\n    - file: index.md\n    - title: Governance\n      children:\n        - file: gov/voting.md\n        - file: gov/roles.md\n",
        ),
        ("index.md", "# Home\n"),
        ("gov/voting.md", "# Voting\n"),
        ("gov/roles.md", "# Who does what\n"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("orphan-page"), "{stderr}");
    let titles = sidebar_titles(&site);
    let g = titles
        .iter()
        .position(|t| t == "Governance")
        .expect("caption");
    let v = titles.iter().position(|t| t == "Voting").unwrap();
    let r = titles.iter().position(|t| t == "Who does what").unwrap();
    assert!(g < v && v < r, "{titles:?}");
}

#[test]
fn myst_constructs_across_files() {
    let (code, stderr, site, _o, _d) = built(&[
        (
            "a.md",
            "(sec-a)=\n# Page A\n\nSee [](#sec-b), {ref}`sec-b`, {ref}`the B page <sec-b>` and {term}`Lazy consensus`.\n\n:::{tip}\nColon *fence*.\n:::\n\n```{include} parts/snippet.md\n:start-after: <!-- start -->\n:end-before: <!-- end -->\n```\n",
        ),
        (
            "b.md",
            "(sec-b)=\n## Section B\n\nText.\n\n```{glossary}\nLazy consensus\n  Silence is consent.\n```\n",
        ),
        (
            "parts/snippet.md",
            "# Snippet\nskipped\n<!-- start -->\nIncluded **text**.\n<!-- end -->\nnot included\n",
        ),
        ("c.md", "# C\n\n```{include} ../outside.md\n```\n"),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("link-outside") && stderr.contains("c.md"),
        "{stderr}"
    );
    let a = page(&site, "a.html");
    assert!(
        a.contains("<a href=\"b.html#sec-b\" class=\"xref xref-doc\">Section B</a>"),
        "{a}"
    );
    assert!(a.contains(">the B page</a>"), "{a}");
    assert!(a.contains("class=\"xref xref-term\""), "{a}");
    assert!(
        a.contains("<aside class=\"admonition admonition-tip\""),
        "{a}"
    );
    assert!(
        a.contains("Included <strong>text</strong>.")
            && !a.contains("skipped")
            && !a.contains("not included"),
        "{a}"
    );
    let c = page(&site, "c.html");
    assert!(c.contains("Include outside the handbook"), "{c}");
    let glossary = page(&site, "glossary.html");
    assert!(glossary.contains("Silence is consent."), "{glossary}");
}

#[test]
fn github_conventions() {
    let files = [
        (
            "README.md",
            "# Project\n\nSee [the SIG](/sig-a), [rules][r] and [x](sig-a/notes.md#Voting).\n\n[r]: /docs/rules.md\n\n<div onclick=\"evil()\">box</div>\n\n<script>alert(1)</script>\n",
        ),
        (
            "sig-a/README.md",
            "+++\ntitle = \"SIG A\"\nweight = 1\n+++\n\n# Special Interest Group A\n",
        ),
        (
            "sig-a/notes.md",
            "---\ntitle: Notes\ndescription: Hugo-style\nslug: notes\n---\n\n## Voting\n",
        ),
        ("docs/rules.md", "# Rules\n"),
    ];
    let (code, stderr, site, _o, _d) = built(&files);
    assert_eq!(code, 0, "{stderr}");
    let home = page(&site, "index.html");
    assert!(
        home.contains("<a href=\"sig-a/index.html\">the SIG</a>"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"docs/rules.html\">rules</a>"),
        "{home}"
    );
    assert!(home.contains("href=\"sig-a/notes.html#voting\""), "{home}");
    assert!(
        home.contains("<div>box</div>") || home.contains("<div >box</div>"),
        "{home}"
    );
    assert!(
        !home.contains("evil") && !home.contains("alert(1)"),
        "{home}"
    );
    let json: serde_json::Value = serde_json::from_slice(&site["handbook.json"]).unwrap();
    let titles: Vec<&str> = json["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"SIG A") && titles.contains(&"Notes"),
        "{titles:?}"
    );

    // With allow_scripts the raw HTML is kept as written.
    let mut with = files.to_vec();
    with.push(("handbook.yml", "title: P\nallow_scripts: true\n"));
    let (code, stderr, site, _o, _d) = built(&with);
    assert_eq!(code, 0, "{stderr}");
    let home = page(&site, "index.html");
    assert!(
        home.contains("onclick=\"evil()\"") && home.contains("alert(1)"),
        "{home}"
    );
}
