//! Hostile input with `allow_scripts: false` (the default): raw HTML goes
//! through an allowlist, every link and image the site writes has a safe
//! scheme (http, https, mailto, tel or relative), unsafe ones are reported
//! once each as `unsafe-url`, and file names with `#`, `?`, `%`, `:`, spaces
//! or non-ASCII get working, percent-encoded links that `serve` serves. The
//! assertions read the output with a small tag scanner of their own, so
//! they do not trust the code they test.

use std::collections::BTreeMap;

use proptest::prelude::*;
use waybook::highlight::Highlighter;
use waybook::html;

use crate::util::*;

// ---------------------------------------------------------------------------
// A tiny HTML tag scanner, close enough to a browser's tokenizer for tags
// and attributes (`<img/onerror=…>`, unquoted values, `"` inside names).

/// One start tag: lowercased name and (lowercased name, decoded value) pairs.
#[derive(Debug)]
struct TagSeen {
    name: String,
    attrs: Vec<(String, String)>,
}

fn scan_tags(html: &str) -> Vec<TagSeen> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        i += 1;
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let k = i;
            i += 1; // a name may start with `=` or `"`
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let key = html[k..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let end = b[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(b.len());
                } else {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[s..i].to_string();
                }
            }
            attrs.push((key, decode_refs(&value)));
        }
        out.push(TagSeen { name, attrs });
    }
    out
}

/// Character references a browser decodes in attribute values (numeric and
/// the named ones that can spell a scheme), written independently of the
/// crate's own decoder.
fn decode_refs(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let (radix, digits_from) = if rest.starts_with("#x") || rest.starts_with("#X") {
            (16, 2)
        } else if rest.starts_with('#') {
            (10, 1)
        } else {
            let named = [
                ("colon;", ':'),
                ("Tab;", '\t'),
                ("NewLine;", '\n'),
                ("amp;", '&'),
                ("quot;", '"'),
                ("lt;", '<'),
                ("gt;", '>'),
                ("#39;", '\''),
            ];
            match named.iter().find(|(n, _)| rest.starts_with(n)) {
                Some((n, c)) => {
                    out.push(*c);
                    rest = &rest[n.len()..];
                }
                None => out.push('&'),
            }
            continue;
        };
        let digits: String = rest[digits_from..]
            .chars()
            .take_while(|c| c.is_digit(radix))
            .collect();
        let n = u32::from_str_radix(&digits, radix).unwrap_or(0xFFFD);
        out.push(char::from_u32(n).unwrap_or('\u{FFFD}'));
        rest = &rest[digits_from + digits.len()..];
        rest = rest.strip_prefix(';').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// The scheme a browser reads in a URL attribute, if any (lowercase).
fn browser_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| scheme.to_ascii_lowercase())
}

const URL_ATTRS: [&str; 8] = [
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
];
const BANNED_TAGS: [&str; 14] = [
    "script", "iframe", "frame", "object", "embed", "base", "meta", "form", "style", "link", "svg",
    "math", "applet", "frameset",
];

/// Every way `html` (a rendered fragment) could run script; empty if none.
fn attacks_in(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    if html.to_ascii_lowercase().contains("<script") {
        found.push("`<script` in output".to_string());
    }
    for t in scan_tags(html) {
        if BANNED_TAGS.contains(&t.name.as_str()) {
            found.push(format!("<{}> element", t.name));
        }
        for (k, v) in &t.attrs {
            if k.starts_with("on") {
                found.push(format!("<{} {k}=…> handler", t.name));
            }
            if k == "srcdoc" || k == "style" && v.to_ascii_lowercase().contains("url(") {
                found.push(format!("<{} {k}={v:?}>", t.name));
            }
            if URL_ATTRS.contains(&k.as_str())
                && let Some(s) = browser_scheme(v)
                && !["http", "https", "mailto", "tel"].contains(&s.as_str())
            {
                found.push(format!("<{} {k}={v:?}> with scheme {s}", t.name));
            }
        }
    }
    found
}

/// One highlighter for every case: loading syntaxes dominates otherwise.
static HL: std::sync::LazyLock<Highlighter> = std::sync::LazyLock::new(Highlighter::new);

