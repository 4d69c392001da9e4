//! All YAML parsing goes through this module (config, front matter, roles,
//! journeys, glossary, people), so the YAML crate can be swapped in one place.
//! We use `serde-saphyr`: pure Rust, maintained, panic-free, and its
//! [`Spanned`] wrapper gives every value a line and column, which is what lets
//! governance diagnostics point at the offending id in a journey file. Errors
//! come back as [`Diagnostic`]s positioned in the *file*, not the YAML block.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Span, offset_of};

pub use serde_saphyr::Spanned;

/// Where a YAML block sits inside its file: the file's relative path, its full
/// text, and the 0-based line the YAML starts on (non-zero for front matter).
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub file_text: &'a str,
    pub line_offset: u32,
}

impl Origin<'_> {
    /// File span of a YAML location (1-based line/column within the block).
    pub fn span(&self, line: u64, column: u64, len: usize) -> Span {
        let line = u32::try_from(line).unwrap_or(u32::MAX).max(1) + self.line_offset;
        let column = u32::try_from(column).unwrap_or(u32::MAX).max(1);
        let offset = offset_of(self.file_text, line, column);
        Span {
            file: self.file.to_string(),
            line,
            column,
            offset,
            len,
        }
    }

    /// File span of a spanned value.
    pub fn span_of<T>(&self, v: &Spanned<T>, len: usize) -> Span {
        self.span(v.referenced.line(), v.referenced.column(), len)
    }
}

/// Parse `yaml` into `T`. Unknown keys are errors where `T` says
/// `deny_unknown_fields`; the error carries the key's position and a
/// "did you mean" when the key is a near miss of an expected one.
pub fn parse<T: DeserializeOwned>(yaml: &str, origin: Origin<'_>) -> Result<T, Box<Diagnostic>> {
    let options = serde_saphyr::options! {
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<T>(yaml, options).map_err(|e| {
        let render = serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        };
        let raw = e.render_with_options(render);
        let message = strip_location_suffix(&raw);
        let (span, len) = match e.location() {
            Some(loc) => (Some(loc), key_len(yaml, loc.line(), loc.column())),
            None => (None, 0),
        };
        let mut d = Diagnostic::error("invalid-yaml", message.clone());
        if let Some(loc) = span {
            d = d.with_span(origin.span(loc.line(), loc.column(), len));
        } else {
            d = d.with_span(origin.span(1, 1, 0));
        }
        Box::new(d.with_help(yaml_help(&message)))
    })
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
    "fix the YAML syntax at this position (check indentation and quoting)".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(err.code, "invalid-yaml");
        assert!(err.span.is_some());
    }
}
