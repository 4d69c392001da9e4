//! Source discovery: the first pipeline stage after config. Walks the handbook
//! folder in sorted order, classifies every file (doc, role, journey, data,
//! template, static asset), reads text files with BOM and CRLF handling, and
//! reports what it cannot read (invalid UTF-8, symlinks that leave the folder)
//! as diagnostics instead of failing. Also splits front matter from bodies,
//! keeping the line and byte offsets that later stages need for spans.

use std::path::{Path, PathBuf};

use crate::code::Code;
use crate::diag::{Diagnostic, Span};

/// A text file of the handbook, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the handbook root, `/`-separated.
    pub rel: String,
    /// Text with any BOM removed and CRLF normalised to LF (lines and columns
    /// are unchanged by both). Shared, not copied, by the languages'
    /// models (an untranslated file is the same text in each).
    pub text: std::sync::Arc<str>,
}

mod texts;
/// The handbook's text files by path: the texts are shared, so a
/// language's model holds an untranslated file without a copy.
pub use texts::Files;

/// A non-text file copied to the output when something references it, or
/// always when it lives under `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub rel: String,
    pub abs: PathBuf,
}

/// Everything found in the handbook folder, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The handbook folder (data sources are read from it by name).
    pub root: PathBuf,
    pub docs: Vec<SourceFile>,
    /// The files of each kind kept in a folder of its own (`roles/*.md`),
    /// in the order of the rules [`discover`] was given.
    pub folders: Vec<Folder>,
    pub glossary: Option<SourceFile>,
    pub people: Option<SourceFile>,
    /// `_toc.yml` (Jupyter Book) or `myst.yml`.
    pub toc: Option<SourceFile>,
    /// `templates/*` of the handbook, overriding the theme by file name.
    pub templates: Vec<SourceFile>,
    /// Files under `static/` (copied as is) and other files (copied if linked).
    pub static_files: Vec<Asset>,
    pub other_files: Vec<Asset>,
}

/// A kind whose files sit one level deep in a top-level folder of its own
/// (`roles/*.md`, `journeys/*.yml`); the model's kinds declare theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderRule {
    /// The folder's name (`roles`).
    pub name: &'static str,
    /// YAML files (`*.yml`, `*.yaml`) rather than markdown.
    pub yaml: bool,
}

/// The files found under one [`FolderRule`], in walk order.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    pub name: &'static str,
    pub files: Vec<SourceFile>,
}

impl Sources {
    /// The files of folder `name` (none if no rule named it).
    pub fn folder(&self, name: &str) -> &[SourceFile] {
        (self.folders.iter())
            .find(|f| f.name == name)
            .map_or(&[], |f| f.files.as_slice())
    }

    /// The files of folder `name`, to take or replace.
    pub(crate) fn folder_mut(&mut self, name: &'static str) -> &mut Vec<SourceFile> {
        let at = match self.folders.iter().position(|f| f.name == name) {
            Some(at) => at,
            None => {
                self.folders.push(Folder {
                    name,
                    files: Vec::new(),
                });
                self.folders.len() - 1
            }
        };
        &mut self.folders[at].files
    }

    /// Every list of text files a translation may replace: docs and each
    /// folder's files.
    pub(crate) fn text_lists(&mut self) -> impl Iterator<Item = &mut Vec<SourceFile>> {
        std::iter::once(&mut self.docs).chain(self.folders.iter_mut().map(|f| &mut f.files))
    }
}

/// Files and folders never treated as content.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
        || name == "node_modules"
        || name == "_build"
        || name == "target"
}

fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yml") || name.ends_with(".yaml")
}

