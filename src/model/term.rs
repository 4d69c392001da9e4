//! The term kind: glossary terms from `glossary.yml` (a list, or a mapping
//! with `terms:`) and from MyST `{glossary}` blocks in docs. A term is an
//! anchor on the glossary page (`glossary.html#term-<slug>`); it refers to
//! related terms.

use serde::Deserialize;

use crate::diag::Span;
use crate::source::SourceFile;
use crate::yaml::Spanned;

use super::governance::{Governance, Lookup};
use super::kind::{IndexPage, Kind, KindId, KindInfo, SearchEntry, export_all};
use super::urls;
use super::{Entity, Handbook, Loader, Ref, UnitId, data_entries, refs, whole_file};

/// The term kind in the registry: terms are shown on the glossary page.
/// The kind's place in the registry and in sort order (see [`KindId`]).
pub(crate) const ID: KindId = KindId::new(3, 4);

pub(crate) const KIND: KindInfo = KindInfo {
    id: ID,
    summary_order: 5,
    resolve_order: 4,
    name: "term",
    xref_class: "xref xref-term",
    plural: "terms",
    folder: None,
    index: Some(IndexPage {
        url: urls::GLOSSARY,
        title_key: "glossary.title",
        what: "the glossary page",
        title: "Glossary",
    }),
};

/// The term kind in the registry ([`super::KINDS`]).
pub(crate) struct TermKind;

impl Kind for TermKind {
    fn new_records(&self, hb: &Handbook) -> Box<dyn super::governance::Records> {
        Box::new(vec![TermRefs::default(); hb.terms.len()])
    }
    fn resolve(&self, hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
        resolve(hb, g, look);
    }
    fn info(&self) -> &'static KindInfo {
        &KIND
    }
    fn count(&self, hb: &Handbook) -> usize {
        hb.terms.len()
    }
    fn page<'a>(&self, _hb: &'a Handbook, _i: usize) -> &'a str {
        urls::GLOSSARY
    }
    fn url(&self, hb: &Handbook, i: usize) -> String {
        url(&hb.terms[i])
    }
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.terms[i].name
    }
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.terms[i].name
    }
    fn hover(&self, hb: &Handbook, i: usize) -> Option<String> {
        Some(hover(hb, i))
    }
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        _git: &super::doc::GitFacts<'_>,
        each: &mut super::kind::EachRecord<'_>,
    ) {
        export_all(hb.terms.len(), |i| export(hb, gov, i), each);
    }
    fn search<'a>(
        &self,
        hb: &'a Handbook,
        gov: &Governance,
        i: usize,
        _doc_section: &dyn Fn(usize) -> String,
    ) -> SearchEntry<'a> {
        search(hb, gov, i)
    }
}

/// The id of term `name` on the glossary page.
pub(crate) fn anchor(name: &str) -> String {
    format!("term-{}", crate::slug::slugify(name))
}

/// A term's definition as plain text, for hover titles.
pub(crate) fn hover(hb: &Handbook, i: usize) -> String {
    let t = hb.units[hb.terms[i].definition].plain(&hb.files);
    let mut s: String = t.chars().take(200).collect();
    if t.chars().count() > 200 {
        s.push('…');
    }
    s
}

/// The URL of a term: its anchor on the glossary page.
pub(crate) fn url(t: &Term) -> String {
    format!("{}#{}", super::urls::GLOSSARY, t.anchor)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    terms: Vec<Spanned<TermRaw>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermRaw {
    term: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
    definition: Option<Spanned<String>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    extra: Option<serde_json::Value>,
}

/// A glossary term, from `glossary.yml` or a MyST `{glossary}` block.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub anchor: String,
    pub aliases: Vec<String>,
    pub definition: UnitId,
    pub related: Vec<Ref>,
    pub span: Span,
}

