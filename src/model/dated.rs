//! Dated collections: a folder whose pages are mostly dated — meeting
//! minutes, reports, newsletters. A page is dated by a `date:` in its front
//! matter or by a date at the start of its file name (`2024-03-15.md`,
//! `2024-03-15-sig-meeting.md`). A folder (not the handbook root) is a
//! collection when at least [`MIN_DATED`] of its pages are dated and the
//! dated ones are at least two thirds of them. Its pages are ordered newest
//! first; pages of the collection that share a title ("Meeting agenda") get
//! their date in their title; and the folder gets an index page listing its
//! pages by year — generated when the folder has no `index.md`/`README.md`,
//! appended to the folder's own index page otherwise (unless that page
//! already links to most of the dated pages itself). The sidebar shows the
//! collection as one entry (see `nav`).

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Span;
use crate::markup;
use crate::source::SourceFile;

use super::{Doc, Entity, Loader, title_from_path};

/// The fewest dated pages that make a folder a collection.
pub(crate) const MIN_DATED: usize = 3;

/// A folder of dated pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// The folder, from the handbook root (`meetings`, `sig-x/minutes`).
    pub folder: String,
    /// The doc that introduces and lists the collection.
    pub index: usize,
    /// Whether waybook made the index page (the folder has none).
    pub generated: bool,
    /// Pages of the folder without a date, in title order.
    pub undated: Vec<usize>,
    /// Dated pages, newest first (same date: by file name).
    pub members: Vec<usize>,
}

impl Collection {
    /// Every page of the collection in reading order: undated, then dated.
    pub fn pages(&self) -> impl Iterator<Item = usize> + '_ {
        self.undated.iter().chain(&self.members).copied()
    }

    /// Whether doc `d` is this collection's index or one of its pages.
    pub fn holds(&self, d: usize) -> bool {
        self.index == d || self.pages().any(|p| p == d)
    }
}

/// `YYYY-MM-DD` from the start of `s` when it is a real calendar date
/// (`2024-03-15`, `2024-03-15T10:00:00Z`, `2024-03-15 notes`).
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let head = s.get(..10)?;
    let b = head.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    let year: u32 = head[..4].parse().ok()?;
    let month: u32 = head[5..7].parse().ok()?;
    let day: u32 = head[8..10].parse().ok()?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    // The date must end there: `2024-03-150` is not a date.
    let next = s[10..].chars().next();
    let ends = next.is_none_or(|c| !c.is_ascii_digit());
    (year > 0 && (1..=days).contains(&day) && ends).then(|| head.to_string())
}

/// The date a file name starts with, and the words after it
/// (`2024-03-15-sig-meeting.md` → `2024-03-15`, `sig-meeting`).
pub(crate) fn date_from_name(src: &str) -> Option<(String, String)> {
    let name = src.rsplit('/').next().unwrap_or(src);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let date = parse_date(stem)?;
    let rest = stem[10..].trim_start_matches(['-', '_', ' ', '.']);
    Some((date, rest.to_string()))
}

/// The title of a dated page that has neither a `title:` nor a heading: the
/// words after the date (`2024-03-15-sig-meeting.md` → "Sig meeting"), or
/// the date itself.
pub(crate) fn title_from_dated_name(src: &str) -> Option<String> {
    let (date, rest) = date_from_name(src)?;
    Some(if rest.is_empty() {
        date
    } else {
        title_from_path(&format!("{rest}.md"))
    })
}

fn folder_of(src: &str) -> &str {
    src.rfind('/').map_or("", |i| &src[..i])
}

fn is_index(d: &Doc) -> bool {
    d.url.rsplit('/').next() == Some("index.html")
}

/// Find the collections among `docs`, order them, tell apart their pages
/// that share a title, and give each an index page listing it. `files` are
/// the docs' sources, in the same order (for the text of an existing index).
pub(super) fn detect(
    l: &mut Loader<'_>,
    docs: &mut Vec<Doc>,
    files: &[SourceFile],
) -> Vec<Collection> {
    let mut folders: BTreeMap<&str, (Option<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let entry = folders.entry(folder_of(&d.src)).or_default();
        if is_index(d) {
            entry.0 = entry.0.or(Some(i));
        } else {
            entry.1.push(i);
        }
    }
    let found: Vec<(String, Option<usize>, Vec<usize>)> = folders
        .into_iter()
        .filter(|(folder, (_, pages))| {
            let dated = pages.iter().filter(|&&p| docs[p].date.is_some()).count();
            !folder.is_empty() && dated >= MIN_DATED && dated * 3 >= pages.len() * 2
        })
        .map(|(f, (index, pages))| (f.to_string(), index, pages))
        .collect();
    let mut out = Vec::new();
    for (folder, index, pages) in found {
        let (mut members, mut undated): (Vec<usize>, Vec<usize>) =
            pages.into_iter().partition(|&p| docs[p].date.is_some());
        members.sort_by(|&a, &b| {
            (docs[b].date.cmp(&docs[a].date)).then_with(|| docs[a].src.cmp(&docs[b].src))
        });
        undated.sort_by_key(|&p| (docs[p].title.to_lowercase(), docs[p].src.clone()));
        let listing = listing(docs, &undated, &members);
        let (index, generated) = match index {
            Some(i) => {
                append_listing(l, &docs[i], files.get(i), &members, docs, &listing);
                (i, false)
            }
            None => (generated_index(l, docs, &folder, listing), true),
        };
        tell_apart(docs, &members);
        out.push(Collection {
            folder,
            index,
            generated,
            undated,
            members,
        });
    }
    out
}

