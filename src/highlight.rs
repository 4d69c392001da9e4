//! Build-time syntax highlighting with syntect: code blocks become spans with
//! `hl-` CSS classes, and the light and dark stylesheets are generated from two
//! syntect themes. The syntax set (bat's, via `two-face`, which adds TOML and
//! TypeScript to syntect's defaults) is loaded once per [`Highlighter`] and
//! shared by the rendering threads. Used by the HTML stage.

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Largest code block we highlight; bigger ones are escaped as plain text so a
/// pasted log cannot stall a build.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

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

pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
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

    /// Highlight `code` as `lang`. `None` if the language is unknown (the
    /// caller escapes the code as plain text).
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        if lang.is_empty() || code.len() > MAX_HIGHLIGHT_BYTES {
            return None;
        }
        let syntax = self.find(lang)?;
        let mut gen_ = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            gen_.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(gen_.finalize())
    }
}

/// CSS for the light and dark highlight themes, scoped so the page's
/// `data-theme` (or the system preference) picks one.
pub fn stylesheets() -> (String, String) {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    };
    let light = scope(&css("InspiredGitHub"), "html:not([data-theme=\"dark\"])");
    let dark_css = css("base16-ocean.dark");
    let dark = format!(
        "{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        scope(&dark_css, "html[data-theme=\"dark\"]"),
        scope(&dark_css, "html:not([data-theme=\"light\"])")
    );
    (light, dark)
}

/// Prefix every selector of a simple (non-nested) stylesheet with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let selectors = &rest[..open];
        let body = &rest[open..open + close + 1];
        let scoped: Vec<String> = selectors
            .split(',')
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && !s.starts_with("/*"))
            .map(|s| {
                // Strip leading comments syntect emits before rules.
                let s = s.rsplit("*/").next().unwrap_or(s).trim();
                if s == ".code" || s.starts_with(".hl-code") || s == "pre.code" {
                    format!("{prefix} pre.code")
                } else {
                    format!("{prefix} {s}")
                }
            })
            .collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(",\n"));
            out.push(' ');
            out.push_str(body);
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_highlight() {
        let h = Highlighter::new();
        for lang in REQUIRED_LANGUAGES {
            let out = h.highlight("a = 1\n", lang);
            assert!(
                out.as_deref().is_some_and(|o| o.contains("hl-")),
                "{lang}: {out:?}"
            );
        }
        assert!(h.highlight("x", "no-such-lang").is_none());
    }

    #[test]
    fn stylesheets_are_scoped() {
        let (light, dark) = stylesheets();
        assert!(
            light.contains("html:not([data-theme=\"dark\"]) .hl-"),
            "{}",
            &light[..200.min(light.len())]
        );
        assert!(dark.contains("prefers-color-scheme: dark"));
    }
}
