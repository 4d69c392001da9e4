//! "Cite this page": each page's [`CiteCtx`] from the handbook's citation,
//! the page's title and URL, its authors (front matter `authors:`, else the
//! people who changed it, else the handbook's authors) and its date (its
//! last change in git, else the handbook's release date).

use crate::citation::PageCitation;

use super::Inputs;
use super::ctx::{CiteCtx, PageCtx};

/// The citation of `page`; `authors` and `date` default to the handbook's.
/// Most authors a page's citation lists by name (see [`cite`]).
const MAX_AUTHORS: usize = 20;

pub(super) fn cite(
    inp: &Inputs<'_>,
    page: &PageCtx,
    authors: Vec<String>,
    date: Option<String>,
) -> CiteCtx {
    let c = inp.citation;
    // A page nobody is credited for is cited with the handbook's authors,
    // unless they are more than a reference lists (APA lists up to 20):
    // then as one collective author, so a page's citation stays a few
    // lines, not one entry per member of a large community.
    let authors = match authors.is_empty() {
        false => authors,
        true if c.authors.len() > MAX_AUTHORS => {
            vec![format!("{} contributors", c.title)]
        }
        true => c.authors.iter().map(|a| a.display()).collect(),
    };
    let url = match (&page.canonical, &c.url) {
        (Some(abs), _) => abs.clone(),
        (None, Some(base)) => format!(
            "{}/{}{}",
            base.trim_end_matches('/'),
            inp.lang.prefix(inp.lang.current),
            crate::url::encode_path(&page.path)
        ),
        (None, None) => page.path.clone(),
    };
    let p = PageCitation {
        title: page.title.clone(),
        authors,
        container: c.title.clone(),
        version: c.version.clone(),
        date: date.or_else(|| c.date_released.clone()),
        url,
        doi: c.doi.clone(),
        license_url: (page.license.as_ref()).and_then(|l| l.url.clone()),
    };
    let key = p.key();
    CiteCtx {
        title: p.title.clone(),
        date: p.meta_date(),
        doi: p.doi.clone(),
        plain: p.plain(),
        bibtex: p.bibtex(&key),
        csl_json: p.csl_json(&key),
        json_ld: p.json_ld(),
        authors: p.authors,
    }
}
