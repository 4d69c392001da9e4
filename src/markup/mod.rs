//! The markdown syntax layer shared by scanning (before link resolution) and
//! HTML rendering (after it): parser options, one event stream with merged
//! text and byte offsets, and recognisers for the MyST constructs real
//! handbooks use (`(label)=` targets, `{role}` inline roles, directive
//! fences). [`scan`] extracts what the resolver needs from a markdown unit:
//! title, headings with GitHub-compatible ids, labels, every link with its
//! offset, glossary blocks and plain text for search. It knows nothing about
//! other files; it sits between `source` and `model`.

use std::ops::Range;

use pulldown_cmark::{
    CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};

mod autolink;
mod plain;
mod rawhtml;
mod walk;

pub use plain::PlainText;
#[cfg(test)]
use plain::push_text;
pub(crate) use rawhtml::{html_urls, locate, start_tags, video_link};
pub(crate) use walk::{Fence, RoleAt, Visitor, walk};

use crate::myst::{Body, Link};
use crate::slug::{IdDeduper, github_id};

/// Parser options: CommonMark + GFM (tables, footnotes, task lists,
/// strikethrough, alerts), heading attributes, `[[wiki links]]` and MyST's
/// `$…$` / `$$…$$` math. Smart punctuation stays off.
pub fn options() -> Options {
    Options::ENABLE_MATH
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Rewrites MyST colon fences (`:::{note}` … `:::`) into backtick fences of
/// the same length, so byte offsets stay valid and both fence styles go
/// through one code path. Lines inside a code block (a backtick or tilde
/// fence that is not a directive, such as a ```` ```markdown ```` example
/// showing MyST) stay as written.
pub fn normalize_colon_fences(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(":::") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut open = 0usize;
    let mut fences = FenceStack::default();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if fences.in_code(trimmed) {
            out.push_str(line);
            continue;
        }
        let colons = trimmed.bytes().take_while(|&b| b == b':').count();
        let rest = &trimmed[colons..];
        let is_open = colons >= 3 && rest.starts_with('{');
        let is_close = colons >= 3 && rest.trim().is_empty() && open > 0;
        if is_open || is_close {
            out.push_str(&line[..indent]);
            out.extend(std::iter::repeat_n('`', colons));
            out.push_str(rest);
            if is_open {
                open += 1;
            } else {
                open -= 1;
            }
        } else {
            fences.line(trimmed);
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The backtick and tilde fences open at a line of [`normalize_colon_fences`]:
/// fence character, length, and whether it is a code block (not a
/// directive).
#[derive(Default)]
struct FenceStack(Vec<(u8, usize, bool)>);

impl FenceStack {
    /// Inside a code block: true for its lines and its closing fence
    /// (which closes it).
    fn in_code(&mut self, trimmed: &str) -> bool {
        let Some(&(c, len, true)) = self.0.last() else {
            return false;
        };
        let n = trimmed.bytes().take_while(|&b| b == c).count();
        if n >= len && trimmed[n..].trim().is_empty() {
            self.0.pop();
        }
        true
    }

    /// A line outside code blocks: a fence opens or closes.
    fn line(&mut self, trimmed: &str) {
        let Some(c) = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~') else {
            return;
        };
        let n = trimmed.bytes().take_while(|&b| b == c).count();
        if n < 3 {
            return;
        }
        let info = trimmed[n..].trim();
        match self.0.last() {
            _ if info.starts_with('{') => self.0.push((c, n, false)),
            Some(&(tc, tl, false)) if info.is_empty() && tc == c && n >= tl => {
                self.0.pop();
            }
            _ => self.0.push((c, n, true)),
        }
    }
}

/// The event stream of a markdown text, text events merged, with offsets.
pub fn events(text: &str) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    TextMergeWithOffset::new(Parser::new_ext(text, options()).into_offset_iter())
}

/// If `text` is a MyST target line `(label)=`, the label.
pub(crate) fn myst_label(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = t.strip_prefix('(')?.strip_suffix(")=")?;
    (!inner.is_empty() && !inner.contains(char::is_whitespace)).then_some(inner)
}

/// If `text` ends with a MyST role opener like `{ref}`, the role name and the
/// byte length of the `{name}` suffix.
pub(crate) fn trailing_role(text: &str) -> Option<(&str, usize)> {
    let t = text.strip_suffix('}')?;
    let open = t.rfind('{')?;
    let name = &t[open + 1..];
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'_');
    valid.then_some((name, name.len() + 2))
}

/// `Title <target>` or `target` in a MyST role body.
pub(crate) fn role_target(body: &str) -> (Option<&str>, &str) {
    let b = body.trim();
    if let Some(stripped) = b.strip_suffix('>')
        && let Some(lt) = stripped.rfind('<')
    {
        let title = stripped[..lt].trim();
        return (
            (!title.is_empty()).then_some(title),
            stripped[lt + 1..].trim(),
        );
    }
    (None, b)
}

/// A parsed directive fence: ```` ```{name} argument ````, its `:key: value`
/// options and the body with its offset in the unit text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    pub name: &'a str,
    pub argument: &'a str,
    pub options: Vec<(&'a str, &'a str)>,
    /// Offset of each option's key in the unit text (parallel to `options`).
    pub option_at: Vec<usize>,
    /// Offset of each option's value in the unit text (parallel to `options`).
    pub value_at: Vec<usize>,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Parse a fenced code block's info string and content as a directive, if
