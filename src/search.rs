//! The static search index, built after resolution: one record per doc,
//! role, journey, term and person, tokenised into an inverted index that is
//! sharded by two-character token prefix, plus document records in chunks.
//! A reader's browser fetches only the shards and chunks a query touches
//! (format documented in `themes/default/README.md`, "Search index").

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::leb128;
use crate::model::Governance;
use crate::model::kind::{SearchEntry, SearchText};
use crate::model::{Handbook, KINDS, KindInfo};
use crate::nav::Nav;

mod live;
pub(crate) use live::LiveIndex;

/// Document records (url, title, kind, section) per `d-<n>.json` chunk.
pub(crate) const CHUNK_SIZE: usize = 256;
/// Document texts per `b-<n>.json` chunk: small, because the top results of
/// a query are scattered over the whole site.
pub(crate) const BODY_CHUNK_SIZE: usize = 8;
/// Characters of body text stored per record, for excerpts around the
/// matched words (which may be far down a page).
pub(crate) const BODY_CHARS: usize = 12_000;

/// One searchable record.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Record<'a> {
    /// URL from the site root.
    #[serde(rename = "u")]
    pub url: String,
    #[serde(rename = "t")]
    pub title: String,
    /// `doc`, `role`, `journey`, `term`, `person`.
    #[serde(rename = "k")]
    pub kind: &'static str,
    #[serde(rename = "s")]
    pub section: String,
    /// Extra text indexed with a boost (headings, summaries); not emitted.
    #[serde(skip)]
    pub boost: String,
    /// Full text indexed (not emitted), made when the index reads it.
    #[serde(skip)]
    pub text: SearchText<'a>,
}

impl Record<'_> {
    /// Whether this record scores exactly as `other`: the same title,
    /// boost and text (see [`SearchText::same_as`]).
    pub(crate) fn scores_as(&self, other: &Record<'_>) -> bool {
        self.title == other.title && self.boost == other.boost && self.text.same_as(&other.text)
    }

    /// A copy that borrows nothing (to build the index on another thread).
    #[cfg(feature = "serve")]
    pub(crate) fn into_owned(self) -> Record<'static> {
        Record {
            text: self.text.into_owned(),
            ..self
        }
    }
}

/// The part of a record's `text` stored for excerpts: its first
/// [`BODY_CHARS`] characters.
pub(crate) fn body(text: &str) -> &str {
    if text.len() <= BODY_CHARS {
        return text;
    }
    (text.char_indices().nth(BODY_CHARS)).map_or(text, |(i, _)| &text[..i])
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    prefix_len: usize,
    shards: Vec<String>,
    chunk_size: usize,
    body_chunk_size: usize,
    doc_count: usize,
}

/// Collect the records of a handbook: each kind's module makes its entries.
pub(crate) fn records<'a>(hb: &'a Handbook, nav: &Nav, gov: &Governance) -> Vec<Record<'a>> {
    records_at(hb, nav, gov, 0..usize::MAX).0
}

/// The records at `range` of the list [`records`] makes, without making
/// the others, and that list's length: serve updates one doc's record and
/// the body chunk it is in, not the whole list.
pub(crate) fn records_at<'a>(
    hb: &'a Handbook,
    nav: &Nav,
    gov: &Governance,
    range: std::ops::Range<usize>,
) -> (Vec<Record<'a>>, usize) {
    let mut out = Vec::new();
    let section = |i| doc_section(nav, i);
    let mut base = 0;
    for k in KINDS {
        let n = k.count(hb);
        let (from, to) = (range.start.max(base), range.end.min(base + n));
        out.extend(
            (from..to.max(from))
                .map(|g| from_entry(k.info(), k.search(hb, gov, g - base, &section))),
        );
        base += n;
    }
    (out, base)
}

/// Where item `i` of `kind` is in the list [`records`] makes.
pub(crate) fn record_index(hb: &Handbook, kind: crate::model::kind::KindId, i: usize) -> usize {
    let before: usize = KINDS[..kind.slot()].iter().map(|k| k.count(hb)).sum();
    before + i
}

/// Where the table of contents puts doc `i`: its ancestors' titles.
fn doc_section(nav: &Nav, i: usize) -> String {
    let chain = nav.chain(i);
    chain
        .iter()
        .take(chain.len().saturating_sub(1))
        .map(|n| n.title.as_str())
        .collect::<Vec<_>>()
        .join(" › ")
}

