//! Data sources: groups and people read from the files communities already
//! keep (a Kubernetes-style `sigs.yaml`, one TOML or YAML file per team,
//! `.all-contributorsrc`, …). A `sources:` entry in `handbook.yml` maps a
//! file's records onto groups or people with dotted field paths; a preset is
//! a named list of such mappings ([`preset`]). With no `sources:` key, the
//! presets whose file is unambiguous (a root `sigs.yaml`, a root
//! `.all-contributorsrc`) apply by themselves. Records become the same
//! [`Group`] and [`Person`] values hand-written files do; merging the two
//! (and reporting conflicts and drift) is [`merge_groups`]' and
//! [`merge_people`]'s job.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::code::Code;
use crate::config::{Source, SourceRole, SourceSpec};
use crate::diag::{Diagnostic, LineIndex, Span};
use crate::source::SourceFile;

use super::group::{Channel, Group, GroupOrigin, Meeting, Member};
use super::{Entity, Loader, Person, Ref};

mod people;
pub(super) use people::merge as merge_people;

/// The mappings a preset stands for, or `None` for an unknown preset.
pub(crate) fn preset(name: &str) -> Option<Vec<SourceSpec>> {
    let specs = match name {
        "sigs-yaml" => [
            ("sigs", "sig"),
            ("workinggroups", "working-group"),
            ("committees", "committee"),
            ("usergroups", "user-group"),
        ]
        .iter()
        .map(|(records, kind)| sigs_yaml(records, kind))
        .collect(),
        "team-files" => vec![team_files()],
        "all-contributors" => vec![all_contributors()],
        "owners" => vec![owners_files()],
        "myst-authors" => vec![myst_authors()],
        "codeowners" => vec![SourceSpec {
            preset: Some("codeowners".into()),
            file: Some("CODEOWNERS|.github/CODEOWNERS|docs/CODEOWNERS".into()),
            ..SourceSpec::default()
        }],
        _ => return None,
    };
    Some(specs)
}

/// Preset names, for "did you mean" and the docs.
pub(crate) const PRESETS: &[&str] = &[
    "sigs-yaml",
    "team-files",
    "all-contributors",
    "owners",
    "myst-authors",
    "codeowners",
];

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn role(path: &str, role: Option<&str>, lead: bool, emeritus: bool) -> SourceRole {
    SourceRole {
        path: path.into(),
        role: role.map(str::to_string),
        lead,
        emeritus,
    }
}

/// One list of Kubernetes' `sigs.yaml` (`sigs`, `workinggroups`, …).
fn sigs_yaml(records: &str, kind: &str) -> SourceSpec {
    SourceSpec {
        file: Some("sigs.yaml".into()),
        into: Some("groups".into()),
        records: Some(records.into()),
        kind: Some(kind.into()),
        fields: map(&[
            ("id", "dir"),
            ("name", "name"),
            ("description", "mission_statement"),
            ("folder", "dir"),
            ("charter", "charter_link"),
            ("meetings", "meetings"),
            ("channel.Slack", "contact.slack"),
            ("channel.Mailing list", "contact.mailing_list"),
        ]),
        person: map(&[("id", "github"), ("name", "name")]),
        roles: vec![
            role("leadership.chairs", Some("chair"), true, false),
            role("leadership.tech_leads", Some("tech-lead"), true, false),
            role("leadership.emeritus_leads", None, false, true),
        ],
        ..SourceSpec::default()
    }
}

/// One TOML or YAML file per team in `teams/` (name, parent, kind, leads,
/// members, alumni).
fn team_files() -> SourceSpec {
    SourceSpec {
        file: Some("teams/*.toml|teams/*.yaml|teams/*.yml".into()),
        into: Some("groups".into()),
        // Top-level lists, or under `[people]` as rust-lang/team keeps them.
        fields: map(&[
            ("id", "name|_file"),
            ("name", "title|name"),
            ("description", "description"),
            ("parent", "parent|subteam-of"),
            ("kind", "kind"),
            ("members", "members|people.members"),
        ]),
        roles: vec![
            role("leads|people.leads", Some("lead"), true, false),
            role("alumni|people.alumni", None, false, true),
        ],
        ..SourceSpec::default()
    }
}

/// Kubernetes-style `OWNERS` files: each folder's approvers (leads) and
/// reviewers become the members of the group named after the folder.
fn owners_files() -> SourceSpec {
    SourceSpec {
        file: Some("**/OWNERS".into()),
        format: Some("yaml".into()),
        into: Some("groups".into()),
        fields: map(&[("id", "_dir"), ("name", "_dir"), ("folder", "_path")]),
        roles: vec![
            role("approvers", Some("approver"), true, false),
            role("reviewers", Some("reviewer"), false, false),
            role("emeritus_approvers", None, false, true),
        ],
        ..SourceSpec::default()
    }
}