/// the info string is `{name}`. `content_offset` is where the content starts.
pub fn directive<'a>(
    info: &'a str,
    content: &'a str,
    content_offset: usize,
) -> Option<Directive<'a>> {
    let info = info.trim();
    let rest = info.strip_prefix('{')?;
    let close = rest.find('}')?;
    let name = rest[..close].trim();
    if name.is_empty() {
        return None;
    }
    let argument = rest[close + 1..].trim();
    let mut options = Vec::new();
    let mut option_at = Vec::new();
    let mut value_at = Vec::new();
    let mut consumed = 0;
    let mut lines = content.split_inclusive('\n');
    // YAML-style option block: --- key: value ---
    if let Some(block) = content.strip_prefix("---\n") {
        let mut pos = 4;
        for line in block.split_inclusive('\n') {
            let start = pos;
            pos += line.len();
            if line.trim() == "---" {
                consumed = pos;
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                options.push((k.trim(), v.trim()));
                option_at.push(content_offset + start + indent(line));
                value_at.push(content_offset + start + k.len() + 1 + indent(v));
            }
        }
    } else {
        for line in lines.by_ref() {
            let t = line.trim();
            if let Some(opt) = t.strip_prefix(':')
                && let Some((k, v)) = opt.split_once(':')
                && !k.contains(' ')
            {
                options.push((k.trim(), v.trim()));
                let key_at = content_offset + consumed + indent(line) + 1;
                option_at.push(key_at);
                value_at.push(key_at + k.len() + 1 + indent(v));
                consumed += line.len();
                continue;
            }
            break;
        }
    }
    let body = &content[consumed..];
    Some(Directive {
        name,
        argument,
        options,
        option_at,
        value_at,
        body,
        body_offset: content_offset + consumed,
    })
}

/// Bytes of leading whitespace.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Admonition-like directive names rendered as boxes around markdown.
pub fn is_admonition(name: &str) -> bool {
    crate::myst::directive(name).is_some_and(crate::myst::Directive::is_box)
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// `[text](dest)`, reference links, autolinks.
    Link,
    Image,
    /// `[[target]]` / `[[target|label]]`.
    Wiki,
    /// A MyST role: `{ref}`, `{term}`, `{doc}`, `{numref}`, `{cite}`, …
    Role,
    /// An `{include}` or `{figure}` directive argument.
    Directive,
}

/// One link found in a markdown unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub kind: LinkKind,
    /// For roles, the role name (`ref`, `term`…); empty otherwise.
    pub role: String,
    pub dest: String,
    /// Byte range in the unit text; `offset` is the render lookup key.
    pub offset: usize,
    pub len: usize,
    /// Whether the link has visible text of its own.
    pub has_text: bool,
}

/// A heading with its final (deduplicated) id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    /// Byte offset of the heading in the unit text.
    pub offset: usize,
}

/// A glossary entry from a MyST `{glossary}` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
    pub offset: usize,
}

/// What the resolver needs from one markdown unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Text of the first level-1 heading.
    pub title: Option<String>,
    pub headings: Vec<Heading>,
    /// MyST `(label)=` targets and explicit `{#id}` heading attributes, with offsets.
    pub labels: Vec<(String, usize)>,
    pub links: Vec<LinkRef>,
    pub glossary: Vec<GlossaryEntry>,
    /// Directives we do not know, with offsets (rendered as marked boxes).
    pub unknown_directives: Vec<(String, usize)>,
    /// Options a known directive does not take: directive name, option
    /// key and the key's offset.
    pub unknown_options: Vec<(String, String, usize)>,
    /// Formulas whose LaTeX cannot be read: the problem, the formula's
    /// offset and length.
    pub math_problems: Vec<(String, usize, usize)>,
    /// Directives whose content has the wrong shape: what is wrong and
    /// where (offset, length).
    pub directive_problems: Vec<(String, usize, usize)>,
    /// Whether the unit draws a `{mermaid}` diagram (the site then ships
    /// the theme's vendored mermaid).
    pub mermaid: bool,
    /// `id="…"` attributes and `<a name="…">` anchors in raw HTML.
    pub html_anchors: Vec<String>,
    /// `src="…"` values in raw HTML, with the offset of their HTML chunk:
    /// local files they name are copied with the site (not checked).
    pub html_sources: Vec<(String, usize)>,
    /// URL attributes in raw HTML whose scheme is not allowed (the cleaner
    /// drops them), with their offsets, for one warning each.
    pub html_unsafe_urls: Vec<(String, usize)>,
    /// Elements of raw HTML the cleaner removes whole (`script`, `iframe`,
    /// `form`…), with offsets, for one warning each.
    pub html_removed: Vec<(String, usize)>,
    /// Plain text for the search index (whitespace-collapsed), made from
    /// the unit's markdown when read ([`MdUnit::plain`](crate::model::MdUnit::plain)).
    pub text: PlainText,
}

impl Scan {
    /// The anchor `id` names on this page, as the page spells it: an exact
    /// match first, else a case-insensitive one (GitHub matches `#Creation`
    /// to the heading id `creation`).
    pub(crate) fn find_anchor(&self, id: &str) -> Option<&str> {
        if id.starts_with("fn-") || id.starts_with("fnref-") {
            return Some("");
        }
        let all = || {
            self.headings
                .iter()
                .map(|h| h.id.as_str())
                .chain(self.labels.iter().map(|(l, _)| l.as_str()))
                .chain(self.html_anchors.iter().map(String::as_str))
        };
        all()
            .find(|a| *a == id)
            .or_else(|| all().find(|a| a.eq_ignore_ascii_case(id)))
    }
}

/// Anchors a chunk of raw HTML defines: every `id="…"` attribute and the
/// `name="…"` of `<a>` elements (old-style `<a name="x"></a>` targets).
pub(crate) fn html_anchor_ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_tag(html, |tag, attrs| {
        for (k, v) in attrs {
            if (k == "id" || (k == "name" && tag == "a")) && !crate::sanitize::is_theme_id(v) {
                out.push((*v).to_string());
            }
        }
    });
    out
}

/// The `src="…"` values of a chunk of raw HTML (video, audio; an image's
/// is a link, see [`html_urls`]).
pub(crate) fn html_src_values(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_tag(html, |tag, attrs| {
        if tag == "img" {
            return;
        }
        out.extend(
            attrs
                .iter()
                .filter(|(k, _)| k == "src")
                .map(|(_, v)| (*v).to_string()),
        );
    });
    out
}

