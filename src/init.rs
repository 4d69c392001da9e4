//! `waybook init`: writes a small, working, warning-free handbook (config, two
//! docs, two roles forming a ladder, a journey through every stage, a
//! glossary and people) from files embedded in the binary. Refuses a folder
//! that is not empty, so it never overwrites anything. `--template NAME`
//! writes one of the governance models in `src/init_templates/` instead
//! (each a complete handbook that passes `check --strict`).

use std::path::Path;

use include_dir::{Dir, include_dir};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold");
static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init_templates");

/// The names of the governance templates, sorted.
pub(crate) fn template_names() -> Vec<String> {
    let mut v: Vec<String> = (TEMPLATES.dirs())
        .filter_map(|d| d.path().file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Write governance template `name` into `dir`; returns the number of
/// files written.
pub(crate) fn template(dir: &Path, name: &str) -> Result<usize, String> {
    let Some(t) = TEMPLATES
        .get_dir(name)
        .filter(|_| !name.contains(['/', '\\', '.']))
    else {
        let names = template_names();
        let help = crate::diag::suggestion_help(
            name,
            names.iter().map(String::as_str),
            &format!("use one of: {}", names.join(", ")),
        );
        return Err(format!("there is no template `{name}`\nhelp: {help}"));
    };
    ensure_empty(dir)?;
    let mut n = 0;
    // Files inside a sub-`Dir` keep their path from the embedded root.
    write_dir_under(t, Path::new(name), dir, &mut n)?;
    Ok(n)
}

fn write_dir_under(d: &Dir<'_>, prefix: &Path, target: &Path, n: &mut usize) -> Result<(), String> {
    for f in d.files() {
        let rel = f.path().strip_prefix(prefix).unwrap_or(f.path());
        let path = target.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        std::fs::write(&path, f.contents())
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        *n += 1;
    }
    for sub in d.dirs() {
        write_dir_under(sub, prefix, target, n)?;
    }
    Ok(())
}

fn ensure_empty(dir: &Path) -> Result<(), String> {
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
    Ok(())
}

/// Write the scaffold into `dir`; returns the number of files written.
pub(crate) fn scaffold(dir: &Path) -> Result<usize, String> {
    ensure_empty(dir)?;
    let mut n = 0;
    write_dir_under(&SCAFFOLD, Path::new(""), dir, &mut n)?;
    Ok(n)
}
