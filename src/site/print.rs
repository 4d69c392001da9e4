//! The whole book on one page (`print.html`, for printing and `waybook
//! pdf`): every page of the reading order once — the docs in sidebar
//! order, then roles, journeys, glossary and people as appendices — each
//! the `<article>` its own page renders, with every id prefixed by the
//! section's anchor and every link to a page of the book rewritten to that
//! anchor, so the book has no links to other pages. Links to files
//! (images, downloads) point at the files beside `print.html`; external
//! links stay as they are.

use std::collections::BTreeMap;

use crate::model::urls;

use super::ctx::*;
use super::{Builder, Inputs, Page, PageId, PageRef};

/// The output path of the book.
pub(crate) const PRINT: &str = "print.html";

/// The `<article class="content …">` element of a rendered page (nested
/// articles, such as people's cards, included), if it has one.
pub(crate) fn article(html: &str) -> Option<&str> {
    let start = html.find("<article class=\"content")?;
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let open = html[i..].find("<article").map(|k| i + k);
        let close = html[i..].find("</article>").map(|k| i + k)?;
        match open {
            Some(o) if o < close => {
                depth += 1;
                i = o + "<article".len();
            }
            _ => {
                depth -= 1;
                i = close + "</article>".len();
                if depth == 0 {
                    return Some(&html[start..i]);
                }
            }
        }
    }
}

/// The pages of the book in order, with the anchor each gets.
pub(crate) fn sections(inp: &Inputs<'_>) -> Vec<(String, String, String, bool)> {
    inp.reading_order()
        .iter()
        .copied()
        .enumerate()
        .map(|(n, id)| {
            let (title, url) = inp.page_title_url(id);
            let appendix = !matches!(id, PageId::Item(crate::model::doc::ID, _));
            (url, title, format!("p{n}"), appendix)
        })
        .collect()
}

/// The book's page context: `articles` holds each page's rendered article
/// by output path (pages without one are left out).
pub(crate) fn print_page(inp: &Inputs<'_>, articles: &BTreeMap<String, String>) -> Page {
    let scratch = std::cell::RefCell::new(super::Scratch::default());
    let b = Builder {
        inp,
        path: PRINT.into(),
        root: String::new(),
        scratch: &scratch,
    };
    let hb = inp.hb;
    let mut page = b.base_page("print", hb.config.title.clone(), None);
    page.breadcrumbs.clear();
    page.description = hb.config.description.clone();
    let secs = sections(inp);
    let anchors: BTreeMap<&str, &str> = secs
        .iter()
        .map(|(url, _, a, _)| (url.as_str(), a.as_str()))
        .collect();
    let mut sections: Vec<PrintSection> = secs
        .iter()
        .filter_map(|(url, title, anchor, appendix)| {
            let html = articles.get(url)?;
            Some(PrintSection {
                anchor: anchor.clone(),
                title: title.clone(),
                appendix: *appendix,
                first_appendix: false,
                html: rewrite(html, url, anchor, &anchors),
            })
        })
        .collect();
    if let Some(first) = sections.iter_mut().find(|s| s.appendix) {
        first.first_appendix = true;
    }
    page.print = Some(PrintCtx {
        sections,
        running_title: css_string(&hb.config.title),
    });
    Page {
        path: PRINT.into(),
        template: "print.html",
        site: b.site(),
        page,
    }
}

/// Whether `p` is a page that goes into the book.
pub(crate) fn in_book(p: PageRef) -> bool {
    matches!(p, PageRef::Content { .. })
}

/// Attributes whose value names ids of the page.
const ID_ATTRS: [&str; 6] = [
    " id=\"",
    " for=\"",
    " aria-labelledby=\"",
    " aria-describedby=\"",
    " aria-controls=\"",
    " aria-activedescendant=\"",
];

