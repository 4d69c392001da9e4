//! The sidebar of each page (site assembly, beside [`super::ctx`]): the top
//! level, the current page's branch and the captions an author wrote,
//! expanded; every other section (folders without an index page included)
//! collapsed to one link to its first page, so each sidebar stays small and
//! the site grows linearly.
//!
//! Sibling pages share all of their sidebar but their own entry, and their
//! links are relative to the same folder, so a rendering worker draws each
//! (language, folder, branch) once as a [`Frame`] and gives each page the
//! frame with its own entry drawn into it ([`Sidebars`]). Pages arrive in
//! reading order, so a few recent frames are all a worker keeps.

use std::collections::VecDeque;

use super::Inputs;
use crate::html::escape_into;
use crate::nav::NavNode;

/// The branch step of the level whose entries a frame keeps apart: no entry
/// has this index, so every entry of that level is drawn as a sibling.
const HOLE: usize = usize::MAX;

/// Frames a worker keeps: pages come in reading order, in every language
/// in turn, and a section's sub-folders (each with its frames) can come
/// between two of its pages.
const KEEP: usize = 32;

/// One rendering worker's recent sidebar frames, for the pages of one
/// render pass (its languages are told apart; its inputs must not change).
#[derive(Default)]
pub(crate) struct Sidebars {
    frames: VecDeque<Frame>,
}

/// A sidebar drawn for a folder and a branch, with the byte offsets where
/// each entry of the branch's last level starts (and where the last ends).
struct Frame {
    lang: usize,
    folder: String,
    branch: Vec<usize>,
    html: String,
    bounds: Vec<usize>,
}

/// The page a sidebar is drawn for and its root (see [`super::href`]).
#[derive(Clone, Copy)]
struct At<'a> {
    page: &'a str,
    root: &'a str,
}

impl Sidebars {
    /// The sidebar of page `page` (root-relative path), which shows doc
    /// `current` if any, with links relative to it, or starting with `root`
    /// when that is root-relative (the 404 page).
    pub(crate) fn draw(
        &mut self,
        inp: &Inputs<'_>,
        current: Option<usize>,
        page: &str,
        root: &str,
    ) -> String {
        let path = branch_of(inp, current);
        let at = At { page, root };
        if root.starts_with('/') {
            return whole(inp, path, current, at, None);
        }
        let (branch, own) = frame_key(&inp.nav.roots, path);
        let frame = self.frame(inp, branch, at);
        let Some((siblings, k)) = own else {
            return frame.html.clone();
        };
        let bounds = (frame.bounds.get(k), frame.bounds.get(k + 1));
        let (Some(&from), Some(&to), Some(entry)) = (bounds.0, bounds.1, siblings.get(k..=k))
        else {
            // Not reached: the frame has an entry for every sibling.
            return whole(inp, path, current, at, None);
        };
        let mut s = String::with_capacity(frame.html.len() + 256);
        s.push_str(&frame.html[..from]);
        nav_level(inp, entry, &[0], current, at, &mut s, None);
        s.push_str(&frame.html[to..]);
        s
    }

    /// The frame of `branch` for `at`'s folder, drawn now unless recent.
    fn frame(&mut self, inp: &Inputs<'_>, branch: Vec<usize>, at: At<'_>) -> &Frame {
        let lang = inp.lang.current;
        let folder = &at.page[..at.page.rfind('/').map_or(0, |i| i + 1)];
        let found = (self.frames.iter())
            .position(|f| f.lang == lang && f.branch == branch && f.folder == folder);
        let i = match found {
            Some(i) => i,
            None => {
                let mut bounds = Vec::new();
                let html = whole(inp, &branch, None, at, Some(&mut bounds));
                if self.frames.len() == KEEP {
                    self.frames.pop_front();
                }
                self.frames.push_back(Frame {
                    lang,
                    folder: folder.to_string(),
                    branch,
                    html,
                    bounds,
                });
                self.frames.len() - 1
            }
        };
        &self.frames[i]
    }
}

/// The child-index path from the roots to doc `current`'s entry (empty
/// for a page that shows no doc, or a doc the sidebar does not list).
fn branch_of<'i>(inp: &Inputs<'i>, current: Option<usize>) -> &'i [usize] {
    current
        .and_then(|d| inp.nav.paths.get(d))
        .and_then(|p| p.as_deref())
        .unwrap_or(&[])
}

