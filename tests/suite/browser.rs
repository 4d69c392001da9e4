//! Real-browser checks: build the example handbook, serve it over HTTP from
//! this test and run `tests/browser/run.mjs` in headless Chromium
//! (navigation, dark mode, search, keyboard use, console errors on every
//! page, axe-core, screenshots, live reload of `waybook serve`).
//!
//! Needs Debian's `chromium` and `cd tests/browser && npm ci`. Without them
//! the test prints a notice and passes, except in CI (`CI` set), where it
//! fails. Screenshots land in `target/screenshots/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::util::*;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn browser_dir() -> PathBuf {
    repo().join("tests/browser")
}

/// Chromium, node and the npm packages; the reason when one is missing.
fn prerequisites() -> Result<PathBuf, String> {
    let chromium = std::env::var_os("WAYBOOK_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        return Err(format!(
            "no Chromium at {} (apt-get install chromium, or set WAYBOOK_CHROMIUM)",
            chromium.display()
        ));
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {}
        _ => return Err("node is not on PATH".into()),
    }
    for pkg in ["playwright-core", "axe-core"] {
        let p = browser_dir()
            .join("node_modules")
            .join(pkg)
            .join("package.json");
        if !p.is_file() {
            return Err(format!(
                "{} is missing (cd tests/browser && npm ci)",
                p.display()
            ));
        }
    }
    Ok(chromium)
}

/// A minimal static file server for a built site: GET and HEAD, one thread
/// per connection, `Connection: close`, the site's 404.html for misses.
struct StaticServer {
    url: String,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl StaticServer {
    fn start(root: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let root = Arc::new(root);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(stream, &root);
                });
            }
        });
        StaticServer {
            url: format!("http://{addr}/"),
            stop,
            addr,
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve_one(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(&mut out, 405, "text/plain", b"method not allowed\n", true);
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = site_file(root, &percent_decode(path));
    match file.as_deref().map(std::fs::read) {
        Some(Ok(body)) => {
            let kind = waybook::output::content_type(&file.as_deref().unwrap().to_string_lossy());
            respond(&mut out, 200, kind, &body, method == "GET")
        }
        _ => {
            let body = std::fs::read(root.join("404.html")).unwrap_or_default();
            respond(
                &mut out,
                404,
                "text/html; charset=utf-8",
                &body,
                method == "GET",
            )
        }
    }
}

/// The file a URL path names under `root`, refusing anything that climbs out.
fn site_file(root: &Path, path: &str) -> Option<PathBuf> {
    let mut file = root.to_path_buf();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains(':') || s.contains('\0') => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond(
    out: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if with_body {
        out.write_all(body)?;
    }
    out.flush()
}

#[test]
fn static_server_serves_files_and_refuses_traversal() {
    let site = handbook(&[
        ("index.html", "home"),
        ("404.html", "missing"),
        ("docs/a b.html", "spaced"),
    ]);
    let root = site.path();
    assert_eq!(site_file(root, "/"), Some(root.join("index.html")));
    assert_eq!(
        site_file(root, &percent_decode("/docs/a%20b.html")),
        Some(root.join("docs/a b.html"))
    );
    assert_eq!(site_file(root, "/docs/../index.html"), None);
    assert_eq!(site_file(root, "/nope.html"), None);
    assert_eq!(percent_decode("/a%2"), "/a%2");
}

#[test]
fn example_handbook_in_headless_chromium() {
    let chromium = match prerequisites() {
        Ok(c) => c,
        Err(why) if in_ci() => panic!("browser tests cannot run in CI: {why}"),
        Err(why) => {
            eprintln!("note: skipping the browser tests: {why}");
            return;
        }
    };
    let example = repo().join("example-handbook");
    let (code, stderr, _, out) = build_to_temp(&example, &["--base-url", "", "--print"]);
    assert_eq!(code, 0, "building the example failed:\n{stderr}");
    let site = out.path().join("site");
    let server = StaticServer::start(site.clone());

    let shots = repo().join("target/screenshots");
    // Only this test's pictures: others keep theirs in sub-folders.
    for e in std::fs::read_dir(&shots).into_iter().flatten().flatten() {
        if e.path().is_file() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    std::fs::create_dir_all(&shots).unwrap();

    let mut cmd = Command::new("node");
    cmd.current_dir(browser_dir())
        .arg("run.mjs")
        .arg("--base")
        .arg(&server.url)
        .arg("--screenshots")
        .arg(&shots)
        .arg("--site")
        .arg(&site)
        .arg("--chromium")
        .arg(&chromium)
        .env("NO_COLOR", "1");
    if cfg!(feature = "serve") {
        cmd.arg("--waybook")
            .arg(env!("CARGO_BIN_EXE_waybook"))
            .arg("--handbook")
            .arg(&example);
    }
    let result = cmd.output().expect("run node tests/browser/run.mjs");
    drop(server);
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "browser checks failed ({}); screenshots in {}:\n{stdout}{stderr}",
        result.status,
        shots.display()
    );
    println!("{stdout}{stderr}");
}

/// A dated collection (`tests/fixtures/dated`): its generated index and the
/// sidebar's single entry at 1280 and 375 px, pictured in
/// `target/screenshots/dated/` and checked by axe.
#[test]
fn dated_collection_in_headless_chromium() {
    let chromium = match prerequisites() {
        Ok(c) => c,
        Err(why) if in_ci() => panic!("browser tests cannot run in CI: {why}"),
        Err(why) => {
            eprintln!("note: skipping the browser tests: {why}");
            return;
        }
    };
    let (code, stderr, _, out) = build_to_temp(&fixture("dated"), &[]);
    assert_eq!(code, 0, "building the fixture failed:\n{stderr}");
    let site = out.path().join("site");
    let server = StaticServer::start(site.clone());
    let shots = repo().join("target/screenshots/dated");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    let result = Command::new("node")
        .current_dir(browser_dir())
        .arg("run.mjs")
        .args(["--only", "dated", "--base", &server.url])
        .arg("--screenshots")
        .arg(&shots)
        .arg("--site")
        .arg(&site)
        .arg("--chromium")
        .arg(&chromium)
        .env("NO_COLOR", "1")
        .output()
        .expect("run node tests/browser/run.mjs");
    drop(server);
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "dated checks failed:\n{stdout}{stderr}"
    );
    for w in ["1280", "375"] {
        for p in ["dated-index", "dated-sidebar"] {
            assert!(shots.join(format!("{p}-{w}.png")).is_file(), "{p}-{w}.png");
        }
    }
}
