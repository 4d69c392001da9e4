//! Property tests (fuzzing with proptest) of the parts that see raw user
//! input: the front-matter splitter, the markdown/MyST scanner and renderer,
//! the link path resolver and the HTML sanitiser. Inputs that ever found a
//! bug are kept in `tests/proptest-regressions/` and replayed first.

use proptest::prelude::*;
use waybook::highlight::Highlighter;
use waybook::{html, markup, resolve, source};

/// Markdown-ish text: mixes the characters that drive the parsers.
fn mdish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "---\n",
        "+++\n",
        "...\n",
        "\n",
        " ",
        "# ",
        "## ",
        "```",
        "```{note}\n",
        ":::{tip}\n",
        ":::\n",
        "(label)=\n",
        "{ref}`x`",
        "{term}`T <y>`",
        "[[role:a]]",
        "[[a|b]]",
        "[x](y.md#z)",
        "[](#l)",
        "![i](p.png)",
        "> [!NOTE]\n",
        "> ",
        "- [ ] ",
        "| a | b |\n|---|---|\n",
        "[^1]",
        "[^1]: n\n",
        "<div onclick=x>",
        "<script>",
        "</script>",
        ":name: n\n",
        "é",
        "東",
        "\u{feff}",
        "\r\n",
        "\t",
        "`",
        "*",
        "_",
        "{",
        "}",
        "<",
        ">",
        "\\",
        "title: x\n",
    ]);
    prop::collection::vec(prop_oneof![atoms.prop_map(str::to_string), ".{0,8}"], 0..40)
        .prop_map(|v| v.concat())
}

proptest! {
    // A fixed seed keeps CI deterministic; explore with more cases locally,
    // e.g. WAYBOOK_FUZZ_CASES=100000, and keep any failure in proptest-regressions/.
    #![proptest_config(crate::util::fuzz_config(256))]

    #[test]
    fn front_matter_split_is_total(text in mdish()) {
        let (fm, body) = source::split_front_matter(&text);
        prop_assert!(body <= text.len());
        prop_assert!(text.is_char_boundary(body));
        if let Some(fm) = fm {
            let start = fm.text.as_ptr() as usize - text.as_ptr() as usize;
            prop_assert!(start + fm.text.len() <= body);
        }
    }

    #[test]
    fn scan_offsets_stay_inside_the_text(text in mdish()) {
        // Sources reach the scanner decoded: BOM dropped, CRLF as LF.
        let text = source::decode(text.into_bytes()).unwrap();
        let norm = markup::normalize_colon_fences(&text);
        prop_assert_eq!(norm.len(), text.len());
        let scan = markup::scan(&norm);
        // Offsets are render keys and diagnostic positions; inside indented
        // directive fences they are approximate, but always usable.
        let lines = waybook::diag::LineIndex::new(&norm);
        for l in &scan.links {
            prop_assert!(l.offset <= norm.len(), "{:?}", l);
            let span = lines.span("f.md", l.offset, l.len);
            prop_assert!(span.line >= 1 && span.offset <= norm.len());
        }
        for (_, off) in &scan.labels {
            prop_assert!(*off <= norm.len());
        }
    }

    #[test]
    fn rendering_never_panics_and_strips_scripts(text in mdish()) {
        let hl = Highlighter::new();
        let files = Default::default();
        let env = html::Env {
            rosters: &waybook::model::group::NO_ROSTERS,
            hl: &hl,
            allow_scripts: false,
            files: &files,
            strings: waybook::i18n::Catalog::english(),
            chrome: None,
        };
        let out = html::render_plain(&env, &text);
        prop_assert!(!out.to_ascii_lowercase().contains("<script"), "{}", out);
    }

    #[test]
    fn sanitizer_removes_scripts_and_handlers(html_in in "(<[a-zA-Z]{1,6}( on[a-z]{1,5}=\"[^\"]{0,5}\")?>|<script>|</script>|[a-z ]{0,5}){0,12}") {
        let out = waybook::sanitize::clean(&html_in).to_ascii_lowercase();
        prop_assert!(!out.contains("<script"));
        // No event handler attribute inside any tag the browser would parse.
        let mut rest = out.as_str();
        while let Some(i) = rest.find('<') {
            let tag = &rest[i..];
            let end = tag.find('>').map_or(tag.len(), |e| e + 1);
            if tag[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                prop_assert!(!tag[..end].contains(" on"), "{}", out);
            }
            rest = &tag[1..];
        }
    }

    #[test]
    fn normalized_paths_never_climb_out(path in "(\\.\\.|\\.|[a-z]{1,3}|%2e|/){0,12}") {
        if let Some(n) = resolve::normalize_path(&path) {
            prop_assert!(!n.split('/').any(|s| s == ".." || s == "."));
            prop_assert!(!n.starts_with('/'));
            prop_assert_eq!(resolve::normalize_path(&n), Some(n.clone()));
        }
    }

    #[test]
    fn relative_links_point_back_at_their_target(
        from in prop::collection::vec("[a-c]{1,2}", 1..4),
        to in prop::collection::vec("[a-c]{1,2}", 1..4),
    ) {
        let from = format!("{}.html", from.join("/"));
        let to = format!("{}.html", to.join("/"));
        let rel = resolve::relative(&from, &to);
        let dir = from.rfind('/').map_or("", |i| &from[..i]);
        let joined = if dir.is_empty() { rel.clone() } else { format!("{dir}/{rel}") };
        prop_assert_eq!(resolve::normalize_path(&joined), Some(to.clone()), "{} -> {} = {}", from, to, rel);
    }
}
