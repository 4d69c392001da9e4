//! The UI string catalog (`themes/default/i18n/en.toml`): every key the
//! templates, the script and the Rust code use exists in English, every
//! English key is used, and a handbook can override strings.

use std::collections::BTreeSet;

use waybook::i18n::{Catalog, ENGLISH};

use crate::util::{build_to_temp, handbook, page, repo, waybook};

/// The names of page kinds (search labels `kind.*`, backlink tags `kind_tag.*`).
const KINDS: &[&str] = &[
    "doc", "role", "journey", "group", "term", "person", "decision",
];

/// Files with extensions that look like dotted keys but are paths.
const FILE_EXTS: &[&str] = &[
    "html", "json", "js", "css", "xml", "toml", "md", "yml", "yaml", "svg", "txt", "bib",
];

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap()
}

fn files_under(rel: &str, ext: &str) -> Vec<String> {
    walkdir::WalkDir::new(repo().join(rel))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect()
}

/// Every quoted literal (`"…"` or `'…'`) in source text; escapes skipped.
fn literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' && c != '\'' {
            continue;
        }
        let mut lit = String::new();
        let mut closed = false;
        while let Some(d) = chars.next() {
            match d {
                '\\' => {
                    chars.next();
                }
                '\n' => break,
                d if d == c => {
                    closed = true;
                    break;
                }
                d => lit.push(d),
            }
        }
        if closed {
            out.push(lit);
        }
    }
    out
}

/// Uses of the catalog: exact keys, and prefixes completed at run time
/// (`'kind.' + d.k`, `t.kind_tag[b.kind]`, `format!("admonition.{name}")`).
#[derive(Default)]
struct Uses {
    exact: BTreeSet<String>,
    prefixes: BTreeSet<String>,
}

impl Uses {
    /// A literal that names a key of a catalog section (`"roles.title"`),
    /// not a file (`"search.html"`).
    fn literal(&mut self, lit: &str, sections: &BTreeSet<String>) {
        let Some((head, _)) = lit.split_once('.') else {
            return;
        };
        if !sections.contains(head) {
            return;
        }
        if let Some(i) = lit.find('{') {
            let p = &lit[..i];
            if p.ends_with('.')
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
            {
                self.prefixes.insert(p.to_string());
            }
            return;
        }
        let ext = lit.rsplit('.').next().unwrap_or("");
        let keyish = lit
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
        if keyish && !FILE_EXTS.contains(&ext) {
            if lit.ends_with('.') {
                self.prefixes.insert(lit.to_string());
            } else {
                self.exact.insert(lit.to_string());
            }
        }
    }

    /// `t.a.b` in a template; `t.a[...]` is a prefix.
    fn template(&mut self, src: &str) {
        let bytes = src.as_bytes();
        let mut i = 0;
        while let Some(j) = src[i..].find("t.") {
            let at = i + j;
            i = at + 2;
            let boundary = at == 0
                || !(bytes[at - 1].is_ascii_alphanumeric()
                    || bytes[at - 1] == b'_'
                    || bytes[at - 1] == b'.');
            if !boundary {
                continue;
            }
            let key: String = src[at + 2..]
                .chars()
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '.'
                })
                .collect();
            let after = src[at + 2 + key.len()..].chars().next();
            if after == Some('[') {
                self.prefixes.insert(format!("{key}."));
            } else {
                self.exact.insert(key);
            }
        }
    }
}

fn all_uses(sections: &BTreeSet<String>) -> Uses {
    let mut uses = Uses::default();
    for src in files_under("themes/default/templates", "html") {
        uses.template(&src);
    }
    for src in files_under("src", "rs") {
        // Unit tests name keys that do not exist on purpose.
        let code = src.split("#[cfg(test)]").next().unwrap_or("");
        for lit in literals(code) {
            uses.literal(&lit, sections);
        }
    }
    // The script reads keys only through S(…) and counted(…).
    let js = read("themes/default/static/waybook.js");
    for lit in literals(&js) {
        uses.literal(&lit, sections);
    }
    uses
}

/// Whether `key` is used: exactly, as a counted string's form, or through
/// a prefix completed with a name that really occurs there.
fn is_used(key: &str, uses: &Uses) -> bool {
    if uses.exact.contains(key) {
        return true;
    }
    if let Some(base) = key
        .strip_suffix(".one")
        .or_else(|| key.strip_suffix(".other"))
        && uses.exact.contains(base)
    {
        return true;
    }
    uses.prefixes.iter().any(|p| {
        key.strip_prefix(p.as_str())
            .is_some_and(|name| match p.as_str() {
                "admonition." => waybook::markup::is_admonition(name),
                "kind." | "kind_tag." => KINDS.contains(&name),
                "credit_role." => waybook::model::ids::CREDIT_ROLES.contains(&name),
                "contribution." => waybook::model::CONTRIBUTION_KINDS.contains(&name),
                _ => false,
            })
    })
}

