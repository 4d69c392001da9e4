//! Markdown to HTML, after resolution: replays a unit's event stream (the
//! same one [`crate::markup::scan`] saw) through small passes: links rewritten
//! from the resolver's table by byte offset, headings given ids and anchors,
//! code highlighted, GitHub alerts and MyST directives turned into
//! admonitions, figures and includes, footnote ids prefixed, tables wrapped,
//! raw HTML cleaned by an allowlist ([`crate::sanitize`]) unless the
//! handbook allows scripts, and URL schemes checked ([`crate::url`]). Pure per
//! unit, so pages render in parallel.

use std::cell::Cell;

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Tag, TagEnd};

pub use crate::escape::{escape, escape_into};
use crate::highlight::{Highlighter, Memo};
use crate::html_notes::Footnotes;
use crate::html_raw::rewrite;
use crate::include;
use crate::markup::{self, Fence, HeadingIds, RoleAt, Visitor, heading_level, role_target, walk};
use crate::model::MdUnit;
use crate::myst::{Render, RoleRender};
use crate::resolve::{Included, LinkMap, LinkOut, UnitLinks, normalize_path};

/// No included text (for snippets rendered without a unit).
static NO_INCLUDES: Included = Included::new();

mod blocks;
mod math;

/// What rendering needs besides the unit.
pub struct Env<'a> {
    pub hl: &'a Highlighter,
    pub allow_scripts: bool,
    /// Source texts by relative path, for `{include}`.
    pub files: &'a crate::source::Files,
    /// UI strings: admonition and alert titles.
    pub strings: &'a crate::i18n::Catalog,
    /// The theme's admonition markup; `None` draws [`builtin_admonition`].
    pub chrome: Option<&'a dyn Chrome>,
    /// Groups' current members, for `{members}`.
    pub rosters: &'a crate::model::group::Rosters,
}

/// An admonition box (a GitHub alert or a MyST admonition directive), as
/// the theme's `admonition` component receives it.
#[derive(Debug, Clone, Copy)]
pub struct Admonition<'a> {
    /// `note`, `warning`, `dropdown`, … (the class `admonition-<kind>`).
    pub kind: &'a str,
    /// The title as HTML (escaped text).
    pub title: &'a str,
    /// Extra classes from `:class:`, escaped, each after a space.
    pub classes: &'a str,
    /// The `id` from `:name:`, escaped; empty for none.
    pub id: &'a str,
    /// Collapsible: `<details>` instead of `<aside>`.
    pub dropdown: bool,
    /// A collapsible box shown open (`{dropdown}` with `:open:`): the
    /// renderer adds `open` to the component's `<details>` (so components
    /// written before the flag keep working).
    pub open: bool,
}

/// Draws admonition boxes: the HTML before and after the body.
pub trait Chrome: Sync {
    fn admonition(&self, a: &Admonition<'_>) -> (String, String);
}

/// The default theme's admonition markup, for rendering without a theme
/// (the theme's `components.html` writes the same; a test compares them).
pub fn builtin_admonition(a: &Admonition<'_>) -> (String, String) {
    let id = if a.id.is_empty() {
        String::new()
    } else {
        format!(" id=\"{}\"", a.id)
    };
    let (kind, classes, title) = (a.kind, a.classes, a.title);
    if a.dropdown {
        (
            format!(
                "<details class=\"admonition admonition-{kind}{classes}\"{id}><summary class=\"admonition-title\">{title}</summary>\n"
            ),
            "</details>\n".into(),
        )
    } else {
        (
            format!(
                "<aside class=\"admonition admonition-{kind}{classes}\" role=\"note\"{id}><p class=\"admonition-title\">{title}</p>\n"
            ),
            "</aside>\n".into(),
        )
    }
}

/// The renderer's view of an [`Env`]: it notes whether a render read
/// anything that can differ between two languages over the same text and
/// links (UI strings, the theme's admonition markup, rosters, other files'
/// text), so that a render that read none of it can stand for the other
/// language's (see [`render_unit`]).
#[derive(Clone, Copy)]
pub(crate) struct Seen<'a> {
    env: &'a Env<'a>,
    localised: &'a Cell<bool>,
}

impl<'a> Seen<'a> {
    fn hl(&self) -> &'a Highlighter {
        self.env.hl
    }

    fn allow_scripts(&self) -> bool {
        self.env.allow_scripts
    }

    pub(crate) fn strings(&self) -> &'a crate::i18n::Catalog {
        self.localised.set(true);
        self.env.strings
    }

    fn files(&self) -> &'a crate::source::Files {
        self.localised.set(true);
        self.env.files
    }

    fn rosters(&self) -> &'a crate::model::group::Rosters {
        self.localised.set(true);
        self.env.rosters
    }

    fn admonition(&self, a: &Admonition<'_>) -> (String, String) {
        self.localised.set(true);
        self.env.admonition(a)
    }
}

impl Env<'_> {
    fn admonition(&self, a: &Admonition<'_>) -> (String, String) {
        let (open, close) = match self.chrome {
            Some(c) => c.admonition(a),
            None => builtin_admonition(a),
        };
        if a.open && a.dropdown {
            (open.replacen("<details", "<details open", 1), close)
        } else {
            (open, close)
        }
    }
}

/// A unit's HTML, and whether it is the same in every language (see
/// [`render_unit`]).
pub(crate) struct UnitHtml {
    pub(crate) html: String,
    /// Nothing of the [`Env`] that differs between languages was read: the
    /// HTML is a function of the unit's text, its links and `root` alone.
    pub(crate) neutral: bool,
}

/// Render a unit to HTML.
pub(crate) fn render_unit(
    env: &Env<'_>,
    memo: &mut Memo,
    unit: &MdUnit,
    links: &UnitLinks,
    root: &str,
) -> UnitHtml {
    let localised = Cell::new(false);
    let mut r = Renderer {
        env: Seen {
            env,
            localised: &localised,
        },
        memo,
        links: &links.links,
        included: &links.included,
        file: &unit.file,
        root,
        ids: HeadingIds::default(),
        notes: Footnotes::default(),
        raw: Vec::new(),
        inc: IncludeState {
            chain: vec![unit.file.clone()],
            ..IncludeState::default()
        },
        table: None,
    };
    let html = r.render(&unit.text(env.files), 0, 0);
    UnitHtml {
        html,
        neutral: !localised.get(),
    }
}

/// Render a standalone inline/block snippet with no links to rewrite.
pub fn render_plain(env: &Env<'_>, md: &str) -> String {
    let empty = LinkMap::default();
    let localised = Cell::new(false);
    let mut r = Renderer {
        env: Seen {
            env,
            localised: &localised,
        },
        memo: &mut Memo::default(),
        links: &empty,
        included: &NO_INCLUDES,
        file: "",
        root: "",
        ids: HeadingIds::default(),
        notes: Footnotes::default(),
        raw: Vec::new(),
        inc: IncludeState::default(),
        table: None,
    };
    let text = markup::normalize_colon_fences(md);
    r.render(&text, 0, 0)
}

use crate::include::MAX_DEPTH;

