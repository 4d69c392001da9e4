//! The handbook's citation: a root `CITATION.cff` (Citation File Format
//! 1.2.0) when there is one, otherwise one built from `handbook.yml` and
//! `people.yml` (people with `credit: false` left out). Written back out as
//! CFF by `waybook export cff`, and turned into each page's citation
//! ([`PageCitation`]: plain text, BibTeX, CSL-JSON, JSON-LD and
//! `citation_*` meta tags) by the site. Runs after the model is loaded.

mod page;

pub(crate) use page::PageCitation;

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::license::License;
use crate::model::Handbook;
use crate::yaml::Origin;

/// The file this module reads and writes.
pub(crate) const CFF_FILE: &str = "CITATION.cff";

/// The handbook's citation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Citation {
    pub title: String,
    pub message: String,
    pub authors: Vec<CitedAuthor>,
    pub version: Option<String>,
    /// Bare DOI (`10.5281/zenodo.1003150`).
    pub doi: Option<String>,
    pub license: Option<License>,
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_released: Option<String>,
    pub repository_code: Option<String>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    pub keywords: Vec<String>,
    /// Whether it came from `CITATION.cff`.
    pub from_cff: bool,
}

/// An author of the citation: a person (given and family names) or an
/// entity (a name only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CitedAuthor {
    pub given_names: Option<String>,
    pub family_names: Option<String>,
    /// An entity's name (a team, an organisation).
    pub name: Option<String>,
    /// Bare ORCID iD.
    pub orcid: Option<String>,
    pub affiliation: Option<String>,
}