fn from_entry<'a>(kind: &KindInfo, e: SearchEntry<'a>) -> Record<'a> {
    record(
        &e.url,
        e.fragment.as_deref(),
        e.title,
        kind.name,
        e.section,
        e.boost,
        e.text,
    )
}

fn record<'a>(
    url: &str,
    fragment: Option<&str>,
    title: &str,
    kind: &'static str,
    section: String,
    boost: String,
    text: SearchText<'a>,
) -> Record<'a> {
    Record {
        // Written into links by the search script: encoded, the path and
        // the fragment (of terms) each on its own.
        url: match fragment {
            Some(f) => format!("{url}#{}", crate::url::encode_path(f)),
            None => crate::url::encode_path(url).into_owned(),
        },
        title: title.to_string(),
        kind,
        section,
        boost,
        text,
    }
}

/// Split text into index tokens: lowercase, Latin diacritics folded (as the
/// browser's NFD-and-strip-marks does), split on non-alphanumerics, ≥ 2
/// chars. Runs of Chinese or Japanese script, written without spaces, become
/// overlapping character bigrams (`東京都` → `東京`, `京都`; a lone
/// character stays one token), so any two adjacent characters of a query
/// find the text; `waybook.js` splits queries the same way.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> + '_ {
    // Most text is ASCII: its words are runs of ASCII letters and digits,
    // found a byte at a time (a third of the index's time went to the
    // general path's per-character splitting).
    let (ascii, any) = if text.is_ascii() {
        (Some(AsciiWords { rest: text }.map(lower)), None)
    } else {
        let words = text.split(|c: char| !c.is_alphanumeric());
        (
            None,
            Some(words.filter(|w| !w.is_empty()).flat_map(word_tokens)),
        )
    };
    ascii.into_iter().flatten().chain(any.into_iter().flatten())
}

/// An ASCII token lower-cased: copied only when it has capitals.
fn lower(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// A token of a record being scored: a slice of its text, or one made
/// (lower-cased, folded) in a buffer that the next token reuses.
enum Tok<'a, 'b> {
    Text(&'a str),
    Made(&'b str),
}

/// Hand each token of `text` ([`tokens`]) to `f`. ASCII words with capitals
/// are lower-cased in `buf`, so that a word seen before costs no copy.
fn each_token<'a>(text: &'a str, buf: &mut String, mut f: impl FnMut(Tok<'a, '_>)) {
    if !text.is_ascii() {
        for t in tokens(text) {
            match t {
                Cow::Borrowed(t) => f(Tok::Text(t)),
                Cow::Owned(t) => f(Tok::Made(&t)),
            }
        }
        return;
    }
    for word in (AsciiWords { rest: text }) {
        if word.bytes().any(|c| c.is_ascii_uppercase()) {
            buf.clear();
            buf.push_str(word);
            buf.make_ascii_lowercase();
            f(Tok::Made(buf));
        } else {
            f(Tok::Text(word));
        }
    }
}

/// The words of ASCII text (see [`tokens`]): runs of `[A-Za-z0-9]` of two
/// or more, as written.
struct AsciiWords<'a> {
    rest: &'a str,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let b = self.rest.as_bytes();
            let start = b.iter().position(u8::is_ascii_alphanumeric)?;
            let len = b[start..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .unwrap_or(b.len() - start);
            let word = &self.rest[start..start + len];
            self.rest = &self.rest[start + len..];
            if len < 2 {
                continue;
            }
            return Some(word);
        }
    }
}

/// The tokens of one word (see [`tokens`]).
enum WordTokens<'a> {
    One(Option<std::borrow::Cow<'a, str>>),
    Many(std::vec::IntoIter<std::borrow::Cow<'a, str>>),
}

impl<'a> Iterator for WordTokens<'a> {
    type Item = std::borrow::Cow<'a, str>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            WordTokens::One(t) => t.take(),
            WordTokens::Many(it) => it.next(),
        }
    }
}

