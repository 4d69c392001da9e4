//! `waybook serve`: builds the handbook in memory, serves it over HTTP on
//! localhost, watches the folder and pushes a reload to open pages after each
//! rebuild (server-sent events). Only files of the built site are served (the
//! server looks paths up in the in-memory file set, so no request can reach
//! the disk); Host headers other than the bound address are refused; a broken
//! save keeps the last good site and shows its diagnostics in an overlay.
//! Sits on top of the pipeline (`build`) and the output file set.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};
use tokio::sync::broadcast;

use crate::build::{self, Change, Options, Session};
use crate::diag::{self, Diagnostic, Format, Severity};
use crate::highlight::Highlighter;
use crate::output::SiteFiles;

/// Where the live-reload script is served (relative to the site root).
pub(crate) const RELOAD_SCRIPT: &str = "__waybook/livereload.js";
const EVENTS: &str = "/__waybook/events";
const JSON: &str = "handbook.json";
/// How long saves must pause before the search index is rebuilt.
const SEARCH_QUIET: Duration = Duration::from_millis(150);

pub(crate) struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub host: String,
    pub open: bool,
    pub poll: bool,
}

/// What the server serves; swapped whole after each rebuild.
#[derive(Default)]
pub(crate) struct SiteState {
    pub files: SiteFiles,
    pub version: u64,
    /// Errors of the latest build, as overlay HTML (empty when clean).
    pub overlay: String,
    /// Whether `files` is the session's as of the last publish (a broken
    /// save keeps the last good site, which later saves cannot patch).
    pub synced: bool,
}

/// Shared between the HTTP server and the rebuild loop.
#[derive(Clone)]
pub(crate) struct Shared {
    pub state: Arc<RwLock<SiteState>>,
    pub events: broadcast::Sender<u64>,
    /// Host names accepted in the Host header.
    pub allowed_hosts: Arc<Vec<String>>,
    /// The built handbook the site comes from (`None` until the first build).
    pub session: Arc<std::sync::Mutex<Option<Session>>>,
    /// Set to `true` on shutdown: open live-reload streams end, so the
    /// server can stop without waiting for browser tabs to close.
    pub stop: Arc<tokio::sync::watch::Sender<bool>>,
}

impl Shared {
    pub(crate) fn new(allowed_hosts: Vec<String>) -> Self {
        let (events, _) = broadcast::channel(16);
        Shared {
            state: Arc::new(RwLock::new(SiteState::default())),
            events,
            allowed_hosts: Arc::new(allowed_hosts),
            session: Arc::new(std::sync::Mutex::new(None)),
            stop: Arc::new(tokio::sync::watch::channel(false).0),
        }
    }
}

/// Run the server until interrupted.
pub(crate) fn run(opts: ServeOptions) -> ExitCode {
    let root = opts.root.clone();
    if !root.is_dir() {
        eprintln!("error: {}", build::Fatal::NotADirectory(root));
        return ExitCode::from(2);
    }
    if opts.host != "127.0.0.1" && opts.host != "localhost" && opts.host != "::1" {
        eprintln!(
            "warning: serving on {} makes your drafts reachable from other machines; the default is 127.0.0.1",
            opts.host
        );
    }
    let addr: SocketAddr = match format!("{}:{}", opts.host, opts.port).parse().or_else(|_| {
        std::net::ToSocketAddrs::to_socket_addrs(&(opts.host.as_str(), opts.port))
            .ok()
            .and_then(|mut a| a.next())
            .ok_or(())
    }) {
        Ok(a) => a,
        Err(()) => {
            eprintln!("error: cannot use host `{}`", opts.host);
            return ExitCode::from(2);
        }
    };
    let listener = match std::net::TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}\nhelp: pick another port with --port");
            return ExitCode::from(2);
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    let shared = Shared::new(allowed_hosts(&opts.host, local.port()));
    let rebuilder = Rebuilder::new(root.clone());
    rebuilder.rebuild(&shared, None);
    let url = format!(
        "http://{}:{}/",
        if opts.host == "0.0.0.0" {
            "localhost"
        } else {
            &opts.host
        },
        local.port()
    );
    eprintln!("Serving {} at {url} (Ctrl-C to stop)", root.display());
    if opts.open {
        open_browser(&url);
    }
    let watch_shared = shared.clone();
    let poll = opts.poll;
    let _watcher = match watch(root, poll, move |paths: Vec<String>| {
        rebuilder.rebuild(&watch_shared, Some(&paths))
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch the folder: {e}\nhelp: try --poll");
            return ExitCode::from(2);
        }
    };
    match serve_blocking(listener, shared) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: server stopped: {e}");
            ExitCode::from(2)
        }
    }
}