impl CitedAuthor {
    /// The name as it is read: `Given Family`, or the entity's name.
    pub fn display(&self) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        let parts = [&self.given_names, &self.family_names];
        let v: Vec<&str> = parts.iter().filter_map(|p| p.as_deref()).collect();
        v.join(" ")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct CffRaw {
    message: Option<String>,
    title: Option<String>,
    #[serde(default)]
    authors: Vec<CffAuthorRaw>,
    version: Option<String>,
    doi: Option<String>,
    license: Option<OneOrMany>,
    url: Option<String>,
    date_released: Option<String>,
    repository_code: Option<String>,
    #[serde(rename = "abstract")]
    abstract_text: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct CffAuthorRaw {
    given_names: Option<String>,
    family_names: Option<String>,
    name_particle: Option<String>,
    name: Option<String>,
    orcid: Option<String>,
    affiliation: Option<String>,
}

/// The handbook's citation: `CITATION.cff` in `root`, or built from the
/// configuration and people. `released` is the date of the newest commit.
pub(crate) fn load(
    root: &Path,
    hb: &Handbook,
    released: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Citation {
    let mut c = match root.join(CFF_FILE).is_file() {
        true => from_cff(root, diags).unwrap_or_else(|| from_config(hb)),
        false => from_config(hb),
    };
    if c.title.is_empty() {
        c.title = hb.config.title.clone();
    }
    if c.authors.is_empty() {
        c.authors = from_config(hb).authors;
    }
    c.date_released = c.date_released.or_else(|| released.map(str::to_string));
    c.url = c.url.or_else(|| hb.config.base_url.clone());
    c.license = c.license.or_else(|| hb.config.license.clone());
    c.doi = c.doi.or_else(|| hb.config.doi.clone());
    c.version = c.version.or_else(|| hb.config.version.clone());
    c
}

fn from_cff(root: &Path, diags: &mut Vec<Diagnostic>) -> Option<Citation> {
    let file = crate::source::read_inside(root, CFF_FILE, diags)?;
    let origin = Origin {
        file: CFF_FILE,
        file_text: &file.text,
        line_offset: 0,
        lines: None,
    };
    let raw: CffRaw = match crate::yaml::parse(&file.text, origin) {
        Ok(r) => r,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let license = raw.license.and_then(|l| {
        let expr = match l {
            OneOrMany::One(s) => s,
            OneOrMany::Many(v) => v.join(" OR "),
        };
        match crate::license::parse(&expr) {
            Ok(l) => Some(l),
            Err(e) => {
                diags.push(
                    Diagnostic::error(Code::UnknownLicense, e.message)
                        .with_span(Span::file(CFF_FILE))
                        .with_help(e.suggestion.map_or_else(
                            || "use an SPDX license id from https://spdx.org/licenses/".into(),
                            |s| format!("did you mean `{s}`?"),
                        )),
                );
                None
            }
        }
    });
    Some(Citation {
        title: raw.title.unwrap_or_default(),
        message: raw.message.unwrap_or_else(default_message),
        authors: raw.authors.into_iter().map(cff_author).collect(),
        version: raw.version,
        doi: raw.doi.map(|d| crate::url::bare_doi(&d).to_string()),
        license,
        url: raw.url,
        date_released: raw.date_released,
        repository_code: raw.repository_code,
        abstract_text: raw.abstract_text,
        keywords: raw.keywords,
        from_cff: true,
    })
}

fn cff_author(a: CffAuthorRaw) -> CitedAuthor {
    let family = match (a.name_particle, a.family_names) {
        (Some(p), Some(f)) => Some(format!("{p} {f}")),
        (_, f) => f,
    };
    CitedAuthor {
        given_names: a.given_names,
        family_names: family,
        name: a.name,
        orcid: a
            .orcid
            .map(|o| o.trim_start_matches("https://orcid.org/").to_string()),
        affiliation: a.affiliation,
    }
}

fn default_message() -> String {
    "If you use this handbook, please cite it as below.".into()
}

/// A citation from `handbook.yml`: its title, description, version, DOI
/// and licence, with the people who allow credit as authors (or the
/// handbook's contributors as one entity when there are none).
fn from_config(hb: &Handbook) -> Citation {
    let c = &hb.config;
    let mut authors: Vec<CitedAuthor> = (hb.people.iter())
        .filter(|p| p.credit)
        .map(|p| {
            let (given, family) = split_name(&p.name);
            CitedAuthor {
                given_names: given,
                family_names: Some(family),
                name: None,
                orcid: p.orcid.clone(),
                affiliation: p.affiliations.first().map(|a| a.name.clone()),
            }
        })
        .collect();
    if authors.is_empty() {
        authors.push(CitedAuthor {
            name: Some(format!("{} contributors", c.title)),
            ..CitedAuthor::default()
        });
    }
    Citation {
        title: c.title.clone(),
        message: default_message(),
        authors,
        version: c.version.clone(),
        doi: c.doi.clone(),
        license: c.license.clone(),
        url: c.base_url.clone(),
        date_released: None,
        repository_code: c.repository.clone(),
        abstract_text: Some(c.description.clone()).filter(|d| !d.is_empty()),
        keywords: Vec::new(),
        from_cff: false,
    }
}

/// `Ana de Souza` → (`Ana de`, `Souza`): the last word is the family name.
/// A one-word name is a family name alone.
fn split_name(name: &str) -> (Option<String>, String) {
    let name = name.trim();
    match name.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (Some(given.trim().to_string()), family.to_string()),
        None => (None, name.to_string()),
    }
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The citation as a `CITATION.cff` (CFF 1.2.0) file.
pub(crate) fn to_cff(c: &Citation) -> String {
    let mut y =
        String::from("# This CITATION.cff file was generated by waybook.\ncff-version: 1.2.0\n");
    let _ = writeln!(y, "message: {}", q(&c.message));
    let _ = writeln!(y, "title: {}", q(&c.title));
    y.push_str("authors:\n");
    for a in &c.authors {
        let mut first = true;
        let mut field = |y: &mut String, k: &str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
                let _ = writeln!(y, "{}{k}: {}", if first { "  - " } else { "    " }, q(v));
                first = false;
            }
        };
        field(&mut y, "given-names", &a.given_names);
        field(&mut y, "family-names", &a.family_names);
        field(&mut y, "name", &a.name);
        field(
            &mut y,
            "orcid",
            &a.orcid.as_ref().map(|o| format!("https://orcid.org/{o}")),
        );
        field(&mut y, "affiliation", &a.affiliation);
        if first {
            let _ = writeln!(y, "  - name: {}", q("Anonymous"));
        }
    }
    let opt = |y: &mut String, k: &str, v: &Option<String>| {
        if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
            let _ = writeln!(y, "{k}: {}", q(v));
        }
    };
    opt(&mut y, "version", &c.version);
    opt(&mut y, "doi", &c.doi);
    if let Some(l) = c.license.as_ref().filter(|l| l.or_only) {
        match l.ids.as_slice() {
            [one] => opt(&mut y, "license", &Some(one.clone())),
            many => {
                y.push_str("license:\n");
                for id in many {
                    let _ = writeln!(y, "  - {}", q(id));
                }
            }
        }
    }
    opt(&mut y, "url", &c.url);
    opt(&mut y, "repository-code", &c.repository_code);
    opt(&mut y, "date-released", &c.date_released);
    opt(&mut y, "abstract", &c.abstract_text);
    if !c.keywords.is_empty() {
        y.push_str("keywords:\n");
        for k in &c.keywords {
            let _ = writeln!(y, "  - {}", q(k));
        }
    }
    y
}
