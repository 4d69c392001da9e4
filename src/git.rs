//! The handbook's git history, without linking a git library: one pass of
//! `git log` over the handbook folder (mailmap honoured, NUL-separated),
//! read from both ends at once by two processes that stop where they meet,
//! becomes a typed [`History`]: every commit with its author, date, subject
//! and files, and derived from it the newest commit date per file ("last
//! updated") and the people who changed each file; `build` keeps it in
//! the handbook's cache folder for the next build of the same commit
//! ([`cache`]). Silent when git is missing or the folder is not in a
//! repository; warns for a shallow clone, whose dates and contributors
//! would be wrong. Runs beside the pipeline; the result feeds page
//! metadata, credits and `handbook.json`.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};

use rustc_hash::FxHashMap;

mod cache;

use crate::code::Code;
use crate::diag::Diagnostic;

/// How a run uses the git history cache (`build::Options::git_cache`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GitCache {
    /// Always run `git log`; keep nothing (tests, `--no-cache`).
    #[default]
    Off,
    /// Read a cached history, never write one (`check`, which writes nothing).
    Read,
    /// Read a cached history and keep the one read (`build`).
    Keep,
}

/// One commit that touched the handbook folder (merges, which change no
/// file of their own, are not listed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Commit {
    pub hash: String,
    /// Committer date, ISO 8601 with offset (`2026-11-20T10:00:00+01:00`).
    pub date: String,
    /// Author name and email after `.mailmap` (one copy per reader of
    /// the log, shared by their commits).
    pub author_name: Arc<str>,
    pub author_email: Arc<str>,
    pub subject: String,
    /// Handbook-relative paths the commit changed.
    pub files: Vec<String>,
}

/// Someone who changed a file: the identity git reports after `.mailmap`
/// (shared by every file they changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Author {
    pub name: Arc<str>,
    pub email: Arc<str>,
    /// Commits of theirs that touched the file.
    pub commits: usize,
}

/// The handbook's history, newest commit first.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    pub commits: Vec<Commit>,
    /// Handbook-relative path → `YYYY-MM-DD` of the newest commit touching it.
    pub last_updated: BTreeMap<String, String>,
    /// Handbook-relative path → the authors who changed it, in the order of
    /// their first commit to it (the file's creator first). An author is one
    /// email, compared without case.
    pub contributors: BTreeMap<String, Vec<Author>>,
}

impl History {
    /// Whether git gave anything (a repository with commits).
    pub(crate) fn is_empty(&self) -> bool {
        self.commits.is_empty()
    }
}

/// A history being read on its own thread (see [`start`]).
pub(crate) struct Pending(std::thread::JoinHandle<(History, Vec<Diagnostic>)>);

/// Start reading the history of `root` beside the rest of the build: the
/// `git log` of a long history takes seconds of git's own time, which then
/// overlaps with loading and checking the handbook.
pub(crate) fn start(root: &Path, cache: GitCache) -> Pending {
    let root = root.to_path_buf();
    Pending(std::thread::spawn(move || {
        let mut diags = Vec::new();
        let h = history(&root, cache, &mut diags);
        (h, diags)
    }))
}

impl Pending {
    /// Wait for the history; its diagnostics go to `diags`.
    pub(crate) fn finish(self, diags: &mut Vec<Diagnostic>) -> History {
        match self.0.join() {
            Ok((h, d)) => {
                diags.extend(d);
                h
            }
            Err(_) => History::default(),
        }
    }
}

