//! Merging imported people into `people.yml`, and `source-drift` between
//! the two for contributor lists (`.all-contributorsrc`, or any source that
//! maps `contributions`). An imported record is the hand-written person
//! with the same id or handle (compared without case, as forges compare
//! logins). Drift is checked both ways: someone `people.yml` credits with
//! contributions who is missing from the list, and a list entry whose
//! contribution kinds disagree with `people.yml`'s. A list entry that
//! `people.yml` lacks is not drift: it is imported as a person.

use std::collections::BTreeSet;

use crate::code::Code;
use crate::diag::Diagnostic;

use super::super::Person;

/// Add imported people who are not in `people.yml`; fill a hand-written
/// person's empty contributions, avatar and links from their record;
/// report name conflicts (`source-conflict`) and contributor-list drift
/// (`source-drift`). `contributor_files` are the files read by sources
/// that map `contributions`.
pub(crate) fn merge(
    people: &mut Vec<Person>,
    imported: Vec<Person>,
    contributor_files: &[String],
    diags: &mut Vec<Diagnostic>,
) {
    let hand_written = people.len();
    let mut listed = vec![false; hand_written];
    for p in imported {
        let Some(i) = matching(&people[..hand_written], &p.id) else {
            if !people.iter().any(|q| q.id == p.id) {
                people.push(p);
            }
            continue;
        };
        let q = &mut people[i];
        if q.name != p.name && p.name != p.id {
            diags.push(
                Diagnostic::warning(
                    Code::SourceConflict,
                    format!(
                        "person `{}` is named \"{}\" here but \"{}\" in a data source ({})",
                        q.id, q.name, p.name, p.span
                    ),
                )
                .with_span(q.span.clone())
                .with_help("make the names agree; the hand-written one is used"),
            );
        }
        if !contributor_files.contains(&p.span.file) {
            continue;
        }
        listed[i] = true;
        if !q.contributions.is_empty() && !p.contributions.is_empty() {
            differing_kinds(q, &p, diags);
        }
        fill(q, p);
    }
    if let Some(list) = contributor_files.first() {
        for (q, _) in people.iter().zip(listed).filter(|(_, l)| !*l) {
            missing(q, list, diags);
        }
    }
}

/// The hand-written person an imported id names: same id, else same handle.
fn matching(people: &[Person], id: &str) -> Option<usize> {
    let same = |a: &str| a.trim_start_matches('@').eq_ignore_ascii_case(id);
    (people.iter().position(|q| q.id == id))
        .or_else(|| people.iter().position(|q| same(&q.id)))
        .or_else(|| (people.iter()).position(|q| q.handle.as_deref().is_some_and(same)))
}

/// What a contributor record adds where `people.yml` says nothing.
fn fill(q: &mut Person, p: Person) {
    if q.contributions.is_empty() {
        q.contributions = p.contributions;
    }
    if q.avatar.is_none() {
        q.avatar = p.avatar;
    }
    if q.links.is_empty() {
        q.links = p.links;
    }
}

/// A contribution kind in one spelling: all-contributors' keys (`doc`,
/// `test`, `eventOrganizing`) become the kinds `people.yml` uses.
fn kind(c: &str) -> String {
    let c = c.trim();
    let same = match c {
        "doc" => "docs",
        "test" => "tests",
        "talk" => "talks",
        "eventOrganizing" => "events",
        "fundingFinding" | "financial" => "funding",
        "promotion" => "outreach",
        other => other,
    };
    same.to_lowercase()
}

fn kinds(v: &[String]) -> BTreeSet<String> {
    v.iter().map(|c| kind(c)).collect()
}

fn differing_kinds(q: &Person, p: &Person, diags: &mut Vec<Diagnostic>) {
    let (here, there) = (kinds(&q.contributions), kinds(&p.contributions));
    if here == there {
        return;
    }
    let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
    diags.push(
        Diagnostic::warning(
            Code::SourceDrift,
            format!(
                "`{}`'s contributions differ: [{}] in `{}`, [{}] in `{}` ({})",
                q.id,
                list(&here),
                q.span.file,
                list(&there),
                p.span.file,
                p.span
            ),
        )
        .with_span(q.span.clone())
        .with_help("make the two lists agree; the one in people.yml is used"),
    );
}

fn missing(q: &Person, list: &str, diags: &mut Vec<Diagnostic>) {
    if q.contributions.is_empty() {
        return;
    }
    diags.push(
        Diagnostic::warning(
            Code::SourceDrift,
            format!(
                "`{}` has contributions in `{}` but is not in `{list}`",
                q.id, q.span.file
            ),
        )
        .with_span(q.span.clone())
        .with_help(format!(
            "add them to `{list}` (with their login as `{}` or as their `handle:`), or remove their `contributions:` here",
            q.id
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn person(id: &str, file: &str, contributions: &[&str]) -> Person {
        Person {
            id: id.into(),
            name: id.into(),
            handle: None,
            pronouns: None,
            location: None,
            avatar: None,
            links: Vec::new(),
            contributions: contributions.iter().map(|c| c.to_string()).collect(),
            emails: Vec::new(),
            credit: true,
            orcid: None,
            affiliations: Vec::new(),
            credit_roles: Vec::new(),
            span: Span::file(file),
            url: String::new(),
        }
    }

    #[test]
    fn handle_matches_and_fills_and_kinds_are_compared_in_one_spelling() {
        let rc = ".all-contributorsrc".to_string();
        let mut ada = person("ada", "people.yml", &[]);
        ada.handle = Some("@AdaL".into());
        let bo = person("bo", "people.yml", &["docs", "tests"]);
        let cy = person("cy", "people.yml", &["code"]);
        let mut people = vec![ada, bo, cy];
        let imported = vec![
            person("adal", &rc, &["code"]),
            person("bo", &rc, &["test", "doc"]),
            person("dee", &rc, &["review"]),
        ];
        let mut d = Vec::new();
        merge(&mut people, imported, std::slice::from_ref(&rc), &mut d);
        let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["ada", "bo", "cy", "dee"]);
        assert_eq!(people[0].contributions, ["code"]);
        // `cy` is credited here and missing there; `bo` agrees.
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("`cy` has contributions"), "{d:?}");
    }

    #[test]
    fn differing_kinds_name_both_places() {
        let rc = ".all-contributorsrc".to_string();
        let mut people = vec![person("bo", "people.yml", &["docs"])];
        let mut d = Vec::new();
        merge(
            &mut people,
            vec![person("bo", &rc, &["doc", "review"])],
            std::slice::from_ref(&rc),
            &mut d,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "`bo`'s contributions differ: [docs] in `people.yml`, [docs, review] in `.all-contributorsrc` (.all-contributorsrc:1:1)"
        );
        assert_eq!(people[0].contributions, ["docs"]);
    }

    #[test]
    fn no_contributor_list_no_drift() {
        let mut people = vec![person("bo", "people.yml", &["docs"])];
        let mut d = Vec::new();
        merge(
            &mut people,
            vec![person("zed", "myst.yml", &[])],
            &[],
            &mut d,
        );
        assert!(d.is_empty());
        assert_eq!(people.len(), 2);
    }
}
