#!/usr/bin/env python3
"""Adds this wave's kinds to a benchmark handbook made by ../shared/bench/gen_corpus.py
(layout 'handbook') and gen_governance.py: groups (a council, committees under it,
working groups and teams under those), each with leads and members from people.yml
(ids person-NNNNN), channels, a meeting, owned docs and a charter that links docs and
other groups. Deterministic for a given seed; touches no existing file.

  python3 bench/gen_wave.py CORPUS/handbook [--groups G]

Default: groups = docs / 20 (500 for the 10,000-page corpus).
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
    print(f"docs={n} groups={G}")


if __name__ == "__main__":
    main()
