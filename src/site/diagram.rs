//! The roles ladder, drawn at build time two ways: an inline SVG (one
//! column per stage, one box per role sized to its name, an arrow for each
//! `grows_into` step, rows ordered to keep arrows from crossing) and a
//! stacked list of the same facts that the theme shows on narrow screens
//! instead. Every box and list entry links to its role; the SVG has a
//! `<title>` and a `<desc>` that spells the ladder out for screen readers;
//! no client-side script. Colours come from the theme's CSS classes
//! (`ld-*`), so dark mode applies.
//!
//! The SVG is drawn at its natural size (one user unit is one CSS pixel),
//! so its text is as large as the CSS says whatever the screen; a ladder
//! wider than the column scrolls sideways rather than shrinking.

use std::fmt::Write as _;

use crate::html::escape;
use crate::i18n::Catalog;
use crate::model::Governance;
use crate::model::Handbook;

/// Font size of a role name in the SVG, in CSS pixels (the theme's
/// `.ld-node text` uses the same).
const FONT: f64 = 14.0;
/// Estimated advance of a narrow (Latin, Cyrillic…) character at [`FONT`];
/// wide (CJK) characters take a full em. Generous, so names fit their box.
const NARROW_CH: f64 = 8.4;
/// Names estimated wider than this wrap onto two lines.
const WRAP_AT: f64 = 200.0;
const LINE_H: f64 = 18.0;
const BOX_PAD_X: f64 = 14.0;
const BOX_PAD_Y: f64 = 11.0;
const MIN_BOX_W: f64 = 110.0;
const COL_GAP: f64 = 76.0;
const ROW_GAP: f64 = 16.0;
/// Room above the boxes for the stage label.
const TOP: f64 = 46.0;
const PAD: f64 = 14.0;
/// Ordering sweeps of the crossing reduction.
const SWEEPS: usize = 8;
/// Room beside a column for arrows that stay within it.
const LOOP_ROOM: f64 = 26.0;

/// A role's box: its label lines and size, and on which side arrows
/// within its column loop (left when the column's arrows to the next
/// column leave from the right).
struct Node {
    loop_left: bool,
    lines: Vec<String>,
    w: f64,
    h: f64,
    x: f64,
    y: f64,
    col: usize,
}

/// The ladder's columns (stages that have roles, in stage order; roles
/// without a stage last) with their labels and role indices.
struct Columns<'a> {
    labels: Vec<(&'a str, &'a str)>,
    roles: Vec<Vec<usize>>,
}

fn columns<'a>(hb: &'a Handbook, gov: &Governance, strings: &'a Catalog) -> Columns<'a> {
    let n_stages = hb.config.stages.len();
    let mut by_stage: Vec<Vec<usize>> = vec![Vec::new(); n_stages + 1];
    let mut order: Vec<usize> = (0..hb.roles.len()).collect();
    order.sort_by_cached_key(|&i| (hb.roles[i].title.to_lowercase(), i));
    for i in order {
        by_stage[gov.roles()[i].stage.unwrap_or(n_stages)].push(i);
    }
    let (labels, roles) = by_stage
        .into_iter()
        .enumerate()
        .filter(|(_, roles)| !roles.is_empty())
        .map(|(s, roles)| {
            let label = hb
                .config
                .stages
                .get(s)
                .map_or(("none", strings.tr("ladder.no_stage")), |st| {
                    (st.id.as_str(), st.title.as_str())
                });
            (label, roles)
        })
        .unzip();
    Columns { labels, roles }
}

/// Estimated width of `s` in CSS pixels at [`FONT`].
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if is_wide(c) { FONT } else { NARROW_CH })
        .sum()
}

/// East Asian wide characters (CJK, kana, hangul, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A name on one line, or on two split at the space nearest its middle
/// when it is long (a name without spaces stays on one line).
fn wrap(name: &str) -> Vec<String> {
    if text_width(name) <= WRAP_AT {
        return vec![name.to_string()];
    }
    let half = text_width(name) / 2.0;
    let best = name
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| (i, (text_width(&name[..i]) - half).abs()))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((i, _)) => vec![name[..i].to_string(), name[i + 1..].trim().to_string()],
        None => vec![name.to_string()],
    }
}

