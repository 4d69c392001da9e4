//! The history cache: the commits one build read from `git log`, kept in
//! `.waybook-cache/git-history` in the handbook folder with the commit
//! (HEAD) they end at and a hash of everything else that shapes them (the
//! log's arguments, the handbook's place in the repository, the mailmap).
//! The next build with the same shape reads the file instead of the whole
//! log: at the same HEAD it needs no git at all, and at a descendant of it
//! only the new commits' log (see [`super::history`]). On a long history
//! that is seconds of git's tree diffs saved for a fraction of a second of
//! parsing. Another shape, or a file that does not parse, is a miss and
//! git runs as before. Part of [`super`]'s reading of the history; nothing else sees
//! it.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::{Commit, Shared, git, parse_commit};

const FILE: &str = "git-history";
/// The first line; a cache written by another format is a miss.
const MAGIC: &str = "waybook git history 1";

/// What a cached history must match, besides its commit, to be used: a
/// hash of the log's arguments, the handbook's prefix in the repository
/// and the mailmap in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape(String);

impl Shape {
    /// The shape of `root`'s history (`top`: the work tree's top folder,
    /// `prefix`: the handbook's place in it), or `None` when it cannot be
    /// told (a mailmap from a blob, whose content depends on more than
    /// the work tree): then nothing is cached.
    pub(super) fn new(root: &Path, top: &str, prefix: &str, args: &[&str]) -> Option<Shape> {
        let config = git(root, &["config", "--get-regexp", r"^mailmap\."]).unwrap_or_default();
        if config.lines().any(|l| l.starts_with("mailmap.blob")) {
            return None;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (env!("CARGO_PKG_VERSION"), args, prefix, &config).hash(&mut h);
        // The mailmap files git reads: `.mailmap` at the top of the work
        // tree, and `mailmap.file` as git expands it (`~/`), relative to
        // where git runs (the handbook folder).
        std::fs::read(Path::new(top).join(".mailmap"))
            .ok()
            .hash(&mut h);
        if config.lines().any(|l| l.starts_with("mailmap.file ")) {
            let args = ["config", "--type=path", "--get-all", "mailmap.file"];
            for f in git(root, &args).unwrap_or_default().lines() {
                std::fs::read(root.join(f.trim())).ok().hash(&mut h);
            }
        }
        Some(Shape(format!("{:016x}", h.finish())))
    }
}

/// A history read from the cache: the commit it ends at and its commits,
/// newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cached {
    pub head: String,
    pub commits: Vec<Commit>,
}

fn path(root: &Path) -> PathBuf {
    root.join(crate::cache::DIR).join(FILE)
}

/// The cached history of `shape`; `None` when there is none, it has
/// another shape or it does not parse.
pub(super) fn load(root: &Path, shape: &Shape) -> Option<Cached> {
    let text = std::fs::read(path(root)).ok()?;
    let text = String::from_utf8(text).ok()?;
    let (header, records) = text.split_once("\n\n")?;
    let mut lines = header.lines();
    let head = match (lines.next(), lines.next(), lines.next()) {
        (Some(MAGIC), Some(head), Some(s)) if s.strip_prefix("shape ") == Some(&shape.0) => {
            head.strip_prefix("head ")?
        }
        _ => return None,
    };
    let records: Vec<&str> = records.split('\u{1e}').skip(1).collect();
    let mut shared = Shared::default();
    let commits: Vec<Commit> = (records.iter())
        .filter_map(|r| parse_commit(r, &mut shared))
        .collect();
    // A record that does not parse is a damaged file, not an empty commit.
    (commits.len() == records.len()).then(|| Cached {
        head: head.to_string(),
        commits,
    })
}

/// Keep `commits` (newest first) as the history at `head`. Best effort: a
/// handbook folder that cannot be written to just has no cache.
pub(super) fn store(root: &Path, shape: &Shape, head: &str, commits: &[Commit]) {
    let Some(dir) = crate::cache::folder(root) else {
        return;
    };
    let mut out = format!("{MAGIC}\nhead {head}\nshape {}\n\n", shape.0);
    for c in commits {
        write_commit(&mut out, c);
    }
    crate::cache::write(&dir.join(FILE), out.as_bytes());
}

/// One commit in the record format [`parse_commit`] reads.
fn write_commit(out: &mut String, c: &Commit) {
    let _ = write!(
        out,
        "\u{1e}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\0",
        c.hash, c.date, c.author_name, c.author_email, c.subject
    );
    for f in &c.files {
        out.push_str(f);
        out.push('\0');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(hash: &str, files: &[&str]) -> Commit {
        Commit {
            hash: hash.to_string(),
            date: "2026-01-02T03:04:05+01:00".to_string(),
            author_name: "Zoë Ñandú".into(),
            author_email: "zoe@example.org".into(),
            subject: "fix: ümlauts, tabs\tand \"quotes\"".to_string(),
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn a_stored_history_comes_back_with_its_head_only_for_the_same_shape() {
        let dir = tempfile::tempdir().unwrap();
        let commits = vec![
            commit("bbbb", &["docs/naïve café.md", "دليل.md"]),
            commit("aaaa", &["index.md"]),
        ];
        let shape = Shape("0123456789abcdef".to_string());
        store(dir.path(), &shape, "bbbb", &commits);
        let head = "bbbb".to_string();
        assert_eq!(load(dir.path(), &shape), Some(Cached { head, commits }));
        assert_eq!(
            load(dir.path(), &Shape("fedcba9876543210".to_string())),
            None
        );
    }

    #[test]
    fn a_damaged_or_foreign_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let shape = Shape("0123456789abcdef".to_string());
        store(dir.path(), &shape, "bbbb", &[commit("bbbb", &["a.md"])]);
        let p = path(dir.path());
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace("\u{1f}", "")).unwrap();
        assert_eq!(load(dir.path(), &shape), None);
        std::fs::write(&p, "something else\n\n").unwrap();
        assert_eq!(load(dir.path(), &shape), None);
    }
}
