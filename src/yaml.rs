//! All YAML parsing goes through this module (config, front matter, roles,
//! journeys, glossary, people), so the YAML crate can be swapped in one place.
//! We use `serde-saphyr`: pure Rust, maintained, panic-free, and its
//! [`Spanned`] wrapper gives every value a line and column, which is what lets
//! governance diagnostics point at the offending id in a journey file. Errors
//! come back as [`Diagnostic`]s positioned in the *file*, not the YAML block.
//! [`parse_lenient`] recovers from a bad key (unknown, wrong type, badly
//! indented) by blanking it and parsing again, so one typo costs one key and
//! one diagnostic, not the whole entity.

use serde::de::DeserializeOwned;

use crate::code::Code;
use crate::diag::{Diagnostic, LineIndex, Span, offset_of};

pub use serde_saphyr::Spanned;

/// Where a YAML block sits inside its file: the file's relative path, its full
/// text, and the 0-based line the YAML starts on (non-zero for front matter).
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub file_text: &'a str,
    pub line_offset: u32,
    /// `file_text`'s line starts, for a file with many values (a people
    /// list): without them each span counts lines from the start.
    pub lines: Option<&'a LineIndex<'a>>,
}

impl Origin<'_> {
    /// File span of a YAML location (1-based line/column within the block).
    pub fn span(&self, line: u64, column: u64, len: usize) -> Span {
        let line = u32::try_from(line).unwrap_or(u32::MAX).max(1) + self.line_offset;
        let column = u32::try_from(column).unwrap_or(u32::MAX).max(1);
        let offset = match self.lines {
            Some(l) => l.offset(line, column),
            None => offset_of(self.file_text, line, column),
        };
        Span {
            file: self.file.to_string(),
            line,
            column,
            offset,
            len,
        }
    }

    /// File span of a spanned value.
    pub(crate) fn span_of<T>(&self, v: &Spanned<T>, len: usize) -> Span {
        self.span(v.referenced.line(), v.referenced.column(), len)
    }
}

/// Parse `yaml` into `T`. Unknown keys are errors where `T` says
/// `deny_unknown_fields`; the error carries the key's position and a
/// "did you mean" when the key is a near miss of an expected one.
pub fn parse<T: DeserializeOwned>(yaml: &str, origin: Origin<'_>) -> Result<T, Box<Diagnostic>> {
    parse_raw(yaml).map_err(|e| Box::new(diagnostic(&e, yaml, origin)))
}

fn parse_raw<T: DeserializeOwned>(yaml: &str) -> Result<T, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<T>(yaml, options)
}

/// What [`parse_lenient`] recovered.
pub struct Lenient<T> {
    /// The value with every key that failed removed, or `None` when nothing
    /// could be recovered (a syntax error the key removal does not fix).
    pub value: Option<T>,
    /// One diagnostic per key that failed, in the order found.
    pub diags: Vec<Diagnostic>,
    /// Keys removed, and the keys they were probably meant to be: a missing
    /// field in this list was already reported through its misspelling.
    pub touched: Vec<String>,
}

/// Most keys removed from one file before giving up on it.
const MAX_RECOVERIES: usize = 32;

/// Parse `yaml` into `T` the way a compiler recovers: when a key is unknown,
/// has a value of the wrong type or is badly indented, report it, blank that
/// key and everything nested under it (keeping every other line and column
/// where it was) and parse again, so the entity keeps the fields that parsed
/// and one typo gives one diagnostic.
pub fn parse_lenient<T: DeserializeOwned>(yaml: &str, origin: Origin<'_>) -> Lenient<T> {
    let mut work = yaml.to_string();
    let mut out = Lenient {
        value: None,
        diags: Vec::new(),
        touched: Vec::new(),
    };
    for _ in 0..MAX_RECOVERIES {
        let e = match parse_raw::<T>(&work) {
            Ok(v) => {
                out.value = Some(v);
                return out;
            }
            Err(e) => e,
        };
        let d = diagnostic(&e, yaml, origin);
        let missing = missing_field(&d.message);
        if !missing.is_some_and(|m| out.touched.iter().any(|t| t == m)) {
            out.diags.push(d.clone());
        }
        let Some(loc) = e.location().filter(|_| budget_breach(&e).is_none()) else {
            return out;
        };
        let Some((removed, parent)) = blank_key_block_in(&mut work, loc.line(), loc.column())
        else {
            return out;
        };
        out.touched.extend(parent);
        if let Some(rest) = d.message.split("unknown field `").nth(1) {
            let help = d.help.as_deref().unwrap_or("");
            out.touched
                .extend(help.split('`').nth(1).map(str::to_string));
            out.touched
                .push(rest.split('`').next().unwrap_or("").to_string());
        }
        out.touched.push(removed);
    }
    out
}