/// Writes finished top-level blocks of the output events to HTML.
#[derive(Default)]
struct Flush {
    /// Events of `out` already counted into `depth`.
    seen: usize,
    /// Open Start tags among the pending events.
    depth: usize,
}

impl Flush {
    /// Write out the pending events if they end a top-level block with a
    /// newline (so the HTML writer's state is the same as if it had never
    /// stopped) and there are enough of them to be worth it.
    fn maybe(&mut self, out: &mut Vec<Event<'_>>, html: &mut String) {
        for e in &out[self.seen..] {
            match e {
                Event::Start(_) => self.depth += 1,
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.seen = out.len();
        let ends_block = match out.last() {
            Some(Event::End(t)) => *t != TagEnd::HtmlBlock,
            Some(Event::Html(h)) => h.ends_with('\n'),
            _ => false,
        };
        if self.depth == 0 && ends_block && out.len() >= 256 {
            pulldown_cmark::html::push_html(html, out.drain(..));
            self.seen = 0;
        }
    }
}

/// The files being included into one page (outermost first), the bytes
/// of included text it has expanded so far, and the texts it read (a file
/// included many times is read once per page, not once per inclusion: a
/// released text is read from disk again each time it is asked for).
#[derive(Default)]
struct IncludeState {
    chain: Vec<String>,
    bytes: usize,
    texts: std::collections::HashMap<String, Option<std::sync::Arc<str>>>,
}

/// Opens a link whose URL scheme is not allowed: its text stays, not the URL.
const UNSAFE_LINK: &str =
    "<span class=\"xref-broken\" title=\"Link removed: its URL scheme is not allowed\">";
/// Opens an image whose URL scheme is not allowed: its alt text, marked.
const UNSAFE_IMAGE: &str = "<span class=\"xref-broken image-missing\" title=\"Image removed: its URL scheme is not allowed\">[image: ";

struct Renderer<'a> {
    env: Seen<'a>,
    /// This worker's highlighting memo.
    memo: &'a mut Memo,
    links: &'a LinkMap,
    /// The resolved links of included text (see [`UnitLinks::included`]).
    included: &'a Included,
    file: &'a str,
    /// Relative path from the page being rendered to the site root.
    root: &'a str,
    ids: HeadingIds,
    /// Footnote ids given out on this page.
    notes: Footnotes,
    /// Raw HTML pieces of the `render` call in progress, in order: each is
    /// a [`crate::sanitize::RAW_MARK`] in the generated HTML until
    /// [`crate::sanitize::merge_raw`] merges
    /// them back, cleaned.
    raw: Vec<String>,
    inc: IncludeState,
    /// Set for the next `render` call: it draws a `{list-table}`'s body.
    table: Option<blocks::TableState>,
}

enum Open {
    Link,
    BrokenLink,
    /// A wiki link without its own label: skip the inner text.
    ReplacedLink,
    Plain,
    Image,
    /// An image whose file is missing: its alt text, marked, instead.
    BrokenImage,
}

/// A heading being collected: level, explicit id, its rewritten inline
/// events and its plain text (for the id).
struct HeadingBuf<'t> {
    level: u8,
    explicit: Option<String>,
    inner: Vec<Event<'t>>,
    plain: String,
}

/// The render pass: one [`walk`] visitor turning a text's events into
/// HTML. Events stream through; finished top-level blocks are written out
/// as they end ([`Flush`]), so memory stays in proportion to one block, not
/// the page.
struct RenderPass<'r, 'a, 't> {
    r: &'r mut Renderer<'a>,
    /// The walked text (raw HTML links are keyed by their place in it).
    text: &'t str,
    base: usize,
    depth: usize,
    out: Vec<Event<'t>>,
    link_stack: Vec<Open>,
    /// For each open block quote: the closing HTML of an alert's box.
    quote_stack: Vec<Option<String>>,
    heading: Option<HeadingBuf<'t>>,
    html: String,
    flush: Flush,
    /// Drawing a `{list-table}`: its outer lists become rows and cells.
    table: Option<blocks::TableState>,
}

impl<'t> Visitor<'t> for RenderPass<'_, '_, 't> {
    fn event(&mut self, ev: Event<'t>, range: Range<usize>) {
        self.flush.maybe(&mut self.out, &mut self.html);
        if self.heading.is_some() {
            self.heading_event(ev, &range);
            return;
        }
        if let Some(html) = self.table.as_mut().and_then(|t| t.event(&ev)) {
            self.out.push(Event::Html(html.into()));
            return;
        }
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some(HeadingBuf {
                    level: heading_level(level),
                    explicit: id.map(|s| s.to_string()),
                    inner: Vec::new(),
                    plain: String::new(),
                });
            }
            Event::Start(Tag::BlockQuote(kind)) => match kind {
                Some(k) => {
                    let (open, close) = alert(k, self.r.env);
                    self.out.push(Event::Html(open.into()));
                    self.quote_stack.push(Some(close));
                }
                None => {
                    self.out.push(Event::Start(Tag::BlockQuote(None)));
                    self.quote_stack.push(None);
                }
            },
            Event::End(TagEnd::BlockQuote(k)) => {
                if let Some(close) = self.quote_stack.pop().flatten() {
                    self.out.push(Event::Html(close.into()));
                } else {
                    self.out.push(Event::End(TagEnd::BlockQuote(k)));
                }
            }
            Event::Start(Tag::Table(a)) => {
                self.out
                    .push(Event::Html("<div class=\"table-wrap\">".into()));
                self.out.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                self.out.push(Event::End(TagEnd::Table));
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::Text(_) | Event::Code(_) if self.replacing() => {}
            Event::Text(t) => self.out.push(Event::Text(t)),
            other => {
                let other = self.raw_links(other, &range);
                let e = self
                    .r
                    .inline(other, &range, self.base, &mut self.link_stack);
                self.out.push(e);
            }
        }
    }

    fn fence(&mut self, f: &Fence<'_>) {
        self.flush.maybe(&mut self.out, &mut self.html);
        let html = self.r.code_block(f, self.depth);
        self.out.push(Event::Html(html.into()));
    }

    fn role(&mut self, role: RoleAt<'t>) {
        self.flush.maybe(&mut self.out, &mut self.html);
        if self.heading.is_some() {
            // Headings show roles as written.
            self.heading_event(Event::Text(role.text), &role.text_range);
            self.heading_event(Event::Code(role.body), &role.body_range);
            return;
        }
        if self.replacing() {
            return;
        }
        let keep = &role.text[..role.text.len() - role.suffix];
        self.out.push(Event::Text(CowStr::from(keep.to_string())));
        let key = self.base + role.body_range.start;
        let html = self.r.role(&role.name, &role.body, key);
        self.out.push(Event::Html(html.into()));
    }

    fn label(&mut self, _text: &str, label: &str, _range: Range<usize>) {
        self.flush.maybe(&mut self.out, &mut self.html);
        // A MyST `(label)=` paragraph becomes an anchor.
        self.out.push(Event::Html(
            format!("<span id=\"{}\"></span>\n", escape(label)).into(),
        ));
    }
}

impl<'t> RenderPass<'_, '_, 't> {
    /// Inside a wiki link whose label was replaced: its own text is skipped.
    fn replacing(&self) -> bool {
        matches!(self.link_stack.last(), Some(Open::ReplacedLink))
    }

