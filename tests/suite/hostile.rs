//! The hostile handbook (`tests/fixtures/hostile/`): bad YAML, a YAML alias
//! bomb, bad UTF-8, unterminated front matter, include cycles and escapes,
//! URL collisions, odd and over-long file names, scripts in every place
//! markdown and YAML allow text, plus symlinks out of the root and in loops
//! made at test time. `check` must report exactly the diagnostics in
//! `tests/fixtures/hostile.expected` (one line each: code, severity, file,
//! line, column; regenerate with `WAYBOOK_BLESS=1`), nothing may panic, and
//! nothing outside the root may reach the output.

use std::path::Path;

use crate::util::*;

const SECRET: &str = "SECRET-MARKER-7f3a";

/// Copy the fixture into `tmp/hb` and add what git cannot hold portably:
/// symlinks out of the root, to a folder outside, and in a loop, and a doc
/// with one very long line.
fn hostile_copy(tmp: &Path) -> std::path::PathBuf {
    let hb = tmp.join("hb");
    copy_dir(&fixture("hostile"), &hb);
    let outside = tmp.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), format!("# {SECRET}\n")).unwrap();
    std::fs::write(outside.join("secret.yml"), format!("title: {SECRET}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("../../outside/secret.md", hb.join("docs/escape.md")).unwrap();
        symlink(outside.join("secret.md"), hb.join("docs/absolute.md")).unwrap();
        symlink("../../outside", hb.join("docs/outdir")).unwrap();
        symlink("loop-b.md", hb.join("docs/loop-a.md")).unwrap();
        symlink("loop-a.md", hb.join("docs/loop-b.md")).unwrap();
        symlink("../../outside/secret.yml", hb.join("journeys/secret.yml")).unwrap();
    }
    let long_line = "word ".repeat(200_000);
    std::fs::write(
        hb.join("docs/huge-line.md"),
        format!("# Huge\n\n{long_line}\n"),
    )
    .unwrap();
    hb
}

/// `code severity file:line:column` of each JSON diagnostic line.
fn summary(json: &str) -> String {
    let mut out = String::new();
    for l in json.lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object per line");
        out.push_str(&format!(
            "{} {} {}:{}:{}\n",
            v["code"].as_str().unwrap_or("?"),
            v["severity"].as_str().unwrap_or("?"),
            v["file"].as_str().unwrap_or("-"),
            v["line"].as_u64().unwrap_or(0),
            v["column"].as_u64().unwrap_or(0),
        ));
    }
    out
}

#[test]
fn hostile_handbook_gives_the_exact_diagnostics_and_never_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = hostile_copy(tmp.path());
    let mut outputs = Vec::new();
    for format in ["json", "human", "github"] {
        let (code, out, err) = waybook(&["check", ".", "--format", format], Some(&hb));
        assert_eq!(code, 1, "{format}: exit {code}\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            !out.contains(SECRET) && !err.contains(SECRET),
            "{format}: secret leaked"
        );
        outputs.push(out);
    }
    let got = summary(&outputs[0]);
    let expected_path = repo().join("tests/fixtures/hostile.expected");
    if std::env::var_os("WAYBOOK_BLESS").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(got, expected, "WAYBOOK_BLESS=1 to update");
}

#[test]
fn hostile_handbook_builds_without_scripts_or_outside_text() {
    let tmp = tempfile::tempdir().unwrap();
    let hb = hostile_copy(tmp.path());
    let (code, stderr, site, _out) = build_to_temp(&hb, &[]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(site.contains_key("index.html"), "no home page");
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(SECRET), "{path}: text from outside the root");
        if !path.ends_with(".html") {
            continue;
        }
        let lower = text.to_ascii_lowercase();
        // The theme's own scripts: the colour-scheme snippet and deferred
        // files. Any other script element came from user text.
        for (i, _) in lower.match_indices("<script") {
            let rest = &lower[i..];
            // JSON-LD is data, not script; its text must not close it early.
            if let Some(ld) = rest.strip_prefix("<script type=\"application/ld+json\">") {
                let json = &text[i + rest.len() - ld.len()..][..ld.find("</script>").unwrap_or(0)];
                assert!(!json.contains('<'), "{path}: `<` in JSON-LD: {json}");
                assert!(
                    serde_json::from_str::<serde_json::Value>(json).is_ok(),
                    "{path}: {json}"
                );
                continue;
            }
            assert!(
                rest.starts_with("<script defer src=")
                    || rest.starts_with("<script>(function(){try{var t=localstorage"),
                "{path}: user script in output: {}",
                rest.chars().take(80).collect::<String>()
            );
        }
        for bad in [
            "<iframe",
            "<base",
            "<object",
            "<embed",
            "http-equiv",
            "<svg onload",
        ] {
            assert!(!lower.contains(bad), "{path}: {bad} in output");
        }
        // The theme's search boxes are the only forms.
        for (i, _) in lower.match_indices("<form") {
            assert!(
                lower[i..].starts_with("<form class=\"search-"),
                "{path}: user form"
            );
        }
        for link in links(&text) {
            let l = link.trim().to_ascii_lowercase();
            assert!(
                !l.starts_with("javascript:") && !l.starts_with("data:text"),
                "{path}: unsafe URL {link}"
            );
        }
        // No event-handler attribute in any tag (escaped text is fine).
        for tag in lower.split('<').skip(1) {
            let Some(end) = tag.find('>') else { continue };
            let attrs = &tag[..end];
            if !attrs.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let handler = attribute_names(attrs).iter().any(|n| n.starts_with("on"));
            assert!(!handler, "{path}: handler in <{attrs}>");
        }
    }
}

/// The attribute names of a tag's inside (`a href="x" title='y'`), skipping
/// quoted values, as an HTML tokenizer reads them.
fn attribute_names(tag: &str) -> Vec<String> {
    let b = tag.as_bytes();
    let mut i = b
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'/')
        .unwrap_or(b.len());
    let mut names = Vec::new();
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if i > start {
            names.push(tag[start..i].to_string());
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    i += 1;
                }
                _ => {
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
        } else if i == start {
            i += 1;
        }
    }
    names
}

#[test]
fn attribute_names_skip_quoted_values() {
    assert_eq!(
        attribute_names(r#"img src="x onerror=1" onload=go alt='a b'"#),
        ["src", "onload", "alt"]
    );
    assert_eq!(attribute_names("img/onerror=alert(1)"), ["onerror"]);
}