/// MyST `myst.yml` authors (`project.authors`) become people.
fn myst_authors() -> SourceSpec {
    SourceSpec {
        file: Some("myst.yml".into()),
        format: Some("yaml".into()),
        into: Some("people".into()),
        records: Some("project.authors".into()),
        fields: map(&[
            ("id", "id|github|name"),
            ("name", "name"),
            ("link", "url|website"),
            ("affiliations", "affiliations"),
            ("affiliation_list", "project.affiliations"),
        ]),
        ..SourceSpec::default()
    }
}

/// `.all-contributorsrc`: contributors become people.
fn all_contributors() -> SourceSpec {
    SourceSpec {
        file: Some(".all-contributorsrc".into()),
        format: Some("json".into()),
        into: Some("people".into()),
        records: Some("contributors".into()),
        fields: map(&[
            ("id", "login"),
            ("name", "name"),
            ("avatar", "avatar_url"),
            ("contributions", "contributions"),
            ("link", "profile"),
        ]),
        ..SourceSpec::default()
    }
}

/// What the data sources hold.
#[derive(Debug, Default)]
pub(super) struct Imported {
    pub(super) groups: Vec<Group>,
    pub(super) people: Vec<Person>,
    /// Files read, for diagnostics snippets.
    pub(super) files: Vec<SourceFile>,
    /// Files read by sources that map `contributions` (contributor lists,
    /// checked for drift against `people.yml`).
    pub(super) contributor_files: Vec<String>,
}

/// Read every configured (or detected) data source.
pub(super) fn load(
    l: &mut Loader<'_>,
    root: &std::path::Path,
    sources: &Option<Vec<Source>>,
    candidates: &[String],
    first_group: usize,
) -> Imported {
    let specs: Vec<(SourceSpec, Option<Span>)> = match sources {
        Some(list) => expand(l, list),
        None => detected(root),
    };
    let mut out = Imported::default();
    for (spec, at) in specs {
        let files = matching(spec.file.as_deref().unwrap_or(""), candidates, root);
        if files.is_empty() {
            if let Some(at) = at {
                report(
                    l,
                    at,
                    format!("`{}` matches no file", spec.file.unwrap_or_default()),
                    "give a path from the handbook folder; `*` matches within a folder",
                );
            }
            continue;
        }
        for rel in files {
            read_one(
                l,
                root,
                &spec,
                &rel,
                at.clone(),
                candidates,
                first_group,
                &mut out,
            );
        }
    }
    out
}

fn report(l: &mut Loader<'_>, at: Span, msg: String, help: &str) {
    l.diags.push(
        Diagnostic::error(Code::InvalidSource, msg)
            .with_span(at)
            .with_help(help),
    );
}

/// The `sources:` list with presets expanded.
fn expand(l: &mut Loader<'_>, list: &[Source]) -> Vec<(SourceSpec, Option<Span>)> {
    let mut out = Vec::new();
    for s in list {
        match &s.spec.preset {
            Some(p) => match preset(p) {
                Some(specs) => out.extend(specs.into_iter().map(|x| (x, Some(s.span.clone())))),
                None => report(
                    l,
                    s.span.clone(),
                    format!("unknown data source preset `{p}`"),
                    &crate::diag::suggestion_help(
                        p,
                        PRESETS.iter().copied(),
                        &format!("presets: {}", PRESETS.join(", ")),
                    ),
                ),
            },
            None if s.spec.file.is_none() => report(
                l,
                s.span.clone(),
                "a source needs `preset:` or `file:`".into(),
                "add `file: path/to/data.yaml` and `into: groups` (or `people`)",
            ),
            None => match invalid(&s.spec) {
                Some((msg, help)) => report(l, s.span.clone(), msg, &help),
                None => out.push((s.spec.clone(), Some(s.span.clone()))),
            },
        }
    }
    out
}

/// What `into:`, `format:` and `fields:` of a mapping may say.
const INTO: &[&str] = &["groups", "people"];
const FORMATS: &[&str] = &["yaml", "yml", "toml", "json", "csv"];
const FIELDS: &[&str] = &[
    "id",
    "name",
    "description",
    "parent",
    "kind",
    "status",
    "members",
    "folder",
    "charter",
    "meetings",
    "avatar",
    "contributions",
    "link",
    "affiliations",
    "affiliation_list",
];

/// Why a hand-written mapping cannot be used, with what to do.
fn invalid(spec: &SourceSpec) -> Option<(String, String)> {
    let one_of = |what: &str, v: &str, allowed: &[&str]| {
        (!allowed.contains(&v)).then(|| {
            (
                format!("unknown {what} `{v}` in a data source"),
                crate::diag::suggestion_help(
                    v,
                    allowed.iter().copied(),
                    &format!("`{what}:` is one of {}", allowed.join(", ")),
                ),
            )
        })
    };
    if let Some(e) = spec.into.as_deref().and_then(|v| one_of("into", v, INTO)) {
        return Some(e);
    }
    if let Some(e) = spec
        .format
        .as_deref()
        .and_then(|v| one_of("format", v, FORMATS))
    {
        return Some(e);
    }
    spec.fields
        .keys()
        .filter(|k| !k.starts_with("channel."))
        .find_map(|k| one_of("field", k, FIELDS))
}

