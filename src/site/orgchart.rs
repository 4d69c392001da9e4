//! The organisation chart drawn as inline SVG at build time: each top-level
//! group starts a tree drawn as an indented column (a box per group, its
//! sub-groups below it, then the roles that belong to it as smaller boxes),
//! and the trees are packed into two columns, which fit the text column at
//! about 1:1 so labels stay at 14 px however many groups there are. Every box is a link. Phones get the same tree as a
//! nested list ([`rows`]), which the theme shows instead under 600 px.
//! Colours come from CSS classes (`oc-*`), so dark mode applies.

use std::fmt::Write as _;

use crate::html::escape;
use crate::i18n::Catalog;
use crate::model::{Governance, Handbook};

use super::ctx_group::OrgRow;

const BOX_W: usize = 280;
const LINE_H: usize = 18;
const INDENT: usize = 22;
const GAP: usize = 10;
const COL_GAP: usize = 36;
const PAD: usize = 12;
/// Columns of trees side by side.
const COLS: usize = 2;
/// Characters per line at 14 px in a box (a conservative average width).
const CHARS: usize = 32;

/// One box of the chart, in drawing order.
struct Node {
    depth: usize,
    title: String,
    kind: String,
    url: String,
    role: bool,
    parent: Option<usize>,
}

/// Top-level groups (no parent), ordered by kind (in `group_kinds:` order)
/// then title; children by title.
pub(crate) fn roots(hb: &Handbook, gov: &Governance) -> Vec<usize> {
    let mut r: Vec<usize> = (0..hb.groups.len())
        .filter(|&i| gov.groups()[i].parent.is_none())
        .collect();
    r.sort_by_cached_key(|&i| sort_key(hb, gov, i));
    r
}

fn sort_key(hb: &Handbook, gov: &Governance, i: usize) -> (usize, String) {
    let kinds = &hb.config.group_kinds;
    let k = (gov.groups()[i].kind.as_ref())
        .and_then(|k| kinds.iter().position(|x| x == k))
        .unwrap_or(kinds.len());
    (k, hb.groups[i].title.to_lowercase())
}

fn tree(hb: &Handbook, gov: &Governance, root: usize) -> Vec<Node> {
    let mut out = Vec::new();
    let mut stack = vec![(root, 0usize, None::<usize>)];
    while let Some((g, depth, parent)) = stack.pop() {
        let me = out.len();
        out.push(Node {
            depth,
            title: hb.groups[g].title.clone(),
            kind: gov.groups()[g]
                .kind
                .as_deref()
                .map(crate::model::group::kind_title)
                .unwrap_or_default(),
            url: hb.groups[g].url.clone(),
            role: false,
            parent,
        });
        for &r in &gov.groups()[g].roles {
            out.push(Node {
                depth: depth + 1,
                title: hb.roles[r].title.clone(),
                kind: String::new(),
                url: hb.roles[r].url.clone(),
                role: true,
                parent: Some(me),
            });
        }
        let mut kids = gov.groups()[g].children.clone();
        kids.sort_by_cached_key(|&c| std::cmp::Reverse(sort_key(hb, gov, c)));
        stack.extend(kids.into_iter().map(|c| (c, depth + 1, Some(me))));
    }
    out
}

/// Every group in chart order (each tree depth-first after its root).
pub(crate) fn rows_order<'a>(
    hb: &'a Handbook,
    gov: &'a Governance,
    roots: &'a [usize],
) -> impl Iterator<Item = usize> + 'a {
    roots.iter().flat_map(move |&r| {
        let mut out = Vec::new();
        let mut stack = vec![r];
        while let Some(g) = stack.pop() {
            out.push(g);
            let mut kids = gov.groups()[g].children.clone();
            kids.sort_by_cached_key(|&c| std::cmp::Reverse(sort_key(hb, gov, c)));
            stack.extend(kids);
        }
        out
    })
}

/// The chart as rows of a nested list (phones and screen readers).
pub(crate) fn rows(hb: &Handbook, gov: &Governance, root: &str) -> Vec<OrgRow> {
    roots(hb, gov)
        .into_iter()
        .flat_map(|r| tree(hb, gov, r))
        .map(|n| OrgRow {
            title: n.title,
            url: format!("{root}{}", crate::url::encode_path(&n.url)),
            kind: n.kind,
            depth: n.depth.min(6),
            role: n.role,
        })
        .collect()
}

/// A box's text split into lines of about [`CHARS`] characters (at most three).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > 3 {
        lines.truncate(3);
        if let Some(l) = lines.last_mut() {
            l.push('…');
        }
    }
    lines
}