/// Pages of the collection that share a title get their date after it:
/// "Meeting agenda (2024-03-15)".
fn tell_apart(docs: &mut [Doc], members: &[usize]) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for &m in members {
        *count.entry(docs[m].title.to_lowercase()).or_default() += 1;
    }
    for &m in members {
        let d = &mut docs[m];
        if count[&d.title.to_lowercase()] > 1
            && let Some(date) = &d.date
            && !d.title.contains(date.as_str())
        {
            d.title = format!("{} ({date})", d.title);
        }
    }
}

/// The listing as markdown: undated pages first, then a `## year` section
/// per year with one `date — [title](file)` line per page.
fn listing(docs: &[Doc], undated: &[usize], members: &[usize]) -> String {
    let mut md = String::new();
    let item = |md: &mut String, d: &Doc, date: Option<&str>| {
        let file = d.src.rsplit('/').next().unwrap_or(&d.src);
        md.push_str("- ");
        if let Some(date) = date {
            md.push_str(date);
            md.push_str(" — ");
        }
        md.push('[');
        md.push_str(&escape_md(&d.title));
        md.push_str("](<");
        md.push_str(&file.replace(['<', '>'], ""));
        md.push_str(">)\n");
    };
    for &u in undated {
        item(&mut md, &docs[u], None);
    }
    let mut year = "";
    for &m in members {
        let date = docs[m].date.as_deref().unwrap_or("");
        if date.get(..4) != Some(year) {
            year = date.get(..4).unwrap_or("");
            md.push_str("\n## ");
            md.push_str(year);
            md.push_str("\n\n");
        }
        item(&mut md, &docs[m], Some(date));
    }
    md
}

/// Backslash-escape markdown punctuation, so a title is shown as written.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '-' | '.' | ',' | '\'' | '"' | '/' | ':' | '?')
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The folder's own index page, with the listing appended, unless it
/// already links to at least half of the dated pages (a list kept by hand).
fn append_listing(
    l: &mut Loader<'_>,
    index: &Doc,
    file: Option<&SourceFile>,
    members: &[usize],
    docs: &[Doc],
    listing: &str,
) {
    let Some(file) = file.filter(|f| f.rel == index.src) else {
        return;
    };
    let unit = &mut l.units[index.unit];
    let stem = |p: &str| {
        let name = p.split(['#', '?']).next().unwrap_or(p);
        let name = name.rsplit('/').next().unwrap_or(name);
        let name = name.strip_suffix(".md").or(name.strip_suffix(".html"));
        name.map(str::to_string)
            .unwrap_or_else(|| p.rsplit('/').next().unwrap_or(p).to_string())
    };
    let linked: BTreeSet<String> = unit.scan.links.iter().map(|k| stem(&k.dest)).collect();
    let listed = (members.iter())
        .filter(|&&m| linked.contains(&stem(&docs[m].src)))
        .count();
    if listed * 2 >= members.len() {
        return;
    }
    let body = match &unit.own_text {
        Some(t) => t.clone(),
        None => file
            .text
            .get(unit.base.unwrap_or(0)..)
            .unwrap_or("")
            .to_string(),
    };
    let text = format!("{}\n\n{listing}", body.trim_end());
    unit.scan = markup::scan(&text).into();
    unit.own_text = Some(text);
}

/// A generated index page for a folder without one: titled after the
/// folder, holding only the listing.
fn generated_index(
    l: &mut Loader<'_>,
    docs: &mut Vec<Doc>,
    folder: &str,
    listing: String,
) -> usize {
    let idx = docs.len();
    let src = format!("{folder}/index.md");
    let title = title_from_path(&src);
    let md = format!("# {}\n\n{listing}", escape_md(&title));
    let unit = l.unit_from_text(
        Entity::Item(super::doc::ID, idx),
        &src,
        md,
        Span::file(format!("{folder}/")),
    );
    docs.push(Doc {
        url: super::doc_url(&src),
        title,
        src,
        description: String::new(),
        weight: None,
        tags: Vec::new(),
        owners: Vec::new(),
        authors: Vec::new(),
        status: None,
        last_reviewed: None,
        review_every: None,
        superseded_by: None,
        license: None,
        covers: Vec::new(),
        date: None,
        generated: true,
        unit,
    });
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_calendar_dates() {
        assert_eq!(parse_date("2024-03-15").as_deref(), Some("2024-03-15"));
        assert_eq!(
            parse_date("2024-02-29T10:00:00Z").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2024-03-150"), None);
        assert_eq!(parse_date("2021-h1"), None);
        assert_eq!(parse_date("last week"), None);
        assert_eq!(parse_date("٢٠٢٤-03-15"), None);
    }

    #[test]
    fn file_names_give_a_date_and_a_title() {
        assert_eq!(
            date_from_name("m/2024-03-15-sig-meeting.md"),
            Some(("2024-03-15".into(), "sig-meeting".into()))
        );
        assert_eq!(
            title_from_dated_name("m/2024-03-15.md").as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(
            title_from_dated_name("m/2024-03-15_réunion-générale.md").as_deref(),
            Some("Réunion générale")
        );
        assert_eq!(date_from_name("m/0001-use-madr.md"), None);
    }

    #[test]
    fn markdown_in_titles_is_escaped() {
        assert_eq!(escape_md("A [draft] *note*"), "A \\[draft\\] \\*note\\*");
        assert_eq!(escape_md("Q&A: what's next?"), "Q\\&A: what's next?");
    }
}
