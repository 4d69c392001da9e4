//! Reader experience: the generated landing page, page chrome (chips, the
//! "about this page" block, phone contents), the ladder layout, the 404 at
//! any depth, link previews and the sitemap.

use crate::util::*;

const STAGES: &str = "title: Reader test\ndescription: A test community.\nstages:\n  - id: discover\n    title: Discover\n  - id: join\n    title: Join\n  - id: lead\n    title: Lead\n";

fn journey(title: &str, first: &str, second: &str) -> String {
    format!(
        "title: {title}\npersona:\n  name: P {title}\nstages:\n  - stage: {first}\n    steps:\n      - title: A\n  - stage: {second}\n    steps:\n      - title: B\n"
    )
}

/// The `<li class="home-stage …">` card of stage `id`.
fn card<'a>(home: &'a str, id: &str) -> &'a str {
    between(
        home,
        &format!("<li class=\"home-stage stage-{id}\">"),
        "</li>\n",
    )
}

#[test]
fn home_lists_each_journey_under_the_stage_it_starts_at() {
    let early = journey("Early path", "discover", "join");
    let late = journey("Late path", "join", "lead");
    let hb = handbook(&[
        ("handbook.yml", STAGES),
        ("docs/welcome.md", "# Welcome\n\nHi.\n"),
        ("journeys/early.yml", &early),
        ("journeys/late.yml", &late),
        (
            "roles/lead.md",
            "---\ntitle: Lead person\nsummary: Leads.\nstage: lead\n---\n# Lead person\n",
        ),
    ]);
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let home = page(&site, "index.html");
    // Each journey is linked once in the stage cards, from its first stage
    // (the "How we govern" card may name the way in as well).
    let stages = between(&home, "id=\"stages\"", "</ol>");
    assert_eq!(stages.matches("journeys/early.html").count(), 1, "{home}");
    assert_eq!(stages.matches("journeys/late.html").count(), 1, "{home}");
    assert!(card(&home, "discover").contains("journeys/early.html"));
    assert!(card(&home, "join").contains("journeys/late.html"));
    assert!(!card(&home, "join").contains("journeys/early.html"));
    // Roles sit on the card of their stage, as chips.
    let lead = card(&home, "lead");
    assert!(
        lead.contains("class=\"role-chip\" href=\"roles/lead.html\""),
        "{lead}"
    );
    assert!(!lead.contains("journeys/"), "{lead}");
    // The first step is a button to the first doc; the journeys are the
    // second way in.
    let hero = between(&home, "<header class=\"home-hero\">", "</header>");
    assert!(
        hero.contains("class=\"button button-primary\" href=\"docs/welcome.html\""),
        "{hero}"
    );
    assert!(hero.contains("href=\"journeys/index.html\""), "{hero}");
    assert!(hero.contains("A test community."), "{hero}");
}

#[test]
fn home_of_plain_docs_has_sections_and_no_stage_cards() {
    let hb = handbook(&[
        ("handbook.yml", "title: Plain\n"),
        (
            "docs/start.md",
            "---\ndescription: Begin here.\n---\n# Start\n\nText.\n",
        ),
        ("docs/policies/index.md", "# Policies\n\nAll of them.\n"),
        ("docs/policies/privacy.md", "# Privacy\n\nText.\n"),
    ]);
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let home = page(&site, "index.html");
    assert!(!home.contains("home-stages"), "{home}");
    assert!(!home.contains("id=\"groups\"") && !home.contains("id=\"decisions\""));
    // The first step is the first page of the sidebar.
    let first = links(between(&home, "<ul class=\"nav-tree\">", "</ul>"))[0].clone();
    assert!(
        home.contains(&format!("class=\"button button-primary\" href=\"{first}\"")),
        "{home}"
    );
    let sections = between(&home, "<ul class=\"home-cards\">", "</ul>");
    assert!(
        sections.contains("href=\"docs/start.html\">Start</a>"),
        "{sections}"
    );
    assert!(sections.contains("Begin here."), "{sections}");
    assert!(
        sections.contains("href=\"docs/policies/index.html\">Policies</a>"),
        "{sections}"
    );
    assert!(sections.contains("2 pages"), "{sections}");
}

