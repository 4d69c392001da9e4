//! Typed template contexts. Every page template receives `site` (a
//! [`SiteCtx`]) and `page` (a [`PageCtx`]); kind-specific data hangs off
//! `page` as optional fields. All URLs in a context are already relative to
//! the page being rendered, so templates never build paths.

use serde::Serialize;

/// A link as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A backlink, with the kind of page it comes from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KindLink {
    pub title: String,
    pub url: String,
    /// `doc`, `role`, `journey`, `term`, `person`.
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageCtx {
    pub id: String,
    pub title: String,
    pub description: String,
}

/// One pathway badge: a journey whose steps lead to this page, at a stage.
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub journey: String,
    pub url: String,
    pub stage_id: String,
    pub stage: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocItem {
    pub id: String,
    pub title: String,
    pub children: Vec<TocItem>,
}

/// Ownership, authorship and review facts shown under a doc.
#[derive(Debug, Clone, Serialize, Default)]
pub struct MetaCtx {
    pub owners: Vec<Link>,
    pub authors: Vec<Holder>,
    pub status: Option<String>,
    pub last_reviewed: Option<String>,
    pub next_review: Option<String>,
    pub last_updated: Option<String>,
    pub tags: Vec<String>,
    /// The people who changed the page, from git (see `crate::credit`).
    pub contributors: Vec<Holder>,
}

/// "Cite this page": the formats shown and the head's metadata.
#[derive(Debug, Clone, Serialize)]
pub struct CiteCtx {
    pub title: String,
    pub authors: Vec<String>,
    /// `YYYY/MM/DD` for `citation_publication_date`.
    pub date: Option<String>,
    pub doi: Option<String>,
    pub plain: String,
    pub bibtex: String,
    pub csl_json: String,
    /// JSON-LD, already safe inside `<script type="application/ld+json">`.
    pub json_ld: String,
}

/// Someone holding a role or credited on a page.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    pub name: String,
    pub url: Option<String>,
}

/// Site-wide values, the same on every page except for `root`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Relative path from the current page to the site root (`""`, `"../"`).
    pub root: String,
    pub home_url: String,
    pub search_url: String,
    /// The acknowledgements page, when the site has one.
    pub acknowledgements_url: Option<String>,
    /// Links to the governance pages that exist (Roles, Journeys, …).
    pub governance: Vec<Link>,
    /// Serve mode only: the live-reload endpoint, relative to the root.
    pub live_reload: Option<String>,
    pub generator: String,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx {
    /// `home`, `doc`, `role`, `roles`, `journey`, `journeys`, `glossary`,
    /// `people`, `search`, `404`.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// Root-relative URL of this page.
    pub path: String,
    /// Absolute URL when `base_url` is set.
    pub canonical: Option<String>,
    /// Rendered markdown body (may be empty for generated pages).
    pub content: String,
    /// The sidebar for this page, rendered (only the current branch open).
    pub nav_html: String,
    pub toc: Vec<TocItem>,
    pub breadcrumbs: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub backlinks: Vec<KindLink>,
    pub pathways: Vec<Badge>,
    pub meta: MetaCtx,
    /// The page's licence (its own `license:`, else the handbook's).
    pub license: Option<crate::license::License>,
    /// How to cite the page (every page has one once built).
    pub citation: Option<CiteCtx>,
    pub edit_url: Option<String>,
    pub role: Option<RoleCtx>,
    pub roles: Option<RolesIndexCtx>,
    pub journey: Option<JourneyCtx>,
    pub journeys: Option<JourneysIndexCtx>,
    pub glossary: Option<Vec<TermCtx>>,
    pub people: Option<Vec<PersonCtx>>,
    pub home: Option<HomeCtx>,
    pub acknowledgements: Option<AckCtx>,
}

/// The acknowledgements page: contributors grouped by contribution type.
#[derive(Debug, Clone, Serialize)]
pub struct AckCtx {
    /// Distinct contributors over all groups.
    pub total: usize,
    pub groups: Vec<AckGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AckGroup {
    /// A contribution kind (`code`, `docs`, …), or `git`.
    pub id: String,
    pub title: String,
    pub count: usize,
    pub people: Vec<AckPerson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AckPerson {
    pub name: String,
    pub url: Option<String>,
    /// "12 commits", in the git group.
    pub commits: Option<String>,
    #[serde(skip)]
    pub sort: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleCtx {
    pub id: String,
    pub summary: String,
    pub stage: Option<StageCtx>,
    pub responsibilities: Vec<String>,
    pub requirements: Vec<String>,
    pub privileges: Vec<String>,
    pub term: Option<String>,
    pub time_commitment: Option<String>,
    pub reports_to: Option<Link>,
    pub reports_from: Vec<Link>,
    pub grows_into: Vec<Link>,
    pub grows_from: Vec<Link>,
    pub holders: Vec<Holder>,
    pub journeys: Vec<JourneyStageLink>,
    pub owned_docs: Vec<Link>,
    pub extra: Vec<Fact>,
}

/// A free-form `extra:` entry shown as a fact.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct JourneyStageLink {
    pub title: String,
    pub url: String,
    pub stage: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleTile {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub holders: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageGroup {
    pub stage: Option<StageCtx>,
    pub roles: Vec<RoleTile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RolesIndexCtx {
    pub groups: Vec<StageGroup>,
    /// Inline SVG of the ladder (already escaped, safe to embed).
    pub diagram: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonaCtx {
    pub name: String,
    pub description: String,
    pub goals: Vec<String>,
    pub frustrations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepCtx {
    pub title: String,
    pub description: String,
    pub links: Vec<Link>,
    pub roles: Vec<Link>,
    pub pain_points: Vec<String>,
    pub tips: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JourneyStageCtx {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<StepCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JourneyCtx {
    pub id: String,
    pub description: String,
    pub persona: PersonaCtx,
    pub stages: Vec<JourneyStageCtx>,
    pub reading_path: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub title: String,
    pub url: String,
    pub persona: String,
    /// One cell per configured stage: the step titles at that stage.
    pub cells: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JourneysIndexCtx {
    pub stages: Vec<StageCtx>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermCtx {
    pub name: String,
    pub anchor: String,
    pub aliases: Vec<String>,
    pub definition: String,
    pub related: Vec<Link>,
    pub backlinks: Vec<KindLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonCtx {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub handle: Option<String>,
    pub pronouns: Option<String>,
    pub location: Option<String>,
    pub links: Vec<Link>,
    pub contributions: Vec<String>,
    pub roles: Vec<Link>,
    pub docs: Vec<Link>,
    /// Docs they changed, from git (see `crate::credit`).
    pub changed: Vec<Link>,
    /// Commits of theirs to the handbook.
    pub commits: usize,
    /// ORCID iD (bare) and record URL.
    pub orcid: Option<Link>,
    /// Affiliations; `url` is the ROR record when known, else empty.
    pub affiliations: Vec<Link>,
    pub credit_roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeStage {
    pub stage: StageCtx,
    pub journeys: Vec<Link>,
    pub roles: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeCtx {
    pub stages: Vec<HomeStage>,
    pub sections: Vec<Link>,
    pub start: Option<Link>,
}
