//! The search index kept in memory between saves, for `serve`: every
//! record's scored tokens and every token's postings, so a page whose text
//! changed updates only the shards of the tokens it gained, lost or
//! rescored, and its body chunk, in milliseconds instead of a rebuild of
//! the whole index. The files it writes are exactly those
//! [`super::build`] writes for the same records (tested).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxBuildHasher;

use super::{BODY_CHUNK_SIZE, Record, body, score, shard_json, shard_key};

/// A record's identity in the index: what its `d-<n>.json` entry holds.
/// An update that changes one falls back to a full build.
type Identity = (String, String, &'static str, String);

/// The index of the current records, with what it needs to change.
pub(crate) struct LiveIndex {
    identity: Vec<Identity>,
    /// Per record, its tokens and scores, sorted by token.
    scored: Vec<Vec<(String, u32)>>,
    /// Token → `[doc, score, doc, score, …]`, by document.
    postings: HashMap<String, Vec<u32>, FxBuildHasher>,
    /// Shard key → its tokens.
    shards: BTreeMap<String, BTreeSet<String>>,
}

fn identity(r: &Record<'_>) -> Identity {
    (r.url.clone(), r.title.clone(), r.kind, r.section.clone())
}

fn scored(r: &Record<'_>) -> Vec<(String, u32)> {
    let text = r.text.make();
    let mut v: Vec<(String, u32)> = (score(r, &text).terms.into_iter())
        .map(|t| (t.token.into_owned(), t.score))
        .collect();
    v.sort_unstable();
    v
}

impl LiveIndex {
    /// Index `records`; the files are [`super::build`]'s.
    pub(crate) fn new(records: &[Record<'_>]) -> (LiveIndex, BTreeMap<String, String>) {
        use rayon::prelude::*;
        let scored: Vec<Vec<(String, u32)>> = records.par_iter().map(scored).collect();
        let mut postings: HashMap<String, Vec<u32>, FxBuildHasher> = HashMap::default();
        let mut shards: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (doc, terms) in scored.iter().enumerate() {
            let doc = u32::try_from(doc).unwrap_or(u32::MAX);
            for (t, s) in terms {
                match postings.get_mut(t) {
                    Some(v) => v.extend([doc, *s]),
                    None => {
                        shards.entry(shard_key(t)).or_default().insert(t.clone());
                        postings.insert(t.clone(), vec![doc, *s]);
                    }
                }
            }
        }
        let live = LiveIndex {
            identity: records.iter().map(identity).collect(),
            scored,
            postings,
            shards,
        };
        (live, super::build(records))
    }

    /// Apply new records, of which only those at `changed` may differ in
    /// text. The list has `total` records; `window` holds those from
    /// `base` on, covering the body chunk of each changed one. Returns the
    /// files to write (changed shards and body chunks, and the meta file
    /// when the shard list changed) and the shard files to remove. `None`
    /// when the records differ in number or identity (a title or URL
    /// changed) or the window falls short: build the index anew then.
    pub(crate) fn update(
        &mut self,
        total: usize,
        base: usize,
        window: &[Record<'_>],
        changed: &[usize],
    ) -> Option<(BTreeMap<String, String>, Vec<String>)> {
        let at = |i: usize| window.get(i.checked_sub(base)?);
        // Each changed record's body chunk must be in the window whole.
        let whole = |i: usize| {
            let n = i / BODY_CHUNK_SIZE;
            let end = ((n + 1) * BODY_CHUNK_SIZE).min(total);
            n * BODY_CHUNK_SIZE >= base && end <= base + window.len()
        };
        if total != self.identity.len()
            || changed
                .iter()
                .any(|&i| !whole(i) || at(i).map(identity).as_ref() != self.identity.get(i))
        {
            return None;
        }
        // Whether a shard was added or removed (the meta file lists them).
        let mut relisted = false;
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        let mut bodies = BTreeSet::new();
        for &i in changed {
            let new = scored(at(i)?);
            let old = std::mem::take(&mut self.scored[i]);
            relisted |= self.apply(i, &old, &new, &mut dirty);
            self.scored[i] = new;
            bodies.insert(i / BODY_CHUNK_SIZE);
        }
        let mut files = BTreeMap::new();
        let mut removed = Vec::new();
        for key in dirty {
            let path = format!("search/t-{key}.json");
            match self.shards.get(&key) {
                Some(tokens) => {
                    let terms: Vec<super::Posting<'_>> = tokens
                        .iter()
                        .filter_map(|t| Some((t.as_str().into(), self.postings.get(t)?.into())))
                        .collect();
                    files.insert(path, shard_json(&terms));
                }
                None => removed.push(path),
            }
        }
        for n in bodies {
            let from = n * BODY_CHUNK_SIZE - base;
            let to = ((n + 1) * BODY_CHUNK_SIZE).min(total) - base;
            let chunk = window.get(from..to).unwrap_or(&[]);
            let made: Vec<_> = chunk.iter().map(|r| r.text.make()).collect();
            let texts: Vec<&str> = made.iter().map(|t| body(t)).collect();
            files.insert(
                format!("search/b-{n}.json"),
                serde_json::to_string(&texts).unwrap_or_default(),
            );
        }
        if relisted {
            files.insert(
                "search/meta.json".into(),
                super::meta_json(total, self.shards.keys().cloned().collect()),
            );
        }
        Some((files, removed))
    }

    /// Replace record `doc`'s postings `old` by `new` (both sorted by
    /// token), noting the shards that change; whether a shard was added
    /// or removed.
    fn apply(
        &mut self,
        doc: usize,
        old: &[(String, u32)],
        new: &[(String, u32)],
        dirty: &mut BTreeSet<String>,
    ) -> bool {
        let mut relisted = false;
        let id = u32::try_from(doc).unwrap_or(u32::MAX);
        let old_map: BTreeMap<&str, u32> = old.iter().map(|(t, s)| (t.as_str(), *s)).collect();
        let new_map: BTreeMap<&str, u32> = new.iter().map(|(t, s)| (t.as_str(), *s)).collect();
        for (t, s) in &old_map {
            if new_map.get(t) == Some(s) {
                continue;
            }
            dirty.insert(shard_key(t));
            if let Some(v) = self.postings.get_mut(*t) {
                if let Some(at) = position(v, id) {
                    v.drain(at..at + 2);
                }
                if v.is_empty() {
                    self.postings.remove(*t);
                    let key = shard_key(t);
                    if let Some(set) = self.shards.get_mut(&key) {
                        set.remove(*t);
                        if set.is_empty() {
                            self.shards.remove(&key);
                            relisted = true;
                        }
                    }
                }
            }
        }
        for (t, s) in &new_map {
            if old_map.get(t) == Some(s) {
                continue;
            }
            let key = shard_key(t);
            dirty.insert(key.clone());
            let v = self.postings.entry((*t).to_string()).or_default();
            let at = insertion(v, id);
            v.splice(at..at, [id, *s]);
            let set = self.shards.entry(key).or_insert_with(|| {
                relisted = true;
                BTreeSet::new()
            });
            set.insert((*t).to_string());
        }
        relisted
    }
}

/// Index of `doc`'s pair in postings `v` (pairs sorted by document).
fn position(v: &[u32], doc: u32) -> Option<usize> {
    let pairs = v.len() / 2;
    let (mut lo, mut hi) = (0, pairs);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match v[mid * 2].cmp(&doc) {
            std::cmp::Ordering::Equal => return Some(mid * 2),
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

/// Where `doc`'s pair goes in postings `v` to keep documents in order.
fn insertion(v: &[u32], doc: u32) -> usize {
    let pairs = v.len() / 2;
    let (mut lo, mut hi) = (0, pairs);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if v[mid * 2] < doc {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(url: &str, text: &str) -> Record<'static> {
        crate::search::tests::doc(url, text.to_string())
    }

    #[test]
    fn an_update_writes_what_a_full_build_writes() {
        let mut records: Vec<Record> = (0..40)
            .map(|i| {
                rec(
                    &format!("p{i}.html"),
                    &format!("common words page{i} zebra{}", i % 3),
                )
            })
            .collect();
        let (mut live, mut files) = LiveIndex::new(&records);
        assert_eq!(files, crate::search::build(&records));
        // Page 7 loses `common` and `zebra1`, gains `quokka` (a new shard)
        // and repeats `words`; page 30 changes nothing.
        records[7] = rec("p7.html", "words words page7 quokka");
        let (changed, removed) = live.update(records.len(), 0, &records, &[7, 30]).unwrap();
        assert!(
            changed.contains_key("search/t-qu.json") && changed.contains_key("search/meta.json")
        );
        assert!(removed.is_empty());
        files.extend(changed);
        assert_eq!(files, crate::search::build(&records));
        // Back again: the quokka shard disappears.
        records[7] = rec("p7.html", "common words page7 zebra1");
        let (changed, removed) = live.update(records.len(), 0, &records, &[7]).unwrap();
        assert_eq!(removed, ["search/t-qu.json"]);
        files.extend(changed);
        for r in removed {
            files.remove(&r);
        }
        assert_eq!(files, crate::search::build(&records));
        // A changed title is not an update.
        records[3].title = "Other".into();
        assert!(live.update(records.len(), 0, &records, &[3]).is_none());
    }
}
