//! Languages on pages: the language switcher, `hreflang` alternates, the
//! "not yet translated" and "outdated translation" notices, and edit links
//! that lead to the translation (or to where it would be created). Part of
//! the site layer: [`decorate`] finishes a page built for one language,
//! from the translation status `crate::translate` computed. A handbook
//! with one language gets none of this.

use serde::Serialize;

use super::{Inputs, Page, PageRef};
use crate::config::Language;
use crate::translate::{State, Status};

/// Which language a set of pages is in, and where every language stands.
#[derive(Debug, Clone, Copy, Default)]
pub struct LangInputs<'a> {
    /// Every language, the default first; empty for one language.
    pub languages: &'a [Language],
    /// Index in `languages` of these pages' language.
    pub current: usize,
    /// Status of each language after the default (`languages[1..]`).
    pub status: &'a [Status],
}

impl LangInputs<'_> {
    /// Output folder of language `i`: `""` for the default, else `fr/`.
    pub fn prefix(&self, i: usize) -> String {
        match (i, self.languages.get(i)) {
            (0, _) | (_, None) => String::new(),
            (_, Some(l)) => format!("{}/", l.code),
        }
    }

    /// How source file `src` stands in language `i` (the default and pages
    /// without a source file are always translated).
    pub(crate) fn state(&self, i: usize, src: Option<&str>) -> State {
        match (i.checked_sub(1).and_then(|j| self.status.get(j)), src) {
            (Some(st), Some(src)) => st.files.get(src).copied().unwrap_or(State::Translated),
            _ => State::Translated,
        }
    }

    /// The HTML `dir` of these pages.
    pub fn dir(&self) -> &'static str {
        self.languages
            .get(self.current)
            .map_or("ltr", |l| l.dir.as_str())
    }
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LangLink {
    pub code: String,
    pub name: String,
    /// The same page in that language, relative to this page.
    pub href: String,
    pub current: bool,
    /// Whether the page is translated there (not shown in the default).
    pub translated: bool,
}

/// A `<link rel="alternate" hreflang>`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// Languages on one page.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationCtx {
    pub switcher: Vec<LangLink>,
    /// One per language the page is really translated into, then
    /// `x-default`.
    pub alternates: Vec<Alternate>,
    /// `fallback` or `stale` when the page needs a notice.
    pub state: Option<State>,
    /// The notice's text, in the page's language.
    pub notice: Option<String>,
    /// Where to translate it or see what changed.
    pub action: Option<super::ctx::Link>,
    /// `lang` of the content when it is shown in the default language.
    pub content_lang: Option<String>,
}

/// The source file whose text a page shows, if it has one.
pub(crate) fn page_source<'a>(inp: &Inputs<'a>, p: PageRef) -> Option<&'a str> {
    let hb = inp.hb;
    let id = match p {
        PageRef::Content { id, .. } => id,
        PageRef::Home => return inp.has_home_doc().map(|d| hb.docs[d].src.as_str()),
        _ => return None,
    };
    let (pk, item) = id.kind()?;
    pk.source(inp, item)
}

