//! Leadership lints over the role and group data, after the CHAOSS questions
//! on inclusive leadership: leadership roles without a term, people holding
//! too many leadership positions, no way to step down as emeritus, roles
//! held by one person alone, groups without a lead. What counts as
//! leadership is decided once, in [`leadership_roles`], which the health
//! report (`crate::health`) reads too.
//!
//! Employer concentration among the same leaders is [`super::employers`].

use std::collections::{BTreeMap, BTreeSet};

use crate::code::Code;
use crate::diag::Diagnostic;
use crate::model::{Governance, Handbook, governance::Holder};

/// How many leadership positions one person may hold when
/// `health.max_roles_per_person` is not set.
pub(crate) const DEFAULT_MAX_ROLES: usize = 3;

/// Codes that only run when `lints:` names them: on most handbooks they
/// flag choices made on purpose (maintainers without a term, a project
/// with one maintainer). The health report shows the same facts anyway;
/// a community that commits to terms and emeritus paths turns them on.
const OPT_IN: &[Code] = &[
    Code::NoEmeritusPath,
    Code::RoleWithoutTerm,
    Code::SingleHolder,
];

/// The leadership roles: roles in the last configured stage, and roles a
/// group lead holds. Sorted role indices.
pub(crate) fn leadership_roles(hb: &Handbook, gov: &Governance) -> BTreeSet<usize> {
    let last = hb.config.stages.len().checked_sub(1);
    let mut out: BTreeSet<usize> = (0..hb.roles.len())
        .filter(|&i| last.is_some() && gov.roles()[i].stage == last)
        .collect();
    for (g, refs) in hb.groups.iter().zip(gov.groups()) {
        for m in &refs.members {
            if g.members[m.member].lead
                && let Some(r) = m.role
            {
                out.insert(r);
            }
        }
    }
    out
}

/// Who holds each leadership role: its `holders:` and the current group
/// members whose role it is.
pub(crate) fn role_holders(hb: &Handbook, gov: &Governance, role: usize) -> BTreeSet<Holder> {
    let mut out: BTreeSet<Holder> = gov.roles()[role].holders.iter().cloned().collect();
    for (g, refs) in hb.groups.iter().zip(gov.groups()) {
        for m in &refs.members {
            if m.role == Some(role) && g.members[m.member].current() {
                out.insert(m.holder.clone());
            }
        }
    }
    out
}

/// Run the leadership lints (`today`: days since 1970-01-01).
pub(crate) fn check(
    hb: &Handbook,
    gov: &Governance,
    today: Option<i64>,
    diags: &mut Vec<Diagnostic>,
) {
    let lead = leadership_roles(hb, gov);
    let mut out = Vec::new();
    vacant(hb, gov, today, &mut out);
    for &r in &lead {
        without_term(hb, r, &mut out);
        single_holder(hb, gov, r, &mut out);
    }
    too_many(hb, gov, &lead, &mut out);
    emeritus_path(hb, &lead, &mut out);
    groups_without_lead(hb, &mut out);
    super::employers::check(hb, gov, &mut out);
    out.retain(|d: &Diagnostic| {
        let enabled = !OPT_IN.contains(&d.code) || hb.config.lints.contains_key(&d.code);
        let damaged = (d.span.as_ref()).is_some_and(|s| hb.damaged.contains(&s.file));
        enabled && !damaged
    });
    diags.extend(out);
}

fn without_term(hb: &Handbook, r: usize, out: &mut Vec<Diagnostic>) {
    let role = &hb.roles[r];
    if role.term.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return;
    }
    out.push(
        Diagnostic::warning(
            Code::RoleWithoutTerm,
            format!("the leadership role `{}` has no term", role.id),
        )
        .with_span(role.span.clone())
        .with_help("add `term:` (how long it is held, whether it can be renewed, e.g. `Two years, renewable once`)"),
    );
}

fn single_holder(hb: &Handbook, gov: &Governance, r: usize, out: &mut Vec<Diagnostic>) {
    let holders = role_holders(hb, gov, r);
    if holders.len() != 1 {
        return;
    }
    let role = &hb.roles[r];
    let who = holders.iter().next().map(|h| h.id(hb)).unwrap_or_default();
    out.push(
        Diagnostic::warning(
            Code::SingleHolder,
            format!("the leadership role `{}` is held by `{who}` alone", role.id),
        )
        .with_span(role.span.clone())
        .with_help("share the role with a second holder, or name a deputy who can step in"),
    );
}

/// Leadership positions per person: the leadership roles they hold and the
/// groups they lead.
pub(crate) fn positions(
    hb: &Handbook,
    gov: &Governance,
    lead: &BTreeSet<usize>,
) -> BTreeMap<usize, Vec<String>> {
    let mut per: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for &r in lead {
        for h in role_holders(hb, gov, r) {
            if let Holder::Person(p) = h {
                per.entry(p)
                    .or_default()
                    .insert(format!("role `{}`", hb.roles[r].id));
            }
        }
    }
    for (g, refs) in hb.groups.iter().zip(gov.groups()) {
        for m in &refs.members {
            let mem = &g.members[m.member];
            if mem.lead
                && mem.current()
                && m.role.is_none_or(|r| !lead.contains(&r))
                && let Holder::Person(p) = m.holder
            {
                per.entry(p)
                    .or_default()
                    .insert(format!("group `{}`", g.id));
            }
        }
    }
    per.into_iter()
        .map(|(p, s)| (p, s.into_iter().collect()))
        .collect()
}

