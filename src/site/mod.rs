//! Site assembly: turns the resolved handbook into the list of output pages,
//! each with its typed template context ([`ctx`]): docs, role and journey
//! pages, the roles and journeys indexes, glossary, people, search, home and
//! 404, with sidebar, breadcrumbs, prev/next, backlinks and pathway badges.
//! Rendering the contexts through the theme is [`templates`]' job; the
//! ladder diagram is drawn by [`diagram`].

mod acknowledgements;
pub(crate) mod changes;
mod cite;
pub(crate) mod ctx;
pub(crate) mod ctx_decision;
pub(crate) mod ctx_group;
pub(crate) mod ctx_health;
mod decision;
mod decision_graph;
pub(crate) mod diagram;
mod doc;
pub(crate) mod feed;
mod group;
mod health;
mod home;
mod journey;
pub(crate) mod lang;
mod orgchart;
mod page_kind;
mod person;
pub(crate) mod print;
mod role;
pub(crate) mod shared;
pub(crate) mod sidebar;
pub mod templates;
mod term;

use std::cell::RefCell;
use std::collections::BTreeMap;

use ctx::*;

use crate::highlight::Memo;
use crate::model::{Entity, Handbook, KindId, urls};
use crate::model::{Governance, Holder as GovHolder};
use crate::nav::Nav;
use crate::resolve::{Resolution, root_prefix, title_of, url_of};
use page_kind::{PAGE_KINDS, PageKind};

/// Everything page assembly reads.
pub struct Inputs<'a> {
    pub hb: &'a Handbook,
    pub nav: &'a Nav,
    pub res: &'a Resolution,
    pub gov: &'a Governance,
    /// How to render markdown units; pages render the units they show
    /// while they are built, so no page holds another page's HTML.
    pub md: &'a crate::html::Env<'a>,
    /// Last commit date per source file (from git), when known.
    pub last_updated: &'a BTreeMap<String, String>,
    /// Who changed each page (from git), see [`crate::credit`].
    pub credits: &'a crate::credit::Credits,
    /// Whether the site has a recent changes page ([`changes::present`]).
    pub changes_page: bool,
    /// The handbook's citation, which each page's "Cite this page" extends.
    pub citation: &'a crate::citation::Citation,
    pub live_reload: Option<String>,
    /// Today as days since 1970-01-01, for overdue-review banners.
    pub today: Option<i64>,
    /// The language of these pages and where every language stands.
    pub lang: lang::LangInputs<'a>,
    /// The health report, made by the first that needs it (the health
    /// page, the home page's card, `handbook.json`) for all.
    pub(crate) health: &'a std::sync::OnceLock<crate::health::Report>,
    /// The reading order ([`Inputs::reading_order`]), made by the first
    /// that needs it; kept by `serve` across saves, which cannot change it.
    pub(crate) order: &'a std::sync::OnceLock<Vec<PageId>>,
    /// Article HTML shared with the default language ([`shared`]).
    pub(crate) articles: shared::Articles<'a>,
}

impl Inputs<'_> {
    /// The governance health report of these pages' handbook.
    pub(crate) fn health(&self) -> &crate::health::Report {
        (self.health).get_or_init(|| crate::health::report(self.hb, self.gov, self.today))
    }
}

/// A page to render: its output path, template and context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub site: SiteCtx,
    pub page: PageCtx,
}

/// Identity of a generated or content page, for ordering and prev/next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageId {
    /// Entity `i`'s own page.
    Item(KindId, usize),
    /// A kind's index page (the glossary and the people page show every
    /// term and person).
    Index(KindId),
    /// The governance health report, last.
    Health,
}

impl<'a> Inputs<'a> {
    fn has_home_doc(&self) -> Option<usize> {
        self.hb.docs.iter().position(|d| d.url == urls::HOME)
    }