/// Presets whose file is unambiguous, when `sources:` is absent.
fn detected(root: &std::path::Path) -> Vec<(SourceSpec, Option<Span>)> {
    let mut out = Vec::new();
    for (file, name) in [
        ("sigs.yaml", "sigs-yaml"),
        (".all-contributorsrc", "all-contributors"),
    ] {
        if root.join(file).is_file() {
            out.extend(
                preset(name)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| (s, None)),
            );
        }
    }
    out
}

/// The handbook files a `file:` pattern names (a plain path is taken as is,
/// so hidden files such as `.all-contributorsrc` can be named).
fn matching(pattern: &str, candidates: &[String], root: &std::path::Path) -> Vec<String> {
    let alternatives: Vec<&str> = pattern.split('|').map(str::trim).collect();
    let single = alternatives.len() == 1;
    let mut out = Vec::new();
    for p in alternatives.into_iter().filter(|p| !p.is_empty()) {
        let p = p.trim_start_matches("./");
        if !p.contains('*') {
            // One plain path is read (and reported) even when missing.
            if single || root.join(p).is_file() {
                out.push(p.to_string());
            }
            continue;
        }
        out.extend(candidates.iter().filter(|c| glob_match(p, c)).cloned());
    }
    // In walk order, once each, whichever alternative matched.
    out.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    out.dedup();
    out
}

/// `*` matches within one path segment, `**` across segments.
pub(crate) fn glob_match(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let s: Vec<&str> = path.split('/').collect();
    segs_match(&p, &s)
}

fn segs_match(p: &[&str], s: &[&str]) -> bool {
    match (p.first(), s.first()) {
        (None, None) => true,
        (Some(&"**"), _) => segs_match(&p[1..], s) || (!s.is_empty() && segs_match(p, &s[1..])),
        (Some(a), Some(b)) => seg_match(a.as_bytes(), b.as_bytes()) && segs_match(&p[1..], &s[1..]),
        _ => false,
    }
}

fn seg_match(p: &[u8], s: &[u8]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(b'*') => (0..=s.len()).any(|i| seg_match(&p[1..], &s[i..])),
        Some(c) => s.first() == Some(c) && seg_match(&p[1..], &s[1..]),
    }
}

#[allow(clippy::too_many_arguments)]
fn read_one(
    l: &mut Loader<'_>,
    root: &std::path::Path,
    spec: &SourceSpec,
    rel: &str,
    at: Option<Span>,
    candidates: &[String],
    first_group: usize,
    out: &mut Imported,
) {
    if !root.join(rel).is_file() {
        // Reported at the `sources:` entry that names it, not in a file
        // that does not exist.
        if let Some(at) = at {
            report(
                l,
                at,
                format!("data source file `{rel}` does not exist"),
                "give a path from the handbook folder, or remove the entry",
            );
        }
        return;
    }
    let mut diags = Vec::new();
    let Some(file) = crate::source::read_inside(root, rel, &mut diags) else {
        if at.is_some() {
            l.diags.extend(diags);
        }
        return;
    };
    if spec.preset.as_deref() == Some("codeowners") {
        codeowners(l, &file, candidates, first_group, out);
        out.files.push(file);
        return;
    }
    let value = match parse(spec, &file) {
        Ok(v) => v,
        Err(e) => {
            l.diags.push(
                Diagnostic::error(
                    Code::InvalidSource,
                    format!("cannot read data source `{rel}`: {e}"),
                )
                .with_span(Span::file(rel))
                .with_help("fix the file's syntax, or set `format:` on its `sources:` entry"),
            );
            return;
        }
    };
    let records = records(&value, spec.records.as_deref().unwrap_or(""), rel);
    let into_people = spec.into.as_deref() == Some("people");
    if into_people && spec.fields.contains_key("contributions") {
        out.contributor_files.push(rel.to_string());
    }
    let find = Finder::new(&file);
    for rec in &records {
        if into_people {
            if let Some(mut p) = person_record(spec, rec, &find) {
                p.affiliations = affiliations(spec, rec, &value);
                out.people.push(p);
            }
        } else if let Some(g) = group_record(l, spec, rec, &find, first_group + out.groups.len()) {
            out.groups.push(g);
        }
    }
    if records.is_empty()
        && let Some(at) = at
    {
        report(
            l,
            at,
            format!(
                "no records at `{}` in `{rel}`",
                spec.records.clone().unwrap_or_default()
            ),
            "set `records:` to the dotted path of the list of records",
        );
    }
    out.files.push(file);
}

fn parse(spec: &SourceSpec, f: &SourceFile) -> Result<Value, String> {
    let ext = f.rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let format = spec.format.clone().or(ext).unwrap_or_default();
    match format.as_str() {
        "toml" => toml::from_str(&f.text).map_err(|e| e.to_string()),
        "json" | "all-contributorsrc" => serde_json::from_str(&f.text).map_err(|e| e.to_string()),
        "csv" => Ok(parse_csv(&f.text)),
        _ => serde_saphyr::from_str(&f.text).map_err(|e| e.to_string()),
    }
}