/// The field named by a "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// The diagnostic of a parse error, positioned in the file.
fn diagnostic(e: &serde_saphyr::Error, yaml: &str, origin: Origin<'_>) -> Diagnostic {
    if let Some(breach) = budget_breach(e) {
        return budget_diagnostic(e, breach, origin);
    }
    let render = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let raw = original_error(e).render_with_options(render);
    let message = strip_location_suffix(&raw);
    let span = match e.location() {
        Some(loc) => origin.span(
            loc.line(),
            loc.column(),
            key_len(yaml, loc.line(), loc.column()),
        ),
        None => origin.span(1, 1, 0),
    };
    let help = yaml_help(&message);
    Diagnostic::error(Code::InvalidYaml, message)
        .with_span(span)
        .with_help(help)
}

/// The error under alias and snippet wrappers.
fn original_error(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = e
    {
        e = error;
    }
    e
}

fn budget_breach(e: &serde_saphyr::Error) -> Option<&serde_saphyr::budget::BudgetBreach> {
    match original_error(e) {
        serde_saphyr::Error::Budget { breach, .. } => Some(breach),
        _ => None,
    }
}

/// A resource limit hit while reading YAML, most often an "alias bomb"
/// (anchors nesting aliases of each other, expanding to billions of values):
/// pointed at the alias that was being expanded, with the anchor it repeats.
fn budget_diagnostic(
    e: &serde_saphyr::Error,
    breach: &serde_saphyr::budget::BudgetBreach,
    origin: Origin<'_>,
) -> Diagnostic {
    use serde_saphyr::budget::BudgetBreach as B;
    let what = match breach {
        B::Nodes { nodes } => format!(
            "YAML aliases here expand to too many values (more than {})",
            nodes.saturating_sub(1)
        ),
        B::Aliases { aliases } => format!(
            "this YAML uses too many aliases (more than {})",
            aliases.saturating_sub(1)
        ),
        B::AliasAnchorRatio { .. } => {
            "YAML aliases here expand far beyond the size of the file".to_string()
        }
        B::Depth { depth } => format!("YAML nesting is too deep ({depth} levels)"),
        _ => "this YAML is too large to read safely".to_string(),
    };
    let (used, defined) = match e.locations() {
        Some(l) => (Some(l.reference_location), Some(l.defined_location)),
        None => (e.location(), None),
    };
    let span = used.map_or_else(
        || origin.span(1, 1, 0),
        |l| origin.span(l.line(), l.column(), 1),
    );
    let anchor = defined
        .filter(|l| l.line() > 0)
        .map(|l| origin.span(l.line(), l.column(), 1))
        .filter(|s| s.line != span.line)
        .map(|s| format!(" (the anchor it repeats is at line {})", s.line))
        .unwrap_or_default();
    Diagnostic::error(Code::InvalidYaml, what)
        .with_span(span)
        .with_help(match breach {
            B::Aliases { .. } => "write the values out instead of repeating aliases".to_string(),
            _ => format!("write the values out instead of nesting aliases of aliases{anchor}"),
        })
}

/// Blank (with spaces, keeping every line and column) the mapping entry
/// that holds 1-based `line`/`column`: the nearest key at or before that
/// position, and every line nested under it. Returns the key, or `None`
/// when there is no such key or nothing left to blank.
#[cfg(test)]
fn blank_key_block(text: &mut String, line: u64, column: u64) -> Option<String> {
    blank_key_block_in(text, line, column).map(|(key, _)| key)
}

/// [`blank_key_block`], also returning the key that held the blanked one
/// (whose value may now be empty), if any.
fn blank_key_block_in(
    text: &mut String,
    line: u64,
    column: u64,
) -> Option<(String, Option<String>)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = usize::try_from(line).ok()?.checked_sub(1)?;
    let column = usize::try_from(column).ok()?.saturating_sub(1);
    let (key_line, key_col) = enclosing_key(&lines, line.min(lines.len().checked_sub(1)?), column)?;
    let key = key_name(lines[key_line], key_col);
    let parent = (key_col > 0)
        .then(|| enclosing_key(&lines, key_line, key_col.saturating_sub(1)))
        .flatten()
        .filter(|&(l, c)| l < key_line && c < key_col)
        .map(|(l, c)| key_name(lines[l], c));
    let sequence_value = lines[key_line].trim_end().ends_with(':');
    let mut end = key_line + 1;
    let mut last = key_line;
    while end < lines.len() {
        let l = lines[end];
        let content = l.trim_start();
        if !(content.is_empty() || content.starts_with('#')) {
            let indent = indent_of(l);
            let nested = indent > key_col
                || (sequence_value && indent == key_col && content.starts_with('-'));
            if !nested {
                break;
            }
            last = end;
        }
        end += 1;
    }
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i == key_line {
            out.extend(l.chars().take(key_col));
            out.extend(l.chars().skip(key_col).map(|_| ' '));
        } else if i > key_line && i <= last {
            out.extend(l.chars().map(|_| ' '));
        } else {
            out.push_str(l);
        }
    }
    if out == *text {
        return None;
    }
    *text = out;
    Some((key, parent))
}

