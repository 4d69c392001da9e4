#!/usr/bin/env python3
"""Adds this wave's kinds to a benchmark handbook made by ../shared/bench/gen_corpus.py
(layout 'handbook') and gen_governance.py: groups (a council, committees under it,
working groups and teams under those), each with leads and members from people.yml
(ids person-NNNNN), channels, a meeting, owned docs and a charter that links docs and
other groups; decision records (some superseding earlier ones, decided by groups,
affecting docs); and translations: for each extra language, a share of the docs copied
under i18n/<code>/ with their text changed and their structure kept, plus the
`languages:` line in handbook.yml. Deterministic for a given seed; touches no existing
file except handbook.yml (once, for `languages:`).

  python3 bench/gen_wave.py CORPUS/handbook [--groups G] [--decisions D]
      [--languages fr,de] [--translated 0.3]

Defaults: groups = docs / 20 and decisions = docs / 5 (500 and 2,000 for the
10,000-page corpus), no extra language; --translated is the share of docs each
extra language translates.
"""
import argparse
import os
import random

KINDS = ["committee", "working-group", "team", "sig"]
WORDS = ("data events translation onboarding security release outreach ethics "
         "mentoring infrastructure documentation research community").split()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root")
    ap.add_argument("--groups", type=int)
    ap.add_argument("--decisions", type=int)
    ap.add_argument("--languages", default="")
    ap.add_argument("--translated", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    docs = sorted(os.path.relpath(os.path.join(d, f), a.root)
                  for d, _, fs in os.walk(a.root) for f in fs
                  if f.endswith(".md") and not os.path.relpath(d, a.root).startswith(("roles", "groups")))
    people = []
    with open(os.path.join(a.root, "people.yml")) as f:
        for line in f:
            line = line.strip()
            if line.startswith("- id:") or line.startswith("id:"):
                people.append(line.split(":", 1)[1].strip())
    n = len(docs)
    G = a.groups or max(5, n // 20)
    os.makedirs(os.path.join(a.root, "groups"), exist_ok=True)
    ids = ["council"] + [f"g-{i:04d}" for i in range(1, G)]
    for i, gid in enumerate(ids):
        path = os.path.join(a.root, "groups", gid + ".md")
        if os.path.exists(path):
            continue
        w = rnd.choice(WORDS)
        kind = "council" if i == 0 else KINDS[i % len(KINDS)]
        # A tree: each group's parent is an earlier group, so depth grows slowly.
        parent = None if i == 0 else ids[rnd.randrange(0, max(1, i // 3))]
        leads = rnd.sample(people, min(2, len(people))) if people else []
        members = rnd.sample(people, min(6, len(people))) if people else []
        owned = rnd.sample(docs, min(3, n))
        with open(path, "w") as f:
            f.write("---\n")
            f.write(f"name: {w.title()} {kind.replace('-', ' ')} {i}\n")
            f.write(f"kind: {kind}\n")
            f.write(f"summary: Looks after {w} across the community ({i}).\n")
            if parent:
                f.write(f"parent: {parent}\n")
            f.write("leads:\n" + "".join(f"  - {p}\n" for p in leads))
            f.write("members:\n")
            for j, p in enumerate(members):
                if p in leads:
                    continue
                if j % 3 == 0:
                    f.write(f"  - person: {p}\n    since: \"2024-0{1 + j % 9}-01\"\n")
                else:
                    f.write(f"  - {p}\n")
            f.write(f"channels:\n  - name: Chat\n    url: https://chat.example.org/{gid}\n")
            f.write(f"meetings:\n  - title: {w.title()} sync\n    day: Tuesday\n    time: \"16:00\"\n"
                    f"    timezone: UTC\n    frequency: biweekly\n")
            f.write("owns:\n  docs:\n" + "".join(f"    - {d}\n" for d in owned))
            f.write("---\n\n")
            f.write(f"# {w.title()} {i}\n\nThis group looks after {w}. Read "
                    f"[the first doc]({os.path.relpath(owned[0], 'groups')}) and talk to "
                    f"[[group:{parent or 'council'}]].\n\n## How we work\n\nWe meet every other week.\n")
    D = a.decisions if a.decisions is not None else n // 5
    decisions(a.root, rnd, D, ids, docs)
    langs = [c for c in a.languages.split(",") if c]
    translated = translations(a.root, rnd, langs, a.translated, docs)
    print(f"docs={n} groups={G} decisions={D} languages={len(langs)} translated={translated}")


def decisions(root, rnd, count, groups, docs):
    """`count` decision records under decisions/: numbered, dated, decided by a group,
    affecting docs; every tenth supersedes an earlier one."""
    os.makedirs(os.path.join(root, "decisions"), exist_ok=True)
    for i in range(1, count + 1):
        w = rnd.choice(WORDS)
        path = os.path.join(root, "decisions", f"{i:04d}-{w}-{i}.md")
        if os.path.exists(path):
            continue
        year = 2020 + i * 6 // max(1, count)
        day = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        superseded = i % 10 == 0 and 10 < i < count
        with open(path, "w") as f:
            f.write("---\n")
            f.write(f"title: Decide how we handle {w} ({i})\n")
            f.write(f"status: {'superseded' if superseded else 'accepted'}\n")
            f.write(f"decided: {day}\n")
            f.write(f"deciders: [group:{rnd.choice(groups)}]\n")
            f.write("affects: [" + ", ".join(rnd.sample(docs, min(2, len(docs)))) + "]\n")
            if superseded:
                f.write(f"superseded_by: \"{i + 1:04d}\"\n")
            if (i - 1) % 10 == 0 and i - 1 > 10:
                f.write(f"supersedes: \"{i - 1:04d}\"\n")
            f.write("---\n\n")
            f.write(f"# Decide how we handle {w} ({i})\n\n## Context\n\nWe had no rule for {w}. "
                    f"See [[group:{rnd.choice(groups)}]].\n\n## Decision\n\nWe agreed on one.\n")


def translations(root, rnd, langs, share, docs):
    """For each language, copy a `share` of the docs under i18n/<code>/, text
    changed (a marker word per language), front matter kept as is."""
    if not langs:
        return 0
    cfg = os.path.join(root, "handbook.yml")
    with open(cfg) as f:
        text = f.read()
    if "languages:" not in text:
        text = "\n".join(l for l in text.splitlines() if not l.startswith("language:"))
        with open(cfg, "w") as f:
            f.write(text.rstrip("\n") + "\nlanguages: [en, " + ", ".join(langs) + "]\n")
    total = 0
    for code in langs:
        for d in rnd.sample(docs, int(len(docs) * share)):
            out = os.path.join(root, "i18n", code, d)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(os.path.join(root, d)) as f:
                src = f.read()
            body_at = src.find("\n---\n", 4) + 5 if src.startswith("---\n") else 0
            head, body = src[:body_at], src[body_at:]
            # Translate prose only: every line that is not a heading or a fence.
            lines = [l if l.startswith(("#", "```", "|", "-", ":::")) or not l.strip()
                     else f"{l} ({code}-text)" for l in body.splitlines()]
            with open(out, "w") as f:
                f.write(head + "\n".join(lines) + "\n")
            total += 1
    return total


if __name__ == "__main__":
    main()
