//! Build-time syntax highlighting, used by the HTML stage. syntect parses each
//! code block into scopes (bat's syntax set, via `two-face`, which adds TOML
//! and TypeScript to syntect's defaults, loaded once per [`Highlighter`] and
//! shared by the rendering threads). Each token then gets at most one short
//! class from [`TOKENS`] (`hl-k` keyword, `hl-s` string, …), chosen by its
//! innermost scope that names a category, so the HTML is one flat `<span>`
//! per run of same-class text instead of syntect's nested span per scope.
//! The light and dark stylesheets are generated from the same table.
//!
//! Parsing is the expensive part (regexes per line), and code in a handbook
//! repeats: the same `git commit` line, the same YAML keys, the same imports.
//! The parse of a line is a pure function of the parser state before it and
//! its text, so a [`Memo`] keeps it per (syntax, state, line), which keeps the
//! output byte-identical to an uncached parse. syntect's parser state is not
//! `Send`, so each rendering worker owns its memo.

use std::collections::HashMap;
use std::fmt::Write as _;

use rustc_hash::FxBuildHasher;

use crate::escape::escape_into;
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Largest code block we highlight; bigger ones are escaped as plain text so a
/// pasted log cannot stall a build.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

/// Lines longer than this are parsed but not memoised.
const MAX_MEMO_LINE: usize = 512;
/// Memo entries; past this a memo stops growing (the output is the same
/// either way, only slower).
const MAX_MEMO: usize = 16 * 1024;

/// Languages every build must highlight (tested here and end to end).
pub const REQUIRED_LANGUAGES: [&str; 9] = [
    "toml",
    "yaml",
    "json",
    "rust",
    "python",
    "bash",
    "javascript",
    "typescript",
    "markdown",
];

/// One token category: its class suffix, the scope prefixes that select it,
/// and its colours on the light and dark code backgrounds (each at least
/// 4.5:1 against `--code-bg`, tested).
pub(crate) struct Token {
    pub class: &'static str,
    pub scopes: &'static [&'static str],
    pub light: &'static str,
    pub dark: &'static str,
    pub italic: bool,
}

/// The categories, most specific first: for each scope of a token, innermost
/// first, the first entry with a matching prefix wins. Scopes no entry names
/// (`meta.*`, `source.*`, `punctuation.*`) defer to the scopes around them, so
/// a string's quotes are coloured as the string.
pub(crate) const TOKENS: &[Token] = &[
    Token {
        class: "c",
        scopes: &["comment"],
        light: "#5d6873",
        dark: "#9aa6b2",
        italic: true,
    },
    Token {
        class: "e",
        scopes: &["constant.character.escape"],
        light: "#a0430a",
        dark: "#f2a365",
        italic: false,
    },
    Token {
        class: "s",
        scopes: &["string", "markup.raw", "markup.inline.raw"],
        light: "#11632e",
        dark: "#8fd69a",
        italic: false,
    },
    Token {
        class: "n",
        scopes: &[
            "constant.numeric",
            "constant.language",
            "constant.other",
            "constant.character",
            "variable.language",
            "support.constant",
        ],
        light: "#0751a8",
        dark: "#7cc4ff",
        italic: false,
    },
    Token {
        class: "f",
        scopes: &[
            "entity.name.function",
            "support.function",
            "variable.function",
            "meta.function-call.identifier",
        ],
        light: "#6a3fb5",
        dark: "#d3b2ff",
        italic: false,
    },
    Token {
        class: "t",
        scopes: &[
            "entity.name.type",
            "entity.name.class",
            "entity.name.struct",
            "entity.name.enum",
            "entity.name.trait",
            "entity.other.inherited-class",
            "support.type",
            "support.class",
        ],
        light: "#8a4b00",
        dark: "#ffc27a",
        italic: false,
    },
    Token {
        class: "g",
        scopes: &["entity.name", "markup.heading"],
        light: "#0b6470",
        dark: "#6fd3dc",
        italic: false,
    },
    Token {
        class: "a",
        scopes: &["entity.other.attribute-name", "variable.parameter"],
        light: "#8a3a00",
        dark: "#ffab70",
        italic: false,
    },
    Token {
        class: "k",
        scopes: &["keyword", "storage", "markup.list", "markup.quote"],
        light: "#b3113e",
        dark: "#ff8a8a",
        italic: false,
    },
    Token {
        class: "x",
        scopes: &["invalid", "markup.deleted"],
        light: "#a40e26",
        dark: "#ff9c9c",
        italic: false,
    },
    Token {
        class: "i",
        scopes: &["markup.inserted"],
        light: "#11632e",
        dark: "#8fd69a",
        italic: false,
    },
];