/// The branch a page's frame is drawn for, and, when the page's own entry
/// is drawn into it, that entry's siblings and index. The own entry is on
/// the branch's last level, unless a collection on the way (shown as one
/// entry, never opened) hides it: then the frame is the whole sidebar.
fn frame_key<'n>(
    roots: &'n [NavNode],
    path: &[usize],
) -> (Vec<usize>, Option<(&'n [NavNode], usize)>) {
    let mut nodes = roots;
    for (depth, &i) in path.iter().enumerate() {
        if depth + 1 == path.len() {
            let mut branch = path[..depth].to_vec();
            branch.push(HOLE);
            return (branch, Some((nodes, i)));
        }
        let Some(n) = nodes.get(i) else { break };
        if n.collection {
            // Below a collection only the path's length shows (no entry
            // there is drawn), and it is at least one more step.
            let mut branch = path[..=depth].to_vec();
            branch.push(HOLE);
            return (branch, None);
        }
        nodes = &n.children;
    }
    (path.to_vec(), None)
}

/// A whole sidebar for `path`; with `bounds`, where each entry of the level
/// whose branch step is [`HOLE`] starts, then where the last one ends.
fn whole(
    inp: &Inputs<'_>,
    path: &[usize],
    current: Option<usize>,
    at: At<'_>,
    bounds: Option<&mut Vec<usize>>,
) -> String {
    let mut s = String::with_capacity(1024);
    s.push_str("<ul class=\"nav-tree\">");
    nav_level(inp, &inp.nav.roots, path, current, at, &mut s, bounds);
    s.push_str("</ul>");
    s
}

fn nav_level(
    inp: &Inputs<'_>,
    nodes: &[NavNode],
    path: &[usize],
    current: Option<usize>,
    at: At<'_>,
    s: &mut String,
    mut bounds: Option<&mut Vec<usize>>,
) {
    let mark = path.first() == Some(&HOLE);
    for (i, n) in nodes.iter().enumerate() {
        if mark && let Some(b) = bounds.as_deref_mut() {
            b.push(s.len());
        }
        let on_branch = path.first() == Some(&i);
        let is_current = n.doc.is_some() && n.doc == current && on_branch && path.len() == 1;
        let has_kids = !n.children.is_empty();
        // A dated collection stays one entry, marked while one of its pages is open.
        let expand = has_kids && !n.collection && (on_branch || (n.doc.is_none() && n.caption));
        let is_current = is_current || (n.collection && on_branch);
        s.push_str("<li class=\"nav-item");
        if n.collection {
            s.push_str(" nav-collection");
        } else if has_kids {
            s.push_str(" nav-section");
            if expand {
                s.push_str(" is-open");
            }
        }
        if is_current {
            s.push_str(" is-current");
        }
        s.push_str("\">");
        // A collapsed section without a page of its own opens its first page.
        let target = if expand { n.doc } else { n.first_doc() };
        entry_link(inp, n, target, is_current && path.len() == 1, at, s);
        if expand {
            s.push_str("<ul>");
            let rest = if on_branch { &path[1..] } else { &[][..] };
            nav_level(
                inp,
                &n.children,
                rest,
                current,
                at,
                s,
                bounds.as_deref_mut(),
            );
            s.push_str("</ul>");
        }
        s.push_str("</li>");
    }
    if mark && let Some(b) = bounds {
        b.push(s.len());
    }
}

/// An entry's link to doc `target`, its external link, or its caption.
fn entry_link(
    inp: &Inputs<'_>,
    n: &NavNode,
    target: Option<usize>,
    is_page: bool,
    at: At<'_>,
    s: &mut String,
) {
    match target {
        Some(d) => {
            s.push_str("<a href=\"");
            let start = s.len();
            if at.root.starts_with('/') {
                s.push_str(at.root);
                crate::url::push_encoded_path(s, &inp.hb.docs[d].url);
            } else {
                crate::resolve::push_relative(s, at.page, &inp.hb.docs[d].url);
            }
            if s[start..].contains(['&', '"', '<', '>', '\'']) {
                let href = s.split_off(start);
                escape_into(s, &href);
            }
            s.push_str(if is_page {
                "\" aria-current=\"page\">"
            } else {
                "\">"
            });
            escape_into(s, &n.title);
            s.push_str("</a>");
        }
        None if n.url.is_some() => {
            s.push_str("<a class=\"nav-external\" href=\"");
            escape_into(s, n.url.as_deref().unwrap_or(""));
            s.push_str("\">");
            escape_into(s, &n.title);
            s.push_str("</a>");
        }
        None => {
            s.push_str("<span class=\"nav-caption\">");
            escape_into(s, &n.title);
            s.push_str("</span>");
        }
    }
}

/// The sidebar [`Sidebars::draw`] gives, drawn whole, without frames.
#[cfg(test)]
pub(crate) fn drawn_whole(
    inp: &Inputs<'_>,
    current: Option<usize>,
    page: &str,
    root: &str,
) -> String {
    whole(
        inp,
        branch_of(inp, current),
        current,
        At { page, root },
        None,
    )
}