fn render(md: &str) -> String {
    let files = waybook::source::Files::default();
    let env = html::Env {
        rosters: &waybook::model::group::NO_ROSTERS,
        hl: &HL,
        allow_scripts: false,
        files: &files,
        strings: waybook::i18n::Catalog::english(),
        chrome: None,
    };
    html::render_plain(&env, md)
}

/// The rendered markdown of a built doc page (inside `<article class="content">`).
fn content(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let p = page(site, path);
    between(&p, "<article class=\"content\">", "</article>").to_string()
}

fn json_diags(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

// ---------------------------------------------------------------------------
// The scanner itself must catch the attacks it is used to rule out.

#[test]
fn the_test_scanner_catches_each_attack_shape() {
    for attack in [
        "<script>alert(1)</script>",
        "<img/onerror=alert(1) src=x>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
        "<a href=\"java&Tab;script:alert(1)\">x</a>",
        "<a href=\" \u{1}javascript:alert(1)\">x</a>",
        "<img src=\"data:text/html,x\">",
        "<svg onload=alert(1)>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=refresh content=\"0;url=x\">",
        "<details open ontoggle=alert(1)>",
    ] {
        assert!(!attacks_in(attack).is_empty(), "scanner missed {attack}");
    }
    assert!(attacks_in("<img src=\"x&quot;onerror=alert(1)\">").is_empty());
    assert!(attacks_in("<a href=\"https://x.org\">x</a> <a href=\"a:b\">").len() == 1);
}

// ---------------------------------------------------------------------------
// Markdown links, images and autolinks.

#[test]
fn unsafe_markdown_links_become_text_with_one_warning_each() {
    let md = "# Doc\n\n[run](javascript:alert(1)) and [case](JaVaScRiPt:alert(1))\n\n![img](data:text/html,x)\n\n<javascript:alert(1)>\n\n[vb](vbscript:msgbox) [ent](&#106;avascript:alert(1))\n\n[ok](https://example.org) [mail](mailto:a@b.org) [tel](tel:+1) [rel](#doc) [q](?x=1)\n";
    let hb = handbook(&[("handbook.yml", "title: T\n"), ("docs/a.md", md)]);
    let (code, out, err) = waybook(&["check", ".", "--format", "json"], Some(hb.path()));
    assert_eq!(code, 0, "warnings only: {out}{err}");
    let unsafe_: Vec<_> = json_diags(&out)
        .into_iter()
        .filter(|d| d["code"] == "unsafe-url")
        .collect();
    let at: Vec<(u64, u64)> = unsafe_
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        at,
        [(3, 1), (3, 32), (5, 1), (7, 1), (9, 1), (9, 23)],
        "{out}"
    );
    assert!(unsafe_.iter().all(|d| d["severity"] == "warning"), "{out}");

    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let c = content(&site, "docs/a.html");
    assert_eq!(attacks_in(&c), Vec::<String>::new(), "{c}");
    for text in ["run", "case", "vb", "ent"] {
        assert!(
            c.contains(&format!(">{text}</span>")),
            "{text} kept as text: {c}"
        );
    }
    assert!(c.contains("[image: img]"), "{c}");
    for good in [
        "href=\"https://example.org\"",
        "href=\"mailto:a@b.org\"",
        "href=\"tel:+1\"",
        "href=\"#doc\"",
    ] {
        assert!(c.contains(good), "{good}: {c}");
    }
}

#[test]
fn unsafe_links_in_included_text_are_stripped_too() {
    // Included text is rendered without a link table: the renderer itself
    // must refuse the scheme.
    let h = render("[x](javascript:alert(1)) ![y](vbscript:x) <JAVASCRIPT:alert(1)>\n");
    assert_eq!(attacks_in(&h), Vec::<String>::new(), "{h}");
    assert!(h.contains(">x</span>") && h.contains("[image: y"), "{h}");
}

// ---------------------------------------------------------------------------
// Raw HTML.

const RAW_ATTACKS: &str = r#"# Raw

<div class="note" onclick="alert(1)">
<img/onerror=alert(1) src=x>
<img src=x"onerror=alert(2)>
<svg onload=alert(3)><circle r=1></circle></svg>
<iframe srcdoc="<script>alert(4)</script>"></iframe>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example/"><input name=p><button>go</button></form>
<style>body { display: none }</style>
<a href="JaVaScRiPt:alert(5)">mixed</a>
<a href="&#106;avascript:alert(6)">entity</a>
<a href="java&#x09;script:alert(7)">tab</a>
<img src="data:image/svg+xml,&lt;svg onload=alert(8)&gt;">
</div>