    /// Docs in the order of the table of contents, then each kind's index
    /// and pages (see [`PageKind::order`]), then the health report.
    fn reading_order(&self) -> &'a [PageId] {
        self.order.get_or_init(|| self.make_reading_order())
    }

    fn make_reading_order(&self) -> Vec<PageId> {
        let doc = crate::model::doc::ID;
        let mut order: Vec<PageId> = (self.nav.order.iter())
            .map(|&d| PageId::Item(doc, d))
            .collect();
        for pk in PAGE_KINDS.iter().skip(1) {
            let info = pk.kind().info();
            if pk.kind().present(self.hb) {
                order.push(PageId::Index(info.id));
                order.extend(pk.order(self).into_iter().map(|i| PageId::Item(info.id, i)));
            }
        }
        order.push(PageId::Health);
        order
    }

    /// A UI string (see [`crate::i18n`]).
    fn tr(&self, key: &'static str) -> &str {
        self.md.strings.tr(key)
    }

    /// Title (from the UI strings) and URL of a kind's index page.
    fn index_page(&self, k: &crate::model::KindInfo) -> (String, String) {
        k.index
            .map(|p| (self.tr(p.title_key).to_string(), p.url.to_string()))
            .unwrap_or_default()
    }

    fn page_title_url(&self, p: PageId) -> (String, String) {
        match p {
            PageId::Item(k, i) => {
                let k = k.kind();
                (
                    k.title(self.hb, i).to_string(),
                    k.page(self.hb, i).to_string(),
                )
            }
            PageId::Index(k) => self.index_page(k.kind().info()),
            PageId::Health => (self.tr("health.title").to_string(), urls::HEALTH.into()),
        }
    }
}

impl PageId {
    /// The page an entity is shown on.
    pub fn of(e: Entity) -> PageId {
        match e {
            Entity::Item(k, i) if page_kind::of(k).own_pages() => PageId::Item(k, i),
            Entity::Item(k, _) | Entity::Intro(k) => PageId::Index(k),
        }
    }

    /// The page's kind and entity (`None` for an index), unless it is the
    /// health report.
    fn kind(self) -> Option<(&'static dyn PageKind, Option<usize>)> {
        match self {
            PageId::Item(k, i) => Some((page_kind::of(k), Some(i))),
            PageId::Index(k) => Some((page_kind::of(k), None)),
            PageId::Health => None,
        }
    }
}

/// The content pages `ids` (with their prev/next), those that exist, by
/// id; the reading order is walked once for all of them.
pub(crate) fn pages_for(inp: &Inputs<'_>, ids: impl IntoIterator<Item = PageId>) -> Vec<PageRef> {
    let order = inp.reading_order();
    let wanted: std::collections::BTreeSet<PageId> = ids.into_iter().collect();
    let mut found: BTreeMap<PageId, usize> = BTreeMap::new();
    for (i, p) in order.iter().enumerate() {
        if wanted.contains(p) {
            found.insert(*p, i);
        }
    }
    (found.into_iter())
        .map(|(id, i)| PageRef::Content {
            id,
            prev: i.checked_sub(1).map(|j| order[j]),
            next: order.get(i + 1).copied(),
        })
        .collect()
}

/// A page of the site, not built yet: cheap to list, so the caller can build
/// and render pages one at a time (in parallel) and drop each context as soon
/// as its HTML exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRef {
    Content {
        id: PageId,
        prev: Option<PageId>,
        next: Option<PageId>,
    },
    Home,
    Search,
    NotFound,
    Acknowledgements,
    RecentChanges,
}

