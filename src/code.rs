//! The diagnostic code table: every problem waybook can report, each with its
//! stable kebab-case name, default severity, whether it breaks a live preview,
//! and a one-line explanation. It sits at the bottom of the pipeline beside
//! `diag` (which carries a [`Code`] in every diagnostic); `handbook.yml`'s
//! `lints:` keys, `serve`'s "keep the last good site" rule, `waybook explain`
//! and the generated reference all read this one table.
//!
//! Adding a code is one line in the `codes!` invocation below, plus a fixture
//! folder `tests/fixtures/diagnostics/<code>/` (a test fails without one).

use std::fmt;

use serde::Serialize;

use crate::diag::Severity;

/// Declares [`Code`] and its table in one place so the enum, names, levels
/// and explanations cannot drift apart.
macro_rules! codes {
    ($( $variant:ident = $name:literal, $sev:ident, $breaks:literal, $why:literal; )*) => {
        /// A diagnostic code. Its [`fmt::Display`] and JSON form is the stable
        /// kebab-case name (`broken-link`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( #[doc = $why] $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name used in output and `lints:`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity the code has unless `lints:` changes it.
            pub const fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// Whether an error with this code means the save is broken, so
            /// `serve` keeps showing the last good site.
            pub const fn breaks_preview(self) -> bool {
                match self { $(Code::$variant => $breaks,)* }
            }

            /// One line on what the code means and what to do.
            pub const fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $why,)* }
            }
        }
    };
}