/// The key that starts at character `col` of a line, unquoted.
fn key_name(line: &str, col: usize) -> String {
    let key: String = line.chars().skip(col).take_while(|&c| c != ':').collect();
    key.trim().trim_matches(['"', '\'']).to_string()
}

/// Character column of the first non-space character of a line.
fn indent_of(line: &str) -> usize {
    line.chars().take_while(|&c| c == ' ').count()
}

/// Character column of the key a line starts with (after `- ` list
/// markers), when it does: `  - title: x` → 4.
fn key_column(line: &str) -> Option<usize> {
    let mut col = indent_of(line);
    let mut rest = &line[col..];
    while let Some(r) = rest.strip_prefix('-').filter(|r| r.starts_with(' ')) {
        let spaces = r.chars().take_while(|&c| c == ' ').count();
        col += 1 + spaces;
        rest = &r[spaces..];
    }
    let key_end = rest.find(':')?;
    let key = &rest[..key_end];
    let after = &rest[key_end + 1..];
    let plain = !key.is_empty()
        && !key.starts_with(['#', '{', '[', '&', '*', '!', '|', '>'])
        && (after.is_empty() || after.starts_with([' ', '\t']));
    plain.then_some(col)
}

/// The line and column of the key whose entry holds `line`/`column`
/// (0-based): a key on that line at or before the column, else the nearest
/// key above that is less indented than the line.
fn enclosing_key(lines: &[&str], line: usize, column: usize) -> Option<(usize, usize)> {
    if let Some(k) = key_column(lines[line]).filter(|&k| k <= column) {
        return Some((line, k));
    }
    let here = lines[line];
    let mut limit = if here.trim().is_empty() {
        usize::MAX
    } else {
        indent_of(here)
    };
    for i in (0..line).rev() {
        let l = lines[i];
        let content = l.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(k) = key_column(l)
            && k < limit
        {
            return Some((i, k));
        }
        limit = limit.min(indent_of(l).max(1));
    }
    None
}

/// Length of the token at a 1-based line/column of `yaml` (for the caret).
fn key_len(yaml: &str, line: u64, column: u64) -> usize {
    let l = u32::try_from(line).unwrap_or(1);
    let c = u32::try_from(column).unwrap_or(1);
    let off = offset_of(yaml, l, c);
    yaml[off..]
        .find([':', '\n', ',', ']', '}'])
        .unwrap_or(yaml.len() - off)
        .max(1)
}

