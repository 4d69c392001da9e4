//! Freshness for the health report: the share of docs past their review
//! date, the policy that has gone longest without review, the docs nobody
//! owns; and the `covers:` tags that are the strongest area evidence.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Evidence, Via};
use crate::lint::{parse_date, parse_interval};
use crate::model::Handbook;

/// How fresh the docs are.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Freshness {
    pub docs: usize,
    /// Docs with `last_reviewed` and `review_every`.
    pub with_review: usize,
    /// Docs whose review date has passed (`src`, days overdue), most overdue first.
    pub overdue: Vec<Overdue>,
    /// `overdue` as a share of `docs`, in percent (rounded down).
    pub overdue_percent: usize,
    /// The doc with the oldest `last_reviewed`.
    pub oldest_review: Option<Reviewed>,
    /// Docs without `owners:`, by source path.
    pub without_owners: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overdue {
    pub src: String,
    pub url: String,
    pub title: String,
    pub days: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reviewed {
    pub src: String,
    pub url: String,
    pub title: String,
    pub last_reviewed: String,
}

/// Freshness of the docs on `today` (days since 1970-01-01); without a
/// date nothing is overdue.
pub(crate) fn freshness(hb: &Handbook, today: Option<i64>) -> Freshness {
    let mut f = Freshness {
        docs: hb.docs.iter().filter(|d| !d.generated).count(),
        ..Freshness::default()
    };
    let mut oldest: Option<(i64, usize)> = None;
    // A dated collection's generated index has no owner to give.
    for (i, d) in hb.docs.iter().enumerate().filter(|(_, d)| !d.generated) {
        if d.owners.is_empty() {
            f.without_owners.push(d.src.clone());
        }
        let Some(day) = d.last_reviewed.as_ref().and_then(|r| parse_date(&r.value)) else {
            continue;
        };
        if oldest.is_none_or(|(o, _)| day < o) {
            oldest = Some((day, i));
        }
        let Some(every) = d
            .review_every
            .as_ref()
            .and_then(|r| parse_interval(&r.value))
        else {
            continue;
        };
        f.with_review += 1;
        if let Some(t) = today
            && day + every < t
        {
            f.overdue.push(Overdue {
                src: d.src.clone(),
                url: d.url.clone(),
                title: d.title.clone(),
                days: t - day - every,
            });
        }
    }
    f.overdue
        .sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.src.cmp(&b.src)));
    f.overdue_percent = (f.overdue.len() * 100).checked_div(f.docs).unwrap_or(0);
    f.oldest_review = oldest.map(|(_, i)| {
        let d = &hb.docs[i];
        Reviewed {
            src: d.src.clone(),
            url: d.url.clone(),
            title: d.title.clone(),
            last_reviewed: d
                .last_reviewed
                .as_ref()
                .map(|r| r.value.clone())
                .unwrap_or_default(),
        }
    });
    f
}

/// Everything tagged `covers: [area]`.
pub(super) fn tagged(hb: &Handbook, area: &str, ev: &mut BTreeSet<Evidence>) {
    let tag = |covers: &[crate::model::Ref]| covers.iter().any(|c| c.value == area);
    let item = |kind, title: &str, url: &str, src: &str| Evidence {
        via: Via::Covers,
        kind,
        title: title.to_string(),
        url: url.to_string(),
        src: src.to_string(),
    };
    for d in hb.docs.iter().filter(|d| tag(&d.covers)) {
        ev.insert(item("doc", &d.title, &d.url, &d.src));
    }
    for r in hb.roles.iter().filter(|r| tag(&r.covers)) {
        ev.insert(item("role", &r.title, &r.url, &r.src));
    }
    for g in hb.groups.iter().filter(|g| tag(&g.covers)) {
        ev.insert(item("group", &g.title, &g.url, &g.src));
    }
    for d in hb.decisions.iter().filter(|d| tag(&d.covers)) {
        ev.insert(item("decision", &d.title, &d.url, &d.src));
    }
}
