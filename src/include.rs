//! `{include}` expansion rules shared by checking and rendering, so both see
//! the same thing: where an include argument points, which part of the file
//! it takes, which include directives a text holds (also inside other
//! directives' bodies), and the limits: no file may include itself through
//! any chain, a folder is not a file, and one page expands at most
//! [`MAX_INCLUDED_BYTES`] of included text. [`Checker`] walks the include
//! graph once per file (memoised) and reports problems with their chain.
//! Sits just above `markup`; knows only file paths and texts.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::Event;

use crate::code::Code;
use crate::markup::{Fence, RoleAt, Visitor, directive, normalize_colon_fences, walk};
use crate::myst::{Body, Render};
use crate::source::Files;

/// Most included text one page may expand, in bytes (16 MiB), counting
/// every nested include each time it is expanded.
pub(crate) const MAX_INCLUDED_BYTES: usize = 16 * 1024 * 1024;

/// How deep directives (includes, admonitions…) nest before rendering stops.
pub(crate) const MAX_DEPTH: usize = 16;

/// Most includes in one chain (a page including a file that includes …).
pub(crate) const MAX_INCLUDE_DEPTH: usize = 8;

/// One `{include}` / `{literalinclude}` directive in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct IncludeAt {
    pub literal: bool,
    pub argument: String,
    pub start_after: Option<String>,
    pub end_before: Option<String>,
    /// Offset of the opening fence in the text.
    pub offset: usize,
}

/// The handbook path an include argument names, from the file holding the
/// directive; `None` if it climbs out of the handbook.
pub(crate) fn target_path(from_file: &str, argument: &str) -> Option<String> {
    let dir = from_file.rfind('/').map_or("", |i| &from_file[..i]);
    let arg = argument.trim();
    let joined = match arg.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}/{arg}"),
    };
    crate::paths::normalize_path(&joined)
}

/// The part of an included text the directive takes (`start-after`, `end-before`).
pub(crate) fn slice<'a>(
    text: &'a str,
    start_after: Option<&str>,
    end_before: Option<&str>,
) -> &'a str {
    let mut s = text;
    if let Some(after) = start_after
        && let Some(i) = s.find(after)
    {
        s = &s[i + after.len()..];
    }
    if let Some(before) = end_before
        && let Some(i) = s.find(before)
    {
        s = &s[..i];
    }
    s
}

/// Whether `path` is a folder of the handbook (some file lies under it).
pub(crate) fn is_folder(files: &Files, path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let prefix = format!("{path}/");
    files
        .keys_from(&prefix)
        .next()
        .is_some_and(|k| k.starts_with(&prefix))
}

/// Every include directive of a markdown text, in order, including those
/// inside other directives' bodies (offsets there are relative to `text`).
pub(crate) fn directives(text: &str) -> Vec<IncludeAt> {
    let mut out = Vec::new();
    let text = normalize_colon_fences(text);
    collect(&text, 0, 0, &mut out);
    out
}

fn collect(text: &str, base: usize, depth: usize, out: &mut Vec<IncludeAt>) {
    walk(text, base, &mut Collect { depth, out });
}

/// The include pass: a [`walk`] visitor that only looks at fences.
struct Collect<'o> {
    depth: usize,
    out: &'o mut Vec<IncludeAt>,
}

