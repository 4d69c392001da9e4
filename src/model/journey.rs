//! The journey kind: `journeys/<id>.yml`, a persona moving through the
//! configured stages in steps. Its id is the file name, its page
//! `journeys/<id>.html`; its steps refer to stages, docs (`links:`) and
//! roles.

use serde::Deserialize;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::source::SourceFile;
use crate::yaml::{Origin, Spanned};

use super::governance::{Governance, Lookup};
use super::kind::{IdRefs, IdTable, IndexPage, Kind, KindId, KindInfo, SearchEntry, export_all};
use super::{
    Entity, Handbook, Loader, Ref, UnitId, file_stem, refs, title_from_path, to_ref, whole_file,
};

/// The journey kind in the registry.
/// The journeys index (the stage matrix).
pub(crate) const INDEX_URL: &str = "journeys/index.html";

/// Where the kind's files are found (one level deep).
pub(crate) const FOLDER: crate::source::FolderRule = crate::source::FolderRule {
    name: "journeys",
    yaml: true,
};

/// The kind's place in the registry and in sort order (see [`KindId`]).
pub(crate) const ID: KindId = KindId::new(2, 3);

pub(crate) const KIND: KindInfo = KindInfo {
    id: ID,
    summary_order: 3,
    resolve_order: 3,
    name: "journey",
    xref_class: "xref xref-journey",
    plural: "journeys",
    folder: Some(FOLDER),
    index: Some(IndexPage {
        url: INDEX_URL,
        title_key: "journeys.title",
        what: "the journeys index",
        title: "Journeys",
    }),
};

/// The journey kind in the registry ([`super::KINDS`]).
pub(crate) struct JourneyKind;

impl Kind for JourneyKind {
    fn new_records(&self, hb: &Handbook) -> Box<dyn super::governance::Records> {
        Box::new(Vec::<JourneyRefs>::with_capacity(hb.journeys.len()))
    }
    fn resolve(&self, hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
        resolve(hb, g, look);
    }
    fn info(&self) -> &'static KindInfo {
        &KIND
    }
    fn count(&self, hb: &Handbook) -> usize {
        hb.journeys.len()
    }
    fn page<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.journeys[i].url
    }
    fn title<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.journeys[i].title
    }
    fn key<'a>(&self, hb: &'a Handbook, i: usize) -> &'a str {
        &hb.journeys[i].id
    }
    fn src<'a>(&self, hb: &'a Handbook, i: usize) -> Option<&'a str> {
        Some(&hb.journeys[i].src)
    }
    fn own_url<'a>(&self, hb: &'a mut Handbook, i: usize) -> Option<&'a mut String> {
        Some(&mut hb.journeys[i].url)
    }
    fn export(
        &self,
        hb: &Handbook,
        gov: &Governance,
        _git: &super::doc::GitFacts<'_>,
        each: &mut super::kind::EachRecord<'_>,
    ) {
        export_all(hb.journeys.len(), |i| export(hb, gov, i), each);
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
    fn id_refs(&self) -> Option<IdRefs> {
        Some(IdRefs {
            unknown: Code::UnknownJourney,
            what: "id",
            help: "journey ids are the file names in journeys/ without .yml",
            wiki_help: None,
            bare: true,
        })
    }
    /// Of two with one id, the later is found.
    fn index<'a>(&self, hb: &'a Handbook, t: &mut IdTable<'a>) {
        for (i, j) in hb.journeys.iter().enumerate() {
            t.ids.insert(&j.id, i);
        }
    }
    fn by_path(&self, _hb: &Handbook, t: &IdTable<'_>, path: &str) -> Option<Entity> {
        let id = super::kind::id_in_folder(path, FOLDER.name, &[".yml", ".yaml"])?;
        t.ids.get(id).map(|&i| Entity::Item(ID, i))
    }
}

