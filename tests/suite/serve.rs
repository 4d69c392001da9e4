//! `waybook serve`: live rebuild on atomic saves, reload events, traversal
//! and Host-header protection, broken saves keeping the last good site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waybook"))
        .args(["serve", root.to_str().unwrap(), "--port", "0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port: u16 = rest
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("server did not start");
    Server { child, port }
}

/// A raw HTTP/1.1 request (so tests control the exact path and headers).
fn request(port: u16, method: &str, path: &str, host: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let host = host
        .map(str::to_string)
        .unwrap_or(format!("127.0.0.1:{port}"));
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, body)
}

pub(crate) fn get(port: u16, path: &str) -> (u16, String) {
    request(port, "GET", path, None)
}

/// Subscribe to reload events; returns a reader positioned after the first event.
fn events(port: u16) -> (BufReader<TcpStream>, u64) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET /__waybook/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let v = next_version(&mut r);
    (r, v)
}

fn next_version(r: &mut BufReader<TcpStream>) -> u64 {
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("event stream closed");
        }
        if let Some(v) = line.trim().strip_prefix("data: ") {
            return v.parse().unwrap();
        }
    }
}

fn atomic_save(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("md.tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn wait_for(port: u16, path: &str, needle: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if get(port, path).1.contains(needle) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn atomic_save_triggers_reload_event_and_new_content() {
    let hb = handbook(&[
        ("README.md", "# Home\n\n[a](a.md)\n"),
        ("a.md", "# Page A\n\nold text\n"),
    ]);
    let srv = start(hb.path());
    let (status, body) = get(srv.port, "/a.html");
    assert_eq!(status, 200);
    assert!(body.contains("old text"));
    assert!(
        body.contains("__waybook/livereload.js"),
        "reload script injected in serve mode"
    );
    let (mut ev, v0) = events(srv.port);
    atomic_save(&hb.path().join("a.md"), "# Page A\n\nfresh text\n");
    let v1 = next_version(&mut ev);
    assert!(v1 > v0);
    assert!(wait_for(srv.port, "/a.html", "fresh text"));
    // In-place save and a new file are picked up too.
    std::fs::write(hb.path().join("b.md"), "# Page B\n").unwrap();
    assert!(wait_for(srv.port, "/b.html", "Page B"));
}

#[test]
fn derived_files_follow_an_incremental_edit() {
    let hb = handbook(&[
        ("README.md", "# Home\n\n[a](a.md)\n"),
        ("a.md", "# Page A\n\nold text\n"),
        ("b.md", "# Page B\n"),
    ]);
    let srv = start(hb.path());
    let (status, json) = get(srv.port, "/handbook.json");
    assert_eq!(status, 200);
    assert!(!json.contains("\"dest\":\"b.md\""), "{json}");
    // A body-only edit re-renders incrementally; handbook.json, asked for
    // right away, already has the new link, and search soon finds the word.
    let (mut ev, _) = events(srv.port);
    atomic_save(
        &hb.path().join("a.md"),
        "# Page A\n\nzebra text, see [b](b.md)\n",
    );
    next_version(&mut ev);
    assert!(wait_for(srv.port, "/a.html", "zebra"));
    let (status, json) = get(srv.port, "/handbook.json");
    assert_eq!(status, 200);
    assert!(json.contains("\"dest\":\"b.md\""), "{json}");
    assert!(wait_for(srv.port, "/search/t-ze.json", "zebra"));
}

#[test]
fn only_site_files_are_served() {
    let hb = handbook(&[("README.md", "# Home\n")]);
    std::fs::write(hb.path().join("secret.txt"), "top secret").unwrap();
    let srv = start(hb.path());
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/secret.txt",
        "/README.md",
        "/C:/Windows/win.ini",
    ] {
        let (status, body) = get(srv.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{path}"
        );
    }
    assert_eq!(request(srv.port, "POST", "/", None).0, 405);
    assert_eq!(
        request(srv.port, "GET", "/", Some("evil.example:80")).0,
        403
    );
    assert_eq!(request(srv.port, "HEAD", "/", None).0, 200);
}

