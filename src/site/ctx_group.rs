//! Template contexts of groups: a group's page (charter card, roster,
//! channels, meetings, what it owns) and the groups index (the organisation
//! chart, as SVG and as rows, then the groups by kind). Like every context,
//! URLs are already relative to the page being rendered.

use serde::Serialize;

use super::ctx::Link;

/// A group's page (`page.group`).
#[derive(Debug, Clone, Serialize)]
pub struct GroupCtx {
    pub id: String,
    /// The kind as a title ("Working group", "SIG").
    pub kind: Option<String>,
    /// `active`, `incubating` or `archived`.
    pub status: Option<String>,
    pub summary: String,
    pub parent: Option<Link>,
    pub children: Vec<Link>,
    /// Leads, members, then past members (emeritus or with an end date);
    /// only the sections that have people.
    pub roster: Vec<RosterSection>,
    pub channels: Vec<ChannelCtx>,
    pub meetings: Vec<MeetingCtx>,
    pub docs: Vec<Link>,
    pub repositories: Vec<String>,
    /// Roles that belong to the group.
    pub roles: Vec<Link>,
    /// Decisions the group made.
    pub decisions: Vec<Link>,
    /// The journey or doc that explains how to join.
    pub join: Option<Link>,
    /// The data file the group was imported from, if any.
    pub source: Option<String>,
}

/// A part of a group's roster.
#[derive(Debug, Clone, Serialize)]
pub struct RosterSection {
    /// `leads`, `members` or `past` (also the heading's id).
    pub id: &'static str,
    pub title: String,
    /// Past members are folded away.
    pub past: bool,
    pub people: Vec<MemberCtx>,
}

/// Someone on a group's roster.
#[derive(Debug, Clone, Serialize)]
pub struct MemberCtx {
    pub name: String,
    pub url: Option<String>,
    /// The role's title, or an imported label ("Chair").
    pub role: Option<String>,
    pub role_url: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Stepped down with emeritus status.
    pub emeritus: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelCtx {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingCtx {
    pub title: String,
    /// "biweekly · Tuesday · 9:00 · PT".
    pub when: String,
    pub url: Option<String>,
}

/// The groups index (`page.groups`).
#[derive(Debug, Clone, Serialize)]
pub struct GroupsIndexCtx {
    /// The organisation chart as inline SVG.
    pub chart: String,
    /// The same chart as rows of a nested list, for narrow screens.
    pub rows: Vec<OrgRow>,
    /// Groups by kind, in `group_kinds:` order.
    pub sections: Vec<GroupSection>,
}

/// One box of the organisation chart as a list row.
#[derive(Debug, Clone, Serialize)]
pub struct OrgRow {
    pub title: String,
    pub url: String,
    pub kind: String,
    /// Nesting depth, at most 6.
    pub depth: usize,
    /// A role belonging to the group above, not a group.
    pub role: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupSection {
    pub id: String,
    pub title: String,
    pub groups: Vec<GroupTile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupTile {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub status: Option<String>,
    /// Current members and leads.
    pub members: usize,
}