impl Visitor<'_> for Collect<'_> {
    fn event(&mut self, _: Event<'_>, _: std::ops::Range<usize>) {}
    fn role(&mut self, _: RoleAt<'_>) {}
    fn label(&mut self, _: &str, _: &str, _: std::ops::Range<usize>) {}
    fn fence(&mut self, f: &Fence<'_>) {
        block(
            f.info,
            f.content,
            f.at.content,
            f.at.fence,
            self.depth,
            self.out,
        );
    }
}

fn block(
    info: &str,
    content: &str,
    at: usize,
    fence: usize,
    depth: usize,
    out: &mut Vec<IncludeAt>,
) {
    let Some(d) = directive(info, content, at) else {
        return;
    };
    let opt = |k: &str| {
        d.options
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| (*v).to_string())
    };
    let spec = crate::myst::directive(d.name);
    match spec.map(|s| (s.render, s.body)) {
        Some((Render::Include | Render::LiteralInclude, _)) => out.push(IncludeAt {
            literal: d.name == "literalinclude",
            argument: d.argument.to_string(),
            start_after: opt("start-after"),
            end_before: opt("end-before"),
            offset: fence,
        }),
        // Literal bodies, and unknown directives (shown as written).
        Some((_, Body::Literal)) | None => {}
        _ if depth + 1 < MAX_DEPTH => {
            let body = normalize_colon_fences(d.body);
            collect(&body, d.body_offset, depth + 1, out);
            if !d.argument.is_empty() && spec.is_some_and(crate::myst::Directive::is_box) {
                collect(d.argument, usize::MAX / 2, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// Something wrong with one include directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The chain of files from the including file back to itself.
    Cycle(Vec<String>),
    /// The argument names a folder.
    Folder(String),
    /// Expanding this directive passes [`MAX_INCLUDED_BYTES`] for the page;
    /// the chain leads to the include where the total crossed it.
    TooLarge { chain: Vec<String> },
    /// The longest chain of includes through this directive is longer
    /// than [`MAX_INCLUDE_DEPTH`].
    TooDeep(Vec<String>),
}

impl Problem {
    /// Diagnostic code, message and help.
    pub(crate) fn describe(&self) -> (Code, String, String) {
        match self {
            Problem::Cycle(chain) => (
                Code::IncludeCycle,
                format!("`{{include}}` cycle: {}", chain.join(" → ")),
                "a file cannot include itself, directly or through other files; remove one include of the chain".into(),
            ),
            Problem::Folder(p) => (
                Code::IncludeFolder,
                format!("`{{include}}` names the folder `{p}`, not a file"),
                "include one file, e.g. a markdown file inside that folder".into(),
            ),
            Problem::TooLarge { chain } => (
                Code::IncludeTooLarge,
                format!(
                    "includes expand to more than {} MiB on this page: {}",
                    MAX_INCLUDED_BYTES >> 20,
                    chain.join(" → ")
                ),
                "a file included many times over is copied each time; include it once, or split the page".into(),
            ),
            Problem::TooDeep(chain) => (
                Code::IncludeTooDeep,
                format!(
                    "more than {MAX_INCLUDE_DEPTH} includes nested: {}",
                    chain.join(" → ")
                ),
                "include the innermost files directly from this page instead".into(),
            ),
        }
    }
}

/// Walks the include graph of a handbook's text files, memoising how many
/// bytes each (file, part) expands to.
pub(crate) struct Checker<'a> {
    files: &'a Files,
    /// Include directives per file (parsed once).
    parsed: HashMap<&'a str, Vec<IncludeAt>>,
    /// Expanded size of an include from a file (cycles count as 0).
    sizes: HashMap<(String, IncludeAt), usize>,
    /// The longest include chain below each file (the file first).
    chains: HashMap<String, Vec<String>>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(files: &'a Files) -> Self {
        Checker {
            files,
            parsed: HashMap::new(),
            sizes: HashMap::new(),
            chains: HashMap::new(),
        }
    }

    fn includes_of(&mut self, path: &str) -> Vec<IncludeAt> {
        let Some((k, text)) = self.files.get_key_value(path) else {
            return Vec::new();
        };
        self.parsed
            .entry(k.as_str())
            .or_insert_with(|| directives(&text))
            .clone()
    }

    /// Problems of the include directives `incs` of a text in `file`, with
    /// the offset of each directive that has one. The byte budget is shared
    /// by all of them (one page).
    pub(crate) fn check(&mut self, file: &str, incs: &[IncludeAt]) -> Vec<(usize, Problem)> {
        let mut out = Vec::new();
        let mut total = 0usize;
        let mut over = false;
        let mut deep = false;
        for inc in incs {
            let Some(target) = target_path(file, &inc.argument) else {
                continue; // reported by link resolution
            };
            if !self.files.contains_key(&target) {
                continue; // missing or a folder: reported by link resolution
            }
            if !inc.literal
                && let Some(chain) = self.cycle_through(file, &target)
            {
                out.push((inc.offset, Problem::Cycle(chain)));
                continue;
            }
            if !inc.literal {
                let below = self.longest(&target, &mut vec![file.to_string()]);
                if below.len() > MAX_INCLUDE_DEPTH {
                    if !deep {
                        deep = true;
                        let mut chain = vec![file.to_string()];
                        chain.extend(below.into_iter().take(MAX_INCLUDE_DEPTH + 1));
                        out.push((inc.offset, Problem::TooDeep(chain)));
                    }
                    continue;
                }
            }
            let size = self.size(file, inc, &mut vec![file.to_string()]);
            if !over && total.saturating_add(size) > MAX_INCLUDED_BYTES {
                over = true;
                let chain = self.crossing(file, inc, total);
                out.push((inc.offset, Problem::TooLarge { chain }));
            }
            total = total.saturating_add(size);
        }
        out
    }

    /// A chain `file → target → … → file` if `target` leads back to
    /// `file`, reported only from the cycle's first file (by path) so one
    /// cycle gives one error.
    fn cycle_through(&mut self, file: &str, target: &str) -> Option<Vec<String>> {
        let mut seen = HashSet::new();
        let mut chain = vec![file.to_string()];
        if !self.path_to(target, file, &mut chain, &mut seen) {
            return None;
        }
        let first = chain.iter().min()?;
        (first == file).then_some(chain)
    }

    fn path_to(
        &mut self,
        at: &str,
        goal: &str,
        chain: &mut Vec<String>,
        seen: &mut HashSet<String>,
    ) -> bool {
        chain.push(at.to_string());
        if at == goal {
            return true;
        }
        if seen.insert(at.to_string()) && chain.len() <= 4 * MAX_DEPTH {
            for inc in self.includes_of(at) {
                if inc.literal {
                    continue;
                }
                if let Some(next) = target_path(at, &inc.argument)
                    && self.files.contains_key(&next)
                    && self.path_to(&next, goal, chain, seen)
                {
                    return true;
                }
            }
        }
        chain.pop();
        false
    }

    /// The longest chain of files `path` includes, nested (`path` first);
    /// files already in `stack` (cycles) end a chain.
    fn longest(&mut self, path: &str, stack: &mut Vec<String>) -> Vec<String> {
        if let Some(c) = self.chains.get(path) {
            return c.clone();
        }
        let mut best: Vec<String> = Vec::new();
        if stack.len() <= 2 * MAX_INCLUDE_DEPTH {
            stack.push(path.to_string());
            for inc in self.includes_of(path) {
                let Some(next) = target_path(path, &inc.argument) else {
                    continue;
                };
                if inc.literal || stack.contains(&next) || !self.files.contains_key(&next) {
                    continue;
                }
                let c = self.longest(&next, stack);
                if c.len() > best.len() {
                    best = c;
                }
            }
            stack.pop();
        }
        best.insert(0, path.to_string());
        self.chains.insert(path.to_string(), best.clone());
        best
    }

    /// Bytes an include from `file` expands to, nested includes counted
    /// each time; includes back into `stack` count 0.
    fn size(&mut self, file: &str, inc: &IncludeAt, stack: &mut Vec<String>) -> usize {
        let key = (file.to_string(), inc.clone());
        if let Some(&s) = self.sizes.get(&key) {
            return s;
        }
        let Some(target) = target_path(file, &inc.argument) else {
            return 0;
        };
        let Some(text) = self.files.get(&target) else {
            return 0;
        };
        if stack.contains(&target) || stack.len() > MAX_DEPTH {
            return 0;
        }
        let part = slice(&text, inc.start_after.as_deref(), inc.end_before.as_deref());
        let mut total = part.len();
        if !inc.literal {
            stack.push(target.clone());
            for nested in directives(part) {
                total = total.saturating_add(self.size(&target, &nested, stack));
            }
            stack.pop();
        }
        self.sizes.insert(key, total);
        total
    }

    /// The chain from `file` through `inc` to the include where a running
    /// total that starts at `before` passes the limit.
    fn crossing(&mut self, file: &str, inc: &IncludeAt, before: usize) -> Vec<String> {
        let mut chain = vec![file.to_string()];
        let (mut file, mut inc, mut total) = (file.to_string(), inc.clone(), before);
        while let Some(target) = target_path(&file, &inc.argument) {
            chain.push(target.clone());
            if chain.len() > 2 * MAX_DEPTH {
                break;
            }
            let Some(text) = self.files.get(&target) else {
                break;
            };
            let part = slice(&text, inc.start_after.as_deref(), inc.end_before.as_deref());
            total = total.saturating_add(part.len());
            if total > MAX_INCLUDED_BYTES || inc.literal {
                break;
            }
            let mut next = None;
            for nested in directives(part) {
                let s = self.size(&target, &nested, &mut chain.clone());
                if total.saturating_add(s) > MAX_INCLUDED_BYTES {
                    next = Some(nested);
                    break;
                }
                total = total.saturating_add(s);
            }
            match next {
                Some(n) => (file, inc) = (target, n),
                None => break,
            }
        }
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter()
            .map(|(k, v)| (k.to_string(), (*v).into()))
            .collect()
    }

    fn problems(fs: &Files, file: &str) -> Vec<Problem> {
        let incs = directives(&fs.get(file).unwrap_or_default());
        Checker::new(fs)
            .check(file, &incs)
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    }

    #[test]
    fn finds_includes_inside_admonitions_and_colon_fences() {
        let t = "```{include} a.md\n```\n\n:::{note}\n```{include} ../b.md\n:start-after: x\n```\n:::\n";
        let d = directives(t);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].argument, "../b.md");
        assert_eq!(d[1].start_after.as_deref(), Some("x"));
    }

    #[test]
    fn self_and_mutual_includes_are_cycles_reported_once() {
        let fs = files(&[("a.md", "```{include} a.md\n```\n")]);
        assert_eq!(
            problems(&fs, "a.md"),
            vec![Problem::Cycle(vec!["a.md".into(), "a.md".into()])]
        );
        let fs = files(&[
            ("d/a.md", "```{include} b.md\n```\n"),
            ("d/b.md", "```{include} ./a.md\n```\n"),
        ]);
        assert_eq!(
            problems(&fs, "d/a.md"),
            vec![Problem::Cycle(vec![
                "d/a.md".into(),
                "d/b.md".into(),
                "d/a.md".into()
            ])]
        );
        assert!(problems(&fs, "d/b.md").is_empty());
    }

    #[test]
    fn include_chains_longer_than_the_limit() {
        let n = MAX_INCLUDE_DEPTH + 1;
        let mut fs: Files = (0..n)
            .map(|i| {
                (
                    format!("f{i}.md"),
                    format!("```{{include}} f{}.md\n```\n", i + 1).into(),
                )
            })
            .collect();
        fs.insert(format!("f{n}.md"), "end".into());
        let p = problems(&fs, "f0.md");
        let [Problem::TooDeep(chain)] = p.as_slice() else {
            panic!("{p:?}")
        };
        assert_eq!(chain.len(), n + 1, "{chain:?}");
        assert!(
            problems(&fs, "f1.md").is_empty(),
            "{MAX_INCLUDE_DEPTH} nested includes are fine"
        );
    }

    #[test]
    fn folders_and_exponential_includes() {
        let fs = files(&[("sub/x.md", "x")]);
        assert!(is_folder(&fs, "sub") && is_folder(&fs, "") && !is_folder(&fs, "su"));
        // f0 includes f1 ten times, … f7 holds 1 KiB: 10^7 KiB in all.
        let mut list: Vec<(String, String)> = (0..7)
            .map(|i| {
                let inc = format!("```{{include}} f{}.md\n```\n\n", i + 1);
                (format!("f{i}.md"), inc.repeat(10))
            })
            .collect();
        list.push(("f7.md".into(), "y".repeat(1024)));
        let fs: Files = list.into_iter().map(|(k, v)| (k, v.into())).collect();
        let p = problems(&fs, "f0.md");
        let [Problem::TooLarge { chain }] = p.as_slice() else {
            panic!("{p:?}")
        };
        assert_eq!(chain.first().map(String::as_str), Some("f0.md"));
        assert!(chain.len() > 2, "{chain:?}");
    }
}