    /// Raw HTML with its links rewritten (see [`crate::html_raw`]).
    fn raw_links(&self, ev: Event<'t>, range: &Range<usize>) -> Event<'t> {
        let src = self.text.get(range.clone()).unwrap_or("");
        let at = self.base + range.start;
        let video = !self.r.env.allow_scripts();
        let (Event::Html(h) | Event::InlineHtml(h)) = &ev else {
            return ev;
        };
        match rewrite(h, src, at, self.r.links, video, self.r.env) {
            Some(new) if matches!(ev, Event::Html(_)) => Event::Html(new.into()),
            Some(new) => Event::InlineHtml(new.into()),
            None => ev,
        }
    }

    /// One event inside a heading: collected until the heading ends, then
    /// written with its id and anchor link.
    fn heading_event(&mut self, ev: Event<'t>, range: &Range<usize>) {
        let Some(h) = &mut self.heading else {
            return;
        };
        match ev {
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    let level = h.level;
                    let id = self.r.ids.next(h.explicit.as_deref(), h.plain.trim());
                    self.out.push(Event::Html(
                        format!("<h{level} id=\"{}\">", escape(&id)).into(),
                    ));
                    self.out.extend(h.inner);
                    self.out.push(Event::Html(
                        format!(
                            "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a></h{level}>\n",
                            escape(&id)
                        )
                        .into(),
                    ));
                }
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                h.plain.push_str(t);
                h.inner.push(ev);
            }
            other => {
                let other = self.raw_links(other, range);
                let e = self.r.inline(other, range, self.base, &mut self.link_stack);
                if let Some(h) = &mut self.heading {
                    h.inner.push(e);
                }
            }
        }
    }
}