fn word_tokens(w: &str) -> WordTokens<'_> {
    if w.is_ascii() || !w.chars().any(is_cjk) {
        return WordTokens::One(plain_token(w));
    }
    let mut out = Vec::new();
    let mut rest = w;
    while let Some(c) = rest.chars().next() {
        let cjk = is_cjk(c);
        let end = rest
            .char_indices()
            .find(|&(_, d)| is_cjk(d) != cjk)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        if cjk {
            let idx: Vec<usize> = run
                .char_indices()
                .map(|(i, _)| i)
                .chain([run.len()])
                .collect();
            if idx.len() == 2 {
                out.push(std::borrow::Cow::Borrowed(run));
            }
            for win in idx.windows(3) {
                out.push(std::borrow::Cow::Borrowed(&run[win[0]..win[2]]));
            }
        } else {
            out.extend(plain_token(run));
        }
        rest = tail;
    }
    WordTokens::Many(out.into_iter())
}

/// A word of a spaced script: folded, kept when ≥ 2 characters.
fn plain_token(w: &str) -> Option<std::borrow::Cow<'_, str>> {
    let t = if w
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        std::borrow::Cow::Borrowed(w)
    } else {
        std::borrow::Cow::Owned(fold(w))
    };
    (t.chars().count() >= 2).then_some(t)
}

/// Han ideographs, kana and their compatibility forms: scripts written
/// without spaces between words.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x31F0..=0x31FF // katakana extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF66..=0xFF9F // halfwidth katakana
        | 0x20000..=0x2FA1F) // supplementary ideographs
}

fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let lower: Vec<char> = c.to_lowercase().collect();
        for l in lower {
            let t = deunicode::deunicode_char(l).unwrap_or("");
            let mut tc = t.chars();
            match (tc.next(), tc.next()) {
                (Some(a), None) if a.is_ascii_alphabetic() && is_latin_with_mark(l) => {
                    out.push(a.to_ascii_lowercase())
                }
                _ => out.push(l),
            }
        }
    }
    out
}

/// Latin letters that decompose to a base letter plus combining marks.
fn is_latin_with_mark(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF)
        && !matches!(
            c,
            'ß' | 'æ' | 'ø' | 'đ' | 'ł' | 'ŀ' | 'ħ' | 'ı' | 'œ' | 'þ' | 'ð'
        )
}

