//! `handbook.json`: the whole resolved model for other tools: docs, roles,
//! journeys, terms, people, and every link with its source position and
//! resolved target. The schema is versioned (`schema_version`) and documented
//! in README ("handbook.json"); fields are only ever added within a version.

use serde::Serialize;

use crate::markup::LinkKind;
use crate::model::{Entity, Handbook};
use crate::model::{Governance, Holder};
use crate::resolve::{Resolution, Target, url_of};

/// Current schema version of `handbook.json`.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    schema_version: u32,
    generator: String,
    title: &'a str,
    description: &'a str,
    base_url: Option<&'a str>,
    stages: &'a [crate::config::Stage],
    docs: Vec<DocOut<'a>>,
    roles: Vec<RoleOut<'a>>,
    journeys: Vec<JourneyOut<'a>>,
    terms: Vec<TermOut<'a>>,
    people: Vec<PersonOut<'a>>,
    links: Vec<LinkOut<'a>>,
}

#[derive(Serialize)]
struct DocOut<'a> {
    id: String,
    source: &'a str,
    url: &'a str,
    title: &'a str,
    description: &'a str,
    tags: &'a [String],
    status: Option<&'a str>,
    owners: Vec<&'a str>,
    authors: Vec<String>,
    last_reviewed: Option<&'a str>,
    review_every: Option<&'a str>,
    last_updated: Option<&'a str>,
    headings: Vec<HeadingOut<'a>>,
    journeys: Vec<StageRef<'a>>,
}

#[derive(Serialize)]
struct HeadingOut<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct StageRef<'a> {
    journey: &'a str,
    stage: &'a str,
}

#[derive(Serialize)]
struct RoleOut<'a> {
    id: &'a str,
    source: &'a str,
    url: &'a str,
    title: &'a str,
    summary: &'a str,
    stage: Option<&'a str>,
    responsibilities: &'a [String],
    requirements: &'a [String],
    privileges: &'a [String],
    term: Option<&'a str>,
    time_commitment: Option<&'a str>,
    reports_to: Option<&'a str>,
    grows_into: Vec<&'a str>,
    grows_from: Vec<&'a str>,
    holders: Vec<String>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct JourneyOut<'a> {
    id: &'a str,
    source: &'a str,
    url: &'a str,
    title: &'a str,
    persona: &'a str,
    goals: &'a [String],
    stages: Vec<JourneyStageOut<'a>>,
    reading_path: Vec<&'a str>,
}

#[derive(Serialize)]
struct JourneyStageOut<'a> {
    stage: &'a str,
    summary: Option<&'a str>,
    steps: Vec<StepOut<'a>>,
}

#[derive(Serialize)]
struct StepOut<'a> {
    title: &'a str,
    links: Vec<String>,
    roles: Vec<&'a str>,
    pain_points: &'a [String],
    tips: &'a [String],
}

#[derive(Serialize)]
struct TermOut<'a> {
    term: &'a str,
    anchor: &'a str,
    aliases: &'a [String],
    definition: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct PersonOut<'a> {
    id: &'a str,
    name: &'a str,
    handle: Option<&'a str>,
    roles: Vec<&'a str>,
    contributions: &'a [String],
}

#[derive(Serialize)]
struct LinkOut<'a> {
    from: String,
    file: &'a str,
    line: u32,
    column: u32,
    dest: &'a str,
    kind: &'static str,
    /// `doc`, `role`, `journey`, `term`, `person`, `asset`, `external`, `none`.
    target_type: &'static str,
    /// Root-relative URL (with fragment) of the target, or the external URL.
    target: Option<String>,
    broken: bool,
}

fn entity_id(hb: &Handbook, e: Entity) -> String {
    match e {
        Entity::Doc(i) => format!("doc:{}", hb.docs[i].src),
        Entity::Role(i) => format!("role:{}", hb.roles[i].id),
        Entity::Journey(i) => format!("journey:{}", hb.journeys[i].id),
        Entity::Term(i) => format!("term:{}", hb.terms[i].name),
        Entity::Person(i) => format!("person:{}", hb.people[i].id),
        Entity::RolesIndex => "roles-index".into(),
    }
}

fn holder(hb: &Handbook, h: &Holder) -> String {
    match h {
        Holder::Person(p) => hb.people[*p].id.clone(),
        Holder::Name(n) => n.clone(),
    }
}