impl Renderer<'_> {
    /// Render `text`; its raw HTML is cleaned as one fragment, in context,
    /// unless the handbook allows scripts.
    fn render(&mut self, text: &str, base: usize, depth: usize) -> String {
        let outer_raw = std::mem::take(&mut self.raw);
        let text = crate::sanitize::unmark(text);
        let html = self.render_events(&text, base, depth);
        let raw = std::mem::replace(&mut self.raw, outer_raw);
        if raw.is_empty() {
            html
        } else {
            crate::sanitize::merge_raw(&html, &raw)
        }
    }

    fn render_events(&mut self, text: &str, base: usize, depth: usize) -> String {
        let table = self.table.take();
        let mut pass = RenderPass {
            r: self,
            text,
            base,
            depth,
            out: Vec::new(),
            link_stack: Vec::new(),
            quote_stack: Vec::new(),
            heading: None,
            html: String::with_capacity(text.len() * 3 / 2),
            flush: Flush::default(),
            table,
        };
        walk(text, base, &mut pass);
        if let Some(t) = pass.table.take() {
            pass.out.push(Event::Html(t.close().into()));
        }
        let mut html = pass.html;
        pulldown_cmark::html::push_html(&mut html, pass.out.into_iter());
        html
    }

    /// Rewrite one event that may appear inline (links, images, raw HTML, footnotes).
    fn inline<'e>(
        &mut self,
        ev: Event<'e>,
        range: &Range<usize>,
        base: usize,
        stack: &mut Vec<Open>,
    ) -> Event<'e> {
        match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link_open(link_type, dest_url, title, id, base + range.start, stack),
            Event::End(TagEnd::Image) => match stack.pop() {
                Some(Open::BrokenImage) => Event::Html("]</span>".into()),
                _ => Event::End(TagEnd::Image),
            },
            Event::End(TagEnd::Link) => match stack.pop() {
                Some(Open::Link) => Event::Html("</a>".into()),
                Some(Open::BrokenLink) => Event::Html("</span>".into()),
                Some(Open::ReplacedLink) => Event::Html("".into()),
                _ => Event::End(TagEnd::Link),
            },
            Event::Text(t) if matches!(stack.last(), Some(Open::ReplacedLink)) => {
                let _ = t;
                Event::Html("".into())
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.image_open(link_type, dest_url, title, id, base + range.start, stack),
            Event::Html(h) | Event::InlineHtml(h) if !self.env.allow_scripts() => self.raw_html(&h),
            Event::InlineMath(tex) => Event::InlineHtml(math::mathml(&tex, false).into()),
            Event::DisplayMath(tex) => Event::InlineHtml(math::mathml(&tex, true).into()),
            other => footnote_or_task(other, &mut self.notes),
        }
    }

    /// A link's opening, from the resolver's table by offset `key`: an
    /// `<a>`, a marked broken reference, or the link as written.
    fn link_open<'e>(
        &self,
        link_type: LinkType,
        dest_url: CowStr<'e>,
        title: CowStr<'e>,
        id: CowStr<'e>,
        key: usize,
        stack: &mut Vec<Open>,
    ) -> Event<'e> {
        let out = self.links.get(&key);
        if !crate::url::is_safe(out.map_or(&*dest_url, |o| o.href.as_str())) {
            stack.push(Open::BrokenLink);
            return Event::Html(UNSAFE_LINK.into());
        }
        let Some(out) = out else {
            stack.push(Open::Plain);
            return Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            });
        };
        if let Some(why) = &out.broken {
            stack.push(Open::BrokenLink);
            let text = if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                escape(&dest_url)
            } else {
                String::new()
            };
            if !text.is_empty() {
                stack.pop();
                stack.push(Open::ReplacedLink);
                return Event::Html(
                    format!(
                        "<span class=\"xref-broken\" title=\"{}\">{text}</span>",
                        escape(why)
                    )
                    .into(),
                );
            }
            return Event::Html(
                format!("<span class=\"xref-broken\" title=\"{}\">", escape(why)).into(),
            );
        }
        let mut tag = format!("<a href=\"{}\"", escape(&out.href));
        if !out.class.is_empty() {
            tag.push_str(&format!(" class=\"{}\"", out.class));
        }
        if let Some(t) = out
            .title
            .as_ref()
            .filter(|t| !t.is_empty())
            .or(Some(&title.to_string()).filter(|t| !t.is_empty()))
        {
            tag.push_str(&format!(" title=\"{}\"", escape(t)));
        }
        tag.push('>');
        match &out.text {
            Some(t) => {
                stack.push(Open::ReplacedLink);
                tag.push_str(&escape(t));
                tag.push_str("</a>");
            }
            None => stack.push(Open::Link),
        }
        Event::Html(tag.into())
    }

    /// An image's opening: its resolved source, or its alt text marked.
    fn image_open<'e>(
        &self,
        link_type: LinkType,
        dest_url: CowStr<'e>,
        title: CowStr<'e>,
        id: CowStr<'e>,
        key: usize,
        stack: &mut Vec<Open>,
    ) -> Event<'e> {
        let dest = match self.links.get(&key) {
            Some(o) if o.broken.is_none() && crate::url::is_safe(&o.href) => {
                CowStr::from(o.href.clone())
            }
            None if crate::url::is_safe(&dest_url) => dest_url,
            None => {
                stack.push(Open::BrokenImage);
                return Event::Html(UNSAFE_IMAGE.into());
            }
            Some(o) => {
                stack.push(Open::BrokenImage);
                return Event::Html(
                    format!(
                        "<span class=\"xref-broken image-missing\" title=\"{}\">[image: ",
                        escape(o.broken.as_deref().unwrap_or(""))
                    )
                    .into(),
                );
            }
        };
        stack.push(Open::Image);
        Event::Start(Tag::Image {
            link_type,
            dest_url: dest,
            title,
            id,
        })
    }

    /// Raw HTML is set aside for the cleaner; a mark holds its place.
    fn raw_html<'e>(&mut self, h: &str) -> Event<'e> {
        // The line break stays outside, so the writer's idea of
        // "at a line start" is what it was with the HTML itself.
        let (body, nl) = match h.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (h, ""),
        };
        self.raw.push(body.to_string());
        Event::Html(format!("{}{nl}", crate::sanitize::RAW_MARK).into())
    }

    fn role(&self, role: &str, body: &str, key: usize) -> String {
        let (title, target) = role_target(body);
        let spec = crate::myst::role_named(role);
        let render = spec.map_or(RoleRender::Code, |r| r.render);
        if render == RoleRender::Cite {
            return self.cite(target, self.links.get(&key));
        }
        if let Some(out) = self.links.get(&key) {
            if let Some(why) = &out.broken {
                return format!(
                    "<span class=\"xref-broken\" title=\"{}\">{}</span>",
                    escape(why),
                    escape(title.unwrap_or(target))
                );
            }
            if !out.href.is_empty() {
                // `{ref}`/`{doc}` show the target's title; `{term}` and
                // others show what was written.
                let text = title
                    .map(str::to_string)
                    .or_else(|| {
                        spec.is_some_and(|r| r.shows_target_title)
                            .then(|| out.text.clone())
                            .flatten()
                    })
                    .unwrap_or_else(|| target.to_string());
                let mut a = format!("<a href=\"{}\"", escape(&out.href));
                if !out.class.is_empty() {
                    a.push_str(&format!(" class=\"{}\"", out.class));
                }
                if let Some(t) = &out.title {
                    a.push_str(&format!(" title=\"{}\"", escape(t)));
                }
                return format!("{a}>{}</a>", escape(&text));
            }
        }
        match render {
            RoleRender::Sub => format!("<sub>{}</sub>", escape(body)),
            RoleRender::Sup => format!("<sup>{}</sup>", escape(body)),
            RoleRender::Abbr => {
                let (t, a) = role_target(body);
                match t {
                    Some(t) => format!("<abbr title=\"{}\">{}</abbr>", escape(a), escape(t)),
                    None => format!("<abbr>{}</abbr>", escape(a)),
                }
            }
            RoleRender::Math => math::mathml(body, false),
            RoleRender::Code | RoleRender::Cite => format!(
                "<code class=\"role role-{}\">{}</code>",
                escape(role),
                escape(body)
            ),
        }
    }

    /// `{cite}`a,b``: author-year labels from the handbook's `.bib` files,
    /// each linking to its entry on the bibliography page when there is one;
    /// `[key]` for a key no `.bib` file has.
    fn cite(&self, body: &str, out: Option<&LinkOut>) -> String {
        if let Some(why) = out.and_then(|o| o.broken.as_ref()) {
            return format!(
                "<span class=\"citation xref-broken\" title=\"{}\">[{}]</span>",
                escape(why),
                escape(&markup::cite_keys(body).join("; "))
            );
        }
        let page = out
            .map(|o| o.href.split('#').next().unwrap_or("").to_string())
            .filter(|_| out.is_some_and(|o| !o.href.is_empty()));
        let parts: Vec<String> = markup::cite_keys(body)
            .into_iter()
            .map(|key| match self.bib_entry(key) {
                Some(e) => {
                    let label = escape(&e.label());
                    let title = e.field("title").map(escape).unwrap_or_default();
                    match &page {
                        Some(p) => format!(
                            "<a href=\"{}#bib-{}\" title=\"{title}\">{label}</a>",
                            escape(p),
                            escape(key)
                        ),
                        None => format!("<span title=\"{title}\">{label}</span>"),
                    }
                }
                None => format!("[{}]", escape(key)),
            })
            .collect();
        format!("<cite class=\"citation\">({})</cite>", parts.join("; "))
    }

    fn bib_entry(&self, key: &str) -> Option<markup::BibEntry> {
        let files = self.env.files();
        (files.keys())
            .filter(|p| p.ends_with(".bib"))
            .find_map(|p| markup::find_bib_entry(&files.get(p)?, key))
    }

    /// `{bibliography} path.bib`: every entry, sorted by author-year label.
    fn bibliography(&self, d: &markup::Directive<'_>) -> String {
        let dir = self.file.rfind('/').map_or("", |i| &self.file[..i]);
        let path = normalize_path(&format!("{dir}/{}", d.argument.trim()));
        let Some(text) = path.as_ref().and_then(|p| self.env.files().get(p)) else {
            return format!(
                "<div class=\"admonition admonition-unknown\" role=\"note\"><p class=\"admonition-title\">{}</p><p><code>{}</code></p></div>\n",
                escape(self.env.strings().tr("admonition.missing_bibliography")),
                escape(d.argument)
            );
        };
        let mut entries = markup::parse_bib(&text);
        entries.sort_by_cached_key(|e| (e.label().to_lowercase(), e.key.clone()));
        let mut s = String::from("<ol class=\"bibliography\">\n");
        for e in &entries {
            s.push_str(&bib_item(e));
        }
        s.push_str("</ol>\n");
        s
    }

    fn code_block(&mut self, f: &Fence<'_>, depth: usize) -> String {
        if let Some(d) = f.directive() {
            return self.directive(&d, f.at.fence, depth);
        }
        let lang = f.info.split([' ', ',', '{']).next().unwrap_or("").trim();
        self.highlighted(f.content, lang)
    }

    fn highlighted(&mut self, content: &str, lang: &str) -> String {
        let body = self
            .env
            .hl()
            .highlight(content, lang, self.memo)
            .unwrap_or_else(|| escape(content));
        if lang.is_empty() {
            format!("<pre class=\"code\"><code>{body}</code></pre>\n")
        } else {
            format!(
                "<pre class=\"code\" data-lang=\"{}\"><code>{body}</code></pre>\n",
                escape(lang)
            )
        }
    }

    fn directive(&mut self, d: &markup::Directive<'_>, offset: usize, depth: usize) -> String {
        let name_attr = d
            .options
            .iter()
            .find(|(k, _)| *k == "name")
            .map(|(_, v)| format!(" id=\"{}\"", escape(v)))
            .unwrap_or_default();
        let name_id = d
            .options
            .iter()
            .find(|(k, _)| *k == "name")
            .map(|(_, v)| escape(v))
            .unwrap_or_default();
        let body = |r: &mut Self| {
            if depth >= MAX_DEPTH {
                return format!("<pre>{}</pre>", escape(d.body));
            }
            let text = markup::normalize_colon_fences(d.body).into_owned();
            r.render(&text, d.body_offset, depth + 1)
        };
        let Some(spec) = crate::myst::directive(d.name) else {
            // Its text as written: waybook cannot know what it meant.
            let raw = format!("<pre class=\"directive-source\">{}</pre>\n", escape(d.body));
            return unsupported(d, &name_attr, raw, self.env.strings());
        };
        match spec.render {
            Render::Code => self.code_directive(d, &name_attr),
            Render::Math => math::display_block(d),
            Render::Figure | Render::Image => self.figure(d, offset, &name_attr, depth),
            Render::Include | Render::LiteralInclude => self.include(d, depth),
            Render::Bibliography => self.bibliography(d),
            Render::Glossary => glossary_html(self, d, depth),
            Render::Hidden => String::new(),
            Render::Mermaid => blocks::mermaid(d, &name_attr),
            Render::Members => self.members(d, offset, &name_attr),
            Render::Aside => blocks::aside(d, &name_attr, &body(self)),
            Render::Epigraph => self.epigraph(d, &name_attr, depth),
            Render::TabSet => blocks::tab_set(d, &name_attr, &body(self)),
            Render::TabItem => blocks::tab_item(d, &name_attr, &body(self)),
            Render::Grid => blocks::grid(d, &name_attr, &body(self)),
            Render::Card => {
                let inner = body(self);
                self.card(d, &name_attr, &inner, depth)
            }
            Render::ListTable => self.list_table(d, &name_attr, depth),
            Render::Dropdown => {
                let inner = body(self);
                self.dropdown(d, &name_id, &inner)
            }
            Render::Admonition { titled } => {
                let inner = body(self);
                self.admonition_box(d, titled, &name_id, &inner, depth)
            }
        }
    }

    /// `{dropdown} Title`: a collapsible box, shown open with `:open:`.
    fn dropdown(&mut self, d: &markup::Directive<'_>, id: &str, inner: &str) -> String {
        let title = if d.argument.is_empty() {
            self.env.strings().tr("admonition.dropdown")
        } else {
            d.argument
        };
        let (open, close) = self.env.admonition(&Admonition {
            kind: "dropdown",
            title: &escape(&markup::inline_plain(title)),
            classes: &blocks::classes(d),
            id,
            dropdown: true,
            open: d.options.iter().any(|(k, _)| *k == "open"),
        });
        format!("{open}{inner}{close}")
    }

    /// An admonition: `{admonition}` and `{topic}` take a title; `{note}
    /// text` starts its body with the text, as in Sphinx. `:class:
    /// dropdown` makes it collapsible.
    fn admonition_box(
        &mut self,
        d: &markup::Directive<'_>,
        titled: bool,
        id: &str,
        body: &str,
        depth: usize,
    ) -> String {
        let name = d.name;
        let title = if titled && !d.argument.is_empty() {
            markup::inline_plain(d.argument)
        } else {
            self.env
                .strings()
                .tr(&format!("admonition.{name}"))
                .to_string()
        };
        let dropdown = d
            .options
            .iter()
            .filter(|(k, _)| *k == "class")
            .any(|(_, v)| v.split_whitespace().any(|c| c == "dropdown"));
        let mut inner = String::new();
        if !titled && !d.argument.is_empty() && depth < MAX_DEPTH {
            inner.push_str(&self.render(d.argument, usize::MAX / 2, depth + 1));
        }
        inner.push_str(body);
        let (open, close) = self.env.admonition(&Admonition {
            kind: name,
            title: &escape(&title),
            classes: &blocks::classes(d),
            id,
            dropdown,
            open: false,
        });
        format!("{open}{inner}{close}")
    }

    /// `{members} <group-id>`: the group's current members, leads first,
    /// each linked to their person entry; a broken id is marked in place
    /// (the resolver reported it).
    fn members(&self, d: &markup::Directive<'_>, offset: usize, id: &str) -> String {
        let group = d.argument.trim();
        let out = self.links.get(&offset);
        let entries = self.env.rosters().get(group);
        let (Some(out), Some(entries)) = (out.filter(|o| o.broken.is_none()), entries) else {
            let why = out.and_then(|o| o.broken.clone()).unwrap_or_default();
            return format!(
                "<p class=\"broken-ref\" title=\"{}\"{id}>{{members}} {}</p>\n",
                escape(&why),
                escape(group)
            );
        };
        let title = out.text.clone().unwrap_or_else(|| group.to_string());
        let mut html = format!(
            "<div class=\"members-directive\"{id}><p class=\"members-title\"><a class=\"xref xref-group\" href=\"{}\">{}</a></p>\n<ul class=\"roster\">",
            escape(&out.href),
            escape(&title)
        );
        for e in entries {
            html.push_str("<li class=\"roster-item\">");
            match &e.url {
                Some(u) => {
                    // A person is an anchor on the people page: encode the
                    // path, keep the fragment.
                    let (path, frag) = u.split_once('#').unwrap_or((u, ""));
                    let frag = if frag.is_empty() {
                        String::new()
                    } else {
                        format!("#{frag}")
                    };
                    html.push_str(&format!(
                        "<a class=\"person-chip\" href=\"{}{}{}\">{}</a>",
                        escape(self.root),
                        escape(&crate::url::encode_path(path)),
                        escape(&frag),
                        escape(&e.name)
                    ));
                }
                None => html.push_str(&format!(
                    "<span class=\"person-chip\">{}</span>",
                    escape(&e.name)
                )),
            }
            if let Some(r) = &e.role {
                html.push_str(&format!(
                    " <span class=\"roster-role\">{}</span>",
                    escape(r)
                ));
            }
            html.push_str("</li>");
        }
        html.push_str("</ul></div>\n");
        html
    }

    fn figure(
        &mut self,
        d: &markup::Directive<'_>,
        offset: usize,
        id: &str,
        depth: usize,
    ) -> String {
        let opt = |k: &str| d.options.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let alt = opt("alt").unwrap_or("");
        let src = match self.links.get(&offset) {
            Some(o) if o.broken.is_none() && !o.href.is_empty() => Ok(o.href.clone()),
            Some(o) if o.broken.is_some() => Err(o.broken.clone().unwrap_or_default()),
            _ => Ok(d.argument.to_string()),
        }
        .and_then(|src| {
            if crate::url::is_safe(&src) {
                Ok(src)
            } else {
                Err("Image removed: its URL scheme is not allowed".to_string())
            }
        });
        let img = match src {
            Ok(src) => {
                let mut img = format!(
                    "<img src=\"{}\" alt=\"{}\" loading=\"lazy\"",
                    escape(&src),
                    escape(alt)
                );
                // A length only: the value goes into a style attribute.
                if let Some(w) = opt("width").filter(|w| is_css_length(w)) {
                    img.push_str(&format!(" style=\"max-width:{}\"", escape(w)));
                }
                img.push('>');
                img
            }
            Err(why) => format!(
                "<span class=\"xref-broken image-missing\" title=\"{}\">[image: {}]</span>",
                escape(&why),
                escape(if alt.is_empty() { d.argument } else { alt })
            ),
        };
        if d.name == "image" {
            return format!("<p{id}>{img}</p>\n");
        }
        let caption = if d.body.trim().is_empty() || depth >= MAX_DEPTH {
            String::new()
        } else {
            let text = markup::normalize_colon_fences(d.body).into_owned();
            format!(
                "<figcaption>{}</figcaption>",
                self.render(&text, d.body_offset, depth + 1)
            )
        };
        format!("<figure{id}>{img}{caption}</figure>\n")
    }

    /// `{include}` / `{literalinclude}`: the file's text (or part of it),
    /// unless it is already being included on this page, is a folder, or
    /// would pass the page's byte budget: those show a marked box (`check`
    /// reports them, see [`crate::include`]).
    fn include(&mut self, d: &markup::Directive<'_>, depth: usize) -> String {
        let path = include::target_path(self.file, d.argument);
        let file_text = path.as_ref().and_then(|p| {
            let files = self.env.files();
            (self.inc.texts.entry(p.clone()))
                .or_insert_with(|| files.get(p))
                .clone()
        });
        let path = path.unwrap_or_default();
        let opt = |k: &str| d.options.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let slice = (file_text.as_deref())
            .map(|t| include::slice(t, opt("start-after"), opt("end-before")));
        let literal = d.name == "literalinclude";
        let why = match slice {
            // Reading never leaves the handbook: `files` holds only its sources.
            None if path.is_empty() => "admonition.include_outside",
            None => "admonition.missing_include",
            Some(_) if !literal && self.inc.chain.contains(&path) => "admonition.include_cycle",
            Some(_) if !literal && self.inc.chain.len() > include::MAX_INCLUDE_DEPTH => {
                "admonition.include_too_deep"
            }
            Some(_) if !literal && depth >= MAX_DEPTH => "admonition.include_too_deep",
            Some(s) if self.inc.bytes.saturating_add(s.len()) > include::MAX_INCLUDED_BYTES => {
                "admonition.include_limit"
            }
            Some(_) => "",
        };
        let Some(slice) = slice.filter(|_| why.is_empty()) else {
            let why = escape(self.env.strings().tr(why));
            return format!(
                "<div class=\"admonition admonition-unknown\" role=\"note\"><p class=\"admonition-title\">{why}</p><p><code>{}</code></p></div>\n",
                escape(d.argument)
            );
        };
        self.inc.bytes += slice.len();
        if literal {
            return self.highlighted(slice, opt("language").unwrap_or(""));
        }
        let text = markup::normalize_colon_fences(slice).into_owned();
        // Its links were resolved from its own file, keyed by where the
        // part starts in it; its own includes are relative to it too.
        let start = text_offset(file_text.as_deref(), slice);
        let empty = LinkMap::default();
        let links = (self.included.get(&(path.clone(), start))).unwrap_or(&empty);
        self.inc.chain.push(path);
        let file = self.inc.chain.last().cloned().unwrap_or_default();
        let mut inner = Renderer {
            env: self.env,
            memo: &mut *self.memo,
            links,
            included: self.included,
            file: &file,
            root: self.root,
            ids: std::mem::take(&mut self.ids),
            notes: std::mem::take(&mut self.notes),
            raw: Vec::new(),
            inc: std::mem::take(&mut self.inc),
            table: None,
        };
        let scope = inner.notes.enter_include();
        let html = inner.render(&text, 0, depth + 1);
        inner.notes.leave_include(scope);
        self.ids = inner.ids;
        self.notes = inner.notes;
        self.inc = inner.inc;
        self.inc.chain.pop();
        html
    }
}