/// Read the history of the handbook folder `root` with one `git log`.
///
/// A handbook at the root of its repository is logged without a pathspec:
/// `-- .` would make git diff every commit's tree twice (once to decide
/// whether the commit touches the folder, once for `--name-only`), a third
/// of its time on a long history. A handbook in a folder keeps `-- .` only
/// when most recent commits change other folders (see [`mostly_elsewhere`]):
/// then it lets git skip the trees of those commits. `--relative` gives
/// file names from the handbook folder, and commits that change nothing in
/// it (merges, other folders' commits) are dropped while parsing. With
/// `cache`, the commits come from the handbook's cache folder when it holds
/// those of the same HEAD and mailmap, and are kept there otherwise (see
/// [`cache`]).
pub(crate) fn history(root: &Path, cache: GitCache, diags: &mut Vec<Diagnostic>) -> History {
    let Some(facts) = git(
        root,
        &[
            "rev-parse",
            "--show-prefix",
            "--is-shallow-repository",
            "--show-toplevel",
            "HEAD",
        ],
    ) else {
        return History::default();
    };
    let mut facts = facts.lines().map(str::trim);
    let prefix = facts.next().unwrap_or("");
    let at_root = prefix.is_empty();
    let shallow = facts.next() == Some("true");
    if shallow {
        diags.push(
            Diagnostic::warning(Code::ShallowClone, "the repository is a shallow clone, so \"last updated\" dates and contributors may be wrong")
                .with_help("fetch the full history (actions/checkout: `fetch-depth: 0`), or set `last_updated: false` in handbook.yml"),
        );
    }
    let (top, head) = (facts.next().unwrap_or(""), facts.next().unwrap_or(""));
    // A shallow clone's history is about to change: not worth keeping.
    let shape = (cache != GitCache::Off && !shallow && !head.is_empty())
        .then(|| cache::Shape::new(root, top, prefix, &LOG))
        .flatten();
    let cached = shape.as_ref().and_then(|s| cache::load(root, s));
    let (commits, fresh) = match cached {
        Some(c) if c.head == head => (Some(c.commits), false),
        c => {
            let pathspec = !at_root && mostly_elsewhere(root);
            // With a pathspec, which commits git shows depends on its
            // simplification of the whole walk: read it all again.
            let grown = c.filter(|_| !pathspec).and_then(|c| since(root, c, head));
            (grown.or_else(|| whole(root, head, pathspec)), true)
        }
    };
    let Some(commits) = commits else {
        return History::default();
    };
    let history = from_commits(commits);
    if let (true, GitCache::Keep, Some(s)) = (fresh, cache, &shape) {
        cache::store(root, s, head, &history.commits);
    }
    history
}

/// The whole log up to `head` (the commit the cache will name, not `HEAD`
/// again: a commit made meanwhile is not kept under the older one), read
/// from both ends.
fn whole(root: &Path, head: &str, pathspec: bool) -> Option<Vec<Commit>> {
    let mut args = LOG.to_vec();
    if !head.is_empty() {
        args.push(head);
    }
    if pathspec {
        args.extend(["--", "."]);
    }
    both_ends(root, &args)
}

/// The log up to `head` from the `cached` log of one of its ancestors:
/// one `git log` of the commits since, then every commit put in the order
/// the whole log would give (`git rev-list`, no diffs: a tenth of the
/// log's time), so a merge of older commits lands where it belongs.
/// `None` when the cached commit is not an ancestor (history rewritten).
fn since(root: &Path, cached: cache::Cached, head: &str) -> Option<Vec<Commit>> {
    git(root, &["merge-base", "--is-ancestor", &cached.head, head])?;
    let range = format!("{}..{head}", cached.head);
    let mut args = LOG.to_vec();
    args.push(&range);
    let log = git(root, &args)?;
    let order = git(root, &["rev-list", "--no-merges", head])?;
    let place: HashMap<&str, usize> = order.lines().enumerate().map(|(i, h)| (h, i)).collect();
    let mut shared = Shared::default();
    let mut all: Vec<Commit> = (log.split('\u{1e}'))
        .filter_map(|r| parse_commit(r, &mut shared))
        .collect();
    all.extend(cached.commits);
    all.sort_by_key(|c| place.get(c.hash.as_str()).copied().unwrap_or(usize::MAX));
    Some(all)
}

/// The `git log` of [`history`], before its revision and pathspec.
const LOG: [&str; 10] = [
    "-c",
    "core.quotepath=off",
    "log",
    "-z",
    "--use-mailmap",
    "--format=%x1e%H%x1f%cI%x1f%aN%x1f%aE%x1f%s",
    "--name-only",
    "--no-renames",
    "--no-merges",
    "--relative",
];

