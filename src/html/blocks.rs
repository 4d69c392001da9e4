//! The Jupyter Book / sphinx-design directives that are layout rather than
//! text: tabs, grids and cards, margin notes and sidebars, epigraphs,
//! list tables, code blocks with captions and line numbers, and mermaid
//! diagrams. Each draws plain HTML that reads well without script or
//! stylesheet (tabs are stacked sections until `waybook.js` makes them a
//! tab list); the theme's `waybook.css` gives them their look.

use super::{MAX_DEPTH, Renderer, escape};
use crate::markup::{self, Directive};

/// The value of option `key`, if given.
fn opt<'a>(d: &Directive<'a>, key: &str) -> Option<&'a str> {
    d.options.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Whether flag option `key` is given.
fn flag(d: &Directive<'_>, key: &str) -> bool {
    d.options.iter().any(|(k, _)| *k == key)
}

/// The `:class:` names, escaped, each after a space.
pub(super) fn classes(d: &Directive<'_>) -> String {
    d.options
        .iter()
        .filter(|(k, _)| *k == "class")
        .flat_map(|(_, v)| v.split_whitespace())
        .map(|c| format!(" {}", escape(c)))
        .collect()
}

/// The argument as escaped plain text (a title or a label).
fn title(d: &Directive<'_>) -> String {
    escape(&markup::inline_plain(d.argument))
}

/// `{margin}` and `{sidebar}`: a box beside the text on wide screens, in
/// the flow on narrow ones; titled by its argument when it has one.
pub(super) fn aside(d: &Directive<'_>, id: &str, body: &str) -> String {
    let head = if d.argument.trim().is_empty() {
        String::new()
    } else {
        format!("<p class=\"aside-title\">{}</p>\n", title(d))
    };
    format!(
        "<aside class=\"aside aside-{}{}\"{id}>{head}{body}</aside>\n",
        escape(d.name),
        classes(d)
    )
}

/// `{tab-set}`: its `{tab-item}`s, stacked; `waybook.js` turns them into a
/// tab list.
pub(super) fn tab_set(d: &Directive<'_>, id: &str, body: &str) -> String {
    format!("<div class=\"tab-set{}\"{id}>\n{body}</div>\n", classes(d))
}

/// `{tab-item} Label`: a section headed by its label.
pub(super) fn tab_item(d: &Directive<'_>, id: &str, body: &str) -> String {
    let selected = if flag(d, "selected") {
        " data-selected"
    } else {
        ""
    };
    format!(
        "<section class=\"tab-item{}\"{id}{selected}><p class=\"tab-label\">{}</p>\n<div class=\"tab-content\">\n{body}</div></section>\n",
        classes(d),
        title(d)
    )
}

/// `{grid} 1 2 2 3`: its items in columns, one to four numbers for narrow
/// to wide screens (one number: every width), each from 1 to 12.
pub(super) fn grid(d: &Directive<'_>, id: &str, body: &str) -> String {
    let counts: Vec<u8> = d
        .argument
        .split_whitespace()
        .filter_map(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=12).contains(n))
        .collect();
    let style = match counts.as_slice() {
        [] => String::new(),
        [n] => format!(" style=\"--grid-xs:{n};--grid-sm:{n};--grid-md:{n};--grid-lg:{n}\""),
        some => {
            let at = |i: usize| some.get(i).or(some.last()).copied().unwrap_or(1);
            format!(
                " style=\"--grid-xs:{};--grid-sm:{};--grid-md:{};--grid-lg:{}\"",
                at(0),
                at(1),
                at(2),
                at(3)
            )
        }
    };
    format!(
        "<div class=\"grid{}\"{id}{style}>\n{body}</div>\n",
        classes(d)
    )
}

/// `{epigraph}` / `{pull-quote}` / `{highlights}`: the body's last
/// paragraph, when it starts with `--`, `---` or `—`, is the attribution.
fn split_attribution(body: &str) -> Option<(usize, usize)> {
    let trimmed = body.trim_end();
    let start = trimmed.rfind("\n\n").map_or(0, |i| i + 2);
    let last = &trimmed[start..];
    let lead = last.len() - last.trim_start().len();
    let text = last.trim_start();
    let dash = ["---", "--", "—", "―"]
        .iter()
        .find(|p| text.starts_with(**p))?
        .len();
    Some((start, start + lead + dash))
}

