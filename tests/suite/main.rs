//! Integration tests: one test binary, one module per area. Fixture
//! handbooks live in `tests/fixtures/`; shared corpora in `../shared/corpora`.

mod util;

mod browser;
mod build;
mod check;
mod corpora;
mod diagnostics;
mod governance;
mod props;
#[cfg(feature = "serve")]
mod serve;
mod trust_output;
mod ui_strings;