/// Where `part` (a slice of `file`) starts in it.
fn text_offset(file: Option<&str>, part: &str) -> usize {
    file.map_or(0, |f| {
        (part.as_ptr() as usize).saturating_sub(f.as_ptr() as usize)
    })
}

/// Footnote references and definitions get prefixed ids; task list boxes
/// an accessible name. Any other event is returned as it is.
fn footnote_or_task<'e>(ev: Event<'e>, notes: &mut Footnotes) -> Event<'e> {
    match ev {
        Event::FootnoteReference(name) => {
            let (id, ref_id) = notes.reference(&name);
            Event::Html(
            format!("<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"fnref-{ref_id}\">{}</a></sup>", escape(&name))
                .into(),
        )
        }
        Event::Start(Tag::FootnoteDefinition(name)) => {
            let id = notes.id(&name);
            Event::Html(
            format!(
                "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-label\"><a href=\"#fnref-{id}\">{}</a></sup>",
                escape(&name)
            )
            .into(),
        )
        }
        Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
        // Task list boxes get an accessible name (they have no <label>).
        Event::TaskListMarker(done) => Event::InlineHtml(
            if done {
                "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
            }
            .into(),
        ),
        other => other,
    }
}

/// A directive waybook does not render: its body in a marked box.
fn unsupported(
    d: &markup::Directive<'_>,
    name_attr: &str,
    inner: String,
    strings: &crate::i18n::Catalog,
) -> String {
    let arg = if d.argument.is_empty() {
        String::new()
    } else {
        format!(" {}", escape(d.argument))
    };
    let code = format!("<code>{{{}}}{arg}</code>", escape(d.name));
    let title = escape(strings.tr("admonition.unsupported")).replace("{directive}", &code);
    format!(
        "<div class=\"admonition admonition-unknown directive-{}\" role=\"note\"{name_attr}><p class=\"admonition-title\">{title}</p>\n{inner}</div>\n",
        escape(d.name)
    )
}