/// `{mermaid}`: the diagram's source in a `<pre class="mermaid">`, which
/// `waybook.js` has mermaid draw (the source stays readable without
/// script); `:caption:` makes it a figure.
pub(super) fn mermaid(d: &Directive<'_>, id: &str) -> String {
    let alt = opt(d, "alt")
        .map(|a| format!(" data-alt=\"{}\"", escape(a)))
        .unwrap_or_default();
    let pre = format!(
        "<pre class=\"mermaid{}\"{alt}>{}</pre>",
        classes(d),
        escape(d.body)
    );
    match opt(d, "caption") {
        Some(c) => format!(
            "<figure class=\"mermaid-figure\"{id}>{pre}<figcaption>{}</figcaption></figure>\n",
            escape(&markup::inline_plain(c))
        ),
        None if id.is_empty() => format!("{pre}\n"),
        None => format!("<div class=\"mermaid-figure\"{id}>{pre}</div>\n"),
    }
}

/// Split highlighted HTML into lines, closing the elements open at each
/// line end and opening them again on the next line, so every line is
/// well-formed on its own.
fn split_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut line = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '\n']) {
        line.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('\n') {
            line.extend(std::iter::repeat_n("</span>", open.len()));
            lines.push(std::mem::take(&mut line));
            line.extend(open.iter().copied());
            rest = &rest[1..];
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if tag.starts_with("</") {
            open.pop();
        } else if !tag.ends_with("/>") {
            open.push(tag);
        }
        line.push_str(tag);
        rest = &rest[end..];
    }
    line.push_str(rest);
    if !line.is_empty() && line != open.concat() {
        line.extend(std::iter::repeat_n("</span>", open.len()));
        lines.push(line);
    }
    lines
}

/// `1,3-5`: the line numbers named (1-based, of the block as shown).
fn line_set(spec: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for part in spec.split([',', ' ']).filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(a), Ok(b)) = (a.trim().parse::<usize>(), b.trim().parse::<usize>())
            && a <= b
            && b - a < 100_000
        {
            out.extend(a..=b);
        }
    }
    out
}

/// `widths`: `auto`, or one whole number per column (relative widths).
fn col_widths(spec: Option<&str>) -> String {
    let nums: Vec<u32> = spec
        .unwrap_or("")
        .split([',', ' '])
        .filter(|p| !p.is_empty())
        .map_while(|p| p.parse::<u32>().ok().filter(|n| *n > 0 && *n < 10_000))
        .collect();
    let total: u32 = nums.iter().sum();
    if nums.is_empty() || total == 0 {
        return String::new();
    }
    let cols: String = nums
        .iter()
        .map(|n| format!("<col style=\"width:{}%\">", n * 100 / total))
        .collect();
    format!("<colgroup>{cols}</colgroup>")
}

/// A `{list-table}` being drawn from its body's events: the outer list's
/// items are rows, their inner list's items are cells; deeper lists are
/// content.
pub(super) struct TableState {
    header_rows: usize,
    stub_columns: usize,
    /// Open lists, the table's own two levels included.
    lists: usize,
    row: usize,
    col: usize,
    /// Whether a row (and so `<thead>`/`<tbody>`) has been opened.
    started: bool,
}

impl TableState {
    /// The HTML standing for `ev`, when it is one of the table's own list
    /// events; `None` for content.
    pub(super) fn event(&mut self, ev: &pulldown_cmark::Event<'_>) -> Option<String> {
        use pulldown_cmark::{Event, Tag, TagEnd};
        match ev {
            Event::Start(Tag::List(_)) => {
                self.lists += 1;
                (self.lists <= 2).then(String::new)
            }
            Event::End(TagEnd::List(_)) => {
                self.lists = self.lists.saturating_sub(1);
                (self.lists < 2).then(String::new)
            }
            Event::Start(Tag::Item) if self.lists == 1 => Some(self.open_row()),
            Event::End(TagEnd::Item) if self.lists == 1 => {
                self.row += 1;
                Some("</tr>\n".into())
            }
            Event::Start(Tag::Item) if self.lists == 2 => Some(match self.cell() {
                "th-col" => "<th scope=\"col\">".into(),
                "th-row" => "<th scope=\"row\">".into(),
                _ => "<td>".into(),
            }),
            Event::End(TagEnd::Item) if self.lists == 2 => {
                let close = match self.cell() {
                    "td" => "</td>",
                    _ => "</th>",
                };
                self.col += 1;
                Some(close.into())
            }
            _ => None,
        }
    }