/// Edges of the ladder as (from, to) role indices.
fn edges(gov: &Governance) -> Vec<(usize, usize)> {
    gov.roles()
        .iter()
        .enumerate()
        .flat_map(|(from, r)| r.grows_into.iter().map(move |&to| (from, to)))
        .collect()
}

/// Position of each role in its column, centred on 0 (columns are drawn
/// centred, so positions compare across columns of different lengths).
fn positions(order: &[Vec<usize>], n: usize) -> Vec<f64> {
    let mut pos = vec![0.0; n];
    for col in order {
        let mid = (col.len() as f64 - 1.0) / 2.0;
        for (i, &r) in col.iter().enumerate() {
            pos[r] = i as f64 - mid;
        }
    }
    pos
}

/// Arrows that cross between boxes of neighbouring columns.
fn crossings(order: &[Vec<usize>], col_of: &[usize], edges: &[(usize, usize)]) -> usize {
    let pos = positions(order, col_of.len());
    // Each edge oriented left to right, kept when it joins neighbours.
    let spans: Vec<(usize, f64, f64)> = edges
        .iter()
        .filter_map(|&(a, b)| {
            let (l, r) = if col_of[a] <= col_of[b] {
                (a, b)
            } else {
                (b, a)
            };
            (col_of[r] == col_of[l] + 1).then_some((col_of[l], pos[l], pos[r]))
        })
        .collect();
    let mut n = 0;
    for (i, e) in spans.iter().enumerate() {
        for f in &spans[i + 1..] {
            if e.0 == f.0 && (e.1 - f.1) * (e.2 - f.2) < 0.0 {
                n += 1;
            }
        }
    }
    n
}

/// Reorder each column by the mean position of its roles' neighbours in
/// the columns already placed (barycentric heuristic), sweeping right and
/// then left, and keep the order with the fewest crossings.
fn order_rows(
    mut order: Vec<Vec<usize>>,
    col_of: &[usize],
    edges: &[(usize, usize)],
    titles: &[String],
) -> Vec<Vec<usize>> {
    let mut best = order.clone();
    let mut best_n = crossings(&order, col_of, edges);
    let cols = order.len();
    for sweep in 0..SWEEPS {
        let right = sweep % 2 == 0;
        let seq: Vec<usize> = if right {
            (1..cols).collect()
        } else {
            (0..cols.saturating_sub(1)).rev().collect()
        };
        for c in seq {
            let pos = positions(&order, col_of.len());
            let placed = |k: usize| if right { col_of[k] < c } else { col_of[k] > c };
            let key = |r: usize| {
                let ns: Vec<f64> = edges
                    .iter()
                    .filter_map(|&(a, b)| match (a == r, b == r) {
                        (true, false) if placed(b) => Some(pos[b]),
                        (false, true) if placed(a) => Some(pos[a]),
                        _ => None,
                    })
                    .collect();
                if ns.is_empty() {
                    pos[r]
                } else {
                    ns.iter().sum::<f64>() / ns.len() as f64
                }
            };
            let mut keyed: Vec<(f64, usize)> = order[c].iter().map(|&r| (key(r), r)).collect();
            keyed.sort_by(|a, b| {
                a.0.total_cmp(&b.0)
                    .then_with(|| titles[a.1].cmp(&titles[b.1]))
            });
            order[c] = keyed.into_iter().map(|(_, r)| r).collect();
        }
        let n = crossings(&order, col_of, edges);
        if n < best_n {
            best_n = n;
            best = order.clone();
        }
    }
    best
}

/// Where everything goes: a box per role (by role index), each column's
/// x and width, and the drawing's width and height.
struct Layout {
    nodes: Vec<Option<Node>>,
    cols: Vec<(f64, f64)>,
    width: f64,
    height: f64,
}