fn allowed_hosts(host: &str, port: u16) -> Vec<String> {
    let mut names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "[::1]".to_string(),
    ];
    if !names.iter().any(|n| n == host) && host != "0.0.0.0" && host != "::" {
        names.push(if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        });
    }
    let mut out = Vec::new();
    for n in names {
        out.push(format!("{n}:{port}"));
        out.push(n);
    }
    out
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser; visit {url}");
    }
}

/// Keeps the built handbook in memory, applies changes to it and publishes
/// the result.
pub(crate) struct Rebuilder {
    opts: Options,
    hl: Highlighter,
    /// Generation of the latest update, for background work to tell it is
    /// out of date without taking the session lock.
    latest: Arc<AtomicU64>,
}

impl Rebuilder {
    pub(crate) fn new(root: PathBuf) -> Self {
        Rebuilder {
            opts: Options {
                exclude: vec![root.join("public")],
                root,
                live_reload: Some(RELOAD_SCRIPT.to_string()),
                today: build::today(),
                git: false,
                ..Options::default()
            },
            hl: Highlighter::new(),
            latest: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Apply `changed` (handbook-relative paths; `None`: build from scratch)
    /// and, unless the save is broken, swap the new site in and notify
    /// clients. Prints one line per rebuild.
    pub(crate) fn rebuild(&self, shared: &Shared, changed: Option<&[String]>) {
        let start = Instant::now();
        let mut guard = shared.session.lock().unwrap_or_else(|p| p.into_inner());
        let change = match (guard.as_mut(), changed) {
            (Some(s), Some(ch)) => s.update(ch, &self.hl),
            _ => Session::new(&self.opts, &self.hl).map(|s| {
                *guard = Some(s);
                Change::Full
            }),
        };
        let change = match change {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return;
            }
        };
        let Some(session) = guard.as_mut() else {
            return;
        };
        let (errors, warnings) = diag::counts(&session.diagnostics);
        let broken = session
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.code.breaks_preview());
        let published = publish(shared, session, broken);
        let ms = start.elapsed().as_millis();
        let what = match changed {
            None => "initial build".to_string(),
            Some(ch) if ch.len() > 3 => format!("{} files", ch.len()),
            Some(ch) => ch.join(", "),
        };
        let how = match change {
            Change::Incremental(n) => {
                format!("{n} page{} re-rendered", if n == 1 { "" } else { "s" })
            }
            Change::Full => "full rebuild".to_string(),
        };
        let status = if !published {
            format!("kept the last good site: {errors} errors")
        } else if errors + warnings > 0 {
            format!("{errors} errors, {warnings} warnings")
        } else {
            "ok".to_string()
        };
        eprintln!("rebuilt ({what}) in {ms} ms, {how}: {status}");
        if errors > 0 {
            let text = diag::render(
                &session.diagnostics,
                Format::Human,
                &session.sources(),
                false,
            );
            let first: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
            eprintln!("{first}");
        }
        // The search index follows after the reload, built on another thread
        // so the next save is not kept waiting; handbook.json is made when
        // it is asked for (see `fresh_json`).
        let generation = session.generation;
        self.latest.store(generation, Ordering::SeqCst);
        if published && (session.derived_stale || !session.lang_search_stale.is_empty()) {
            drop(guard);
            let cell = Arc::clone(&shared.session);
            let (shared, latest) = (shared.clone(), Arc::clone(&self.latest));
            std::thread::spawn(move || refresh_search(&cell, &shared, &latest, generation));
        }
    }
}

