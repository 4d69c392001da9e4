//! One page's citation and its formats: plain text, BibTeX, CSL-JSON,
//! schema.org JSON-LD (`CreativeWork`, escaped so it cannot end its
//! `<script>` element) and the date for `citation_*` meta tags. Pure
//! formatting: the site fills a [`PageCitation`] from the handbook's
//! citation, the page's authors and its git date.

use std::fmt::Write as _;

use serde_json::json;

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
    /// (names are not split into given and family parts).
    pub(crate) fn bibtex(&self) -> String {
        let mut s = format!("@misc{{{},\n", self.key());
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

    /// A CSL-JSON array with one `webpage` item.
    pub(crate) fn csl_json(&self) -> String {
        let mut item = json!({
            "id": self.key(),
            "type": "webpage",
            "title": self.title,
            "container-title": self.container,
            "URL": self.url,
            "author": self.authors.iter().map(|a| json!({"literal": a})).collect::<Vec<_>>(),
        });
        if let Some(parts) = self.date.as_deref().and_then(date_parts) {
            item["issued"] = json!({ "date-parts": [parts] });
        }
        if let Some(v) = &self.version {
            item["version"] = json!(v);
        }
        if let Some(d) = &self.doi {
            item["DOI"] = json!(d);
        }
        serde_json::to_string_pretty(&json!([item])).unwrap_or_default()
    }

    /// schema.org `CreativeWork` as JSON, safe inside
    /// `<script type="application/ld+json">`: `<`, `>` and `&` are written
    /// as `\u` escapes, so no text can close the element.
    pub(crate) fn json_ld(&self) -> String {
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": self.title,
            "url": self.url,
            "author": self.authors.iter().map(|a| json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
            "isPartOf": { "@type": "CreativeWork", "name": self.container },
        });
        if let Some(d) = &self.date {
            v["dateModified"] = json!(d);
        }
        if let Some(ver) = &self.version {
            v["isPartOf"]["version"] = json!(ver);
        }
        if let Some(d) = &self.doi {
            v["identifier"] = json!(format!("https://doi.org/{d}"));
        }
        if let Some(l) = &self.license_url {
            v["license"] = json!(l);
        }
        script_safe_json(&serde_json::to_string(&v).unwrap_or_default())
    }

    /// The date as `citation_publication_date` wants it (`YYYY/MM/DD`).
    pub(crate) fn meta_date(&self) -> Option<String> {
        self.date.as_ref().map(|d| d.replace('-', "/"))
    }
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

    #[test]
    fn bibtex_key_is_ascii() {
        let mut c = sample();
        c.container = "Ñandú Händ Book".into();
        assert_eq!(c.key(), "nandu-hand-book-2026-voting-quorum");
    }
}
