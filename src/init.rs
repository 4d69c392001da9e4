//! `waybook init`: writes a small, working, warning-free handbook (config, two
//! docs, two roles forming a ladder, a journey through every stage, a
//! glossary and people) from files embedded in the binary. Refuses a folder
//! that is not empty, so it never overwrites anything.

use std::path::Path;

use include_dir::{Dir, include_dir};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold");

/// Write the scaffold into `dir`; returns the number of files written.
pub fn scaffold(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "`{}` is not empty; waybook init only writes into an empty or new folder\nhelp: pick a new folder name",
                dir.display()
            ));
        }
    }
    let mut n = 0;
    write_dir(&SCAFFOLD, dir, &mut n)?;
    Ok(n)
}

fn write_dir(d: &Dir<'_>, target: &Path, n: &mut usize) -> Result<(), String> {
    for f in d.files() {
        let path = target.join(f.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        std::fs::write(&path, f.contents())
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        *n += 1;
    }
    for sub in d.dirs() {
        write_dir(sub, target, n)?;
    }
    Ok(())
}
