//! Governance resolution, between link resolution and the linter: looks up
//! the structured ids that roles, docs, journeys and terms name (owners,
//! authors, holders, `grows_into`, `reports_to`, stages, journey step links
//! and roles, related terms) in the symbol table and builds the typed
//! [`Governance`] graph, reporting each id that names nothing with a "did
//! you mean". Which references a kind makes is the kind's module's business
//! (see [`crate::model::governance`]); this stage only knows how to look
//! ids up.

use crate::code::Code;
use crate::diag::{Diagnostic, suggestion_help};
use crate::model::{Entity, Governance, Handbook, Holder, KindId, Lookup, Ref};
use crate::resolve::{Symbols, Target, normalize_path};

/// Resolve governance references, reporting the broken ones.
pub(crate) fn resolve(
    hb: &Handbook,
    syms: &Symbols<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Governance {
    Governance::resolve(hb, &mut SymbolLookup { hb, syms, diags })
}

struct SymbolLookup<'a, 'b> {
    hb: &'a Handbook,
    syms: &'a Symbols<'a>,
    diags: &'b mut Vec<Diagnostic>,
}

impl SymbolLookup<'_, '_> {
    fn error(&mut self, code: Code, msg: String, r: &Ref, help: String) {
        self.diags.push(
            Diagnostic::error(code, msg)
                .with_span(r.span.clone())
                .with_help(help),
        );
    }

    /// The fragment of a journey step link as the target page spells it, or
    /// `None` (with a `broken-anchor` error) when the page has no such id;
    /// the link itself still counts, so only the anchor is reported.
    fn step_anchor(&mut self, r: &Ref, e: Entity, frag: Option<String>) -> Option<String> {
        let f = crate::resolve::percent_decode(&frag?);
        if f.is_empty() {
            return None;
        }
        if let Some(id) = self.syms.find_anchor(e, &f) {
            return Some(id);
        }
        let help = suggestion_help(
            &f,
            self.syms.anchor_ids(e),
            "link to an existing heading (GitHub-style id)",
        );
        let page = r.value.split('#').next().unwrap_or("");
        self.error(
            Code::BrokenAnchor,
            format!("`{page}` has no heading or label `#{f}`"),
            r,
            help,
        );
        None
    }
}

impl Lookup for SymbolLookup<'_, '_> {
    fn entity(&mut self, kind: KindId, r: &Ref, what: &str) -> Option<usize> {
        if let Some(i) = self.syms.find(kind, &r.value) {
            return Some(i);
        }
        let k = kind.kind();
        let refs = k.id_refs()?;
        let help = suggestion_help(&r.value, self.syms.ids(kind), refs.help);
        let name = k.info().name;
        let msg = format!("{what} names unknown {name} `{}`", r.value);
        self.error(refs.unknown, msg, r, help);
        None
    }

    fn holder(&mut self, r: &Ref, what: &str) -> Option<Holder> {
        if let Some(i) = self.syms.find(crate::model::person::ID, &r.value) {
            return Some(Holder::Person(i));
        }
        if !self.hb.has_people_file {
            return Some(Holder::Name(r.value.clone()));
        }
        let help = suggestion_help(
            &r.value,
            self.syms.ids(crate::model::person::ID),
            "add the person to people.yml",
        );
        let msg = format!("{what} names unknown person `{}`", r.value);
        self.error(Code::UnknownPerson, msg, r, help);
        None
    }

    fn stage(&mut self, r: &Ref) -> Option<usize> {
        if r.value.is_empty() {
            return None; // a missing `stage:` key, reported when parsing
        }
        let stages = &self.hb.config.stages;
        if let Some(i) = stages.iter().position(|s| s.id == r.value) {
            return Some(i);
        }
        let ids = || stages.iter().map(|s| s.id.as_str());
        let help = suggestion_help(
            &r.value,
            ids(),
            &format!(
                "configured stages: {}",
                ids().collect::<Vec<_>>().join(", ")
            ),
        );
        self.error(
            Code::UnknownStage,
            format!("unknown stage `{}`", r.value),
            r,
            help,
        );
        None
    }

    fn page_link(&mut self, r: &Ref) -> Option<(Entity, Option<String>)> {
        let (path, frag) = match r.value.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (r.value.as_str(), None),
        };
        let target = normalize_path(path).and_then(|p| self.syms.path_target(&p));
        if let Some(Target::Entity(e, _)) = target {
            return Some((e, self.step_anchor(r, e, frag)));
        }
        let help = suggestion_help(
            path,
            self.hb.docs.iter().map(|d| d.src.as_str()),
            "journey links are paths from the handbook root, e.g. docs/welcome.md",
        );
        let msg = format!("journey step links to `{}`, which is not a doc", r.value);
        self.error(Code::BrokenLink, msg, r, help);
        None
    }

    fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn journey_or_page(&mut self, r: &Ref, what: &str) -> Option<Entity> {
        if let Some(j) = self.syms.find(crate::model::journey::ID, &r.value) {
            return Some(Entity::Item(crate::model::journey::ID, j));
        }
        let path = r.value.split('#').next().unwrap_or("");
        if let Some(Target::Entity(e, _)) =
            normalize_path(path).and_then(|p| self.syms.path_target(&p))
        {
            return Some(e);
        }
        let help = suggestion_help(
            &r.value,
            (self.syms.ids(crate::model::journey::ID))
                .chain(self.hb.docs.iter().map(|d| d.src.as_str())),
            "name a journey id or a doc path from the handbook root",
        );
        let msg = format!(
            "{what} names `{}`, which is neither a journey nor a doc",
            r.value
        );
        self.error(Code::BrokenLink, msg, r, help);
        None
    }

    fn imported_person(&mut self, r: &Ref) -> Option<Holder> {
        Some(match self.syms.find(crate::model::person::ID, &r.value) {
            Some(i) => Holder::Person(i),
            None => Holder::Name(r.value.clone()),
        })
    }

    fn doc(&mut self, r: &Ref, what: &str) -> Option<usize> {
        let path = r.value.trim().trim_start_matches('/');
        let path = path.split('#').next().unwrap_or("");
        if let Some(Target::Entity(Entity::Item(crate::model::doc::ID, i), _)) =
            normalize_path(path).and_then(|p| self.syms.path_target(&p))
        {
            return Some(i);
        }
        let help = suggestion_help(
            path,
            self.hb.docs.iter().map(|d| d.src.as_str()),
            "name a doc by its path from the handbook root, e.g. docs/welcome.md",
        );
        let msg = format!("{what} names `{}`, which is not a doc", r.value);
        self.error(Code::BrokenLink, msg, r, help);
        None
    }

    fn find_doc(&mut self, path: &str) -> Option<usize> {
        let p = normalize_path(path)?;
        if let Some(Target::Entity(Entity::Item(crate::model::doc::ID, d), _)) =
            self.syms.path_target(&p)
        {
            return Some(d);
        }
        let lower = p.to_lowercase();
        self.hb
            .docs
            .iter()
            .position(|d| d.src.to_lowercase() == lower)
    }

    fn find(&self, kind: KindId, id: &str) -> Option<usize> {
        self.syms.find(kind, id)
    }

    fn related_term(&mut self, r: &Ref, from: &str) -> Option<usize> {
        if let Some(j) = self.syms.term(&r.value) {
            return Some(j);
        }
        let help = suggestion_help(
            &r.value,
            self.syms.term_names(),
            "add the term to glossary.yml",
        );
        let msg = format!("`{from}` relates to unknown term `{}`", r.value);
        self.error(Code::UnknownTerm, msg, r, help);
        None
    }
}