/// A CSV file as a list of records keyed by the header row (RFC 4180
/// quoting: `"a, b"` and `""` for a quote).
fn parse_csv(text: &str) -> Value {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let mut it = rows
        .into_iter()
        .filter(|r| r.iter().any(|f| !f.trim().is_empty()));
    let header: Vec<String> = it
        .next()
        .unwrap_or_default()
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Value::Array(
        it.map(|r| {
            let m = header
                .iter()
                .zip(r)
                .map(|(h, v)| (h.clone(), Value::String(v.trim().to_string())))
                .collect();
            Value::Object(m)
        })
        .collect(),
    )
}

/// A record with the names `_key` (its key in a map of records), `_file`
/// (its file's name without extension), `_dir` (the name of the folder
/// holding the file) and `_path` (that folder's path) available to field
/// paths.
struct Record<'a> {
    value: &'a Value,
    key: Option<String>,
    file: String,
    dir: String,
    /// The folder holding the file, from the handbook root.
    path: String,
}

fn records<'a>(v: &'a Value, path: &str, rel: &str) -> Vec<Record<'a>> {
    let file = super::file_stem(rel);
    let dir = rel.rsplit('/').nth(1).unwrap_or("").to_string();
    let folder = rel.rsplit_once('/').map_or("", |(p, _)| p).to_string();
    let Some(at) = get(v, path) else {
        return Vec::new();
    };
    match at {
        Value::Array(a) => a
            .iter()
            .map(|value| Record {
                value,
                key: None,
                file: file.clone(),
                dir: dir.clone(),
                path: folder.clone(),
            })
            .collect(),
        Value::Object(m) if !path.is_empty() => m
            .iter()
            .map(|(k, value)| Record {
                value,
                key: Some(k.clone()),
                file: file.clone(),
                dir: dir.clone(),
                path: folder.clone(),
            })
            .collect(),
        Value::Object(_) => vec![Record {
            value: at,
            key: None,
            file,
            dir,
            path: folder,
        }],
        _ => Vec::new(),
    }
}

/// The value at a dotted path (`leadership.chairs`); the empty path is the value.
fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .try_fold(v, |v, k| v.get(k))
}

/// A field of a record: its path in `fields:`, where `a|b` takes the first
/// of `a` and `b` that the record has.
fn field(rec: &Record<'_>, spec: &SourceSpec, name: &str) -> Option<String> {
    let paths = spec.fields.get(name)?;
    paths.split('|').map(str::trim).find_map(|path| match path {
        "_key" => rec.key.clone(),
        "_file" => Some(rec.file.clone()),
        "_dir" => Some(rec.dir.clone()).filter(|d| !d.is_empty()),
        "_path" => Some(rec.path.clone()).filter(|d| !d.is_empty()),
        _ => get(rec.value, path).and_then(scalar),
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Where the values a data file's records name sit in its text, for
/// diagnostics. Records come in the file's order, so a value is looked for
/// after the last one found, and only then before it (an id that is also
/// part of an earlier word is not placed there); lines and columns come
/// from the file's line starts. Linear in the file for a file of many
/// records, where searching from the top each time was quadratic. A value
/// the text does not hold as written is placed at the whole file.
struct Finder<'a> {
    file: &'a SourceFile,
    lines: LineIndex<'a>,
    /// Where the last value found ends.
    from: std::cell::Cell<usize>,
}

impl<'a> Finder<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Finder {
            file,
            lines: LineIndex::new(&file.text),
            from: std::cell::Cell::new(0),
        }
    }

    /// The place of `needle`, or the whole file.
    fn span(&self, needle: &str) -> Span {
        self.find(needle)
            .unwrap_or_else(|| Span::file(&self.file.rel))
    }

    fn find(&self, needle: &str) -> Option<Span> {
        let (text, from) = (&self.file.text, self.from.get());
        let after = || Some(from + text.get(from..)?.find(needle)?);
        // Not after it: the first place in the file, which is before it.
        let before = || text.find(needle);
        let at = (!needle.is_empty()).then(|| after().or_else(before))??;
        self.from.set(at + needle.len());
        Some(self.lines.span(&self.file.rel, at, needle.len()))
    }
}

