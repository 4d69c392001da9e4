//! The acknowledgements page: everyone who contributed, grouped by
//! contribution type (the all-contributors keys people declare in
//! `people.yml`), then everyone who changed the handbook according to git,
//! each group with its count. Generated, never hand-kept; people with
//! `credit: false` are left out.

use crate::model::{CONTRIBUTION_KINDS, Holder};

use super::Builder;
use super::ctx::*;

pub(super) fn acknowledgements_page(b: &Builder<'_, '_>, page: &mut PageCtx) -> AckCtx {
    let inp = b.inp;
    let hb = inp.hb;
    let credited: Vec<usize> = (0..hb.people.len())
        .filter(|&i| hb.people[i].credit)
        .collect();
    let mut groups = Vec::new();
    for kind in CONTRIBUTION_KINDS {
        let mut people: Vec<AckPerson> = (credited.iter())
            .filter(|&&i| hb.people[i].contributions.iter().any(|c| c == kind))
            .map(|&i| person(b, i, None))
            .collect();
        if people.is_empty() {
            continue;
        }
        people.sort_by_cached_key(|p| p.name.to_lowercase());
        groups.push(AckGroup {
            id: (*kind).to_string(),
            title: inp
                .md
                .strings
                .tr(&format!("contribution.{kind}"))
                .to_string(),
            count: people.len(),
            people,
        });
    }
    let git = git_group(b, &credited);
    if !git.people.is_empty() {
        groups.push(git);
    }
    let mut everyone: Vec<&str> = (groups.iter())
        .flat_map(|g| g.people.iter().map(|p| p.name.as_str()))
        .collect();
    everyone.sort_unstable();
    everyone.dedup();
    page.kind = "acknowledgements";
    page.description = inp.md.strings.fill(
        "acknowledgements.description",
        &[
            ("handbook", &hb.config.title),
            ("count", &everyone.len().to_string()),
        ],
    );
    AckCtx {
        total: everyone.len(),
        groups,
    }
}

/// Everyone git credits: people (with their commits) and unmatched names.
fn git_group(b: &Builder<'_, '_>, credited: &[usize]) -> AckGroup {
    let inp = b.inp;
    let mut people: Vec<AckPerson> = (credited.iter())
        .filter_map(|&i| {
            let n = inp.credits.people_commits.get(i).copied().unwrap_or(0);
            (n > 0).then(|| person(b, i, Some(n)))
        })
        .collect();
    people.extend(inp.credits.unmatched.iter().map(|(name, _, n)| AckPerson {
        name: name.clone(),
        url: None,
        commits: Some(inp.md.strings.count("acknowledgements.commits", *n)),
        sort: *n,
    }));
    people.sort_by(|a, b| b.sort.cmp(&a.sort).then_with(|| a.name.cmp(&b.name)));
    AckGroup {
        id: "git".into(),
        title: inp.tr("acknowledgements.git").to_string(),
        count: people.len(),
        people,
    }
}

fn person(b: &Builder<'_, '_>, i: usize, commits: Option<usize>) -> AckPerson {
    let h = b.holder(&Holder::Person(i));
    AckPerson {
        name: h.name,
        url: h.url,
        commits: commits.map(|n| b.inp.md.strings.count("acknowledgements.commits", n)),
        sort: commits.unwrap_or(0),
    }
}
