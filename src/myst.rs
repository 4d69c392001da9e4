//! The MyST registry: every directive and role waybook knows is ONE entry
//! here (name, aliases, options schema, what the scan records, how it
//! renders, what it links to). The scan ([`crate::markup`]), the include
//! collector ([`crate::include`]), the resolver ([`crate::resolve`]) and the
//! renderer ([`crate::html`]) look names up here instead of keeping their own
//! lists. It sits in the markup layer, below everything that uses it.

/// What kind of value an option takes (documentation, and the place to
/// validate values later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value {
    /// Free text.
    Text,
    /// No value (`:open:`).
    Flag,
    /// A CSS length (`80%`, `300px`).
    Length,
    /// Space-separated class names.
    Classes,
    /// MyST/Sphinx accept it; waybook reads it without effect (listed so it
    /// is not reported as unknown).
    Ignored,
}

/// One known option of a directive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Opt {
    pub(crate) name: &'static str,
    pub(crate) value: Value,
}

const fn opt(name: &'static str, value: Value) -> Opt {
    Opt { name, value }
}

/// What the scan does with a directive's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// Markdown: scanned (links, labels, headings), included files collected.
    Markdown,
    /// Literal text: only its words go to search.
    Literal,
    /// `{glossary}` entries (terms and markdown definitions).
    Glossary,
}

/// What a directive's argument links to (checked by the resolver).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link {
    None,
    /// An image file (`{figure}`, `{image}`).
    Image,
    /// A handbook file recorded as a directive link under the directive's
    /// name (`{include}`, `{literalinclude}`, `{bibliography}`); the body is
    /// then not scanned.
    File,
    /// A group id, recorded as a directive link named `members`.
    Group,
    /// The `:link:` option: a link like a markdown link's (or a `{ref}` /
    /// `{doc}` with `:link-type: ref` / `doc`), keyed at the option's value.
    Card,
}

/// How a directive renders (the match in `html::Renderer::directive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Render {
    /// Highlighted code; the argument is the language.
    Code,
    Math,
    Figure,
    Image,
    Include,
    LiteralInclude,
    Bibliography,
    Glossary,
    /// Nothing (the site builds its own table of contents).
    Hidden,
    /// A `<details>` box titled by the argument (`:open:` opens it).
    Dropdown,
    /// A box beside the text (`{margin}`, `{sidebar}`), titled by its
    /// argument when there is one.
    Aside,
    /// A quotation; a last paragraph starting with `--` or `—` is its
    /// attribution.
    Epigraph,
    /// Tabs: the `{tab-item}`s of its body.
    TabSet,
    /// One tab, labelled by its argument.
    TabItem,
    /// Cards in columns; the argument is the column count (1 to 4 numbers,
    /// narrow to wide screens).
    Grid,
    /// A card titled by its argument; `:link:` makes the whole card a link.
    Card,
    /// A table written as a list of rows, each a list of cells.
    ListTable,
    /// A diagram drawn in the browser by the theme's vendored mermaid.
    Mermaid,
    /// A box around markdown; `titled`: the argument is the title, else it
    /// starts the body (as in Sphinx).
    Admonition {
        titled: bool,
    },
    /// The current members of the group its argument names.
    Members,
}

/// One directive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Directive {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    /// Known options besides `name` and `class`, which every directive takes.
    pub(crate) options: &'static [Opt],
    pub(crate) body: Body,
    pub(crate) link: Link,
    pub(crate) render: Render,
}

use Value::{Classes, Flag, Ignored, Length, Text};

