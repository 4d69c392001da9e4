//! Diagnostics: the one currency every pipeline stage uses to report problems
//! in the user's handbook. A [`Diagnostic`] carries a stable code, a severity,
//! a [`Span`] (file, line, column, byte range) and a help line; this module
//! also renders them as rustc-style snippets (`human`), GitHub workflow
//! annotations (`github`) or one JSON object per line (`json`). It sits at the
//! bottom of the pipeline and imports nothing from it.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

pub use crate::code::Code;

/// How bad a diagnostic is. `check --strict` fails on warnings too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file of the handbook. `line` and `column` are
/// 1-based; the column counts characters. `offset`/`len` are bytes into the
/// whole file and drive the snippet caret.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Path relative to the handbook root, with `/` separators.
    pub file: String,
    pub line: u32,
    pub column: u32,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub len: usize,
}

impl std::fmt::Display for Span {
    /// `file:line:column`, as diagnostics print positions.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Span {
    /// A span for a whole file (no position inside it).
    pub fn file(file: impl Into<String>) -> Self {
        Span {
            file: file.into(),
            line: 1,
            column: 1,
            offset: 0,
            len: 0,
        }
    }

    /// Build a span from a byte range of `text` (the whole file).
    pub fn at(file: &str, text: &str, offset: usize, len: usize) -> Self {
        let (line, column) = line_col(text, offset);
        Span {
            file: file.to_string(),
            line,
            column,
            offset: offset.min(text.len()),
            len,
        }
    }

    /// The span's byte range in `text` (the whole file), on character
    /// boundaries and inside the text: the start moves back and the end
    /// forward to the nearest boundary, and an empty span covers one
    /// character when there is one. Every renderer slices through this, so
    /// no offset or length from any stage can split a character.
    pub fn byte_range(&self, text: &str) -> std::ops::Range<usize> {
        let mut start = self.offset.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = start.saturating_add(self.len.max(1)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }
}

/// 1-based line and character column of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (to_u32(line), to_u32(column))
}

/// Line starts of a text, for turning many byte offsets into spans without
/// rescanning the text each time.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last (offset, column) computed: spans asked for in order along
    /// one long line count characters from there, not from the line start.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The lines of the indexed text around `span`, for a snippet: the line
    /// it starts on through the line it ends on (at most [`EXCERPT_LINES`]),
    /// and the span's byte range within that excerpt.
    pub fn excerpt(&self, span: &Span) -> Excerpt<'a> {
        let range = span.byte_range(self.text);
        // The empty line after a final `\n` is not a line of its own: the
        // end of the file is the end of the last line.
        let lines = match self.starts.last() {
            Some(&s) if s == self.text.len() && self.starts.len() > 1 => self.starts.len() - 1,
            _ => self.starts.len(),
        };
        let first = self
            .starts
            .partition_point(|&s| s <= range.start)
            .min(lines);
        let last = self.starts.partition_point(|&s| s <= range.end).min(lines);
        let last = last.clamp(first, first + EXCERPT_LINES - 1);
        let from = self.starts[first - 1];
        let to = self.starts.get(last).copied().unwrap_or(self.text.len());
        let end = range.end.min(to).max(range.start);
        Excerpt {
            text: &self.text[from..to],
            line: first,
            range: range.start - from..end - from,
        }
    }

    /// Byte offset of a 1-based line/column (characters), as [`offset_of`]
    /// gives it without rescanning the lines before.
    pub(crate) fn offset(&self, line: u32, column: u32) -> usize {
        match self.starts.get((line as usize).saturating_sub(1)) {
            Some(&start) => column_offset(self.text, start, column),
            None => self.text.len(),
        }
    }

    /// The span of a byte range of the indexed text.
    pub fn span(&self, file: &str, offset: usize, len: usize) -> Span {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let column = if last_offset >= start && last_offset <= offset {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        Span {
            file: file.to_string(),
            line: to_u32(line),
            column: to_u32(column),
            offset,
            len,
        }
    }
}

/// Lines shown at most for one diagnostic's snippet.
pub(crate) const EXCERPT_LINES: usize = 8;

/// A few lines of a file around a span, ready for a snippet.
pub struct Excerpt<'a> {
    /// Whole lines, each with its `\n` (the last may lack one).
    pub text: &'a str,
    /// 1-based line number of the first line.
    pub line: usize,
    /// The span's bytes within `text`, on character boundaries.
    pub range: std::ops::Range<usize>,
}

/// Byte offset of a 1-based line/column (characters) in `text`.
pub(crate) fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    column_offset(text, start, column)
}

/// Byte offset of 1-based `column` (characters) on the line starting at
/// byte `start` of `text`.
fn column_offset(text: &str, start: usize, column: u32) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let col = rest
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(rest.len(), |(i, _)| i);
    start + col
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One problem found in the handbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Its code (serialised as the stable kebab-case name, `broken-link`).
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (Option<&Span>, &str, &str) {
        (self.span.as_ref(), self.code.as_str(), &self.message)
    }
}