fn group_record(
    l: &mut Loader<'_>,
    spec: &SourceSpec,
    rec: &Record<'_>,
    find: &Finder<'_>,
    idx: usize,
) -> Option<Group> {
    let f = find.file;
    let id = field(rec, spec, "id")
        .or_else(|| rec.key.clone())
        .or_else(|| (spec.records.as_deref().unwrap_or("").is_empty()).then(|| rec.file.clone()))?;
    let span = find.span(&id);
    let title = field(rec, spec, "name").unwrap_or_else(|| id.clone());
    let description = field(rec, spec, "description").unwrap_or_default();
    // The first paragraph is the summary; the rest, if any, the charter.
    let (first, rest) = description
        .trim()
        .split_once("\n\n")
        .unwrap_or((description.trim(), ""));
    let summary = crate::markup::inline_plain(&first.replace('\n', " "));
    let unit = l.unit_from_text(
        Entity::Item(super::group::ID, idx),
        &f.rel,
        rest.trim().to_string(),
        span.clone(),
    );
    let at = |v: String| Ref {
        span: find.span(&v),
        value: v,
    };
    let kind = spec.kind.clone().or_else(|| field(rec, spec, "kind"));
    let folder = field(rec, spec, "folder");
    let mut owns_docs = Vec::new();
    // The paths are made from the values: placed where those are written.
    if let Some(dir) = &folder {
        let dir_at = find.span(dir);
        owns_docs.push(Ref {
            value: format!("{dir}/README.md"),
            span: dir_at.clone(),
        });
        if let Some(c) = field(rec, spec, "charter").filter(|c| !c.contains("://")) {
            let span = find.find(&c).unwrap_or(dir_at);
            owns_docs.push(Ref {
                value: format!("{dir}/{c}"),
                span,
            });
        }
    }
    Some(Group {
        url: super::group::url(&id),
        src: f.rel.clone(),
        title,
        kind: kind.map(|k| Ref {
            value: k,
            span: span.clone(),
        }),
        summary,
        parent: field(rec, spec, "parent").map(at),
        status: field(rec, spec, "status").map(at),
        members: members(spec, rec, find),
        channels: channels(spec, rec),
        meetings: meetings(spec, rec),
        owns_docs,
        repositories: Vec::new(),
        decisions: Vec::new(),
        join: None,
        covers: Vec::new(),
        extra: Value::Null,
        unit,
        span,
        origin: GroupOrigin::Source(f.rel.clone()),
        id,
    })
}

/// People lists of a record: `members` (plain members), then each role list.
fn members(spec: &SourceSpec, rec: &Record<'_>, find: &Finder<'_>) -> Vec<Member> {
    let mut lists: Vec<SourceRole> = Vec::new();
    if let Some(p) = spec.fields.get("members") {
        lists.push(SourceRole {
            path: p.clone(),
            ..SourceRole::default()
        });
    }
    lists.extend(spec.roles.iter().cloned());
    let mut out = Vec::new();
    for list in lists {
        let found = list.path.split('|').find_map(|p| get(rec.value, p.trim()));
        let entries: Vec<Value> = match found {
            Some(Value::Array(a)) => a.clone(),
            // A CSV cell or a string lists several people with `;` or `,`.
            Some(Value::String(v)) => v
                .split([';', ','])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| Value::String(p.to_string()))
                .collect(),
            Some(v @ Value::Object(_)) => vec![v.clone()],
            _ => Vec::new(),
        };
        for e in &entries {
            let Some((id, name)) = person_entry(spec, e) else {
                continue;
            };
            out.push(Member {
                person: Ref {
                    span: find.span(&id),
                    value: id,
                },
                role: list.role.clone(),
                since: None,
                until: None,
                emeritus: list.emeritus,
                lead: list.lead,
                name,
                imported: true,
            });
        }
    }
    out
}

/// A person entry: a string (the id) or a map read through `person:`.
fn person_entry(spec: &SourceSpec, v: &Value) -> Option<(String, Option<String>)> {
    if let Some(s) = scalar(v) {
        return Some((s, None));
    }
    let pick = |key: &str, defaults: &[&str]| {
        let paths: Vec<&str> = match spec.person.get(key) {
            Some(p) => vec![p.as_str()],
            None => defaults.to_vec(),
        };
        paths.into_iter().find_map(|p| get(v, p).and_then(scalar))
    };
    let name = pick("name", &["name"]);
    let id =
        pick("id", &["id", "github", "login", "username", "handle"]).or_else(|| name.clone())?;
    Some((id, name))
}

fn channels(spec: &SourceSpec, rec: &Record<'_>) -> Vec<Channel> {
    spec.fields
        .iter()
        .filter_map(|(k, path)| {
            let label = k.strip_prefix("channel.")?;
            let v = scalar(get(rec.value, path)?)?;
            let url = (v.contains("://") && crate::url::is_safe(&v)).then(|| v.clone());
            let name = if url.is_some() {
                label.to_string()
            } else {
                format!("{label}: {v}")
            };
            Some(Channel { name, url })
        })
        .collect()
}

fn meetings(spec: &SourceSpec, rec: &Record<'_>) -> Vec<Meeting> {
    let Some(Value::Array(list)) = spec.fields.get("meetings").and_then(|p| get(rec.value, p))
    else {
        return Vec::new();
    };
    list.iter()
        .map(|m| {
            let s = |keys: &[&str]| keys.iter().find_map(|k| m.get(*k).and_then(scalar));
            Meeting {
                title: s(&["title", "description", "name"]),
                day: s(&["day"]),
                time: s(&["time"]),
                timezone: s(&["timezone", "tz"]),
                frequency: s(&["frequency", "cadence"]),
                url: s(&["url"]).filter(|u| crate::url::is_safe(u)),
                archive_url: None,
                recordings_url: None,
            }
        })
        .collect()
}