const CODE_OPTS: &[Opt] = &[
    opt("linenos", Flag),
    opt("lineno-start", Text),
    opt("emphasize-lines", Text),
    opt("caption", Text),
    opt("dedent", Ignored),
    opt("force", Ignored),
];
const IMAGE_OPTS: &[Opt] = &[
    opt("alt", Text),
    opt("width", Length),
    opt("height", Ignored),
    opt("scale", Ignored),
    opt("align", Ignored),
    opt("target", Ignored),
    opt("loading", Ignored),
    opt("figwidth", Ignored),
    opt("figclass", Ignored),
];
const INCLUDE_OPTS: &[Opt] = &[
    opt("start-after", Text),
    opt("end-before", Text),
    opt("language", Text),
    opt("start-line", Ignored),
    opt("end-line", Ignored),
    opt("start-at", Ignored),
    opt("end-at", Ignored),
    opt("lines", Ignored),
    opt("literal", Ignored),
    opt("encoding", Ignored),
    opt("parser", Ignored),
    opt("heading-offset", Ignored),
    opt("relative-images", Ignored),
    opt("relative-docs", Ignored),
    opt("linenos", Ignored),
    opt("lineno-match", Ignored),
    opt("emphasize-lines", Ignored),
    opt("caption", Ignored),
    opt("dedent", Ignored),
    opt("tab-width", Ignored),
    opt("prepend", Ignored),
    opt("append", Ignored),
    opt("pyobject", Ignored),
    opt("diff", Ignored),
    opt("force", Ignored),
];
const BOX_OPTS: &[Opt] = &[opt("class", Classes)];
const DROPDOWN_OPTS: &[Opt] = &[
    opt("open", Flag),
    opt("color", Ignored),
    opt("icon", Ignored),
    opt("chevron", Ignored),
    opt("animate", Ignored),
    opt("margin", Ignored),
    opt("class-container", Ignored),
    opt("class-title", Ignored),
    opt("class-body", Ignored),
];
const CARD_OPTS: &[Opt] = &[
    opt("link", Text),
    opt("link-type", Text),
    opt("link-alt", Text),
    opt("header", Text),
    opt("footer", Text),
    opt("img-top", Ignored),
    opt("img-bottom", Ignored),
    opt("img-background", Ignored),
    opt("img-alt", Ignored),
    opt("shadow", Ignored),
    opt("width", Ignored),
    opt("margin", Ignored),
    opt("text-align", Ignored),
    opt("class-card", Ignored),
    opt("class-header", Ignored),
    opt("class-body", Ignored),
    opt("class-title", Ignored),
    opt("class-footer", Ignored),
];
const TOC_OPTS: &[Opt] = &[
    opt("maxdepth", Ignored),
    opt("caption", Ignored),
    opt("hidden", Ignored),
    opt("glob", Ignored),
    opt("numbered", Ignored),
    opt("titlesonly", Ignored),
    opt("reversed", Ignored),
    opt("includehidden", Ignored),
    opt("depth", Ignored),
];
const BIB_OPTS: &[Opt] = &[
    opt("style", Ignored),
    opt("filter", Ignored),
    opt("all", Ignored),
    opt("cited", Ignored),
    opt("notcited", Ignored),
    opt("labelprefix", Ignored),
    opt("keyprefix", Ignored),
    opt("list", Ignored),
    opt("enumtype", Ignored),
    opt("start", Ignored),
];
const MATH_OPTS: &[Opt] = &[
    opt("label", Text),
    opt("nowrap", Ignored),
    opt("enumerated", Ignored),
];
const RAW_OPTS: &[Opt] = &[
    opt("file", Ignored),
    opt("url", Ignored),
    opt("encoding", Ignored),
];
const MERMAID_OPTS: &[Opt] = &[
    opt("zoom", Ignored),
    opt("align", Ignored),
    opt("caption", Text),
    opt("alt", Text),
];
const SIDEBAR_OPTS: &[Opt] = &[opt("subtitle", Ignored)];
const TAB_SET_OPTS: &[Opt] = &[opt("sync-group", Ignored), opt("class-container", Ignored)];
const TAB_ITEM_OPTS: &[Opt] = &[
    opt("selected", Flag),
    opt("sync", Ignored),
    opt("class-container", Ignored),
    opt("class-label", Ignored),
    opt("class-content", Ignored),
];
const GRID_OPTS: &[Opt] = &[
    opt("gutter", Ignored),
    opt("margin", Ignored),
    opt("padding", Ignored),
    opt("outline", Ignored),
    opt("reverse", Ignored),
    opt("class-container", Ignored),
    opt("class-row", Ignored),
];
const GRID_CARD_OPTS: &[Opt] = &[
    opt("link", Text),
    opt("link-type", Text),
    opt("link-alt", Text),
    opt("header", Text),
    opt("footer", Text),
    opt("columns", Ignored),
    opt("child-direction", Ignored),
    opt("child-align", Ignored),
    opt("img-top", Ignored),
    opt("img-bottom", Ignored),
    opt("img-background", Ignored),
    opt("img-alt", Ignored),
    opt("shadow", Ignored),
    opt("margin", Ignored),
    opt("text-align", Ignored),
    opt("class-item", Ignored),
    opt("class-card", Ignored),
    opt("class-header", Ignored),
    opt("class-body", Ignored),
    opt("class-title", Ignored),
    opt("class-footer", Ignored),
];
const LIST_TABLE_OPTS: &[Opt] = &[
    opt("header-rows", Text),
    opt("stub-columns", Text),
    opt("widths", Text),
    opt("width", Ignored),
    opt("align", Ignored),
];
const GLOSSARY_OPTS: &[Opt] = &[opt("sorted", Ignored)];
const MEMBERS_OPTS: &[Opt] = &[opt("past", Flag)];