/// Sort diagnostics by file and position and drop exact duplicates, so output
/// is deterministic whatever order parallel stages produced them in.
pub fn normalize(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// Count of errors and warnings.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// The output formats of `waybook check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Render diagnostics in `format`. `sources` maps relative file paths to their
/// text, for snippets; a file missing from it renders without one.
pub fn render<S: AsRef<str>>(
    diags: &[Diagnostic],
    format: Format,
    sources: &HashMap<String, S>,
    color: bool,
) -> String {
    match format {
        Format::Human => render_human(diags, sources, color),
        Format::Json => render_json(diags),
        Format::Github => render_github(diags),
    }
}

fn render_human<S: AsRef<str>>(
    diags: &[Diagnostic],
    sources: &HashMap<String, S>,
    color: bool,
) -> String {
    use annotate_snippets::Renderer;
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Line starts of each file are computed once, so rendering costs time in
    // proportion to the diagnostics plus the files, not their product.
    let mut indexes: HashMap<&str, LineIndex<'_>> = HashMap::new();
    let mut out = String::new();
    for d in diags {
        let excerpt = d.span.as_ref().and_then(|span| {
            let text = sources
                .get(&span.file)
                .map(|t| t.as_ref())
                .filter(|t| !t.is_empty())?;
            let index = indexes
                .entry(span.file.as_str())
                .or_insert_with(|| LineIndex::new(text));
            Some(index.excerpt(span))
        });
        let _ = writeln!(out, "{}\n", renderer.render(&[human_group(d, excerpt)]));
    }
    let (errors, warnings) = counts(diags);
    let _ = writeln!(
        out,
        "{} error{}, {} warning{}",
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    );
    out
}

/// The snippet group of one diagnostic: its title, the source excerpt (or a
/// `--> file:line:col` note without one) and its help.
fn human_group<'a>(
    d: &'a Diagnostic,
    excerpt: Option<Excerpt<'a>>,
) -> annotate_snippets::Group<'a> {
    use annotate_snippets::{AnnotationKind, Group, Level, Snippet};
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(&d.message).id(d.code.as_str());
    let mut group = Group::with_title(title);
    if let Some(span) = &d.span {
        match excerpt {
            Some(x) => {
                group = group.element(
                    Snippet::source(x.text)
                        .path(span.file.as_str())
                        .line_start(x.line)
                        .fold(true)
                        .annotation(AnnotationKind::Primary.span(x.range)),
                );
            }
            None => {
                let note = format!("--> {}:{}:{}", span.file, span.line, span.column);
                group = group.element(Level::NOTE.message(note));
            }
        }
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// JSON lines, one object per diagnostic. Schema (version 1):
/// `{"code","severity":"error|warning","message","file","line","column","help"}`;
/// `file`, `line`, `column` and `help` may be `null`.
fn render_json(diags: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        code: &'a str,
        severity: Severity,
        message: &'a str,
        file: Option<&'a str>,
        line: Option<u32>,
        column: Option<u32>,
        help: Option<&'a str>,
    }
    let mut out = String::new();
    for d in diags {
        let line = Line {
            code: d.code.as_str(),
            severity: d.severity,
            message: &d.message,
            file: d.span.as_ref().map(|s| s.file.as_str()),
            line: d.span.as_ref().map(|s| s.line),
            column: d.span.as_ref().map(|s| s.column),
            help: d.help.as_deref(),
        };
        if let Ok(json) = serde_json::to_string(&line) {
            out.push_str(&json);
            out.push('\n');
        }
    }
    out
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
fn render_github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(s) = &d.span {
            props.push(format!("file={}", gh_escape_prop(&s.file)));
            props.push(format!("line={}", s.line));
            props.push(format!("col={}", s.column));
        }
        props.push(format!("title={}", gh_escape_prop(d.code.as_str())));
        let mut msg = d.message.clone();
        if let Some(help) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{kind} {}::{}",
            props.join(","),
            gh_escape_data(&msg)
        );
    }
    out
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_prop(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Suggest the closest candidate to `input` ("did you mean"), if one is close.
pub(crate) fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_l = input.to_lowercase();
    let n = input.chars().count();
    let limit = (n / 3).max(1) + 1;
    candidates
        .into_iter()
        // The edit distance is at least the difference in length, and a
        // distance is only worked out as far as `limit`: a handbook with
        // thousands of broken links and ids stays fast.
        .filter_map(|c| {
            let m = c.chars().count();
            if m + limit < n {
                return None;
            }
            // A candidate that extends the input (`nope` → `nope-now`) is a near miss too.
            if input_l.len() >= 3 && lowercase_starts_with(c, &input_l) {
                return Some((1, c));
            }
            if m > n + limit {
                return None;
            }
            Some((levenshtein_within(&input_l, &c.to_lowercase(), limit)?, c))
        })
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Whether `c` lower-cased starts with `prefix` (already lower-case),
/// without allocating.
fn lowercase_starts_with(c: &str, prefix: &str) -> bool {
    let mut lower = c.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| lower.next() == Some(p))
}