fn role(title: &str, stage: &str, grows: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: S.\nstage: {stage}\ngrows_into: [{grows}]\n---\n# {title}\n"
    )
}

/// The `width` attribute of the ladder's `<svg>`.
fn svg_width(html: &str) -> f64 {
    let svg = between(html, "<svg class=\"ladder-svg\"", ">");
    between(svg, " width=\"", "\"")[8..]
        .trim_end_matches('"')
        .parse()
        .unwrap()
}

#[test]
fn ladder_boxes_fit_their_names_and_a_list_repeats_the_ladder() {
    let build = |lead: &str| {
        let first = role("First", "join", "second");
        let second = role(lead, "lead", "");
        let hb = handbook(&[
            ("handbook.yml", STAGES),
            ("roles/first.md", &first),
            ("roles/second.md", &second),
        ]);
        let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
        assert_eq!(code, 0, "{stderr}");
        page(&site, "roles/index.html")
    };
    let short = build("Lead");
    let long = build("Chair of the community steering committee");
    // A longer name makes a wider box, wrapped onto two lines.
    assert!(svg_width(&long) > svg_width(&short));
    let svg = between(&long, "<svg class=\"ladder-svg\"", "</svg>");
    let text = between(svg, "href=\"../roles/second.html\"", "</a>");
    assert_eq!(text.matches("<tspan").count(), 2, "{text}");
    // Every box is a link; the stacked list links every role too and says
    // what it grows into.
    assert!(
        svg.contains("<a class=\"ld-node stage-join\" href=\"../roles/first.html\">"),
        "{svg}"
    );
    let list = between(&long, "<ol class=\"ladder-list\">", "</ol>");
    assert!(
        list.contains("href=\"../roles/first.html\">First</a>"),
        "{list}"
    );
    assert!(
        list.contains("grows into Chair of the community steering committee"),
        "{list}"
    );
}

/// Every `href`/`src` of a page that is not a fragment, data or external.
fn local_urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let url = part.split('"').next().unwrap_or("").replace("&amp;", "&");
            if !(url.starts_with('#') || url.starts_with("data:") || url.contains("://")) {
                out.push(url);
            }
        }
    }
    out
}

fn small_site(base_url: Option<&str>) -> tempfile::TempDir {
    let yml = match base_url {
        Some(b) => format!("title: Lost\nbase_url: {b}\n"),
        None => "title: Lost\n".to_string(),
    };
    handbook(&[
        ("handbook.yml", &yml),
        ("docs/guide/deep/page.md", "# Deep page\n\nText.\n"),
        ("docs/top.md", "# Top\n\nText.\n"),
    ])
}

#[test]
fn not_found_page_links_are_root_relative_and_lead_somewhere() {
    for (base, prefix) in [(None, "/"), (Some("https://example.org/hb"), "/hb/")] {
        let hb = small_site(base);
        let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
        assert_eq!(code, 0, "{stderr}");
        let nf = page(&site, "404.html");
        let urls = local_urls(&nf);
        assert!(
            urls.iter().any(|u| u.ends_with("static/waybook.css")),
            "{urls:?}"
        );
        assert!(
            urls.iter()
                .any(|u| u.ends_with("docs/guide/deep/page.html")),
            "{urls:?}"
        );
        for u in &urls {
            // Root-relative, so they work from /a/b/c/missing as well.
            let rest = u
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("{u} does not start with {prefix}"));
            let file = rest.split(['?', '#']).next().unwrap();
            assert!(
                site.contains_key(file),
                "404.html links to {u}, which is not in the site"
            );
        }
        assert!(!nf.contains("rel=\"canonical\""), "{nf}");
    }
}

#[cfg(feature = "serve")]
#[test]
fn not_found_under_serve_works_at_any_depth() {
    // Even with a base_url path: serve puts the site at the server root.
    let hb = small_site(Some("https://example.org/hb"));
    let server = crate::serve::start(hb.path());
    let (status, body) = crate::serve::get(server.port, "/a/b/c/missing");
    assert_eq!(status, 404);
    let urls = local_urls(&body);
    assert!(urls.iter().any(|u| u == "/static/waybook.css"), "{urls:?}");
    for u in urls.iter().filter(|u| !u.starts_with("/__waybook")) {
        let (st, _) = crate::serve::get(server.port, u);
        assert_eq!(st, 200, "{u} from the 404 page answers {st}");
    }
}

