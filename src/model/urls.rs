//! The fixed pages the site makes, by root-relative URL: the one place that
//! spells them. An entity kind's own pages (`roles/<id>.html`, …) are made
//! by its module's `url` function.

/// The home page (a generated one, unless a doc is `README.md`/`index.md`).
pub(crate) const HOME: &str = "index.html";
/// The search page.
pub(crate) const SEARCH: &str = "search.html";
/// The "page not found" page.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The glossary page: every term is an anchor on it.
pub(crate) const GLOSSARY: &str = "glossary.html";
/// The people page: a card per person (each also has a page of their own).
pub(crate) const PEOPLE: &str = "people.html";
/// The acknowledgements page (contributors by contribution type).
pub(crate) const ACKNOWLEDGEMENTS: &str = "acknowledgements.html";
/// The latest commits that changed the handbook (only with git history).
pub(crate) const RECENT_CHANGES: &str = "recent-changes.html";
/// The governance health report.
pub(crate) const HEALTH: &str = "health.html";
/// The sitemap.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The whole model for other tools.
pub(crate) const HANDBOOK_JSON: &str = "handbook.json";