/// The edit distance between two strings, by characters, or `None` as
/// soon as it must exceed `limit`.
fn levenshtein_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        // Every later row is at least this row's smallest value.
        if cur.iter().min().is_some_and(|&m| m > limit) {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

/// Format "did you mean `x`?" as a help line, or a fallback.
pub(crate) fn suggestion_help<'a, I>(input: &str, candidates: I, fallback: &str) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match did_you_mean(input, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_lines() {
        let t = "ab\ncé d\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        // 'd' is after a 2-byte char
        let d = t.find('d').unwrap();
        assert_eq!(line_col(t, d), (2, 4));
        assert_eq!(offset_of(t, 2, 4), d);
        let idx = LineIndex::new(t);
        for off in [0, 3, d, t.len()] {
            let s = idx.span("f", off, 1);
            assert_eq!((s.line, s.column), line_col(t, off), "{off}");
        }
    }

    /// Edit distance between two strings, by characters (the reference the
    /// bounded `levenshtein_within` is tested against).
    fn levenshtein(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        let mut cur = vec![0; b.len() + 1];
        for (i, ca) in a.chars().enumerate() {
            cur[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != *cb);
                cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    /// The bounded distance agrees with the full one within its limit.
    #[test]
    fn bounded_distance_agrees() {
        let words = [
            "",
            "a",
            "vote",
            "voting",
            "maintainer",
            "maintainr",
            "東京",
            "straße",
            "strasse",
        ];
        for a in words {
            for b in words {
                let d = levenshtein(a, b);
                for limit in 0..6 {
                    let want = Some(d).filter(|&d| d <= limit);
                    assert_eq!(levenshtein_within(a, b, limit), want, "{a} {b} {limit}");
                }
            }
        }
        assert!(lowercase_starts_with("Nope-Now", "nope"));
        assert!(!lowercase_starts_with("No", "nope"));
    }

    #[test]
    fn did_you_mean_finds_close_ids() {
        let c = ["maintainer", "reviewer", "steering-committee"];
        assert_eq!(did_you_mean("maintainr", c), Some("maintainer"));
        assert_eq!(did_you_mean("zzz", c), None);
    }

    #[test]
    fn github_format_escapes_and_positions() {
        let d = Diagnostic::error(Code::BrokenLink, "no such file: a,b.md")
            .with_span(Span {
                file: "docs/x.md".into(),
                line: 3,
                column: 5,
                offset: 0,
                len: 0,
            })
            .with_help("fix it");
        let out = render(
            &[d],
            Format::Github,
            &HashMap::<String, String>::new(),
            false,
        );
        assert_eq!(
            out,
            "::error file=docs/x.md,line=3,col=5,title=broken-link::no such file: a,b.md%0Ahelp: fix it\n"
        );
    }

    #[test]
    fn human_format_has_snippet_and_summary() {
        let text = "# T\n\nsee [x](nope.md)\n";
        let off = text.find("[x]").unwrap();
        let d = Diagnostic::error(Code::BrokenLink, "link target `nope.md` does not exist")
            .with_span(Span::at("a.md", text, off, 14));
        let mut m = HashMap::new();
        m.insert("a.md".to_string(), text.to_string());
        let out = render(&[d], Format::Human, &m, false);
        assert!(out.contains("a.md:3:5"), "{out}");
        assert!(out.contains("see [x](nope.md)"), "{out}");
        assert!(out.contains("1 error, 0 warnings"), "{out}");
    }

    /// The snippet of a span rendered from the whole file (the old way).
    fn whole_file_human(d: &Diagnostic, text: &str) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let span = d.span.as_ref().unwrap();
        let title = Level::ERROR.primary_title(&d.message).id(d.code.as_str());
        let group = Group::with_title(title).element(
            Snippet::source(text)
                .path(span.file.as_str())
                .fold(true)
                .annotation(AnnotationKind::Primary.span(span.byte_range(text))),
        );
        format!("{}\n\n", Renderer::plain().render(&[group]))
    }

    #[test]
    fn excerpt_snippets_match_whole_file_snippets() {
        let texts = [
            "# T\n\nsee [x](nope.md)\n",
            "a\n\n\nb\nc",
            "役割\nJosé\n",
            "one line no newline",
            "x\n",
        ];
        for text in texts {
            for offset in 0..=text.len() {
                for len in [0, 1, 3, 7] {
                    let span = Span {
                        file: "f.md".into(),
                        line: 1,
                        column: 1,
                        offset,
                        len,
                    };
                    let d = Diagnostic::error(Code::BrokenLink, "m").with_span(span);
                    let mut m = HashMap::new();
                    m.insert("f.md".to_string(), text.to_string());
                    let ours = render(std::slice::from_ref(&d), Format::Human, &m, false);
                    let theirs = whole_file_human(&d, text);
                    assert_eq!(
                        ours.trim_end_matches("1 error, 0 warnings\n"),
                        theirs,
                        "{text:?} {offset} {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn byte_range_stays_on_char_boundaries() {
        let text = "José 役";
        for offset in 0..text.len() + 3 {
            for len in 0..6 {
                let s = Span {
                    file: "f".into(),
                    line: 1,
                    column: 1,
                    offset,
                    len,
                };
                let r = s.byte_range(text);
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                assert!(r.start <= r.end && r.end <= text.len());
            }
        }
    }
}
