//! "Cite this page": each page's [`CiteCtx`] from the handbook's citation,
//! the page's title and URL, its authors (front matter `authors:`, else the
//! people who changed it, else the handbook's authors) and its date (its
//! last change in git, else the handbook's release date).

use crate::citation::PageCitation;

use super::Inputs;
use super::ctx::{CiteCtx, PageCtx};

/// The citation of `page`; `authors` and `date` default to the handbook's.
pub(super) fn cite(
    inp: &Inputs<'_>,
    page: &PageCtx,
    authors: Vec<String>,
    date: Option<String>,
) -> CiteCtx {
    let c = inp.citation;
    let authors = if authors.is_empty() {
        c.authors.iter().map(|a| a.display()).collect()
    } else {
        authors
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
    CiteCtx {
        title: p.title.clone(),
        date: p.meta_date(),
        doi: p.doi.clone(),
        plain: p.plain(),
        bibtex: p.bibtex(),
        csl_json: p.csl_json(),
        json_ld: p.json_ld(),
        authors: p.authors,
    }
}