fn person_record(spec: &SourceSpec, rec: &Record<'_>, find: &Finder<'_>) -> Option<Person> {
    let id = field(rec, spec, "id").or_else(|| rec.key.clone())?;
    let contributions = spec
        .fields
        .get("contributions")
        .and_then(|p| get(rec.value, p))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(scalar).collect())
        .unwrap_or_default();
    let links = field(rec, spec, "link")
        .filter(|u| crate::url::is_safe(u))
        .map(|url| {
            vec![super::PersonLink {
                label: "Profile".into(),
                url,
            }]
        })
        .unwrap_or_default();
    let name = field(rec, spec, "name").unwrap_or_else(|| id.clone());
    let mut p = person(&id, find.span(&id));
    p.name = name;
    p.avatar = field(rec, spec, "avatar").filter(|u| crate::url::is_safe(u));
    p.links = links;
    p.contributions = contributions;
    Some(p)
}

/// A person's affiliations: each entry of the `affiliations` field path is
/// a name, a map with `name` (and `ror`), or the `id` of an entry in the
/// file-level list at `affiliation_list` (MyST's `project.affiliations`).
fn affiliations(
    spec: &SourceSpec,
    rec: &Record<'_>,
    file: &Value,
) -> Vec<super::person::Affiliation> {
    let Some(Value::Array(list)) = spec
        .fields
        .get("affiliations")
        .and_then(|p| get(rec.value, p))
    else {
        return Vec::new();
    };
    let index = spec
        .fields
        .get("affiliation_list")
        .and_then(|p| get(file, p))
        .and_then(Value::as_array);
    let from_map = |m: &Value| {
        let name = m.get("name").and_then(scalar)?;
        let ror = m
            .get("ror")
            .and_then(scalar)
            .map(|r| r.trim_start_matches("https://ror.org/").to_string());
        Some(super::person::Affiliation { name, ror })
    };
    list.iter()
        .filter_map(|a| match a {
            Value::Object(_) => from_map(a),
            other => {
                let s = scalar(other)?;
                let known = index.and_then(|l| {
                    l.iter()
                        .find(|e| e.get("id").and_then(scalar).as_deref() == Some(s.as_str()))
                });
                known
                    .and_then(from_map)
                    .or(Some(super::person::Affiliation { name: s, ror: None }))
            }
        })
        .collect()
}

/// A `CODEOWNERS` file: each `@org/team` becomes a team that owns the docs
/// its patterns match, and each `@user` a person. Lines are
/// `pattern owner…`; `#` starts a comment; a later line wins for a path,
/// as on the forge.
fn codeowners(
    l: &mut Loader<'_>,
    f: &SourceFile,
    candidates: &[String],
    first_group: usize,
    out: &mut Imported,
) {
    let docs: Vec<&String> = candidates.iter().filter(|c| c.ends_with(".md")).collect();
    // Path → owners of the last line matching it.
    let mut owner_of: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut teams: BTreeMap<String, Span> = BTreeMap::new();
    let lines = LineIndex::new(&f.text);
    let mut start = 0;
    for raw in f.text.split_inclusive('\n') {
        let offset = start;
        start += raw.len();
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(pattern) = parts.next() else {
            continue;
        };
        let owners: Vec<String> = parts
            .filter(|o| o.starts_with('@'))
            .map(|o| o[1..].to_string())
            .collect();
        for o in &owners {
            if o.contains('/') {
                teams
                    .entry(o.clone())
                    .or_insert_with(|| lines.span(&f.rel, offset, line.len()));
            } else if !out.people.iter().any(|p| &p.id == o) {
                let at = offset + owner_at(raw, o).unwrap_or(0);
                out.people.push(person(o, lines.span(&f.rel, at, o.len())));
            }
        }
        for d in docs.iter().filter(|d| codeowners_match(pattern, d)) {
            owner_of.insert(d.as_str(), owners.clone());
        }
    }
    for (team, span) in teams {
        let id = team.rsplit('/').next().unwrap_or(&team).to_string();
        let owns_docs = (owner_of.iter())
            .filter(|(_, o)| o.contains(&team))
            .map(|(d, _)| Ref {
                value: d.to_string(),
                span: span.clone(),
            })
            .collect();
        let idx = first_group + out.groups.len();
        let unit = l.unit_from_text(
            Entity::Item(super::group::ID, idx),
            &f.rel,
            String::new(),
            span.clone(),
        );
        out.groups.push(Group {
            url: super::group::url(&id),
            src: f.rel.clone(),
            title: team.clone(),
            kind: Some(Ref {
                value: "team".into(),
                span: span.clone(),
            }),
            summary: String::new(),
            parent: None,
            status: None,
            members: Vec::new(),
            channels: Vec::new(),
            meetings: Vec::new(),
            owns_docs,
            repositories: Vec::new(),
            decisions: Vec::new(),
            join: None,
            covers: Vec::new(),
            extra: Value::Null,
            unit,
            span,
            origin: GroupOrigin::Source(f.rel.clone()),
            id,
        });
    }
}