codes! {
    AmbiguousReference = "ambiguous-reference", Error, false,
        "A `[[name]]` reference matches more than one kind of entity (a role and a term, say); write `[[role:name]]` or `[[term:name]]`.";
    BrokenAnchor = "broken-anchor", Error, false,
        "A link's `#fragment` names no heading, label or HTML id in the target page; fix the fragment or add the anchor.";
    BrokenInclude = "broken-include", Error, false,
        "An `{include}` directive names a file that does not exist; check the path, which is relative to the file holding the directive.";
    BrokenLink = "broken-link", Error, false,
        "A relative link points to a file that is not in the handbook; fix the path or add the file.";
    BrokenSymlink = "broken-symlink", Error, false,
        "A symlink in the handbook points nowhere or loops; remove it or point it at a file inside the handbook.";
    ConfigFileMissing = "config-file-missing", Warning, false,
        "`logo:`, `favicon:` or `social_image:` in `handbook.yml` (or the logo or favicon of `myst.yml` or `_config.yml`) names a file that is not in the handbook; give the image's path from the handbook folder, or an https: URL.";
    DecisionIncomplete = "decision-incomplete", Warning, false,
        "A decision whose status says `accepted` has no `decided:` date or names no `deciders:`; record when and by whom it was decided.";
    DecisionWithoutFrontMatter = "decision-without-front-matter", Warning, false,
        "A decision record has no front matter and no `Status:` line: its page is built from the prose (title from the first heading, summary from the first paragraph) and it is listed as proposed; add front matter with its `status:` and `date:`.";
    DuplicateId = "duplicate-id", Error, false,
        "Two roles, journeys, groups or people share an id; ids must be unique within their kind.";
    DuplicateLabel = "duplicate-label", Warning, false,
        "A MyST label `(name)=` is defined twice; references to it go to the first.";
    DuplicateTerm = "duplicate-term", Warning, false,
        "A glossary term is defined twice; the first definition wins.";
    EmployerConcentration = "employer-concentration", Warning, false,
        "More than `health.max_employer_share` (half unless set) of the people in leadership positions share one affiliation; bring in leaders from other organisations or raise the share.";
    ExternalLink = "external-link", Warning, false,
        "`check --external` found an external link that does not answer or answers with an error.";
    FeedWithoutBaseUrl = "feed-without-base-url", Warning, false,
        "The handbook has decisions but no `base_url`, so `feed.xml` (which needs absolute URLs) is not written; set `base_url:` in handbook.yml.";
    GroupCycle = "group-cycle", Error, false,
        "Groups' `parent` links form a cycle; break it so the organisation has a top.";
    GroupWithoutLead = "group-without-lead", Warning, false,
        "A group defined in `groups/` that is not archived has no current lead; name one under `leads:` so people know who to ask.";
    IncludeCycle = "include-cycle", Error, false,
        "A file `{include}`s itself, directly or through other files (the message shows the chain); remove one include of the chain.";
    IncludeFolder = "include-folder", Error, false,
        "An `{include}` names a folder; include one file inside it.";
    IncludeTooDeep = "include-too-deep", Error, false,
        "More than 8 `{include}`s are nested in one chain (shown in the message); include the inner files from the page directly.";
    IncludeTooLarge = "include-too-large", Error, false,
        "A page's includes expand to more than 16 MiB, counting a file included many times once per copy (the chain shows where); include it once or split the page.";
    InvalidConfig = "invalid-config", Error, true,
        "`handbook.yml` has a key or value waybook does not understand.";
    InvalidDate = "invalid-date", Error, false,
        "A date field is not a `YYYY-MM-DD` date.";
    InvalidDirective = "invalid-directive", Warning, false,
        "A directive's content does not have the shape it needs (a `{list-table}` row with a different number of cells than the first, or no list at all); it is drawn as well as it can be.";
    InvalidFrontMatter = "invalid-front-matter", Error, true,
        "A file's front matter cannot be read: unterminated `---` block, bad YAML or TOML, or a value of the wrong kind.";
    InvalidGroup = "invalid-group", Error, false,
        "A group's `kind` or `status` is not one the handbook allows (`group_kinds:` in `handbook.yml`; statuses are active, incubating and archived).";
    InvalidIdentifier = "invalid-identifier", Error, false,
        "A person's ORCID iD (checked with its check character) or an affiliation's ROR id is malformed; copy it again from its record.";
    InvalidInterval = "invalid-interval", Error, false,
        "`review_every` is not an interval such as `6 months` or `1 year`.";
    InvalidJourney = "invalid-journey", Error, true,
        "A journey file is empty or has no usable journey data.";
    InvalidLanguage = "invalid-language", Error, false,
        "A `languages:` entry in `handbook.yml` is not a language code, is listed twice, or has a direction other than `ltr` or `rtl`.";
    InvalidMath = "invalid-math", Warning, false,
        "A `$…$`, `$$…$$` or `{math}` formula has LaTeX waybook cannot read; the formula is shown as written, marked.";
    InvalidRole = "invalid-role", Error, true,
        "A role file has no usable role data.";
    InvalidSource = "invalid-source", Error, false,
        "A `sources:` entry in `handbook.yml` cannot be used: an unknown preset or field, a file that matches nothing or cannot be parsed, or a selector that finds no records.";
    InvalidUtf8 = "invalid-utf8", Error, true,
        "A text file is not valid UTF-8; re-save it as UTF-8.";
    InvalidYaml = "invalid-yaml", Error, true,
        "A YAML file (journey, glossary, people, role front matter) has a syntax or shape error.";
    JourneyMissingStage = "journey-missing-stage", Warning, false,
        "A journey skips one of the handbook's participation stages.";
    JourneyStageOrder = "journey-stage-order", Warning, false,
        "A journey lists its stages out of the handbook's order or more than once.";
    LabelShadowsHeading = "label-shadows-heading", Warning, false,
        "A `#name` link on a page whose heading slug is `name` also names a MyST label `(name)=` on another page; the label wins. Rename one, or give the heading an explicit `{#id}` and link to that.";
    LinkOutside = "link-outside", Error, false,
        "A relative link climbs out of the handbook folder; link to a file inside it or use an absolute URL.";
    LinksSupersededDecision = "links-superseded-decision", Warning, false,
        "A doc links a decision that has been superseded; link its successor (named in the message) instead, or say why the old one still matters.";
    NavMissingFile = "nav-missing-file", Error, false,
        "`nav:` in `handbook.yml` lists a path that is not a doc.";
    NoEmeritusPath = "no-emeritus-path", Warning, false,
        "The handbook has leadership roles or groups but no emeritus member and no role that mentions emeritus status; say how leaders step down and keep their standing. Off unless `lints:` sets a level.";
    OrphanPage = "orphan-page", Warning, false,
        "A doc is not in the explicit `nav:` or table of contents, so readers cannot find it from the sidebar.";
    RawHtmlRemoved = "raw-html-removed", Warning, false,
        "Raw HTML holds an element the cleaner removes with its content (`<script>`, `<style>`, `<iframe>` other than a YouTube or Vimeo video, `<form>`, `<svg>`…); write it in markdown, link to it, or set `allow_scripts: true` if you trust every author.";
    ReportsToCycle = "reports-to-cycle", Error, false,
        "Roles' `reports_to` links form a cycle; break it so the ladder has a top.";
    ReviewOverdue = "review-overdue", Warning, false,
        "A doc's `last_reviewed` plus `review_every` is in the past; review it and update `last_reviewed`.";
    RoleUnheld = "role-unheld", Warning, false,
        "A role has no holders; name them in `holders:` or mark the role vacant on purpose with `lints:`.";
    RoleUnreachable = "role-unreachable", Warning, false,
        "No role grows into this role and no journey step involves it, so the ladder never reaches it.";
    RoleVacant = "role-vacant", Warning, false,
        "Nobody holds a role, and its last holder (a group member's `until:`) left longer ago than `health.stale_after`; find a holder or retire the role.";
    RoleWithoutFrontMatter = "role-without-front-matter", Warning, false,
        "A file in `roles/` has no front matter: its page is built from its prose (title from the first heading, summary from the first paragraph); add front matter so it joins the ladder and its checks.";
    RoleWithoutTerm = "role-without-term", Warning, false,
        "A leadership role (one in the last stage, or one a group lead holds) has no `term:`; say how long it is held and how it is renewed. Off unless `lints:` sets a level.";
    ShallowClone = "shallow-clone", Warning, false,
        "The repository is a shallow clone, so \"last updated\" dates from git may be wrong; fetch full history.";
    SingleHolder = "single-holder", Warning, false,
        "A leadership role is held by one person alone. Off unless `lints:` sets a level, since small projects often have one maintainer on purpose.";
    SitemapWithoutBaseUrl = "sitemap-without-base-url", Warning, false,
        "`build` found no `base_url`, so it wrote no `sitemap.xml` (a sitemap lists absolute URLs); set `base_url` (or `--base-url`) to the site's public URL.";
    SourceConflict = "source-conflict", Warning, false,
        "A group or person is defined by hand and imported from a data source with different values; the hand-written value wins. Make them agree or drop one.";
    SourceDrift = "source-drift", Warning, false,
        "A group defined by hand and in a data source lists different people, or a person `people.yml` credits with `contributions:` is missing from a contributor list (`.all-contributorsrc`) or has other kinds there. Update whichever is stale.";
    SupersessionCycle = "supersession-cycle", Error, false,
        "Decisions' `supersedes` / `superseded_by` links form a cycle (shown in the message); a decision cannot replace one that replaces it.";
    SupersessionOneSided = "supersession-one-sided", Warning, false,
        "A decision says it supersedes another (or is superseded by it) but the other does not say so back; add the matching `superseded_by` / `supersedes`.";
    SymlinkDir = "symlink-dir", Warning, false,
        "A symlinked folder is not followed; replace it with a real folder.";
    SymlinkEscape = "symlink-escape", Error, false,
        "A symlink points outside the handbook folder; the file is not read.";
    TemplateError = "template-error", Error, true,
        "A template in `templates/` does not parse or fails to render.";
    TocMissingFile = "toc-missing-file", Warning, false,
        "A Jupyter Book `_toc.yml` or `myst.yml` lists a file that does not exist.";
    TooManyRoles = "too-many-roles", Warning, false,
        "One person holds more leadership positions than `health.max_roles_per_person` (3 unless set); spread the load or raise the limit.";
    TranslationOrphan = "translation-orphan", Warning, false,
        "A file under `i18n/<code>/` translates nothing: no file of the handbook has its path, or its folder is not a language of `languages:`.";
    TranslationStructure = "translation-structure", Error, true,
        "A translation changes or leaves out a structural field (an id, holders, `grows_into`, a stage, a group, a link target…); translations change text only, so copy the field from the source unchanged.";
    UiStringMissing = "ui-string-missing", Warning, false,
        "A language has no UI string for a key; the English string is shown. Add it to `templates/i18n/<code>.toml` in the handbook.";
    UnknownArea = "unknown-area", Warning, false,
        "A `covers:` tag names no governance health area; use an id from the area table (README, \"Governance health\") or add the area under `health: {areas: …}`.";
    UnknownCitation = "unknown-citation", Error, false,
        "A `{cite}` key is not in any `.bib` file of the handbook.";
    UnknownContribution = "unknown-contribution", Warning, false,
        "A person's contribution kind (all-contributors key) or CRediT role is not one waybook knows.";
    UnknownContributor = "unknown-contributor", Warning, false,
        "Someone changed pages (per git) whom `people.yml` does not list by email, handle or name; add them (with `email:`), map their address in `.mailmap`, or set `credit: false`.";
    UnknownDecision = "unknown-decision", Error, false,
        "A reference names a decision id or number that does not exist.";
    UnknownDirective = "unknown-directive", Warning, false,
        "A MyST directive waybook does not support; its content is shown in a marked box.";
    UnknownDirectiveOption = "unknown-directive-option", Warning, false,
        "A directive has an option it does not take (often a typo); the option is ignored. Fix its name or remove it.";
    UnknownGroup = "unknown-group", Error, false,
        "A reference names a group id that does not exist (`[[group:id]]`, a role's `group:`, a `{members}` directive, a group's `parent`).";
    UnknownJourney = "unknown-journey", Error, false,
        "A reference names a journey id that does not exist.";
    UnknownKey = "unknown-key", Warning, false,
        "Front matter has a key waybook does not know; fix its spelling or move it under `extra:`.";
    UnknownLabel = "unknown-label", Error, false,
        "A `{ref}` names a MyST label defined nowhere in the handbook.";
    UnknownLicense = "unknown-license", Error, false,
        "A `license:` is not an SPDX license id or expression; use an id from https://spdx.org/licenses/ such as `CC-BY-4.0`.";
    UnknownPerson = "unknown-person", Error, false,
        "A holder, author or member is not in `people.yml`; add them or fix the spelling.";
    UnknownReference = "unknown-reference", Error, false,
        "A `[[name]]` reference matches no role, journey, person or term.";
    UnknownRole = "unknown-role", Error, false,
        "A reference names a role id that does not exist.";
    UnknownStage = "unknown-stage", Error, false,
        "A stage id is not one of the handbook's `stages:`.";
    UnknownStatus = "unknown-status", Error, false,
        "A decision's status is not one of the configured statuses (`decisions: statuses:` in handbook.yml, or proposed, accepted, rejected, withdrawn, deferred, superseded).";
    UnknownTerm = "unknown-term", Error, false,
        "A `{term}` or glossary reference names a term that is not in the glossary.";
    Unreadable = "unreadable", Error, true,
        "A file or folder cannot be read (permissions, or it vanished while reading).";
    UnsafeUrl = "unsafe-url", Warning, false,
        "A link, image or raw-HTML URL uses a scheme other than http, https, mailto or tel (`javascript:`, `data:`…); it was removed and its text kept.";
    UrlCollision = "url-collision", Error, false,
        "Two sources would be written to the same URL (compared case-insensitively, as many file systems do); the loser is built beside it, rename one of them.";
}

impl Code {
    /// The code with this kebab-case name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// All names, for "did you mean" suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Code::ALL.iter().map(|c| c.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for &c in Code::ALL {
            let n = c.as_str();
            assert!(seen.insert(n), "{n} twice");
            assert!(
                n.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{n}"
            );
            assert_eq!(Code::from_name(n), Some(c));
            assert!(c.explanation().ends_with('.'), "{n}: explanation");
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }

    #[test]
    fn table_is_sorted_by_name() {
        let names: Vec<_> = Code::names().collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }
}
