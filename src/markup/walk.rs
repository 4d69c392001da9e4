//! The one walk over a markdown unit's events that scanning
//! ([`super::scan`]) and rendering (`html`) share. It recognises the MyST
//! constructs on top of pulldown-cmark's events — fenced blocks (code or
//! `{directive}`, after [`super::normalize_colon_fences`]), `{role}`-`body`
//! pairs and `(label)=` paragraphs — and hands each to a [`Visitor`];
//! every other event passes through unchanged. Links (`[[wiki]]` included)
//! are ordinary `Start(Link)` events: their kind is in the `LinkType`.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::{Directive, Offsets, directive, events, myst_label, trailing_role};

/// A fenced or indented block, whole.
pub(crate) struct Fence<'a> {
    /// The info string (empty for indented blocks).
    pub(crate) info: &'a str,
    /// The content, as one string.
    pub(crate) content: &'a str,
    /// Where it sits (offsets include the walk's `base`).
    pub(crate) at: Offsets,
}

impl Fence<'_> {
    /// The block as a MyST directive, if its info string is `{name}`.
    pub(crate) fn directive(&self) -> Option<Directive<'_>> {
        directive(self.info, self.content, self.at.content)
    }
}

/// A MyST role: a text ending in `{name}` directly followed by a code span.
pub(crate) struct RoleAt<'t> {
    /// The whole text event, `{name}` suffix included, and its range.
    pub(crate) text: CowStr<'t>,
    pub(crate) text_range: Range<usize>,
    /// The role name (`ref`, `term`…).
    pub(crate) name: String,
    /// Byte length of the `{name}` suffix of `text`.
    pub(crate) suffix: usize,
    /// The code span's content and range.
    pub(crate) body: CowStr<'t>,
    pub(crate) body_range: Range<usize>,
}

/// What a pass does with each piece of the walk. Ranges are relative to the
/// walked text; add the walk's `base` for unit offsets.
pub(crate) trait Visitor<'t> {
    /// Any event not part of the constructs below.
    fn event(&mut self, ev: Event<'t>, range: Range<usize>);
    /// A code block or directive fence.
    fn fence(&mut self, fence: &Fence<'_>);
    /// A `{name}`body`` role.
    fn role(&mut self, role: RoleAt<'t>);
    /// A paragraph that is only a `(label)=` target: its text and label.
    fn label(&mut self, text: &str, label: &str, range: Range<usize>);
}

/// An event stream with a few events of lookahead.
struct Lookahead<T, I: Iterator<Item = T>> {
    iter: I,
    buf: std::collections::VecDeque<T>,
}

impl<T, I: Iterator<Item = T>> Lookahead<T, I> {
    fn next(&mut self) -> Option<T> {
        self.buf.pop_front().or_else(|| self.iter.next())
    }

    /// The `n`th event still to come (0: the one `next` returns).
    fn peek(&mut self, n: usize) -> Option<&T> {
        while self.buf.len() <= n {
            self.buf.push_back(self.iter.next()?);
        }
        self.buf.get(n)
    }
}

/// Walk `text` (colon fences already normalised); `base` is its offset in
/// the unit, added to fence offsets.
pub(crate) fn walk<'t>(text: &'t str, base: usize, v: &mut impl Visitor<'t>) {
    let mut all = Lookahead {
        iter: events(text),
        buf: std::collections::VecDeque::new(),
    };
    // Open links, images and `<a>` elements: no autolinks inside them.
    let mut in_link = 0usize;
    while let Some((ev, range)) = all.next() {
        match &ev {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_link = in_link.saturating_sub(1),
            Event::InlineHtml(h) if h.starts_with("<a ") || h.starts_with("<a>") => in_link += 1,
            Event::InlineHtml(h) if h.starts_with("</a") => in_link = in_link.saturating_sub(1),
            Event::Text(t) if in_link == 0 && autolink(text, t, &range, &mut all.buf) => continue,
            _ => {}
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i,
                    CodeBlockKind::Indented => CowStr::Borrowed(""),
                };
                fence(&mut all, &info, range, base, v);
            }
            Event::Start(Tag::Paragraph) => {
                all.peek(1);
                let label = match (all.buf.front(), all.buf.get(1)) {
                    (Some((Event::Text(t), _)), Some((Event::End(TagEnd::Paragraph), _))) => {
                        myst_label(t).map(|l| (t.to_string(), l.to_string()))
                    }
                    _ => None,
                };
                match label {
                    Some((t, l)) => {
                        all.next();
                        all.next();
                        v.label(&t, &l, range);
                    }
                    None => v.event(Event::Start(Tag::Paragraph), range),
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                ..
            }) if wiki_then_paren(text, &mut all, &range) => {
                // Its replacement link is counted when it comes round.
                in_link = in_link.saturating_sub(1);
            }
            Event::Text(t) => {
                let role = trailing_role(&t).map(|(n, len)| (n.to_string(), len));
                let next_is_body =
                    matches!(all.peek(0), Some((Event::Code(_), r)) if r.start == range.end);
                if let Some((name, suffix)) = role
                    && next_is_body
                    && let Some((Event::Code(body), body_range)) = all.next()
                {
                    v.role(RoleAt {
                        text: t,
                        text_range: range,
                        name,
                        suffix,
                        body,
                        body_range,
                    });
                } else {
                    v.event(Event::Text(t), range);
                }
            }
            other => v.event(other, range),
        }
    }
}