/// Whether a CODEOWNERS pattern (gitignore style) matches `path`.
/// Where `@owner` is written in a CODEOWNERS line: the byte offset of the
/// name after the `@`, as a whole word (not the start of `@owner-team`).
fn owner_at(line: &str, owner: &str) -> Option<usize> {
    let word = format!("@{owner}");
    line.match_indices(&word)
        .map(|(i, _)| i)
        .find(|&i| {
            let end = i + word.len();
            line[end..].chars().next().is_none_or(char::is_whitespace)
        })
        .map(|i| i + 1)
}

fn codeowners_match(pattern: &str, path: &str) -> bool {
    let anchored = pattern.starts_with('/');
    let p = pattern.trim_start_matches('/');
    if p.is_empty() || p == "*" {
        return true;
    }
    if let Some(dir) = p.strip_suffix('/') {
        let dir = dir.trim_end_matches("/**");
        return path.starts_with(&format!("{dir}/"))
            || (!anchored && path.contains(&format!("/{dir}/")));
    }
    if !p.contains('/') && !anchored {
        // A name matches at any depth, as a file or as a folder.
        return path.split('/').any(|seg| glob_match(p, seg));
    }
    glob_match(p, path) || glob_match(&format!("{p}/**"), path)
}

/// A person known only by an id (a handle) from a data source.
fn person(id: &str, span: Span) -> Person {
    Person {
        id: id.to_string(),
        name: id.to_string(),
        handle: Some(id.to_string()),
        pronouns: None,
        location: None,
        avatar: None,
        links: Vec::new(),
        contributions: Vec::new(),
        emails: Vec::new(),
        credit: true,
        orcid: None,
        affiliations: Vec::new(),
        credit_roles: Vec::new(),
        span,
        url: String::new(),
    }
}

/// Merge imported groups into hand-written ones: a group defined both
/// ways keeps the hand-written fields, takes the imported members when it
/// lists none, and reports conflicts and drift.
pub(super) fn merge_groups(
    groups: &mut Vec<Group>,
    imported: Vec<Group>,
    units: &mut [super::MdUnit],
    diags: &mut Vec<Diagnostic>,
) {
    for imp in imported {
        let Some(at) = groups.iter().position(|g| g.id == imp.id) else {
            // Its charter belongs to the group's final place in the list.
            units[imp.unit].owner = Entity::Item(super::group::ID, groups.len());
            groups.push(imp);
            continue;
        };
        // An imported description merged into a hand-written group has no
        // page of its own: it stays with that group.
        units[imp.unit].owner = Entity::Item(super::group::ID, at);
        let g = &mut groups[at];
        if g.origin != GroupOrigin::File && g.src != imp.src {
            // The same group in two data files (sigs.yaml and an OWNERS
            // file): one group with everyone from both.
            for m in imp.members {
                if !g
                    .members
                    .iter()
                    .any(|x| x.person.value == m.person.value && x.role == m.role)
                {
                    g.members.push(m);
                }
            }
            g.owns_docs.extend(imp.owns_docs);
            continue;
        }
        if g.origin != GroupOrigin::File {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!(
                        "group `{}` is imported twice (also from `{}`)",
                        imp.id, g.src
                    ),
                )
                .with_span(imp.span)
                .with_help("give each record its own id, or drop one of the sources"),
            );
            continue;
        }
        if g.title != imp.title && imp.title != imp.id {
            diags.push(
                Diagnostic::warning(
                    Code::SourceConflict,
                    format!(
                        "group `{}` is named \"{}\" here but \"{}\" in `{}` ({})",
                        g.id, g.title, imp.title, imp.src, imp.span
                    ),
                )
                .with_span(g.span.clone())
                .with_help("make the names agree; the hand-written one is used"),
            );
        }
        drift(g, &imp, diags);
        if g.members.is_empty() {
            g.members = imp.members;
        }
        if g.summary.is_empty() {
            g.summary = imp.summary;
        }
        if g.meetings.is_empty() {
            g.meetings = imp.meetings;
        }
        if g.channels.is_empty() {
            g.channels = imp.channels;
        }
        if g.kind.is_none() {
            g.kind = imp.kind;
        }
    }
}

