//! `check --external`: fetches every external http(s) link once, with a small
//! pool of threads (one queue per host, so each host sees at most one request
//! at a time, spaced by a minimum interval), HEAD falling back to GET, and a
//! cache file so repeated runs only re-check links that failed or are older
//! than a day. Broken links become `external-link` warnings at every place
//! they are written. Runs after resolution, on its link records.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::code::Code;
use crate::diag::{Diagnostic, Span};

/// How to check.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Cache file (JSON); `None` disables caching.
    pub cache: Option<PathBuf>,
    /// Successful results younger than this are not re-checked.
    pub max_age: Duration,
    pub threads: usize,
    /// Minimum time between two requests to one host.
    pub per_host_interval: Duration,
    pub timeout: Duration,
}

impl Settings {
    pub(crate) fn for_handbook(root: &Path) -> Self {
        Settings {
            cache: crate::cache::folder(root).map(|d| d.join("external-links.json")),
            max_age: Duration::from_secs(24 * 3600),
            threads: 8,
            per_host_interval: Duration::from_millis(250),
            timeout: Duration::from_secs(15),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Entry {
    ok: bool,
    /// HTTP status, or 0 when the request failed.
    status: u16,
    error: Option<String>,
    /// Seconds since the epoch.
    checked: u64,
}

type Cache = BTreeMap<String, Entry>;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Check `links` (URL and every place it is written); returns diagnostics
/// for the broken ones and how many requests were made.
pub(crate) fn check(
    links: &BTreeMap<String, Vec<Span>>,
    settings: &Settings,
) -> (Vec<Diagnostic>, usize) {
    let mut cache: Cache = settings
        .cache
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let fresh_after = now().saturating_sub(settings.max_age.as_secs());
    let todo: Vec<&String> = links
        .keys()
        .filter(|u| !matches!(cache.get(*u), Some(e) if e.ok && e.checked >= fresh_after))
        .collect();
    let results = fetch_all(&todo, settings);
    let requests = results.len();
    for (url, entry) in results {
        cache.insert(url, entry);
    }
    if let Some(path) = &settings.cache {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(json) = serde_json::to_string_pretty(&cache) {
            crate::cache::write(path, json.as_bytes());
        }
    }
    let mut diags = Vec::new();
    for (url, spans) in links {
        let Some(e) = cache.get(url).filter(|e| !e.ok) else {
            continue;
        };
        let why = match (&e.error, e.status) {
            (Some(err), _) => err.clone(),
            (None, s) => format!("HTTP {s}"),
        };
        for span in spans {
            diags.push(
                Diagnostic::warning(
                    Code::ExternalLink,
                    format!("external link `{url}` is broken: {why}"),
                )
                .with_span(span.clone())
                .with_help("update or remove the link; results are cached in .waybook-cache/"),
            );
        }
    }
    (diags, requests)
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |x| x.1);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Fetch URLs with one queue per host and a fixed pool of threads.
fn fetch_all(urls: &[&String], settings: &Settings) -> Vec<(String, Entry)> {
    let mut by_host: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for u in urls {
        by_host.entry(host_of(u)).or_default().push(u);
    }
    let queues: Mutex<Vec<Vec<&String>>> = Mutex::new(by_host.into_values().collect());
    let results = Mutex::new(Vec::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("waybook-linkcheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let threads = settings.threads.max(1);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(queue) = queues.lock().map(|mut q| q.pop()).unwrap_or(None) {
                    let mut last: Option<Instant> = None;
                    for url in queue {
                        if let Some(t) = last {
                            let wait = settings.per_host_interval.saturating_sub(t.elapsed());
                            std::thread::sleep(wait);
                        }
                        last = Some(Instant::now());
                        let entry = fetch(&agent, url);
                        if let Ok(mut r) = results.lock() {
                            r.push((url.clone(), entry));
                        }
                    }
                }
            });
        }
    });
    let mut out = results.into_inner().unwrap_or_default();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn fetch(agent: &ureq::Agent, url: &str) -> Entry {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    let mut result = status(agent.head(url).call());
    // Some servers refuse HEAD: try GET before calling the link broken.
    if !matches!(result, Ok(s) if s < 400) {
        result = status(agent.get(url).call());
    }
    match result {
        Ok(s) => Entry {
            ok: s < 400,
            status: s,
            error: None,
            checked: now(),
        },
        Err(e) => Entry {
            ok: false,
            status: 0,
            error: Some(e),
            checked: now(),
        },
    }
}

/// The external http(s) links of a resolution, with every place they occur.
pub(crate) fn collect(res: &crate::resolve::Resolution) -> BTreeMap<String, Vec<Span>> {
    let mut out: BTreeMap<String, BTreeSet<Span>> = BTreeMap::new();
    for r in res.records() {
        if let crate::resolve::Target::External(u) = &r.target
            && (u.starts_with("http://") || u.starts_with("https://"))
        {
            let url = u.split('#').next().unwrap_or(u).to_string();
            out.entry(url).or_default().insert(r.span.clone());
        }
    }
    out.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A tiny HTTP server: /ok → 200, /nohead → 405 on HEAD and 200 on GET,
    /// anything else → 404. Counts requests.
    fn server() -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let count = Arc::new(AtomicUsize::new(0));
        let c = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let _ = reader.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("");
                let path = parts.next().unwrap_or("");
                let status = match (method, path) {
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/nohead") => "405 Method Not Allowed",
                    ("GET", "/nohead") => "200 OK",
                    _ => "404 Not Found",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        (base, count)
    }

    #[test]
    fn checks_links_against_a_local_server_with_cache() {
        let (base, count) = server();
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            cache: Some(dir.path().join("cache.json")),
            max_age: Duration::from_secs(3600),
            threads: 2,
            per_host_interval: Duration::from_millis(20),
            timeout: Duration::from_secs(5),
        };
        let mut links = BTreeMap::new();
        for p in ["/ok", "/nohead", "/missing"] {
            links.insert(
                format!("{base}{p}"),
                vec![Span::file(format!("docs{p}.md"))],
            );
        }
        let (diags, requests) = check(&links, &settings);
        assert_eq!(requests, 3);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::ExternalLink);
        assert!(diags[0].message.contains("/missing") && diags[0].message.contains("404"));
        // Second run: the two good links come from the cache; only the broken one is retried.
        let before = count.load(Ordering::SeqCst);
        let (diags, requests) = check(&links, &settings);
        assert_eq!(requests, 1);
        assert_eq!(diags.len(), 1);
        let made = count.load(Ordering::SeqCst) - before;
        assert_eq!(made, 2, "HEAD then GET for the broken link only");
    }

    #[test]
    fn requests_to_one_host_are_spaced() {
        let (base, _) = server();
        let settings = Settings {
            cache: None,
            max_age: Duration::ZERO,
            threads: 4,
            per_host_interval: Duration::from_millis(100),
            timeout: Duration::from_secs(5),
        };
        let links: BTreeMap<String, Vec<Span>> = (0..4)
            .map(|i| (format!("{base}/ok?{i}"), vec![Span::file("a.md")]))
            .collect();
        let start = Instant::now();
        let (_, requests) = check(&links, &settings);
        assert_eq!(requests, 4);
        assert!(
            start.elapsed() >= Duration::from_millis(300),
            "{:?}",
            start.elapsed()
        );
    }
}