/// `[[Chat]](https://…)` is not a wiki reference but an ordinary link whose
/// text is `[Chat]` (as on GitHub): when the wiki link at `range` is
/// directly followed by `(destination)`, put that link in its place at the
/// front of the stream and say so.
fn wiki_then_paren<'t, I: Iterator<Item = (Event<'t>, Range<usize>)>>(
    text: &'t str,
    all: &mut Lookahead<(Event<'t>, Range<usize>), I>,
    range: &Range<usize>,
) -> bool {
    all.peek(2);
    let Some((dest, rest, after_r)) = paren_after_wiki(all.buf.range(..), range) else {
        return false;
    };
    let label = text.get(range.start + 1..range.end - 1).unwrap_or("");
    if dest.is_empty() || label.is_empty() {
        return false;
    }
    let link_end = after_r.end - rest.len();
    let label = label.to_string();
    all.buf.drain(..3);
    if !rest.is_empty() {
        all.buf
            .push_front((Event::Text(rest.into()), link_end..after_r.end));
    }
    all.buf
        .push_front((Event::End(TagEnd::Link), link_end - 1..link_end));
    all.buf
        .push_front((Event::Text(label.into()), range.start + 1..range.end - 1));
    all.buf.push_front((
        Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: dest.into(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }),
        range.start..link_end,
    ));
    true
}

/// The `(destination)` right after a wiki link's events (its text, its
/// end): the destination, the text after `)` and the range of that text
/// event.
fn paren_after_wiki<'a, 't: 'a>(
    mut next: impl Iterator<Item = &'a (Event<'t>, Range<usize>)>,
    range: &Range<usize>,
) -> Option<(String, String, Range<usize>)> {
    let (
        Some((Event::Text(_), _)),
        Some((Event::End(TagEnd::Link), _)),
        Some((Event::Text(after), r)),
    ) = (next.next(), next.next(), next.next())
    else {
        return None;
    };
    if r.start != range.end || !after.starts_with('(') {
        return None;
    }
    let close = after.find(')')?;
    let dest = after[1..close].split_whitespace().next().unwrap_or("");
    Some((dest.to_string(), after[close + 1..].to_string(), r.clone()))
}

/// GFM autolink literals: the first bare `https://…`, `http://…` or
/// `www.…` URL in a text event becomes a link (pushed to the front of the
/// stream with the text around it, which is walked again). Only for text
/// that is its source verbatim, so offsets stay exact.
fn autolink<'t>(
    src: &str,
    t: &str,
    range: &Range<usize>,
    buf: &mut std::collections::VecDeque<(Event<'t>, Range<usize>)>,
) -> bool {
    if !(t.contains("://") || t.contains("www.")) || src.get(range.clone()) != Some(t) {
        return false;
    }
    let Some((start, end)) = super::autolink::find(t) else {
        return false;
    };
    let url = &t[start..end];
    let href = if url.starts_with("www.") {
        format!("http://{url}")
    } else {
        url.to_string()
    };
    let at = |i: usize| range.start + i;
    let mut pieces: Vec<(Event<'t>, Range<usize>)> = Vec::new();
    if start > 0 {
        pieces.push((Event::Text(t[..start].to_string().into()), at(0)..at(start)));
    }
    pieces.push((
        Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: href.into(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }),
        at(start)..at(end),
    ));
    pieces.push((Event::Text(url.to_string().into()), at(start)..at(end)));
    pieces.push((Event::End(TagEnd::Link), at(start)..at(end)));
    if end < t.len() {
        pieces.push((Event::Text(t[end..].to_string().into()), at(end)..range.end));
    }
    for p in pieces.into_iter().rev() {
        buf.push_front(p);
    }
    true
}

/// Collect a code block's text up to its end and hand it over whole.
fn fence<'t, I: Iterator<Item = (Event<'t>, Range<usize>)>>(
    all: &mut Lookahead<(Event<'t>, Range<usize>), I>,
    info: &str,
    range: Range<usize>,
    base: usize,
    v: &mut impl Visitor<'t>,
) {
    let mut content = String::new();
    let mut start = range.end;
    while let Some((ev, r)) = all.next() {
        match ev {
            Event::Text(t) => {
                if content.is_empty() {
                    start = r.start;
                }
                content.push_str(&t);
            }
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    let at = Offsets {
        content: base + start,
        fence: base + range.start,
    };
    v.fence(&Fence {
        info,
        content: &content,
        at,
    });
}