pub(super) fn load(l: &mut Loader<'_>, f: &SourceFile) -> Vec<Term> {
    let lines = crate::diag::LineIndex::new(&f.text);
    let origin = whole_file(f, &lines);
    let (raw, touched) = data_entries(l, f, |g: GlossaryFile| g.terms);
    let mut terms = Vec::new();
    for t in raw {
        let at = origin.span_of(&t, 0);
        let t = t.value;
        let _ = t.extra;
        let Some(name) = t.term else {
            l.missing("term", at, &touched);
            continue;
        };
        let owner = Entity::Item(ID, terms.len());
        let definition = match &t.definition {
            Some(d) => l.unit_from_yaml(owner, origin, d),
            None => {
                l.missing("definition", at, &touched);
                l.unit_from_text(owner, origin.file, String::new(), origin.span_of(&name, 0))
            }
        };
        terms.push(Term {
            anchor: anchor(&name.value),
            span: origin.span_of(&name, name.value.len()),
            name: name.value,
            aliases: t.aliases,
            definition,
            related: refs(origin, t.related),
        });
    }
    terms
}

/// Terms defined in MyST `{glossary}` blocks of docs join the glossary.
pub(super) fn add_myst_terms(l: &mut Loader<'_>, terms: &mut Vec<Term>) {
    let mut found = Vec::new();
    for u in &l.units {
        for g in &u.scan.glossary {
            let span = match u.base {
                Some(b) => Span {
                    file: u.file.clone(),
                    line: u.anchor.line,
                    column: 1,
                    offset: b + g.offset,
                    len: g.term.len(),
                },
                None => u.anchor.clone(),
            };
            found.push((g.term.clone(), g.definition.clone(), span));
        }
    }
    for (name, def, span) in found {
        let owner = Entity::Item(ID, terms.len());
        let definition = l.unit_from_text(owner, &span.file.clone(), def, span.clone());
        terms.push(Term {
            anchor: anchor(&name),
            name,
            aliases: Vec::new(),
            definition,
            related: Vec::new(),
            span,
        });
    }
}

/// What a term's references resolved to.
#[derive(Debug, Clone, Default)]
pub struct TermRefs {
    pub related: Vec<usize>,
}

impl Governance {
    /// Every term's resolved references, by its index.
    pub fn terms(&self) -> &[TermRefs] {
        self.records(ID)
    }

    /// Every term's references, to fill in while resolving.
    pub(crate) fn terms_mut(&mut self) -> &mut Vec<TermRefs> {
        self.records_mut(ID)
    }
}

/// Resolve every term's related terms.
pub(super) fn resolve(hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
    for (i, t) in hb.terms.iter().enumerate() {
        for r in &t.related {
            if let Some(j) = look.related_term(r, &t.name) {
                g.terms_mut()[i].related.push(j);
            }
        }
    }
}

/// A term in `handbook.json`.
#[derive(serde::Serialize)]
pub(crate) struct TermOut<'a> {
    term: &'a str,
    anchor: &'a str,
    aliases: &'a [String],
    definition: super::UnitText<'a>,
    source: &'a str,
}

/// Term `i`'s `handbook.json` record.
pub(crate) fn export<'a>(hb: &'a Handbook, _gov: &Governance, i: usize) -> TermOut<'a> {
    let t = &hb.terms[i];
    TermOut {
        term: &t.name,
        anchor: &t.anchor,
        aliases: &t.aliases,
        definition: hb.units[t.definition].text(&hb.files),
        source: &t.span.file,
    }
}

/// Term `i`'s search entry.
pub(crate) fn search<'a>(hb: &'a Handbook, _gov: &Governance, i: usize) -> SearchEntry<'a> {
    let t = &hb.terms[i];
    SearchEntry {
        url: super::urls::GLOSSARY.to_string(),
        fragment: Some(t.anchor.clone()),
        title: &t.name,
        section: "Glossary".into(),
        boost: t.aliases.join(" "),
        text: super::kind::SearchText::unit(hb, t.definition, None),
    }
}