/// Walk `root` and classify its files: markdown is a doc unless a
/// [`FolderRule`] in `folders` claims it. `exclude` holds absolute paths
/// (the output folder) that are skipped entirely.
pub fn discover(
    root: &Path,
    exclude: &[PathBuf],
    folders: &[FolderRule],
    diags: &mut Vec<Diagnostic>,
) -> Sources {
    let mut sources = Sources {
        root: root.to_path_buf(),
        folders: (folders.iter())
            .map(|r| Folder {
                name: r.name,
                files: Vec::new(),
            })
            .collect(),
        ..Sources::default()
    };
    let mut pending = Pending::default();
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .map(|x| x.canonicalize().unwrap_or_else(|_| x.clone()))
        .collect();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || (!is_ignored_name(&e.file_name().to_string_lossy()) && !is_excluded(e, &exclude))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(|p| rel_path(root, p)).unwrap_or_default();
                diags.push(
                    Diagnostic::error(Code::Unreadable, format!("cannot read `{path}`: {err}"))
                        .with_span(Span::file(path))
                        .with_help("check the file's permissions"),
                );
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = rel_path(root, entry.path());
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            if !symlink_ok(&canon_root, entry.path(), &rel, diags) {
                continue;
            }
            if entry.path().is_dir() {
                diags.push(
                    Diagnostic::warning(
                        Code::SymlinkDir,
                        format!("`{rel}` is a symlinked folder; it is not followed"),
                    )
                    .with_span(Span::file(&rel))
                    .with_help(
                        "replace the symlink with a real folder, or link to the files it holds",
                    ),
                );
                continue;
            }
        } else if !file_type.is_file() {
            continue;
        }
        classify(
            &mut sources,
            &mut pending,
            folders,
            entry.path(),
            rel,
            diags,
        );
    }
    pending.read_into(&mut sources, diags);
    sources
}

/// Whether the walked entry is one of the excluded folders (given
/// canonicalised). Only folders and symlinks can be, so plain files cost no
/// system call.
fn is_excluded(e: &walkdir::DirEntry, exclude: &[PathBuf]) -> bool {
    if exclude.is_empty() || e.file_type().is_file() {
        return false;
    }
    let p = e.path();
    exclude.iter().any(|x| x == p) || p.canonicalize().is_ok_and(|c| exclude.contains(&c))
}

fn symlink_ok(canon_root: &Path, path: &Path, rel: &str, diags: &mut Vec<Diagnostic>) -> bool {
    match path.canonicalize() {
        Ok(target) if target.starts_with(canon_root) => true,
        Ok(target) => {
            // The link as written: what the user can find in the file system,
            // and the same on every machine.
            let shown = std::fs::read_link(path).unwrap_or(target);
            diags.push(
                Diagnostic::error(
                    Code::SymlinkEscape,
                    format!(
                        "`{rel}` is a symlink to `{}`, outside the handbook",
                        shown.display()
                    ),
                )
                .with_span(Span::file(rel))
                .with_help(
                    "waybook only reads inside the handbook folder; copy the file in instead",
                ),
            );
            false
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::BrokenSymlink,
                    format!("`{rel}` is a broken or looping symlink: {e}"),
                )
                .with_span(Span::file(rel))
                .with_help(
                    "remove the symlink or point it at an existing file inside the handbook",
                ),
            );
            false
        }
    }
}

/// Relative `/`-separated path of `p` under `root`.
pub(crate) fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Markdown and journey files found by the walk, read afterwards in parallel.
#[derive(Default)]
struct Pending {
    files: Vec<(Kind, PathBuf, String)>,
}

#[derive(Clone, Copy)]
enum Kind {
    Doc,
    /// The files of `Sources::folders[i]`.
    Folder(usize),
}

impl Pending {
    /// Read every pending file (in parallel) into its list, in walk order.
    fn read_into(self, sources: &mut Sources, diags: &mut Vec<Diagnostic>) {
        use rayon::prelude::*;
        let read: Vec<(Kind, Option<SourceFile>, Vec<Diagnostic>)> = self
            .files
            .par_iter()
            .map(|(kind, abs, rel)| {
                let mut d = Vec::new();
                let f = read_text(abs, rel, &mut d);
                (*kind, f, d)
            })
            .collect();
        for (kind, f, d) in read {
            diags.extend(d);
            let Some(f) = f else { continue };
            match kind {
                Kind::Doc => sources.docs.push(f),
                Kind::Folder(i) => sources.folders[i].files.push(f),
            }
        }
    }
}