/// Boxes sized to their names, columns as wide as their widest box, each
/// column's stack centred vertically.
fn place(hb: &Handbook, order: &[Vec<usize>], loops: &[(f64, f64)]) -> Layout {
    let mut nodes: Vec<Option<Node>> = (0..hb.roles.len()).map(|_| None).collect();
    for (c, col) in order.iter().enumerate() {
        for &r in col {
            let lines = wrap(&hb.roles[r].title);
            let w = lines.iter().map(|l| text_width(l)).fold(0.0, f64::max) + 2.0 * BOX_PAD_X;
            let h = lines.len() as f64 * LINE_H + 2.0 * BOX_PAD_Y;
            nodes[r] = Some(Node {
                lines,
                w: w.max(MIN_BOX_W).ceil(),
                h,
                x: 0.0,
                y: 0.0,
                col: c,
                loop_left: loops[c].0 > 0.0,
            });
        }
    }
    let stacks: Vec<f64> = order
        .iter()
        .map(|col| {
            col.iter()
                .filter_map(|&r| nodes[r].as_ref())
                .map(|n| n.h + ROW_GAP)
                .sum::<f64>()
                - ROW_GAP
        })
        .collect();
    let tallest = stacks.iter().copied().fold(0.0, f64::max);
    let mut cols = Vec::with_capacity(order.len());
    let mut x = PAD;
    for (c, col) in order.iter().enumerate() {
        // One width per column, so its boxes line up.
        let w = col
            .iter()
            .filter_map(|&r| nodes[r].as_ref())
            .map(|n| n.w)
            .fold(0.0, f64::max);
        x += loops[c].0;
        let mut y = TOP + (tallest - stacks[c]) / 2.0;
        for &r in col {
            if let Some(n) = nodes[r].as_mut() {
                n.x = x;
                n.w = w;
                n.y = y;
                y += n.h + ROW_GAP;
            }
        }
        cols.push((x, w));
        x += w + loops[c].1 + COL_GAP;
    }
    let width = x - COL_GAP + PAD;
    Layout {
        nodes,
        cols,
        width,
        height: TOP + tallest + PAD,
    }
}

/// Room (left, right) each column keeps for arrows within it: they loop
/// out on the side fewer arrows to other columns leave from.
fn loop_room(col_of: &[usize], cols: usize, edges: &[(usize, usize)]) -> Vec<(f64, f64)> {
    let mut sides = vec![(0usize, 0usize, false); cols];
    for &(a, b) in edges {
        let (ca, cb) = (col_of[a], col_of[b]);
        if ca == cb {
            sides[ca].2 |= a != b;
        } else {
            let (l, r) = (ca.min(cb), ca.max(cb));
            sides[l].1 += 1;
            sides[r].0 += 1;
        }
    }
    sides
        .into_iter()
        .map(|(left, right, inner)| match (inner, right > left) {
            (false, _) => (0.0, 0.0),
            (true, true) => (LOOP_ROOM, 0.0),
            (true, false) => (0.0, LOOP_ROOM),
        })
        .collect()
}