/// Prefix every id (and every reference to one) with `anchor--`, and point
/// every link at the book.
fn rewrite(html: &str, page: &str, anchor: &str, anchors: &BTreeMap<&str, &str>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some((at, attr)) = next_attr(rest) {
        out.push_str(&rest[..at + attr.len()]);
        rest = &rest[at + attr.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        match attr {
            " href=\"" => out.push_str(&link(value, page, anchor, anchors)),
            " src=\"" => out.push_str(&asset(value, page)),
            _ => {
                let ids: Vec<String> = value
                    .split_whitespace()
                    .map(|v| format!("{anchor}--{v}"))
                    .collect();
                out.push_str(&ids.join(" "));
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("url(#", &format!("url(#{anchor}--"))
}

/// The next attribute to rewrite in `s`: its offset and its ` name="`.
fn next_attr(s: &str) -> Option<(usize, &'static str)> {
    ID_ATTRS
        .iter()
        .chain(&[" href=\"", " src=\""])
        .filter_map(|a| s.find(a).map(|i| (i, *a)))
        .min_by_key(|(i, _)| *i)
}

/// A link as the book writes it: a fragment of the book for a page of it
/// (or the cover for any other page), a file beside the book, or as is.
fn link(href: &str, page: &str, anchor: &str, anchors: &BTreeMap<&str, &str>) -> String {
    let raw = href.replace("&amp;", "&");
    if crate::url::scheme(&raw).is_some() || raw.starts_with("//") {
        return href.to_string();
    }
    let (path, frag) = raw.split_once('#').unwrap_or((&raw, ""));
    let frag_in = |a: &str| {
        if frag.is_empty() {
            format!("#{a}")
        } else {
            format!("#{a}--{frag}")
        }
    };
    if path.is_empty() {
        return frag_in(anchor);
    }
    let target = target_of(page, path);
    match anchors.get(target.as_str()) {
        Some(a) => frag_in(a),
        None if target.ends_with(".html") || target.is_empty() => "#book".into(),
        None => crate::html::escape(&crate::url::encode_path(&target)),
    }
}

fn asset(src: &str, page: &str) -> String {
    let raw = src.replace("&amp;", "&");
    if crate::url::scheme(&raw).is_some() || raw.starts_with("//") {
        return src.to_string();
    }
    let target = target_of(page, &raw);
    crate::html::escape(&crate::url::encode_path(&target))
}

/// The root-relative path a relative URL on `page` names (decoded, no query).
fn target_of(page: &str, url: &str) -> String {
    let url = url.split('?').next().unwrap_or("");
    let dir = page.rfind('/').map_or("", |i| &page[..=i]);
    let joined = format!("{dir}{}", crate::resolve::percent_decode(url));
    let path = crate::paths::normalize_path(&joined).unwrap_or_default();
    if path.is_empty() || joined.ends_with('/') {
        let index = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        return format!("{index}{}", urls::HOME);
    }
    path
}

/// `s` as the inside of a CSS string: anything but letters, digits and
/// spaces as an escape, so no title can end the string or the style.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_content_article_with_nested_ones() {
        let html = "<main><article class=\"content people\"><article class=\"card\">a</article><p>b</p></article><footer></footer>";
        assert_eq!(
            article(html),
            Some(
                "<article class=\"content people\"><article class=\"card\">a</article><p>b</p></article>"
            )
        );
        assert_eq!(article("<main></main>"), None);
    }

    #[test]
    fn links_become_anchors_of_the_book() {
        let anchors: BTreeMap<&str, &str> = [("docs/a.html", "p0"), ("roles/x.html", "p3")]
            .into_iter()
            .collect();
        let html = "<h2 id=\"s\">S</h2><a href=\"#s\">s</a> <a href=\"../roles/x.html#duty\">x</a> <a href=\"../search.html\">q</a> <a href=\"https://e.org/\">e</a> <img src=\"img/p%20q.png\"> <a href=\"files/f.pdf\">f</a>";
        let out = rewrite(html, "docs/a.html", "p0", &anchors);
        assert!(out.contains("<h2 id=\"p0--s\">"), "{out}");
        assert!(out.contains("<a href=\"#p0--s\">"), "{out}");
        assert!(out.contains("<a href=\"#p3--duty\">"), "{out}");
        assert!(out.contains("<a href=\"#book\">q</a>"), "{out}");
        assert!(out.contains("<a href=\"https://e.org/\">"), "{out}");
        assert!(out.contains("<img src=\"docs/img/p%20q.png\">"), "{out}");
        assert!(out.contains("<a href=\"docs/files/f.pdf\">"), "{out}");
    }

    #[test]
    fn titles_are_safe_in_css() {
        assert_eq!(css_string("Ab c"), "Ab c");
        assert_eq!(css_string("a\"</style>"), "a\\22 \\3c \\2f style\\3e ");
    }
}
