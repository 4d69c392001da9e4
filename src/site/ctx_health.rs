//! Template contexts of the governance health page (`page.health`) and of
//! the home page's "How we govern" card (`page.home.govern`). URLs are
//! already relative to the page being rendered.

use serde::Serialize;

use super::ctx::Link;

/// The health page.
#[derive(Debug, Clone, Serialize)]
pub struct HealthCtx {
    pub areas: Vec<HealthAreaCtx>,
    /// "N complete, N partial, N missing".
    pub summary: String,
    /// The leadership and freshness sentences, counts filled in.
    pub leadership_text: String,
    /// "Name: N of M" per organisation of the people who lead, most first
    /// (empty when nobody who leads has an affiliation).
    pub employers: Vec<String>,
    pub freshness_text: String,
    pub complete: usize,
    pub partial: usize,
    pub missing: usize,
    /// Leadership role ids, and how many of them have a term.
    pub leadership_roles: usize,
    pub with_term: usize,
    pub leaders: usize,
    pub emeritus: usize,
    pub docs: usize,
    pub overdue: Vec<Link>,
    pub overdue_percent: usize,
    pub oldest_review: Option<Link>,
    pub oldest_review_date: Option<String>,
    pub without_owners: usize,
}

/// One area's row.
#[derive(Debug, Clone, Serialize)]
pub struct HealthAreaCtx {
    pub id: String,
    pub title: String,
    /// `complete`, `partial` or `missing`.
    pub status: &'static str,
    pub evidence: Vec<EvidenceCtx>,
    /// "and N more", when some evidence is not listed.
    pub more: Option<String>,
    pub add: String,
}

/// A page that shows an area is covered, and how it was found.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceCtx {
    pub title: String,
    pub url: String,
    /// `doc`, `role`, `group`, `decision`, `journey`.
    pub kind: &'static str,
    /// `covers`, `keyword`, `data`.
    pub via: &'static str,
}

/// The "How we govern" card: each field is empty when the data says
/// nothing about it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GovernCardCtx {
    /// Docs and decision records on how decisions are made.
    pub decide: Vec<Link>,
    /// Leadership roles and the groups at the top of the organisation.
    pub lead: Vec<Link>,
    /// Journeys and docs on how to join.
    pub join: Vec<Link>,
    /// Docs and groups on where the community talks.
    pub talk: Vec<Link>,
}

impl GovernCardCtx {
    pub fn is_empty(&self) -> bool {
        self.decide.is_empty()
            && self.lead.is_empty()
            && self.join.is_empty()
            && self.talk.is_empty()
    }
}
