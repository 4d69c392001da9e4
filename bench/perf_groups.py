#!/usr/bin/env python3
"""Groups a `perf script` dump (call graphs, leaf frame first) of a waybook build by component.

  perf script -i perf.data --no-inline -F tid,pid,period,ip,sym,dso | perf_groups.py [--top 25]

Each sample goes to the innermost frame of its call chain that names a component (so
malloc/memcpy/page faults count for whoever called them); samples whose chain names no
component fall back to "kernel (no waybook caller)" or "other". Prints Markdown tables:
the components, the main thread's share (serial work) and the top self symbols.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys

# (component, pattern on the symbol), checked in this order for each frame, leaf first
RULES = [
    ("highlighting (syntect + onig regex)", r"syntect::|^onig|onig::|^match_at$|^forward_search|^search_in_range|"
     r"^onigenc_|^bm_search|^slow_search|^backward_search|waybook::highlight::|two_face::"),
    ("markdown parse + markup (pulldown-cmark, waybook::markup)", r"pulldown_cmark|waybook::markup::"),
    ("search index (waybook::search)", r"waybook::search::"),
    ("templates (tera, waybook::site)", r"tera::|waybook::site::"),
    ("handbook.json (waybook::export)", r"waybook::export::|serde_json::"),
    ("writing files (waybook::output)", r"waybook::output::"),
    ("links, lints, nav (resolve/lint/nav)", r"waybook::resolve::|waybook::lint::|waybook::nav::"),
    ("YAML / front matter", r"serde_saphyr|saphyr|waybook::yaml::|toml::"),
    ("reading sources (waybook::source)", r"waybook::source::|walkdir::"),
    ("page assembly (waybook::html, other)", r"waybook::html::"),
    ("other waybook code", r"waybook::"),
]
COMPILED = [(name, re.compile(p)) for name, p in RULES]
HEADER = re.compile(r"^\s*(\S+)\s+(\d+)/(\d+)\s+(\d+)")  # comm pid/tid period  (perf -F order)
FRAME = re.compile(r"^\s+([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$")


def classify(frames: list[tuple[str, str]]) -> tuple[str, str | None]:
    """(component, the innermost waybook:: function on the chain)"""
    inner = next((s for s, _ in frames if s.startswith("waybook::")), None)
    for sym, _dso in frames:
        for name, rx in COMPILED:
            if rx.search(sym):
                return name, inner
    if frames and frames[0][1].startswith("[kernel"):
        return "kernel (no waybook caller)", inner
    return "other (std, libc, rayon without a waybook caller)", inner


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    comp = collections.Counter()
    selfsym = collections.Counter()
    innermost = collections.Counter()
    main_thread = collections.Counter()
    total = 0
    frames: list[tuple[str, str]] = []
    head = None

    def flush():
        nonlocal total
        if head is None:
            return
        pid, tid, period = head
        total += period
        c, inner = classify(frames)
        comp[c] += period
        innermost[inner or "(none)"] += period
        if pid == tid:
            main_thread[c] += period
        if frames:
            selfsym[(frames[0][0], frames[0][1].rsplit("/", 1)[-1])] += period

    for line in sys.stdin:
        if not line.strip():
            flush()
            head, frames = None, []
            continue
        if head is None:
            m = HEADER.match(line)
            if m:
                head = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
            continue
        m = FRAME.match(line)
        if m:
            sym = re.sub(r"\+0x[0-9a-f]+$", "", m.group(2))
            frames.append((sym, m.group(3)))
    flush()
    if not total:
        print("no samples parsed")
        return 1
    mt = sum(main_thread.values())
    print(f"{total} sample-periods; main thread {100 * mt / total:.1f}% of all samples "
          "(the rest are rayon workers)\n")
    print("| component | share of CPU samples | of which on the main thread |")
    print("|---|---:|---:|")
    for name, v in comp.most_common():
        print(f"| {name} | {100 * v / total:.1f}% | {100 * main_thread[name] / total:.1f}% |")
    print(f"\nTop {a.top} innermost waybook functions (self + what they call outside waybook):\n")
    print("| % | function |")
    print("|---:|---|")
    for sym, v in innermost.most_common(a.top):
        print(f"| {100 * v / total:.1f}% | `{sym[:100]}` |")
    print(f"\nTop {a.top} self symbols:\n")
    print("| self % | symbol | object |")
    print("|---:|---|---|")
    for (sym, dso), v in selfsym.most_common(a.top):
        s = sym if len(sym) < 90 else sym[:87] + "..."
        print(f"| {100 * v / total:.1f}% | `{s}` | {dso} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
