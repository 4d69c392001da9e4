//! Credit: who changed each page, from the git history ([`crate::git`]),
//! matched to `people.yml` by email, GitHub handle (a
//! `users.noreply.github.com` address, or the handle as a name) or name.
//! Runs after `govern`; people with `credit: false` are left out, a
//! handbook with `credit: false` credits nobody, and every author git knows
//! whom `people.yml` does not list is one `unknown-contributor` warning, so
//! they can be added. Later stages (pages, acknowledgements,
//! `handbook.json`) only read the resulting [`Credits`].

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::git::{Author, History};
use crate::model::{Handbook, Holder};

/// Who changed what, as far as git knows.
#[derive(Debug, Clone, Default)]
pub struct Credits {
    /// Source path → the people (or, unmatched, names) who changed it, in
    /// the order of their first change.
    pub by_src: BTreeMap<String, Vec<Holder>>,
    /// Per person (index into `hb.people`): the docs they changed.
    pub people_docs: Vec<Vec<usize>>,
    /// Per person: their commits to the handbook (0 for those who opted
    /// out of credit).
    pub people_commits: Vec<usize>,
    /// Authors no person matches, sorted by name: name, email, commits.
    pub unmatched: Vec<(String, String, usize)>,
    /// The latest commits that changed handbook files, newest first.
    pub recent: Vec<Change>,
}

/// One commit on the recent changes page.
#[derive(Debug, Clone)]
pub struct Change {
    /// The commit's abbreviated hash (12 characters).
    pub hash: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
    /// The person when matched (and crediting is on), else the name.
    pub author: Holder,
    /// Handbook files it changed, in git's order.
    pub files: Vec<String>,
}

/// How many commits the recent changes page lists.
pub(crate) const RECENT: usize = 50;

/// Match the history's authors to people and credit each source file.
pub(crate) fn compute(hb: &Handbook, history: &History, diags: &mut Vec<Diagnostic>) -> Credits {
    let mut c = Credits {
        people_docs: vec![Vec::new(); hb.people.len()],
        people_commits: vec![0; hb.people.len()],
        ..Credits::default()
    };
    if history.is_empty() {
        return c;
    }
    let index = Index::new(hb);
    c.recent = recent(hb, history, &index);
    if !hb.config.credit {
        return c;
    }
    // Who an address is: found once per address as written, by its
    // lower-case form (the first commit's name decides a name match).
    let mut who: HashMap<String, Option<usize>> = HashMap::default();
    let mut seen: HashMap<&str, (String, Option<usize>)> = HashMap::default();
    let mut unmatched: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    for commit in &history.commits {
        let (email, p) = seen.entry(&*commit.author_email).or_insert_with(|| {
            let email = commit.author_email.to_lowercase();
            let p = *who
                .entry(email.clone())
                .or_insert_with(|| index.find(&commit.author_name, &email));
            (email, p)
        });
        match *p {
            // Someone who opted out is not counted either.
            Some(p) if !hb.people[p].credit => {}
            Some(p) => c.people_commits[p] += 1,
            None => match unmatched.get_mut(email.as_str()) {
                Some(u) => u.2 += 1,
                None => {
                    let first = (
                        commit.author_name.to_string(),
                        commit.author_email.to_string(),
                        1,
                    );
                    unmatched.insert(email.clone(), first);
                }
            },
        }
    }
    let doc_of: HashMap<&str, usize> = (hb.docs.iter().enumerate())
        .map(|(i, d)| (d.src.as_str(), i))
        .collect();
    for (src, authors) in &history.contributors {
        let holders = credited(hb, &seen, authors);
        if let Some(&d) = doc_of.get(src.as_str()) {
            for h in &holders {
                if let Holder::Person(p) = h {
                    c.people_docs[*p].push(d);
                }
            }
        }
        if !holders.is_empty() {
            c.by_src.insert(src.clone(), holders);
        }
    }
    let rank = title_ranks(hb);
    for docs in &mut c.people_docs {
        docs.sort_by_key(|&d| rank[d]);
    }
    c.unmatched = unmatched.into_values().collect();
    c.unmatched
        .sort_by(|a, b| (a.0.to_lowercase(), &a.1).cmp(&(b.0.to_lowercase(), &b.1)));
    if hb.has_people_file {
        report_unmatched(hb, &c.unmatched, diags);
    }
    c
}