/// How many of the newest commits [`mostly_elsewhere`] looks at.
const SAMPLE: usize = 200;

/// Whether most of the newest commits of the repository change nothing
/// in the folder `root` (a docs folder in a code repository), so a
/// pathspec saves git more than the second diff it costs. Reads the
/// newest [`SAMPLE`] commits' file names, a few milliseconds of git.
fn mostly_elsewhere(root: &Path) -> bool {
    let n = SAMPLE.to_string();
    let args = [
        "log",
        "-z",
        "-n",
        &n,
        "--format=%x1e",
        "--name-only",
        "--no-renames",
        "--no-merges",
        "--relative",
    ];
    let Some(out) = git(root, &args) else {
        return true;
    };
    let records: Vec<&str> = out.split('\u{1e}').skip(1).collect();
    let inside = (records.iter())
        .filter(|r| {
            r.split('\0')
                .any(|f| !f.trim_start_matches('\n').is_empty())
        })
        .count();
    inside * 2 < records.len()
}

/// Parse `git log -z` output in the format above (file names relative to
/// the handbook folder); commits that changed no file are left out.
#[cfg(test)]
fn from_log(log: &str) -> History {
    let mut shared = Shared::default();
    from_commits(
        (log.split('\u{1e}'))
            .filter_map(|r| parse_commit(r, &mut shared))
            .collect(),
    )
}

/// The history from the commits, newest first.
///
/// One walk, oldest commit first: each commit's author is numbered once
/// (by email, without ASCII case), so a file's authors are a short list
/// of numbers to look through, and the final lists share the commits'
/// names and addresses instead of copying them. The dates and authors
/// are those [`History`]'s fields describe.
fn from_commits(commits: Vec<Commit>) -> History {
    let commits: Vec<Commit> = commits
        .into_iter()
        .filter(|c| !c.files.is_empty())
        .collect();
    let mut ids = AuthorIds::default();
    let mut files: FxHashMap<&str, FileLog> = FxHashMap::default();
    for (i, c) in commits.iter().enumerate().rev() {
        let who = ids.of(&c.author_email);
        for f in &c.files {
            let log = files.entry(f).or_default();
            // Oldest first: the last commit seen is the newest.
            log.newest = i;
            match log.authors.iter_mut().find(|a| a.who == who) {
                Some(a) => a.commits += 1,
                None => log.authors.push(FileAuthor {
                    who,
                    first: i,
                    commits: 1,
                }),
            }
        }
    }
    let mut last_updated = BTreeMap::new();
    let mut contributors = BTreeMap::new();
    for (f, log) in files {
        let date = &commits[log.newest].date;
        last_updated.insert(f.to_string(), date.get(..10).unwrap_or(date).to_string());
        let authors = (log.authors.iter())
            .map(|a| Author {
                name: Arc::clone(&commits[a.first].author_name),
                email: Arc::clone(&commits[a.first].author_email),
                commits: a.commits,
            })
            .collect();
        contributors.insert(f.to_string(), authors);
    }
    History {
        commits,
        last_updated,
        contributors,
    }
}

/// One file's part of the walk in [`from_commits`].
#[derive(Default)]
struct FileLog {
    /// The newest commit (an index into the commits) that changed it.
    newest: usize,
    /// In the order of their first change to it.
    authors: Vec<FileAuthor>,
}

struct FileAuthor {
    who: usize,
    /// The author's first commit to the file: their name and email as
    /// that commit gives them.
    first: usize,
    commits: usize,
}

/// A number per author email, compared without ASCII case.
#[derive(Default)]
struct AuthorIds<'a> {
    /// As written in the log (most commits repeat an address exactly).
    exact: FxHashMap<&'a str, usize>,
    lower: FxHashMap<String, usize>,
}

