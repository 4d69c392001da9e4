//! Raw HTML in markdown, cleaned by an allowlist (the `ammonia` crate) when
//! the handbook does not allow scripts. The renderer replaces each raw HTML
//! event with a mark; here the raw pieces of one unit are put together with
//! placeholders standing for the generated HTML between them, cleaned as one
//! fragment (so a `<div>` opened in one event and closed in another stays
//! whole, and a `<script>` split across lines goes as a whole), and the
//! generated HTML is put back where its placeholders landed outside tags.
//! The site's own markup never goes through the cleaner. A leaf: imports
//! only [`crate::url`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Stands in the generated HTML for one raw HTML piece, in order.
pub(crate) const RAW_MARK: char = '\u{E000}';
/// Open and close a placeholder `\u{E001}N\u{E002}` for generated piece N.
const OPEN: char = '\u{E001}';
const CLOSE: char = '\u{E002}';

fn is_mark(c: char) -> bool {
    matches!(c, RAW_MARK | OPEN | CLOSE)
}

/// `s` with the private-use characters this module uses as marks replaced
/// by U+FFFD, so that no text can fake a mark.
pub(crate) fn unmark(s: &str) -> Cow<'_, str> {
    // Fast path: every mark starts with the UTF-8 byte 0xEE.
    if s.as_bytes().contains(&0xEE) && s.contains(is_mark) {
        Cow::Owned(s.replace(is_mark, "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(cleaner);

/// What raw HTML in a governance handbook may use: text-level and block
/// markup, tables, details, figures, images and links with safe URLs, ids
/// and classes; no scripts, handlers, styles sheets, frames, objects, forms,
/// `<base>`, `<meta>` or SVG.
fn cleaner() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "section",
        "tfoot",
        "figcaption",
        "figure",
        "details",
        "summary",
        "kbd",
        "abbr",
        "mark",
        "dl",
        "dt",
        "dd",
    ]);
    b.clean_content_tags(HashSet::from([
        "script", "style", "iframe", "object", "embed", "noscript", "noembed", "noframes",
        "template", "textarea", "title", "xmp", "svg", "math", "select", "frameset", "applet",
    ]));
    b.add_generic_attributes(["id", "class", "title", "lang", "dir", "role", "style"]);
    b.generic_attribute_prefixes(HashSet::from(["aria-"]));
    b.filter_style_properties(HashSet::from([
        "text-align",
        "vertical-align",
        "width",
        "max-width",
        "height",
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "text-decoration",
    ]));
    let per_tag: [(&str, &[&str]); 9] = [
        ("a", &["href", "hreflang", "name", "target", "rel"]),
        ("img", &["src", "alt", "width", "height", "loading"]),
        ("td", &["colspan", "rowspan", "align", "headers"]),
        ("th", &["colspan", "rowspan", "align", "headers", "scope"]),
        ("ol", &["start", "type", "reversed"]),
        ("li", &["value"]),
        ("details", &["open"]),
        ("time", &["datetime"]),
        ("abbr", &["title"]),
    ];
    let mut attrs: HashMap<&str, HashSet<&str>> = b.clone_tag_attributes();
    for (tag, names) in per_tag {
        attrs.entry(tag).or_default().extend(names.iter().copied());
    }
    b.tag_attributes(attrs);
    b.attribute_filter(|_, attr, value| {
        if matches!(attr, "id" | "name") && is_theme_id(value) {
            None
        } else {
            Some(value.into())
        }
    });
    b.url_schemes(HashSet::from(crate::url::SAFE_SCHEMES));
    b.link_rel(None);
    // Comments are dropped (the default): none is shown, and none can
    // hide a placeholder or a `<script` text from later checks.
    b.strip_comments(true);
    b
}