const fn d(
    name: &'static str,
    aliases: &'static [&'static str],
    options: &'static [Opt],
    body: Body,
    link: Link,
    render: Render,
) -> Directive {
    Directive {
        name,
        aliases,
        options,
        body,
        link,
        render,
    }
}

const fn admonition(name: &'static str, titled: bool, options: &'static [Opt]) -> Directive {
    d(
        name,
        &[],
        options,
        Body::Markdown,
        Link::None,
        Render::Admonition { titled },
    )
}

/// Every directive waybook knows. Adding one is one line here (and, for a
/// new way of rendering, a [`Render`] variant and its arm in `html`).
#[rustfmt::skip]
pub(crate) const DIRECTIVES: &[Directive] = &[
    d("code-block", &["code", "sourcecode", "code-cell"], CODE_OPTS, Body::Literal, Link::None, Render::Code),
    d("math", &[], MATH_OPTS, Body::Literal, Link::None, Render::Math),
    d("figure", &[], IMAGE_OPTS, Body::Markdown, Link::Image, Render::Figure),
    d("image", &[], IMAGE_OPTS, Body::Markdown, Link::Image, Render::Image),
    d("include", &[], INCLUDE_OPTS, Body::Literal, Link::File, Render::Include),
    d("literalinclude", &[], INCLUDE_OPTS, Body::Literal, Link::File, Render::LiteralInclude),
    d("bibliography", &[], BIB_OPTS, Body::Literal, Link::File, Render::Bibliography),
    d("glossary", &[], GLOSSARY_OPTS, Body::Glossary, Link::None, Render::Glossary),
    d("members", &["roster", "group-members", "team-members"], MEMBERS_OPTS, Body::Literal, Link::Group, Render::Members),
    d("tableofcontents", &[], TOC_OPTS, Body::Literal, Link::None, Render::Hidden),
    d("toctree", &[], TOC_OPTS, Body::Literal, Link::None, Render::Hidden),
    d("raw", &[], RAW_OPTS, Body::Literal, Link::None, Render::Hidden),
    d("mermaid", &[], MERMAID_OPTS, Body::Literal, Link::None, Render::Mermaid),
    d("dropdown", &[], DROPDOWN_OPTS, Body::Markdown, Link::None, Render::Dropdown),
    d("tab-set", &["tabs"], TAB_SET_OPTS, Body::Markdown, Link::None, Render::TabSet),
    d("tab-item", &["tab"], TAB_ITEM_OPTS, Body::Markdown, Link::None, Render::TabItem),
    d("grid", &[], GRID_OPTS, Body::Markdown, Link::None, Render::Grid),
    d("grid-item-card", &[], GRID_CARD_OPTS, Body::Markdown, Link::Card, Render::Card),
    d("card", &[], CARD_OPTS, Body::Markdown, Link::Card, Render::Card),
    d("list-table", &[], LIST_TABLE_OPTS, Body::Markdown, Link::None, Render::ListTable),
    d("margin", &[], BOX_OPTS, Body::Markdown, Link::None, Render::Aside),
    d("sidebar", &[], SIDEBAR_OPTS, Body::Markdown, Link::None, Render::Aside),
    d("epigraph", &["pull-quote", "highlights"], BOX_OPTS, Body::Markdown, Link::None, Render::Epigraph),
    admonition("note", false, BOX_OPTS),
    admonition("tip", false, BOX_OPTS),
    admonition("hint", false, BOX_OPTS),
    admonition("important", false, BOX_OPTS),
    admonition("warning", false, BOX_OPTS),
    admonition("caution", false, BOX_OPTS),
    admonition("attention", false, BOX_OPTS),
    admonition("danger", false, BOX_OPTS),
    admonition("error", false, BOX_OPTS),
    admonition("seealso", false, BOX_OPTS),
    admonition("admonition", true, BOX_OPTS),
    admonition("topic", true, BOX_OPTS),
];

/// Options every directive takes.
const COMMON_OPTS: &[Opt] = &[opt("name", Text), opt("class", Classes)];

/// The directive called `name` (or one of its aliases).
pub(crate) fn directive(name: &str) -> Option<&'static Directive> {
    DIRECTIVES
        .iter()
        .find(|d| d.name == name || d.aliases.contains(&name))
}

impl Directive {
    /// Whether `key` is an option this directive knows.
    pub(crate) fn knows_option(&self, key: &str) -> bool {
        self.all_options().any(|o| o.name == key)
    }