/// URL attribute values of a chunk of raw HTML that use a scheme other
/// than http, https, mailto or tel (character references decoded).
pub(crate) fn html_unsafe_urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_tag(html, |_, attrs| {
        out.extend(
            attrs
                .iter()
                .filter(|(k, v)| {
                    matches!(
                        k.as_str(),
                        "href" | "src" | "xlink:href" | "action" | "formaction" | "data" | "poster"
                    ) && !crate::url::is_safe_html_attr(v)
                })
                .map(|(_, v)| (*v).to_string()),
        );
    });
    out
}

/// Calls `f(tag name, [(attribute, value)])` for each start tag of `html`
/// (names lowercased, values as written).
fn for_each_tag(html: &str, mut f: impl FnMut(&str, &[(String, &str)])) {
    for tag in start_tags(html) {
        let attrs: Vec<(String, &str)> = tag.attrs.into_iter().map(|a| (a.name, a.value)).collect();
        f(&tag.name, &attrs);
    }
}

/// Assigns heading ids: explicit `{#id}` wins, else GitHub's slug, deduplicated.
#[derive(Default)]
pub(crate) struct HeadingIds {
    dedup: IdDeduper,
}

impl HeadingIds {
    pub(crate) fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        match explicit {
            Some(id) => {
                self.dedup.reserve(id);
                id.to_string()
            }
            None => self.dedup.unique(github_id(text)),
        }
    }
}

/// Scan a markdown unit. `text` must already have colon fences normalised.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan {
        text: PlainText::over(text),
        ..Scan::default()
    };
    let mut ids = HeadingIds::default();
    scan_into(text, 0, &mut out, &mut ids, 0);
    out.text.finish();
    out
}

const MAX_DIRECTIVE_DEPTH: usize = 16;

struct HeadingState {
    level: u8,
    explicit: Option<String>,
    text: String,
    /// Offset of the heading in the walked text.
    start: usize,
}

/// The scan pass: one [`walk`] visitor filling a [`Scan`].
struct ScanPass<'t, 'o> {
    text: &'t str,
    base: usize,
    depth: usize,
    out: &'o mut Scan,
    ids: &'o mut HeadingIds,
    heading: Option<HeadingState>,
    /// Inside an all-contributors table (between its
    /// `ALL-CONTRIBUTORS-LIST:START` / `END` comments), whose `#type-login`
    /// links name no anchor by design: those are left as written.
    contributors: bool,
    /// A removed element (see [`Scan::html_removed`]) still open.
    removing: Option<String>,
}

fn scan_into(text: &str, base: usize, out: &mut Scan, ids: &mut HeadingIds, depth: usize) {
    let mut pass = ScanPass {
        text,
        base,
        depth,
        out,
        ids,
        heading: None,
        contributors: false,
        removing: None,
    };
    walk(text, base, &mut pass);
}

impl<'t> Visitor<'t> for ScanPass<'t, '_> {
    fn event(&mut self, ev: Event<'t>, range: Range<usize>) {
        let out = &mut *self.out;
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some(HeadingState {
                    level: heading_level(level),
                    explicit: id.map(|s| s.to_string()),
                    text: String::new(),
                    start: range.start,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    let at = self.base + h.start;
                    finish_heading(h, at, out, self.ids);
                }
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => out.text.space(),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h, range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => self.link(link_type, dest_url, range),
            Event::Start(Tag::Image { dest_url, .. }) => {
                let at = self.base + range.start;
                push_link(out, LinkKind::Image, "", &dest_url, at, range.len(), true);
            }
            Event::Text(t) => self.text(&t),
            Event::Code(c) => self.code(&c),
            Event::InlineMath(m) => {
                self.math(&m, range);
                self.code(&m);
            }
            Event::DisplayMath(m) => {
                out.text.word_break();
                self.math(&m, range);
                self.code(&m);
                self.out.text.word_break();
            }
            Event::SoftBreak | Event::HardBreak => out.text.space(),
            // Every other block and table-cell edge separates words: tight
            // list items and cells have no paragraph of their own.
            Event::Start(tag) if !is_inline(&tag) => out.text.word_break(),
            Event::End(tag) if !is_inline_end(tag) => out.text.word_break(),
            Event::Rule | Event::TaskListMarker(_) => out.text.word_break(),
            _ => {}
        }
    }

    fn fence(&mut self, f: &Fence<'_>) {
        scan_code_block(f.info, f.content, f.at, self.out, self.ids, self.depth);
    }

    fn role(&mut self, r: RoleAt<'t>) {
        self.text(&r.text);
        if crate::myst::role_named(&r.name)
            .is_some_and(|m| m.render == crate::myst::RoleRender::Math)
        {
            self.math(&r.body, r.body_range.clone());
        }
        // Without an explicit `Title <target>`, a `{ref}` shows its
        // target's title: the link has no text of its own.
        let (title, target) = role_target(&r.body);
        let at = self.base + r.body_range.start;
        let len = r.body_range.len();
        push_link(
            self.out,
            LinkKind::Role,
            &r.name,
            target,
            at,
            len,
            title.is_some(),
        );
        self.code(&r.body);
    }

    fn label(&mut self, text: &str, label: &str, range: Range<usize>) {
        self.out
            .labels
            .push((label.to_string(), self.base + range.start));
        self.out.text.push(strip_xref_prefix(text));
        self.out.text.space();
    }
}

impl ScanPass<'_, '_> {
    /// Record a formula (at `at` in the walked text) that cannot be read.
    fn math(&mut self, tex: &str, at: Range<usize>) {
        if let Some(why) = math_problem(tex) {
            let len = at.len();
            self.out
                .math_problems
                .push((why, self.base + at.start, len));
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(t);
        }
        self.out.text.push(strip_xref_prefix(t));
    }