/// Add the language switcher, alternates, notice and edit link to `page`,
/// built for language `inp.lang.current`.
pub(crate) fn decorate(inp: &Inputs<'_>, p: PageRef, page: &mut Page) {
    let l = inp.lang;
    if l.languages.len() < 2 {
        return;
    }
    let src = page_source(inp, p);
    let here = format!("{}{}", l.prefix(l.current), page.path);
    let base = inp.hb.config.base_url.as_deref();
    // The 404 page is served at any depth: its links start from the root.
    let not_found = matches!(p, PageRef::NotFound);
    let site_root = (page.site.root.strip_suffix(l.prefix(l.current).as_str()))
        .unwrap_or(&page.site.root)
        .to_string();
    let href_in = |i: usize, absolute: bool| {
        let there = format!("{}{}", l.prefix(i), page.path);
        match base.filter(|_| absolute) {
            Some(b) => format!("{b}{}", crate::url::encode_path(&there)),
            None if not_found => format!("{site_root}{}", crate::url::encode_path(&there)),
            None => crate::resolve::relative(&here, &there),
        }
    };
    let switcher = (l.languages.iter().enumerate())
        .map(|(i, lang)| LangLink {
            code: lang.code.clone(),
            name: lang.name.clone(),
            href: href_in(i, false),
            current: i == l.current,
            translated: l.state(i, src) != State::Fallback,
        })
        .collect();
    let mut alternates: Vec<Alternate> = (l.languages.iter().enumerate())
        .filter(|(i, _)| l.state(*i, src) != State::Fallback)
        .map(|(i, lang)| Alternate {
            hreflang: lang.code.clone(),
            href: href_in(i, true),
        })
        .collect();
    alternates.push(Alternate {
        hreflang: "x-default".into(),
        href: href_in(0, true),
    });
    let state = l.state(l.current, src);
    let strings = inp.md.strings;
    let source_lang = &l.languages[0];
    let (notice, action) = match (state, src) {
        (State::Fallback, Some(src)) => (
            Some(strings.tr("translation.fallback").to_string()),
            contribute_url(inp, src).map(|url| super::ctx::Link {
                title: strings.tr("translation.contribute").into(),
                url,
            }),
        ),
        (State::Stale, Some(src)) => (
            Some(strings.tr("translation.stale").to_string()),
            changes_url(inp, src).map(|url| super::ctx::Link {
                title: strings.tr("translation.changes").into(),
                url,
            }),
        ),
        _ => (None, None),
    };
    if l.current > 0
        && let Some(src) = src
    {
        page.page.edit_url = match state {
            State::Fallback => None,
            _ => repo_url(inp, "edit", &real_path(inp, src)),
        };
    }
    page.page.translation = Some(TranslationCtx {
        switcher,
        alternates,
        state: (state != State::Translated).then_some(state),
        notice,
        action,
        content_lang: (state == State::Fallback).then(|| source_lang.code.clone()),
    });
}

/// Where the current language's translation of `src` is (or would be).
fn real_path(inp: &Inputs<'_>, src: &str) -> String {
    let code = &inp.lang.languages[inp.lang.current].code;
    format!("{}/{code}/{src}", crate::translate::FOLDER)
}

/// A repository URL for `verb` (`edit`, `new`, `commits`) on `path`, a
/// handbook path (GitHub's and GitLab's URL shapes).
pub(super) fn repo_url(inp: &Inputs<'_>, verb: &str, path: &str) -> Option<String> {
    let c = &inp.hb.config;
    let repo = c.repository.as_ref()?;
    let path = if c.repository_path.is_empty() {
        path.to_string()
    } else {
        format!("{}/{path}", c.repository_path)
    };
    let gitlab = if repo.contains("gitlab") { "-/" } else { "" };
    let path = crate::url::encode_path(&path);
    Some(match verb {
        // GitHub and GitLab both open an editor for a new file this way.
        "new" => match path.rsplit_once('/') {
            Some((dir, name)) => format!("{repo}/{gitlab}new/{}/{dir}?filename={name}", c.branch),
            None => format!("{repo}/{gitlab}new/{}?filename={path}", c.branch),
        },
        _ => format!("{repo}/{gitlab}{verb}/{}/{path}", c.branch),
    })
}

fn contribute_url(inp: &Inputs<'_>, src: &str) -> Option<String> {
    repo_url(inp, "new", &real_path(inp, src))
}

/// The source's changes since the translation: a compare view from the
/// commit the translation names, else the source file's history.
fn changes_url(inp: &Inputs<'_>, src: &str) -> Option<String> {
    let since = (inp.lang.current.checked_sub(1))
        .and_then(|j| inp.lang.status.get(j))
        .and_then(|st| st.since.get(src));
    let c = &inp.hb.config;
    match (since, c.repository.as_ref()) {
        (Some(commit), Some(repo)) => {
            let gitlab = if repo.contains("gitlab") { "-/" } else { "" };
            Some(format!("{repo}/{gitlab}compare/{commit}...{}", c.branch))
        }
        _ => repo_url(inp, "commits", src),
    }
}