fn classify(
    sources: &mut Sources,
    pending: &mut Pending,
    folders: &[FolderRule],
    abs: &Path,
    rel: String,
    diags: &mut Vec<Diagnostic>,
) {
    let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
    let top = rel.split('/').next().unwrap_or("");
    let depth = rel.matches('/').count();
    let asset = || Asset {
        rel: rel.clone(),
        abs: abs.to_path_buf(),
    };
    if top == "static" && depth >= 1 {
        sources.static_files.push(asset());
        return;
    }
    // Markdown in `templates/` is documentation (meeting note templates…),
    // never a theme override.
    if top == "templates" && depth >= 1 && !is_markdown(&name) {
        if let Some(f) = read_text(abs, &rel, diags) {
            sources.templates.push(f);
        }
        return;
    }
    let in_folder = (folders.iter().position(|r| {
        r.name == top
            && depth == 1
            && if r.yaml {
                is_yaml(&name)
            } else {
                is_markdown(&name)
            }
    }))
    .map(Kind::Folder);
    let kind = if in_folder.is_some() {
        in_folder
    } else if is_markdown(&name) {
        Some(Kind::Doc)
    } else {
        None
    };
    if let Some(kind) = kind {
        pending.files.push((kind, abs.to_path_buf(), rel));
        return;
    }
    if name == "_toc.yml" || name == "myst.yml" {
        // The shallowest table of contents wins; `_toc.yml` over `myst.yml`.
        let better = match &sources.toc {
            None => true,
            Some(t) => {
                let t_depth = t.rel.matches('/').count();
                depth < t_depth || (depth == t_depth && name == "_toc.yml")
            }
        };
        if better && let Some(f) = read_text(abs, &rel, diags) {
            sources.toc = Some(f);
        }
        return;
    }
    if depth == 0 {
        let single = match name.as_str() {
            "glossary.yml" | "glossary.yaml" => Some(&mut sources.glossary),
            "people.yml" | "people.yaml" => Some(&mut sources.people),
            "handbook.yml" | "handbook.yaml" => return,
            _ => None,
        };
        if let Some(single) = single {
            if let Some(f) = read_text(abs, &rel, diags) {
                *single = Some(f);
            }
            return;
        }
    }
    sources.other_files.push(asset());
}

/// Read a file at the top of the handbook found by name rather than by the
/// walk (`handbook.yml`): a symlink leading outside `root` is reported, as
/// the walk reports it, and the file is not read at all.
pub(crate) fn read_inside(
    root: &Path,
    rel: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    let abs = root.join(rel);
    let is_link = std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        if !symlink_ok(&canon_root, &abs, rel, diags) {
            return None;
        }
    }
    read_text(&abs, rel, diags)
}

/// Read a text file: strips a UTF-8 BOM, normalises CRLF, and reports invalid
/// UTF-8 with the position of the first bad byte.
pub fn read_text(abs: &Path, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error(Code::Unreadable, format!("cannot read `{rel}`: {e}"))
                    .with_span(Span::file(rel))
                    .with_help("check that the file exists and is readable"),
            );
            return None;
        }
    };
    match decode(bytes) {
        Ok(text) => Some(SourceFile {
            rel: rel.to_string(),
            text: text.into(),
        }),
        Err(valid_up_to) => {
            diags.push(invalid_utf8(rel, valid_up_to));
            None
        }
    }
}

/// Decode bytes as UTF-8 text (BOM dropped, CRLF → LF); on failure returns the
/// valid prefix so the error can be positioned.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            return Err(String::from_utf8_lossy(&bytes[..valid]).into_owned());
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

fn invalid_utf8(rel: &str, valid_prefix: String) -> Diagnostic {
    let span = Span::at(rel, &valid_prefix, valid_prefix.len(), 0);
    Diagnostic::error(Code::InvalidUtf8, format!("`{rel}` is not valid UTF-8"))
        .with_span(span)
        .with_help("re-save the file as UTF-8 in your editor")
}

