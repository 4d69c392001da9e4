//! Integration tests: one test binary, one module per area. Fixture
//! handbooks live in `tests/fixtures/`; shared corpora in `../shared/corpora`.

mod util;

mod book;
mod browser;
mod build;
mod check;
mod corpora;
mod credit;
mod dated;
mod decisions;
mod diagnostics;
mod directives;
mod fuzz;
mod governance;
mod group_sources;
mod groups;
mod guide;
mod guide_reference;
mod health;
mod hostile;
mod markdown_pass;
mod props;
mod reader;
mod real_links;
mod security;
#[cfg(feature = "serve")]
mod serve;
mod translations;
mod trust_diag;
mod trust_mark;
mod trust_output;
mod ui_strings;
