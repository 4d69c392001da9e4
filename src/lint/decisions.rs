//! Decision lints: dates that are dates, supersession links that agree from
//! both ends and never loop, accepted decisions that say when and by whom,
//! and docs that still link a superseded decision (pointing to its
//! successor). Reads the model, its [`Governance`] and the link records;
//! only reports.

use std::collections::BTreeSet;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::model::decision::number_in_ref;
use crate::model::{Decision, Entity, Governance, Handbook, Ref};
use crate::resolve::{Resolution, Target};

/// Run the decision lints.
pub(crate) fn check(
    hb: &Handbook,
    gov: &Governance,
    res: &Resolution,
    diags: &mut Vec<Diagnostic>,
) {
    for d in &hb.decisions {
        dates(d, diags);
        incomplete(hb, d, diags);
    }
    one_sided(hb, gov, diags);
    cycles(hb, gov, diags);
    superseded_links(hb, gov, res, diags);
}

fn dates(d: &Decision, diags: &mut Vec<Diagnostic>) {
    for (field, r) in [("proposed", &d.proposed), ("decided", &d.decided)] {
        if let Some(r) = r
            && super::parse_date(&r.value).is_none()
        {
            diags.push(
                Diagnostic::error(
                    Code::InvalidDate,
                    format!("`{field}: {}` is not a date", r.value),
                )
                .with_span(r.span.clone())
                .with_help("write dates as YYYY-MM-DD"),
            );
        }
    }
}

/// A decision written `status: accepted` without a date or deciders (a
/// status inferred, or imported under another process's word such as PEP's
/// `Final`, is not held to this handbook's fields).
fn incomplete(hb: &Handbook, d: &Decision, diags: &mut Vec<Diagnostic>) {
    let Some(span) = &d.status_span else { return };
    if d.status != "accepted" || d.status_written.is_some() || hb.damaged.contains(&d.src) {
        return;
    }
    let lacks: Vec<&str> = [
        (d.decided.is_none(), "`decided:` date"),
        (d.deciders.is_empty(), "`deciders:`"),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    if lacks.is_empty() {
        return;
    }
    diags.push(
        Diagnostic::warning(
            Code::DecisionIncomplete,
            format!(
                "decision `{}` is accepted but has no {}",
                d.id,
                lacks.join(" and no ")
            ),
        )
        .with_span(span.clone())
        .with_help("add when it was decided (`decided: YYYY-MM-DD`) and who decided it (`deciders:` role ids)"),
    );
}

/// The reference among `refs` that names decision `t`.
fn ref_to<'a>(hb: &Handbook, refs: &'a [Ref], t: usize) -> Option<&'a Ref> {
    let target = &hb.decisions[t];
    refs.iter().find(|r| {
        r.value.trim() == target.id
            || (number_in_ref(&r.value).is_some() && number_in_ref(&r.value) == target.number)
    })
}

fn one_sided(hb: &Handbook, gov: &Governance, diags: &mut Vec<Diagnostic>) {
    for (x, d) in hb.decisions.iter().enumerate() {
        let r = &gov.decisions()[x];
        let sides = [
            (&r.supersedes, &d.supersedes, "supersedes", "superseded_by"),
            (
                &r.superseded_by,
                &d.superseded_by,
                "superseded_by",
                "supersedes",
            ),
        ];
        for (targets, refs, here, there) in sides {
            for &t in targets {
                let back = match there {
                    "supersedes" => &gov.decisions()[t].supersedes,
                    _ => &gov.decisions()[t].superseded_by,
                };
                if back.contains(&x) || t == x {
                    continue;
                }
                let other = &hb.decisions[t];
                let span = ref_to(hb, refs, t).map_or_else(|| d.span.clone(), |r| r.span.clone());
                diags.push(
                    Diagnostic::warning(
                        Code::SupersessionOneSided,
                        format!(
                            "decision `{}` says `{here}: {}`, but `{}` does not say `{there}: {}`",
                            d.id, other.id, other.id, d.id
                        ),
                    )
                    .with_span(span)
                    .with_help(format!("add `{there}: [{}]` to `{}`", d.id, other.src)),
                );
            }
        }
    }
}

/// Each cycle of "x supersedes y" edges (from either end), once.
fn cycles(hb: &Handbook, gov: &Governance, diags: &mut Vec<Diagnostic>) {
    let n = hb.decisions.len();
    let mut next: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for (x, r) in gov.decisions().iter().enumerate() {
        next[x].extend(r.supersedes.iter().copied());
        for &new in &r.superseded_by {
            next[new].insert(x);
        }
    }
    // 0 new, 1 on the current path, 2 done.
    let mut state = vec![0u8; n];
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut path: Vec<usize> = vec![start];
        let mut iters: Vec<std::collections::btree_set::Iter<'_, usize>> = vec![next[start].iter()];
        state[start] = 1;
        while let Some(it) = iters.last_mut() {
            match it.next() {
                Some(&y) if state[y] == 0 => {
                    state[y] = 1;
                    path.push(y);
                    iters.push(next[y].iter());
                }
                Some(&y) if state[y] == 1 => {
                    let at = path.iter().position(|&p| p == y).unwrap_or(0);
                    let cycle = path[at..].to_vec();
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    if reported.insert(key) {
                        report_cycle(hb, &cycle, diags);
                    }
                }
                Some(_) => {}
                None => {
                    iters.pop();
                    if let Some(p) = path.pop() {
                        state[p] = 2;
                    }
                }
            }
        }
    }
}

fn report_cycle(hb: &Handbook, cycle: &[usize], diags: &mut Vec<Diagnostic>) {
    let Some(&first) = cycle.first() else { return };
    let names: Vec<&str> = cycle.iter().map(|&i| hb.decisions[i].id.as_str()).collect();
    let d = &hb.decisions[first];
    let span = (d.supersedes.first().or(d.superseded_by.first()))
        .map_or_else(|| d.span.clone(), |r| r.span.clone());
    diags.push(
        Diagnostic::error(
            Code::SupersessionCycle,
            format!(
                "supersession forms a cycle: {} → {} (each supersedes the next)",
                names.join(" → "),
                names[0]
            ),
        )
        .with_span(span)
        .with_help("a newer decision supersedes an older one; remove the link that points back"),
    );
}

/// A doc that links a superseded decision.
fn superseded_links(
    hb: &Handbook,
    gov: &Governance,
    res: &Resolution,
    diags: &mut Vec<Diagnostic>,
) {
    for r in res.records().filter(|r| !r.broken) {
        let (
            Entity::Item(crate::model::doc::ID, _),
            Target::Entity(Entity::Item(crate::model::decision::ID, t), _),
        ) = (r.from, &r.target)
        else {
            continue;
        };
        let d = &hb.decisions[*t];
        if d.status != "superseded" {
            continue;
        }
        let successor = gov.decisions()[*t]
            .superseded_by
            .first()
            .map(|&n| &hb.decisions[n]);
        let (msg, help) = match successor {
            Some(s) => (
                format!(
                    "this links decision `{}`, which is superseded by `{}`",
                    d.id, s.id
                ),
                format!("link the decision in force instead: [[decision:{}]]", s.id),
            ),
            None => (
                format!("this links decision `{}`, which is superseded", d.id),
                "link the decision that replaced it, or name it in the record's `superseded_by:`"
                    .to_string(),
            ),
        };
        diags.push(
            Diagnostic::warning(Code::LinksSupersededDecision, msg)
                .with_span(Span::clone(&r.span))
                .with_help(help),
        );
    }
}