/// Front matter split off a markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    pub format: FrontMatterFormat,
    /// The YAML or TOML text between the fences.
    pub text: &'a str,
    /// 0-based line of the first front matter line in the file.
    pub line_offset: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

/// Split `---` YAML or `+++` TOML front matter from a markdown file. Returns
/// the front matter (if any) and the byte offset where the body starts. An
/// opening fence with no closing fence is not front matter (the whole file is
/// the body), which matches how GitHub renders it.
pub fn split_front_matter(text: &str) -> (Option<FrontMatter<'_>>, usize) {
    let (fence, format) = if text.starts_with("---") {
        ("---", FrontMatterFormat::Yaml)
    } else if text.starts_with("+++") {
        ("+++", FrontMatterFormat::Toml)
    } else {
        return (None, 0);
    };
    let first_end = match text.find('\n') {
        Some(i) => i,
        None => return (None, 0),
    };
    if text[fence.len()..first_end].trim() != "" {
        return (None, 0);
    }
    let content_start = first_end + 1;
    let mut pos = content_start;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..line_end];
        if line.trim_end() == fence
            || (format == FrontMatterFormat::Yaml && line.trim_end() == "...")
        {
            let body = (line_end + 1).min(text.len());
            return (
                Some(FrontMatter {
                    format,
                    text: &text[content_start..pos],
                    line_offset: 1,
                }),
                body,
            );
        }
        if line_end == text.len() {
            break;
        }
        pos = line_end + 1;
    }
    (None, 0)
}

/// Whether `text` opens a front matter fence (`---` or `+++` alone on the
/// first line) that is never closed: [`split_front_matter`] then treats the
/// whole file as the body, but the author most likely forgot the closing
/// fence, so the model reports it.
pub(crate) fn unclosed_front_matter(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim_end();
    (first == "---" || first == "+++") && split_front_matter(text).0.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_toml_front_matter() {
        let (fm, body) = split_front_matter("---\ntitle: A\n---\n# A\n");
        let fm = fm.unwrap();
        assert_eq!(fm.text, "title: A\n");
        assert_eq!(fm.format, FrontMatterFormat::Yaml);
        assert_eq!(body, 17);
        let (fm, _) = split_front_matter("+++\ntitle = 'A'\n+++\nbody");
        assert_eq!(fm.unwrap().format, FrontMatterFormat::Toml);
    }

    #[test]
    fn unclosed_fences_are_detected() {
        assert!(unclosed_front_matter("---\ntitle: A\n# no end"));
        assert!(unclosed_front_matter("+++\ntitle = 1\n"));
        assert!(!unclosed_front_matter("---\na: 1\n---\n"));
        assert!(!unclosed_front_matter("# T\n---\n"));
        assert!(!unclosed_front_matter("----\nx\n"));
    }

    #[test]
    fn unclosed_or_fake_fences_are_body() {
        assert_eq!(split_front_matter("---\ntitle: A\n# no end").0, None);
        assert_eq!(split_front_matter("----\nx\n----\n").0, None);
        assert_eq!(split_front_matter("--- x\n---\n").0, None);
        assert_eq!(split_front_matter("").0, None);
        assert_eq!(split_front_matter("---").0, None);
    }

    #[test]
    fn front_matter_at_end_of_file_without_newline() {
        let (fm, body) = split_front_matter("---\na: 1\n---");
        assert_eq!(fm.unwrap().text, "a: 1\n");
        assert_eq!(body, 12);
    }

    #[test]
    fn decode_handles_bom_crlf_and_bad_utf8() {
        assert_eq!(decode(b"\xef\xbb\xbfa\r\nb".to_vec()).unwrap(), "a\nb");
        assert_eq!(decode(b"ok\n\xff".to_vec()).unwrap_err(), "ok\n");
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for n in [".x.md.swp", "x.md~", "#x.md#", "4913", ".git"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("x.md"));
    }
}