Inline <span onmouseover="alert(9)">span</span> and <a href="vbscript:x">vb</a>.

<script>
alert(10)
</script>

<details open ontoggle="alert(11)"><summary>More</summary>

Inside **markdown** with a [link](https://example.org).

</details>
"#;

#[test]
fn raw_html_attacks_are_stripped_by_default() {
    let hb = handbook(&[("handbook.yml", "title: T\n"), ("docs/a.md", RAW_ATTACKS)]);
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    // Raw HTML images are links: the two `src=x` name no file.
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2 errors"), "{err}");
    assert_eq!(err.matches("error[broken-link]").count(), 2, "{err}");
    let c = content(&site, "docs/a.html");
    assert_eq!(attacks_in(&c), Vec::<String>::new(), "{c}");
    eprintln!("{c}");
    for gone in [
        "alert(3)",
        "alert(4)",
        "alert(10)",
        "alert(11)",
        "display: none",
    ] {
        assert!(!c.contains(gone), "{gone} survives: {c}");
    }
    // What governance docs use stays, and a tag opened in one event and
    // closed in another keeps its markdown inside.
    assert!(c.contains("<div class=\"note\">"), "{c}");
    assert!(
        c.contains("<details open=\"\"><summary>More</summary>"),
        "{c}"
    );
    assert!(
        c.contains("<p>Inside <strong>markdown</strong> with a <a href=\"https://example.org\">link</a>.</p>\n</details>"),
        "{c}"
    );
    assert!(c.contains("Inline <span>span</span> and <a>vb</a>."), "{c}");
}

#[test]
fn raw_html_unsafe_urls_are_reported_where_they_are() {
    let md = "# A\n\n<p>See <a href=\"&#106;avascript:alert(1)\">this</a>\nand <img src=\"data:x\"></p>\n\nInline <a href='vbscript:x'>x</a>.\n";
    let hb = handbook(&[("handbook.yml", "title: T\n"), ("a.md", md)]);
    let (code, out, _) = waybook(&["check", ".", "--format", "json"], Some(hb.path()));
    assert_eq!(code, 0, "{out}");
    let at: Vec<(u64, u64)> = json_diags(&out)
        .iter()
        .filter(|d| d["code"] == "unsafe-url")
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(at, [(3, 17), (4, 15), (6, 17)], "{out}");
}

#[test]
fn allow_scripts_true_keeps_raw_html_as_written() {
    let md = "# A\n\n<div onclick=\"go()\">x</div>\n\n<script>window.x = 1;</script>\n";
    let hb = handbook(&[
        ("handbook.yml", "title: T\nallow_scripts: true\n"),
        ("a.md", md),
    ]);
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let c = content(&site, "a.html");
    assert!(c.contains("<div onclick=\"go()\">x</div>"), "{c}");
    assert!(c.contains("<script>window.x = 1;</script>"), "{c}");
}

// ---------------------------------------------------------------------------
// URLs from YAML.

#[test]
fn people_and_handbook_urls_with_unsafe_schemes_are_dropped_with_a_warning() {
    let people = "people:\n  - id: ada\n    name: Ada\n    links:\n      - label: Site\n        url: https://ada.example\n      - label: Evil\n        url: \"javascript:alert(document.cookie)\"\n";
    let hb = handbook(&[
        (
            "handbook.yml",
            "title: T\nrepository: \"JavaScript:alert(1)//\"\n",
        ),
        ("people.yml", people),
        ("index.md", "# Home\n"),
    ]);
    let (code, out, _) = waybook(&["check", ".", "--format", "json"], Some(hb.path()));
    assert_eq!(code, 0, "{out}");
    let found: Vec<(String, u64, u64)> = json_diags(&out)
        .iter()
        .filter(|d| d["code"] == "unsafe-url")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("handbook.yml".to_string(), 2, 13),
            ("people.yml".to_string(), 8, 14)
        ],
        "{out}"
    );
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{err}");
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.to_ascii_lowercase().contains("javascript:"), "{path}");
        }
    }
    assert!(page(&site, "people.html").contains("href=\"https://ada.example\""));
}