/// Once saves pause, rebuild the search index of session `generation` on one
/// core (the other stays free for the next save) and install it, unless the
/// session moved on meanwhile (then the newer update's own refresh does it).
fn refresh_search(
    cell: &std::sync::Mutex<Option<Session>>,
    shared: &Shared,
    latest: &AtomicU64,
    generation: u64,
) {
    let current = || latest.load(Ordering::SeqCst) == generation;
    std::thread::sleep(SEARCH_QUIET);
    if !current() {
        return;
    }
    // The default language's records when its index lags, then each
    // language's whose index lags (a doc shown untranslated changed).
    let (records, langs) = {
        let guard = cell.lock().unwrap_or_else(|p| p.into_inner());
        let Some(session) = guard.as_ref().filter(|s| s.generation == generation) else {
            return;
        };
        let records: Option<Vec<_>> = session.derived_stale.then(|| {
            (session.search_records().into_iter())
                .map(crate::search::Record::into_owned)
                .collect()
        });
        (records, session.stale_lang_records())
    };
    let build = |records: &[crate::search::Record<'_>]| match rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
    {
        Ok(pool) => pool.install(|| crate::search::build(records)),
        Err(_) => crate::search::build(records),
    };
    let index = records.map(|r| build(&r));
    let lang_indexes: Vec<_> = (langs.into_iter())
        .map(|(lang, r)| (lang, build(&r)))
        .collect();
    let mut guard = cell.lock().unwrap_or_else(|p| p.into_inner());
    let Some(session) = guard.as_mut().filter(|s| s.generation == generation) else {
        return;
    };
    if let Some(index) = index {
        session.install_search(index);
    }
    for (lang, index) in lang_indexes {
        session.install_search_of(lang, index);
    }
    let mut st = shared.state.write().unwrap_or_else(|p| p.into_inner());
    st.files = session.files.clone();
}

/// `handbook.json` of the current session, made now if an incremental
/// update left it out, and published with the site.
fn fresh_json(shared: &Shared) -> Option<Vec<u8>> {
    let mut guard = shared.session.lock().unwrap_or_else(|p| p.into_inner());
    let session = guard.as_mut()?;
    if !session.files.contains_key(JSON) {
        session.refresh_json();
    }
    let data = session.files.get(JSON)?.clone();
    let bytes = data.read().ok()?.into_owned();
    let mut st = shared.state.write().unwrap_or_else(|p| p.into_inner());
    st.files.insert(JSON.into(), data);
    Some(bytes)
}

/// Publish the session's site (unless the save is broken and a good site
/// exists) and its overlay, then notify clients. Returns whether the files
/// were swapped in.
fn publish(shared: &Shared, session: &Session, broken: bool) -> bool {
    let overlay = overlay_html(&session.diagnostics);
    let (version, swapped) = {
        let mut st = shared.state.write().unwrap_or_else(|p| p.into_inner());
        let swap = !broken || st.files.is_empty();
        // An incremental update names the files it changed: copying those
        // beats copying the whole site (30k paths at 10k pages: 20 ms).
        match (&session.touched, swap && st.synced) {
            (Some(touched), true) => {
                for path in touched {
                    match session.files.get(path) {
                        Some(data) => st.files.insert(path.clone(), data.clone()),
                        None => st.files.remove(path),
                    };
                }
            }
            _ if swap => {
                let old = std::mem::replace(&mut st.files, session.files.clone());
                // Freed off the save's path.
                std::thread::spawn(move || drop(old));
            }
            _ => {}
        }
        st.synced = swap;
        st.overlay = overlay;
        st.version += 1;
        (st.version, swap)
    };
    let _ = shared.events.send(version);
    swapped
}

fn overlay_html(diags: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return String::new();
    }
    let mut s = String::from("<ul>");
    for d in errors.iter().take(50) {
        let at = d
            .span
            .as_ref()
            .map(|sp| format!("{}:{}:{}: ", sp.file, sp.line, sp.column))
            .unwrap_or_default();
        s.push_str(&format!(
            "<li><code>{}</code> {}{}</li>",
            crate::html::escape(d.code.as_str()),
            crate::html::escape(&at),
            crate::html::escape(&d.message)
        ));
    }
    s.push_str("</ul>");
    s
}

