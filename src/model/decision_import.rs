//! Reading decision records written for other tools: the serde helpers that
//! accept a YAML list or a MADR-style comma-separated string, the statuses
//! other processes use (PEP's `Final`, MADR's `on hold`), a MADR `Status:` /
//! `Date:` line near the top of the body, and a PEP/KEP-style RFC 822 header
//! block (`PEP: 8`, `Title:`, `Status:`, `Created:`). Nothing here reports:
//! it only turns text into fields that [`super::decision`] then checks.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A scalar read as text (`8`, `0008`, `2024-05-01`, `true`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scalar(pub String);

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(v.trim().to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// A list of ids or names: a YAML list, or one string of comma-separated
/// items as MADR writes `decision-makers: Ana, Ben`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StrList(pub Vec<String>);

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = StrList;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list, or a comma-separated string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<StrList, E> {
        Ok(StrList(split_list(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<StrList, E> {
        Ok(StrList(vec![v.to_string()]))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<StrList, E> {
        Ok(StrList(vec![v.to_string()]))
    }
    fn visit_unit<E: de::Error>(self) -> Result<StrList, E> {
        Ok(StrList(Vec::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrList, A::Error> {
        let mut out = Vec::new();
        while let Some(Scalar(s)) = seq.next_element::<Scalar>()? {
            if !s.is_empty() {
                out.push(s);
            }
        }
        Ok(StrList(out))
    }
}

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor)
    }
}

/// Comma-separated items, trimmed, empty ones dropped.
pub(crate) fn split_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The statuses a handbook's decisions may have unless `decisions:
/// statuses:` says otherwise.
pub(crate) const DEFAULT_STATUSES: &[&str] = &[
    "proposed",
    "accepted",
    "rejected",
    "withdrawn",
    "deferred",
    "superseded",
];

/// What other processes call a status, as one of the default statuses
/// (PEP `Final`, KEP `implementable`, MADR `on hold`, …).
pub(crate) fn status_alias(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "draft" | "open" | "proposal" | "provisional" | "under review" | "in review"
        | "in discussion" | "discussion" | "pending" | "implementable" | "rfc" => "proposed",
        "final" | "active" | "approved" | "adopted" | "implemented" | "done" | "agreed"
        | "passed" | "decided" => "accepted",
        "declined" | "refused" | "failed" => "rejected",
        "abandoned" | "retracted" | "closed" | "cancelled" | "canceled" => "withdrawn",
        "on hold" | "on-hold" | "postponed" | "paused" | "parked" | "deferred" => "deferred",
        "deprecated" | "replaced" | "obsolete" | "superseded" => "superseded",
        _ => return None,
    })
}

/// `superseded by ADR-0123` or `superseded by [ADR-0123](0123-x.md)`:
/// the successor as written (a link's file stem, else the text).
pub(crate) fn superseded_by_in_status(status: &str) -> Option<String> {
    let lower = status.to_lowercase();
    let rest = status.get(lower.find("superseded by")? + "superseded by".len()..)?;
    let rest = rest.trim();
    let target = match (rest.find("]("), rest.rfind(')')) {
        (Some(a), Some(b)) if b > a + 2 => {
            let url = &rest[a + 2..b];
            let name = url.rsplit('/').next().unwrap_or(url);
            name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
        }
        _ => rest.trim_matches(['[', ']', '.']).to_string(),
    };
    Some(target).filter(|t| !t.is_empty())
}

/// A field found in a body line or header: its key (lowercased), value and
/// byte offset of the value in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub key: String,
    pub value: String,
    pub offset: usize,
}

/// MADR 2-style fields near the top of the body: `* Status: accepted`,
/// `Date: 2024-05-01`, `**Deciders:** a, b`, read from the lines before the
/// first `##` heading, stopping at a code fence (so example front matter in
/// a fence is never read).
pub(crate) fn body_fields(text: &str, base: usize) -> Vec<Field> {
    const KEYS: &[&str] = &[
        "status",
        "date",
        "deciders",
        "decision-makers",
        "consulted",
        "informed",
    ];
    let mut out = Vec::new();
    let mut pos = base;
    for line in text[base..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let t = line.trim();
        if t.starts_with("##") || t.starts_with("```") || t.starts_with("~~~") {
            break;
        }
        let item = t.trim_start_matches(['*', '-', '+']).trim_start();
        let item = item.trim_start_matches("**");
        let Some((key, value)) = item.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_end_matches("**").trim().to_lowercase();
        if !KEYS.contains(&key.as_str()) {
            continue;
        }
        let value = value.trim_start_matches("**").trim();
        if value.is_empty() {
            continue;
        }
        let offset = start + line.find(value).unwrap_or(0);
        out.push(Field {
            key,
            value: value.to_string(),
            offset,
        });
    }
    out
}

/// The keys that open a PEP/KEP/RFC-style header block.
const HEADER_IDS: &[&str] = &["pep", "kep", "rfc", "jep", "number"];

/// An RFC 822 style header block at the top of the body (`PEP: 8`, then
/// `Title:`, `Status:`, …; an indented line continues the previous value),
/// ending at the first blank line. Returns the fields and the byte offset
/// where the body after the block starts; `None` when the body does not
/// open with such a block.
pub(crate) fn header_block(text: &str, base: usize) -> Option<(Vec<Field>, usize)> {
    let mut out: Vec<Field> = Vec::new();
    let mut pos = base;
    // Skip blank lines before the block.
    let body = &text[base..];
    let lead = body.len() - body.trim_start_matches('\n').len();
    pos += lead;
    for line in text[pos..].split_inclusive('\n') {
        let start = pos;
        if line.trim().is_empty() {
            break;
        }
        pos += line.len();
        if line.starts_with([' ', '\t']) {
            let last = out.last_mut()?;
            last.value.push(' ');
            last.value.push_str(line.trim());
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key_ok = !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && key.starts_with(|c: char| c.is_ascii_alphabetic());
        if !key_ok {
            return None;
        }
        let v = value.trim();
        out.push(Field {
            key: key.to_lowercase(),
            value: v.to_string(),
            offset: start + line.find(v).filter(|_| !v.is_empty()).unwrap_or(key.len()),
        });
    }
    let first = out.first()?;
    (HEADER_IDS.contains(&first.key.as_str()) && out.iter().any(|f| f.key == "title"))
        .then_some((out, pos))
}

/// A date as `YYYY-MM-DD`, from that form or PEP's `05-Jul-2001` /
/// `5 July 2001`; other text is returned as written (and reported later).
pub(crate) fn iso_date(s: &str) -> String {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let t = s.trim();
    let parts: Vec<&str> = t.split(['-', ' ']).filter(|p| !p.is_empty()).collect();
    if let [d, m, y] = parts[..]
        && let (Ok(d), Ok(y)) = (d.parse::<u32>(), y.parse::<u32>())
        && let Some(mi) = (MONTHS.iter()).position(|n| m.to_lowercase().starts_with(n))
        && (1..=31).contains(&d)
        && y >= 1000
    {
        return format!("{y:04}-{:02}-{d:02}", mi + 1);
    }
    t.to_string()
}

/// The number of a record from its file name (`0008-add-status.md` → 8).
pub(crate) fn number_from_stem(stem: &str) -> Option<String> {
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    let rest = &stem[digits.len()..];
    (!digits.is_empty() && (rest.is_empty() || rest.starts_with(['-', '_', '.'])))
        .then(|| normalize_number(&digits))
}

/// A number without leading zeros (`0008` → `8`, `0` stays `0`).
pub(crate) fn normalize_number(n: &str) -> String {
    let t = n.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }.to_string()
}

/// The number a reference names when it is one (`8`, `0008`, `ADR-0008`,
/// `PEP 8`, `#8`), for looking records up by number.
pub(crate) fn number_in_ref(r: &str) -> Option<String> {
    let t = r.trim();
    let digits_at = t.find(|c: char| c.is_ascii_digit())?;
    let (prefix, digits) = t.split_at(digits_at);
    let prefix_ok = prefix.is_empty()
        || prefix
            .trim_end_matches([' ', '-', '#', '_'])
            .chars()
            .all(|c| c.is_ascii_alphabetic());
    (prefix_ok && digits.chars().all(|c| c.is_ascii_digit())).then(|| normalize_number(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_from_strings_or_sequences() {
        assert_eq!(split_list(" Ana,  Ben , ,"), ["Ana", "Ben"]);
    }

    #[test]
    fn statuses_of_other_processes() {
        assert_eq!(status_alias("on hold"), Some("deferred"));
        assert_eq!(status_alias("final"), Some("accepted"));
        assert_eq!(status_alias("maybe"), None);
        assert_eq!(
            superseded_by_in_status("superseded by [ADR-0005](0005-use-x.md)").as_deref(),
            Some("0005-use-x")
        );
        assert_eq!(
            superseded_by_in_status("Superseded by ADR-0123").as_deref(),
            Some("ADR-0123")
        );
    }

    #[test]
    fn madr_body_fields_stop_at_fences_and_sections() {
        let t = "# T\n\n* Status: accepted\n* Date: 2024-01-02\n\n```\nstatus: x\n```\n## A\nStatus: no\n";
        let f = body_fields(t, 0);
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].key.as_str(), f[0].value.as_str()),
            ("status", "accepted")
        );
        assert_eq!(&t[f[1].offset..f[1].offset + 10], "2024-01-02");
    }

    #[test]
    fn pep_headers() {
        let t = "PEP: 12\nTitle: A long\n  title\nStatus: Final\nCreated: 05-Jul-2001\n\nBody\n";
        let (f, end) = header_block(t, 0).unwrap();
        assert_eq!(f[1].value, "A long title");
        assert_eq!(&t[end..], "\nBody\n");
        assert_eq!(iso_date(&f[3].value), "2001-07-05");
        assert!(header_block("Title: x\n", 0).is_none());
        assert!(header_block("# Heading\n", 0).is_none());
    }

    #[test]
    fn numbers() {
        assert_eq!(number_from_stem("0008-add-status").as_deref(), Some("8"));
        assert_eq!(number_from_stem("2024-plan").as_deref(), Some("2024"));
        assert_eq!(number_from_stem("adr-1"), None);
        assert_eq!(number_in_ref("ADR-0008").as_deref(), Some("8"));
        assert_eq!(number_in_ref("PEP 8").as_deref(), Some("8"));
        assert_eq!(number_in_ref("use-x"), None);
    }
}
