//! The roles ladder drawn as inline SVG at build time: one column per stage,
//! one box per role, an arrow for each `grows_into` step. Text labels, links
//! on every box, a `<title>` and a `<desc>` that spells the ladder out for
//! screen readers; no client-side script. Colours come from the theme's CSS
//! classes (`ld-*`), so dark mode applies.

use std::fmt::Write as _;

use crate::html::escape;
use crate::i18n::Catalog;
use crate::model::Governance;
use crate::model::Handbook;

const BOX_W: usize = 200;
const BOX_H: usize = 44;
const COL_GAP: usize = 64;
const ROW_GAP: usize = 22;
const TOP: usize = 40;
const PAD: usize = 12;

/// Inline SVG of the role ladder; empty when there are no roles.
pub fn ladder_svg(hb: &Handbook, gov: &Governance, root: &str, strings: &Catalog) -> String {
    if hb.roles.is_empty() {
        return String::new();
    }
    let n_stages = hb.config.stages.len();
    // One column per stage that has roles (plus "No stage"), in stage order.
    let mut by_stage: Vec<Vec<usize>> = vec![Vec::new(); n_stages + 1];
    let mut order: Vec<usize> = (0..hb.roles.len()).collect();
    order.sort_by_key(|&i| hb.roles[i].title.to_lowercase());
    for i in order {
        by_stage[gov.roles[i].stage.unwrap_or(n_stages)].push(i);
    }
    let (labels, columns): (Vec<(&str, &str)>, Vec<Vec<usize>>) = by_stage
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
    let cols = columns.len();
    let mut pos = vec![(0usize, 0usize); hb.roles.len()];
    for (c, col) in columns.iter().enumerate() {
        for (r, &i) in col.iter().enumerate() {
            pos[i] = (PAD + c * (BOX_W + COL_GAP), TOP + r * (BOX_H + ROW_GAP));
        }
    }
    let rows = columns.iter().map(Vec::len).max().unwrap_or(1);
    // Room on the right for arrows between roles of the last column.
    let width = PAD * 2 + cols * BOX_W + (cols - 1) * COL_GAP + COL_GAP / 2;
    let height = TOP + rows * (BOX_H + ROW_GAP) + PAD;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"ladder-svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"ld-title ld-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let _ = write!(
        s,
        "<title id=\"ld-title\">{}</title><desc id=\"ld-desc\">{}</desc>",
        escape(&strings.fill("ladder.title", &[("handbook", &hb.config.title)])),
        escape(&describe(hb, gov, strings))
    );
    s.push_str("<defs><marker id=\"ld-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"ld-arrowhead\"/></marker></defs>");
    for (c, (id, title)) in labels.iter().enumerate() {
        let x = PAD + c * (BOX_W + COL_GAP);
        let _ = write!(
            s,
            "<rect class=\"ld-band stage-{}\" x=\"{}\" y=\"4\" width=\"{}\" height=\"{}\" rx=\"8\"/><text class=\"ld-stage-label\" x=\"{}\" y=\"26\" text-anchor=\"middle\">{}</text>",
            escape(id),
            x - PAD / 2,
            BOX_W + PAD,
            height - 8,
            x + BOX_W / 2,
            escape(title)
        );
    }
    for (from, targets) in gov.roles.iter().map(|r| &r.grows_into).enumerate() {
        for &to in targets {
            s.push_str(&edge(pos[from], pos[to]));
        }
    }
    for (i, r) in hb.roles.iter().enumerate() {
        let (x, y) = pos[i];
        let label: String = if r.title.chars().count() > 24 {
            r.title
                .chars()
                .take(23)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            r.title.clone()
        };
        let _ = write!(
            s,
            "<a class=\"ld-node\" href=\"{root}{}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></a>",
            escape(&crate::url::encode_path(&r.url)),
            escape(&format!("{}: {}", r.title, r.summary)),
            x + BOX_W / 2,
            y + BOX_H / 2 + 5,
            escape(&label)
        );
    }
    s.push_str("</svg>");
    s
}

fn edge(a: (usize, usize), b: (usize, usize)) -> String {
    let (ay, by) = (a.1 + BOX_H / 2, b.1 + BOX_H / 2);
    if b.0 > a.0 {
        let (x1, x2) = (a.0 + BOX_W, b.0);
        let mid = (x1 + x2) / 2;
        format!(
            "<path class=\"ld-edge\" d=\"M{x1},{ay} C{mid},{ay} {mid},{by} {x2},{by}\" marker-end=\"url(#ld-arrow)\"/>"
        )
    } else if b.0 < a.0 {
        let (x1, x2) = (a.0, b.0 + BOX_W);
        let mid = (x1 + x2) / 2;
        format!(
            "<path class=\"ld-edge\" d=\"M{x1},{ay} C{mid},{ay} {mid},{by} {x2},{by}\" marker-end=\"url(#ld-arrow)\"/>"
        )
    } else {
        // Same column: loop around the right-hand side.
        let x = a.0 + BOX_W;
        let bulge = x + COL_GAP / 2;
        format!(
            "<path class=\"ld-edge\" d=\"M{x},{ay} C{bulge},{ay} {bulge},{by} {x},{by}\" marker-end=\"url(#ld-arrow)\"/>"
        )
    }
}

/// The ladder in words, for the SVG's `<desc>`.
fn describe(hb: &Handbook, gov: &Governance, strings: &Catalog) -> String {
    let mut parts = Vec::new();
    for (i, r) in hb.roles.iter().enumerate() {
        if gov.roles[i].grows_into.is_empty() {
            continue;
        }
        let to: Vec<&str> = gov.roles[i]
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
        strings.fill("ladder.none_grow", &[("n", &hb.roles.len().to_string())])
    } else {
        format!("{}.", parts.join("; "))
    }
}
