//! A markdown unit's plain text for the search index (part of the scan,
//! [`super::Scan::text`]), kept as the steps that make it rather than as
//! text. The words of a big handbook's pages are about as large as its
//! sources, and the scan finds them long before the search index reads
//! them, so the scan records which ranges of the unit's markdown it took
//! (and the few words that are not in it as written: entities, rewritten
//! fences), and the index makes the text again from the markdown it holds
//! anyway ([`PlainText::write`]).

use crate::leb128;

/// The steps that make a unit's plain text (whitespace collapsed) from its
/// markdown. Made by [`PlainText::over`] the markdown the scan walks, then
/// [`PlainText::finish`]ed; [`PlainText::write`] replays it.
///
/// The steps are a byte string of LEB128 numbers, a few bytes a step (a
/// page of prose takes a few hundred steps): each starts with a number
/// whose two low bits say what it is ([`WORDS`], [`SPACE`], [`BREAK`],
/// [`OWN`]) and whose other bits are the distance from the end of the
/// previous range of words (zigzag-coded), for words, followed by their
/// length; or the index of a copied text in `own`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainText {
    steps: Vec<u8>,
    /// Texts that are not slices of the markdown, whitespace collapsed.
    own: Vec<Box<str>>,
    /// While the scan runs: the address and length of the markdown it
    /// walks, to tell its slices from other text. Zero once finished.
    root: (usize, usize),
    /// While the scan runs: the range of words not yet written to `steps`
    /// (so that adjacent ranges become one), and where the last written
    /// range ended.
    pending: Option<(usize, usize)>,
    last_end: usize,
    /// Whether the last step is a [`BREAK`] (two in a row are one).
    broke: bool,
}

/// Bytes of the markdown, whitespace collapsed.
const WORDS: u64 = 0;
/// A space, always.
const SPACE: u64 = 1;
/// A space unless the text is empty or already ends with one.
const BREAK: u64 = 2;
/// A text not in the markdown as written (entities, rewritten fences).
const OWN: u64 = 3;

impl PlainText {
    /// An empty text whose words come from `markdown`.
    pub(crate) fn over(markdown: &str) -> PlainText {
        PlainText {
            root: (markdown.as_ptr() as usize, markdown.len()),
            ..PlainText::default()
        }
    }

    /// Stop recording (the markdown may move now) and drop the slack.
    pub(crate) fn finish(&mut self) {
        self.flush();
        self.root = (0, 0);
        self.last_end = 0;
        self.broke = false;
        self.steps.shrink_to_fit();
        self.own.shrink_to_fit();
    }

    /// Append `t`, whitespace collapsed: by position when it is a slice of
    /// the markdown, else as a copy.
    pub(crate) fn push(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        let (root, len) = self.root;
        let at = (t.as_ptr() as usize).wrapping_sub(root);
        if at > len || t.len() > len - at {
            self.flush();
            self.broke = false;
            let i = self.own.len() as u64;
            self.own.push(t.into());
            leb128::push(&mut self.steps, (i << 2) | OWN);
            return;
        }
        self.broke = false;
        match &mut self.pending {
            // Collapsing whitespace piece by piece is collapsing it whole,
            // so adjacent ranges are one step.
            Some((_, end)) if *end == at => *end = at + t.len(),
            _ => {
                self.flush();
                self.pending = Some((at, at + t.len()));
            }
        }
    }

    /// Append a space.
    pub(crate) fn space(&mut self) {
        self.flush();
        self.broke = false;
        leb128::push(&mut self.steps, SPACE);
    }

    /// Append a space unless the text is empty or ends with one.
    pub(crate) fn word_break(&mut self) {
        if !self.broke {
            self.flush();
            self.broke = true;
            leb128::push(&mut self.steps, BREAK);
        }
    }

    /// Write the pending range of words as a step.
    fn flush(&mut self) {
        if let Some((start, end)) = self.pending.take() {
            let gap = zigzag(start as i64 - self.last_end as i64);
            leb128::push(&mut self.steps, (gap << 2) | WORDS);
            leb128::push(&mut self.steps, (end - start) as u64);
            self.last_end = end;
        }
    }

