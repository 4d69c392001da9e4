//! Math at build time: `$…$`, `$$…$$`, `{math}` roles and `{math}`
//! directives become MathML, which every current browser draws natively,
//! so pages need no math script or web font. The LaTeX is translated by
//! `pulldown-latex` (MathML Core output, one small dependency, no I/O);
//! its source is kept in an `<annotation>` for copying and assistive
//! technology. A formula it cannot read is still written, its bad part
//! marked by `<merror>`, and `check` reports it
//! ([`crate::markup::math_problem`]).

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

use super::escape;
use crate::markup::Directive;

/// `tex` as a MathML `<math>` element (`display="block"` when `display`).
pub(crate) fn mathml(tex: &str, display: bool) -> String {
    let tex = tex.trim();
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
        Ok(()) => out,
        Err(_) => format!("<code class=\"math\">{source}</code>"),
    }
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
    fn markup_in_formulas_stays_text() {
        for tex in [
            "\\text{<script>alert(1)</script>}",
            "<img src=x onerror=alert(1)>",
            "\\href{javascript:alert(1)}{x}",
            "\\color{red\" onload=\"x}{a}",
        ] {
            let m = mathml(tex, false);
            assert!(
                !m.contains("<script") && !m.contains("<img") && !m.contains("onload=\""),
                "{tex} → {m}"
            );
            assert!(!m.contains("href=\"javascript"), "{tex} → {m}");
        }
    }

    #[test]
    fn bad_formulas_are_reported() {
        use crate::markup::math_problem;
        assert_eq!(math_problem("a + b"), None);
        assert!(math_problem("\\frac{a}").is_some());
        assert!(math_problem("\\nosuchcommand x").is_some());
        assert!(mathml("\\frac{a}", false).contains("<merror"));
    }
}
