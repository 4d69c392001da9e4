//! The last stage: the built site as an in-memory file set, and writing it to
//! disk safely. Writing is atomic (a hidden sibling folder is filled in
//! parallel, then swapped in with renames) and refuses any output folder that
//! holds the source, is the source's parent, or contains files that are not a
//! previous waybook build (DESIGN.md §3). `serve` uses the file set directly.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The marker file waybook leaves in every output folder it creates.
pub const MARKER: &str = ".waybook-build";

/// Contents of one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileData {
    Bytes(Vec<u8>),
    Static(&'static [u8]),
    /// Copied from this source path at write time.
    Copy(PathBuf),
}

impl FileData {
    /// The bytes (reading copied files from disk).
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            FileData::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            FileData::Static(b) => Ok(std::borrow::Cow::Borrowed(b)),
            FileData::Copy(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

/// The site: root-relative `/`-separated path → contents. Sorted, so output
/// is deterministic.
pub type SiteFiles = BTreeMap<String, FileData>;

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    Unsafe { out: PathBuf, reason: String },
    Io { path: PathBuf, err: std::io::Error },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Unsafe { out, reason } => write!(
                f,
                "refusing to write the site to `{}`: {reason}\nhelp: choose an empty folder or a previous waybook output with -o/--output",
                out.display()
            ),
            OutputError::Io { path, err } => write!(f, "cannot write `{}`: {err}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |err| OutputError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// Absolute, normalised form of a path that may not exist yet.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

/// Check the safety rules for writing into `out` with sources in `root`.
pub fn check_safe(out: &Path, root: &Path) -> Result<(), OutputError> {
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    let unsafe_ = |reason: &str| OutputError::Unsafe {
        out: out.to_path_buf(),
        reason: reason.to_string(),
    };
    if out_abs == root_abs {
        return Err(unsafe_("it is the handbook folder itself"));
    }
    if root_abs.starts_with(&out_abs) {
        return Err(unsafe_("it contains the handbook folder"));
    }
    if out_abs.parent().is_none() {
        return Err(unsafe_("it is a file system root"));
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(unsafe_("it is a file, not a folder"));
        }
        let mut entries = std::fs::read_dir(&out_abs).map_err(io(&out_abs))?;
        let empty = entries.next().is_none();
        if !empty && !out_abs.join(MARKER).is_file() {
            return Err(unsafe_(
                "it is not empty and was not created by waybook (no .waybook-build marker), so its files would be lost",
            ));
        }
    }
    Ok(())
}

/// Write `files` into `out` atomically, after the safety checks.
pub fn write(out: &Path, root: &Path, files: &SiteFiles) -> Result<(), OutputError> {
    check_safe(out, root)?;
    let out_abs = absolute(out);
    let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = out_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.waybook-new-{pid}"));
    let old = parent.join(format!(".{name}.waybook-old-{pid}"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    let result = fill(&tmp, files);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out_abs.exists() {
        std::fs::rename(&out_abs, &old).map_err(io(&out_abs))?;
    }
    if let Err(e) = std::fs::rename(&tmp, &out_abs) {
        // Put the previous build back.
        let _ = std::fs::rename(&old, &out_abs);
        return Err(io(&out_abs)(e));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(())
}

fn fill(dir: &Path, files: &SiteFiles) -> Result<(), OutputError> {
    // Create folders first (sequentially, sorted), then files in parallel.
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|k| Path::new(k).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(io(d))?;
    }
    files.par_iter().try_for_each(|(rel, data)| {
        let path = dir.join(rel);
        match data {
            FileData::Copy(src) => std::fs::copy(src, &path).map(|_| ()).map_err(io(src)),
            FileData::Bytes(b) => std::fs::write(&path, b).map_err(io(&path)),
            FileData::Static(b) => std::fs::write(&path, b).map_err(io(&path)),
        }
    })?;
    let marker = dir.join(MARKER);
    std::fs::write(
        &marker,
        "This folder was generated by waybook and is replaced on every build.\n",
    )
    .map_err(io(&marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_source_and_parent_and_foreign_folders() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("hb");
        std::fs::create_dir_all(&root).unwrap();
        assert!(check_safe(&root, &root).is_err());
        assert!(check_safe(t.path(), &root).is_err());
        let foreign = t.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("precious.txt"), "x").unwrap();
        let err = check_safe(&foreign, &root).unwrap_err().to_string();
        assert!(err.contains("not empty"), "{err}");
        assert!(check_safe(&root.join("public"), &root).is_ok());
    }

    #[test]
    fn writes_atomically_and_replaces_previous_build() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("hb");
        std::fs::create_dir_all(&root).unwrap();
        let out = t.path().join("site");
        let mut files = SiteFiles::new();
        files.insert("a/b.html".into(), FileData::Bytes(b"one".to_vec()));
        files.insert("stale.html".into(), FileData::Static(b"x"));
        write(&out, &root, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "one"
        );
        files.remove("stale.html");
        files.insert("a/b.html".into(), FileData::Bytes(b"two".to_vec()));
        write(&out, &root, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "two"
        );
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }
}
