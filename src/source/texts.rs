//! The handbook's text files by path, as the model keeps them for the later
//! stages (resolution, pages, the search index, diagnostic snippets). Part of
//! source discovery, the bottom of the pipeline.
//!
//! A text is held in memory until [`Files::release`]: a batch build releases
//! the files it read from the handbook folder once every language's model is
//! loaded, and each later use reads the file again, checked against the hash
//! of the text that was scanned (every position in the model points into that
//! text). A file changed since is not used: it is recorded, and the build
//! reports it ([`Files::changed`]). At 10,000 pages the texts are about a
//! quarter of the build's memory.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The handbook's text files by path (see the module doc).
#[derive(Debug, Default)]
pub struct Files {
    /// The handbook folder: released files are read from it.
    root: PathBuf,
    map: BTreeMap<String, Entry>,
    /// Released files whose text changed on disk since they were scanned.
    changed: Mutex<BTreeSet<String>>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The text, while held.
    text: Option<Arc<str>>,
    /// Where the text can be read again, relative to the root (a translation
    /// stands in for the default's path): `None` for texts that are not a
    /// file's as read (generated, or normalised otherwise), always held.
    from: Option<Box<str>>,
    /// What the text read becomes (see [`Files::read_from`]).
    then: Option<fn(String) -> String>,
    /// The text's length and hash, once released.
    print: (usize, u64),
}

impl Clone for Files {
    fn clone(&self) -> Files {
        Files {
            root: self.root.clone(),
            map: self.map.clone(),
            changed: Mutex::default(),
        }
    }
}

impl FromIterator<(String, Arc<str>)> for Files {
    fn from_iter<I: IntoIterator<Item = (String, Arc<str>)>>(iter: I) -> Files {
        let mut files = Files::default();
        for (k, v) in iter {
            files.insert(k, v);
        }
        files
    }
}

/// The length and hash a released text is checked against.
fn print(text: &str) -> (usize, u64) {
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    (text.len(), h.finish())
}

impl Files {
    /// No files yet; released ones will be read from `root`.
    pub(crate) fn new(root: &Path) -> Files {
        Files {
            root: root.to_path_buf(),
            ..Files::default()
        }
    }

    /// The handbook folder the texts are read from.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Keep `text` under `rel`, always in memory.
    pub(crate) fn insert(&mut self, rel: String, text: Arc<str>) {
        let entry = Entry {
            text: Some(text),
            from: None,
            then: None,
            print: (0, 0),
        };
        self.map.insert(rel, entry);
    }

    /// Keep `text`, read from the file `rel` of the root (BOM and CRLF
    /// normalised as [`super::decode`] does), which may be released.
    pub(crate) fn insert_file(&mut self, rel: String, text: Arc<str>) {
        let entry = Entry {
            text: Some(text),
            from: Some(rel.as_str().into()),
            then: None,
            print: (0, 0),
        };
        self.map.insert(rel, entry);
    }

    /// The text under `rel` is `then` of the text of the file `real` (a
    /// translation's, its `source_commit:` blanked).
    pub(crate) fn read_from(&mut self, rel: &str, real: &str, then: fn(String) -> String) {
        if let Some(e) = self.map.get_mut(rel)
            && e.from.is_some()
        {
            e.from = Some(real.into());
            e.then = Some(then);
        }
    }

    /// Whether a file is kept under `rel`.
    pub fn contains_key(&self, rel: &str) -> bool {
        self.map.contains_key(rel)
    }

    /// The path as kept and the text of `rel` (see [`Files::get`]).
    pub(crate) fn get_key_value(&self, rel: &str) -> Option<(&String, Arc<str>)> {
        let (k, _) = self.map.get_key_value(rel)?;
        Some((k, self.get(rel)?))
    }