/// Serialise the model as pretty JSON.
pub fn handbook_json(
    hb: &Handbook,
    gov: &Governance,
    res: &Resolution,
    last_updated: &std::collections::BTreeMap<String, String>,
) -> String {
    let stage_id = |i: Option<usize>| i.map(|s| hb.config.stages[s].id.as_str());
    let docs = hb
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| DocOut {
            id: d.src.trim_end_matches(".md").to_string(),
            source: &d.src,
            url: &d.url,
            title: &d.title,
            description: &d.description,
            tags: &d.tags,
            status: d.status.as_deref(),
            owners: gov.docs[i]
                .owners
                .iter()
                .map(|&r| hb.roles[r].id.as_str())
                .collect(),
            authors: gov.docs[i].authors.iter().map(|h| holder(hb, h)).collect(),
            last_reviewed: d.last_reviewed.as_ref().map(|r| r.value.as_str()),
            review_every: d.review_every.as_ref().map(|r| r.value.as_str()),
            last_updated: last_updated.get(&d.src).map(String::as_str),
            headings: hb.units[d.unit]
                .scan
                .headings
                .iter()
                .map(|h| HeadingOut {
                    level: h.level,
                    id: &h.id,
                    text: &h.text,
                })
                .collect(),
            journeys: gov.docs[i]
                .pathways
                .iter()
                .map(|&(j, s)| StageRef {
                    journey: &hb.journeys[j].id,
                    stage: &hb.config.stages[s].id,
                })
                .collect(),
        })
        .collect();
    let roles = hb
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| RoleOut {
            id: &r.id,
            source: &r.src,
            url: &r.url,
            title: &r.title,
            summary: &r.summary,
            stage: stage_id(gov.roles[i].stage),
            responsibilities: &r.responsibilities,
            requirements: &r.requirements,
            privileges: &r.privileges,
            term: r.term.as_deref(),
            time_commitment: r.time_commitment.as_deref(),
            reports_to: gov.roles[i].reports_to.map(|t| hb.roles[t].id.as_str()),
            grows_into: gov.roles[i]
                .grows_into
                .iter()
                .map(|&t| hb.roles[t].id.as_str())
                .collect(),
            grows_from: gov.roles[i]
                .grows_from
                .iter()
                .map(|&t| hb.roles[t].id.as_str())
                .collect(),
            holders: gov.roles[i].holders.iter().map(|h| holder(hb, h)).collect(),
            extra: &r.extra,
        })
        .collect();
    let journeys = hb
        .journeys
        .iter()
        .enumerate()
        .map(|(j, jr)| JourneyOut {
            id: &jr.id,
            source: &jr.src,
            url: &jr.url,
            title: &jr.title,
            persona: &jr.persona.name,
            goals: &jr.persona.goals,
            stages: jr
                .stages
                .iter()
                .enumerate()
                .map(|(si, s)| JourneyStageOut {
                    stage: &s.stage.value,
                    summary: s.summary.as_deref(),
                    steps: s
                        .steps
                        .iter()
                        .enumerate()
                        .map(|(k, st)| {
                            let refs = &gov.journeys[j].steps[si][k];
                            StepOut {
                                title: &st.title,
                                links: refs.links.iter().map(|(e, _)| entity_id(hb, *e)).collect(),
                                roles: refs
                                    .roles
                                    .iter()
                                    .map(|&r| hb.roles[r].id.as_str())
                                    .collect(),
                                pain_points: &st.pain_points,
                                tips: &st.tips,
                            }
                        })
                        .collect(),
                })
                .collect(),
            reading_path: gov.journeys[j]
                .reading_path
                .iter()
                .map(|&d| hb.docs[d].src.as_str())
                .collect(),
        })
        .collect();
    let terms = hb
        .terms
        .iter()
        .map(|t| TermOut {
            term: &t.name,
            anchor: &t.anchor,
            aliases: &t.aliases,
            definition: hb.units[t.definition].text(&hb.files),
            source: &t.span.file,
        })
        .collect();
    let people = hb
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| PersonOut {
            id: &p.id,
            name: &p.name,
            handle: p.handle.as_deref(),
            roles: gov.people[i]
                .roles
                .iter()
                .map(|&r| hb.roles[r].id.as_str())
                .collect(),
            contributions: &p.contributions,
        })
        .collect();
    let links = res
        .records()
        .map(|r| {
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
                from: entity_id(hb, r.from),
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
        })
        .collect();
    let export = Export {
        schema_version: SCHEMA_VERSION,
        generator: format!("waybook {}", env!("CARGO_PKG_VERSION")),
        title: &hb.config.title,
        description: &hb.config.description,
        base_url: hb.config.base_url.as_deref(),
        stages: &hb.config.stages,
        docs,
        roles,
        journeys,
        terms,
        people,
        links,
    };
    serde_json::to_string(&export).unwrap_or_default()
}