#[test]
fn broken_save_keeps_last_good_site_then_recovers() {
    let hb = handbook(&[("README.md", "# Home\n\ngood one\n")]);
    let srv = start(hb.path());
    let (mut ev, _) = events(srv.port);
    atomic_save(
        &hb.path().join("README.md"),
        "---\ntitle: [unclosed\n---\n# Home\n\nbroken two\n",
    );
    next_version(&mut ev);
    let (_, body) = get(srv.port, "/");
    assert!(body.contains("good one"), "last good site kept");
    let (_, status) = get(srv.port, "/__waybook/status");
    assert!(status.contains("invalid-yaml"), "{status}");
    atomic_save(&hb.path().join("README.md"), "# Home\n\nfixed three\n");
    assert!(wait_for(srv.port, "/", "fixed three"));
    let (_, status) = get(srv.port, "/__waybook/status");
    assert!(status.contains("\"overlay\":\"\""), "{status}");
}

/// Send a signal to the server process with `kill(1)`.
fn signal(server: &Server, sig: &str) {
    let pid = server.child.id().to_string();
    let ok = Command::new("kill").args([sig, &pid]).status().unwrap();
    assert!(ok.success());
}

/// Wait (bounded) for the server to exit; its exit code.
fn exit_within(server: &mut Server, limit: Duration) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = server.child.try_wait().unwrap() {
            return Some(status.code().unwrap_or(-1));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn ctrl_c_stops_the_server_while_a_live_reload_stream_is_open() {
    let hb = handbook(&[("README.md", "# Home\n")]);
    let mut server = start(hb.path());
    // A browser tab: the event stream stays open.
    let (mut stream, _) = events(server.port);
    signal(&server, "-INT");
    let code = exit_within(&mut server, Duration::from_secs(4));
    assert_eq!(code, Some(0), "serve did not stop gracefully on Ctrl-C");
    // The stream was ended by the server, not left hanging.
    let mut rest = String::new();
    let _ = stream.read_to_string(&mut rest);
}

#[test]
fn a_second_ctrl_c_exits_at_once() {
    let hb = handbook(&[("README.md", "# Home\n")]);
    let mut server = start(hb.path());
    let (_stream, _) = events(server.port);
    // A client that holds a plain connection open without a full request
    // keeps graceful shutdown waiting; the second signal ends it.
    let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(idle, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    signal(&server, "-INT");
    std::thread::sleep(Duration::from_millis(300));
    signal(&server, "-INT");
    let code = exit_within(&mut server, Duration::from_secs(3));
    assert!(code.is_some(), "serve ignored a second Ctrl-C");
}

#[test]
fn editing_an_included_file_or_a_raw_html_id_updates_other_pages() {
    let hb = handbook(&[
        (
            "README.md",
            "# Home\n\n```{include} part.md\n```\n\n[there](b.md#here)\n",
        ),
        ("part.md", "# Part\n\nold words\n"),
        ("b.md", "# B\n\n<span id=\"here\"></span>Text.\n"),
    ]);
    let srv = start(hb.path());
    assert!(get(srv.port, "/index.html").1.contains("old words"));
    let (mut ev, _) = events(srv.port);
    atomic_save(&hb.path().join("part.md"), "# Part\n\nnew words\n");
    next_version(&mut ev);
    assert!(
        wait_for(srv.port, "/index.html", "new words"),
        "the including page kept the old text"
    );
    // The raw-HTML id goes: the link to it is broken now, as a full build says.
    atomic_save(&hb.path().join("b.md"), "# B\n\n<span></span>Text.\n");
    next_version(&mut ev);
    assert!(
        wait_for(srv.port, "/__waybook/status", "broken-anchor"),
        "a removed raw-HTML id still satisfies the link: {}",
        get(srv.port, "/__waybook/status").1
    );
}