/// The page of journey `id`.
pub(crate) fn url(id: &str) -> String {
    format!("journeys/{id}.html")
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct JourneyFile {
    title: Option<String>,
    description: Option<Spanned<String>>,
    persona: Option<PersonaRaw>,
    #[serde(default)]
    stages: Vec<JourneyStageRaw>,
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonaRaw {
    name: Option<String>,
    description: Option<Spanned<String>>,
    #[serde(default)]
    goals: Vec<String>,
    #[serde(default)]
    frustrations: Vec<String>,
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JourneyStageRaw {
    stage: Option<Spanned<String>>,
    summary: Option<String>,
    #[serde(default)]
    steps: Vec<StepRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepRaw {
    title: Option<String>,
    description: Option<Spanned<String>>,
    #[serde(default)]
    links: Vec<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    #[serde(default)]
    groups: Vec<Spanned<String>>,
    #[serde(default)]
    pain_points: Vec<String>,
    #[serde(default)]
    tips: Vec<String>,
    extra: Option<serde_json::Value>,
}

/// A persona moving through the stages (`journeys/<id>.yml`).
#[derive(Debug, Clone)]
pub struct Journey {
    pub id: String,
    pub src: String,
    pub url: String,
    pub title: String,
    pub description: Option<UnitId>,
    pub persona: Persona,
    pub stages: Vec<JourneyStage>,
    pub extra: serde_json::Value,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Persona {
    pub name: String,
    pub description: Option<UnitId>,
    pub goals: Vec<String>,
    pub frustrations: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct JourneyStage {
    pub stage: Ref,
    pub summary: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub title: String,
    pub description: Option<UnitId>,
    pub links: Vec<Ref>,
    pub roles: Vec<Ref>,
    pub groups: Vec<Ref>,
    pub pain_points: Vec<String>,
    pub tips: Vec<String>,
}

pub(super) fn load(l: &mut Loader<'_>, files: &[SourceFile]) -> Vec<Journey> {
    // Each file parsed on any core, then the journeys made in file order.
    let read = l.par_each(files, |l, _, f| read(l, f));
    let mut journeys = Vec::new();
    for (f, raw) in files.iter().zip(read) {
        let lines = crate::diag::LineIndex::new(&f.text);
        let origin = whole_file(f, &lines);
        let owner = Entity::Item(ID, journeys.len());
        let journey = journey_from_raw(
            l,
            raw.unwrap_or_default(),
            owner,
            origin,
            &file_stem(&f.rel),
        );
        journeys.push(journey);
    }
    journeys
}

/// A journey file parsed, its missing fields reported (`None`: empty or
/// unreadable).
fn read(l: &mut Loader<'_>, f: &SourceFile) -> Option<JourneyFile> {
    let lines = crate::diag::LineIndex::new(&f.text);
    let origin = whole_file(f, &lines);
    if f.text.trim().is_empty() {
        let id = file_stem(&f.rel);
        l.damaged.insert(f.rel.clone());
        l.diags.push(
            Diagnostic::error(Code::InvalidJourney, format!("journey `{id}` is empty"))
                .with_span(Span::file(&f.rel))
                .with_help(
                    "give it a `title:`, a `persona:` and its `stages:`, or delete the file",
                ),
        );
        return None;
    }
    let (raw, touched) = l.lenient::<JourneyFile>(&f.text, origin);
    if let Some(raw) = &raw {
        journey_missing_fields(l, raw, origin, &touched);
    }
    raw
}

fn journey_missing_fields(
    l: &mut Loader<'_>,
    raw: &JourneyFile,
    origin: Origin<'_>,
    touched: &[String],
) {
    for field in ["title", "persona"] {
        let absent = match field {
            "title" => raw.title.is_none(),
            _ => raw.persona.is_none(),
        };
        if absent {
            l.missing(field, origin.span(1, 1, 0), touched);
        }
    }
    if raw.persona.as_ref().is_some_and(|p| p.name.is_none()) {
        l.missing("name", origin.span(1, 1, 0), touched);
    }
}

fn journey_from_raw(
    l: &mut Loader<'_>,
    raw: JourneyFile,
    owner: Entity,
    origin: Origin<'_>,
    id: &str,
) -> Journey {
    let description = raw.description.map(|d| l.unit_from_yaml(owner, origin, &d));
    let p = raw.persona.unwrap_or_default();
    let _ = p.extra;
    let persona = Persona {
        name: p.name.unwrap_or_default(),
        description: p.description.map(|d| l.unit_from_yaml(owner, origin, &d)),
        goals: p.goals,
        frustrations: p.frustrations,
    };
    let mut stages = Vec::new();
    for s in raw.stages {
        // A stage without its `stage:` key was reported; its steps still
        // count for the roles and docs they name.
        let stage = match s.stage {
            Some(st) => to_ref(origin, st),
            None => {
                l.damaged.insert(origin.file.to_string());
                Ref {
                    value: String::new(),
                    span: Span::file(origin.file),
                }
            }
        };
        let mut steps = Vec::new();
        for st in s.steps {
            let _ = st.extra;
            steps.push(Step {
                title: st.title.unwrap_or_default(),
                description: st.description.map(|d| l.unit_from_yaml(owner, origin, &d)),
                links: refs(origin, st.links),
                roles: refs(origin, st.roles),
                groups: refs(origin, st.groups),
                pain_points: st.pain_points,
                tips: st.tips,
            });
        }
        stages.push(JourneyStage {
            stage,
            summary: s.summary,
            steps,
        });
    }
    Journey {
        url: url(id),
        id: id.to_string(),
        src: origin.file.to_string(),
        title: raw.title.unwrap_or_else(|| title_from_path(origin.file)),
        description,
        persona,
        stages,
        extra: raw.extra.unwrap_or(serde_json::Value::Null),
        span: Span::file(origin.file),
    }
}

/// A journey step's resolved references.
#[derive(Debug, Clone, Default)]
pub struct StepRefs {
    /// (entity, fragment) per link that resolved.
    pub links: Vec<(Entity, Option<String>)>,
    pub roles: Vec<usize>,
    pub groups: Vec<usize>,
}

/// What a journey's references resolved to.
#[derive(Debug, Clone, Default)]
pub struct JourneyRefs {
    /// Stage index of each of the journey's stage entries.
    pub stage_idx: Vec<Option<usize>>,
    /// For each of its stages, for each step: resolved refs.
    pub steps: Vec<Vec<StepRefs>>,
    /// Reading path: the docs the persona meets, in order, without repeats.
    pub reading_path: Vec<usize>,
}

impl Governance {
    /// Every journey's resolved references, by its index.
    pub fn journeys(&self) -> &[JourneyRefs] {
        self.records(ID)
    }

    /// Every journey's references, to fill in while resolving.
    pub(crate) fn journeys_mut(&mut self) -> &mut Vec<JourneyRefs> {
        self.records_mut(ID)
    }
}

/// Resolve every journey's stages and its steps' roles and links.
pub(super) fn resolve(hb: &Handbook, g: &mut Governance, look: &mut dyn Lookup) {
    for (ji, j) in hb.journeys.iter().enumerate() {
        let mut refs = JourneyRefs::default();
        for s in &j.stages {
            let si = look.stage(&s.stage);
            refs.stage_idx.push(si);
            let steps = (s.steps.iter())
                .map(|step| resolve_step(g, look, (ji, si), &j.id, step, &mut refs.reading_path))
                .collect();
            refs.steps.push(steps);
        }
        g.journeys_mut().push(refs);
    }
}

/// One step of journey `ji` at stage `si`: its roles and links, recording
/// the journey on the roles and docs it involves.
fn resolve_step(
    g: &mut Governance,
    look: &mut dyn Lookup,
    (ji, si): (usize, Option<usize>),
    id: &str,
    step: &Step,
    path: &mut Vec<usize>,
) -> StepRefs {
    let mut refs = StepRefs::default();
    for r in &step.roles {
        if let Some(ri) = look.entity(
            super::role::ID,
            r,
            &format!("journey `{id}` step \"{}\"", step.title),
        ) {
            refs.roles.push(ri);
            if let Some(si) = si {
                g.roles_mut()[ri].journeys.insert((ji, si));
            }
        }
    }
    for gr in &step.groups {
        if let Some(gi) = look.entity(
            super::group::ID,
            gr,
            &format!("journey `{id}` step \"{}\"", step.title),
        ) {
            refs.groups.push(gi);
        }
    }
    for link in &step.links {
        if let Some((e, frag)) = look.page_link(link) {
            if let Entity::Item(super::doc::ID, d) = e {
                if let Some(si) = si {
                    g.docs_mut()[d].pathways.insert((ji, si));
                }
                if !path.contains(&d) {
                    path.push(d);
                }
            }
            refs.links.push((e, frag));
        }
    }
    refs
}

/// A journey in `handbook.json`.
#[derive(serde::Serialize)]
pub(crate) struct JourneyOut<'a> {
    id: &'a str,
    source: &'a str,
    url: &'a str,
    title: &'a str,
    persona: &'a str,
    goals: &'a [String],
    stages: Vec<JourneyStageOut<'a>>,
    reading_path: Vec<&'a str>,
}

#[derive(serde::Serialize)]
struct JourneyStageOut<'a> {
    stage: &'a str,
    summary: Option<&'a str>,
    steps: Vec<StepOut<'a>>,
}

#[derive(serde::Serialize)]
struct StepOut<'a> {
    title: &'a str,
    links: Vec<String>,
    roles: Vec<&'a str>,
    groups: Vec<&'a str>,
    pain_points: &'a [String],
    tips: &'a [String],
}

/// Journey `j`'s `handbook.json` record.
pub(crate) fn export<'a>(hb: &'a Handbook, gov: &Governance, j: usize) -> JourneyOut<'a> {
    let jr = &hb.journeys[j];
    let refs = &gov.journeys()[j];
    let step = |st: &'a Step, r: &StepRefs| StepOut {
        title: &st.title,
        links: r.links.iter().map(|(e, _)| e.export_id(hb)).collect(),
        roles: r.roles.iter().map(|&i| hb.roles[i].id.as_str()).collect(),
        groups: (r.groups.iter())
            .map(|&i| hb.groups[i].id.as_str())
            .collect(),
        pain_points: &st.pain_points,
        tips: &st.tips,
    };
    JourneyOut {
        id: &jr.id,
        source: &jr.src,
        url: &jr.url,
        title: &jr.title,
        persona: &jr.persona.name,
        goals: &jr.persona.goals,
        stages: (jr.stages.iter().zip(&refs.steps))
            .map(|(s, steps)| JourneyStageOut {
                stage: &s.stage.value,
                summary: s.summary.as_deref(),
                steps: s
                    .steps
                    .iter()
                    .zip(steps)
                    .map(|(st, r)| step(st, r))
                    .collect(),
            })
            .collect(),
        reading_path: (refs.reading_path.iter())
            .map(|&d| hb.docs[d].src.as_str())
            .collect(),
    }
}

/// Journey `j`'s search entry.
pub(crate) fn search<'a>(hb: &'a Handbook, _gov: &Governance, j: usize) -> SearchEntry<'a> {
    let j = &hb.journeys[j];
    let mut text = vec![j.persona.name.clone(), j.persona.goals.join(" ")];
    for s in &j.stages {
        text.extend(s.summary.clone());
        for st in &s.steps {
            text.push(st.title.clone());
            text.extend(st.description.map(|u| hb.units[u].plain(&hb.files)));
            text.push(st.pain_points.join(" "));
            text.push(st.tips.join(" "));
        }
    }
    SearchEntry {
        url: j.url.clone(),
        fragment: None,
        title: &j.title,
        section: "Journeys".into(),
        boost: j.persona.name.clone(),
        text: text.join(" ").into(),
    }
}