/// The parse of one line: scope operations at byte offsets, and the parser
/// state after it.
struct ParsedLine {
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

/// Parsed lines by (syntax, parser state, line). One per rendering worker.
#[derive(Default)]
pub struct Memo {
    /// By line text: the parses of that line, each with its syntax and the
    /// parser state before it (compared as values: cheaper than a key
    /// naming them).
    lines: HashMap<String, Vec<Memoed>, FxBuildHasher>,
    /// How many parses `lines` holds.
    count: usize,
    /// Each scope's own token class (the first selector it starts with).
    classes: HashMap<Scope, Option<&'static str>, FxBuildHasher>,
}

/// A memoised parse of a line (see [`Memo`]).
struct Memoed {
    syntax: String,
    before: ParseState,
    parsed: ParsedLine,
}

/// The parse of `line` after `state` in `syntax`, if memoised.
fn memoised<'m>(
    lines: &'m HashMap<String, Vec<Memoed>, FxBuildHasher>,
    syntax: &SyntaxReference,
    state: &ParseState,
    line: &str,
) -> Option<&'m ParsedLine> {
    (lines.get(line)?.iter())
        .find(|m| m.before == *state && m.syntax == syntax.name)
        .map(|m| &m.parsed)
}

impl Memo {
    /// Keep the parse of `line` after `state` in `syntax`.
    fn keep(
        &mut self,
        syntax: &SyntaxReference,
        state: &ParseState,
        line: &str,
        parsed: &ParsedLine,
    ) {
        if line.len() > MAX_MEMO_LINE || self.count >= MAX_MEMO {
            return;
        }
        let copy = ParsedLine {
            ops: parsed.ops.clone(),
            after: parsed.after.clone(),
        };
        self.lines
            .entry(line.to_string())
            .or_default()
            .push(Memoed {
                syntax: syntax.name.clone(),
                before: state.clone(),
                parsed: copy,
            });
        self.count += 1;
    }
}