/// The `content` of `<meta property|name="key">`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("=\"{key}\" content=\"");
    let rest = &html[html.find(&pat)? + pat.len()..];
    rest.split('"').next()
}

#[test]
fn logo_favicon_and_link_previews() {
    let files = |base: &str| {
        vec![
            (
                "handbook.yml".to_string(),
                format!(
                    "title: Brand\n{base}logo: art/logo.svg\nfavicon: static/icon.png\nsocial_image: art/card.png\ntheme_color: \"#1f3a5f\"\n"
                ),
            ),
            (
                "art/logo.svg".to_string(),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_string(),
            ),
            ("art/card.png".to_string(), "png".to_string()),
            ("static/icon.png".to_string(), "png".to_string()),
            (
                "docs/a/b.md".to_string(),
                "---\ndescription: A page about B & C.\n---\n# B\n\nText.\n".to_string(),
            ),
        ]
    };
    let build = |base: &str| {
        let f = files(base);
        let refs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let hb = handbook(&refs);
        let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
        assert_eq!(code, 0, "{stderr}");
        // No warning about the images (a build without base_url warns
        // about the sitemap only).
        assert!(
            !stderr.contains("config-file-missing") && !stderr.contains("unsafe-url"),
            "{stderr}"
        );
        site
    };
    let site = build("base_url: https://example.org/hb/\n");
    // The named images are copied, even outside static/.
    for f in ["art/logo.svg", "art/card.png", "static/icon.png"] {
        assert!(site.contains_key(f), "{f} not copied");
    }
    let doc = page(&site, "docs/a/b.html");
    assert!(
        doc.contains("<img class=\"site-logo\" src=\"../../art/logo.svg\" alt=\"\">"),
        "{doc}"
    );
    assert!(
        doc.contains("<link rel=\"icon\" href=\"../../static/icon.png\">"),
        "{doc}"
    );
    assert_eq!(meta(&doc, "theme-color"), Some("#1f3a5f"));
    assert_eq!(meta(&doc, "og:title"), Some("B"));
    assert_eq!(
        meta(&doc, "og:description"),
        Some("A page about B &amp; C.")
    );
    assert_eq!(
        meta(&doc, "og:url"),
        Some("https://example.org/hb/docs/a/b.html")
    );
    assert_eq!(
        meta(&doc, "og:image"),
        Some("https://example.org/hb/art/card.png")
    );
    assert_eq!(meta(&doc, "twitter:card"), Some("summary_large_image"));
    // Without base_url a preview image cannot be absolute: left out.
    let site = build("");
    let doc = page(&site, "docs/a/b.html");
    assert_eq!(meta(&doc, "og:image"), None);
    assert_eq!(meta(&doc, "og:url"), None);
    assert_eq!(meta(&doc, "twitter:card"), Some("summary"));
    assert_eq!(meta(&doc, "og:title"), Some("B"));
}

#[test]
fn without_base_url_there_is_no_sitemap_and_one_warning() {
    let hb = small_site(None);
    let (code, stderr, site, _out) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.contains_key("sitemap.xml"));
    assert_eq!(
        stderr.matches("warning[sitemap-without-base-url]").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("handbook.yml"), "{stderr}");
    assert!(stderr.contains("0 errors, 1 warning"), "{stderr}");
    // `check` does not write a sitemap, so it does not warn.
    let (code, out, err) = waybook(&["check", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert!(!format!("{out}{err}").contains("sitemap"), "{out}{err}");
    // With a base_url every <loc> is absolute.
    let (code, stderr, site, _out) =
        build_to_temp(hb.path(), &["--base-url", "https://example.org/x"]);
    assert_eq!(code, 0, "{stderr}");
    let sitemap = page(&site, "sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|l| l.split('<').next().unwrap())
        .collect();
    assert!(locs.len() >= 3, "{sitemap}");
    assert!(
        locs.iter().all(|l| l.starts_with("https://example.org/x/")),
        "{sitemap}"
    );
}