/// Inline SVG of the role ladder; empty when there are no roles.
pub(crate) fn ladder_svg(hb: &Handbook, gov: &Governance, root: &str, strings: &Catalog) -> String {
    if hb.roles.is_empty() {
        return String::new();
    }
    let cols = columns(hb, gov, strings);
    let mut col_of = vec![0; hb.roles.len()];
    for (c, col) in cols.roles.iter().enumerate() {
        for &r in col {
            col_of[r] = c;
        }
    }
    let edges = edges(gov);
    let titles: Vec<String> = hb.roles.iter().map(|r| r.title.to_lowercase()).collect();
    let order = order_rows(cols.roles.clone(), &col_of, &edges, &titles);
    let mut loops = loop_room(&col_of, order.len(), &edges);
    let mut layout = place(hb, &order, &loops);
    if hb.config.direction() == crate::config::Direction::Rtl {
        mirror(&mut layout, &mut loops);
    }
    let Layout {
        nodes,
        cols: colx,
        width,
        height,
    } = layout;
    let (width, height) = (width.ceil(), height.ceil());
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"ladder-svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"ld-title ld-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let _ = write!(
        s,
        "<title id=\"ld-title\">{}</title><desc id=\"ld-desc\">{}</desc>",
        escape(&strings.fill("ladder.title", &[("handbook", &hb.config.title)])),
        escape(&describe(hb, gov, strings))
    );
    s.push_str("<defs><marker id=\"ld-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"ld-arrowhead\"/></marker></defs>");
    for (c, (id, title)) in cols.labels.iter().enumerate() {
        let (x, w) = colx[c];
        let _ = write!(
            s,
            "<rect class=\"ld-band stage-{}\" x=\"{}\" y=\"4\" width=\"{}\" height=\"{}\" rx=\"8\"/><text class=\"ld-stage-label stage-{}\" x=\"{}\" y=\"28\" text-anchor=\"middle\">{}</text>",
            escape(id),
            x - PAD / 2.0 - loops[c].0,
            w + PAD + loops[c].0 + loops[c].1,
            height - 8.0,
            escape(id),
            x + w / 2.0,
            escape(title)
        );
    }
    let node = |r: usize| nodes[r].as_ref();
    for &(a, b) in &edges {
        if let (Some(na), Some(nb)) = (node(a), node(b)) {
            s.push_str(&edge(na, nb));
        }
    }
    for (r, role) in hb.roles.iter().enumerate() {
        if let Some(n) = node(r) {
            node_svg(&mut s, role, n, cols.labels[n.col].0, root);
        }
    }
    s.push_str("</svg>");
    s
}

/// Mirror a layout for right-to-left text: the first stage on the right,
/// loops on the other side.
fn mirror(l: &mut Layout, loops: &mut [(f64, f64)]) {
    let w = l.width;
    for n in l.nodes.iter_mut().flatten() {
        n.x = w - n.x - n.w;
        n.loop_left = !n.loop_left;
    }
    for c in l.cols.iter_mut() {
        c.0 = w - c.0 - c.1;
    }
    for lp in loops.iter_mut() {
        *lp = (lp.1, lp.0);
    }
}

/// One role's box: a link around a rectangle and its name's lines.
fn node_svg(s: &mut String, role: &crate::model::Role, n: &Node, stage: &str, root: &str) {
    let _ = write!(
        s,
        "<a class=\"ld-node stage-{}\" href=\"{root}{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">",
        escape(stage),
        escape(&crate::url::encode_path(&role.url)),
        escape(&format!("{}: {}", role.title, role.summary)),
        n.x,
        n.y,
        n.w,
        n.h,
        n.x + n.w / 2.0,
        n.y + BOX_PAD_Y + LINE_H - 4.5,
    );
    for (i, line) in n.lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { LINE_H };
        let _ = write!(
            s,
            "<tspan x=\"{}\" dy=\"{dy}\">{}</tspan>",
            n.x + n.w / 2.0,
            escape(line)
        );
    }
    s.push_str("</text></a>");
}

/// An arrow from box `a` to box `b`: between columns from the facing
/// sides; within a column, a loop out to the side the column keeps room
/// on, growing with the distance it spans, so loops nest instead of
/// overlapping.
fn edge(a: &Node, b: &Node) -> String {
    let (ay, by) = (a.y + a.h / 2.0, b.y + b.h / 2.0);
    let path = if a.col != b.col {
        // Towards b's side (left to right, or mirrored).
        let forward = b.x > a.x;
        let x1 = if forward { a.x + a.w } else { a.x };
        let x2 = if forward { b.x } else { b.x + b.w };
        let mid = (x1 + x2) / 2.0;
        format!("M{x1},{ay} C{mid},{ay} {mid},{by} {x2},{by}")
    } else {
        let reach = 10.0 + (ay - by).abs().min(140.0) / 10.0;
        let (x, bulge) = if a.loop_left {
            (a.x, a.x - reach)
        } else {
            (a.x + a.w, a.x + a.w + reach)
        };
        format!("M{x},{ay} C{bulge},{ay} {bulge},{by} {x},{by}")
    };
    format!("<path class=\"ld-edge\" d=\"{path}\" marker-end=\"url(#ld-arrow)\"/>")
}