/// Ids the page's own layout and scripts use (`main`, `sidebar`, the
/// search box, section headings such as `toc-h`): raw HTML may not take
/// them, so it can neither break the skip link, the sidebar or search nor
/// shadow the script's lookups (DOM clobbering). Other ids are kept, so
/// `<a name="x">` targets and `#x` links to them work.
pub(crate) fn is_theme_id(id: &str) -> bool {
    const IDS: &[&str] = &[
        "book",
        "channels",
        "decisions",
        "groups",
        "hl-dark",
        "hl-light",
        "main",
        "map",
        "privileges",
        "recent",
        "repositories",
        "requirements",
        "responsibilities",
        "search-input",
        "search-page-input",
        "search-page-results",
        "search-page-status",
        "search-popup",
        "sections",
        "sidebar",
        "stages",
    ];
    let id = id.trim();
    id.ends_with("-h") || IDS.contains(&id) || id.starts_with("waybook")
}

/// Clean a standalone piece of raw HTML.
pub fn clean(html: &str) -> String {
    CLEANER.clean(&unmark(html)).to_string()
}

/// Put `raw` pieces back into `generated` (which holds one [`RAW_MARK`] per
/// piece), cleaning the raw HTML in its context. If the marks do not match
/// (text that held a mark), everything is cleaned: safe, if plainer.
pub(crate) fn merge_raw(generated: &str, raw: &[String]) -> String {
    let pieces: Vec<&str> = generated.split(RAW_MARK).collect();
    if pieces.len() != raw.len() + 1 {
        let mut all = String::with_capacity(generated.len());
        let mut rest = raw.iter();
        for (i, g) in pieces.iter().enumerate() {
            if i > 0 {
                all.push_str(rest.next().map_or("", String::as_str));
            }
            all.push_str(g);
        }
        return clean(&all);
    }
    let mut skeleton = String::with_capacity(generated.len() / 4 + raw.len() * 16);
    for (i, g) in pieces.iter().enumerate() {
        // Line breaks between the raw lines of one HTML block are safe
        // anywhere (in a comment, an attribute): they stay in place.
        if g.bytes().all(|b| b.is_ascii_whitespace()) {
            skeleton.push_str(g);
        } else {
            skeleton.push(OPEN);
            skeleton.push_str(&i.to_string());
            skeleton.push(CLOSE);
        }
        if let Some(r) = raw.get(i) {
            skeleton.push_str(&unmark(r));
        }
    }
    let cleaned = CLEANER.clean(&skeleton).to_string();
    fill_placeholders(&cleaned, &pieces)
}

