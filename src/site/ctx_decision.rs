//! Template contexts of decision records: the decision page's header card,
//! the decisions index (by status and by year, with the supersession
//! graph), the list of decisions shown on the docs and roles they affect,
//! and a doc's status banner. Like every context, URLs are already relative
//! to the page being rendered.

use serde::Serialize;

use super::ctx::{Fact, Holder, KindLink, Link};

/// A decision as one line of a list.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub title: String,
    pub url: String,
    pub number: Option<String>,
    pub status: String,
    /// Decided, else proposed (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub year: Option<String>,
}

/// One step of a supersession chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainItem {
    pub title: String,
    pub url: String,
    pub status: String,
    /// The decision whose page this is.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ballot {
    pub who: Holder,
    pub choice: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VoteCtx {
    pub yes: u32,
    pub against: u32,
    pub abstain: u32,
    pub total: u32,
    pub ballots: Vec<Ballot>,
}

/// The decision page's header card and relations.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionCtx {
    pub id: String,
    pub number: Option<String>,
    pub status: String,
    pub status_written: Option<String>,
    pub proposed: Option<String>,
    pub decided: Option<String>,
    pub proposers: Vec<Holder>,
    pub deciders: Vec<Holder>,
    pub consulted: Vec<Holder>,
    pub informed: Vec<Holder>,
    pub vote: Option<VoteCtx>,
    /// Oldest first; more than one item only when there is supersession.
    pub chain: Vec<ChainItem>,
    pub supersedes: Vec<Link>,
    pub superseded_by: Vec<Link>,
    pub relates: Vec<Link>,
    pub affects: Vec<KindLink>,
    pub discussion: Option<String>,
    pub resolution: Option<String>,
    pub tags: Vec<String>,
    pub extra: Vec<Fact>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionGroup {
    /// The status (or, in `years`, the year).
    pub key: String,
    /// `key` as an HTML id.
    pub id: String,
    pub decisions: Vec<DecisionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionsIndexCtx {
    /// One group per configured status that has decisions, in the
    /// configured order (then any other status).
    pub groups: Vec<DecisionGroup>,
    /// Newest year first; decisions without a date are not listed here.
    pub years: Vec<DecisionGroup>,
    /// Inline SVG of the supersession graph (escaped, safe to embed);
    /// empty when no decision supersedes another.
    pub graph: String,
}

/// The banner at the top of a doc that is not (or no longer) in force.
#[derive(Debug, Clone, Serialize)]
pub struct BannerCtx {
    /// `draft`, `proposed`, `deprecated`, `archived` or `overdue`.
    pub kind: &'static str,
    /// For `overdue`: the date the review was due.
    pub due: Option<String>,
    /// What replaces the page: its `superseded_by:` doc, or the decision
    /// that supersedes one affecting it.
    pub successor: Option<Link>,
}
