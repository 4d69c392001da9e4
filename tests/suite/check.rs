//! `waybook check`: exit codes and the three output formats.

use crate::util::*;

fn broken() -> tempfile::TempDir {
    handbook(&[
        ("handbook.yml", "title: T\n"),
        ("docs/a.md", "# A\n\nSee [b](b.md#presnt).\n"),
        ("docs/b.md", "# B\n\n## Present\n"),
    ])
}

#[test]
fn clean_example_passes_strict() {
    let (code, out, err) = waybook(
        &[
            "check",
            repo().join("example-handbook").to_str().unwrap(),
            "--strict",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
}

#[test]
fn human_format_has_snippet_caret_and_summary() {
    let hb = broken();
    let (code, out, _) = waybook(&["check", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[broken-anchor]: `docs/b.md` has no heading or label `#presnt`"),
        "{out}"
    );
    assert!(out.contains("docs/a.md:3:5"), "{out}");
    assert!(out.contains("See [b](b.md#presnt)."), "{out}");
    assert!(out.contains("^"), "{out}");
    assert!(out.contains("1 error, 0 warnings"), "{out}");
}

#[test]
fn github_format_annotates_the_line() {
    let hb = broken();
    let (code, out, _) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "github"],
        None,
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("::error file=docs/a.md,line=3,col=5,title=broken-anchor::"),
        "{out}"
    );
}

#[test]
fn json_format_is_one_object_per_line() {
    let hb = broken();
    let (_, out, _) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    let d = &lines[0];
    assert_eq!(d["code"], "broken-anchor");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "docs/a.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 5);
    assert_eq!(d["help"], "did you mean `present`?");
}

#[test]
fn strict_fails_on_warnings_only_when_asked() {
    let hb = handbook(&[("docs/a.md", "---\nfrobnicate: 1\n---\n# A\n")]);
    let p = hb.path().to_str().unwrap();
    let (code, out, _) = waybook(&["check", p], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[unknown-key]"), "{out}");
    let (code, _, _) = waybook(&["check", p, "--strict"], None);
    assert_eq!(code, 1);
}

#[test]
fn lint_levels_are_configurable() {
    let hb = handbook(&[
        ("handbook.yml", "lints:\n  unknown-key: error\n"),
        ("docs/a.md", "---\nfrobnicate: 1\n---\n# A\n"),
    ]);
    let (code, out, _) = waybook(&["check", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    let hb = handbook(&[
        ("handbook.yml", "lints:\n  unknown-key: off\n"),
        ("docs/a.md", "---\nfrobnicate: 1\n---\n# A\n"),
    ]);
    let (code, out, _) = waybook(&["check", hb.path().to_str().unwrap(), "--strict"], None);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn missing_folder_is_a_usage_error() {
    let (code, _, err) = waybook(&["check", "/definitely/not/here"], None);
    assert_eq!(code, 2);
    assert!(err.contains("is not a folder"), "{err}");
    let (code, _, _) = waybook(&["frobnicate"], None);
    assert_eq!(code, 2);
}

#[test]
fn awkward_inputs_are_handled_or_reported_never_a_panic() {
    let long_line = "x".repeat(1_200_000);
    let nested = format!("{}deep", "> ".repeat(20_000));
    let lists = format!("{}item", "- ".repeat(10_000));
    let hb = handbook(&[
        ("bom.md", "\u{feff}# With BOM\n"),
        ("crlf.md", "# CRLF\r\n\r\n[x](bom.md)\r\n"),
        ("empty.md", ""),
        ("long.md", &long_line),
        ("nested.md", &nested),
        ("lists.md", &lists),
        ("bad-yaml.md", "---\ntitle: [unclosed\n---\n# T\n"),
        ("unclosed-fm.md", "---\ntitle: x\n# never closed\n"),
        (
            "roles/bad.md",
            "---\ntitle: R\nstage: lead\nresponsibilites: [x]\n---\n",
        ),
    ]);
    std::fs::write(hb.path().join("latin1.md"), b"# Caf\xe9\n").unwrap();
    let (code, out, err) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(code, 1, "{out}{err}");
    let codes = json_codes(&out);
    assert!(codes.contains(&"invalid-utf8".to_string()), "{codes:?}");
    assert!(codes.contains(&"invalid-yaml".to_string()), "{codes:?}");
    assert!(!err.contains("panicked"), "{err}");
    let (code, _, err) = waybook(&["build", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 1, "{err}");
    assert!(hb.path().join("public/crlf.html").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_folder_are_errors() {
    let outside = handbook(&[("secret.md", "# Secret\n")]);
    let hb = handbook(&[("a.md", "# A\n")]);
    std::os::unix::fs::symlink(outside.path().join("secret.md"), hb.path().join("link.md"))
        .unwrap();
    std::os::unix::fs::symlink(hb.path().join("loop"), hb.path().join("loop")).unwrap();
    let (code, out, _) = waybook(&["check", hb.path().to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[symlink-escape]"), "{out}");
    assert!(out.contains("error[broken-symlink]"), "{out}");
    let (_, _, err) = waybook(&["build", hb.path().to_str().unwrap()], None);
    assert!(!hb.path().join("public/link.html").exists(), "{err}");
}

#[cfg(feature = "external")]
#[test]
fn external_links_are_checked_only_when_asked() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let status = if line.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    let doc = format!("# A\n\n[fine]({base}/ok) and\n[gone]({base}/gone).\n");
    let hb = handbook(&[("a.md", &doc)]);
    let p = hb.path().to_str().unwrap();
    let (code, out, _) = waybook(&["check", p, "--strict"], None);
    assert_eq!(code, 0, "external links are not fetched by default: {out}");
    let (code, out, _) = waybook(&["check", p, "--external", "--format", "json"], None);
    assert_eq!(code, 0, "{out}");
    let d: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(d["code"], "external-link");
    assert_eq!(d["line"], 4);
    assert!(
        hb.path()
            .join(".waybook-cache/external-links.json")
            .exists()
    );
}
