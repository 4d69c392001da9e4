#!/usr/bin/env python3
"""Every ratio of issue 18 from one interleaved run: waybook, Zola, Zola with its search
index and md_floor build the same corpus in turn (W Z Zs F, W Z Zs F, ...), so load on
the machine hits all of them alike. Prints one Markdown table per size and, with --json,
keeps every run.

  ratios.py --label 10k --runs 3 --waybook 'waybook build HB -o O1' --prep-waybook 'rm -rf O1' \
      [--zola 'zola --root Z build --output-dir O2 --force'] \
      [--zola-search 'zola --root ZS build --output-dir O3 --force'] \
      [--floor 'md_floor render HB/content O4' --prep-floor 'rm -rf O4'] [--json OUT]

A tool left out (not on PATH) is left out of the table. Wall time and peak RSS come from
the child's rusage (os.wait4), as in paired.py; the ratios are of medians.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

TOOLS = ["waybook", "zola", "zola-search", "floor"]
NAMES = {"waybook": "waybook", "zola": "Zola", "zola-search": "Zola with search index",
         "floor": "md_floor"}


def run_once(cmd: str, prep: str | None) -> dict:
    if prep:
        subprocess.run(["sh", "-c", prep], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.perf_counter()
    p = subprocess.Popen(["sh", "-c", "exec " + cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    return {"wall": time.perf_counter() - t0, "cpu": ru.ru_utime + ru.ru_stime,
            "rss_mib": ru.ru_maxrss / 1024.0, "exit": os.waitstatus_to_exitcode(status)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json")
    for t in TOOLS:
        ap.add_argument(f"--{t}", dest=t.replace("-", "_"))
        ap.add_argument(f"--prep-{t}", dest="prep_" + t.replace("-", "_"))
    a = ap.parse_args(argv)
    cmds = {t: (getattr(a, t.replace("-", "_")), getattr(a, "prep_" + t.replace("-", "_")))
            for t in TOOLS if getattr(a, t.replace("-", "_"))}
    if "waybook" not in cmds:
        sys.exit("--waybook is required")
    runs = {t: [] for t in cmds}
    for r in range(a.runs):
        for t, (cmd, prep) in cmds.items():
            x = run_once(cmd, prep)
            runs[t].append(x)
            print(f"  {a.label} round {r + 1} {t}: {x['wall']:.2f} s, {x['rss_mib']:.0f} MiB, "
                  f"exit {x['exit']}", file=sys.stderr)
    med = {t: {k: statistics.median(x[k] for x in v) for k in ("wall", "cpu", "rss_mib")}
           for t, v in runs.items()}
    exits = {t: sorted({x["exit"] for x in v}) for t, v in runs.items()}
    w = med["waybook"]
    print(f"\n{a.label}, medians of {a.runs} interleaved rounds\n")
    print("| tool | wall | CPU | peak RSS | exit | waybook / it (wall) | waybook / it (RSS) |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for t in cmds:
        m = med[t]
        ratio = "" if t == "waybook" else f"{w['wall'] / m['wall']:.2f}"
        mem = "" if t == "waybook" else f"{w['rss_mib'] / m['rss_mib']:.2f}"
        print(f"| {NAMES[t]} | {m['wall']:.2f} s | {m['cpu']:.2f} s | {m['rss_mib']:.0f} MiB | "
              f"{','.join(map(str, exits[t]))} | {ratio} | {mem} |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"label": a.label, "runs": runs, "median": med,
                       "cmds": {t: c for t, (c, _) in cmds.items()}}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