pub struct Highlighter {
    syntaxes: SyntaxSet,
    /// Token scopes, parsed once: (scope, index into [`TOKENS`]).
    selectors: Vec<(Scope, usize)>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        let selectors = TOKENS
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.scopes.iter().map(move |s| (s, i)))
            .filter_map(|(s, i)| Scope::new(s).ok().map(|scope| (scope, i)))
            .collect();
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            selectors,
        }
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let l = lang.trim().to_ascii_lowercase();
        let token = match l.as_str() {
            "shell" | "sh" | "console" | "shell-session" | "zsh" => "bash",
            "ts" | "typescript" => "ts",
            "js" | "javascript" | "mjs" => "js",
            "py" | "python3" | "ipython" | "ipython3" => "py",
            "yml" => "yaml",
            "md" | "myst" => "md",
            "rs" => "rust",
            "jsonc" | "json5" => "json",
            other => other,
        };
        self.syntaxes
            .find_syntax_by_token(token)
            .or_else(|| self.syntaxes.find_syntax_by_name(lang.trim()))
    }

    /// Highlight `code` as `lang` into escaped HTML with `hl-` spans. `None`
    /// if the language is unknown or the parser fails (the caller escapes
    /// the code as plain text).
    pub fn highlight(&self, code: &str, lang: &str, memo: &mut Memo) -> Option<String> {
        if lang.is_empty() || code.len() > MAX_HIGHLIGHT_BYTES {
            return None;
        }
        let syntax = self.find(lang)?;
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Html::with_capacity(code.len() * 2);
        let mut fresh;
        for line in LinesWithEndings::from(code) {
            let parsed = match memoised(&memo.lines, syntax, &state, line) {
                Some(p) => p,
                None => {
                    fresh = self.parse_line(&state, line)?;
                    memo.keep(syntax, &state, line, &fresh);
                    &fresh
                }
            };
            let classes = &mut memo.classes;
            let mut from = 0;
            for (at, op) in &parsed.ops {
                let at = (*at).min(line.len());
                out.text(&line[from..at], self.class_of(&stack, classes));
                from = at;
                stack.apply(op).ok()?;
            }
            out.text(&line[from..], self.class_of(&stack, classes));
            out.close();
            state = parsed.after.clone();
        }
        Some(out.finish())
    }

    fn parse_line(&self, state: &ParseState, line: &str) -> Option<ParsedLine> {
        let mut after = state.clone();
        let ops = after.parse_line(line, &self.syntaxes).ok()?;
        Some(ParsedLine { ops, after })
    }

    /// The token class for text under `stack`: the innermost scope that
    /// names a category decides. Each scope's class is looked up among the
    /// selectors once per worker and then read from `classes`.
    fn class_of(
        &self,
        stack: &ScopeStack,
        classes: &mut HashMap<Scope, Option<&'static str>, FxBuildHasher>,
    ) -> Option<&'static str> {
        stack.as_slice().iter().rev().find_map(|scope| {
            *classes.entry(*scope).or_insert_with(|| {
                self.selectors
                    .iter()
                    .find(|(sel, _)| sel.is_prefix_of(*scope))
                    .map(|(_, i)| TOKENS[*i].class)
            })
        })
    }
}

/// Flat highlighted HTML: one span per run of text with the same class.
/// Whitespace takes no colour: it joins a run when the text on both sides
/// has the same class, and otherwise stays outside the spans.
struct Html {
    out: String,
    open: Option<&'static str>,
    /// Whitespace seen since the last coloured text.
    space: String,
}

impl Html {
    fn with_capacity(n: usize) -> Self {
        Html {
            out: String::with_capacity(n),
            open: None,
            space: String::new(),
        }
    }

    fn text(&mut self, text: &str, class: Option<&'static str>) {
        let body = text.trim_end();
        if body.trim_start().is_empty() {
            self.space.push_str(text);
            return;
        }
        if class != self.open {
            self.close();
            self.out.push_str(&self.space);
            if let Some(c) = class {
                let _ = write!(self.out, "<span class=\"hl-{c}\">");
            }
            self.open = class;
        } else {
            self.out.push_str(&self.space);
        }
        self.space.clear();
        escape_into(&mut self.out, body);
        self.space.push_str(&text[body.len()..]);
    }

    /// End the run (at the end of a line) and flush trailing whitespace.
    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.push_str("</span>");
        }
        self.out.push_str(&self.space);
        self.space.clear();
    }

    fn finish(mut self) -> String {
        self.close();
        self.out
    }
}