impl<'a> AuthorIds<'a> {
    fn of(&mut self, email: &'a str) -> usize {
        if let Some(&id) = self.exact.get(email) {
            return id;
        }
        let next = self.lower.len();
        let id = *self.lower.entry(email.to_ascii_lowercase()).or_insert(next);
        self.exact.insert(email, id);
        id
    }
}

/// Which end of the history a reader walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Newest,
    Oldest,
}

/// Run `git log ARGS` twice at once, one newest first and one with
/// `--reverse`, and stop both where they meet: each commit is claimed by
/// the first reader to parse it, and a reader that reaches a commit the
/// other claimed has nothing left to read. Most of `git log`'s time is
/// diffing each commit's trees, so two processes halve the wait on a long
/// history, whatever its shape, with no count or split point to find
/// first. The newest reader's commits followed by the oldest reader's,
/// reversed, are exactly the one-process log, so the result does not
/// depend on where they met. `None` when neither reader met the other nor
/// read the log to its end (git failed: no repository, no commits).
fn both_ends(dir: &Path, args: &[&str]) -> Option<Vec<Commit>> {
    // The oldest-first reader goes without the pathspec: with one, git
    // simplifies the whole history before printing the first commit of a
    // `--reverse` log (1.5 s of 50k commits), while without it the walk is
    // all it does first. `--relative` still keeps its file names to the
    // folder; the commits that change nothing in it come out with no
    // files, are claimed like the others and dropped with the merges.
    let pathspec = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    let mut reversed: Vec<&str> = args[..pathspec].to_vec();
    reversed.push("--reverse");
    let claims: Mutex<HashMap<String, End>> = Mutex::new(HashMap::new());
    let (tx, rx) = mpsc::channel();
    let readers = [(End::Newest, args), (End::Oldest, &reversed[..])];
    let mut children = Vec::new();
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for (end, args) in readers {
            let Some((child, out)) = spawn(dir, args) else {
                continue;
            };
            let child = Arc::new(Mutex::new(child));
            children.push(Arc::clone(&child));
            let (tx, claims) = (tx.clone(), &claims);
            handles.push(scope.spawn(move || {
                let r = read_end(end, out, &child, claims);
                // A reader that met the other or read the whole log
                // settles it; one whose git failed settles nothing.
                let _ = tx.send(r.met || r.complete);
                (end, r)
            }));
        }
        drop(tx);
        while let Ok(settled) = rx.recv() {
            if settled {
                // Stopped and reaped here: a reader that met the other
                // returned without waiting for its git.
                for c in &children {
                    if let Ok(mut c) = c.lock() {
                        let _ = c.kill();
                        let _ = c.wait();
                    }
                }
                break;
            }
        }
        let mut newest = None;
        let mut oldest = None;
        for h in handles {
            match h.join() {
                Ok((End::Newest, r)) => newest = Some(r),
                Ok((End::Oldest, r)) => oldest = Some(r),
                Err(_) => {}
            }
        }
        combine(newest, oldest)
    })
}

/// The log from what the two readers got. Once either reader reaches a
/// commit the other claimed, the two hold the whole log between them
/// (whichever of them was then stopped); otherwise a reader that read to
/// the end alone has it (the other then claimed nothing).
fn combine(newest: Option<Read>, oldest: Option<Read>) -> Option<Vec<Commit>> {
    let met = [&newest, &oldest]
        .iter()
        .any(|r| r.as_ref().is_some_and(|r| r.met));
    let complete = |r: &Option<Read>| r.as_ref().is_some_and(|r| r.complete);
    if met || complete(&newest) {
        let mut all = newest.map(|r| r.commits).unwrap_or_default();
        if met {
            all.extend(oldest.into_iter().flat_map(|o| o.commits).rev());
        }
        Some(all)
    } else if complete(&oldest) {
        oldest.map(|o| o.commits.into_iter().rev().collect())
    } else {
        None
    }
}

/// What one reader got: its commits in its own order, whether it reached
/// a commit the other claimed, and whether git ended the log cleanly.
struct Read {
    commits: Vec<Commit>,
    met: bool,
    complete: bool,
}