/// Each doc's place in title order, the same for equal titles: sorting
/// by it is sorting by title, without comparing titles again for every
/// person.
fn title_ranks(hb: &Handbook) -> Vec<usize> {
    let mut order: Vec<usize> = (0..hb.docs.len()).collect();
    order.sort_by(|&a, &b| hb.docs[a].title.cmp(&hb.docs[b].title));
    let mut rank = vec![0; hb.docs.len()];
    for (i, w) in order.iter().enumerate() {
        let same = i > 0 && hb.docs[order[i - 1]].title == hb.docs[*w].title;
        rank[*w] = if same { rank[order[i - 1]] } else { i };
    }
    rank
}

/// The latest [`RECENT`] commits that changed a file of the handbook.
fn recent(hb: &Handbook, history: &History, index: &Index) -> Vec<Change> {
    history
        .commits
        .iter()
        .filter(|c| c.files.iter().any(|f| hb.files.contains_key(f)))
        .take(RECENT)
        .map(|c| {
            let person = (hb.config.credit)
                .then(|| index.find(&c.author_name, &c.author_email.to_lowercase()))
                .flatten()
                .filter(|&p| hb.people[p].credit);
            Change {
                hash: c.hash.chars().take(12).collect(),
                date: c.date.get(..10).unwrap_or(&c.date).to_string(),
                subject: c.subject.clone(),
                author: person
                    .map_or_else(|| Holder::Name(c.author_name.to_string()), Holder::Person),
                files: (c.files.iter())
                    .filter(|f| hb.files.contains_key(f))
                    .cloned()
                    .collect(),
            }
        })
        .collect()
}

/// The holders credited for a file: matched people who allow credit (once
/// each), and unmatched authors by name.
fn credited(
    hb: &Handbook,
    seen: &HashMap<&str, (String, Option<usize>)>,
    authors: &[Author],
) -> Vec<Holder> {
    let mut out: Vec<Holder> = Vec::with_capacity(authors.len());
    for a in authors {
        let h = match seen.get(&*a.email).and_then(|s| s.1) {
            Some(p) if !hb.people[p].credit => continue,
            Some(p) => Holder::Person(p),
            None => Holder::Name(a.name.to_string()),
        };
        if !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

fn report_unmatched(
    hb: &Handbook,
    unmatched: &[(String, String, usize)],
    diags: &mut Vec<Diagnostic>,
) {
    let file = hb
        .people
        .first()
        .map_or_else(|| "people.yml".to_string(), |p| p.span.file.clone());
    for (name, email, commits) in unmatched {
        let s = if *commits == 1 { "" } else { "s" };
        diags.push(
            Diagnostic::warning(
                Code::UnknownContributor,
                format!("{name} <{email}> made {commits} commit{s} to the handbook but is not in {file}"),
            )
            .with_span(Span::file(file.clone()))
            .with_help(format!(
                "add them to {file} with `email: {email}` so their pages credit them, or map the address to a listed person in .mailmap"
            )),
        );
    }
}

/// People by lower-case email, handle and name.
struct Index {
    email: HashMap<String, usize>,
    handle: HashMap<String, usize>,
    name: HashMap<String, usize>,
}

impl Index {
    fn new(hb: &Handbook) -> Index {
        let mut ix = Index {
            email: HashMap::default(),
            handle: HashMap::default(),
            name: HashMap::default(),
        };
        // The first person listed wins a shared key.
        for (i, p) in hb.people.iter().enumerate().rev() {
            for e in &p.emails {
                ix.email.insert(e.clone(), i);
            }
            if let Some(h) = &p.handle {
                ix.handle
                    .insert(h.trim_start_matches('@').to_lowercase(), i);
            }
            ix.name.insert(p.name.to_lowercase(), i);
        }
        ix
    }

    /// The person an author is: by email, then GitHub handle, then name.
    fn find(&self, name: &str, email: &str) -> Option<usize> {
        if let Some(&p) = self.email.get(email) {
            return Some(p);
        }
        let handle = github_handle(email);
        let name = name.trim().to_lowercase();
        handle
            .and_then(|h| self.handle.get(&h))
            .or_else(|| self.handle.get(&name))
            .or_else(|| self.name.get(&name))
            .copied()
    }
}

/// The GitHub login of a `[id+]login@users.noreply.github.com` address.
fn github_handle(email: &str) -> Option<String> {
    let local = email.strip_suffix("@users.noreply.github.com")?;
    let login = local.split_once('+').map_or(local, |(_, l)| l);
    (!login.is_empty()).then(|| login.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_noreply_addresses_give_the_login() {
        assert_eq!(
            github_handle("12345+Ana-B@users.noreply.github.com").as_deref(),
            Some("ana-b")
        );
        assert_eq!(
            github_handle("bo@users.noreply.github.com").as_deref(),
            Some("bo")
        );
        assert_eq!(github_handle("bo@example.org"), None);
    }
}
