//! Math at build time: `$…$`, `$$…$$`, `{math}` roles and `{math}`
//! directives become MathML, which every current browser draws natively,
//! so pages need no math script or web font. The LaTeX is translated by
//! `pulldown-latex` (MathML Core output, one small dependency, no I/O);
//! its source is kept in an `<annotation>` for copying and assistive
//! technology. A formula it cannot read is shown as written, marked, and
//! `check` reports it ([`crate::markup::math_problem`]).

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

use super::escape;
use crate::markup::Directive;

/// `tex` as a MathML `<math>` element (`display="block"` when `display`).
pub(crate) fn mathml(tex: &str, display: bool) -> String {
    let tex = tex.trim();
    if let Some(why) = crate::markup::math_problem(tex) {
        // As written and marked (`check` reports it): the translator's own
        // error box would show its multi-line message in the page.
        return format!(
            "<code class=\"math math-error\" title=\"{}\">{}</code>",
            escape(&why),
            escape(tex)
        );
    }
    let storage = Storage::new();
    let parser = Parser::new(tex, &storage);
    // The annotation is written as given: escape it here.
    let source = escape(tex);
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(&source),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    match push_mathml(&mut out, parser, config) {
        Ok(()) => escape_stray_brackets(&out),
        Err(_) => format!("<code class=\"math\">{source}</code>"),
    }
}

/// The translator writes the operators `<` and `>` as they are
/// (`<mo><</mo>`): escape every `<` that does not open a tag and every `>`
/// that does not close one.
fn escape_stray_brackets(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + 8);
    let mut in_tag = false;
    let mut chars = mathml.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if !in_tag
                && chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/') =>
            {
                in_tag = true;
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
            }
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// `{math}`: each blank-line-separated equation of the body, displayed;
/// `:label:` is the anchor `{eq}` and `{ref}` link to.
pub(super) fn display_block(d: &Directive<'_>) -> String {
    let id = d
        .options
        .iter()
        .find(|(k, _)| *k == "label" || *k == "name")
        .map(|(_, v)| format!(" id=\"{}\"", escape(v)))
        .unwrap_or_default();
    let mut s = format!("<div class=\"math-block\"{id}>");
    for eq in d.body.split("\n\n").filter(|e| !e.trim().is_empty()) {
        s.push_str(&mathml(eq, true));
    }
    s.push_str("</div>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_with_their_source() {
        let m = mathml("x^2 < y", false);
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("<msup>"), "{m}");
        assert!(
            m.contains("<annotation encoding=\"application/x-tex\">x^2 &lt; y</annotation>"),
            "{m}"
        );
        assert!(mathml("\\sum_i a_i", true).contains("display=\"block\""));
    }

    #[test]
    fn operators_are_escaped() {
        let m = mathml("a < b > c", false);
        assert!(
            m.contains("<mo>&lt;</mo>") && m.contains("<mo>&gt;</mo>"),
            "{m}"
        );
    }

    #[test]
    fn markup_in_formulas_stays_text() {
        for tex in [
            "\\text{<script>alert(1)</script>}",
            "<img src=x onerror=alert(1)>",
            "\\href{javascript:alert(1)}{x}",
            "\\color{red\" onload=\"x}{a}",
        ] {
            let m = mathml(tex, false);
            // Every tag is a MathML element with harmless attributes.
            for tag in m.split('<').skip(1).filter_map(|t| t.split('>').next()) {
                let name = tag.trim_start_matches('/').split([' ', '/']).next();
                assert!(
                    matches!(
                        name,
                        Some(
                            "math"
                                | "code"
                                | "semantics"
                                | "annotation"
                                | "mrow"
                                | "mi"
                                | "mo"
                                | "mn"
                                | "mtext"
                                | "merror"
                                | "msup"
                                | "msub"
                                | "mfrac"
                                | "mstyle"
                                | "mspace"
                                | "mpadded"
                                | "msubsup"
                        )
                    ),
                    "{tex} → {m}"
                );
                assert!(
                    !tag.contains("onload") && !tag.contains("href"),
                    "{tex} → {m}"
                );
            }
        }
    }

    #[test]
    fn bad_formulas_are_reported() {
        use crate::markup::math_problem;
        assert_eq!(math_problem("a + b"), None);
        assert!(math_problem("\\frac{a}").is_some());
        assert!(math_problem("\\nosuchcommand x").is_some());
        assert_eq!(
            mathml("\\frac{a}", false),
            "<code class=\"math math-error\" title=\"expected a token\">\\frac{a}</code>"
        );
    }
}