fn spawn(dir: &Path, args: &[&str]) -> Option<(Child, ChildStdout)> {
    // Into a pipe git flushes after every commit unless `GIT_FLUSH=0`:
    // one write, and one wake-up of the reader, per commit (50k commits:
    // 0.7 s of system time in git alone); fully buffered, a write carries
    // a few dozen commits.
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_FLUSH", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let out = child.stdout.take()?;
    Some((child, out))
}

/// Read one end's records as they come, claiming each commit, until a
/// commit the other end claimed or the end of the log. A record counts
/// once the next one starts, or at the end of output when git exits
/// cleanly (a reader stopped by `kill` leaves a cut record, dropped).
fn read_end(
    end: End,
    out: ChildStdout,
    child: &Mutex<Child>,
    claims: &Mutex<HashMap<String, End>>,
) -> Read {
    let mut r = Read {
        commits: Vec::new(),
        met: false,
        complete: false,
    };
    let claim = |c: Commit, r: &mut Read| -> bool {
        let Ok(mut map) = claims.lock() else {
            return false;
        };
        if map.get(&c.hash).is_some_and(|e| *e != end) {
            r.met = true;
            return false;
        }
        map.insert(c.hash.clone(), end);
        r.commits.push(c);
        true
    };
    let mut input = BufReader::with_capacity(1 << 16, out);
    let mut buf = Vec::new();
    let mut last = None;
    let mut shared = Shared::default();
    loop {
        buf.clear();
        if input.read_until(0x1e, &mut buf).unwrap_or(0) == 0 {
            break;
        }
        if buf.pop_if(|b| *b == 0x1e).is_none() {
            last = parse_commit(&String::from_utf8_lossy(&buf), &mut shared);
            break;
        }
        if let Some(c) = parse_commit(&String::from_utf8_lossy(&buf), &mut shared)
            && !claim(c, &mut r)
        {
            return r;
        }
    }
    let clean = child
        .lock()
        .ok()
        .and_then(|mut c| c.wait().ok())
        .is_some_and(|s| s.success());
    if clean {
        if let Some(c) = last {
            claim(c, &mut r);
        }
        r.complete = !r.met;
    }
    r
}

/// One record: `hash␟date␟name␟email␟subject\0` then `\n` and the file
/// names, each ended by `\0`.
fn parse_commit(record: &str, shared: &mut Shared) -> Option<Commit> {
    let (header, files) = record.split_once('\0')?;
    let mut f = header.splitn(5, '\u{1f}');
    let hash = f.next()?.trim().to_string();
    if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let date = f.next()?.to_string();
    let author_name = shared.get(f.next()?);
    let author_email = shared.get(f.next()?);
    let subject = f.next().unwrap_or("").to_string();
    let files = files
        .split('\0')
        .map(|n| n.trim_start_matches('\n'))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    Some(Commit {
        hash,
        date,
        author_name,
        author_email,
        subject,
        files,
    })
}

/// One copy of each name and address a log repeats: a long history has
/// thousands of commits by the same few people.
#[derive(Default)]
pub(super) struct Shared(rustc_hash::FxHashSet<Arc<str>>);