fn box_h(n: &Node) -> usize {
    let width = CHARS.saturating_sub(n.depth * 2).max(12);
    let lines = wrap(&n.title, width).len().max(1) + usize::from(!n.kind.is_empty());
    lines * LINE_H + 14
}

/// Inline SVG of the organisation chart; empty when there are no groups.
pub(crate) fn org_svg(hb: &Handbook, gov: &Governance, root: &str, strings: &Catalog) -> String {
    let trees: Vec<Vec<Node>> = roots(hb, gov)
        .into_iter()
        .map(|r| tree(hb, gov, r))
        .collect();
    if trees.is_empty() {
        return String::new();
    }
    let heights: Vec<usize> = trees
        .iter()
        .map(|t| t.iter().map(|n| box_h(n) + GAP).sum::<usize>() + GAP)
        .collect();
    // Pack the trees into the shortest of two columns, in order: two
    // columns fit a page's text column at about 1:1, so text stays 14 px.
    let ncols = trees.len().min(COLS);
    let mut col_h = vec![PAD; ncols];
    let mut place = Vec::with_capacity(trees.len());
    for h in &heights {
        let c = (0..ncols).min_by_key(|&c| (col_h[c], c)).unwrap_or(0);
        place.push((c, col_h[c]));
        col_h[c] += h;
    }
    let width = PAD * 2 + ncols * BOX_W + (ncols - 1) * COL_GAP;
    let height = col_h.iter().copied().max().unwrap_or(PAD) + PAD;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"org-svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"oc-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"oc-title\">{}</title>",
        escape(&strings.fill("groups.chart_title", &[("handbook", &hb.config.title)]))
    );
    // Right to left, the chart is drawn mirrored: trees hang from the
    // right edge and the first column is the rightmost.
    let mirror = (hb.config.direction() == crate::config::Direction::Rtl).then_some(width);
    for (t, (c, top)) in trees.iter().zip(place) {
        let at = Place {
            x0: PAD + c * (BOX_W + COL_GAP),
            y: top,
            mirror,
        };
        draw_tree(&mut s, t, at, root);
    }
    s.push_str("</svg>");
    s
}

/// Where a tree is drawn: its left edge and top, and the chart's width
/// when it is mirrored (right to left).
struct Place {
    x0: usize,
    y: usize,
    mirror: Option<usize>,
}

fn draw_tree(s: &mut String, nodes: &[Node], at: Place, root: &str) {
    let Place { x0, mut y, mirror } = at;
    // An x of the left-to-right drawing, as drawn.
    let mx = |x: usize| mirror.map_or(x, |w| w.saturating_sub(x));
    let mut pos: Vec<(usize, usize)> = Vec::with_capacity(nodes.len());
    for n in nodes {
        let x = x0 + n.depth * INDENT;
        let h = box_h(n);
        if let Some(p) = n.parent {
            // An elbow from the parent's left edge down and across.
            let (px, py) = pos[p];
            let ex = px + INDENT / 2;
            let _ = write!(
                s,
                "<path class=\"oc-edge\" d=\"M{},{py} V{} H{}\"/>",
                mx(ex),
                y + h / 2,
                mx(x)
            );
        }
        pos.push((x, y + h));
        let w = BOX_W - n.depth * INDENT;
        let class = if n.role { "oc-node oc-role" } else { "oc-node" };
        let _ = write!(
            s,
            "<a class=\"{class}\" href=\"{root}{}\"><rect x=\"{}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\"/>",
            escape(&crate::url::encode_path(&n.url)),
            mx(x + if mirror.is_some() { w } else { 0 }),
        );
        let mut ty = y + LINE_H;
        if !n.kind.is_empty() {
            let _ = write!(
                s,
                "<text class=\"oc-kind\" x=\"{}\" y=\"{ty}\">{}</text>",
                mx(x + 10),
                escape(&n.kind)
            );
            ty += LINE_H;
        }
        let width = CHARS.saturating_sub(n.depth * 2).max(12);
        for line in wrap(&n.title, width) {
            let _ = write!(
                s,
                "<text class=\"oc-name\" x=\"{}\" y=\"{ty}\">{}</text>",
                mx(x + 10),
                escape(&line)
            );
            ty += LINE_H;
        }
        s.push_str("</a>");
        y += h + GAP;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_long_names_in_at_most_three_lines() {
        assert_eq!(
            wrap("Code of Conduct Committee", 28),
            ["Code of Conduct Committee"]
        );
        let w = wrap(
            "The working group for very long names that keep going on and on and on",
            20,
        );
        assert_eq!(w.len(), 3);
        assert!(w[2].ends_with('…'));
        assert!(w.iter().all(|l| l.chars().count() <= 21));
    }
}