impl PageRef {
    /// Build the page's template context, rendering the markdown it shows
    /// with `scratch` (the calling worker's).
    pub fn build(self, inp: &Inputs<'_>, scratch: &mut Scratch) -> Page {
        let cell = RefCell::new(std::mem::take(scratch));
        let page = match self {
            PageRef::Content { id, prev, next } => content_page(inp, id, prev, next, &cell),
            PageRef::Home => home::home_page(inp, &cell),
            PageRef::Search => {
                simple_page(inp, "search", urls::SEARCH, inp.tr("search.title"), &cell)
            }
            PageRef::Acknowledgements => {
                let mut p = simple_page(
                    inp,
                    "acknowledgements",
                    urls::ACKNOWLEDGEMENTS,
                    inp.tr("acknowledgements.title"),
                    &cell,
                );
                let b = Builder {
                    inp,
                    path: urls::ACKNOWLEDGEMENTS.into(),
                    root: String::new(),
                    scratch: &cell,
                };
                p.page.acknowledgements =
                    Some(acknowledgements::acknowledgements_page(&b, &mut p.page));
                p.template = "acknowledgements.html";
                p
            }
            PageRef::RecentChanges => {
                let mut p = simple_page(
                    inp,
                    "changes",
                    urls::RECENT_CHANGES,
                    inp.tr("changes.title"),
                    &cell,
                );
                let b = Builder {
                    inp,
                    path: urls::RECENT_CHANGES.into(),
                    root: String::new(),
                    scratch: &cell,
                };
                p.page.description = inp
                    .md
                    .strings
                    .fill("changes.description", &[("handbook", &inp.hb.config.title)]);
                p.page.changes = Some(changes::rows(&b));
                p.template = "changes.html";
                p
            }
            PageRef::NotFound => simple_page(
                inp,
                "404",
                urls::NOT_FOUND,
                inp.tr("not_found.title"),
                &cell,
            ),
        };
        *scratch = cell.into_inner();
        let mut page = page;
        if page.page.citation.is_none() {
            page.page.citation = Some(cite::cite(inp, &page.page, Vec::new(), None));
        }
        page
    }

    /// The page's root-relative output path.
    pub fn path(self, inp: &Inputs<'_>) -> String {
        match self {
            PageRef::Content { id, .. } => inp.page_title_url(id).1,
            PageRef::Home => urls::HOME.into(),
            PageRef::Search => urls::SEARCH.into(),
            PageRef::NotFound => urls::NOT_FOUND.into(),
            PageRef::Acknowledgements => urls::ACKNOWLEDGEMENTS.into(),
            PageRef::RecentChanges => urls::RECENT_CHANGES.into(),
        }
    }

    /// The theme template the page renders with.
    pub(crate) fn template(self) -> &'static str {
        match self {
            PageRef::Content { id, .. } => match id.kind() {
                Some((pk, item)) => pk.template(item),
                None => "health.html",
            },
            PageRef::Home => "home.html",
            PageRef::Search => "search.html",
            PageRef::NotFound => "404.html",
            PageRef::Acknowledgements => "acknowledgements.html",
            PageRef::RecentChanges => "changes.html",
        }
    }

    /// Whether the page belongs in `sitemap.xml`.
    pub(crate) fn in_sitemap(self) -> bool {
        matches!(
            self,
            PageRef::Content { .. }
                | PageRef::Home
                | PageRef::Acknowledgements
                | PageRef::RecentChanges
        )
    }
}

/// Every page of the site, in reading order, then the generated ones.
pub fn pages(inp: &Inputs<'_>) -> Vec<PageRef> {
    let order = inp.reading_order();
    let mut pages = Vec::with_capacity(order.len() + 3);
    for (i, &id) in order.iter().enumerate() {
        pages.push(PageRef::Content {
            id,
            prev: i.checked_sub(1).map(|j| order[j]),
            next: order.get(i + 1).copied(),
        });
    }
    if inp.has_home_doc().is_none() {
        pages.push(PageRef::Home);
    }
    if crate::model::person::has_acknowledgements(inp.hb) {
        pages.push(PageRef::Acknowledgements);
    }
    if inp.changes_page {
        pages.push(PageRef::RecentChanges);
    }
    pages.push(PageRef::Search);
    pages.push(PageRef::NotFound);
    pages
}

