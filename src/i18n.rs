//! UI strings: the words the theme shows (labels, headings, buttons, aria
//! labels, admonition titles, search messages), one [`Catalog`] per locale
//! read from `themes/default/i18n/<lang>.toml`. A shared utility at the
//! bottom of the pipeline, like `escape`: the site layer loads the catalog
//! once per build (with the handbook's overrides) and hands it to templates
//! (`t`), to the script (a JSON object) and to the Rust that still writes
//! text ([`Catalog::tr`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The default theme's English table, embedded in the binary.
pub const ENGLISH: &str = include_str!("../themes/default/i18n/en.toml");

/// A table of UI strings by dotted key (`pager.next`, `search.results.one`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    strings: BTreeMap<String, String>,
    /// Primary language subtag, for plural rules (`en` unless set).
    lang: String,
}

impl Catalog {
    /// Parse a TOML table of strings (nested tables become dotted keys).
    /// `Err` names the problem: invalid TOML or a value that is not a string.
    pub fn parse(text: &str) -> Result<Catalog, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut strings = BTreeMap::new();
        flatten("", &table, &mut strings)?;
        Ok(Catalog {
            strings,
            lang: "en".into(),
        })
    }

    /// The default theme's English catalog, parsed once.
    pub fn english() -> &'static Catalog {
        static EN: OnceLock<Catalog> = OnceLock::new();
        // The embedded file is checked by a unit test, so this cannot fail
        // in a released binary; an empty table is the harmless fallback.
        EN.get_or_init(|| {
            Catalog::parse(ENGLISH).unwrap_or(Catalog {
                strings: BTreeMap::new(),
                lang: "en".into(),
            })
        })
    }

    /// Replace strings with those of `other` (a handbook's overrides).
    /// Every key of `other` must exist here: `Err` lists those that do not.
    pub fn overlay(&mut self, other: Catalog) -> Result<(), Vec<String>> {
        let unknown: Vec<String> = other
            .strings
            .keys()
            .filter(|k| !self.strings.contains_key(*k))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        self.strings.extend(other.strings);
        Ok(())
    }

    /// Replace the strings `other` has that exist here; other keys are
    /// ignored (a shipped translation never adds keys).
    pub(crate) fn overlay_known(&mut self, other: Catalog) {
        for (k, v) in other.strings {
            if let Some(slot) = self.strings.get_mut(&k) {
                *slot = v;
            }
        }
    }

    /// The string for `key`, if the catalog has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// The string for `key`. A missing key yields the key itself (tests
    /// assert that every key used in the code exists in English).
    pub fn tr<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with each `{name}` replaced by its value.
    pub(crate) fn fill(&self, key: &str, vars: &[(&str, &str)]) -> String {
        fill(self.tr(key), vars)
    }

    /// Set the language whose plural rules [`Catalog::count`] follows.
    pub(crate) fn set_language(&mut self, code: &str) {
        self.lang = code
            .split(['-', '_'])
            .next()
            .unwrap_or(code)
            .to_ascii_lowercase();
    }

    /// The primary subtag of the catalog's language.
    pub fn language(&self) -> &str {
        &self.lang
    }

    /// A counted string: `key.one` or `key.other` by `n`, with `{n}` filled.
    pub fn count(&self, key: &str, n: usize) -> String {
        let k = format!("{key}.{}", plural_category_in(&self.lang, n));
        fill(self.tr(&k), &[("n", &n.to_string())])
    }

    /// Every key, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }

    /// The catalog as nested JSON objects (`{"pager": {"next": "Next"}}`),
    /// the shape templates see as `t`.
    pub fn nested(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for (k, v) in &self.strings {
            insert_nested(&mut root, k, v);
        }
        serde_json::Value::Object(root)
    }

    /// The catalog as one flat JSON object (`{"pager.next": "Next"}`), safe
    /// to embed in `<script type="application/json">`: `<`, `>` and `&` are
    /// written as `\u` escapes so no string can close the element.
    pub fn json(&self) -> String {
        let s = serde_json::to_string(&self.strings).unwrap_or_else(|_| "{}".into());
        s.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }
}