/// Whether a changed path should trigger a rebuild.
pub(crate) fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut comps = rel.components().peekable();
    if let Some(first) = comps.peek()
        && first.as_os_str() == "public"
    {
        return false;
    }
    rel.components()
        .all(|c| !crate::source::is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// Watch `root` recursively and call `on_change` with a short description of
/// what changed, once per debounced burst of relevant events.
pub(crate) fn watch<F>(
    root: PathBuf,
    poll: bool,
    on_change: F,
) -> Result<Box<dyn std::any::Any + Send>, notify::Error>
where
    F: Fn(Vec<String>) + Send + 'static,
{
    let root_c = root.canonicalize().unwrap_or_else(|_| root.clone());
    let handler = move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        let mut changed: Vec<String> = Vec::new();
        for ev in &events {
            use notify::EventKind;
            use notify::event::{MetadataKind, ModifyKind};
            if matches!(
                ev.kind,
                EventKind::Access(_)
                    | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
            ) {
                continue;
            }
            for p in &ev.paths {
                let p = p.canonicalize().unwrap_or_else(|_| p.clone());
                if is_relevant(&root_c, &p) {
                    let rel = crate::source::rel_path(&root_c, &p);
                    if !changed.contains(&rel) {
                        changed.push(rel);
                    }
                }
            }
        }
        if !changed.is_empty() {
            changed.sort();
            on_change(changed);
        }
    };
    // A save is one burst of events (an editor's write, or its temporary
    // file and rename) a millisecond or two long; 10 ms of quiet ends it,
    // checked every 5 ms, so a save reaches the rebuild in 10-15 ms. A
    // burst split in two costs one more incremental rebuild, not a wrong
    // page.
    let timeout = Duration::from_millis(10);
    if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
            timeout,
            None,
            handler,
            notify_debouncer_full::NoCache::new(),
            config,
        )?;
        d.watch(&root, RecursiveMode::Recursive)?;
        Ok(Box::new(d))
    } else {
        let mut d = new_debouncer(timeout, Some(Duration::from_millis(5)), handler)?;
        d.watch(&root, RecursiveMode::Recursive)?;
        Ok(Box::new(d))
    }
}

/// Serve on `listener` until Ctrl-C, on a single-threaded runtime.
pub(crate) fn serve_blocking(
    listener: std::net::TcpListener,
    shared: Shared,
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let stop = shared.stop.clone();
        let app = axum::Router::new().fallback(handle).with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown(stop))
            .await
    })
}