/// What one rendering worker keeps between the pages it builds: the
/// highlighting memo, recent sidebar frames and the buffer pages are
/// rendered into. Made for one render pass (one set of [`Inputs`] per
/// language).
#[derive(Default)]
pub struct Scratch {
    highlight: Memo,
    sidebars: sidebar::Sidebars,
    /// The page being written (see [`templates::Theme::render_into`]).
    pub(crate) html: Vec<u8>,
}

struct Builder<'a, 'b> {
    inp: &'b Inputs<'a>,
    path: String,
    root: String,
    /// The rendering worker's memos.
    scratch: &'b RefCell<Scratch>,
}

impl Builder<'_, '_> {
    /// The HTML of markdown unit `u`, rendered now.
    fn unit_html(&self, u: usize) -> String {
        let inp = self.inp;
        if let Some(html) = inp.articles.take(u, inp.res, &self.root) {
            return html;
        }
        let out = crate::html::render_unit(
            inp.md,
            &mut self.scratch.borrow_mut().highlight,
            &inp.hb.units[u],
            &inp.res.units[u],
            &self.root,
        );
        inp.articles.keep(u, &self.root, &out);
        out.html
    }

    fn link(&self, title: &str, url: &str) -> Link {
        Link {
            title: title.to_string(),
            url: href(&self.root, &self.path, url),
        }
    }

    fn entity(&self, e: Entity) -> Link {
        let hb = self.inp.hb;
        let mut l = self.link(title_of(hb, e), crate::resolve::page_of(hb, e));
        // Terms are anchors on the glossary page.
        let page = crate::resolve::page_of(hb, e);
        if let Some(frag) = url_of(hb, e).get(page.len()..).filter(|f| !f.is_empty()) {
            l.url.push_str(frag);
        }
        l
    }

    fn holder(&self, h: &GovHolder) -> Holder {
        match h {
            GovHolder::Person(p) => Holder {
                name: self.inp.hb.people[*p].name.clone(),
                url: Some(format!(
                    "{}{}",
                    self.root,
                    url_of(self.inp.hb, Entity::Item(crate::model::person::ID, *p))
                )),
            },
            GovHolder::Name(n) => Holder {
                name: n.clone(),
                url: None,
            },
        }
    }

    /// The people who changed source file `src`, from git.
    fn contributors(&self, src: &str) -> Vec<Holder> {
        (self.inp.credits.by_src.get(src).into_iter().flatten())
            .map(|h| self.holder(h))
            .collect()
    }

    fn stage(&self, i: usize) -> StageCtx {
        let s = &self.inp.hb.config.stages[i];
        StageCtx {
            id: s.id.clone(),
            title: s.title.clone(),
            description: s.description.clone(),
        }
    }

    fn backlinks(&self, e: Entity) -> Vec<KindLink> {
        let Some(from) = self.inp.res.backlinks.get(&e) else {
            return Vec::new();
        };
        from.iter()
            .filter(|f| !matches!(f, Entity::Intro(_)))
            .map(|&f| {
                let l = self.entity(f);
                KindLink {
                    title: l.title,
                    url: l.url,
                    kind: f.kind(),
                }
            })
            .collect()
    }

    fn base_page(&self, kind: &'static str, title: String, current: Option<usize>) -> PageCtx {
        let hb = self.inp.hb;
        PageCtx {
            kind,
            title,
            description: String::new(),
            canonical: hb.config.base_url.as_ref().map(|b| {
                // A translation's page is at its language's folder.
                let lang = self.inp.lang.prefix(self.inp.lang.current);
                format!(
                    "{b}{}",
                    crate::url::encode_path(&format!("{lang}{}", self.path))
                )
            }),
            path: self.path.clone(),
            content: String::new(),
            nav_html: (self.scratch.borrow_mut().sidebars)
                .draw(self.inp, current, &self.path, &self.root),
            toc: Vec::new(),
            breadcrumbs: vec![self.link(self.inp.tr("page.home"), urls::HOME)],
            prev: None,
            next: None,
            backlinks: Vec::new(),
            pathways: Vec::new(),
            meta: MetaCtx::default(),
            license: hb
                .config
                .license
                .clone()
                .or_else(|| self.inp.citation.license.clone()),
            citation: None,
            edit_url: None,
            // Each kind's own part (`page.role`, …) is filled by its builder.
            ..PageCtx::default()
        }
    }

