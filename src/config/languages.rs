//! `languages:` in `handbook.yml`: the languages a handbook is published in,
//! the default (source) language first. Each entry is a language code
//! (`fr`, `pt-BR`) or a map with `code`, `name` and `direction`; names and
//! directions of common languages are known, so `- fr` is enough. The
//! translations themselves are read by `crate::translate`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::code::Code;
use crate::diag::{Diagnostic, Span};
use crate::yaml::{Origin, Spanned};

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    /// The HTML `dir` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One language of the handbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 tag as written (`fr`, `pt-BR`); the output folder's name.
    pub code: String,
    /// The language's name in itself (`Français`), for the switcher.
    pub name: String,
    pub dir: Direction,
    /// The handbook's title and description in this language.
    pub title: Option<String>,
    pub description: Option<String>,
    /// Stage id → title and description in this language.
    pub stages: BTreeMap<String, StageText>,
}

/// A stage's words in one language (`languages[].stages`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageText {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// A `languages:` entry as written: a code, or a map (read by hand, so
/// each entry keeps its position).
pub(super) type RawLanguage = Spanned<serde_json::Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFull {
    code: String,
    name: Option<String>,
    direction: Option<String>,
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    stages: BTreeMap<String, StageText>,
}

/// Names (in the language itself) of common languages, and the scripts
/// written right to left.
const KNOWN: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("ca", "Català"),
    ("cs", "Čeština"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("qu", "Runasimi"),
    ("ru", "Русский"),
    ("sw", "Kiswahili"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("wo", "Wolof"),
    ("zh", "中文"),
];

/// Languages written right to left (by primary subtag).
const RTL: &[&str] = &["ar", "dv", "fa", "he", "ps", "ur", "yi"];

/// The primary subtag of a code (`pt` of `pt-BR`), lowercased.
pub(crate) fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase()
}

/// Whether `code` is a plausible BCP 47 tag: a 2-3 letter language, then
/// subtags of 2-8 letters or digits, separated by `-`.
fn valid_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Language {
    /// The language for a bare code, with its known name and direction.
    pub(crate) fn from_code(code: &str) -> Language {
        let p = primary(code);
        let name = KNOWN
            .iter()
            .find(|(c, _)| *c == p)
            .map_or_else(|| code.to_string(), |(_, n)| n.to_string());
        let dir = if RTL.contains(&p.as_str()) {
            Direction::Rtl
        } else {
            Direction::Ltr
        };
        Language {
            code: code.to_string(),
            name,
            dir,
            title: None,
            description: None,
            stages: BTreeMap::new(),
        }
    }
}

/// Check the entries: each code valid and listed once; an unknown
/// direction is reported and the known one kept. Bad entries are dropped.
pub(super) fn check(
    raw: Vec<RawLanguage>,
    stages: &[super::Stage],
    origin: Origin<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Language> {
    let mut out: Vec<Language> = Vec::new();
    for entry in raw {
        let span = origin.span_of(&entry, 0);
        let Some((code, name, direction, text)) = read_entry(entry.value, &span, diags) else {
            continue;
        };
        let code = code.trim().to_string();
        if !valid_code(&code) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidLanguage,
                    format!("`{}` is not a language code", code.escape_debug()),
                )
                .with_span(span)
                .with_help("use a BCP 47 code such as `fr`, `ar` or `pt-BR`"),
            );
            continue;
        }
        if out.iter().any(|l| l.code.eq_ignore_ascii_case(&code)) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidLanguage,
                    format!("language `{code}` is listed twice"),
                )
                .with_span(span)
                .with_help("list each language once, the default language first"),
            );
            continue;
        }
        let mut lang = Language::from_code(&code);
        if let Some(n) = name.filter(|n| !n.trim().is_empty()) {
            lang.name = n.trim().to_string();
        }
        set_direction(&mut lang, direction.as_deref(), &code, &span, diags);
        if let Some((title, description, words)) = text {
            lang.title = title;
            lang.description = description;
            check_stage_words(&words, stages, &code, &span, diags);
            lang.stages = words;
        }
        out.push(lang);
    }
    out
}

/// The text of a full entry: title, description and words per stage.
type EntryText = (Option<String>, Option<String>, BTreeMap<String, StageText>);

/// A read entry: code, name, direction and (for a full entry) its text.
type Entry = (String, Option<String>, Option<String>, Option<EntryText>);

/// One `languages:` entry read as (code, name, direction, text). A map that
/// does not read still names its language when it has a `code`: keep the
/// language (its text is lost), so its i18n/ folder is not taken for docs.
/// `None` when there is no code at all (reported).
fn read_entry(value: serde_json::Value, span: &Span, diags: &mut Vec<Diagnostic>) -> Option<Entry> {
    let v = match value {
        serde_json::Value::String(c) => return Some((c, None, None, None)),
        v => v,
    };
    let code = v.get("code").and_then(|c| c.as_str()).map(str::to_string);
    match serde_json::from_value::<RawFull>(v) {
        Ok(f) => Some((
            f.code,
            f.name,
            f.direction,
            Some((f.title, f.description, f.stages)),
        )),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidLanguage,
                    format!("this `languages:` entry cannot be read: {e}"),
                )
                .with_span(span.clone())
                .with_help("write a language code (`- fr`), or a map with `code:` and any of `name:`, `direction:`, `title:`, `description:` and `stages:`; quote a value that holds `,` `:` `{` or `#` inside `{…}`"),
            );
            code.map(|c| (c, None, None, None))
        }
    }
}

/// `direction:` of an entry: `rtl` or `ltr`; anything else is reported and
/// the direction known for the code kept.
fn set_direction(
    lang: &mut Language,
    direction: Option<&str>,
    code: &str,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) {
    match direction.map(str::trim) {
        None => {}
        Some("rtl") => lang.dir = Direction::Rtl,
        Some("ltr") => lang.dir = Direction::Ltr,
        Some(other) => diags.push(
            Diagnostic::error(
                Code::InvalidLanguage,
                format!(
                    "direction `{}` of `{code}` is neither `ltr` nor `rtl`",
                    other.escape_debug()
                ),
            )
            .with_span(span.clone())
            .with_help("write `direction: rtl` for right-to-left scripts, or leave it out"),
        ),
    }
}

/// Words given for a stage that `stages:` does not list are reported.
fn check_stage_words(
    words: &BTreeMap<String, StageText>,
    stages: &[super::Stage],
    code: &str,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) {
    for id in words
        .keys()
        .filter(|id| !stages.iter().any(|s| &s.id == *id))
    {
        diags.push(
            Diagnostic::error(
                Code::InvalidLanguage,
                format!("`{code}` gives words for stage `{id}`, which is not a stage of `stages:`"),
            )
            .with_span(span.clone())
            .with_help(crate::diag::suggestion_help(
                id,
                stages.iter().map(|s| s.id.as_str()),
                "use the ids listed under `stages:`",
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_directions() {
        assert!(valid_code("fr") && valid_code("pt-BR") && valid_code("zh-Hant"));
        assert!(!valid_code("french!") && !valid_code("f") && !valid_code("fr-"));
        assert_eq!(Language::from_code("ar").dir, Direction::Rtl);
        assert_eq!(Language::from_code("fa-IR").dir, Direction::Rtl);
        assert_eq!(Language::from_code("fr").name, "Français");
        assert_eq!(Language::from_code("xx").name, "xx");
    }
}
