//! waybook: a static site generator for community governance handbooks.
//!
//! The library is a pipeline of stages with typed hand-offs; each module
//! imports only from stages before it:
//! `config` → `source` → `markup` (scan) → `include` → `model` → `owners` →
//! `nav` → `resolve` → `lint` → `html` → `site` (pages and templates) →
//! `search` → `output`.
//! `build` runs the pipeline; `serve` keeps it in memory and re-runs it on
//! change. `diag`, `yaml`, `slug`, `url`, `sanitize` and `escape` are shared utilities at the bottom.

pub mod build;
pub mod cli;
pub mod code;
pub mod config;
pub mod diag;
pub mod escape;
pub mod export;
#[cfg(feature = "external")]
pub mod external;
pub mod git;
pub mod highlight;
pub mod html;
pub mod include;
pub mod init;
pub mod lint;
pub mod markup;
pub mod model;
pub(crate) mod myst;
pub mod nav;
pub mod output;
pub(crate) mod owners;
pub mod resolve;
pub mod sanitize;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod url;
pub mod yaml;