/// The ladder as a stacked list, for narrow screens: each stage with its
/// roles, each role linked and followed by what it grows into.
pub(crate) fn ladder_list(
    hb: &Handbook,
    gov: &Governance,
    root: &str,
    strings: &Catalog,
) -> String {
    if hb.roles.is_empty() {
        return String::new();
    }
    let cols = columns(hb, gov, strings);
    let mut s = String::from("<ol class=\"ladder-list\">");
    for ((id, title), roles) in cols.labels.iter().zip(&cols.roles) {
        let _ = write!(
            s,
            "<li class=\"ladder-list-stage stage-{}\"><p class=\"ladder-list-title\">{}</p><ul>",
            escape(id),
            escape(title)
        );
        for &r in roles {
            let role = &hb.roles[r];
            let _ = write!(
                s,
                "<li><a class=\"role-chip\" href=\"{root}{}\">{}</a>",
                escape(&crate::url::encode_path(&role.url)),
                escape(&role.title)
            );
            let to: Vec<&str> = gov.roles()[r]
                .grows_into
                .iter()
                .map(|&t| hb.roles[t].title.as_str())
                .collect();
            if !to.is_empty() {
                let _ = write!(
                    s,
                    " <span class=\"ladder-list-next\">{}</span>",
                    escape(
                        &strings.fill("ladder.grows_into_short", &[("targets", &to.join(", "))])
                    )
                );
            }
            s.push_str("</li>");
        }
        s.push_str("</ul></li>");
    }
    s.push_str("</ol>");
    s
}

/// The ladder in words, for the SVG's `<desc>`.
fn describe(hb: &Handbook, gov: &Governance, strings: &Catalog) -> String {
    let mut parts = Vec::new();
    for (i, r) in hb.roles.iter().enumerate() {
        if gov.roles()[i].grows_into.is_empty() {
            continue;
        }
        let to: Vec<&str> = gov.roles()[i]
            .grows_into
            .iter()
            .map(|&t| hb.roles[t].title.as_str())
            .collect();
        parts.push(strings.fill(
            "ladder.grows_into",
            &[("role", &r.title), ("targets", &to.join(", "))],
        ));
    }
    if parts.is_empty() {
        strings.count("ladder.none_grow", hb.roles.len())
    } else {
        format!("{}.", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_wrap_at_the_middle_space() {
        assert_eq!(wrap("Mentor"), vec!["Mentor"]);
        assert_eq!(
            wrap("Conduct committee member of the board"),
            vec!["Conduct committee", "member of the board"]
        );
        // No space: one line, and the box grows instead.
        assert_eq!(wrap(&"x".repeat(40)).len(), 1);
    }

    #[test]
    fn wide_characters_count_a_full_em() {
        assert!(text_width("委員会委員長") > text_width("abcdef"));
        assert_eq!(text_width("委員"), 2.0 * FONT);
    }

    #[test]
    fn barycentric_order_removes_a_crossing() {
        // Column 0: a, b; column 1: c, d; a→d and b→c cross as given.
        let order = vec![vec![0, 1], vec![2, 3]];
        let col_of = [0, 0, 1, 1];
        let edges = [(0, 3), (1, 2)];
        let titles: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert_eq!(crossings(&order, &col_of, &edges), 1);
        let better = order_rows(order, &col_of, &edges, &titles);
        assert_eq!(crossings(&better, &col_of, &edges), 0);
    }
}