/// The shard key of a token: its first two characters, with anything outside
/// `[a-z0-9]` replaced by `_`.
pub(crate) fn shard_key(token: &str) -> String {
    token
        .chars()
        .take(2)
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Records scored at once while building the index (their texts and scored
/// tokens are held until the block is merged: 256 records' take about 4 MB;
/// a whole number of body chunks).
const SCORE_BLOCK: usize = 256;
const _: () = assert!(SCORE_BLOCK.is_multiple_of(BODY_CHUNK_SIZE));

/// A token and its postings: `[doc, score, doc, score, …]`.
type Posting<'a> = (Cow<'a, str>, Cow<'a, [u32]>);

/// Build the index files (path under the site root → JSON text).
pub(crate) fn build(records: &[Record<'_>]) -> BTreeMap<String, String> {
    let files = std::sync::Mutex::new(BTreeMap::new());
    build_into(records, &|path, json| {
        if let Ok(mut f) = files.lock() {
            f.insert(path, json);
        }
    });
    files.into_inner().unwrap_or_default()
}

/// Build the index files and hand each to `emit` (path under the site
/// root, JSON text) as soon as it is made, from any thread: a build writes
/// them straight out instead of holding the whole index (100 MB at 13k
/// pages) until the end.
pub(crate) fn build_into(records: &[Record<'_>], emit: &(dyn Fn(String, String) + Sync)) {
    build_all(&[Index { records, emit }]);
}

/// One search index to build: its records, and where its files go (see
/// [`build_into`]).
pub(crate) struct Index<'r, 'a> {
    pub(crate) records: &'r [Record<'a>],
    pub(crate) emit: &'r (dyn Fn(String, String) + Sync),
}

/// Build several indexes in one pass (each language's): a record of a
/// later index that is the first index's record at the same place, word for
/// word ([`Record::scores_as`]: an untranslated page), takes that record's
/// text and scored tokens instead of making them again.
pub(crate) fn build_all(indexes: &[Index<'_, '_>]) {
    use rayon::prelude::*;
    // Score in parallel a block of records at a time (bounding the memory
    // the scored tokens take), then merge the block into the postings, one
    // partition of the shards per task: each takes its tokens from every
    // record in document order, so the postings of every token are sorted
    // by document id, and no two tasks touch one token.
    let mut parts: Vec<Vec<Postings>> = (indexes.iter())
        .map(|_| (0..PARTS).map(|_| Postings::new()).collect())
        .collect();
    let longest = indexes.iter().map(|x| x.records.len()).max().unwrap_or(0);
    for first in (0..longest).step_by(SCORE_BLOCK) {
        let block = Block::new(indexes, first);
        // The block's texts, made now and dropped after it.
        let texts: Vec<Option<Cow<'_, str>>> = (block.items.par_iter())
            .map(|&(r, repeat)| (!repeat).then(|| r.text.make()))
            .collect();
        let scored: Vec<Option<ScoredRecord<'_>>> = (block.items.par_iter().zip(&texts))
            .map(|(&(r, _), t)| t.as_deref().map(|t| score(r, t)))
            .collect();
        let of = |k: usize| block.index(k, &texts, &scored);
        let views: Vec<(Vec<&str>, Vec<&ScoredRecord<'_>>)> = (0..indexes.len()).map(of).collect();
        let mut tasks: Vec<(&[&ScoredRecord<'_>], usize, &mut Postings)> = (parts.iter_mut())
            .zip(&views)
            .flat_map(|(ps, (_, s))| (ps.iter_mut().enumerate()).map(move |(p, x)| (&s[..], p, x)))
            .collect();
        (tasks.par_iter_mut()).for_each(|(s, p, postings)| merge(*p, first, s, postings));
        // The texts' starts, for excerpts, while they are made (a block is
        // a whole number of body chunks).
        let chunks: Vec<(usize, usize, &[&str])> = (views.iter().enumerate())
            .flat_map(|(k, (t, _))| {
                (t.chunks(BODY_CHUNK_SIZE).enumerate()).map(move |(n, c)| (k, n, c))
            })
            .collect();
        (chunks.into_par_iter()).for_each(|(k, n, chunk)| {
            let bodies: Vec<&str> = chunk.iter().map(|t| body(t)).collect();
            (indexes[k].emit)(
                format!("search/b-{}.json", first / BODY_CHUNK_SIZE + n),
                serde_json::to_string(&bodies).unwrap_or_default(),
            );
        });
    }
    for (x, parts) in indexes.iter().zip(parts) {
        finish(x, parts);
    }
}

/// The records of a block of every index (see [`build_all`]), one list:
/// the first index's, then each later one's, each with whether it repeats
/// the first index's record at its place.
struct Block<'r, 'a> {
    items: Vec<(&'r Record<'a>, bool)>,
    /// Where each index's records start in `items` (and the end).
    starts: Vec<usize>,
}

impl<'r, 'a> Block<'r, 'a> {
    fn new(indexes: &[Index<'r, 'a>], first: usize) -> Self {
        let of = |recs: &'r [Record<'a>]| {
            recs.get(first..(first + SCORE_BLOCK).min(recs.len()))
                .unwrap_or_default()
        };
        let lead = indexes.first().map_or(&[][..], |x| of(x.records));
        let mut starts = vec![0];
        let mut items = Vec::new();
        for (k, x) in indexes.iter().enumerate() {
            items.extend((of(x.records).iter().enumerate()).map(|(j, r)| {
                let repeat = k > 0 && lead.get(j).is_some_and(|l| r.scores_as(l));
                (r, repeat)
            }));
            starts.push(items.len());
        }
        Block { items, starts }
    }

    /// Index `k`'s texts and scored records in this block, each its own
    /// or, where it repeats, the first index's at its place.
    fn index<'t, 's>(
        &self,
        k: usize,
        texts: &'t [Option<Cow<'t, str>>],
        scored: &'s [Option<ScoredRecord<'s>>],
    ) -> (Vec<&'t str>, Vec<&'s ScoredRecord<'s>>) {
        (self.starts[k]..self.starts[k + 1])
            .enumerate()
            .filter_map(|(j, at)| {
                let at = if self.items[at].1 { j } else { at };
                Some((texts[at].as_deref()?, scored[at].as_ref()?))
            })
            .unzip()
    }
}

/// Write index `x`'s shards, document chunks and meta from its postings.
fn finish(x: &Index<'_, '_>, parts: Vec<Postings>) {
    use rayon::prelude::*;
    let shards: Vec<Vec<String>> = (parts.into_par_iter())
        .map(|postings| {
            let mut by_shard: BTreeMap<String, Vec<(Box<str>, Packed)>> = BTreeMap::new();
            for (_, t, v) in postings {
                by_shard.entry(shard_key(&t)).or_default().push((t, v));
            }
            let keys = by_shard.keys().cloned().collect();
            by_shard.into_par_iter().for_each(|(key, packed)| {
                let mut terms: Vec<Posting<'_>> = (packed.into_iter())
                    .map(|(t, p)| (Cow::Owned(t.into()), Cow::Owned(p.unpack())))
                    .collect();
                terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                let json = shard_json(&terms);
                drop(terms);
                (x.emit)(format!("search/t-{key}.json"), json);
            });
            keys
        })
        .collect();
    let mut shards: Vec<String> = shards.into_iter().flatten().collect();
    shards.sort_unstable();
    (x.records.par_chunks(CHUNK_SIZE).enumerate()).for_each(|(n, chunk)| {
        (x.emit)(
            format!("search/d-{n}.json"),
            serde_json::to_string(chunk).unwrap_or_default(),
        );
    });
    (x.emit)(
        "search/meta.json".into(),
        meta_json(x.records.len(), shards),
    );
}

/// Token → postings (see [`Posting`], packed), each entry with the
/// token's hash (see [`Scored::hash`]), so a token is hashed once per
/// record, not again for the merge. Tokens are owned: the texts they come
/// from live for one block.
type Postings = hashbrown::HashTable<(u64, Box<str>, Packed)>;

/// One token's postings while the index is built: each `(doc, score)` as
/// two LEB128 numbers, the doc as its difference from the one before
/// (wrapping, so any order round-trips). Usually two bytes a posting
/// instead of eight: the postings were the largest part of the index's
/// memory (2.7 million at 10k pages).
#[derive(Debug, Default)]
struct Packed {
    bytes: Vec<u8>,
    last: u32,
}

impl Packed {
    fn push(&mut self, doc: u32, score: u32) {
        leb128::push(&mut self.bytes, u64::from(doc.wrapping_sub(self.last)));
        leb128::push(&mut self.bytes, u64::from(score));
        self.last = doc;
    }

    /// `[doc, score, doc, score, …]`, as pushed.
    fn unpack(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut at, mut doc) = (0, 0u32);
        while at < self.bytes.len() {
            doc = doc.wrapping_add(read_u32(&self.bytes, &mut at));
            out.extend([doc, read_u32(&self.bytes, &mut at)]);
        }
        out
    }
}

/// A number [`Packed`] wrote (the low 32 bits of a longer one).
fn read_u32(bytes: &[u8], at: &mut usize) -> u32 {
    leb128::read(bytes, at) as u32
}

/// A scored token of one record.
pub(crate) struct Scored<'a> {
    /// Its partition (see [`part`]).
    part: u8,
    /// `FxBuildHasher`'s hash of the token.
    hash: u64,
    pub(crate) token: Cow<'a, str>,
    pub(crate) score: u32,
}

/// A record's scored tokens, sorted by partition: partition `p`'s are
/// `terms[starts[p]..starts[p + 1]]`.
pub(crate) struct ScoredRecord<'a> {
    pub(crate) terms: Vec<Scored<'a>>,
    starts: [u32; PARTS + 1],
}

