//! Raw HTML inside markdown, read just far enough for what the pipeline
//! needs from it: start tags with their attributes and byte positions, the
//! URLs of `<a href>` and `<img src>` (checked and rewritten like markdown
//! links), the elements the cleaner removes as a whole (`<script>`,
//! `<iframe>`, `<form>`…, reported once each), and video embeds that become
//! links. A tolerant scanner, not a validator: scan and render call the same
//! functions on the same text, so the byte offsets they key links by agree.

use std::ops::Range;

use super::LinkKind;

/// One attribute of a start tag, positions relative to the scanned HTML.
#[derive(Debug, Clone)]
pub(crate) struct Attr<'h> {
    /// Lowercased name.
    pub(crate) name: String,
    /// The value as written (quotes excluded, character references kept).
    pub(crate) value: &'h str,
    /// The whole attribute: name, `=`, value and its quotes.
    pub(crate) range: Range<usize>,
    /// Where the value starts.
    pub(crate) value_at: usize,
}

/// A start tag: lowercased name, where its `<` is, its attributes.
#[derive(Debug, Clone)]
pub(crate) struct StartTag<'h> {
    pub(crate) name: String,
    pub(crate) at: usize,
    pub(crate) attrs: Vec<Attr<'h>>,
}

impl StartTag<'_> {
    pub(crate) fn attr(&self, name: &str) -> Option<&Attr<'_>> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Every start tag of `html`, in order; commented-out markup is skipped.
pub(crate) fn start_tags(html: &str) -> Vec<StartTag<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let at = i + lt;
        i = at + 1;
        if html[i..].starts_with("!--") {
            match html[i..].find("-->") {
                Some(e) => i += e + 3,
                None => break,
            }
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(html.len(), |e| i + e);
        if name_end == i {
            continue;
        }
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' || b[i] == b'<' {
                break;
            }
            let (attr, next) = attribute(html, i);
            i = next;
            attrs.extend(attr);
        }
        out.push(StartTag { name, at, attrs });
    }
    out
}

/// The attribute starting at `i` (if it has a non-empty value) and where
/// scanning goes on.
fn attribute(html: &str, start: usize) -> (Option<Attr<'_>>, usize) {
    let b = html.as_bytes();
    let k_end = html[start..]
        .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
        .map_or(html.len(), |e| start + e);
    let name = html[start..k_end].to_ascii_lowercase();
    let mut i = k_end.max(start + 1);
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= b.len() || b[i] != b'=' {
        return (None, i);
    }
    i += 1;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let (value_at, value_end, next) = match b.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = html[i + 1..]
                .find(q as char)
                .map_or(html.len(), |e| i + 1 + e);
            (i + 1, end, (end + 1).min(b.len()))
        }
        _ => {
            let end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .map_or(html.len(), |e| i + e);
            (i, end, end)
        }
    };
    let value = &html[value_at..value_end];
    let attr = (!value.is_empty()).then_some(Attr {
        name,
        value,
        range: start..next,
        value_at,
    });
    (attr, next)
}

/// A URL raw HTML links to or shows: `<a href>` or `<img src>`.
#[derive(Debug, Clone)]
pub(crate) struct HtmlUrl {
    pub(crate) kind: LinkKind,
    /// The URL with character references decoded.
    pub(crate) url: String,
    /// The attribute, to replace when rewriting.
    pub(crate) attr: Range<usize>,
    /// Where the value starts and its length as written.
    pub(crate) value_at: usize,
    pub(crate) value_len: usize,
}

/// The `<a href>` and `<img src>` URLs of a piece of raw HTML whose scheme
/// is allowed (others are reported as unsafe and removed by the cleaner).
pub(crate) fn html_urls(html: &str) -> Vec<HtmlUrl> {
    let mut out = Vec::new();
    for tag in start_tags(html) {
        let (kind, attr) = match tag.name.as_str() {
            "a" => (LinkKind::Link, "href"),
            "img" => (LinkKind::Image, "src"),
            _ => continue,
        };
        let Some(a) = tag.attr(attr) else { continue };
        let url = decode(a.value);
        if url.trim().is_empty() || !crate::url::is_safe(&url) {
            continue;
        }
        out.push(HtmlUrl {
            kind,
            url,
            attr: a.range.clone(),
            value_at: a.value_at,
            value_len: a.value.len(),
        });
    }
    out
}

/// An attribute value as the browser reads it.
fn decode(value: &str) -> String {
    crate::url::decode_char_refs(value).replace("&amp;", "&")
}

/// Elements the cleaner removes whole, which a writer clearly meant to
/// show or run: reported once each.
const REMOVED: &[&str] = &[
    "applet", "audio", "button", "canvas", "embed", "form", "frame", "frameset", "iframe", "input",
    "math", "object", "script", "select", "style", "svg", "textarea", "video",
];