    fn code(&mut self, c: &str) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(c);
        }
        self.out.text.push(c);
    }

    /// Raw HTML: its anchors, local sources and unsafe URLs.
    fn html(&mut self, h: &str, range: Range<usize>) {
        let src = self.text.get(range.clone()).unwrap_or("");
        let at = self.base + range.start;
        self.out
            .html_unsafe_urls
            .extend(html_unsafe_urls(h).into_iter().map(|v| {
                let i = src.find(v.as_str()).unwrap_or(0);
                (v, at + i)
            }));
        self.out.html_anchors.extend(html_anchor_ids(h));
        if h.contains("ALL-CONTRIBUTORS-LIST:") {
            self.contributors = h.contains("ALL-CONTRIBUTORS-LIST:START");
        }
        for u in html_urls(h) {
            if self.contributors && u.url.starts_with('#') {
                continue;
            }
            let off = at + locate(h, src, u.value_at, u.value_len);
            push_link(self.out, u.kind, "", &u.url, off, u.value_len, true);
        }
        self.out.html_removed.extend(
            rawhtml::removed_elements(h, &mut self.removing)
                .into_iter()
                .map(|(tag, i)| (tag, at + locate(h, src, i, 1))),
        );
        self.out
            .html_sources
            .extend(html_src_values(h).into_iter().map(|v| (v, at)));
    }

    fn link(&mut self, link_type: LinkType, dest_url: CowStr<'_>, range: Range<usize>) {
        let kind = match link_type {
            LinkType::WikiLink { .. } => LinkKind::Wiki,
            _ => LinkKind::Link,
        };
        // `<someone@example.org>`: pulldown-cmark gives the bare address.
        let dest_url = if link_type == LinkType::Email && !dest_url.contains(':') {
            CowStr::from(format!("mailto:{dest_url}"))
        } else {
            dest_url
        };
        let has_text = matches!(link_type, LinkType::WikiLink { has_pothole: true })
            || !matches!(link_type, LinkType::WikiLink { .. }) && !link_is_empty(self.text, &range);
        let at = self.base + range.start;
        push_link(self.out, kind, "", &dest_url, at, range.len(), has_text);
    }
}

/// End the current word of search text (one space, never two).
/// Tags that sit inside a line of text (no word boundary at their edges).
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn link_is_empty(text: &str, range: &Range<usize>) -> bool {
    text.get(range.clone()).is_some_and(|s| s.starts_with("[]"))
}

fn push_link(
    out: &mut Scan,
    kind: LinkKind,
    role: &str,
    dest: &str,
    offset: usize,
    len: usize,
    has_text: bool,
) {
    out.links.push(LinkRef {
        kind,
        role: role.to_string(),
        dest: dest.to_string(),
        offset,
        len,
        has_text,
    });
}

/// The visible text of a bare `[[kind:Name]]` is `kind:Name`; search and
/// hover text show `Name`.
fn strip_xref_prefix(t: &str) -> &str {
    ["role:", "journey:", "term:", "person:", "doc:"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t)
}

fn finish_heading(h: HeadingState, offset: usize, out: &mut Scan, ids: &mut HeadingIds) {
    let text = h.text.trim().to_string();
    let id = ids.next(h.explicit.as_deref(), &text);
    if let Some(explicit) = &h.explicit {
        out.labels.push((explicit.clone(), offset));
    }
    if h.level == 1 && out.title.is_none() && !text.is_empty() {
        out.title = Some(text.clone());
    }
    out.headings.push(Heading {
        level: h.level,
        text,
        id,
        offset,
    });
    out.text.space();
}

/// Where a fenced block sits in the unit text.
#[derive(Debug, Clone, Copy)]
pub struct Offsets {
    /// First byte of the content (after the fence line).
    pub content: usize,
    /// First byte of the block (the opening fence): the key of a
    /// directive's own link (figure, include, bibliography).
    pub fence: usize,
}

fn scan_code_block(
    info: &str,
    content: &str,
    at: Offsets,
    out: &mut Scan,
    ids: &mut HeadingIds,
    depth: usize,
) {
    out.text.word_break();
    let Some(d) = directive(info, content, at.content) else {
        out.text.push(content);
        out.text.word_break();
        return;
    };
    let offset = at.fence;
    if let Some((_, label)) = d.options.iter().find(|(k, _)| *k == "name") {
        out.labels.push(((*label).to_string(), offset));
    }
    let Some(spec) = crate::myst::directive(d.name) else {
        // Shown as written (its meaning is unknown): words only.
        out.unknown_directives.push((d.name.to_string(), offset));
        out.text.push(d.body);
        return;
    };
    check_directive(&d, spec, offset, out);
    if spec.argument_is_text() {
        out.text.push(&inline_plain(d.argument));
        out.text.word_break();
    }
    match spec.link {
        Link::Card => {
            if let Some(link) = card_link(&d) {
                out.links.push(link);
            }
        }
        Link::Image => push_link(out, LinkKind::Image, "", d.argument, offset, 0, true),
        Link::File if !d.argument.is_empty() => {
            push_link(
                out,
                LinkKind::Directive,
                d.name,
                d.argument,
                offset,
                0,
                true,
            );
            return;
        }
        Link::Group => {
            // Recorded even when empty, so a missing id is reported.
            push_link(
                out,
                LinkKind::Directive,
                "members",
                d.argument,
                offset,
                0,
                false,
            );
            return;
        }
        Link::File | Link::None => {}
    }
    match spec.body {
        Body::Glossary => {
            out.glossary
                .extend(parse_glossary_block(d.body, d.body_offset));
            out.text.push(d.body);
        }
        Body::Literal => out.text.push(d.body),
        Body::Markdown => scan_body(&d, out, ids, depth),
    }
}