    /// The paths, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &String> + '_ {
        self.map.keys()
    }

    /// The paths from `from` on, sorted.
    pub(crate) fn keys_from<'a>(&'a self, from: &str) -> impl Iterator<Item = &'a String> + 'a {
        self.map
            .range::<str, _>((std::ops::Bound::Included(from), std::ops::Bound::Unbounded))
            .map(|(k, _)| k)
    }

    /// The text of `rel`: held, or read again when released (`None` when it
    /// cannot be read or is no longer the text the model was made from).
    pub fn get(&self, rel: &str) -> Option<Arc<str>> {
        let e = self.map.get(rel)?;
        if let Some(t) = &e.text {
            return Some(t.clone());
        }
        let from = e.from.as_deref()?;
        let text = std::fs::read(self.root.join(from))
            .ok()
            .and_then(|b| super::decode(b).ok())
            .map(|t| match e.then {
                Some(then) => then(t),
                None => t,
            })
            .filter(|t| print(t) == e.print);
        if text.is_none()
            && let Ok(mut changed) = self.changed.lock()
        {
            changed.insert(from.to_string());
        }
        text.map(Arc::from)
    }

    /// Whether `rel` here and `other_rel` in `other` are the same text from
    /// byte `at` on. Released texts are not read: their hashes are compared
    /// (the whole texts'), which can only miss a same part.
    pub(crate) fn same(&self, rel: &str, other: &Files, other_rel: &str, at: usize) -> bool {
        let (Some(a), Some(b)) = (self.map.get(rel), other.map.get(other_rel)) else {
            return false;
        };
        match (&a.text, &b.text) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y) || x.get(at..) == y.get(at..),
            (None, None) => a.print == b.print,
            (Some(x), None) => print(x) == b.print,
            (None, Some(y)) => a.print == print(y),
        }
    }

    /// Drop the texts of files that can be read again, keeping their hashes
    /// (texts still shared elsewhere stay in memory until dropped there).
    pub(crate) fn release(&mut self) {
        use rayon::prelude::*;
        self.map.par_iter_mut().for_each(|(_, e)| {
            if e.from.is_some()
                && let Some(t) = e.text.take()
            {
                e.print = print(&t);
            }
        });
    }

    /// Released files that were changed on disk while in use, by path.
    pub fn changed(&self) -> Vec<String> {
        self.changed
            .lock()
            .map(|c| c.iter().cloned().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(files: &Files, rel: &str) -> bool {
        files.map[rel].text.is_some()
    }

    #[test]
    fn released_texts_are_read_again_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| std::fs::write(dir.path().join(rel), text).unwrap();
        write("a.md", "\u{feff}# Ä\r\n\r\nZoë.\r\n");
        write("b.md", "# B\n");
        write("fr.md", "---\nsource_commit: abc1234\n---\n# Ä\n");
        let mut files = Files::new(dir.path());
        files.insert_file("a.md".into(), "# Ä\n\nZoë.\n".into());
        files.insert_file("b.md".into(), "# B\n".into());
        // A translation, read as its language holds it.
        let blank = |t: String| t.replace("source_commit: abc1234", "                      ");
        files.insert_file(
            "a-fr.md".into(),
            blank(std::fs::read_to_string(dir.path().join("fr.md")).unwrap()).into(),
        );
        files.read_from("a-fr.md", "fr.md", |t| {
            t.replace("source_commit: abc1234", "                      ")
        });
        files.insert("gen.yml".into(), "made: here\n".into());
        let before: Vec<_> = files.keys().map(|k| files.get(k)).collect();
        files.release();
        assert!(!held(&files, "a.md") && !held(&files, "a-fr.md"));
        assert!(held(&files, "gen.yml"), "a text not read from a file stays");
        let after: Vec<_> = files.keys().map(|k| files.get(k)).collect();
        assert_eq!(before, after);
        assert!(files.changed().is_empty());
        // Changed or gone: not used, and reported once each.
        write("b.md", "# C\n");
        std::fs::remove_file(dir.path().join("fr.md")).unwrap();
        assert_eq!(files.get("b.md"), None);
        assert_eq!(files.get("b.md"), None);
        assert_eq!(files.get("a-fr.md"), None);
        assert_eq!(files.changed(), ["b.md", "fr.md"]);
        assert_eq!(files.get("a.md").as_deref(), Some("# Ä\n\nZoë.\n"));
    }

    #[test]
    fn sameness_holds_across_release() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\nx: 1\n---\nBody\n").unwrap();
        std::fs::write(dir.path().join("b.md"), "---\nx: 2\n---\nBody\n").unwrap();
        let text =
            |rel: &str| Arc::<str>::from(std::fs::read_to_string(dir.path().join(rel)).unwrap());
        let (mut en, mut fr) = (Files::new(dir.path()), Files::new(dir.path()));
        en.insert_file("a.md".into(), text("a.md"));
        fr.insert_file("a.md".into(), text("a.md"));
        fr.insert_file("b.md".into(), text("b.md"));
        assert!(en.same("a.md", &fr, "a.md", 0));
        // Held texts compare from the body on; released ones as wholes.
        assert!(en.same("a.md", &fr, "b.md", 12));
        assert!(!en.same("a.md", &fr, "b.md", 0));
        en.release();
        assert!(en.same("a.md", &fr, "a.md", 0));
        fr.release();
        assert!(en.same("a.md", &fr, "a.md", 0));
        assert!(!en.same("a.md", &fr, "b.md", 12));
        assert!(!en.same("a.md", &fr, "missing.md", 0));
    }
}