/// Replace each placeholder that landed in text with its generated piece;
/// one that landed inside a tag (an attribute value) is dropped. The input is the cleaner's serialisation: `<` in text is always
/// escaped and attribute values are always double-quoted.
fn fill_placeholders(cleaned: &str, pieces: &[&str]) -> String {
    let total = cleaned.len() + pieces.iter().map(|p| p.len()).sum::<usize>();
    let mut out = String::with_capacity(total);
    let mut used = vec![false; pieces.len()];
    let (mut in_tag, mut in_quote) = (false, false);
    let mut i = 0;
    while let Some(c) = cleaned[i..].chars().next() {
        let mut next = i + c.len_utf8();
        match c {
            OPEN => {
                let rest = &cleaned[next..];
                if let Some(end) = rest.find(CLOSE) {
                    let n = rest[..end].parse::<usize>().ok();
                    if let Some(n) = n.filter(|&n| !in_tag && n < pieces.len() && !used[n]) {
                        used[n] = true;
                        out.push_str(pieces[n]);
                    }
                    next += end + CLOSE.len_utf8();
                }
            }
            CLOSE | RAW_MARK => {}
            '<' if !in_tag => {
                in_tag = true;
                out.push(c);
            }
            '"' if in_tag => {
                in_quote = !in_quote;
                out.push(c);
            }
            '>' if in_tag && !in_quote => {
                in_tag = false;
                out.push(c);
            }
            c => out.push(c),
        }
        i = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_pieces_are_cleaned_in_context() {
        // `<p>a ` RAW `x` RAW ` c</p>`, with raw `<b onclick=x>` and `</b>`.
        let generated = format!("<p>a {RAW_MARK}x{RAW_MARK} c</p>");
        let raw = vec!["<b onclick=x>".to_string(), "</b>".to_string()];
        assert_eq!(merge_raw(&generated, &raw), "<p>a <b>x</b> c</p>");
        // A script split over pieces goes as a whole, with what it swallowed.
        let generated = format!("{RAW_MARK}<p>in</p>{RAW_MARK}<p>after</p>");
        let raw = vec!["<script>".to_string(), "</script>".to_string()];
        assert_eq!(merge_raw(&generated, &raw), "<p>after</p>");
    }

    #[test]
    fn placeholders_in_attributes_are_dropped() {
        let generated =
            format!("{RAW_MARK}<p><a href=\"y\">x</a> onmouseover=alert(1)</p>{RAW_MARK}");
        let raw = vec!["<div title=\"a".to_string(), "\">".to_string()];
        let out = merge_raw(&generated, &raw);
        assert!(!out.contains("onmouseover"), "{out}");
        assert!(out.starts_with("<div title=\"a"), "{out}");
    }

    #[test]
    fn comments_are_dropped_with_what_they_hold() {
        let generated = format!("{RAW_MARK}<p>x</p>");
        let raw = vec!["<!-- note <script> -->".to_string()];
        assert_eq!(merge_raw(&generated, &raw), "<p>x</p>");
        let generated = format!("{RAW_MARK}<p>a --> <b>x</b></p>");
        let raw = vec!["<!-- open".to_string()];
        assert_eq!(merge_raw(&generated, &raw), "");
    }

    #[test]
    fn faked_marks_fall_back_to_cleaning_everything() {
        let generated = format!("<p>{RAW_MARK}{RAW_MARK}</p>");
        let raw = vec!["<img src=x onerror=alert(1)>".to_string()];
        let out = merge_raw(&generated, &raw);
        assert!(!out.contains("onerror"), "{out}");
        assert_eq!(unmark("a\u{E001}0\u{E002}"), "a\u{FFFD}0\u{FFFD}");
    }

    #[test]
    fn allowlist_keeps_governance_markup() {
        let keep = "<details open=\"\"><summary>More</summary><table><tbody><tr><td colspan=\"2\">x</td></tr></tbody></table></details>";
        assert_eq!(clean(keep), keep);
        let keep = "<h2 id=\"x\" class=\"c\">T</h2><kbd>K</kbd><abbr title=\"t\">A</abbr><mark>m</mark><dl><dt>a</dt><dd>b</dd></dl><sup>1</sup><sub>2</sub>";
        assert_eq!(clean(keep), keep);
        let keep = "<figure><img src=\"a.png\" alt=\"A\"><figcaption>C</figcaption></figure><a href=\"https://x.org\" title=\"t\">l</a><pre><code class=\"language-rs\">x</code></pre>";
        assert_eq!(clean(keep), keep);
    }

    #[test]
    fn theme_ids_are_not_taken() {
        assert_eq!(
            clean("<div id=\"sidebar\"><a name=\"toc-h\" id=\"own\">x</a></div>"),
            "<div><a id=\"own\">x</a></div>"
        );
    }

    #[test]
    fn allowlist_strips_active_content() {
        // The quote ends nothing: `onerror=…` stays inside the URL.
        assert_eq!(
            clean("<img src=x\"onerror=alert(1)>"),
            "<img src=\"x&quot;onerror=alert(1)\">"
        );
        for bad in [
            "<script>alert(1)</script>",
            "<img/onerror=alert(1) src=x>",
            "<svg onload=alert(1)>",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
            "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
            "<form action=\"https://evil.example\"><input name=p></form>",
            "<style>body{display:none}</style>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<a href=\" \u{1}javascript:alert(1)\">x</a>",
            "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
            "<a href=\"vbscript:x\">x</a>",
        ] {
            let out = clean(bad).to_ascii_lowercase();
            for sign in [
                "<script",
                "onerror",
                "onload",
                "<iframe",
                "srcdoc",
                "<base",
                "<meta",
                "<object",
                "<embed",
                "<form",
                "<style",
                "javascript",
                "data:",
                "vbscript",
            ] {
                assert!(!out.contains(sign), "{bad} → {out}");
            }
        }
    }
}
