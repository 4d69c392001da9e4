//! The journey kind's pages: one page per journey (persona, stages and
//! steps, reading path) and the journeys index (the stage matrix).

use crate::model::journey::{Step, StepRefs};
use crate::model::{Entity, Handbook};

use super::Builder;
use super::ctx::*;

pub(super) fn journey_page(b: &Builder<'_, '_>, page: &mut PageCtx, j: usize) -> &'static str {
    let inp = b.inp;
    let (hb, gov) = (inp.hb, inp.gov);
    let jr = &hb.journeys[j];
    page.kind = "journey";
    page.breadcrumbs
        .push(b.link(inp.tr("journeys.title"), crate::model::journey::INDEX_URL));
    page.backlinks = b.backlinks(Entity::Item(crate::model::journey::ID, j));
    page.edit_url = b.edit_url(&jr.src);
    page.description = inp.md.strings.fill(
        "journey.description",
        &[("persona", &jr.persona.name), ("journey", &jr.title)],
    );
    let html = |u: Option<usize>| u.map(|u| b.unit_html(u)).unwrap_or_default();
    let mut stages = Vec::new();
    for (si, st) in jr.stages.iter().enumerate() {
        let (id, title) = match gov.journeys()[j].stage_idx.get(si).copied().flatten() {
            Some(s) => (
                hb.config.stages[s].id.clone(),
                hb.config.stages[s].title.clone(),
            ),
            None => (st.stage.value.clone(), st.stage.value.clone()),
        };
        let steps = st
            .steps
            .iter()
            .enumerate()
            .map(|(k, step)| step_ctx(b, step, &gov.journeys()[j].steps[si][k]))
            .collect();
        stages.push(JourneyStageCtx {
            id,
            title,
            summary: st.summary.clone().unwrap_or_default(),
            steps,
        });
    }
    page.journey = Some(JourneyCtx {
        id: jr.id.clone(),
        description: html(jr.description),
        persona: PersonaCtx {
            name: jr.persona.name.clone(),
            description: html(jr.persona.description),
            goals: jr.persona.goals.clone(),
            frustrations: jr.persona.frustrations.clone(),
        },
        stages,
        reading_path: gov.journeys()[j]
            .reading_path
            .iter()
            .map(|&d| b.entity(Entity::Item(crate::model::doc::ID, d)))
            .collect(),
    });
    "journey.html"
}

/// One step of a journey stage: its text, the pages it links (a section
/// named after its page), roles and groups.
fn step_ctx(b: &Builder<'_, '_>, step: &Step, refs: &StepRefs) -> StepCtx {
    let hb = b.inp.hb;
    StepCtx {
        title: step.title.clone(),
        description: step.description.map(|u| b.unit_html(u)).unwrap_or_default(),
        links: refs
            .links
            .iter()
            .map(|(e, frag)| {
                let mut l = b.entity(*e);
                if let Some(f) = frag {
                    l.url = format!("{}#{f}", l.url.split('#').next().unwrap_or(""));
                    // Name the section: "Contributing › Review".
                    if let Some(h) = section_title(hb, *e, f) {
                        l.title = format!("{} › {h}", l.title);
                    }
                }
                l
            })
            .collect(),
        roles: refs
            .roles
            .iter()
            .map(|&r| b.entity(Entity::Item(crate::model::role::ID, r)))
            .collect(),
        groups: (refs.groups.iter())
            .map(|&g| b.entity(Entity::Item(crate::model::group::ID, g)))
            .collect(),
        pain_points: step.pain_points.clone(),
        tips: step.tips.clone(),
    }
}

/// The heading text of anchor `id` on an entity's page.
fn section_title(hb: &Handbook, e: Entity, id: &str) -> Option<String> {
    let unit = match e {
        Entity::Item(crate::model::doc::ID, d) => hb.docs[d].unit,
        Entity::Item(crate::model::role::ID, r) => hb.roles[r].unit,
        _ => return None,
    };
    hb.units[unit]
        .scan
        .headings
        .iter()
        .find(|h| h.id == id)
        .map(|h| h.text.clone())
}

pub(super) fn journeys_index(b: &Builder<'_, '_>, page: &mut PageCtx) -> &'static str {
    let inp = b.inp;
    let (hb, gov) = (inp.hb, inp.gov);
    page.kind = "journeys";
    page.description = inp.tr("journeys.description").into();
    let stages: Vec<StageCtx> = (0..hb.config.stages.len()).map(|s| b.stage(s)).collect();
    let rows = hb
        .journeys
        .iter()
        .enumerate()
        .map(|(j, jr)| {
            let mut cells = vec![Vec::new(); stages.len()];
            for (si, st) in jr.stages.iter().enumerate() {
                if let Some(s) = gov.journeys()[j].stage_idx.get(si).copied().flatten() {
                    cells[s].extend(st.steps.iter().map(|x| x.title.clone()));
                }
            }
            MatrixRow {
                title: jr.title.clone(),
                url: format!("{}{}", b.root, crate::url::encode_path(&jr.url)),
                persona: jr.persona.name.clone(),
                cells,
            }
        })
        .collect();
    page.journeys = Some(JourneysIndexCtx { stages, rows });
    "journeys.html"
}

/// The journey kind's pages in the registry ([`super::page_kind::PAGE_KINDS`]).
pub(super) struct Pages;

impl super::page_kind::PageKind for Pages {
    fn kind(&self) -> &'static dyn crate::model::Kind {
        &crate::model::journey::JourneyKind
    }
    fn template(&self, item: Option<usize>) -> &'static str {
        match item {
            Some(_) => "journey.html",
            None => "journeys.html",
        }
    }
    fn build(&self, b: &Builder<'_, '_>, page: &mut PageCtx, item: Option<usize>) -> &'static str {
        match item {
            Some(i) => journey_page(b, page, i),
            None => journeys_index(b, page),
        }
    }
}
