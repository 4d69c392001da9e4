//! Fuzzing of the governance model: random role front matter, journeys,
//! glossary and people files (YAML-shaped noise, alias bombs, multibyte
//! names, list and map shapes) and random docs go through the loader, then
//! every diagnostic is rendered in all three formats with source snippets.
//! Nothing may panic and every span must point inside a known file.
//!
//! CI runs a short seeded run; a long run is
//! `WAYBOOK_FUZZ_CASES=200000 cargo test --release --test suite fuzz`
//! (the figures are in BENCHMARKS.md). The same variable scales every
//! property test in `props.rs`.

use std::collections::HashMap;
use std::path::Path;

use proptest::prelude::*;
use waybook::config::Config;
use waybook::diag::{self, Format};
use waybook::model;
use waybook::source::{Folder, SourceFile, Sources};

use crate::util::fuzz_config;

/// YAML-ish text that exercises the model's schema and the YAML parser's
/// edge cases.
fn yamlish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "id: ",
        "title: ",
        "name: ",
        "term: ",
        "definition: ",
        "summary: ",
        "holders: ",
        "reports_to: ",
        "grows_into: ",
        "responsibilites: ",
        "responsibilities:\n  - ",
        "stage: ",
        "stages:\n  - stage: discover\n    steps:\n      - title: x\n        links: [",
        "people:\n",
        "terms:\n",
        "links:\n  - label: x\n    url: ",
        "javascript:alert(1)",
        "docs/a.md#",
        "- ",
        "  ",
        "\n",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "&b [*a,*a,*a,*a]",
        "\"",
        "'",
        "|\n  ",
        ">-\n  ",
        "!!str ",
        "~",
        "null",
        "1e9",
        "---\n",
        "José",
        "東京",
        "مرحبا",
        "\u{301}",
        "\t",
        "#",
        "extra:\n  k: v\n",
    ]);
    prop::collection::vec(prop_oneof![atoms.prop_map(str::to_string), ".{0,6}"], 0..30)
        .prop_map(|v| v.concat())
}

fn file(rel: &str, text: String) -> SourceFile {
    SourceFile {
        rel: rel.to_string(),
        text: text.into(),
    }
}

fn sources(
    role: String,
    journey: String,
    glossary: String,
    people: String,
    doc: String,
) -> Sources {
    Sources {
        docs: vec![file("docs/a.md", doc)],
        folders: vec![
            Folder {
                name: "roles",
                files: vec![
                    file("roles/r.md", format!("---\n{role}\n---\nBody.\n")),
                    file("roles/bare.md", role),
                ],
            },
            Folder {
                name: "journeys",
                files: vec![file("journeys/j.yml", journey)],
            },
        ],
        glossary: Some(file("glossary.yml", glossary)),
        people: Some(file("people.yml", people)),
        ..Sources::default()
    }
}

proptest! {
    #![proptest_config(fuzz_config(64))]

    #[test]
    fn model_load_and_diagnostics_never_panic(
        role in yamlish(),
        journey in yamlish(),
        glossary in yamlish(),
        people in yamlish(),
        doc in yamlish(),
    ) {
        let src = sources(role, journey, glossary, people, doc);
        let known: HashMap<String, std::sync::Arc<str>> = src
            .docs
            .iter()
            .chain(src.folder("roles"))
            .chain(src.folder("journeys"))
            .chain(&src.glossary)
            .chain(&src.people)
            .map(|f| (f.rel.clone(), f.text.clone()))
            .collect();
        let mut diags = Vec::new();
        let hb = model::load(Config::inferred(Path::new("/nonexistent")), src, &mut diags);
        prop_assert!(hb.roles.len() <= 2);
        for d in &diags {
            if let Some(span) = &d.span {
                prop_assert!(span.line >= 1 && span.column >= 1, "{:?}", d);
                if let Some(text) = known.get(&span.file) {
                    prop_assert!(span.offset <= text.len(), "{:?}", d);
                }
            }
        }
        let json = diag::render(&diags, Format::Json, &known, false);
        prop_assert_eq!(json.lines().count(), diags.len());
        let github = diag::render(&diags, Format::Github, &known, false);
        prop_assert_eq!(github.lines().count(), diags.len());
        let human = diag::render(&diags, Format::Human, &known, false);
        prop_assert!(human.ends_with("warnings\n") || human.ends_with("warning\n"), "{}", human);
    }
}