#[test]
fn every_used_key_exists_in_english_and_every_english_key_is_used() {
    let en = Catalog::parse(ENGLISH).unwrap();
    let keys: BTreeSet<String> = en.keys().map(str::to_string).collect();
    let sections: BTreeSet<String> = keys
        .iter()
        .filter_map(|k| k.split_once('.').map(|(h, _)| h.to_string()))
        .collect();
    let uses = all_uses(&sections);
    assert!(
        uses.exact.len() > 100,
        "too few uses found: {:?}",
        uses.exact
    );

    let missing: Vec<&String> = uses
        .exact
        .iter()
        .filter(|k| !keys.contains(*k))
        // A counted string is a table: its forms are the keys.
        .filter(|k| !keys.contains(&format!("{k}.other")))
        .collect();
    assert!(
        missing.is_empty(),
        "keys used but not in en.toml: {missing:?}"
    );
    for p in &uses.prefixes {
        assert!(
            keys.iter().any(|k| k.starts_with(p.as_str())),
            "prefix {p} used but no key starts with it"
        );
    }
    // Every admonition name and page kind has its title.
    for name in [
        "note",
        "tip",
        "important",
        "warning",
        "caution",
        "seealso",
        "dropdown",
    ] {
        assert!(keys.contains(&format!("admonition.{name}")), "{name}");
    }
    for k in KINDS {
        assert!(keys.contains(&format!("kind.{k}")) && keys.contains(&format!("kind_tag.{k}")));
    }

    let unused: Vec<&String> = keys.iter().filter(|k| !is_used(k, &uses)).collect();
    assert!(
        unused.is_empty(),
        "keys in en.toml nothing uses: {unused:?}"
    );
}

#[test]
fn a_template_using_a_missing_key_fails_the_build() {
    let hb = handbook(&[
        ("index.md", "# Home\n"),
        (
            "templates/doc.html",
            "{% extends \"base.html\" %}{% block main %}{{ t.pager.nxt }}{% endblock main %}",
        ),
    ]);
    let (code, stderr, _, _dir) = build_to_temp(hb.path(), &[]);
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("template-error") || stderr.contains("template error"),
        "{stderr}"
    );
}

#[test]
fn a_handbook_overrides_strings_in_templates_rust_and_the_script() {
    let hb = handbook(&[
        ("index.md", "# Home\n\n[A](a.md)\n"),
        (
            "a.md",
            "# A\n\n> [!NOTE]\n> Mind the gap.\n\n:::{tip}\nT\n:::\n",
        ),
        (
            "templates/i18n/en.toml",
            "[pager]\nprev = \"Zurück\"\n\n[admonition]\nnote = \"Notiz\"\ntip = \"Tipp & <Trick>\"\n\n[page]\nhome = \"Startseite\"\n\n[search.results]\none = \"{n} Treffer\"\n",
        ),
    ]);
    let (code, stderr, site, _dir) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let a = page(&site, "a.html");
    assert!(a.contains("<span>Zurück</span>"), "template string: {a}");
    assert!(
        a.contains("<p class=\"admonition-title\">Notiz</p>"),
        "alert title: {a}"
    );
    assert!(
        a.contains("<p class=\"admonition-title\">Tipp &amp; &lt;Trick&gt;</p>"),
        "admonition title, escaped: {a}"
    );
    assert!(a.contains(">Startseite</a>"), "breadcrumb from Rust: {a}");
    let js = page(&site, "static/waybook.js");
    assert!(js.starts_with("/* UI strings"), "{js}");
    assert!(
        js.contains("\"search.results.one\":\"{n} Treffer\""),
        "{js}"
    );
    assert!(
        js.contains("\"pager.next\":\"Next\""),
        "untouched keys stay: {js}"
    );
    assert!(
        js.contains("function S(key, vars)"),
        "the theme script follows"
    );
    // The strings never reach a page as inline script.
    assert!(!a.contains("waybookStrings"), "{a}");
    assert!(!site.contains_key("static/waybook-strings.js"));
}

#[test]
fn an_unknown_or_malformed_override_is_one_clear_error() {
    for (text, expect) in [
        ("[pager]\nnxt = \"x\"\n", "unknown key `pager.nxt`"),
        (
            "[pager]\nnext = 3\n",
            "`pager.next` must be a string, not integer",
        ),
        ("[pager\n", "UI strings `templates/i18n/en.toml`"),
    ] {
        let hb = handbook(&[("index.md", "# Home\n"), ("templates/i18n/en.toml", text)]);
        let (code, out, _) = waybook(
            &["check", hb.path().to_str().unwrap(), "--format", "json"],
            None,
        );
        assert_ne!(code, 0, "{text}: {out}");
        let lines: Vec<&str> = out.lines().filter(|l| l.contains("UI strings")).collect();
        assert_eq!(lines.len(), 1, "{text}: {out}");
        assert!(lines[0].contains(expect), "{text}: {}", lines[0]);
        assert!(
            lines[0].contains("\"file\":\"templates/i18n/en.toml\""),
            "{}",
            lines[0]
        );
    }
}