/// Partitions of the postings merge in [`build_into`].
const PARTS: usize = 16;

/// The partition of `token`'s shard: a function of [`shard_key`] (the
/// same two characters, folded the same way), computed without making it.
fn part(token: &str) -> u8 {
    let code = token.chars().take(2).fold(1usize, |code, c| {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '_'
        };
        code * 256 + c as usize
    });
    u8::try_from(code % PARTS).unwrap_or(0)
}

/// Add partition `p`'s tokens of a block of scored records (the first of
/// them document `first`) to its `postings`.
fn merge(p: usize, first: usize, scored: &[&ScoredRecord<'_>], postings: &mut Postings) {
    for (i, rec) in scored.iter().enumerate() {
        let doc = u32::try_from(first + i).unwrap_or(u32::MAX);
        let (lo, hi) = (rec.starts[p] as usize, rec.starts[p + 1] as usize);
        for t in rec.terms.get(lo..hi).unwrap_or_default() {
            match postings.find_mut(t.hash, |e| *e.1 == *t.token) {
                Some(e) => e.2.push(doc, t.score),
                None => {
                    let mut packed = Packed::default();
                    packed.push(doc, t.score);
                    postings.insert_unique(
                        t.hash,
                        (t.hash, t.token.as_ref().into(), packed),
                        |e| e.0,
                    );
                }
            }
        }
    }
}

/// `search/meta.json`: the format, the shard keys and the chunk sizes.
fn meta_json(doc_count: usize, shards: Vec<String>) -> String {
    let meta = Meta {
        version: 1,
        prefix_len: 2,
        shards,
        chunk_size: CHUNK_SIZE,
        body_chunk_size: BODY_CHUNK_SIZE,
        doc_count,
    };
    serde_json::to_string(&meta).unwrap_or_default()
}

/// A record's tokens with their scores (title ×10, boost ×3, body count
/// capped at 5), sorted by partition.
/// `text` is the record's, made.
pub(crate) fn score<'a>(r: &'a Record, text: &'a str) -> ScoredRecord<'a> {
    use std::hash::BuildHasher as _;
    // Token, its hash, title and boost score, body count. Sized for the
    // text at once: the shared corpora have a distinct token per 14-31
    // bytes of markdown.
    let mut scores: hashbrown::HashTable<(Cow<'a, str>, u64, u32, u32)> =
        hashbrown::HashTable::with_capacity(16 + text.len() / 24);
    let mut add = |t: Tok<'a, '_>, boost: u32, body: u32| {
        let word = match t {
            Tok::Text(w) | Tok::Made(w) => w,
        };
        let hash = FxBuildHasher.hash_one(word);
        let s = match scores.find_mut(hash, |e| e.0 == word) {
            Some(s) => s,
            None => {
                let token = match t {
                    Tok::Text(w) => Cow::Borrowed(w),
                    Tok::Made(w) => Cow::Owned(w.to_string()),
                };
                (scores.insert_unique(hash, (token, hash, 0, 0), |e| e.1)).into_mut()
            }
        };
        s.2 += boost;
        s.3 += body;
    };
    let mut buf = String::new();
    each_token(&r.title, &mut buf, |t| add(t, 10, 0));
    each_token(&r.boost, &mut buf, |t| add(t, 3, 0));
    each_token(text, &mut buf, |t| add(t, 0, 1));
    let mut terms: Vec<Scored<'a>> = (scores.into_iter())
        .map(|(token, hash, boost, body)| Scored {
            part: part(&token),
            hash,
            token,
            score: boost + body.min(5),
        })
        .collect();
    terms.sort_unstable_by_key(|t| t.part);
    let mut starts = [0u32; PARTS + 1];
    for t in &terms {
        starts[usize::from(t.part) + 1] += 1;
    }
    for p in 0..PARTS {
        starts[p + 1] += starts[p];
    }
    ScoredRecord { terms, starts }
}

/// `{"token":[doc,score,…],…}` written by hand: faster than building a map.
fn shard_json(terms: &[Posting<'_>]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(terms.len() * 24);
    s.push('{');
    for (i, (t, v)) in terms.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&serde_json::to_string(t).unwrap_or_default());
        s.push_str(":[");
        for (j, n) in v.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            let _ = write!(s, "{n}");
        }
        s.push(']');
    }
    s.push('}');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Packed postings give back exactly the pairs pushed, in any
        /// order and at any size.
        #[test]
        fn packed_postings_round_trip(pairs in proptest::collection::vec((0u32.., 0u32..), 0..64)) {
            let mut p = Packed::default();
            for &(doc, score) in &pairs {
                p.push(doc, score);
            }
            let flat: Vec<u32> = pairs.iter().flat_map(|&(d, s)| [d, s]).collect();
            proptest::prop_assert_eq!(p.unpack(), flat);
        }
    }

    #[test]
    fn packed_postings_take_two_bytes_for_near_docs() {
        let mut p = Packed::default();
        for doc in 1000..1100 {
            p.push(doc, 3);
        }
        // The first doc takes two bytes, each later one a byte of difference.
        assert_eq!(p.bytes.len(), 3 + 99 * 2);
    }

    #[test]
    fn tokens_fold_like_the_browser() {
        let t: Vec<std::borrow::Cow<str>> =
            tokens("Código de Conducta: VOTE, a 2nd-try straße 東京").collect();
        assert_eq!(
            t,
            [
                "codigo", "de", "conducta", "vote", "2nd", "try", "straße", "東京"
            ]
        );
    }

    #[test]
    fn ascii_text_splits_as_the_general_path_does() {
        let text = "Hello, World! a b2 x-ray O'Neil 42 __init__ CamelCase\tend.";
        let general: Vec<_> = (text.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .flat_map(word_tokens)
            .collect();
        let fast: Vec<_> = tokens(text).collect();
        assert_eq!(fast, general);
        assert_eq!(
            fast,
            [
                "hello",
                "world",
                "b2",
                "ray",
                "neil",
                "42",
                "init",
                "camelcase",
                "end"
            ]
        );
    }

    #[test]
    fn chinese_and_japanese_runs_become_bigrams() {
        let t: Vec<std::borrow::Cow<str>> =
            tokens("行動規範をお読みください 人 Wiki編集").collect();
        assert_eq!(
            t,
            [
                "行動", "動規", "規範", "範を", "をお", "お読", "読み", "みく", "くだ", "ださ",
                "さい", "人", "wiki", "編集"
            ]
        );
    }

    #[test]
    fn record_urls_encode_the_path_and_keep_our_fragment() {
        let doc = record(
            "docs/a#b c.html",
            None,
            "A",
            "doc",
            String::new(),
            String::new(),
            "".into(),
        );
        assert_eq!(doc.url, "docs/a%23b%20c.html");
        let term = record(
            "glossary.html",
            Some("term-lazy-consensus"),
            "Lazy consensus",
            "term",
            String::new(),
            String::new(),
            "".into(),
        );
        assert_eq!(term.url, "glossary.html#term-lazy-consensus");
    }

    #[test]
    fn tokens_of_one_shard_share_a_partition() {
        let tokens = [
            "vote", "vox", "vo", "straße", "stand", "st", "東京", "大阪", "é", "ü", "éa", "_x",
            "a1", "a1b", "9z", "zz", "v",
        ];
        for t in tokens {
            for u in tokens {
                if shard_key(t) == shard_key(u) {
                    assert_eq!(part(t), part(u), "{t} {u}");
                }
            }
        }
        // The partitions spread the shards: not all in one.
        let parts: std::collections::BTreeSet<u8> = tokens.iter().map(|t| part(t)).collect();
        assert!(parts.len() > 4, "{parts:?}");
    }

    #[test]
    fn a_record_keeps_the_first_body_chars_characters_of_its_text() {
        let body = |text: String| super::body(&text).to_string();
        let long = "é東a".repeat(BODY_CHARS);
        let kept = body(long.clone());
        assert_eq!(kept.chars().count(), BODY_CHARS);
        assert!(long.starts_with(&kept));
        assert_eq!(body("é".repeat(BODY_CHARS)), "é".repeat(BODY_CHARS));
        assert_eq!(body("short".into()), "short");
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("vote"), "vo");
        assert_eq!(shard_key("straße"), "st");
        assert_eq!(shard_key("東京"), "__");
        assert_eq!(shard_key("é"), "_");
    }

    #[test]
    fn index_is_sharded_and_chunked() {
        let recs: Vec<Record> = (0..70)
            .map(|i| {
                record(
                    &format!("p{i}.html"),
                    None,
                    &format!("Page {i}"),
                    "doc",
                    String::new(),
                    String::new(),
                    "vote maintainer".into(),
                )
            })
            .collect();
        let files = build(&recs);
        assert!(files.contains_key("search/d-0.json") && !files.contains_key("search/d-1.json"));
        let bodies: Vec<String> = serde_json::from_str(&files["search/b-8.json"]).unwrap();
        assert_eq!(bodies.len(), 6, "70 records in chunks of 8");
        assert_eq!(bodies[0], "vote maintainer");
        let shard: serde_json::Value = serde_json::from_str(&files["search/t-vo.json"]).unwrap();
        let vote = shard["vote"].as_array().unwrap();
        assert_eq!(vote.len(), 140);
        let meta: serde_json::Value = serde_json::from_str(&files["search/meta.json"]).unwrap();
        assert_eq!(meta["doc_count"], 70);
    }

    /// Over more than one scoring block, every token's postings are the
    /// documents that hold it, in document order, with the score a direct
    /// count gives (title ×10, boost ×3, body count capped at 5).
    #[test]
    fn postings_over_several_blocks_equal_a_direct_count() {
        let words = [
            "vote",
            "Straße",
            "quorum",
            "東京都",
            "ab",
            "lead",
            "x9",
            "Vote",
        ];
        let n = SCORE_BLOCK * 2 + 37;
        let recs: Vec<Record> = (0..n)
            .map(|i| {
                let body: Vec<&str> = (0..(i % 13)).map(|k| words[(i + k * k) % 8]).collect();
                record(
                    &format!("p{i}.html"),
                    None,
                    words[i % 8],
                    "doc",
                    String::new(),
                    if i % 5 == 0 {
                        "quorum".into()
                    } else {
                        String::new()
                    },
                    body.join(" ").into(),
                )
            })
            .collect();
        let mut want: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for (doc, r) in recs.iter().enumerate() {
            let mut s: BTreeMap<String, (u64, u64)> = BTreeMap::new();
            for (text, boost, body) in [
                (r.title.as_str(), 10, 0),
                (&r.boost, 3, 0),
                (&r.text.make(), 0, 1),
            ] {
                for t in tokens(text) {
                    let e = s.entry(t.into_owned()).or_default();
                    e.0 += boost;
                    e.1 += body;
                }
            }
            for (t, (boost, body)) in s {
                want.entry(t)
                    .or_default()
                    .extend([doc as u64, boost + body.min(5)]);
            }
        }
        let files = build(&recs);
        let mut got: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for (path, json) in &files {
            if path.starts_with("search/t-") {
                let shard: BTreeMap<String, Vec<u64>> = serde_json::from_str(json).unwrap();
                for (t, v) in shard {
                    assert_eq!(path, &format!("search/t-{}.json", shard_key(&t)));
                    assert!(got.insert(t, v).is_none());
                }
            }
        }
        assert!(want.contains_key("straße") && want.contains_key("東京"));
        assert_eq!(got, want);
    }

    /// A doc record titled by its URL's stem, with `text` as its body.
    pub(super) fn doc(url: &str, text: String) -> Record<'static> {
        let title = url.trim_end_matches(".html");
        record(
            url,
            None,
            title,
            "doc",
            String::new(),
            String::new(),
            text.into(),
        )
    }

    /// Indexes built in one pass (records repeated from the first index,
    /// records of their own, more and fewer records, over several blocks)
    /// are byte for byte the indexes built one at a time.
    #[test]
    fn indexes_built_together_are_those_built_alone() {
        let n = SCORE_BLOCK * 2 + 17;
        let lead: Vec<Record> = (0..n)
            .map(|i| {
                doc(
                    &format!("p{i}.html"),
                    format!("word{i} common text {}", i % 7),
                )
            })
            .collect();
        let mut longer = lead.clone();
        for i in (0..n).step_by(5) {
            longer[i] = doc(&format!("p{i}.html"), format!("traduit{i} texte commun"));
        }
        longer[3].title = "Titre".into();
        longer.push(doc("extra.html", "only here".into()));
        let shorter: Vec<Record> = lead[..SCORE_BLOCK + 3].to_vec();
        let lists = [&lead, &longer, &shorter];
        let got: Vec<std::sync::Mutex<BTreeMap<String, String>>> =
            lists.iter().map(|_| Default::default()).collect();
        let emits: Vec<_> = (got.iter())
            .map(|m| {
                move |path: String, json: String| {
                    m.lock().unwrap().insert(path, json);
                }
            })
            .collect();
        let indexes: Vec<Index> = (lists.iter().zip(&emits))
            .map(|(records, emit)| Index { records, emit })
            .collect();
        build_all(&indexes);
        for (records, got) in lists.iter().zip(got) {
            assert_eq!(got.into_inner().unwrap(), build(records));
        }
        assert!(longer[1].scores_as(&lead[1]) && !longer[3].scores_as(&lead[3]));
        assert!(!longer[5].scores_as(&lead[5]));
    }
}
