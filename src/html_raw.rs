//! Raw HTML links, rewritten before the cleaner sees them: each
//! `<a href>` / `<img src>` the scan recorded (see
//! [`crate::markup::html_urls`]) gets the resolver's URL (a `.md` path
//! becomes the page's URL, an image the copied file's), or, when broken,
//! loses its URL and is marked as a broken markdown link is. A YouTube or
//! Vimeo `<iframe>` gets a plain link to the video before it, since the
//! cleaner removes frames. Sits beside `html`, which calls it per event.

use crate::escape::escape;
use crate::html::Seen;
use crate::markup::{LinkKind, html_urls, locate, start_tags, video_link};
use crate::resolve::LinkMap;

/// `html` (one raw HTML event, taken from `src` at unit offset `at`) with
/// its links rewritten from `links`; with `video`, embeds get a link.
/// `None` when nothing changes.
pub(crate) fn rewrite(
    html: &str,
    src: &str,
    at: usize,
    links: &LinkMap,
    video: bool,
    env: Seen<'_>,
) -> Option<String> {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for u in html_urls(html) {
        let key = at + locate(html, src, u.value_at, u.value_len);
        let Some(out) = links.get(&key) else {
            continue;
        };
        let attr = if u.kind == LinkKind::Image {
            "src"
        } else {
            "href"
        };
        let text = match &out.broken {
            None => format!("{attr}=\"{}\"", escape(&out.href)),
            Some(why) => {
                let class = if u.kind == LinkKind::Image {
                    "xref-broken image-missing"
                } else {
                    "xref-broken"
                };
                format!("class=\"{class}\" title=\"{}\"", escape(why))
            }
        };
        edits.push((u.attr, text));
    }
    if video {
        for tag in start_tags(html).iter().filter(|t| t.name == "iframe") {
            if let Some((url, site)) = video_link(tag) {
                let label = env.strings().fill("admonition.video", &[("site", site)]);
                let link = format!(
                    "<a class=\"video-link\" href=\"{}\">{}</a>",
                    escape(&url),
                    escape(&label)
                );
                edits.push((tag.at..tag.at, link));
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = html.to_string();
    for (r, text) in edits {
        out.replace_range(r, &text);
    }
    Some(out)
}