/// CSS for the light and dark highlight colours, scoped so the page's
/// `data-theme` (or the system preference) picks one.
pub fn stylesheets() -> (String, String) {
    let rules = |scope: &str, dark: bool| {
        let mut css = String::new();
        for t in TOKENS {
            let color = if dark { t.dark } else { t.light };
            let style = if t.italic { " font-style: italic;" } else { "" };
            let _ = writeln!(css, "{scope} .hl-{} {{ color: {color};{style} }}", t.class);
        }
        css
    };
    let light = rules("html:not([data-theme=\"dark\"])", false);
    let dark = format!(
        "{}@media (prefers-color-scheme: dark) {{\n{}}}\n",
        rules("html[data-theme=\"dark\"]", true),
        rules("html:not([data-theme=\"light\"])", true)
    );
    (light, dark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_highlight() {
        let h = Highlighter::new();
        for lang in REQUIRED_LANGUAGES {
            let code = match lang {
                "markdown" => "# Title\n",
                "json" => "{\"a\": 1}\n",
                _ => "a = 1 # \"x\"\n",
            };
            let out = h.highlight(code, lang, &mut Memo::default());
            assert!(
                out.as_deref()
                    .is_some_and(|o| o.contains("<span class=\"hl-")),
                "{lang}: {out:?}"
            );
        }
        assert!(
            h.highlight("x", "no-such-lang", &mut Memo::default())
                .is_none()
        );
    }

    #[test]
    fn tokens_get_one_flat_class() {
        let h = Highlighter::new();
        let out = h
            .highlight(
                "fn main() { let s = \"hi\"; // note\n}\n",
                "rust",
                &mut Memo::default(),
            )
            .unwrap_or_default();
        assert!(out.contains("<span class=\"hl-k\">fn</span>"), "{out}");
        assert!(
            out.contains("<span class=\"hl-s\">&quot;hi&quot;</span>"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"hl-c\">// note</span>\n"),
            "{out}"
        );
        assert!(!out.contains("<span class=\"hl-k\"><span"), "nested: {out}");
    }

    #[test]
    fn escapes_and_keeps_text() {
        let h = Highlighter::new();
        let code = "if a < b && c > d { x(\"<&>\") }\n";
        let out = h
            .highlight(code, "rust", &mut Memo::default())
            .unwrap_or_default();
        assert!(
            !out.contains("<&>") && out.contains("&lt;&amp;&gt;"),
            "{out}"
        );
        assert_eq!(strip_tags(&out), crate::escape::escape(code));
    }

    #[test]
    fn memo_gives_the_same_output_as_a_fresh_parse() {
        let h = Highlighter::new();
        let mut memo = Memo::default();
        let block = "policy:\n  id: x # c\n  members:\n    - name: \"A\"\n";
        let first = h.highlight(block, "yaml", &mut memo);
        assert_eq!((memo.lines.len(), memo.count), (4, 4));
        // the second call is served from the memo
        assert_eq!(h.highlight(block, "yaml", &mut memo), first);
        assert_eq!((memo.lines.len(), memo.count), (4, 4));
        // inside a multi-line string the parser state differs, so the same
        // line is a different entry with a different result
        let py = "x = \"\"\"\nimport os\n\"\"\"\nimport os\n";
        let out = h.highlight(py, "python", &mut memo).unwrap_or_default();
        let lines: Vec<&str> = out.lines().collect();
        assert_ne!(lines[1], lines[3], "{out}");
        // `import os` is kept twice, once per state
        assert_eq!((memo.lines.len(), memo.count), (7, 8));
        assert_eq!(
            h.highlight(py, "python", &mut Memo::default()).as_deref(),
            Some(out.as_str())
        );
    }

    fn strip_tags(s: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
        let ch = |shift: u32| {
            let c = f64::from((v >> shift) & 0xff) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(16) + 0.7152 * ch(8) + 0.0722 * ch(0)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The `--code-bg` values of the default theme, light then dark.
    fn code_backgrounds() -> Vec<String> {
        let css = include_str!("../themes/default/static/waybook.css");
        css.lines()
            .filter_map(|l| l.trim().strip_prefix("--code-bg:"))
            .map(|v| v.trim().trim_end_matches(';').to_string())
            .collect()
    }

    #[test]
    fn palette_meets_wcag_aa_on_the_code_background() {
        let bgs = code_backgrounds();
        assert!(bgs.len() >= 2, "{bgs:?}");
        let (light_bg, dark_bg) = (&bgs[0], &bgs[1]);
        for t in TOKENS {
            let (l, d) = (contrast(t.light, light_bg), contrast(t.dark, dark_bg));
            assert!(l >= 4.5, "hl-{} light {l:.2}", t.class);
            assert!(d >= 4.5, "hl-{} dark {d:.2}", t.class);
        }
    }

    #[test]
    fn stylesheets_are_scoped() {
        let (light, dark) = stylesheets();
        assert!(
            light.contains("html:not([data-theme=\"dark\"]) .hl-k {"),
            "{light}"
        );
        assert!(dark.contains("prefers-color-scheme: dark"));
        assert_eq!(light.lines().count(), TOKENS.len());
    }
}