/// Start tags of `html` the cleaner removes, with their offsets; a video
/// embed ([`video_link`]) is not among them: it becomes a link. One per
/// element: tags inside a removed element (a form's inputs) are not
/// counted; `open` carries the removed element still open from one piece
/// of raw HTML to the next.
pub(crate) fn removed_elements(html: &str, open: &mut Option<String>) -> Vec<(String, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    for t in start_tags(html) {
        if let Some(name) = open.as_deref() {
            match lower[from..].find(&format!("</{name}")) {
                Some(e) if from + e < t.at => *open = None,
                _ => continue,
            }
        }
        if REMOVED.contains(&t.name.as_str()) && (t.name != "iframe" || video_link(&t).is_none()) {
            from = t.at;
            if !matches!(t.name.as_str(), "input" | "embed" | "frame") {
                *open = Some(t.name.clone());
            }
            out.push((t.name, t.at));
        }
    }
    if let Some(name) = open.as_deref()
        && lower[from..].contains(&format!("</{name}"))
    {
        *open = None;
    }
    out
}

/// A video embed's watch page and the site's name: an `<iframe>` from
/// YouTube (also its no-cookie domain) or Vimeo becomes a plain link
/// there, so no third-party frame loads with the page.
pub(crate) fn video_link(tag: &StartTag<'_>) -> Option<(String, &'static str)> {
    let src = decode(tag.attr("src")?.value);
    let rest = src
        .strip_prefix("https://")
        .or_else(|| src.strip_prefix("//"))?;
    let (host, path) = rest.split_once('/')?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    let id_of = |p: &str| -> Option<String> {
        let id: String = p
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (!id.is_empty()).then_some(id)
    };
    match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let id = id_of(path.strip_prefix("embed/")?)?;
            Some((format!("https://www.youtube.com/watch?v={id}"), "YouTube"))
        }
        "player.vimeo.com" => {
            let id = id_of(path.strip_prefix("video/")?)?;
            Some((format!("https://vimeo.com/{id}"), "Vimeo"))
        }
        _ => None,
    }
}

/// Where `len` bytes at `pos` of the HTML an event holds are in the source
/// text the event came from: the same place when the event is the source
/// as written, else the same occurrence of those bytes (block quote and
/// list markers are taken out of the event's text). Scan and render both
/// call this, so link offsets agree.
pub(crate) fn locate(html: &str, src: &str, pos: usize, len: usize) -> usize {
    let Some(needle) = html.get(pos..pos + len) else {
        return 0;
    };
    if src.get(pos..pos + len) == Some(needle) {
        return pos;
    }
    let nth = html[..pos].matches(needle).count();
    src.match_indices(needle).nth(nth).map_or(pos, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_positions() {
        let h = "<p><a class=x href='rules.md#vote'>R</a> <img alt=\"\" src=img/a.png> <a href=\"javascript:x\">j</a></p>";
        let urls = html_urls(h);
        assert_eq!(urls.len(), 2);
        assert_eq!(urls[0].url, "rules.md#vote");
        assert_eq!(&h[urls[0].attr.clone()], "href='rules.md#vote'");
        assert_eq!(urls[1].kind, LinkKind::Image);
        assert_eq!(&h[urls[1].value_at..][..urls[1].value_len], "img/a.png");
        assert_eq!(
            html_urls("<a href=\"a.md?x=1&amp;y=2\">")[0].url,
            "a.md?x=1&y=2"
        );
    }

    #[test]
    fn removed_and_video_embeds() {
        let h = "<script>x</script><iframe src=\"https://www.youtube-nocookie.com/embed/Ab_9-x?si=1\"></iframe><iframe src=\"https://evil.example/\"></iframe>";
        let mut open = None;
        let removed: Vec<_> = removed_elements(h, &mut open)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(removed, ["script", "iframe"]);
        assert_eq!(open, None);
        // A form's inputs are part of the form, also over several pieces.
        let removed = removed_elements("<form action=x><input name=a>", &mut open);
        assert_eq!(removed.len(), 1);
        assert_eq!(open.as_deref(), Some("form"));
        assert!(removed_elements("<button>b</button></form>", &mut open).is_empty());
        assert_eq!(removed_elements("<input>", &mut open).len(), 1);
        let tags = start_tags(h);
        assert_eq!(
            video_link(&tags[1]),
            Some(("https://www.youtube.com/watch?v=Ab_9-x".into(), "YouTube"))
        );
    }

    #[test]
    fn locate_finds_the_same_occurrence() {
        assert_eq!(locate("<a href=x>", "<a href=x>", 8, 1), 8);
        // A block quote's marker is not in the event's text.
        let src = "> <a href=x><a href=x>";
        assert_eq!(locate("<a href=x><a href=x>", src, 18, 1), 20);
    }
}
