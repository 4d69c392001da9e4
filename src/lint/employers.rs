//! Employer concentration (CHAOSS "organizational diversity"): when people
//! carry `affiliations`, how many of the people in leadership positions
//! (holders of leadership roles and current group leads, as
//! [`super::leadership`] counts them) share one organisation. More than
//! `health.max_employer_share` of them (half unless set) is an
//! `employer-concentration` warning; the health report shows the shares.
//! An organisation is its ROR id when it has one, else its name without
//! case; a person with two affiliations counts for both; people with none
//! count as unaffiliated.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::code::Code;
use crate::diag::Diagnostic;
use crate::model::{Governance, Handbook};

/// The share of leaders one organisation may employ when
/// `health.max_employer_share` is not set.
pub(crate) const DEFAULT_MAX_SHARE: f64 = 0.5;

/// One organisation and the leaders affiliated with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Employer {
    /// The name as the first of its people writes it.
    pub name: String,
    /// Person indices, sorted.
    #[serde(skip)]
    pub people: Vec<usize>,
    /// How many leaders it employs.
    pub leaders: usize,
    /// Of how many people in leadership positions.
    pub of: usize,
}

impl Employer {
    /// The share of leaders it employs.
    pub fn share(&self) -> f64 {
        self.leaders as f64 / self.of.max(1) as f64
    }
}

/// The organisations leaders are affiliated with, most leaders first (then
/// by name), and how many people are in leadership positions. Empty when
/// no leader carries an affiliation.
pub(crate) fn employers(hb: &Handbook, gov: &Governance) -> (Vec<Employer>, usize) {
    let lead = super::leadership::leadership_roles(hb, gov);
    let leaders: Vec<usize> = super::leadership::positions(hb, gov, &lead)
        .into_keys()
        .collect();
    let mut by_org: BTreeMap<String, Employer> = BTreeMap::new();
    for &p in &leaders {
        for a in &hb.people[p].affiliations {
            let key = a
                .ror
                .clone()
                .unwrap_or_else(|| a.name.trim().to_lowercase());
            let e = by_org.entry(key).or_insert_with(|| Employer {
                name: a.name.trim().to_string(),
                people: Vec::new(),
                leaders: 0,
                of: leaders.len(),
            });
            if !e.people.contains(&p) {
                e.people.push(p);
            }
        }
    }
    let total = leaders.len();
    let mut out: Vec<Employer> = by_org
        .into_values()
        .map(|mut e| {
            e.leaders = e.people.len();
            e
        })
        .collect();
    out.sort_by(|a, b| b.leaders.cmp(&a.leaders).then_with(|| a.name.cmp(&b.name)));
    (out, total)
}

/// Report organisations that employ more than the allowed share of leaders
/// (at least two leaders are needed for a share to mean anything).
pub(super) fn check(hb: &Handbook, gov: &Governance, out: &mut Vec<Diagnostic>) {
    let max = match &hb.config.health.max_employer_share {
        None => DEFAULT_MAX_SHARE,
        Some(s) if s.value.0 > 0.0 && s.value.0 <= 1.0 => s.value.0,
        Some(s) => {
            out.push(
                Diagnostic::error(
                    Code::InvalidConfig,
                    format!("`max_employer_share: {}` is not a share", s.value.0),
                )
                .with_span(super::leadership::config_span(hb, s, 0))
                .with_help("write a number above 0 and at most 1, e.g. `0.5` for half"),
            );
            return;
        }
    };
    let (employers, total) = employers(hb, gov);
    if total < 2 {
        return;
    }
    for e in employers.iter().filter(|e| e.share() > max) {
        let names: Vec<String> = (e.people.iter())
            .map(|&p| format!("`{}`", hb.people[p].id))
            .collect();
        out.push(
            Diagnostic::warning(
                Code::EmployerConcentration,
                format!(
                    "{} of the {total} people in leadership positions are affiliated with {} ({}), more than {}%",
                    e.leaders,
                    e.name,
                    names.join(", "),
                    (max * 100.0).round()
                ),
            )
            .with_span(hb.people[e.people[0]].span.clone())
            .with_help("bring leaders from other organisations into leadership roles, or set `health: {max_employer_share: N}` in handbook.yml"),
        );
    }
}