    /// Every option name this directive knows, common ones included.
    pub(crate) fn all_options(&self) -> impl Iterator<Item = &'static Opt> + use<> {
        COMMON_OPTS.iter().chain(self.options.iter())
    }

    /// The options waybook acts on (not the ones it accepts without effect).
    pub(crate) fn used_options(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.all_options()
            .filter(|o| o.value != Value::Ignored)
            .map(|o| o.name)
    }

    /// Admonition-like: a box around markdown (its argument may be markdown).
    pub(crate) fn is_box(&self) -> bool {
        matches!(
            self.render,
            Render::Admonition { .. }
                | Render::Dropdown
                | Render::Aside
                | Render::Epigraph
                | Render::TabSet
                | Render::TabItem
                | Render::Grid
                | Render::Card
        )
    }

    /// Whether its argument is text a reader sees (a title, a label, the
    /// start of the body), so search indexes it.
    pub(crate) fn argument_is_text(&self) -> bool {
        self.body == Body::Markdown
            && self.link != Link::Image
            && !matches!(self.render, Render::Grid | Render::TabSet)
    }
}

/// What a role's target links to (the resolver's match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleLink {
    None,
    /// A MyST `(label)=`.
    Label,
    /// A glossary term.
    Term,
    /// A handbook page (`.md` added when missing).
    Doc,
    /// A handbook file.
    File,
    /// `.bib` entries.
    Cite,
}

/// How a role renders when its target did not resolve to a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleRender {
    /// `<code class="role role-NAME">`.
    Code,
    Sub,
    Sup,
    Abbr,
    Math,
    /// Author-year labels.
    Cite,
}

/// One role.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Role {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) link: RoleLink,
    pub(crate) render: RoleRender,
    /// Without an explicit `Title <target>`, the link shows the target's
    /// title (`{ref}`, `{doc}`); else what was written.
    pub(crate) shows_target_title: bool,
}

const fn role(
    name: &'static str,
    aliases: &'static [&'static str],
    link: RoleLink,
    render: RoleRender,
    shows_target_title: bool,
) -> Role {
    Role {
        name,
        aliases,
        link,
        render,
        shows_target_title,
    }
}

/// Every role waybook knows; any other `{name}` renders as marked code.
#[rustfmt::skip]
pub(crate) const ROLES: &[Role] = &[
    role("ref", &["numref"], RoleLink::Label, RoleRender::Code, true),
    role("doc", &[], RoleLink::Doc, RoleRender::Code, true),
    role("term", &[], RoleLink::Term, RoleRender::Code, false),
    role("download", &[], RoleLink::File, RoleRender::Code, false),
    role("cite", &["cite:p", "cite:t", "citep", "citet"], RoleLink::Cite, RoleRender::Cite, false),
    role("sub", &[], RoleLink::None, RoleRender::Sub, false),
    role("sup", &[], RoleLink::None, RoleRender::Sup, false),
    role("abbr", &[], RoleLink::None, RoleRender::Abbr, false),
    role("math", &[], RoleLink::None, RoleRender::Math, false),
    role("eq", &[], RoleLink::Label, RoleRender::Code, false),
];

/// The role called `name` (or one of its aliases).
pub(crate) fn role_named(name: &str) -> Option<&'static Role> {
    ROLES
        .iter()
        .find(|r| r.name == name || r.aliases.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for n in DIRECTIVES
            .iter()
            .flat_map(|d| std::iter::once(d.name).chain(d.aliases.iter().copied()))
        {
            assert!(seen.insert(n), "directive {n} twice");
        }
        let mut seen = std::collections::BTreeSet::new();
        for n in ROLES
            .iter()
            .flat_map(|r| std::iter::once(r.name).chain(r.aliases.iter().copied()))
        {
            assert!(seen.insert(n), "role {n} twice");
        }
    }

    /// The guide's MyST page names every directive, alias, used option and role.
    #[test]
    fn guide_documents_every_directive_and_role() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/guide/writing/myst.md");
        let page = std::fs::read_to_string(path).unwrap();
        let named = |w: &str| page.contains(&format!("`{w}`"));
        for d in DIRECTIVES {
            for n in std::iter::once(d.name).chain(d.aliases.iter().copied()) {
                assert!(named(n), "guide/writing/myst.md lacks directive {n}");
            }
            for o in d.used_options() {
                assert!(
                    named(o),
                    "guide/writing/myst.md lacks option {o} of {}",
                    d.name
                );
            }
        }
        for r in ROLES {
            for n in std::iter::once(r.name).chain(r.aliases.iter().copied()) {
                assert!(page.contains(&format!("{{{n}}}")) || named(n), "role {n}");
            }
        }
    }

    #[test]
    fn lookups_find_aliases_and_options() {
        assert_eq!(directive("code").map(|d| d.name), Some("code-block"));
        assert!(directive("tabbed").is_none());
        let fig = directive("figure").unwrap();
        assert!(fig.knows_option("alt") && fig.knows_option("name"));
        assert!(!fig.knows_option("atl"));
        assert_eq!(role_named("citep").map(|r| r.name), Some("cite"));
    }
}