#[test]
fn the_theme_admonition_component_writes_the_builtin_markup() {
    use waybook::html::{Admonition, Chrome, builtin_admonition};
    let theme = waybook::site::templates::Theme::load(&[]).unwrap();
    for (dropdown, open) in [(false, false), (true, false), (true, true)] {
        for (classes, id) in [("", ""), (" dropdown extra", "my-id")] {
            let a = Admonition {
                kind: "warning",
                title: "A &amp; <b>",
                classes,
                id,
                dropdown,
                open,
            };
            assert_eq!(theme.admonition(&a), builtin_admonition(&a), "{a:?}");
        }
    }
}

#[test]
fn a_handbook_restyles_admonitions_through_the_component() {
    let component = "{% component admonition(kind, title, classes=\"\", id=\"\", dropdown=false) %}<div class=\"box box-{{ kind }}\"><b>{{ title | safe }}</b>{{ body }}</div>{% endcomponent admonition %}";
    let hb = handbook(&[
        (
            "index.md",
            "# Home\n\n> [!WARNING]\n> Careful.\n\n:::{note}\nN\n:::\n",
        ),
        ("templates/components.html", component),
    ]);
    let (code, stderr, site, _dir) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let home = page(&site, "index.html");
    assert!(
        home.contains("<div class=\"box box-warning\"><b>Warning</b>"),
        "{home}"
    );
    assert!(
        home.contains("<div class=\"box box-note\"><b>Note</b>"),
        "{home}"
    );
    assert!(!home.contains("<aside class=\"admonition"), "{home}");

    // A component that drops the body is refused, at the template.
    let broken = "{% component admonition(kind, title, classes=\"\", id=\"\", dropdown=false) %}<div>{{ title }}</div>{% endcomponent admonition %}";
    let hb = handbook(&[
        ("index.md", "# Home\n"),
        ("templates/components.html", broken),
    ]);
    let (code, out, _) = waybook(
        &["check", hb.path().to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_ne!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("admonition")).collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].contains("\"file\":\"templates/components.html\""),
        "{}",
        lines[0]
    );
}

#[test]
fn the_other_pages_section_takes_the_handbooks_wording() {
    let hb = handbook(&[
        ("handbook.yml", "title: T\nnav:\n  - docs/a.md\n"),
        ("docs/a.md", "# A\n"),
        ("docs/lost.md", "# Lost\n"),
        (
            "templates/i18n/en.toml",
            "[nav]\nother_pages = \"Weitere Seiten\"\n",
        ),
    ]);
    let (code, stderr, site, _dir) = build_to_temp(hb.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let lost = page(&site, "docs/lost.html");
    assert!(
        lost.contains(">Weitere Seiten<"),
        "sidebar or breadcrumb: {lost}"
    );
    assert!(!lost.contains("Other pages"), "{lost}");
}

/// The `{name}` placeholders of a string, sorted and deduplicated.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let name = &rest[..close];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            out.insert(name.to_string());
        }
    }
    out
}

#[test]
fn every_shipped_catalog_has_englishs_keys_and_placeholders() {
    let en = Catalog::parse(ENGLISH).unwrap();
    let en_keys: BTreeSet<&str> = en.keys().collect();
    let dir = repo().join("themes/default/i18n");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && n != "en.toml")
        .collect();
    names.sort();
    // The languages issue 15 promises; a new file is checked too.
    for lang in ["ar", "de", "es", "fr", "ja", "pt"] {
        assert!(names.contains(&format!("{lang}.toml")), "{lang}: {names:?}");
    }
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let cat = Catalog::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let keys: BTreeSet<&str> = cat.keys().collect();
        let missing: Vec<&&str> = en_keys.difference(&keys).collect();
        let extra: Vec<&&str> = keys.difference(&en_keys).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        assert!(extra.is_empty(), "{name} has keys English lacks: {extra:?}");
        for key in &en_keys {
            let (want, got) = (en.tr(key), cat.tr(key));
            assert_eq!(
                placeholders(want),
                placeholders(got),
                "{name} `{key}`: {got:?} must keep the placeholders of {want:?}"
            );
            assert!(!got.trim().is_empty(), "{name} `{key}` is empty");
        }
    }
}

#[test]
fn placeholders_are_read_as_names_in_braces() {
    assert_eq!(
        placeholders("{shown} of {count} for “{q}” {q}"),
        ["count", "q", "shown"].map(String::from).into()
    );
    assert!(placeholders("no {braces here} or {").is_empty());
}
