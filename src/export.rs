//! `handbook.json`: the whole resolved model for other tools: docs, roles,
//! journeys, terms, people, and every link with its source position and
//! resolved target. The schema is versioned (`schema_version`) and documented
//! in README ("handbook.json"); fields are only ever added within a version.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::markup::LinkKind;

use crate::model::{Governance, Handbook, KINDS, doc};
use crate::resolve::{LinkRecord, Resolution, Target, url_of};

/// Current schema version of `handbook.json`.
pub(crate) const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Export<'a> {
    schema_version: u32,
    generator: String,
    title: &'a str,
    description: &'a str,
    base_url: Option<&'a str>,
    stages: &'a [crate::config::Stage],
    /// The handbook's licence (`license:` in handbook.yml, else CITATION.cff's).
    license: Option<&'a crate::license::License>,
    /// The handbook's citation (CITATION.cff, or built from handbook.yml).
    citation: &'a crate::citation::Citation,
    /// Each kind's records under its plural (`docs`, `roles`, …), in
    /// registry order.
    #[serde(flatten)]
    kinds: KindsOut<'a>,
    links: LinksOut<'a>,
    /// The governance health report (areas, leadership, freshness).
    health: &'a crate::health::Report,
    /// The languages published, the default first, with each translation's
    /// counts; empty for a one-language handbook.
    languages: Vec<LanguageOut<'a>>,
}

/// A language of the handbook in `handbook.json`.
#[derive(Serialize)]
struct LanguageOut<'a> {
    code: &'a str,
    name: &'a str,
    direction: &'static str,
    /// Whether this is the default (source) language.
    default: bool,
    /// Translated, stale and fallback counts (not for the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Counts>,
}

#[derive(Serialize)]
struct Counts {
    translated: usize,
    stale: usize,
    fallback: usize,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    from: String,
    file: &'a str,
    line: u32,
    column: u32,
    dest: &'a str,
    kind: &'static str,
    /// `doc`, `role`, `journey`, `term`, `person`, `decision`, `asset`,
    /// `external`, `none`.
    target_type: &'static str,
    /// Root-relative URL (with fragment) of the target, or the external URL.
    target: Option<String>,
    broken: bool,
}

/// Every link record, serialised one at a time as the JSON is written
/// (held as a list they were tens of MB beside the text).
struct LinksOut<'a>(&'a Handbook, &'a Resolution);

impl Serialize for LinksOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.records().map(|r| link(self.0, r)))
    }
}

/// The kinds' record lists, serialised as made by each kind.
struct KindsOut<'a> {
    hb: &'a Handbook,
    gov: &'a Governance,
    git: doc::GitFacts<'a>,
}

impl Serialize for KindsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(KINDS.len()))?;
        for k in KINDS {
            map.serialize_entry(k.info().plural, &KindOut(*k, self))?;
        }
        map.end()
    }
}

/// One kind's records, made and written one at a time.
struct KindOut<'k>(&'k dyn crate::model::kind::Kind, &'k KindsOut<'k>);

impl Serialize for KindOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let KindOut(kind, KindsOut { hb, gov, git }) = *self;
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        kind.export(hb, gov, git, &mut |record| {
            if failed.is_none() {
                let written = record
                    .map_err(S::Error::custom)
                    .and_then(|r| seq.serialize_element(&r));
                failed = written.err();
            }
        });
        match failed {
            Some(e) => Err(e),
            None => seq.end(),
        }
    }
}

/// What `handbook.json` adds from git and the citation.
pub(crate) struct Credit<'a> {
    pub last_updated: &'a BTreeMap<String, String>,
    pub credits: &'a crate::credit::Credits,
    pub citation: &'a crate::citation::Citation,
    /// Each translation's status (`crate::translate`).
    pub translations: &'a [crate::translate::Status],
}

/// Serialise the model as JSON: each kind's records come from its module.
pub(crate) fn handbook_json(
    hb: &Handbook,
    gov: &Governance,
    res: &Resolution,
    credit: &Credit<'_>,
    health: &crate::health::Report,
) -> String {
    serde_json::to_string(&export(hb, gov, res, credit, health)).unwrap_or_default()
}

/// [`handbook_json`] written to `w` as it is made (a build's: the text of
/// a large handbook is tens of MB, never held whole).
pub(crate) fn write_handbook_json(
    w: &mut dyn std::io::Write,
    hb: &Handbook,
    gov: &Governance,
    res: &Resolution,
    credit: &Credit<'_>,
    health: &crate::health::Report,
) -> std::io::Result<()> {
    serde_json::to_writer(w, &export(hb, gov, res, credit, health)).map_err(std::io::Error::other)
}

/// What `handbook.json` says.
fn export<'a>(
    hb: &'a Handbook,
    gov: &'a Governance,
    res: &'a Resolution,
    credit: &Credit<'a>,
    health: &'a crate::health::Report,
) -> Export<'a> {
    let git = doc::GitFacts {
        last_updated: credit.last_updated,
        contributors: &credit.credits.by_src,
    };
    Export {
        schema_version: SCHEMA_VERSION,
        generator: format!("waybook {}", env!("CARGO_PKG_VERSION")),
        title: &hb.config.title,
        description: &hb.config.description,
        base_url: hb.config.base_url.as_deref(),
        stages: &hb.config.stages,
        license: (hb.config.license.as_ref()).or(credit.citation.license.as_ref()),
        citation: credit.citation,
        kinds: KindsOut { hb, gov, git },
        links: LinksOut(hb, res),
        health,
        languages: (hb.config.languages.iter().enumerate())
            .map(|(i, l)| LanguageOut {
                code: &l.code,
                name: &l.name,
                direction: l.dir.as_str(),
                default: i == 0,
                status: i
                    .checked_sub(1)
                    .and_then(|j| credit.translations.get(j))
                    .map(|st| Counts {
                        translated: st.translated,
                        stale: st.stale,
                        fallback: st.fallback,
                    }),
            })
            .collect(),
    }
}

/// One link record: where it is, what it says and what it resolved to.
fn link<'a>(hb: &Handbook, r: &'a LinkRecord) -> LinkOut<'a> {
    let (target_type, target) = match &r.target {
        Target::Entity(e, frag) => {
            let mut url = url_of(hb, *e);
            if let Some(f) = frag {
                url = format!("{}#{f}", url.split('#').next().unwrap_or(""));
            }
            (e.kind(), Some(url))
        }
        Target::Asset(a) => ("asset", Some(a.clone())),
        Target::External(u) => ("external", Some(u.clone())),
        Target::None => ("none", None),
    };
    LinkOut {
        from: r.from.export_id(hb),
        file: &r.span.file,
        line: r.span.line,
        column: r.span.column,
        dest: &r.dest,
        kind: match r.kind {
            LinkKind::Link => "link",
            LinkKind::Image => "image",
            LinkKind::Wiki => "wiki",
            LinkKind::Role => "myst-role",
            LinkKind::Directive => "directive",
        },
        target_type,
        target,
        broken: r.broken,
    }
}