    fn site(&self) -> SiteCtx {
        site_ctx(self.inp, &self.root)
    }

    fn edit_url(&self, src: &str) -> Option<String> {
        lang::repo_url(self.inp, "edit", src)
    }
}

fn site_ctx(inp: &Inputs<'_>, root: &str) -> SiteCtx {
    let hb = inp.hb;
    // Handbook files are copied once, at the default language's root: one
    // folder up from a translation's root (`fr/`), or its root-relative
    // root without the language (the 404 page's `/hb/fr/` → `/hb/`).
    let prefix = inp.lang.prefix(inp.lang.current);
    let asset_root = match root.strip_suffix(prefix.as_str()) {
        _ if prefix.is_empty() => root.to_string(),
        Some(up) if root.starts_with('/') => up.to_string(),
        _ => format!("{root}../"),
    };
    let mut governance: Vec<Link> = crate::model::kind::index_pages(hb)
        .map(|p| Link {
            title: inp.tr(p.title_key).into(),
            url: format!("{root}{}", p.url),
        })
        .collect();
    governance.push(Link {
        title: inp.tr("health.title").into(),
        url: format!("{root}{}", urls::HEALTH),
    });
    SiteCtx {
        title: hb.config.title.clone(),
        description: hb.config.description.clone(),
        language: hb.config.language.clone(),
        dir: inp.lang.dir().to_string(),
        root: root.to_string(),
        home_url: format!("{root}{}", urls::HOME),
        search_url: format!("{root}{}", urls::SEARCH),
        acknowledgements_url: crate::model::person::has_acknowledgements(hb)
            .then(|| format!("{root}{}", urls::ACKNOWLEDGEMENTS)),
        changes_url: inp
            .changes_page
            .then(|| format!("{root}{}", urls::RECENT_CHANGES)),
        governance,
        live_reload: inp.live_reload.clone(),
        generator: format!("waybook {}", env!("CARGO_PKG_VERSION")),
        feed_url: (hb.config.base_url.is_some()
            && (!hb.decisions.is_empty() || !inp.credits.recent.is_empty()))
        .then(|| format!("{asset_root}{}", crate::model::decision::FEED_URL)),
        logo: image_url(hb.config.brand.logo.as_ref(), &asset_root),
        favicon: image_url(hb.config.brand.favicon.as_ref(), &asset_root),
        links: (hb.config.links.iter())
            .map(|l| Link {
                title: l.title.clone(),
                url: l.url.clone(),
            })
            .collect(),
        social_image: hb.config.brand.social_image.as_ref().and_then(|i| {
            // Link previews need an absolute URL.
            let base = hb.config.base_url.as_deref();
            match i {
                crate::config::Image::Url(_) => image_url(Some(i), ""),
                crate::config::Image::File(_) => base.and_then(|b| image_url(Some(i), b)),
            }
        }),
        theme_color: hb.config.brand.theme_color.clone(),
    }
}

/// Where an image setting is found from a page whose root is `root`.
fn image_url(i: Option<&crate::config::Image>, root: &str) -> Option<String> {
    Some(match i? {
        crate::config::Image::Url(u) => u.clone(),
        crate::config::Image::File(p) => format!("{root}{}", crate::url::encode_path(p)),
    })
}

