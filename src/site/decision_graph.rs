//! The supersession graph drawn as inline SVG at build time, in the style
//! of the role ladder ([`super::diagram`]): one box per decision that
//! supersedes or is superseded by another, older decisions to the left, an
//! arrow from each decision to the one that replaces it. Every box is a
//! link; a `<title>` and a `<desc>` spell the graph out for screen readers.
//! Colours come from the theme's CSS classes (`dg-*`, `status-*`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::html::escape;
use crate::i18n::Catalog;
use crate::model::{Governance, Handbook};

const BOX_W: usize = 230;
const BOX_H: usize = 50;
const COL_GAP: usize = 56;
const ROW_GAP: usize = 18;
const PAD: usize = 12;

/// Every supersession edge, old → new, once.
fn edges(gov: &Governance) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for (x, r) in gov.decisions().iter().enumerate() {
        for &old in &r.supersedes {
            out.insert((old, x));
        }
        for &new in &r.superseded_by {
            out.insert((x, new));
        }
    }
    out.retain(|(a, b)| a != b);
    out
}

/// Column of each node: the longest chain of predecessors (bounded, so a
/// cycle, reported by the linter, cannot loop).
fn columns(n: usize, edges: &BTreeSet<(usize, usize)>) -> Vec<usize> {
    let mut col = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for &(a, b) in edges {
            if col[b] < col[a] + 1 && col[a] + 1 < n {
                col[b] = col[a] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    col
}

/// Connected components (smallest member first), for one band of rows each.
fn components(nodes: &BTreeSet<usize>, edges: &BTreeSet<(usize, usize)>) -> Vec<Vec<usize>> {
    let mut comp: std::collections::BTreeMap<usize, usize> =
        nodes.iter().map(|&x| (x, x)).collect();
    // Merge by relabelling to the smallest id until nothing changes.
    loop {
        let mut changed = false;
        for &(a, b) in edges {
            let (ca, cb) = (comp[&a], comp[&b]);
            if ca != cb {
                let low = ca.min(cb);
                for v in comp.values_mut() {
                    if *v == ca || *v == cb {
                        *v = low;
                    }
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut out: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (x, c) in comp {
        out.entry(c).or_default().push(x);
    }
    out.into_values().collect()
}

/// Inline SVG of the supersession graph; empty when nothing is superseded.
pub(super) fn svg(hb: &Handbook, gov: &Governance, root: &str, strings: &Catalog) -> String {
    let edges = edges(gov);
    if edges.is_empty() {
        return String::new();
    }
    let nodes: BTreeSet<usize> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    let col = columns(hb.decisions.len(), &edges);
    let mut pos = vec![(0usize, 0usize); hb.decisions.len()];
    let mut row0 = 0;
    let mut max_col = 0;
    for comp in components(&nodes, &edges) {
        let mut used: std::collections::BTreeMap<usize, usize> = Default::default();
        for &x in &comp {
            let r = used.entry(col[x]).or_default();
            pos[x] = (
                PAD + col[x] * (BOX_W + COL_GAP),
                PAD + (row0 + *r) * (BOX_H + ROW_GAP),
            );
            *r += 1;
            max_col = max_col.max(col[x]);
        }
        row0 += used.values().copied().max().unwrap_or(1);
    }
    let width = PAD * 2 + (max_col + 1) * BOX_W + max_col * COL_GAP;
    let height = PAD * 2 + row0 * (BOX_H + ROW_GAP) - ROW_GAP;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"dg-svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"dg-title\" aria-describedby=\"dg-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"dg-title\">{}</title><desc id=\"dg-desc\">{}</desc>",
        escape(&strings.fill("decisions.graph_title", &[("handbook", &hb.config.title)])),
        escape(&describe(hb, &edges, strings)),
    );
    s.push_str("<defs><marker id=\"dg-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"dg-arrowhead\"/></marker></defs>");
    for &(a, b) in &edges {
        s.push_str(&edge(pos[a], pos[b]));
    }
    for &x in &nodes {
        node(&mut s, hb, x, pos[x], root);
    }
    s.push_str("</svg>");
    s
}

fn node(s: &mut String, hb: &Handbook, x: usize, (px, py): (usize, usize), root: &str) {
    let d = &hb.decisions[x];
    let label = match &d.number {
        Some(n) => format!("{n}. {}", d.title),
        None => d.title.clone(),
    };
    let short: String = if label.chars().count() > 28 {
        label.chars().take(27).chain(['…']).collect()
    } else {
        label.clone()
    };
    let _ = write!(
        s,
        "<a class=\"dg-node status-{}\" href=\"{root}{}\"><title>{}</title><rect x=\"{px}\" y=\"{py}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text class=\"dg-status\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></a>",
        escape(&crate::slug::slugify(&d.status)),
        escape(&crate::url::encode_path(&d.url)),
        escape(&format!("{label} ({})", d.status)),
        px + BOX_W / 2,
        py + 21,
        escape(&short),
        px + BOX_W / 2,
        py + 40,
        escape(&d.status),
    );
}

fn edge(a: (usize, usize), b: (usize, usize)) -> String {
    let (ay, by) = (a.1 + BOX_H / 2, b.1 + BOX_H / 2);
    let (x1, x2) = if b.0 >= a.0 {
        (a.0 + BOX_W, b.0)
    } else {
        (a.0, b.0 + BOX_W)
    };
    let mid = (x1 + x2) / 2;
    format!(
        "<path class=\"dg-edge\" d=\"M{x1},{ay} C{mid},{ay} {mid},{by} {x2},{by}\" marker-end=\"url(#dg-arrow)\"/>"
    )
}

/// The graph in words, for the SVG's `<desc>`.
fn describe(hb: &Handbook, edges: &BTreeSet<(usize, usize)>, strings: &Catalog) -> String {
    let parts: Vec<String> = edges
        .iter()
        .map(|&(old, new)| {
            strings.fill(
                "decisions.graph_supersedes",
                &[
                    ("new", &hb.decisions[new].title),
                    ("old", &hb.decisions[old].title),
                ],
            )
        })
        .collect();
    format!("{}.", parts.join("; "))
}