/// What the scan notes about a known directive: unknown options, a math
/// block's label and problems, mermaid use, a malformed list table.
fn check_directive(
    d: &Directive<'_>,
    spec: &crate::myst::Directive,
    offset: usize,
    out: &mut Scan,
) {
    for ((key, _), at) in d.options.iter().zip(&d.option_at) {
        if !spec.knows_option(key) {
            out.unknown_options
                .push((d.name.to_string(), (*key).to_string(), *at));
        }
    }
    if spec.render == crate::myst::Render::Math {
        if let Some((_, label)) = d.options.iter().find(|(k, _)| *k == "label") {
            out.labels.push(((*label).to_string(), offset));
        }
        let problem = d.body.split("\n\n").find_map(math_problem);
        let len = d.body.lines().next().map_or(0, str::len);
        out.math_problems
            .extend(problem.map(|why| (why, d.body_offset, len)));
    }
    out.mermaid |= spec.render == crate::myst::Render::Mermaid;
    if spec.render == crate::myst::Render::ListTable {
        out.directive_problems
            .extend(list_table_problem(d.body, d.body_offset));
    }
}

/// A `{list-table}` body that is not a list of rows, or a row whose cell
/// count differs from the first row's: the message, offset and length.
fn list_table_problem(body: &str, base: usize) -> Option<(String, usize, usize)> {
    let text = normalize_colon_fences(body);
    let mut rows: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    for (ev, range) in events(&text) {
        match ev {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) if depth == 1 => rows.push((0, range.start)),
            Event::Start(Tag::Item) if depth == 2 => {
                if let Some(r) = rows.last_mut() {
                    r.0 += 1;
                }
            }
            _ => {}
        }
    }
    let Some(&(first, _)) = rows.first() else {
        let lead = body.len() - body.trim_start().len();
        let first_line = body.trim_start().lines().next().map_or(0, str::len);
        return (!body.trim().is_empty()).then(|| {
            (
                "this `{list-table}` has no list of rows".to_string(),
                base + lead,
                first_line,
            )
        });
    };
    let (i, &(cells, at)) = rows.iter().enumerate().find(|(_, r)| r.0 != first)?;
    let line = text[at..].lines().next().map_or(1, str::len);
    let cells_of = |n: usize| match n {
        1 => "1 cell".to_string(),
        n => format!("{n} cells"),
    };
    Some((
        format!(
            "row {} of this `{{list-table}}` has {}, the first row {}",
            i + 1,
            cells_of(cells),
            cells_of(first)
        ),
        base + at,
        line,
    ))
}

/// Why the LaTeX formula `tex` cannot be read, if it cannot (the first
/// problem only); the renderer (`html`) draws it with the same parser.
pub(crate) fn math_problem(tex: &str) -> Option<String> {
    let storage = pulldown_latex::Storage::new();
    // The parser's message is a line, then the formula with a marker.
    pulldown_latex::Parser::new(tex.trim(), &storage)
        .find_map(Result::err)
        .map(|e| {
            let s = e.to_string();
            let line = s.lines().next().unwrap_or("").trim();
            line.strip_prefix("parsing error:")
                .unwrap_or(line)
                .trim()
                .to_string()
        })
}

/// A card's `:link:` as a link to resolve: a path or URL like a markdown
/// link's, or with `:link-type: ref` / `doc` a label or a page; keyed at the
/// option's value (where the renderer looks it up).
pub(crate) fn card_link(d: &Directive<'_>) -> Option<LinkRef> {
    let i = d.options.iter().position(|(k, _)| *k == "link")?;
    let (_, dest) = d.options[i];
    let offset = *d.value_at.get(i)?;
    let kind = d
        .options
        .iter()
        .find(|(k, _)| *k == "link-type")
        .map_or("url", |(_, v)| *v);
    let (kind, role) = match kind {
        "ref" => (LinkKind::Role, "ref"),
        "doc" => (LinkKind::Role, "doc"),
        _ => (LinkKind::Link, ""),
    };
    Some(LinkRef {
        kind,
        role: role.to_string(),
        dest: dest.to_string(),
        offset,
        len: dest.len(),
        has_text: true,
    })
}

/// Scan a directive's markdown body as part of the unit.
fn scan_body(d: &Directive<'_>, out: &mut Scan, ids: &mut HeadingIds, depth: usize) {
    if depth < MAX_DIRECTIVE_DEPTH {
        let body = normalize_colon_fences(d.body);
        scan_into(&body, d.body_offset, out, ids, depth + 1);
    }
}

/// Parse a MyST `{glossary}` body: unindented lines are terms, indented lines
/// are their definition.
pub(crate) fn parse_glossary_block(body: &str, base: usize) -> Vec<GlossaryEntry> {
    let mut entries: Vec<GlossaryEntry> = Vec::new();
    let mut pos = base;
    for line in body.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        if line.trim().is_empty() {
            if let Some(e) = entries.last_mut()
                && !e.definition.is_empty()
            {
                e.definition.push('\n');
            }
            continue;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(e) = entries.last_mut() {
                e.definition.push_str(line.trim());
                e.definition.push('\n');
            }
        } else {
            entries.push(GlossaryEntry {
                term: line.trim().to_string(),
                definition: String::new(),
                offset: line_start,
            });
        }
    }
    for e in &mut entries {
        e.definition = e.definition.trim().to_string();
    }
    entries
}

pub(crate) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// One entry of a BibTeX file: `@kind{key, field = {value}, …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BibEntry {
    pub kind: String,
    pub key: String,
    /// Field names lowercased; values with LaTeX braces and accents cleaned.
    pub fields: Vec<(String, String)>,
}

impl BibEntry {
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Author (or editor) names, each cleaned.
    pub(crate) fn authors(&self) -> Vec<String> {
        self.author_names().into_iter().map(|(n, _)| n).collect()
    }

    /// Names with whether each is a corporate name written in braces
    /// (`{World Health Organisation}`), which has no first/last parts.
    fn author_names(&self) -> Vec<(String, bool)> {
        let raw = self
            .field_raw_authors()
            .unwrap_or_default()
            .replace(['\n', '\t'], " ");
        split_top_level_and(&raw)
            .into_iter()
            .map(|a| {
                let a = a.trim();
                let braced = a.starts_with('{')
                    && a.ends_with('}')
                    && skip_group(a.as_bytes(), 0) == a.len();
                (clean_latex(a), braced)
            })
            .filter(|(a, _)| !a.is_empty())
            .collect()
    }