/// The plural category of whole number `n` in language `lang` (primary
/// subtag), among the two forms catalogs have, `one` and `other`, after
/// CLDR: French, Portuguese and Hindi count 0 as `one`; Chinese, Japanese,
/// Korean, Vietnamese, Thai and Indonesian have no plural; most others use
/// `one` for 1 alone. (Arabic's six forms are reduced to these two; its
/// catalog words counted strings so that either reads right.)
pub(crate) fn plural_category_in(lang: &str, n: usize) -> &'static str {
    match lang {
        "fr" | "pt" | "hi" | "bn" | "fa" if n <= 1 => "one",
        "fr" | "pt" | "hi" | "bn" | "fa" => "other",
        "ja" | "zh" | "ko" | "vi" | "th" | "id" | "ms" => "other",
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// `text` with each `{name}` replaced by its value, left to right.
pub(crate) fn fill(text: &str, vars: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Put `value` at dotted `key` below `map`, creating the tables on the way
/// (`parse` refuses a key that is both a string and a table).
fn insert_nested(map: &mut serde_json::Map<String, serde_json::Value>, key: &str, value: &str) {
    match key.split_once('.') {
        None => {
            map.insert(
                key.to_string(),
                serde_json::Value::String(value.to_string()),
            );
        }
        Some((head, rest)) => {
            let entry = map
                .entry(head.to_string())
                .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if let serde_json::Value::Object(m) = entry {
                insert_nested(m, rest, value);
            }
        }
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if k.is_empty() || k.contains('.') {
            return Err(format!("`{key}`: a key is a plain name (tables nest)"));
        }
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            other => {
                return Err(format!(
                    "`{key}` must be a string, not {}",
                    other.type_str()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_parses_and_is_not_empty() {
        let c = Catalog::parse(ENGLISH).expect("en.toml parses");
        assert!(c.keys().count() > 100);
        assert_eq!(Catalog::english().tr("pager.next"), "Next");
    }

    #[test]
    fn plural_rules_follow_the_language() {
        assert_eq!(plural_category_in("en", 0), "other");
        assert_eq!(plural_category_in("fr", 0), "one");
        assert_eq!(plural_category_in("fr", 2), "other");
        assert_eq!(plural_category_in("ja", 1), "other");
        let mut c = Catalog::english().clone();
        c.set_language("pt-BR");
        assert_eq!(c.language(), "pt");
        assert_eq!(c.count("search.results", 0), "0 result");
    }

    #[test]
    fn counted_and_filled_strings() {
        let c = Catalog::english();
        assert_eq!(c.count("search.results", 1), "1 result");
        assert_eq!(c.count("search.results", 3), "3 results");
        assert_eq!(
            c.fill("footer.last_updated", &[("date", "2026-01-01")]),
            "Last updated 2026-01-01"
        );
        assert_eq!(c.tr("no.such.key"), "no.such.key");
    }

    #[test]
    fn overlay_replaces_known_keys_and_refuses_unknown_ones() {
        let mut c = Catalog::english().clone();
        c.overlay(Catalog::parse("[pager]\nnext = \"Onwards\"\n").unwrap())
            .unwrap();
        assert_eq!(c.tr("pager.next"), "Onwards");
        let err = c
            .overlay(Catalog::parse("[pager]\nnxt = \"x\"\n").unwrap())
            .unwrap_err();
        assert_eq!(err, vec!["pager.nxt".to_string()]);
    }

    #[test]
    fn non_strings_are_refused() {
        let err = Catalog::parse("[pager]\nnext = 3\n").unwrap_err();
        assert!(err.contains("pager.next"), "{err}");
    }

    #[test]
    fn json_cannot_close_a_script_element() {
        let c = Catalog::parse("x = \"</script><b>&\"\n").unwrap();
        assert_eq!(
            c.json(),
            r#"{"x":"\u003c/script\u003e\u003cb\u003e\u0026"}"#
        );
        assert_eq!(c.nested(), serde_json::json!({"x": "</script><b>&"}));
    }
}
