//! One page's citation and its formats: plain text, BibTeX, CSL-JSON,
//! schema.org JSON-LD (`CreativeWork`, escaped so it cannot end its
//! `<script>` element) and the date for `citation_*` meta tags. Pure
//! formatting: the site fills a [`PageCitation`] from the handbook's
//! citation, the page's authors and its git date.

use std::fmt::Write as _;

use serde::Serialize;

/// What a page is cited as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageCitation {
    pub title: String,
    /// Names as read (`Ana Almeida`, `The Docs Team`).
    pub authors: Vec<String>,
    /// The handbook's title.
    pub container: String,
    pub version: Option<String>,
    /// `YYYY-MM-DD`: the page's last change, or the handbook's release.
    pub date: Option<String>,
    pub url: String,
    /// Bare DOI.
    pub doi: Option<String>,
    /// URL of the licence.
    pub license_url: Option<String>,
}

impl PageCitation {
    fn year(&self) -> Option<&str> {
        self.date
            .as_deref()
            .and_then(|d| d.get(..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
    }

    /// `Ana Almeida, Bo Berg (2026). Title. In Handbook (version 1.0). URL. https://doi.org/…`
    pub(crate) fn plain(&self) -> String {
        let mut s = String::new();
        if !self.authors.is_empty() {
            let _ = write!(s, "{} ", self.authors.join(", "));
        }
        let _ = write!(
            s,
            "({}). {}. In {}",
            self.year().unwrap_or("n.d."),
            self.title,
            self.container
        );
        if let Some(v) = &self.version {
            let _ = write!(s, " (version {v})");
        }
        let _ = write!(s, ". {}", self.url);
        if let Some(d) = &self.doi {
            let _ = write!(s, ". https://doi.org/{d}");
        }
        s
    }

    /// A BibTeX key: ASCII letters, digits and dashes.
    pub(crate) fn key(&self) -> String {
        let words = format!(
            "{} {} {}",
            self.container,
            self.year().unwrap_or(""),
            self.title
        );
        let ascii = deunicode::deunicode(&words).to_lowercase();
        let key: Vec<&str> = ascii
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(8)
            .collect();
        if key.is_empty() {
            "page".into()
        } else {
            key.join("-")
        }
    }

    /// A `@misc` BibTeX entry; text is escaped, each author braced whole
    /// (names are not split into given and family parts). `key` is [`Self::key`], made once for this and [`Self::csl_json`].
    pub(crate) fn bibtex(&self, key: &str) -> String {
        let mut s = format!("@misc{{{key},\n");
        let mut field = |k: &str, v: &str| {
            let _ = writeln!(s, "  {k} = {{{v}}},");
        };
        field("title", &bib_text(&self.title));
        if !self.authors.is_empty() {
            let names: Vec<String> = (self.authors.iter())
                .map(|a| format!("{{{}}}", bib_text(a)))
                .collect();
            field("author", &names.join(" and "));
        }
        field("howpublished", &format!("In {}", bib_text(&self.container)));
        if let Some(y) = self.year() {
            field("year", y);
        }
        if let Some(d) = &self.date {
            field("urldate", &bib_text(d));
        }
        if let Some(v) = &self.version {
            field("version", &bib_text(v));
        }
        if let Some(d) = &self.doi {
            field("doi", &bib_url(d));
        }
        field("url", &bib_url(&self.url));
        s.push_str("}\n");
        s
    }

    /// A CSL-JSON array with one `webpage` item whose id is `key` (the
    /// BibTeX key, [`Self::key`]).
    pub(crate) fn csl_json(&self, key: &str) -> String {
        let item = CslItem {
            doi: self.doi.as_deref(),
            url: &self.url,
            author: self
                .authors
                .iter()
                .map(|a| CslName { literal: a })
                .collect(),
            container_title: &self.container,
            id: key,
            issued: (self.date.as_deref().and_then(date_parts)).map(|parts| CslDate {
                date_parts: [parts],
            }),
            title: &self.title,
            kind: "webpage",
            version: self.version.as_deref(),
        };
        serde_json::to_string_pretty(&[item]).unwrap_or_default()
    }

    /// schema.org `CreativeWork` as JSON, safe inside
    /// `<script type="application/ld+json">`: `<`, `>` and `&` are written
    /// as `\u` escapes, so no text can close the element.
    pub(crate) fn json_ld(&self) -> String {
        let doi = self.doi.as_ref().map(|d| format!("https://doi.org/{d}"));
        let work = LdWork {
            context: "https://schema.org",
            kind: "CreativeWork",
            author: (self.authors.iter())
                .map(|a| LdPerson {
                    kind: "Person",
                    name: a,
                })
                .collect(),
            date_modified: self.date.as_deref(),
            identifier: doi.as_deref(),
            is_part_of: LdPart {
                kind: "CreativeWork",
                name: &self.container,
                version: self.version.as_deref(),
            },
            license: self.license_url.as_deref(),
            name: &self.title,
            url: &self.url,
        };
        script_safe_json(&serde_json::to_string(&work).unwrap_or_default())
    }

    /// The date as `citation_publication_date` wants it (`YYYY/MM/DD`).
    pub(crate) fn meta_date(&self) -> Option<String> {
        self.date.as_ref().map(|d| d.replace('-', "/"))
    }
}

// The CSL-JSON and JSON-LD records, written straight from borrowed
// fields. Fields are in byte order of their JSON keys, the order the
// handbook's other JSON (maps sorted by key) is written in.

#[derive(Serialize)]
struct CslItem<'a> {
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    doi: Option<&'a str>,
    #[serde(rename = "URL")]
    url: &'a str,
    author: Vec<CslName<'a>>,
    #[serde(rename = "container-title")]
    container_title: &'a str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct CslName<'a> {
    literal: &'a str,
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: [Vec<u32>; 1],
}

#[derive(Serialize)]
struct LdWork<'a> {
    #[serde(rename = "@context")]
    context: &'a str,
    #[serde(rename = "@type")]
    kind: &'a str,
    author: Vec<LdPerson<'a>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
    #[serde(rename = "isPartOf")]
    is_part_of: LdPart<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct LdPerson<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct LdPart<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

/// `2026-03-01` → `[2026, 3, 1]` (fewer parts for `2026` or `2026-03`).
fn date_parts(d: &str) -> Option<Vec<u32>> {
    let parts: Option<Vec<u32>> = d.split('-').take(3).map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty())
}

/// JSON text with the characters that could end a `<script>` element or
/// confuse an HTML parser written as `\u` escapes (still the same JSON).
pub(super) fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a braced BibTeX value: TeX's special characters escaped, so
/// braces always balance.
fn bib_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL or DOI for a BibTeX field read verbatim: characters that would
/// unbalance it are percent-encoded.
fn bib_url(s: &str) -> String {
    s.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace(|c: char| c.is_control(), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PageCitation {
        PageCitation {
            title: "Voting & {quorum}".into(),
            authors: vec!["Zoë Ñandú".into(), "Bo Berg".into()],
            container: "Our Handbook".into(),
            version: Some("1.2".into()),
            date: Some("2026-03-01".into()),
            url: "https://x.org/docs/voting.html".into(),
            doi: Some("10.5281/zenodo.1003150".into()),
            license_url: None,
        }
    }

    #[test]
    fn plain_text_reads_like_a_reference() {
        assert_eq!(
            sample().plain(),
            "Zoë Ñandú, Bo Berg (2026). Voting & {quorum}. In Our Handbook (version 1.2). https://x.org/docs/voting.html. https://doi.org/10.5281/zenodo.1003150"
        );
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let mut c = sample();
        c.title = "</script><script>alert(1)</script>".into();
        let j = c.json_ld();
        assert!(!j.contains('<') && !j.contains('>'), "{j}");
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["name"], "</script><script>alert(1)</script>");
    }

    /// Both JSON records come out as a sorted-key JSON value would print
    /// them, with every optional field present or absent.
    #[test]
    fn json_records_are_sorted_and_complete() {
        let full = sample();
        let mut bare = sample();
        (bare.version, bare.date, bare.doi) = (None, None, None);
        bare.license_url = Some("https://spdx.org/licenses/MIT.html".into());
        for c in [full, bare] {
            let csl = c.csl_json(&c.key());
            let v: serde_json::Value = serde_json::from_str(&csl).unwrap();
            assert_eq!(serde_json::to_string_pretty(&v).unwrap(), csl);
            assert_eq!(v[0]["author"][0]["literal"], "Zoë Ñandú");
            assert_eq!(v[0]["DOI"].is_null(), c.doi.is_none());
            let ld = c.json_ld();
            let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
            assert_eq!(script_safe_json(&serde_json::to_string(&v).unwrap()), ld);
            assert_eq!(v["isPartOf"]["version"].is_null(), c.version.is_none());
            assert_eq!(v["license"].is_null(), c.license_url.is_none());
        }
        let c = sample();
        let csl: serde_json::Value = serde_json::from_str(&c.csl_json("k")).unwrap();
        assert_eq!(
            csl[0]["issued"]["date-parts"][0],
            serde_json::json!([2026, 3, 1])
        );
        assert_eq!(csl[0]["id"], "k");
    }

    #[test]
    fn bibtex_key_is_ascii() {
        let mut c = sample();
        c.container = "Ñandú Händ Book".into();
        assert_eq!(c.key(), "nandu-hand-book-2026-voting-quorum");
    }
}