    /// Append the text to `out`, made from `markdown` (the text the scan
    /// walked; a range that does not fit it is left out).
    pub(crate) fn write(&self, markdown: &str, out: &mut String) {
        let (mut at, mut last_end) = (0, 0i64);
        while at < self.steps.len() {
            let head = leb128::read(&self.steps, &mut at);
            match head & 3 {
                WORDS => {
                    let start = last_end + unzigzag(head >> 2);
                    let end = start + leb128::read(&self.steps, &mut at) as i64;
                    let range = usize::try_from(start).ok().zip(usize::try_from(end).ok());
                    let words = range.and_then(|(s, e)| markdown.get(s..e));
                    push_text(out, words.unwrap_or(""));
                    last_end = end;
                }
                SPACE => out.push(' '),
                BREAK => {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                _ => {
                    let own = usize::try_from(head >> 2)
                        .ok()
                        .and_then(|i| self.own.get(i));
                    push_text(out, own.map_or("", |t| t));
                }
            }
        }
    }

    /// The text, made from `markdown` (see [`PlainText::write`]).
    pub(crate) fn make(&self, markdown: &str) -> String {
        let mut s = String::new();
        self.write(markdown, &mut s);
        s
    }
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

/// Append text, collapsing runs of whitespace to one space. Adjacent events
/// are joined as written (`**bold**,` stays `bold,`).
pub(super) fn push_text(buf: &mut String, t: &str) {
    let bytes = t.as_bytes();
    let (mut from, mut i) = (0, 0);
    // Whether the character before `i` is whitespace.
    let mut after_ws = false;
    while i < bytes.len() {
        let b = bytes[i];
        // One space after a word stays as written: prose is copied a run
        // at a time, not a word at a time.
        if b == b' ' && i > 0 && !after_ws {
            after_ws = true;
            i += 1;
            continue;
        }
        // Width of the whitespace character at `i` (0: not whitespace).
        // ASCII is checked by byte; other characters are decoded at their
        // first byte only (continuation bytes are 0x80..=0xBF).
        let ws = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
            0xc0.. => t[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if ws == 0 {
            after_ws = false;
            i += 1;
            continue;
        }
        buf.push_str(&t[from..i]);
        if !buf.is_empty() && !buf.ends_with(' ') {
            buf.push(' ');
        }
        i += ws;
        from = i;
        after_ws = true;
    }
    buf.push_str(&t[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_what_was_appended() {
        let md = String::from("Alpha  beta\n\ngamma &amp; délta\u{3000}東京 end");
        let own = String::from("&");
        let mut p = PlainText::over(&md);
        // The same appends done on a string as they come.
        let mut d = String::new();
        let ops: Vec<(u8, &str)> = vec![
            (2, ""),
            (0, &md[0..5]),
            (0, &md[5..13]),
            (3, ""),
            (0, &md[13..19]),
            (0, &own),
            (1, ""),
            (1, ""),
            (0, &md[24..]),
            (3, ""),
            (3, ""),
            (0, "not in it  x"),
        ];
        for (op, t) in ops {
            match op {
                0 => {
                    p.push(t);
                    push_text(&mut d, t);
                }
                1 => {
                    p.space();
                    d.push(' ');
                }
                _ => {
                    p.word_break();
                    if !d.is_empty() && !d.ends_with(' ') {
                        d.push(' ');
                    }
                }
            }
        }
        p.finish();
        assert_eq!(p.make(&md), d);
        // The slices of the markdown are kept by position (two adjacent
        // ones as one step), the other texts as copies.
        assert_eq!(p.own.len(), 2);
        assert!(p.steps.len() < 20, "{:?}", p.steps);
    }

    proptest::proptest! {
        /// Any appends, of slices anywhere in the markdown (forwards,
        /// backwards, adjacent, overlapping) and of other text, replay as
        /// they were done.
        #[test]
        fn replays_any_appends(
            md in "[a-c \\n\u{a0}é東]{0,40}",
            ops in proptest::collection::vec((0u8..4, 0usize..48, 0usize..48), 0..24),
        ) {
            let mut p = PlainText::over(&md);
            let mut d = String::new();
            for (op, a, b) in ops {
                let (a, b) = (a.min(b), a.max(b));
                match op {
                    0 => {
                        if let Some(t) = md.get(a..b) {
                            p.push(t);
                            push_text(&mut d, t);
                        }
                    }
                    1 => {
                        p.space();
                        d.push(' ');
                    }
                    2 => {
                        p.word_break();
                        if !d.is_empty() && !d.ends_with(' ') {
                            d.push(' ');
                        }
                    }
                    _ => {
                        let t = format!("x {a}\t");
                        p.push(&t);
                        push_text(&mut d, &t);
                    }
                }
            }
            p.finish();
            proptest::prop_assert_eq!(p.make(&md), d);
        }
    }

    proptest::proptest! {
        /// The run-copying collapse is the char-by-char one.
        #[test]
        fn push_text_collapses_as_char_by_char(
            start in "[a \\t\u{a0}]{0,3}",
            t in "[ab \\t\\n\u{a0}\u{3000}é東]{0,24}",
        ) {
            let mut want = start.clone();
            for c in t.chars() {
                if !c.is_whitespace() {
                    want.push(c);
                } else if !want.is_empty() && !want.ends_with(' ') {
                    want.push(' ');
                }
            }
            let mut got = start;
            push_text(&mut got, &t);
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_range_past_the_markdown_is_left_out() {
        let md = String::from("one two three");
        let mut p = PlainText::over(&md);
        p.push(&md[8..]);
        p.finish();
        assert_eq!(p.make(&md), "three");
        assert_eq!(p.make("one"), "");
    }
}