/// Resolves on the first Ctrl-C (or SIGTERM), after telling open event
/// streams to end; a second signal, or connections still open after a few
/// seconds, exit the process at once.
async fn shutdown(stop: Arc<tokio::sync::watch::Sender<bool>>) {
    interrupted().await;
    eprintln!("Stopping (Ctrl-C again to quit at once)");
    stop.send_replace(true);
    tokio::spawn(async {
        tokio::select! {
            () = interrupted() => {}
            () = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
        std::process::exit(130);
    });
}

/// The next Ctrl-C, or on Unix SIGTERM.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

async fn handle(
    axum::extract::State(shared): axum::extract::State<Shared>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Some(refused) = refuse(&shared, &method, &headers) {
        return refused;
    }
    let path = uri.path();
    if path == EVENTS {
        return events(shared);
    }
    if path == format!("/{RELOAD_SCRIPT}") {
        return asset_response(
            StatusCode::OK,
            "application/javascript; charset=utf-8",
            LIVE_RELOAD_JS.as_bytes().to_vec(),
            &method,
        );
    }
    if path == "/__waybook/status" {
        let st = shared.state.read().unwrap_or_else(|p| p.into_inner());
        let body = serde_json::json!({"version": st.version, "overlay": st.overlay}).to_string();
        return asset_response(
            StatusCode::OK,
            "application/json",
            body.into_bytes(),
            &method,
        );
    }
    let key = site_path(path);
    if key.as_deref() == Some(JSON) {
        let stale = !(shared.state.read())
            .unwrap_or_else(|p| p.into_inner())
            .files
            .contains_key(JSON);
        if stale {
            let s = shared.clone();
            if let Ok(Some(bytes)) = tokio::task::spawn_blocking(move || fresh_json(&s)).await {
                return asset_response(StatusCode::OK, "application/json", bytes, &method);
            }
        }
    }
    let st = shared.state.read().unwrap_or_else(|p| p.into_inner());
    match key.and_then(|p| lookup(&st.files, &p)) {
        Some((key, bytes)) => asset_response(
            StatusCode::OK,
            crate::output::content_type(&key),
            bytes,
            &method,
        ),
        None => {
            let body = st
                .files
                .get("404.html")
                .and_then(|f| f.read().ok().map(|b| b.into_owned()))
                .unwrap_or_else(|| b"not found\n".to_vec());
            asset_response(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                body,
                &method,
            )
        }
    }
}

/// A request the server does not answer: a method other than GET and HEAD,
/// or a Host header naming another site (DNS rebinding).
fn refuse(shared: &Shared, method: &Method, headers: &HeaderMap) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return Some(
            (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, "GET, HEAD")],
                "method not allowed\n",
            )
                .into_response(),
        );
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !shared
        .allowed_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host))
    {
        return Some(
            (StatusCode::FORBIDDEN, "forbidden: unexpected Host header\n").into_response(),
        );
    }
    None
}