fn bib_item(e: &markup::BibEntry) -> String {
    let mut authors = e.authors();
    if authors.len() > 10 {
        authors.truncate(10);
        authors.push("et al.".into());
    }
    let mut s = format!(
        "<li id=\"bib-{}\"><span class=\"bib-label\">[{}]</span> ",
        escape(&e.key),
        escape(&e.label())
    );
    if !authors.is_empty() {
        s.push_str(&format!(
            "<span class=\"bib-authors\">{}</span>. ",
            escape(&authors.join("; "))
        ));
    }
    if let Some(t) = e.field("title") {
        s.push_str(&format!("<cite>{}</cite>. ", escape(t)));
    }
    let container = [
        "journal",
        "booktitle",
        "publisher",
        "institution",
        "howpublished",
    ]
    .iter()
    .find_map(|k| e.field(k));
    if let Some(c) = container {
        s.push_str(&format!("{}. ", escape(c)));
    }
    if let Some(y) = e.year() {
        s.push_str(&format!("{y}. "));
    }
    let link = e
        .field("doi")
        .map(|d| {
            if d.starts_with("http") {
                d.to_string()
            } else {
                format!("https://doi.org/{d}")
            }
        })
        .or_else(|| e.field("url").map(str::to_string))
        .filter(|u| crate::resolve::is_external(u) && crate::url::is_safe(u));
    if let Some(u) = link {
        s.push_str(&format!("<a href=\"{}\">{}</a>", escape(&u), escape(&u)));
    }
    s.push_str("</li>\n");
    s
}

fn glossary_html(r: &mut Renderer<'_>, d: &markup::Directive<'_>, depth: usize) -> String {
    let mut s = String::from("<dl class=\"glossary\">\n");
    for e in markup::parse_glossary_block(d.body, d.body_offset) {
        let id = format!("term-{}", crate::slug::slugify(&e.term));
        let def = if depth < MAX_DEPTH {
            r.render(&e.definition, usize::MAX / 2, depth + 1)
        } else {
            escape(&e.definition)
        };
        s.push_str(&format!(
            "<dt id=\"{id}\">{}</dt><dd>{def}</dd>\n",
            escape(&e.term)
        ));
    }
    s.push_str("</dl>\n");
    s
}