/// `source-drift`: people in the hand-written group and not in the source,
/// and the reverse (only when both list people).
fn drift(g: &Group, imp: &Group, diags: &mut Vec<Diagnostic>) {
    if g.members.is_empty() || imp.members.is_empty() {
        return;
    }
    let ids = |v: &[Member]| -> std::collections::BTreeSet<String> {
        v.iter()
            .filter(|m| m.current())
            .map(|m| m.person.value.clone())
            .collect()
    };
    let (mine, theirs) = (ids(&g.members), ids(&imp.members));
    let only_here: Vec<&String> = mine.difference(&theirs).collect();
    let only_there: Vec<&String> = theirs.difference(&mine).collect();
    if only_here.is_empty() && only_there.is_empty() {
        return;
    }
    let list = |v: &[&String]| {
        v.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !only_here.is_empty() {
        parts.push(format!("{} not in `{}`", list(&only_here), imp.src));
    }
    if !only_there.is_empty() {
        parts.push(format!("{} only in `{}`", list(&only_there), imp.src));
    }
    diags.push(
        Diagnostic::warning(
            Code::SourceDrift,
            format!(
                "group `{}`'s members differ from its data source: {}",
                g.id,
                parts.join("; ")
            ),
        )
        .with_span(g.span.clone())
        .with_help("update whichever list is stale"),
    );
}

/// People named by imported group records who are in no people list:
/// they become people, so the people page lists them with their groups.
pub(super) fn people_from_members(people: &mut Vec<Person>, groups: &[Group]) {
    let mut known: std::collections::HashSet<String> =
        people.iter().map(|p| p.id.clone()).collect();
    for g in groups.iter().filter(|g| g.origin != GroupOrigin::File) {
        for m in &g.members {
            if m.name.is_none() || !known.insert(m.person.value.clone()) {
                continue;
            }
            let mut p = person(&m.person.value, m.person.span.clone());
            p.name = m.name.clone().unwrap_or_else(|| m.person.value.clone());
            people.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("teams/*", "teams/infra.toml"));
        assert!(!glob_match("teams/*", "teams/sub/infra.toml"));
        assert!(glob_match("teams/**/*.toml", "teams/sub/infra.toml"));
        assert!(glob_match("**/OWNERS", "sig-node/OWNERS"));
        assert!(glob_match("**/OWNERS", "OWNERS"));
        assert!(!glob_match("*.yaml", "sigs.yml"));
    }

    #[test]
    fn record_values_are_placed_in_file_order_not_at_an_earlier_word() {
        let f = SourceFile {
            rel: "teams.yml".into(),
            text: "- id: banana\n  members: [zoë]\n- id: ana\n  members: [zoë, bo]\n".into(),
        };
        let find = Finder::new(&f);
        let at = |s: Span| (s.line, s.column, s.len);
        assert_eq!(at(find.span("banana")), (1, 7, 6));
        assert_eq!(at(find.span("zoë")), (2, 13, 4));
        // "ana" is inside "banana" too: the record's own id is on line 3.
        assert_eq!(at(find.span("ana")), (3, 7, 3));
        // The second record's "zoë" is its own, not the first record's.
        assert_eq!(at(find.span("zoë")), (4, 13, 4));
        // Out of order: still found, before the last place, even when
        // less text is left after that place than the value's length.
        assert_eq!(at(find.span("zoë, bo]")), (4, 13, 9));
        assert_eq!(at(find.span("members: [zoë, bo]")), (4, 3, 19));
        assert_eq!(at(find.span("banana")), (1, 7, 6));
        assert_eq!(at(find.span("bo")), (4, 18, 2));
        // Not in the text as written: the whole file.
        let whole = find.span("cy");
        assert_eq!((whole.file.as_str(), whole.len), ("teams.yml", 0));
        assert_eq!(find.find(""), None);
    }

    #[test]
    fn a_codeowners_owner_is_placed_at_its_own_word() {
        assert_eq!(owner_at("/docs/ @ana-team @ana\n", "ana"), Some(18));
        assert_eq!(owner_at("* @ana", "ana"), Some(3));
        assert_eq!(owner_at("* @anabel", "ana"), None);
    }

    #[test]
    fn codeowners_patterns() {
        assert!(codeowners_match("*", "docs/a.md"));
        assert!(codeowners_match("/docs/", "docs/a/b.md"));
        assert!(!codeowners_match("/docs/", "x/docs/a.md"));
        assert!(codeowners_match("docs/", "x/docs/a.md"));
        assert!(codeowners_match("*.md", "x/a.md"));
        assert!(codeowners_match("governance/**", "governance/a/b.md"));
        assert!(codeowners_match("/governance", "governance/a.md"));
        assert!(!codeowners_match("/governance", "docs/governance.md"));
        assert!(!codeowners_match("/governance", "x/governance/a.md"));
    }

    #[test]
    fn csv_quotes_and_headers() {
        let v = parse_csv("id,name\nada,\"Lovelace, Ada\"\nbo,\"say \"\"hi\"\"\"\n\n");
        assert_eq!(v[0]["name"], "Lovelace, Ada");
        assert_eq!(v[1]["name"], "say \"hi\"");
        assert_eq!(v.as_array().map(Vec::len), Some(2));
    }

    /// The guide's data-sources page has an entry for every preset.
    #[test]
    fn guide_documents_every_preset() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/guide/writing/data-sources.md");
        let page = std::fs::read_to_string(path).unwrap();
        for p in PRESETS {
            assert!(
                page.contains(&format!("| `{p}` |")),
                "guide lacks preset {p}"
            );
        }
    }

    #[test]
    fn every_preset_expands() {
        for p in PRESETS {
            assert!(preset(p).is_some_and(|v| !v.is_empty()), "{p}");
        }
        assert!(preset("nope").is_none());
    }
}