fn too_many(hb: &Handbook, gov: &Governance, lead: &BTreeSet<usize>, out: &mut Vec<Diagnostic>) {
    let max = hb
        .config
        .health
        .max_roles_per_person
        .unwrap_or(DEFAULT_MAX_ROLES);
    for (p, held) in positions(hb, gov, lead) {
        if held.len() <= max {
            continue;
        }
        let person = &hb.people[p];
        out.push(
            Diagnostic::warning(
                Code::TooManyRoles,
                format!(
                    "`{}` holds {} leadership positions ({}), more than {max}",
                    person.id,
                    held.len(),
                    held.join(", ")
                ),
            )
            .with_span(person.span.clone())
            .with_help("hand one on to someone else, or raise `health: {max_roles_per_person: N}` in handbook.yml"),
        );
    }
}

fn emeritus_path(hb: &Handbook, lead: &BTreeSet<usize>, out: &mut Vec<Diagnostic>) {
    let led_group = hb.groups.iter().find(|g| g.members.iter().any(|m| m.lead));
    let first_role = lead.iter().next().map(|&r| &hb.roles[r]);
    let span = match (first_role, led_group) {
        (Some(r), _) => r.span.clone(),
        (None, Some(g)) => g.span.clone(),
        (None, None) => return,
    };
    let has_emeritus = hb
        .groups
        .iter()
        .flat_map(|g| &g.members)
        .any(|m| m.emeritus);
    let mentions = hb.roles.iter().any(|r| {
        [&r.title, &r.summary]
            .into_iter()
            .chain(&r.responsibilities)
            .chain(&r.privileges)
            .chain(&r.term)
            .any(|t| t.to_lowercase().contains("emerit"))
            || hb.units[r.unit]
                .plain(&hb.files)
                .to_lowercase()
                .contains("emerit")
    });
    if has_emeritus || mentions {
        return;
    }
    out.push(
        Diagnostic::warning(
            Code::NoEmeritusPath,
            "leaders have no emeritus path: no group lists an emeritus member and no role mentions emeritus status",
        )
        .with_span(span)
        .with_help("say how leaders step down and stay recognised (an `emeritus` role, or `emeritus: true` members in groups)"),
    );
}

/// Roles nobody holds whose last holder (a group member with the role and
/// an `until:` date) left longer ago than `health.stale_after`.
fn vacant(hb: &Handbook, gov: &Governance, today: Option<i64>, out: &mut Vec<Diagnostic>) {
    let (Some(today), Some(after)) = (today, hb.config.health.stale_after.as_ref()) else {
        return;
    };
    let Some(days) = crate::lint::parse_interval(&after.value) else {
        out.push(
            Diagnostic::error(
                Code::InvalidInterval,
                format!("`stale_after: {}` is not an interval", after.value),
            )
            .with_span(config_span(hb, after, after.value.len()))
            .with_help("write e.g. `6 months` or `1 year`"),
        );
        return;
    };
    for r in 0..hb.roles.len() {
        if !role_holders(hb, gov, r).is_empty() {
            continue;
        }
        let left = (hb.groups.iter().zip(gov.groups()))
            .flat_map(|(g, refs)| refs.members.iter().map(move |m| (m, &g.members[m.member])))
            .filter(|(m, _)| m.role == Some(r))
            .filter_map(|(_, mem)| mem.until.as_deref().and_then(month_or_day))
            .max();
        if let Some(left) = left.filter(|&l| l + days < today) {
            let role = &hb.roles[r];
            out.push(
                Diagnostic::warning(
                    Code::RoleVacant,
                    format!(
                        "nobody has held the role `{}` since {}",
                        role.id,
                        crate::lint::civil_from_days(left)
                    ),
                )
                .with_span(role.span.clone())
                .with_help("find a new holder, or retire the role (remove it, or say in its prose why it stays open)"),
            );
        }
    }
}

/// Where a `handbook.yml` value was written.
pub(super) fn config_span<T>(
    hb: &Handbook,
    v: &crate::yaml::Spanned<T>,
    len: usize,
) -> crate::diag::Span {
    let origin = crate::yaml::Origin {
        file: "handbook.yml",
        file_text: hb.config.source_text.as_deref().unwrap_or(""),
        line_offset: 0,
        lines: None,
    };
    origin.span_of(v, len)
}

/// `YYYY-MM-DD`, or `YYYY-MM` as the first of the month.
fn month_or_day(s: &str) -> Option<i64> {
    let s = s.trim();
    crate::lint::parse_date(s).or_else(|| crate::lint::parse_date(&format!("{s}-01")))
}

fn groups_without_lead(hb: &Handbook, out: &mut Vec<Diagnostic>) {
    for g in &hb.groups {
        let archived = g.status.as_ref().is_some_and(|s| s.value == "archived");
        if g.origin != crate::model::group::GroupOrigin::File || archived {
            continue;
        }
        if g.members.iter().any(|m| m.lead && m.current()) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                Code::GroupWithoutLead,
                format!("the group `{}` has no current lead", g.id),
            )
            .with_span(g.span.clone())
            .with_help(
                "name who leads it under `leads:` (a person id, or `{person: id, role: role-id}`)",
            ),
        );
    }
}