/// serde-saphyr appends " at line N column M"; we show the position in the span.
fn strip_location_suffix(msg: &str) -> String {
    let msg = msg.lines().next().unwrap_or(msg);
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn yaml_help(message: &str) -> String {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = message
            .split("expected one of ")
            .nth(1)
            .or_else(|| message.split("expected ").nth(1))
            .map(|s| {
                s.split(',')
                    .map(|x| x.trim().trim_matches('`').trim_end_matches('`'))
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        return crate::diag::suggestion_help(
            unknown,
            expected.iter().copied(),
            "remove the key, or move it under `extra:` (free-form)",
        );
    }
    let wrong_type = if message.starts_with("expected sequence") {
        Some("write a list here: `[a, b]`, or one `- item` per line")
    } else if message.starts_with("expected mapping") {
        Some("write `key: value` pairs here, one per line")
    } else if message.starts_with("expected string") {
        Some("write text here; quote it if it starts with `[`, `{`, `*`, `&` or holds `: `")
    } else if message.starts_with("invalid ") {
        Some("this value has the wrong type for its key (see the README for the field)")
    } else {
        None
    };
    wrong_type
        .unwrap_or("fix the YAML syntax at this position (check indentation and quoting)")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_from_line_starts_are_the_counted_ones() {
        let text = "- id: zoë\n  name: Zoë Ñandú\n\n- id: 東京\r\n  name: \"دليل\"\n- id: x";
        let lines = LineIndex::new(text);
        let plain = Origin {
            file: "people.yml",
            file_text: text,
            line_offset: 0,
            lines: None,
        };
        let indexed = Origin {
            lines: Some(&lines),
            ..plain
        };
        for line in 1..=8 {
            for column in 1..=20 {
                assert_eq!(
                    indexed.span(line, column, 1).offset,
                    plain.span(line, column, 1).offset,
                    "{line}:{column}"
                );
            }
        }
        assert_eq!(indexed.span(4, 7, 1).offset, text.find("東京").unwrap());
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Role {
        title: String,
        responsibilities: Option<Vec<String>>,
        holders: Option<Vec<Spanned<String>>>,
    }

    fn origin(text: &str) -> Origin<'_> {
        Origin {
            file: "roles/r.md",
            file_text: text,
            line_offset: 1,
            lines: None,
        }
    }

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let file = "---\ntitle: X\nresponsibilites: [a]\n---\n";
        let yaml = "title: X\nresponsibilites: [a]\n";
        let err = parse::<Role>(yaml, origin(file)).unwrap_err();
        let span = err.span.clone().unwrap();
        assert_eq!((span.line, span.column), (3, 1), "{err:?}");
        assert!(err.message.contains("responsibilites"), "{}", err.message);
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `responsibilities`?")
        );
    }

    #[test]
    fn spanned_values_map_to_file_lines() {
        let file = "---\ntitle: X\nholders:\n  - ada\n  - grace\n---\n";
        let yaml = "title: X\nholders:\n  - ada\n  - grace\n";
        let o = origin(file);
        let r: Role = parse(yaml, o).unwrap();
        let h = r.holders.unwrap();
        let s = o.span_of(&h[1], 5);
        assert_eq!((s.line, s.column), (5, 5));
        assert_eq!(&file[s.offset..s.offset + 5], "grace");
    }

    #[test]
    fn syntax_error_is_a_diagnostic_not_a_panic() {
        let yaml = "title: [unclosed\n";
        let err = parse::<Role>(yaml, origin(yaml)).unwrap_err();
        assert_eq!(err.code, Code::InvalidYaml);
        assert!(err.span.is_some());
    }

    #[test]
    fn blanking_a_key_keeps_lines_and_columns() {
        let mut text = "title: X\nbogus:\n  - a\n  - b\nholders: [ada]\n".to_string();
        assert_eq!(blank_key_block(&mut text, 2, 1).as_deref(), Some("bogus"));
        assert_eq!(text, "title: X\n      \n     \n     \nholders: [ada]\n");
        // A key inside a list item: the dash and the item's siblings stay.
        let mut text = "steps:\n  - titel: A\n    roles: [r]\n  - title: B\n".to_string();
        assert_eq!(blank_key_block(&mut text, 2, 5).as_deref(), Some("titel"));
        assert_eq!(text, "steps:\n  -         \n    roles: [r]\n  - title: B\n");
        // Bad indentation: the error is on the stray line, the entry above goes.
        let mut text = "title: X\nholders:\n  - ada\n - bob\nstage: lead\n".to_string();
        assert_eq!(blank_key_block(&mut text, 4, 2).as_deref(), Some("holders"));
        assert!(text.starts_with("title: X\n") && text.ends_with("stage: lead\n"));
        assert_eq!(text.lines().count(), 5);
    }

    #[test]
    fn lenient_parse_keeps_what_parsed_and_reports_each_key_once() {
        let file = "---\ntitle: X\nresponsibilites: [a]\nholders: {a: 1}\n---\n";
        let yaml = "title: X\nresponsibilites: [a]\nholders: {a: 1}\n";
        let r = parse_lenient::<Role>(yaml, origin(file));
        let role = r.value.unwrap();
        assert_eq!(role.title, "X");
        assert!(role.holders.is_none());
        let lines: Vec<u32> = r
            .diags
            .iter()
            .map(|d| d.span.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [3, 4], "{:?}", r.diags);
        assert!(r.touched.contains(&"responsibilities".to_string()));
    }

    #[test]
    fn alias_bomb_is_one_clear_diagnostic() {
        let mut yaml = String::from("title: X\nextra:\n  l0: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            yaml.push_str(&format!(
                "  l{i}: &{} [{}]\n",
                (b'a' + i) as char,
                vec![format!("*{}", (b'a' + i - 1) as char); 9].join(", ")
            ));
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct WithExtra {
            title: String,
            extra: serde_json::Value,
        }
        let r = parse_lenient::<WithExtra>(&yaml, origin(&yaml));
        assert!(r.value.is_none());
        assert_eq!(r.diags.len(), 1, "{:?}", r.diags);
        let d = &r.diags[0];
        assert!(
            d.message.starts_with("YAML aliases here expand"),
            "{}",
            d.message
        );
        assert!(d.help.as_deref().unwrap().contains("anchor"));
    }
}
