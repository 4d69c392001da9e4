//! waybook: a static site generator for community governance handbooks.
//!
//! The library is a pipeline of stages with typed hand-offs; each module
//! imports only from stages before it:
//! `source` (reading inside the root) → `config` → `markup` (scan) → `include` →
//! `model` → `owners` → `nav` → `resolve` → `govern` → `lint` → `health` → `html` →
//! `site` (pages and templates) → `search` → `output`.
//! `build` runs the pipeline; `serve` keeps it in memory and re-runs it on
//! change. `code` (the diagnostic code table), `diag`, `yaml`, `paths`, `slug`,
//! `url`, `sanitize`, `escape`, `par` and `i18n` (UI strings) are shared utilities at
//! the bottom. ARCHITECTURE.md draws the picture and says where to add things.

pub mod build;
pub(crate) mod cache;
pub(crate) mod citation;
pub mod cli;
pub mod code;
pub mod config;
pub(crate) mod credit;
pub mod diag;
pub(crate) mod escape;
pub(crate) mod export;
#[cfg(feature = "external")]
pub(crate) mod external;
pub(crate) mod git;
pub(crate) mod govern;
pub(crate) mod health;
pub mod highlight;
pub mod html;
pub(crate) mod html_notes;
pub(crate) mod html_raw;
pub mod i18n;
pub(crate) mod include;
pub(crate) mod init;
pub(crate) mod leb128;
pub(crate) mod license;
pub mod lint;
pub mod markup;
pub mod model;
pub(crate) mod myst;
pub(crate) mod nav;
pub mod output;
pub(crate) mod owners;
pub(crate) mod par;
pub(crate) mod paths;
pub(crate) mod pdf;
pub mod resolve;
pub mod sanitize;
pub(crate) mod search;
#[cfg(feature = "serve")]
pub(crate) mod serve;
pub mod site;
pub(crate) mod slug;
pub mod source;
pub(crate) mod translate;
pub mod url;
pub mod yaml;