/// The opening and closing HTML of a GitHub alert's box.
fn alert(k: BlockQuoteKind, env: Seen<'_>) -> (String, String) {
    let class = match k {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    };
    env.admonition(&Admonition {
        kind: class,
        title: &escape(env.strings().tr(&format!("admonition.{class}"))),
        classes: "",
        id: "",
        dropdown: false,
        open: false,
    })
}

/// `80%`, `300px`, `20em`, `12.5rem`, `50vw` or a bare number.
fn is_css_length(w: &str) -> bool {
    let num = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
    let unit = &w[num.len()..];
    !num.is_empty()
        && num.chars().all(|c| c.is_ascii_digit() || c == '.')
        && ["", "%", "px", "em", "rem", "vw", "ch"].contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    fn render(md: &str) -> String {
        let hl = Highlighter::new();
        let files = crate::source::Files::default();
        let env = Env {
            rosters: &crate::model::group::NO_ROSTERS,
            hl: &hl,
            allow_scripts: false,
            files: &files,
            strings: crate::i18n::Catalog::english(),
            chrome: None,
        };
        render_plain(&env, md)
    }

    #[test]
    fn wiki_then_destination_renders_as_a_link() {
        let h = render("[[Chat]](https://c.example/x \"t\") and [[a|b]](/y).");
        assert_eq!(
            h,
            "<p><a href=\"https://c.example/x\">[Chat]</a> and <a href=\"/y\">[a|b]</a>.</p>\n"
        );
    }

    #[test]
    fn bare_urls_become_links_except_in_code_and_links() {
        let h = render(
            "Go to https://ex.org/a. Or www.ex.org, [https://in.link](/x) `https://code.x` [[W]](https://w.x) https://after.x\n\n```\nhttps://block.x\n```\n",
        );
        assert_eq!(
            h,
            "<p>Go to <a href=\"https://ex.org/a\">https://ex.org/a</a>. Or <a href=\"http://www.ex.org\">www.ex.org</a>, <a href=\"/x\">https://in.link</a> <code>https://code.x</code> <a href=\"https://w.x\">[W]</a> <a href=\"https://after.x\">https://after.x</a></p>\n<pre class=\"code\"><code>https://block.x\n</code></pre>\n"
        );
    }

    #[test]
    fn headings_get_ids_and_anchors() {
        let h = render("## Lazy consensus (default)\n## Lazy consensus (default)\n");
        assert!(h.contains("<h2 id=\"lazy-consensus-default\">Lazy consensus (default)<a class=\"anchor\" href=\"#lazy-consensus-default\""), "{h}");
        assert!(h.contains("id=\"lazy-consensus-default-1\""), "{h}");
    }

    #[test]
    fn alerts_and_admonitions() {
        let h = render("> [!WARNING]\n> Careful.\n");
        assert!(h.contains("<aside class=\"admonition admonition-warning\" role=\"note\"><p class=\"admonition-title\">Warning</p>"), "{h}");
        let h = render("```{note}\nInner **bold**.\n```\n");
        assert!(h.contains("admonition-note"), "{h}");
        assert!(h.contains("<strong>bold</strong>"), "{h}");
        let h = render(":::{admonition} Custom title\n:class: tip\nText\n:::\n");
        assert!(
            h.contains("<p class=\"admonition-title\">Custom title</p>"),
            "{h}"
        );
        let h = render("```{mystery}\nStill *visible*\n```\n");
        assert!(
            h.contains("Unsupported directive")
                && h.contains("<pre class=\"directive-source\">Still *visible*\n</pre>"),
            "{h}"
        );
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let h = render("```toml\n[a]\nb = 1\n```\n");
        assert!(
            h.contains(
                "<pre class=\"code\" data-lang=\"toml\"><code>[<span class=\"hl-g\">a</span>]"
            ),
            "{h}"
        );
    }

    #[test]
    fn scripts_and_handlers_are_stripped() {
        let h = render(
            "<div onclick=\"x()\" class=a>hi</div>\n\n<script>\nalert(1)\n</script>\n\ntext <img src=x onerror=alert(1)>\n",
        );
        assert!(
            !h.contains("onclick") && !h.contains("alert") && !h.contains("onerror"),
            "{h}"
        );
        assert!(h.contains("<div class=\"a\">hi</div>"), "{h}");
    }

    #[test]
    fn sanitizer_regressions_found_by_fuzzing() {
        let clean = crate::sanitize::clean;
        assert_eq!(clean("<div onclick=x><<script>"), "<div>&lt;</div>");
        let out = clean("<a title=\">\" onclick=x>t</a>");
        assert!(!out.contains("onclick"), "{out}");
        assert_eq!(clean("a < b"), "a &lt; b");
        assert!(
            !clean("<div onclick=x><A<script>")
                .to_ascii_lowercase()
                .contains("<script")
        );
    }

    #[test]
    fn figure_width_is_a_length_only() {
        let h = render("```{figure} a.png\n:width: 80%\n```\n");
        assert!(h.contains("style=\"max-width:80%\""), "{h}");
        let h = render("```{figure} a.png\n:width: 1px;position:fixed;inset:0\n```\n");
        assert!(!h.contains("style="), "{h}");
    }

    #[test]
    fn footnotes_are_prefixed() {
        let h = render("A[^1].\n\n[^1]: Note.\n");
        assert!(
            h.contains("href=\"#fn-1\"") && h.contains("id=\"fn-1\""),
            "{h}"
        );
    }

    #[test]
    fn myst_labels_and_cites() {
        let h = render("(intro)=\n## Intro\n\nAs {cite}`Smith2020` says.\n");
        assert!(h.contains("<span id=\"intro\"></span>"), "{h}");
        assert!(!h.contains("(intro)="), "{h}");
        assert!(
            h.contains("<cite class=\"citation\">([Smith2020])</cite>"),
            "{h}"
        );
        assert!(!h.contains("{cite}"), "{h}");
    }

    #[test]
    fn cites_use_the_bib_and_bibliography_lists_it() {
        let hl = Highlighter::new();
        let mut files = crate::source::Files::default();
        files.insert(
            "refs.bib".to_string(),
            "@article{Smith2020,\n author = {Smith, Ada and Jones, Bo and Lee, Cy},\n title = {{On Things}},\n year = {2020},\n doi = {10.1/x}\n}\n@misc{WHO,\n author = {{World Health Organisation}},\n year = 2021\n}\n"
                .into(),
        );
        let env = Env {
            rosters: &crate::model::group::NO_ROSTERS,
            hl: &hl,
            allow_scripts: false,
            files: &files,
            strings: crate::i18n::Catalog::english(),
            chrome: None,
        };
        let h = render_plain(&env, "As {cite}`Smith2020,WHO` says.\n");
        assert!(
            h.contains("<cite class=\"citation\">(<span title=\"On Things\">Smith et al., 2020</span>; <span title=\"\">World Health Organisation, 2021</span>)</cite>"),
            "{h}"
        );
        let h = render_plain(&env, "```{bibliography} refs.bib\n:all:\n```\n");
        assert!(h.contains("<li id=\"bib-Smith2020\">"), "{h}");
        assert!(h.contains("<cite>On Things</cite>"), "{h}");
        assert!(h.contains("href=\"https://doi.org/10.1/x\""), "{h}");
        let h = render_plain(&env, "```{include} ../../etc/passwd\n```\n");
        assert!(h.contains("Include outside the handbook"), "{h}");
    }

    #[test]
    fn admonition_arguments_and_dropdown_class() {
        let h = render("```{warning} Mind the gap.\nMore.\n```\n");
        assert!(
            h.contains("<p class=\"admonition-title\">Warning</p>"),
            "{h}"
        );
        assert!(
            h.contains("<p>Mind the gap.</p>") && h.contains("<p>More.</p>"),
            "{h}"
        );
        let h = render("````{admonition} Adding files\n:class: dropdown\nBody\n````\n");
        assert!(
            h.contains("<details class=\"admonition admonition-admonition dropdown\"><summary class=\"admonition-title\">Adding files</summary>"),
            "{h}"
        );
    }

    #[test]
    fn directives_in_both_fence_styles() {
        for (md, want) in [
            (":::{tip}\nA *tip*.\n:::\n", "admonition admonition-tip"),
            (
                "```{important}\nMind.\n```\n",
                "admonition admonition-important",
            ),
            (
                "```{attention}\nLook.\n```\n",
                "admonition admonition-attention",
            ),
            (
                ":::{dropdown} More\nHidden\n:::\n",
                "<details class=\"admonition admonition-dropdown\"",
            ),
            (
                "```{code-block} python\nx = 1\n```\n",
                "data-lang=\"python\"",
            ),
            (
                "````{admonition} Title here\n```{note}\nNested\n```\n````\n",
                "<p class=\"admonition-title\">Title here</p>",
            ),
        ] {
            let h = render(md);
            assert!(h.contains(want), "{md} → {h}");
            assert!(!h.contains(":::") && !h.contains("```"), "{h}");
        }
    }

    /// `md` as the body of doc `d.md`.
    fn doc_unit(md: &str) -> MdUnit {
        MdUnit {
            owner: Entity::Item(crate::model::doc::ID, 0),
            file: "d.md".into(),
            own_text: Some(md.into()),
            base: Some(0),
            anchor: crate::diag::Span::file("d.md"),
            scan: markup::scan(md).into(),
        }
    }

    #[test]
    fn links_rewritten_from_table() {
        let hl = Highlighter::new();
        let files = crate::source::Files::default();
        let env = Env {
            rosters: &crate::model::group::NO_ROSTERS,
            hl: &hl,
            allow_scripts: false,
            files: &files,
            strings: crate::i18n::Catalog::english(),
            chrome: None,
        };
        let md = "See [[role:m]] and [x](a.md) and [y](gone.md).";
        let unit = doc_unit(md);
        let mut links = LinkMap::default();
        let off = |s: &str| md.find(s).unwrap();
        links.insert(
            off("[[role"),
            LinkOut {
                href: "roles/m.html".into(),
                class: "xref xref-role",
                title: Some("Keeps".into()),
                text: Some("Maintainer".into()),
                broken: None,
            },
        );
        links.insert(
            off("[x]"),
            LinkOut {
                href: "a.html".into(),
                class: "",
                title: None,
                text: None,
                broken: None,
            },
        );
        links.insert(
            off("[y]"),
            LinkOut {
                href: String::new(),
                class: "",
                title: None,
                text: None,
                broken: Some("nope".into()),
            },
        );
        let links = UnitLinks {
            links,
            ..UnitLinks::default()
        };
        let h = render_unit(&env, &mut Memo::default(), &unit, &links, "").html;
        assert!(
            h.contains(
                "<a href=\"roles/m.html\" class=\"xref xref-role\" title=\"Keeps\">Maintainer</a>"
            ),
            "{h}"
        );
        assert!(!h.contains("role:m"), "{h}");
        assert!(h.contains("<a href=\"a.html\">x</a>"), "{h}");
        assert!(
            h.contains("<span class=\"xref-broken\" title=\"nope\">y</span>"),
            "{h}"
        );
    }

    /// Render `md` as unit `d.md` in two languages' environments: English
    /// strings with one set of files, French strings with another.
    fn in_two_languages(md: &str) -> (UnitHtml, UnitHtml) {
        let hl = Highlighter::new();
        let french = crate::site::templates::strings_in(&[], "fr");
        let files = |part: &str| {
            crate::source::Files::from_iter([
                ("part.md".to_string(), format!("Included {part}.\n").into()),
                (
                    "refs.bib".to_string(),
                    format!("@book{{k, title={{{part}}}, author={{A}}, year={{2020}}}}\n").into(),
                ),
            ])
        };
        let (files_en, files_fr) = (files("English"), files("French"));
        let unit = doc_unit(md);
        let links = UnitLinks::default();
        let render = |strings, files| {
            let env = Env {
                rosters: &crate::model::group::NO_ROSTERS,
                hl: &hl,
                allow_scripts: false,
                files,
                strings,
                chrome: None,
            };
            render_unit(&env, &mut Memo::default(), &unit, &links, "../")
        };
        (
            render(crate::i18n::Catalog::english(), &files_en),
            render(&french, &files_fr),
        )
    }

    #[test]
    fn a_render_that_reads_nothing_localised_is_the_same_in_every_language() {
        let neutral = [
            "# Title\n\nText with *emphasis*, `code` and a [link](https://example.org).\n",
            "```python\nprint('hi')\n```\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "Note[^1].\n\n[^1]: The note.\n",
            "$$x^2$$\n\nand $y$.\n",
            "```{mermaid}\ngraph TD; A-->B\n```\n",
            "````{tab-set}\n```{tab-item} One\nFirst.\n```\n````\n",
            "<details><summary>More</summary>Hidden.</details>\n",
            "- [ ] task\n- [x] done\n",
        ];
        for md in neutral {
            let (en, fr) = in_two_languages(md);
            assert!(en.neutral && fr.neutral, "{md} → {}", en.html);
            assert_eq!(en.html, fr.html, "{md}");
        }
        // Each of these reads a UI string, the admonition markup or another
        // file: not neutral, whether or not the output differs.
        let localised = [
            "> [!NOTE]\n> Careful.\n",
            "```{note}\nCareful.\n```\n",
            "```{dropdown}\nMore.\n```\n",
            "```{include} part.md\n```\n",
            "```{include} missing.md\n```\n",
            "```{bibliography} refs.bib\n```\n",
            "As {cite}`k` says.\n",
            "```{unknown-thing}\nBody.\n```\n",
            "```{members} wg\n```\n",
            "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n",
        ];
        for md in localised {
            let (en, fr) = in_two_languages(md);
            assert!(!en.neutral && !fr.neutral, "{md} → {}", en.html);
        }
        // And where it shows, the two differ: the check is not vacuous.
        let (en, fr) = in_two_languages(localised[0]);
        assert_ne!(en.html, fr.html);
    }
}