impl Shared {
    pub(super) fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return Arc::clone(a);
        }
        let a: Arc<str> = s.into();
        self.0.insert(Arc::clone(&a));
        a
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(hash: &str, date: &str, who: &str, subject: &str, files: &[&str]) -> String {
        let (name, email) = who.split_once(' ').unwrap();
        let mut s = format!("\u{1e}{hash}\u{1f}{date}\u{1f}{name}\u{1f}{email}\u{1f}{subject}\0\n");
        for f in files {
            s.push_str(f);
            s.push('\0');
        }
        s
    }

    #[test]
    fn newest_date_wins_and_commits_outside_the_folder_are_dropped() {
        let log = rec(
            "aa",
            "2026-11-20T10:00:00+00:00",
            "Ana ana@x.org",
            "two",
            &["docs/a.md", "docs/b.md"],
        ) + &rec(
            "cc",
            "2026-06-01T00:00:00+00:00",
            "Cy cy@x.org",
            "changes code only",
            &[],
        ) + &rec(
            "bb",
            "2026-01-01T00:00:00+00:00",
            "Bo bo@x.org",
            "one",
            &["docs/a.md", "roles/r.md"],
        );
        let h = from_log(&log);
        assert_eq!(h.last_updated["docs/a.md"], "2026-11-20");
        assert_eq!(h.last_updated["roles/r.md"], "2026-01-01");
        assert_eq!(h.commits.len(), 2);
        assert_eq!(h.commits[0].files, ["docs/a.md", "docs/b.md"]);
        assert_eq!(h.commits[1].subject, "one");
        // Creator first, however recent the others' changes.
        let names: Vec<&str> = (h.contributors["docs/a.md"].iter())
            .map(|a| &*a.name)
            .collect();
        assert_eq!(names, ["Bo", "Ana"]);
    }

    #[test]
    fn one_author_per_email_regardless_of_case_and_odd_names_survive() {
        let log = rec(
            "aa",
            "2026-02-01T00:00:00Z",
            "Zoë z@X.org",
            "b",
            &["é ü.md"],
        ) + &rec(
            "bb",
            "2026-01-01T00:00:00Z",
            "Zoe z@x.org",
            "a\u{1f}b",
            &["é ü.md"],
        ) + &rec("", "", "x y", "", &["junk.md"]);
        let h = from_log(&log);
        let a = &h.contributors["é ü.md"];
        assert_eq!(a.len(), 1);
        assert_eq!((&*a[0].name, a[0].commits), ("Zoe", 2));
        assert_eq!(h.commits[1].subject, "a\u{1f}b");
        assert!(!h.last_updated.contains_key("junk.md"));
    }

    #[test]
    fn readers_that_met_hold_the_log_whichever_was_stopped() {
        let c = |h: &str| {
            let r = rec(h, "2026-01-01", "A a@x", "s", &["a.md"]);
            parse_commit(&r[1..], &mut Shared::default())
        };
        let read = |hs: &[&str], met, complete| Read {
            commits: hs.iter().filter_map(|h| c(h)).collect(),
            met,
            complete,
        };
        let hashes =
            |v: Option<Vec<Commit>>| v.map(|v| v.into_iter().map(|c| c.hash).collect::<Vec<_>>());
        // The oldest-first reader met the newest-first one, which was then
        // stopped mid-log: together they are the log.
        let got = combine(
            Some(read(&["a1", "b2"], false, false)),
            Some(read(&["e5", "d4", "c3"], true, false)),
        );
        assert_eq!(hashes(got).unwrap(), ["a1", "b2", "c3", "d4", "e5"]);
        // The newest-first reader met the other.
        let got = combine(
            Some(read(&["a1"], true, false)),
            Some(read(&["c3", "b2"], false, false)),
        );
        assert_eq!(hashes(got).unwrap(), ["a1", "b2", "c3"]);
        // Alone to the end.
        let got = combine(
            Some(read(&["a1", "b2"], false, true)),
            Some(read(&[], false, false)),
        );
        assert_eq!(hashes(got).unwrap(), ["a1", "b2"]);
        // Stopped without meeting, or git failed: no history.
        assert!(combine(Some(read(&["a1"], false, false)), None).is_none());
        assert!(combine(None, None).is_none());
        // The oldest-first reader read a short log before the other began.
        let got = combine(
            Some(read(&[], false, false)),
            Some(read(&["b2", "a1"], false, true)),
        );
        assert_eq!(hashes(got).unwrap(), ["a1", "b2"]);
    }

    #[test]
    fn not_a_repository_is_silent() {
        let t = tempfile::tempdir().unwrap();
        let mut d = Vec::new();
        assert!(history(t.path(), GitCache::Off, &mut d).is_empty());
        assert!(
            history(t.path(), GitCache::Off, &mut d)
                .last_updated
                .is_empty()
        );
        assert!(d.is_empty());
    }

    fn run(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// A folder most recent commits change is logged without a pathspec;
    /// one that most commits leave alone, with one.
    #[test]
    fn a_pathspec_only_for_a_folder_most_commits_leave_alone() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path();
        run(dir, &["init", "-q", "-b", "main"]);
        let hb = dir.join("docs");
        std::fs::create_dir_all(&hb).unwrap();
        let commit = |path: &Path, i: usize| {
            std::fs::write(path, format!("{i}\n")).unwrap();
            run(dir, &["add", "-A"]);
            let who = ["-c", "user.name=A", "-c", "user.email=a@x.org"];
            run(dir, &[&who[..], &["commit", "-q", "-m", "c"]].concat());
        };
        for i in 0..3 {
            commit(&hb.join("a.md"), i);
        }
        commit(&dir.join("code.rs"), 0);
        assert!(!mostly_elsewhere(&hb), "3 of 4 commits change docs/");
        for i in 1..4 {
            commit(&dir.join("code.rs"), i);
        }
        assert!(mostly_elsewhere(&hb), "3 of 7 commits change docs/");
        // Outside a repository there is nothing to log either way.
        assert!(mostly_elsewhere(&t.path().join("nowhere")));
    }

    /// Read from both ends, the log is the one-process log: on a history
    /// with a merged side branch, long enough for the readers to meet
    /// somewhere in the middle, and in a folder of the repository (where
    /// the oldest-first reader also sees the commits outside it).
    #[test]
    fn reading_from_both_ends_gives_the_one_process_log() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path();
        run(dir, &["init", "-q", "-b", "main"]);
        let hb = dir.join("hand book");
        std::fs::create_dir_all(&hb).unwrap();
        // The side branch changes files of its own, so the merge is clean;
        // every fifth commit changes nothing in the handbook folder.
        let commit = |i: usize, who: &str| {
            let side = if who == "Bo" { "s" } else { "p" };
            let f = format!("{side}{}.md", i % 7);
            if !i.is_multiple_of(5) {
                std::fs::write(hb.join(&f), format!("{i}\n")).unwrap();
            }
            std::fs::write(dir.join(format!("{side}.txt")), format!("{i}\n")).unwrap();
            run(dir, &["add", "-A"]);
            let date = format!("2026-01-01T00:{:02}:{:02}Z", i / 60, i % 60);
            let out = Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(["commit", "-q", "-m", &format!("change {i}")])
                .env("GIT_AUTHOR_NAME", who)
                .env("GIT_AUTHOR_EMAIL", format!("{who}@x.org"))
                .env("GIT_COMMITTER_NAME", who)
                .env("GIT_COMMITTER_EMAIL", format!("{who}@x.org"))
                .env("GIT_AUTHOR_DATE", &date)
                .env("GIT_COMMITTER_DATE", &date)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .status()
                .unwrap();
            assert!(out.success());
        };
        for i in 0..150 {
            commit(i, "Ana");
        }
        run(dir, &["checkout", "-q", "-b", "side", "HEAD~40"]);
        for i in 150..190 {
            commit(i, "Bo");
        }
        run(dir, &["checkout", "-q", "main"]);
        for i in 190..260 {
            commit(i, "Cy");
        }
        run(
            dir,
            &[
                "-c",
                "user.name=M",
                "-c",
                "user.email=m@x.org",
                "merge",
                "-q",
                "--no-edit",
                "side",
            ],
        );
        let expected: Vec<String> = run(
            &hb,
            &["log", "--format=%H", "--no-merges", "--relative", "--", "."],
        )
        .lines()
        .map(str::to_string)
        .collect();
        for root in [dir, hb.as_path()] {
            let mut d = Vec::new();
            let h = history(root, GitCache::Off, &mut d);
            let got: Vec<&str> = h.commits.iter().map(|c| c.hash.as_str()).collect();
            if root == hb.as_path() {
                assert_eq!(got, expected);
                assert_eq!(&*h.contributors["p0.md"][0].name, "Ana");
                assert_eq!(h.last_updated.len(), 14);
            } else {
                // From the repository root, code.txt counts too.
                assert_eq!(got.len(), 260);
            }
        }
    }
}