    fn cell(&self) -> &'static str {
        if self.row < self.header_rows {
            "th-col"
        } else if self.col < self.stub_columns {
            "th-row"
        } else {
            "td"
        }
    }

    fn open_row(&mut self) -> String {
        self.col = 0;
        let mut s = String::new();
        if !self.started {
            self.started = true;
            s.push_str(if self.header_rows > 0 {
                "<thead>"
            } else {
                "<tbody>"
            });
        } else if self.row == self.header_rows {
            s.push_str("</thead><tbody>");
        }
        s.push_str("<tr>");
        s
    }

    /// The closing tags after the last row.
    pub(super) fn close(&self) -> String {
        match (
            self.started,
            self.row <= self.header_rows && self.header_rows > 0,
        ) {
            (false, _) => String::new(),
            (true, true) => "</thead>".into(),
            (true, false) => "</tbody>".into(),
        }
    }
}

impl Renderer<'_> {
    /// `{code-block}`: highlighted code; `:linenos:` numbers its lines
    /// (from `:lineno-start:`), `:emphasize-lines:` marks some, `:caption:`
    /// makes it a figure.
    pub(super) fn code_directive(&mut self, d: &Directive<'_>, id: &str) -> String {
        let lang = d.argument.split_whitespace().next().unwrap_or("");
        let linenos = flag(d, "linenos") || opt(d, "lineno-start").is_some();
        let marked = opt(d, "emphasize-lines").map(line_set).unwrap_or_default();
        let mut pre = if !linenos && marked.is_empty() {
            self.highlighted(d.body, lang)
        } else {
            let start = opt(d, "lineno-start")
                .and_then(|s| s.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .min(1_000_000_000);
            let body = self
                .env
                .hl()
                .highlight(d.body, lang, self.memo)
                .unwrap_or_else(|| escape(d.body));
            let mut code = String::new();
            for (i, line) in split_lines(&body).iter().enumerate() {
                let hl = if marked.contains(&(i + 1)) {
                    " hl-line"
                } else {
                    ""
                };
                let n = if linenos {
                    format!(" data-n=\"{}\"", start + i)
                } else {
                    String::new()
                };
                code.push_str(&format!("<span class=\"line{hl}\"{n}>{line}\n</span>"));
            }
            let class = if linenos { "code linenos" } else { "code" };
            let data_lang = if lang.is_empty() {
                String::new()
            } else {
                format!(" data-lang=\"{}\"", escape(lang))
            };
            format!("<pre class=\"{class}\"{data_lang}><code>{code}</code></pre>\n")
        };
        match opt(d, "caption") {
            Some(c) => format!(
                "<figure class=\"code-figure\"{id}><figcaption>{}</figcaption>\n{pre}</figure>\n",
                escape(&markup::inline_plain(c))
            ),
            None if !id.is_empty() => {
                pre.insert_str(4, id);
                pre
            }
            None => pre,
        }
    }

    /// Markdown from an option value or an argument (no links of its own
    /// in the page's table).
    fn inline_md(&mut self, text: &str, depth: usize) -> String {
        if depth >= MAX_DEPTH {
            return escape(text);
        }
        let html = self.render(text, usize::MAX / 2, depth + 1);
        let t = html.trim_end();
        match t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => html,
        }
    }

    /// `{card}` / `{grid-item-card}`: a titled box; `:link:` (resolved like
    /// a markdown link, keyed at the option's value) makes the whole card
    /// a link through its title; `:header:` and `:footer:` frame it.
    pub(super) fn card(&mut self, d: &Directive<'_>, id: &str, body: &str, depth: usize) -> String {
        let (href, broken) = self.card_href(d);
        let label = title(d);
        let link_alt = opt(d, "link-alt").map(escape);
        let heading = match (&href, &broken) {
            (Some(h), _) => {
                let aria = match (&link_alt, label.is_empty()) {
                    (Some(a), _) => format!(" aria-label=\"{a}\""),
                    (None, true) => format!(" aria-label=\"{}\"", escape(h)),
                    _ => String::new(),
                };
                format!(
                    "<p class=\"card-title\"><a class=\"card-link\" href=\"{}\"{aria}>{label}</a></p>\n",
                    escape(h)
                )
            }
            (None, Some(why)) => format!(
                "<p class=\"card-title\"><span class=\"xref-broken\" title=\"{}\">{label}</span></p>\n",
                escape(why)
            ),
            (None, None) if label.is_empty() => String::new(),
            (None, None) => format!("<p class=\"card-title\">{label}</p>\n"),
        };
        let header = opt(d, "header")
            .map(|h| {
                format!(
                    "<div class=\"card-header\">{}</div>\n",
                    self.inline_md(h, depth)
                )
            })
            .unwrap_or_default();
        let footer = opt(d, "footer")
            .map(|f| {
                format!(
                    "<div class=\"card-footer\">{}</div>\n",
                    self.inline_md(f, depth)
                )
            })
            .unwrap_or_default();
        let linked = if href.is_some() { " card-linked" } else { "" };
        format!(
            "<div class=\"card{linked}{}\"{id}>{header}<div class=\"card-body\">{heading}{body}</div>{footer}</div>\n",
            classes(d)
        )
    }

    /// Where a card's `:link:` goes: the resolver's answer by the option's
    /// offset, else (included text, nothing recorded) the link as written
    /// if its scheme is safe; or why it is broken.
    fn card_href(&self, d: &Directive<'_>) -> (Option<String>, Option<String>) {
        let Some(link) = markup::card_link(d) else {
            return (None, None);
        };
        let href = match self.links.get(&link.offset) {
            Some(o) if o.broken.is_some() => return (None, o.broken.clone()),
            Some(o) if !o.href.is_empty() => o.href.clone(),
            Some(_) => return (None, None),
            None if link.kind == markup::LinkKind::Link => link.dest,
            None => return (None, None),
        };
        if crate::url::is_safe(&href) {
            (Some(href), None)
        } else {
            (
                None,
                Some("Link removed: its URL scheme is not allowed".into()),
            )
        }
    }

    /// `{epigraph}`: the body as a quotation, with its attribution line.
    pub(super) fn epigraph(&mut self, d: &Directive<'_>, id: &str, depth: usize) -> String {
        if depth >= MAX_DEPTH {
            return format!(
                "<blockquote{id}><pre>{}</pre></blockquote>\n",
                escape(d.body)
            );
        }
        let text = markup::normalize_colon_fences(d.body).into_owned();
        let (quote, by) = match split_attribution(&text) {
            Some((start, after_dash)) => {
                let by = self.render(&text[after_dash..], d.body_offset + after_dash, depth + 1);
                let by = by.trim().trim_start_matches("<p>").trim_end_matches("</p>");
                (
                    &text[..start],
                    format!("<p class=\"attribution\">— {}</p>\n", by.trim()),
                )
            }
            None => (text.as_str(), String::new()),
        };
        let quote = self.render(quote, d.body_offset, depth + 1);
        format!(
            "<blockquote class=\"epigraph epigraph-{}{}\"{id}>\n{quote}{by}</blockquote>\n",
            escape(d.name),
            classes(d)
        )
    }

    /// `{list-table}`: the body's list of lists as a table; `:header-rows:`
    /// and `:stub-columns:` make header cells, `:widths:` column widths,
    /// the argument a caption.
    pub(super) fn list_table(&mut self, d: &Directive<'_>, id: &str, depth: usize) -> String {
        let count = |k: &str| {
            opt(d, k)
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0)
        };
        let caption = if d.argument.trim().is_empty() {
            String::new()
        } else {
            format!("<caption>{}</caption>", self.inline_md(d.argument, depth))
        };
        let text = markup::normalize_colon_fences(d.body).into_owned();
        let body = if depth >= MAX_DEPTH {
            escape(&text)
        } else {
            self.table = Some(TableState {
                header_rows: count("header-rows"),
                stub_columns: count("stub-columns"),
                lists: 0,
                row: 0,
                col: 0,
                started: false,
            });
            self.render(&text, d.body_offset, depth + 1)
        };
        if !body.contains("<tr>") {
            // Not a list of rows (`check` says so): its content as it is.
            return format!("<div class=\"list-table-invalid\"{id}>{body}</div>\n");
        }
        format!(
            "<div class=\"table-wrap\"><table class=\"list-table{}\"{id}>{caption}{}{body}</table></div>\n",
            classes(d),
            col_widths(opt(d, "widths"))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_with_their_open_spans() {
        let l = split_lines("<span class=\"a\">x\ny</span>\nz\n");
        assert_eq!(
            l,
            vec![
                "<span class=\"a\">x</span>",
                "<span class=\"a\">y</span>",
                "z"
            ]
        );
        assert_eq!(split_lines("a\n\nb"), vec!["a", "", "b"]);
    }

    #[test]
    fn line_sets_and_widths() {
        assert_eq!(line_set("1, 3-5"), vec![1, 3, 4, 5]);
        assert_eq!(line_set("x,5-2"), Vec::<usize>::new());
        assert_eq!(
            col_widths(Some("1 3")),
            "<colgroup><col style=\"width:25%\"><col style=\"width:75%\"></colgroup>"
        );
        assert_eq!(col_widths(Some("auto")), "");
    }

    #[test]
    fn attribution_is_the_last_dashed_paragraph() {
        let t = "Be kind.\n\n-- The *Charter*\n";
        let (start, after) = split_attribution(t).unwrap();
        assert_eq!(&t[start..after], "--");
        assert_eq!(&t[after..], " The *Charter*\n");
        assert_eq!(split_attribution("Only a quote.\n"), None);
    }
}
