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

/// One pathway badge: a journey whose steps lead to this page, with the
/// stages at which they do (one badge per journey).
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub journey: String,
    pub url: String,
    pub stages: Vec<StageCtx>,
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
    /// `YYYY-MM-DD` of a dated page (`date:` or its file name).
    pub date: Option<String>,
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
    /// `ltr` or `rtl`.
    pub dir: String,
    /// Relative path from the current page to the site root (`""`, `"../"`).
    pub root: String,
    pub home_url: String,
    pub search_url: String,
    /// The acknowledgements page, when the site has one.
    pub acknowledgements_url: Option<String>,
    /// The recent changes page, when git gave a history.
    pub changes_url: Option<String>,
    /// Links to the governance pages that exist (Roles, Journeys, …).
    pub governance: Vec<Link>,
    /// Serve mode only: the live-reload endpoint, relative to the root.
    pub live_reload: Option<String>,
    pub generator: String,
    /// `feed.xml`, when the site has one (decisions and a `base_url`).
    pub feed_url: Option<String>,
    /// Header logo and favicon URLs (relative to the page, or absolute).
    pub logo: Option<String>,
    pub favicon: Option<String>,
    /// Links in the header (`links:`, or a MyST project's `site.nav`).
    pub links: Vec<Link>,
    /// The link-preview image as an absolute URL (none without one).
    pub social_image: Option<String>,
    pub theme_color: Option<String>,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize, Default)]
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
    /// On an entity's own page, the URL of its kind's index page (the
    /// sidebar marks that entry as the current section).
    pub section: Option<String>,
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
    pub group: Option<super::ctx_group::GroupCtx>,
    pub groups: Option<super::ctx_group::GroupsIndexCtx>,
    pub journey: Option<JourneyCtx>,
    pub journeys: Option<JourneysIndexCtx>,
    pub glossary: Option<Vec<TermCtx>>,
    pub people: Option<Vec<PersonCtx>>,
    /// A person's own page.
    pub person: Option<PersonCtx>,
    pub home: Option<HomeCtx>,
    pub decision: Option<super::ctx_decision::DecisionCtx>,
    pub decisions_index: Option<super::ctx_decision::DecisionsIndexCtx>,
    /// Decisions that affect this doc or role.
    pub decisions: Vec<super::ctx_decision::DecisionRow>,
    /// A doc's status banner (draft, deprecated, overdue review…).
    pub banner: Option<super::ctx_decision::BannerCtx>,
    /// The governance health report (`health.html`).
    pub health: Option<super::ctx_health::HealthCtx>,
    pub print: Option<PrintCtx>,
    pub acknowledgements: Option<AckCtx>,
    /// The recent changes page's commits, newest first.
    pub changes: Option<Vec<ChangeRow>>,
    /// Languages: switcher, alternates, translation notice (several
    /// languages only).
    pub translation: Option<super::lang::TranslationCtx>,
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
    /// The group the role belongs to.
    pub group: Option<Link>,
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
    /// The same ladder as a stacked list, for narrow screens (HTML).
    pub diagram_list: String,
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
    pub groups: Vec<Link>,
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

/// A person: their card on the people page (lists left empty, `counts`
/// says how many) or, as `page.person`, their own page (every list full).
#[derive(Debug, Clone, Serialize)]
pub struct PersonCtx {
    pub id: String,
    pub anchor: String,
    /// The person's page.
    pub url: String,
    pub name: String,
    pub handle: Option<String>,
    pub pronouns: Option<String>,
    pub location: Option<String>,
    pub links: Vec<Link>,
    pub contributions: Vec<String>,
    pub roles: Vec<Link>,
    /// Groups the person is (or was) in.
    pub groups: Vec<Link>,
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
    /// What the person wrote and changed, counted ("Wrote 2 pages").
    pub counts: Vec<String>,
    /// Group memberships with their terms, current ones first.
    pub memberships: Vec<MembershipCtx>,
    /// Decisions the person took part in, newest first.
    pub decisions: Vec<PersonDecisionCtx>,
}

/// One group membership on a person's page.
#[derive(Debug, Clone, Serialize)]
pub struct MembershipCtx {
    pub group: Link,
    /// The role's title, or an imported label ("Chair").
    pub role: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub emeritus: bool,
    pub lead: bool,
}

/// A decision on a person's page, with how they took part.
#[derive(Debug, Clone, Serialize)]
pub struct PersonDecisionCtx {
    pub decision: Link,
    /// `YYYY-MM-DD`, when the decision has a date.
    pub date: Option<String>,
    /// How they took part ("proposed, voted"), in the page's language.
    pub parts: String,
}

/// A stage card on the landing page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeStage {
    pub stage: StageCtx,
    /// Position of the stage, from 1.
    pub number: usize,
    /// Journeys whose first stage this is (each journey on one card only).
    pub journeys: Vec<HomeJourney>,
    /// Roles at this stage.
    pub roles: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeJourney {
    pub title: String,
    pub url: String,
    pub persona: String,
}

/// A top-level section of the handbook, as a card.
#[derive(Debug, Clone, Serialize)]
pub struct HomeSection {
    pub title: String,
    pub url: String,
    pub description: String,
    /// Pages in the section, its own page included.
    pub pages: usize,
}

/// A page with a date (a recent change, a decision).
#[derive(Debug, Clone, Serialize)]
pub struct Dated {
    pub title: String,
    pub url: String,
    pub date: String,
}

/// A group people can join, as the landing page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HomeGroup {
    pub title: String,
    pub url: String,
    pub summary: String,
    /// How to join, in words (may be empty).
    pub join: String,
}

/// The generated landing page. Every list may be empty; the template
/// leaves out a block whose list is.
#[derive(Debug, Clone, Serialize)]
pub struct HomeCtx {
    /// "Find your way in": empty when no stage has journeys or roles.
    pub stages: Vec<HomeStage>,
    pub sections: Vec<HomeSection>,
    /// The first step: the first doc, else the first journey.
    pub start: Option<Link>,
    /// The "How we govern" card, when the data says anything about it.
    pub govern: Option<super::ctx_health::GovernCardCtx>,
    /// A second way in (the journeys index), when there is one.
    pub explore: Option<Link>,
    /// Docs changed most recently (git dates), newest first.
    pub recent: Vec<Dated>,
    /// Hook for groups: filled by the groups kind; empty until then.
    pub groups: Vec<HomeGroup>,
    /// Hook for decision records: the most recent first; empty until then.
    pub decisions: Vec<Dated>,
}

/// One page of the book (`print.html`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintSection {
    pub anchor: String,
    pub title: String,
    /// Roles, journeys, glossary and people come after the docs.
    pub appendix: bool,
    /// The first appendix (the "Appendices" part title goes before it).
    pub first_appendix: bool,
    /// The page's article, its ids and links rewritten for the book.
    pub html: String,
}

/// The whole book on one page.
#[derive(Debug, Clone, Serialize)]
pub struct PrintCtx {
    pub sections: Vec<PrintSection>,
    /// The handbook title escaped for a CSS string (running header).
    pub running_title: String,
}

/// One commit on the recent changes page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    /// The row's anchor (`c-<hash>`), which the feed links.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
    pub author: Holder,
    /// The pages it changed.
    pub pages: Vec<Link>,
}