// ---------------------------------------------------------------------------
// File names.

const ODD_NAMES: [&str; 9] = [
    "docs/a b.md",
    "docs/c#1.md",
    "docs/what?.md",
    "docs/100%.md",
    "docs/x:y.md",
    "javascript:alert(document.domain).md",
    "docs/café.md",
    "docs/東京.md",
    "my docs/index.md",
];

fn odd_handbook() -> tempfile::TempDir {
    let index = "# Home\n\n[a](docs/a%20b.md) [c](docs/c%231.md) [w](docs/what%3F.md) \
                 [p](docs/100%25.md) [x](docs/x:y.md) [j](./javascript:alert(document.domain).md) \
                 [é](docs/café.md) [t](docs/東京.md) [m](my%20docs/index.md)\n\n\
                 ![pic](img/a%20b%23.png)\n";
    let mut files: Vec<(&str, String)> = vec![
        ("handbook.yml", "title: Odd\n".to_string()),
        ("index.md", index.to_string()),
        ("img/a b#.png", "png".to_string()),
        (
            "roles/re view.md",
            "---\ntitle: Re view\nsummary: s\n---\nSee [a](../docs/a%20b.md).\n".to_string(),
        ),
    ];
    for name in ODD_NAMES {
        let title = name.trim_end_matches(".md");
        files.push((name, format!("# {title}\n\nBack [home](/index.md).\n")));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    handbook(&refs)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Every relative href/src of every page, resolved as a browser would,
/// that names no file of the site; and every absolute one with a scheme
/// other than http(s)/mailto/tel.
fn unreachable_links(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let dir = path.rfind('/').map_or("", |i| &path[..=i]);
        for t in scan_tags(&html) {
            for (k, v) in t.attrs.iter().filter(|(k, _)| k == "href" || k == "src") {
                if let Some(s) = browser_scheme(v) {
                    // `<link rel=icon href="data:,">` is the theme's, not a link.
                    if t.name != "link" && !["http", "https", "mailto", "tel"].contains(&s.as_str())
                    {
                        bad.push(format!("{path}: {k}={v} has scheme {s}"));
                    }
                    continue;
                }
                if v.starts_with("//") {
                    continue;
                }
                let file = v.split(['#', '?']).next().unwrap_or("");
                if file.is_empty() {
                    continue;
                }
                let target = normalize(&format!("{dir}{}", percent_decode(file)));
                let found = site.contains_key(&target)
                    || site.contains_key(&format!("{target}/index.html"))
                    || (file.ends_with('/') && site.contains_key(&format!("{target}/index.html")))
                    || (target.is_empty() && site.contains_key("index.html"));
                if !found {
                    bad.push(format!("{path}: {k}={v} → {target} does not exist"));
                }
            }
        }
    }
    bad
}

#[test]
fn odd_file_names_get_links_that_reach_their_pages() {
    let hb = odd_handbook();
    let (code, out, err) = waybook(&["check", ".", "--format", "json"], Some(hb.path()));
    assert_eq!(code, 0, "{out}{err}");
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{err}");
    // The files on disk keep their natural names.
    for name in [
        "docs/a b.html",
        "docs/c#1.html",
        "docs/what?.html",
        "docs/100%.html",
        "docs/x:y.html",
        "javascript:alert(document.domain).html",
        "docs/café.html",
        "docs/東京.html",
        "my docs/index.html",
        "img/a b#.png",
    ] {
        assert!(site.contains_key(name), "{name} not written");
    }
    assert_eq!(unreachable_links(&site), Vec::<String>::new());
    // The sidebar link to the `javascript:` doc is a plain relative URL.
    let home = page(&site, "index.html");
    assert!(
        home.contains("href=\"javascript%3Aalert(document.domain).html\""),
        "{home}"
    );
    // The search index links work too.
    let search: String = site
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        search.contains("docs/a%20b.html"),
        "search index URLs are encoded"
    );
    assert!(
        !search.contains("\"docs/a b.html\""),
        "search index URLs are encoded"
    );
}