    fn field_raw_authors(&self) -> Option<String> {
        self.field("author")
            .or_else(|| self.field("editor"))
            .map(str::to_string)
    }

    /// The year, from `year` or the start of `date`.
    pub(crate) fn year(&self) -> Option<String> {
        let y = self.field("year").or_else(|| self.field("date"))?;
        let digits: String = y.chars().filter(char::is_ascii_digit).take(4).collect();
        (digits.len() == 4).then_some(digits)
    }

    /// Author-year label: `Ostrom, 2005`, `Begley and Ellis, 2012`,
    /// `Wilkinson et al., 2016`; the key when the entry has no author.
    pub(crate) fn label(&self) -> String {
        let names: Vec<String> = self
            .author_names()
            .into_iter()
            .map(|(a, braced)| if braced { a } else { last_name(&a) })
            .collect();
        let who = match names.as_slice() {
            [] => self.key.clone(),
            [a] => a.clone(),
            [a, b] => format!("{a} and {b}"),
            [a, ..] => format!("{a} et al."),
        };
        match self.year() {
            Some(y) => format!("{who}, {y}"),
            None => who,
        }
    }
}

/// Split an author list on ` and ` outside braces (`{Smith and Sons}` stays one).
fn split_top_level_and(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        if depth == 0 && s[i..].starts_with(" and ") {
            out.push(&s[start..i]);
            i += 5;
            start = i;
            continue;
        }
        i += 1;
    }
    out.push(&s[start..]);
    out
}

/// `Hasselbring, Wilhelm` → `Hasselbring`; `Jon Smith` → `Smith`.
fn last_name(cleaned: &str) -> String {
    if let Some((last, _)) = cleaned.split_once(',') {
        return last.trim().to_string();
    }
    cleaned
        .split_whitespace()
        .last()
        .unwrap_or(cleaned)
        .to_string()
}

/// Remove BibTeX braces and turn common LaTeX escapes into text.
pub(crate) fn clean_latex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {}
            '~' => out.push('\u{a0}'),
            '\\' => {
                let Some(&n) = chars.peek() else { break };
                let combining = match n {
                    '"' => Some('\u{308}'),
                    '\'' => Some('\u{301}'),
                    '`' => Some('\u{300}'),
                    '^' => Some('\u{302}'),
                    '~' => Some('\u{303}'),
                    '=' => Some('\u{304}'),
                    '.' => Some('\u{307}'),
                    _ => None,
                };
                if let Some(mark) = combining {
                    chars.next();
                    while chars.peek() == Some(&'{') || chars.peek() == Some(&' ') {
                        chars.next();
                    }
                    if let Some(letter) = chars.next() {
                        out.push(letter);
                        out.push(mark);
                    }
                    continue;
                }
                if n.is_ascii_alphabetic() {
                    // A command such as \textit or \c: drop its name.
                    let mut name = String::new();
                    while let Some(&a) = chars.peek() {
                        if !a.is_ascii_alphabetic() {
                            break;
                        }
                        name.push(a);
                        chars.next();
                    }
                    match name.as_str() {
                        "ss" => out.push('ß'),
                        "ae" => out.push('æ'),
                        "o" => out.push('ø'),
                        "aa" => out.push('å'),
                        "l" => out.push('ł'),
                        _ => {}
                    }
                    continue;
                }
                chars.next();
                out.push(n);
            }
            '-' if chars.peek() == Some(&'-') => {
                chars.next();
                if chars.peek() == Some(&'-') {
                    chars.next();
                    out.push('—');
                } else {
                    out.push('–');
                }
            }
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parse a BibTeX file by hand: entries with `{…}`/`"…"`/bare values.
/// `@comment`, `@string` and `@preamble` are skipped; malformed entries end
/// the entry they are in, never the file.
pub(crate) fn parse_bib(text: &str) -> Vec<BibEntry> {
    parse_bib_limit(text, usize::MAX)
}

/// The entry with this key, if the BibTeX text has one (parses only it).
pub(crate) fn find_bib_entry(text: &str, key: &str) -> Option<BibEntry> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before = text[..at].trim_end();
        let after = text[from..].trim_start();
        if !(before.ends_with('{') || before.ends_with('(')) || !after.starts_with(',') {
            continue;
        }
        let Some(entry_start) = before.rfind('@') else {
            continue;
        };
        if let Some(e) = parse_bib_limit(&text[entry_start..], 1).pop()
            && e.key == key
        {
            return Some(e);
        }
    }
    None
}