fn content_page(
    inp: &Inputs<'_>,
    p: PageId,
    prev: Option<PageId>,
    next: Option<PageId>,
    scratch: &RefCell<Scratch>,
) -> Page {
    let (title, path) = inp.page_title_url(p);
    let b = Builder {
        inp,
        root: root_prefix(&path),
        path: path.clone(),
        scratch,
    };
    let current_doc = match p {
        PageId::Item(crate::model::doc::ID, d) => Some(d),
        _ => None,
    };
    let mut page = b.base_page("doc", title, current_doc);
    page.prev = match prev {
        Some(q) => {
            let (t, u) = inp.page_title_url(q);
            Some(b.link(&t, &u))
        }
        // The first page follows the generated home page.
        None if inp.has_home_doc().is_none() => Some(b.link(&inp.hb.config.title, urls::HOME)),
        None => None,
    };
    page.next = next.map(|q| {
        let (t, u) = inp.page_title_url(q);
        b.link(&t, &u)
    });
    if let PageId::Item(k, _) = p {
        page.section = (k.kind().info().index).map(|i| format!("{}{}", b.root, i.url));
    }
    let template = match p.kind() {
        Some((pk, item)) => pk.build(&b, &mut page, item),
        None => health::health_page(&b, &mut page),
    };
    Page {
        path,
        template,
        site: b.site(),
        page,
    }
}

fn toc(inp: &Inputs<'_>, unit: usize) -> Vec<TocItem> {
    let mut out: Vec<TocItem> = Vec::new();
    for h in &inp.hb.units[unit].scan.headings {
        let item = TocItem {
            id: h.id.clone(),
            title: h.text.clone(),
            children: Vec::new(),
        };
        match h.level {
            2 => out.push(item),
            3 => match out.last_mut() {
                Some(parent) => parent.children.push(item),
                None => out.push(item),
            },
            _ => {}
        }
    }
    out
}

fn simple_page(
    inp: &Inputs<'_>,
    kind: &'static str,
    path: &str,
    title: &str,
    scratch: &RefCell<Scratch>,
) -> Page {
    let root = if kind == "404" {
        not_found_root(inp)
    } else {
        String::new()
    };
    let b = Builder {
        inp,
        path: path.to_string(),
        root,
        scratch,
    };
    let mut page = b.base_page(kind, title.to_string(), None);
    if kind == "404" {
        page.breadcrumbs.clear();
        // Served at every missing URL: it is no page's canonical address.
        page.canonical = None;
    }
    Page {
        path: path.to_string(),
        template: if kind == "404" {
            "404.html"
        } else {
            "search.html"
        },
        site: b.site(),
        page,
    }
}

/// The root the 404 page's links and assets start from. Hosts (and
/// `waybook serve`) answer a missing URL at any depth with `404.html`, so
/// its URLs cannot be relative: they are root-relative instead. Under
/// `serve` the site is at the server's root (`/`); on a host it is at the
/// path of `base_url` (`https://example.org/hb/` → `/hb/`), or at the
/// domain's root when there is no `base_url` (a site in a sub-folder needs
/// one). Root-relative rather than absolute, so a preview of the site on
/// another host still loads its own CSS.
fn not_found_root(inp: &Inputs<'_>) -> String {
    let base = match (&inp.live_reload, &inp.hb.config.base_url) {
        (None, Some(base)) => base.as_str(),
        _ => return format!("/{}", inp.lang.prefix(inp.lang.current)),
    };
    let path = base
        .split_once("://")
        .map_or(base, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_matches('/');
    let lang = inp.lang.prefix(inp.lang.current);
    if path.is_empty() {
        format!("/{lang}")
    } else {
        format!("/{path}/{lang}")
    }
}

/// The URL of root-relative page `url` as written on page `from`: relative
/// to `from`, or, for a page whose `root` is itself root-relative (`/…`,
/// the 404 page), that root followed by the page's path.
fn href(root: &str, from: &str, url: &str) -> String {
    if root.starts_with('/') {
        let mut s = root.to_string();
        crate::url::push_encoded_path(&mut s, url);
        s
    } else {
        crate::resolve::relative(from, url)
    }
}