#[cfg(feature = "serve")]
#[test]
fn serve_serves_every_page_it_built_under_its_link() {
    let hb = odd_handbook();
    let (code, err, site, _t) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let server = crate::serve::start(hb.path());
    for path in site.keys().filter(|p| p.ends_with(".html")) {
        let url = format!("/{}", waybook::url::encode_path(path));
        let (status, body) = crate::serve::get(server.port, &url);
        assert_eq!(status, 200, "{url}");
        assert!(body.contains("<html"), "{url}");
    }
}

// ---------------------------------------------------------------------------
// Generated attacks.

/// A scheme spelled to slip past a blocklist: random case, one letter as a
/// character reference, a tab or newline inside, a control or space before.
fn spelled_scheme() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["javascript", "data", "vbscript"]),
        prop::collection::vec(any::<bool>(), 10),
        0..5usize,
        0..10usize,
    )
        .prop_map(|(scheme, upper, how, at)| {
            let cased: String = scheme
                .chars()
                .zip(upper.iter().cycle())
                .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
                .collect();
            let at = at % cased.len();
            let (head, tail) = cased.split_at(at);
            let first = tail.chars().next().unwrap_or('a');
            match how {
                0 => format!("{cased}:"),
                1 => format!("{head}&#{};{}:", u32::from(first), &tail[1..]),
                2 => format!("{head}&#x{:x}{}&colon;", u32::from(first), &tail[1..]),
                3 => format!("{head}\t{tail}:"),
                _ => format!(" \u{1}{cased}:"),
            }
        })
}

/// One attack: a shape with a spelled scheme where a URL goes.
fn attack() -> impl Strategy<Value = String> {
    (spelled_scheme(), 0..22usize).prop_map(|(s, shape)| {
        let u = format!("{s}alert(1)");
        match shape {
            0 => format!("[x]({u})"),
            1 => format!("![x]({u})"),
            2 => format!("[x](<{u}>)"),
            3 => format!("<{u}>"),
            4 => format!("<a href=\"{u}\">x</a>"),
            5 => format!("<img src=\"{u}\">"),
            6 => format!("<a href={}>x</a>", u.replace([' ', '\t'], "")),
            7 => "<img/onerror=alert(1) src=x>".into(),
            8 => "<img src=x\"onerror=alert(1)>".into(),
            9 => "<svg onload=alert(1)>".into(),
            10 => "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>".into(),
            11 => "<base href=\"//evil.example/\">".into(),
            12 => format!("<meta http-equiv=\"refresh\" content=\"0;url={u}\">"),
            13 => format!("<object data=\"{u}\"></object><embed src=\"{u}\">"),
            14 => format!("<form action=\"{u}\"><button formaction=\"{u}\">b</button></form>"),
            15 => "<style>*{background:url(javascript:alert(1))}</style>".into(),
            16 => format!("<div style=\"background:url({u})\">d</div>"),
            17 => "<scr<script>ipt>alert(1)</script>".into(),
            18 => format!("<a href=\"{u}\" onclick=\"alert(1)\" ONMOUSEOVER=x>"),
            19 => "<details open ontoggle=alert(1)>".into(),
            20 => format!("<svg><a xlink:href=\"{u}\"><text>x</text></a></svg>"),
            _ => format!("<math><a href=\"{u}\">x</a></math>"),
        }
    })
}

/// Random markdown around the attacks: blocks, inline runs, containers.
fn surroundings() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "\n",
        "\n\n",
        " ",
        "text ",
        "# ",
        "> ",
        "- ",
        "1. ",
        "**b** ",
        "`c` ",
        "<div>",
        "</div>",
        "<span>",
        "</span>",
        "<p>",
        "\n```\n",
        "| a |\n|---|\n| ",
        ":::{note}\n",
        "\n:::\n",
        "<!-- ",
        " -->",
        "\"",
        "'",
        "<",
        "[",
        "](",
        ")",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(crate::util::fuzz_config(256))]

    #[test]
    fn generated_attacks_never_reach_the_output(
        parts in prop::collection::vec(prop_oneof![attack(), surroundings()], 1..16)
    ) {
        let md = parts.concat();
        let out = render(&md);
        let found = attacks_in(&out);
        prop_assert!(found.is_empty(), "{:?}\nin: {:?}\nout: {}", found, md, out);
    }
}
