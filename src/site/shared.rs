//! Article HTML shared between languages. A language's untranslated page
//! shows the default language's text with the same links; when rendering
//! that text read nothing that differs between languages (no UI string,
//! admonition, roster or other file: [`crate::html::UnitHtml::neutral`]),
//! its HTML is the default language's, so the default render keeps it and
//! the language's render takes it instead of parsing the markdown again.
//! The build renders the languages' pages interleaved, so an article is
//! held only from the default page to the others' at the same place.
//! Sits beside page assembly: [`super::Builder::unit_html`] is its only
//! user; the build owns the store for as long as the pages render.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::html::UnitHtml;
use crate::model::Handbook;
use crate::resolve::Resolution;

/// The default language's neutral article HTML of the units other
/// languages show unchanged, by default unit, each held until every
/// language that wants it has asked.
pub(crate) struct SharedArticles {
    slots: Vec<Mutex<Slot>>,
    /// How many times a language took a kept article.
    taken: AtomicUsize,
}

#[derive(Default)]
struct Slot {
    /// Languages that have yet to ask for it.
    left: usize,
    /// The root it was rendered from, and its HTML.
    kept: Option<(String, String)>,
}

/// For one language: its unit → the default unit with the same file, start
/// and text (see [`same_text`]).
pub(crate) type SameText = Vec<Option<usize>>;

/// Which default unit each unit of `lang` repeats word for word: same
/// file, same start and the same text.
pub(crate) fn same_text(default: &Handbook, lang: &Handbook) -> SameText {
    let by_body: std::collections::HashMap<(&str, usize), usize> = (default.units.iter())
        .enumerate()
        .filter_map(|(i, u)| Some(((u.file.as_str(), u.base?), i)))
        .collect();
    (lang.units.iter())
        .map(|u| {
            let &d = by_body.get(&(u.file.as_str(), u.base?))?;
            let du = &default.units[d];
            let same = match (&du.own_text, &u.own_text) {
                // An untranslated file's text is the default's own (shared),
                // or its hash when released.
                (None, None) => {
                    (du.base == u.base)
                        && (default.files).same(&du.file, &lang.files, &u.file, u.base.unwrap_or(0))
                }
                _ => *du.text(&default.files) == *u.text(&lang.files),
            };
            same.then_some(d)
        })
        .collect()
}

impl SharedArticles {
    /// A store for the default units the languages' `same` maps name.
    pub(crate) fn new(default_units: usize, same: &[SameText]) -> SharedArticles {
        let mut left = vec![0; default_units];
        for d in same.iter().flatten().flatten() {
            if let Some(n) = left.get_mut(*d) {
                *n += 1;
            }
        }
        SharedArticles {
            slots: (left.into_iter())
                .map(|left| Mutex::new(Slot { left, kept: None }))
                .collect(),
            taken: AtomicUsize::new(0),
        }
    }

    /// How many articles the languages took (see [`crate::build::Stats`]).
    pub(crate) fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    fn slot(&self, d: usize) -> Option<std::sync::MutexGuard<'_, Slot>> {
        self.slots.get(d)?.lock().ok()
    }
}

/// How one language's page assembly uses the shared articles.
#[derive(Clone, Copy, Default)]
pub(crate) enum Articles<'a> {
    /// Neither keeps nor takes (serve's page updates, a one-language site).
    #[default]
    Own,
    /// The default language: keeps the neutral HTML other languages want.
    Keep(&'a SharedArticles),
    /// Another language: takes the default's HTML where text, links and
    /// root are the same.
    Take {
        shared: &'a SharedArticles,
        same: &'a SameText,
        /// The default language's resolved links.
        links: &'a Resolution,
    },
}

impl Articles<'_> {
    /// The kept HTML that stands for unit `u` of this language, rendered
    /// from `root` with links `res`. Asking counts as this language's turn
    /// whatever the answer: the last language to ask frees the article.
    pub(crate) fn take(&self, u: usize, res: &Resolution, root: &str) -> Option<String> {
        let Articles::Take {
            shared,
            same,
            links,
        } = self
        else {
            return None;
        };
        let d = (*same.get(u)?)?;
        let kept = {
            let mut slot = shared.slot(d)?;
            slot.left = slot.left.saturating_sub(1);
            match slot.left {
                0 => slot.kept.take(),
                _ => slot.kept.clone(),
            }
        };
        let (kept_root, html) = kept?;
        let (mine, theirs) = (res.units.get(u)?, links.units.get(d)?);
        let same_links = mine.links == theirs.links && mine.included == theirs.included;
        if kept_root != root || !same_links {
            return None;
        }
        shared.taken.fetch_add(1, Ordering::Relaxed);
        Some(html)
    }

    /// Keep unit `u`'s HTML, rendered from `root`, if it is neutral and a
    /// language that wants it has yet to ask.
    pub(crate) fn keep(&self, u: usize, root: &str, out: &UnitHtml) {
        if let Articles::Keep(shared) = self
            && out.neutral
            && let Some(mut slot) = shared.slot(u)
            && slot.left > 0
        {
            slot.kept = Some((root.to_string(), out.html.clone()));
        }
    }
}