/// Parse up to `limit` BibTeX entries. Over 80 lines on purpose: one
/// byte-level state machine over entry heads, keys and `field = value`
/// pairs, clearer read top to bottom than split across helpers sharing its
/// cursor.
fn parse_bib_limit(text: &str, limit: usize) -> Vec<BibEntry> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while out.len() < limit
        && let Some(at) = text[i..].find('@')
    {
        i += at + 1;
        let kind_end = text[i..].find(['{', '(']).map_or(text.len(), |e| i + e);
        let kind = text[i..kind_end].trim().to_ascii_lowercase();
        if kind.is_empty() || !kind.bytes().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        if kind_end >= text.len() {
            break;
        }
        let close = if b[kind_end] == b'(' { b')' } else { b'}' };
        i = kind_end + 1;
        if matches!(kind.as_str(), "comment" | "string" | "preamble") {
            i = skip_group(b, kind_end);
            continue;
        }
        let Some(comma) = text[i..].find(',') else {
            break;
        };
        let key = text[i..i + comma].trim().to_string();
        i += comma + 1;
        let mut fields = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                i += 1;
            }
            if i >= b.len() || b[i] == close {
                i += 1;
                break;
            }
            let name_end = text[i..]
                .find(['=', close as char, '\n'])
                .map_or(b.len(), |e| i + e);
            if name_end >= b.len() || b[name_end] != b'=' {
                i = name_end;
                continue;
            }
            let name = text[i..name_end].trim().to_ascii_lowercase();
            i = name_end + 1;
            let mut value = String::new();
            loop {
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i >= b.len() {
                    break;
                }
                match b[i] {
                    b'{' => {
                        let end = skip_group(b, i);
                        value.push_str(&text[i + 1..end.saturating_sub(1).max(i + 1)]);
                        i = end;
                    }
                    b'"' => {
                        // The closing quote is the first one outside braces.
                        let mut depth = 0i32;
                        let mut end = i + 1;
                        while end < b.len() && (b[end] != b'"' || depth > 0) {
                            match b[end] {
                                b'{' => depth += 1,
                                b'}' => depth -= 1,
                                _ => {}
                            }
                            end += 1;
                        }
                        value.push_str(&text[i + 1..end]);
                        i = (end + 1).min(b.len());
                    }
                    _ => {
                        let end = text[i..]
                            .find([',', '#', close as char])
                            .map_or(b.len(), |e| i + e);
                        value.push_str(text[i..end].trim());
                        i = end;
                    }
                }
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && b[i] == b'#' {
                    i += 1;
                    continue;
                }
                break;
            }
            let cleaned = if name == "author" || name == "editor" {
                value.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                clean_latex(&value)
            };
            fields.push((name, cleaned));
        }
        if !key.is_empty() {
            out.push(BibEntry { kind, key, fields });
        }
    }
    out
}

/// Index just past the brace group opening at `open` (or the end of text).
fn skip_group(b: &[u8], open: usize) -> usize {
    let (o, c) = if b.get(open) == Some(&b'(') {
        (b'(', b')')
    } else {
        (b'{', b'}')
    };
    let mut depth = 0i32;
    let mut i = open;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == o {
            depth += 1;
        } else if b[i] == c {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
        i += 1;
    }
    b.len()
}

