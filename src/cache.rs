//! The handbook's cache folder, `.waybook-cache/` in the handbook folder:
//! what a run keeps for the next (the git history, external link results).
//! The folder is made on first use, ignores itself for git (a `.gitignore`
//! of `*`, so nobody commits it by accident) and is marked for backup tools
//! (`CACHEDIR.TAG`); discovery and the watcher skip it as a dot folder. A
//! bottom-layer utility: it imports nothing from the pipeline.

use std::path::{Path, PathBuf};

/// The cache folder's name in the handbook folder.
pub(crate) const DIR: &str = ".waybook-cache";

/// The cache folder of the handbook at `root`, made with its marks if
/// missing; `None` when it cannot be made (a read-only checkout): then
/// nothing is cached.
pub(crate) fn folder(root: &Path) -> Option<PathBuf> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir).ok()?;
    let marks = [
        (".gitignore", "# waybook's cache, safe to delete\n*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# waybook's cache, safe to delete\n",
        ),
    ];
    for (name, text) in marks {
        let p = dir.join(name);
        if !p.exists() {
            let _ = std::fs::write(p, text);
        }
    }
    Some(dir)
}

/// Write `bytes` to `path` through a file beside it and a rename, so a
/// reader (another build) never sees half of it. Best effort: a cache that
/// cannot be written is a cache miss next time.
pub(crate) fn write(path: &Path, bytes: &[u8]) {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    if std::fs::write(&tmp, bytes).is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_ignores_itself_and_a_write_replaces_the_file_whole() {
        let root = tempfile::tempdir().unwrap();
        let dir = folder(root.path()).unwrap();
        let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
        assert!(dir.join("CACHEDIR.TAG").is_file());
        let f = dir.join("x");
        write(&f, b"one");
        write(&f, b"two");
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            3,
            "no temporary file left"
        );
    }
}