/// Map a URL path to a site file key, or `None` for anything suspicious:
/// `..` segments, backslashes, NUL, encoded separators, absolute drive paths.
pub(crate) fn site_path(raw: &str) -> Option<String> {
    let decoded = crate::resolve::percent_decode(raw);
    if decoded.contains('\\')
        || decoded.contains('\0')
        || raw.contains("%2f")
        || raw.contains("%2F")
        || raw.contains("%5c")
        || raw.contains("%5C")
    {
        return None;
    }
    let trimmed = decoded.strip_prefix('/')?;
    let mut parts = Vec::new();
    for seg in trimmed.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            // A drive (`C:`) could name another disk; other colons are
            // plain file names (`a:b.html`): keys are looked up in memory.
            s if s.len() == 2 && s.ends_with(':') => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn lookup(files: &SiteFiles, key: &str) -> Option<(String, Vec<u8>)> {
    let candidates = [
        key.to_string(),
        format!("{key}/index.html"),
        format!("{key}.html"),
    ];
    for c in candidates {
        if let Some(f) = files.get(&c) {
            return f.read().ok().map(|b| (c, b.into_owned()));
        }
    }
    None
}

fn asset_response(status: StatusCode, mime: &str, body: Vec<u8>, method: &Method) -> Response {
    let len = body.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// Server-sent events: sends the current version on connect, then one event
/// per rebuild. The client reloads when the version changes.
fn events(shared: Shared) -> Response {
    let rx = shared.events.subscribe();
    let stop = shared.stop.subscribe();
    let current = shared.state.read().map(|s| s.version).unwrap_or(0);
    let first = format!("retry: 500\nevent: version\ndata: {current}\n\n");
    let start = (rx, stop, Some(first));
    let stream = futures_util::stream::unfold(start, |(mut rx, mut stop, first)| async move {
        if *stop.borrow() {
            return None;
        }
        if let Some(f) = first {
            return Some((Ok::<_, std::convert::Infallible>(f), (rx, stop, None)));
        }
        loop {
            let next = tokio::select! {
                _ = stop.wait_for(|s| *s) => return None,
                r = tokio::time::timeout(Duration::from_secs(15), rx.recv()) => r,
            };
            let text = match next {
                Ok(Ok(v)) => format!("event: version\ndata: {v}\n\n"),
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => continue,
                Ok(Err(broadcast::error::RecvError::Closed)) => return None,
                Err(_) => ": keep-alive\n\n".to_string(),
            };
            return Some((Ok(text), (rx, stop, None)));
        }
    });
    let mut r = Response::new(Body::from_stream(stream));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The live-reload client: listens for new versions, reloads the page the
/// reader is on keeping the scroll position, and shows build errors in an
/// overlay. Reconnects by itself after a server restart (EventSource retry).
pub(crate) const LIVE_RELOAD_JS: &str = r#"(function () {
  'use strict';
  var root = document.documentElement.getAttribute('data-root') || '';
  var key = 'waybook-scroll:' + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseInt(saved, 10) || 0); }
  } catch (e) {}
  var seen = null;
  function overlay() {
    fetch(root + '__waybook/status', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
      var el = document.getElementById('waybook-overlay');
      if (!s.overlay) { if (el) el.remove(); return; }
      if (!el) {
        el = document.createElement('div');
        el.id = 'waybook-overlay';
        el.setAttribute('role', 'alert');
        document.body.appendChild(el);
      }
      el.innerHTML = '<button type="button" class="overlay-close" aria-label="Close">×</button><strong>waybook: build errors</strong>' + s.overlay;
      el.querySelector('.overlay-close').addEventListener('click', function () { el.remove(); });
    }).catch(function () {});
  }
  function connect() {
    var es = new EventSource(root + '__waybook/events');
    es.addEventListener('version', function (ev) {
      var v = ev.data;
      if (seen === null) { seen = v; overlay(); return; }
      if (v !== seen) {
        try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
        location.reload();
      }
    });
  }
  connect();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_reject_traversal() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/docs/").as_deref(), Some("docs/index.html"));
        assert_eq!(site_path("/docs/a.html").as_deref(), Some("docs/a.html"));
        assert_eq!(site_path("/a%20b.html").as_deref(), Some("a b.html"));
        // Every name the build writes, as the site encodes it.
        assert_eq!(
            site_path("/javascript%3Aalert(document.domain).html").as_deref(),
            Some("javascript:alert(document.domain).html")
        );
        assert_eq!(
            site_path("/a%23b%3F%25%20%C3%A9.html").as_deref(),
            Some("a#b?% é.html")
        );
        for bad in [
            "/../etc/passwd",
            "/docs/../../x",
            "/%2e%2e/x",
            "/..%2fx",
            "/a\\..\\b",
            "/C:/x",
            "/%00",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn relevance_filter() {
        let root = Path::new("/hb");
        assert!(is_relevant(root, Path::new("/hb/docs/a.md")));
        assert!(!is_relevant(root, Path::new("/hb/public/index.html")));
        assert!(!is_relevant(root, Path::new("/hb/docs/.a.md.swp")));
        assert!(!is_relevant(root, Path::new("/hb/docs/a.md~")));
        assert!(!is_relevant(root, Path::new("/elsewhere/a.md")));
    }

    #[test]
    fn hosts() {
        let h = allowed_hosts("127.0.0.1", 3000);
        assert!(h.contains(&"localhost:3000".to_string()));
        assert!(!h.iter().any(|x| x.contains("evil")));
    }
}