/// The keys of a `{cite}` role body: `a, b` → `["a", "b"]`.
pub(crate) fn cite_keys(body: &str) -> Vec<&str> {
    body.split([',', ';'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .collect()
}

/// Plain text of an inline markdown snippet (for titles written with markup).
pub(crate) fn inline_plain(md: &str) -> String {
    let mut s = String::new();
    for (ev, _) in events(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_text_collapses_every_kind_of_whitespace() {
        // The char-by-char definition it must match.
        fn reference(buf: &mut String, t: &str) {
            for c in t.chars() {
                if c.is_whitespace() {
                    if !buf.is_empty() && !buf.ends_with(' ') {
                        buf.push(' ');
                    }
                } else {
                    buf.push(c);
                }
            }
        }
        let pieces = [
            "",
            " ",
            "a",
            "é",
            "東京",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{85}",
            "\t\n",
            "\u{b}",
            "x y",
            "  lead",
            "trail  ",
            "\u{2028}z",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let (mut fast, mut slow) = (String::from(a), String::from(a));
                    push_text(&mut fast, &format!("{b}{c}"));
                    reference(&mut slow, &format!("{b}{c}"));
                    assert_eq!(fast, slow, "{a:?} + {b:?}{c:?}");
                }
            }
        }
    }

    #[test]
    fn scan_collects_headings_links_and_title() {
        let md = "# Welcome\n\nSee [rules](rules.md#voting) and [[role:maintainer]].\n\n## Voting\n## Voting\n";
        let s = scan(md);
        assert_eq!(s.title.as_deref(), Some("Welcome"));
        let ids: Vec<_> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["welcome", "voting", "voting-1"]);
        assert_eq!(s.links.len(), 2);
        assert_eq!(s.links[0].dest, "rules.md#voting");
        assert_eq!(&md[s.links[0].offset..s.links[0].offset + 5], "[rule");
        assert_eq!(s.links[1].kind, LinkKind::Wiki);
        assert_eq!(s.links[1].dest, "role:maintainer");
        assert!(!s.links[1].has_text);
        assert!(s.text.make(md).contains("Welcome See rules"));
    }

    #[test]
    fn block_and_cell_edges_separate_search_words() {
        let md = "| Who | When |\n|---|---|\n| cards | tuesdays |\n| tiago | **wed**nesday |\n\n- one\n- two\n  - nested\n\n> quote\n\n```\ncode\n```\nafter\n";
        let text = scan(md).text.make(md);
        let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
        assert_eq!(
            words,
            [
                "Who",
                "When",
                "cards",
                "tuesdays",
                "tiago",
                "wednesday",
                "one",
                "two",
                "nested",
                "quote",
                "code",
                "after"
            ]
        );
    }

    #[test]
    fn wiki_link_with_label() {
        let s = scan("[[docs/a.md#x|the rules]]");
        assert_eq!(s.links[0].dest, "docs/a.md#x");
        assert!(s.links[0].has_text);
    }

    #[test]
    fn myst_labels_roles_and_directives() {
        let md = "(my-label)=\n# Title\n\nSee {ref}`the section <other-label>` and {term}`Consensus`.\n\n```{note}\nInside [a](b.md).\n```\n";
        let s = scan(md);
        assert_eq!(s.labels[0].0, "my-label");
        let roles: Vec<_> = s
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Role)
            .collect();
        assert_eq!(roles.len(), 2);
        assert_eq!(roles[0].role, "ref");
        assert_eq!(roles[0].dest, "other-label");
        assert_eq!(roles[1].role, "term");
        let inner = s.links.iter().find(|l| l.dest == "b.md").unwrap();
        assert_eq!(&md[inner.offset..inner.offset + 3], "[a]");
    }

    #[test]
    fn colon_fences_in_code_examples_stay_as_written() {
        let example = "```markdown\n:::{note}\nx\n:::\n```\n";
        assert_eq!(normalize_colon_fences(example), example);
        let t = "~~~\n::::{grid}\n::::\n~~~\n```{note}\nA\n```\n:::{tip}\nB\n:::\n";
        assert_eq!(
            normalize_colon_fences(t),
            "~~~\n::::{grid}\n::::\n~~~\n```{note}\nA\n```\n```{tip}\nB\n```\n"
        );
        let nested = "````{admonition} T\n```python\nx = ':::'\n```\n````\n:::{note}\nN\n:::\n";
        assert!(normalize_colon_fences(nested).ends_with("```{note}\nN\n```\n"));
    }

    #[test]
    fn colon_fences_keep_offsets() {
        let md = ":::{tip}\nA [x](y.md)\n:::\n";
        let n = normalize_colon_fences(md);
        assert_eq!(n.len(), md.len());
        let s = scan(&n);
        let l = &s.links[0];
        assert_eq!(&md[l.offset..l.offset + 3], "[x]");
    }

    #[test]
    fn directive_options_are_parsed() {
        let d = directive(
            "{figure} ../img/a.png",
            ":name: fig-a\n:alt: An image\nCaption text\n",
            10,
        )
        .unwrap();
        assert_eq!(d.name, "figure");
        assert_eq!(d.argument, "../img/a.png");
        assert_eq!(d.options, vec![("name", "fig-a"), ("alt", "An image")]);
        assert_eq!(d.body, "Caption text\n");
        assert_eq!(d.body_offset, 10 + 28);
        // Each option's key offset, for diagnostics.
        assert_eq!(d.option_at, vec![11, 24]);
        let y = directive("{note}", "---\n  class: x\n---\nBody\n", 0).unwrap();
        assert_eq!(y.options, vec![("class", "x")]);
        assert_eq!(y.option_at, vec![6]);
    }

    #[test]
    fn unknown_directive_options_are_recorded_with_offsets() {
        let md =
            "# T\n\n```{figure} a.png\n:atl: A\n:alt: B\n```\n\n```{tabbed} X\n:whatever: 1\n```\n";
        let s = scan(md);
        // Only the known directive's unknown option; `{tabbed}` itself warns.
        assert_eq!(s.unknown_options.len(), 1);
        let (name, key, at) = &s.unknown_options[0];
        assert_eq!((name.as_str(), key.as_str()), ("figure", "atl"));
        assert_eq!(&md[*at..*at + 3], "atl");
        assert_eq!(s.unknown_directives.len(), 1);
    }

    #[test]
    fn scan_labels_are_the_paragraphs_render_anchors() {
        // A label is a paragraph of exactly `(name)=`; `(*x*)=` renders as
        // text, so the scan must not record a label the page lacks.
        let s = scan("(real)=\n# A\n\n(*fake*)=\n");
        let labels: Vec<&str> = s.labels.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, vec!["real"]);
    }

    #[test]
    fn bib_entries_and_labels() {
        let bib = "@comment{x}\n@Article{a1,\n  Author = {Hasselbring, Wilhelm and Carr, Leslie},\n  title = {{FAIR} software},\n  year = {2020}\n}\n@book(b2, author = \"N{\\\"u}st, Daniel and Others, A and Third, B\", year = 1999 # \"\")\n@misc{c3, author = {{Open Science Collaboration}}, date = {2015-08-01}}\n";
        let e = parse_bib(bib);
        let keys: Vec<_> = e.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["a1", "b2", "c3"]);
        assert_eq!(e[0].kind, "article");
        assert_eq!(e[0].field("title"), Some("FAIR software"));
        assert_eq!(e[0].label(), "Hasselbring and Carr, 2020");
        assert_eq!(e[1].label(), "Nu\u{308}st et al., 1999");
        assert_eq!(e[2].label(), "Open Science Collaboration, 2015");
        assert_eq!(find_bib_entry(bib, "c3").unwrap().key, "c3");
        assert!(find_bib_entry(bib, "zz").is_none());
        assert_eq!(cite_keys("a, b;c"), ["a", "b", "c"]);
    }

    #[test]
    fn anchors_from_html_and_case_insensitive_matching() {
        let s = scan(
            "## Creation\n\n<a name=\"2\">2</a>: note\n\n<div id='box' class=x></div>\n<meta name=\"no\">\n<img src=\"pic.png\" width=60%>\n",
        );
        assert_eq!(s.html_anchors, ["2", "box"]);
        // An image's source is a link (checked, rewritten), not a bare source.
        assert!(s.html_sources.is_empty());
        let img = &s.links[0];
        assert_eq!((img.kind, img.dest.as_str()), (LinkKind::Image, "pic.png"));
        assert_eq!(s.find_anchor("Creation"), Some("creation"));
        assert_eq!(s.find_anchor("2"), Some("2"));
        assert!(s.find_anchor("no").is_none());
    }

    #[test]
    fn email_autolinks_are_mailto() {
        let s = scan("Write to <conduct@example.org>.");
        assert_eq!(s.links[0].dest, "mailto:conduct@example.org");
    }

    #[test]
    fn directive_links_point_at_the_fence() {
        let md = "Intro\n\n```{figure} a.png\n:name: f\nCap\n```\n";
        let s = scan(md);
        let l = &s.links[0];
        assert_eq!(l.dest, "a.png");
        assert!(md[l.offset..].starts_with("```{figure}"));
    }

    #[test]
    fn glossary_block_terms() {
        let g = parse_glossary_block("Term A\n  Def of A\n  more\n\nTerm B\n  Def B\n", 0);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].definition, "Def of A\nmore");
        assert_eq!(g[1].term, "Term B");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let md = format!("{}x", "> ".repeat(5000));
        let s = scan(&md);
        assert!(s.text.make(&md).contains('x'));
        let fences: String = (0..100)
            .map(|i| format!("{}{{note}}\n", "`".repeat(200 - i)))
            .collect();
        let _ = scan(&fences);
    }
}
