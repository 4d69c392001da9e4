//! One language after the default, run through the pipeline: its sources
//! are the default's with each translated file in place
//! (`crate::translate`), so model, nav, resolution and governance are built
//! exactly as for the default language, and pages render under `<code>/`.
//! Only diagnostics of translated files are kept (moved to their real
//! paths): the rest repeat the default language's.

use crate::diag::{Diagnostic, Span};
use crate::model::Handbook;
use crate::model::group::Rosters;
use crate::nav::Nav;
use crate::resolve::{Resolution, Symbols};
use crate::site::templates::Theme;
use crate::source::Sources;
use crate::translate::LangSource;

/// How a page under `<code>/` reaches the site's shared assets.
pub(super) const ASSET_UP: &str = "../";

/// A translated language's pipeline state.
pub(super) struct LangBuild {
    pub(super) src: LangSource,
    pub(super) hb: Handbook,
    pub(super) nav: Nav,
    pub(super) res: Resolution,
    pub(super) gov: crate::model::Governance,
    pub(super) rosters: Rosters,
    /// The theme with this language's UI strings, once loaded.
    pub(super) theme: Option<Theme>,
    /// Under `serve`, this language's search index kept in memory (see
    /// `Session::live_search`).
    pub(super) live_search: Option<crate::search::LiveIndex>,
}

/// A translated language's model, loaded before the default language is
/// resolved (so that every source text can be released before the
/// resolution: see [`crate::source::Files::release`]).
pub(super) struct LangModel {
    src: LangSource,
    hb: Handbook,
    /// The diagnostics of its loading, kept for [`LangModel::finish`].
    diags: Vec<Diagnostic>,
}

impl LangModel {
    /// Load language `ls` over the default `sources`.
    pub(super) fn load(ls: LangSource, sources: &Sources, default: &Handbook) -> LangModel {
        let mut d = Vec::new();
        let mut config = default.config.clone();
        config.language = ls.lang.code.clone();
        // The handbook's own words in this language, where given.
        if let Some(t) = &ls.lang.title {
            config.title.clone_from(t);
        }
        if let Some(d) = &ls.lang.description {
            config.description.clone_from(d);
        }
        for stage in &mut config.stages {
            if let Some(w) = ls.lang.stages.get(&stage.id) {
                if let Some(t) = &w.title {
                    stage.title.clone_from(t);
                }
                if let Some(d) = &w.description {
                    stage.description.clone_from(d);
                }
            }
        }
        // Untranslated bodies are the default's: their scans are reused.
        let reuse = crate::model::Reuse::of(default);
        let mut hb = crate::model::load_reusing(config, ls.sources(sources), &reuse, &mut d);
        drop(reuse);
        crate::translate::align_terms(&default.terms, &mut hb.terms);
        // A translated file reads again from its own path, as it was read.
        for (rel, t) in &ls.files {
            hb.files.read_from(rel, &t.real, crate::translate::as_read);
        }
        LangModel {
            src: ls,
            hb,
            diags: d,
        }
    }

    /// Its translations.
    pub(super) fn src(&self) -> &LangSource {
        &self.src
    }

    /// Release the texts it holds that can be read again (the translated
    /// files' too, which are then read from this model's files).
    pub(super) fn release_texts(&mut self) {
        self.hb.files.release();
        for t in self.src.files.values_mut() {
            t.text = None;
        }
    }

    /// Resolve the language (sharing `default_res`'s links of units that
    /// link the same).
    pub(super) fn finish(self, default_res: &Resolution, diags: &mut Vec<Diagnostic>) -> LangBuild {
        let LangModel {
            src: ls,
            mut hb,
            diags: mut d,
        } = self;
        // Same sources, same URLs: the claims repeat the default's.
        let _ = crate::owners::claim(&mut hb, &mut d);
        let strings = crate::site::templates::strings_in(&hb.sources.templates, &ls.lang.code);
        let mut nav = crate::nav::build(&hb, strings.tr("nav.other_pages"), &mut d);
        crate::nav::fill_titles(&mut nav, &hb);
        let mut syms = Symbols::new(&hb);
        syms.asset_up = ASSET_UP;
        let res = crate::resolve::resolve_like(&syms, Some(default_res));
        let gov = crate::govern::resolve(&hb, &syms, &mut d);
        drop(syms);
        let rosters = crate::model::group::rosters(&hb, &gov);
        diags.extend(ls.relocate(d));
        LangBuild {
            src: ls,
            hb,
            nav,
            res,
            gov,
            rosters,
            theme: None,
            live_search: None,
        }
    }
}

impl LangBuild {
    /// Load the theme with this language's strings; keys the language
    /// lacks are one warning each.
    pub(super) fn load_theme(&mut self, diags: &mut Vec<Diagnostic>) {
        let templates = &self.hb.sources.templates;
        match Theme::load_in(templates, &self.src.lang.code) {
            Ok(t) => self.theme = Some(t),
            Err(d) => diags.push(*d),
        }
        diags.extend(missing_strings(templates, &self.src.lang.code));
    }

    /// Diagnostics of the resolution and directives of translated files.
    pub(super) fn diagnostics(&self) -> Vec<Diagnostic> {
        // Only those of translated files are kept: the rest are not cloned.
        let own = |file: &str| self.src.owns(file);
        let mut d: Vec<Diagnostic> = (self.res.diagnostics())
            .filter(|d| d.span.as_ref().is_some_and(|s| own(&s.file)))
            .cloned()
            .collect();
        super::unknown_directives(&self.hb, &own, &mut d);
        self.src.relocate(d)
    }
}

/// `ui-string-missing` for each key English has and language `code` lacks
/// (shipped catalog and the handbook's `templates/i18n/<code>.toml`).
pub(super) fn missing_strings(
    templates: &[crate::source::SourceFile],
    code: &str,
) -> Vec<Diagnostic> {
    let missing = crate::site::templates::missing_keys(templates, code);
    let file = format!("templates/i18n/{code}.toml");
    let span = if templates.iter().any(|t| t.rel == file) {
        Span::file(&file)
    } else {
        Span::file("handbook.yml")
    };
    if missing.len() == crate::i18n::Catalog::english().keys().count() {
        return vec![
            Diagnostic::warning(
                crate::code::Code::UiStringMissing,
                format!("waybook has no UI strings for `{code}`; pages show English labels"),
            )
            .with_span(span)
            .with_help(format!(
                "translate themes/default/i18n/en.toml into `{file}` in the handbook"
            )),
        ];
    }
    missing
        .into_iter()
        .map(|k| {
            Diagnostic::warning(
                crate::code::Code::UiStringMissing,
                format!("UI string `{k}` has no `{code}` translation; English is shown"),
            )
            .with_span(span.clone())
            .with_help(format!("add `{k}` to `{file}` in the handbook"))
        })
        .collect()
}
