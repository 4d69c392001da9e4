#!/usr/bin/env python3
"""Paired A/B timing: runs A and B alternately (A B A B ...), after one untimed warm-up of
each, and reports whole-process wall, user, sys and peak RSS per run plus the A/B ratios
taken pair by pair (min / median / max).

  paired.py --runs 5 --name-a waybook --a 'waybook build C -o O1' --prep-a 'rm -rf O1' \
            --name-b md_floor --b 'md_floor render C/content O2' --prep-b 'rm -rf O2' \
            [--json OUT.json]

Each command runs as `sh -c CMD`; the rusage of that child (os.wait4) gives user, sys and
ru_maxrss (the largest of the process and the descendants it waited for). Prepare commands
are run before every run, untimed. A non-zero exit status is recorded, not fatal.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd: str, prep: str | None) -> dict:
    if prep:
        subprocess.run(["sh", "-c", prep], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.perf_counter()
    p = subprocess.Popen(["sh", "-c", "exec " + cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "user": ru.ru_utime, "sys": ru.ru_stime,
            "rss_mib": ru.ru_maxrss / 1024.0, "exit": p.returncode}


def mmm(xs: list[float]) -> tuple[float, float, float]:
    return min(xs), statistics.median(xs), max(xs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="timed pairs")
    ap.add_argument("--warmup", type=int, default=1)
    for s in ("a", "b"):
        ap.add_argument(f"--{s}", required=True, help=f"command {s.upper()}")
        ap.add_argument(f"--name-{s}", default=s.upper())
        ap.add_argument(f"--prep-{s}", default=None)
    ap.add_argument("--json", default=None, help="write the raw runs and summary here")
    a = ap.parse_args(argv)

    for _ in range(a.warmup):
        run_once(a.a, a.prep_a)
        run_once(a.b, a.prep_b)
    runs_a, runs_b = [], []
    for i in range(a.runs):
        runs_a.append(run_once(a.a, a.prep_a))
        runs_b.append(run_once(a.b, a.prep_b))
        print(f"  pair {i + 1}/{a.runs}: {a.name_a} {runs_a[-1]['wall']:.3f} s, "
              f"{a.name_b} {runs_b[-1]['wall']:.3f} s", file=sys.stderr)

    rows = []
    for key, label in (("wall", "wall s"), ("user", "user s"), ("sys", "sys s"),
                       ("rss_mib", "peak MiB")):
        rows.append((f"A {label}", mmm([r[key] for r in runs_a])))
        rows.append((f"B {label}", mmm([r[key] for r in runs_b])))
    cpu = lambda r: r["user"] + r["sys"]
    rows.append(("A/B cpu", mmm([cpu(x) / cpu(y) for x, y in zip(runs_a, runs_b) if cpu(y) > 0])))
    rows.append(("A/B wall", mmm([x["wall"] / y["wall"] for x, y in zip(runs_a, runs_b)])))

    print(f"A = {a.name_a}: {a.a}")
    print(f"B = {a.name_b}: {a.b}")
    print(f"{'':16}{'min':>12}{'median':>12}{'max':>12}   n: {a.runs} pairs, alternated")
    for label, (lo, med, hi) in rows:
        print(f"{label:16}{lo:12.3f}{med:12.3f}{hi:12.3f}")
    bad = [r["exit"] for r in runs_a + runs_b if r["exit"] != 0]
    if bad:
        print(f"note: non-zero exit statuses {sorted(set(bad))}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"a": {"name": a.name_a, "cmd": a.a, "runs": runs_a},
                       "b": {"name": a.name_b, "cmd": a.b, "runs": runs_b},
                       "summary": {label: {"min": lo, "median": med, "max": hi}
                                   for label, (lo, med, hi) in rows}}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
