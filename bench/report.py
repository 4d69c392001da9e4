#!/usr/bin/env python3
"""Prints the Markdown tables of BENCHMARKS.md from a results folder written by bench/run.sh.

  python3 bench/report.py /dev/shm/waybook-bench/results

Peer figures (Zola, Hugo, mdBook) are copied from /work/shared/bench/BASELINES.md and are
always labelled as such: they come from another run, not this one.
"""
from __future__ import annotations

import glob
import json
import os
import re
import statistics
import sys

# From BASELINES.md (not this run): Zola 0.22.1, bare templates, no search index.
ZOLA = {"tmpfs": {"1k": 0.762, "10k": 6.711}, "disk": {"1k": 1.307, "10k": 11.773},
        "rss": {"1k": 164, "10k": 503}, "du_mb": {"1k": 19, "10k": 185},
        "files": {"1k": 1004, "10k": 10004}}
PEER_LIVE_1K = "Hugo 0.50 s, Zola 1.99 s, mdBook 5.96 s"
TARGETS = {"speedup_vs_zola": 4.0, "floor_ratio": 3.0, "serve_rebuild_ms_10k": 50.0,
           "reload_p50_ms_1k": 100.0, "size_vs_zola": 1.5}


def load(res: str):
    hf, tv, size = {}, {}, {}
    for p in glob.glob(os.path.join(res, "hf-*.json")):
        r = json.load(open(p))["results"][0]
        hf[os.path.basename(p)[3:-5]] = r
    for p in glob.glob(os.path.join(res, "time-*.txt")):
        d = {}
        for line in open(p):
            k, _, v = line.strip().partition(": ")
            d[k] = v
        wall = d.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "0:0")
        parts = [float(x) for x in wall.split(":")]
        secs = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
        tv[os.path.basename(p)[5:-4]] = {"rss": int(d.get("Maximum resident set size (kbytes)", 0)) / 1024,
                                         "wall": secs, "exit": d.get("Exit status", "?"),
                                         "user": float(d.get("User time (seconds)", 0)),
                                         "sys": float(d.get("System time (seconds)", 0))}
    for p in glob.glob(os.path.join(res, "size-*.txt")):
        size[os.path.basename(p)[5:-4]] = dict(l.strip().split("=", 1) for l in open(p) if "=" in l)
    return hf, tv, size


def f(x, nd=3):
    return "" if x is None else f"{x:.{nd}f}"


def main() -> int:
    res = sys.argv[1] if len(sys.argv) > 1 else "/dev/shm/waybook-bench/results"
    hf, tv, size = load(res)
    out = []
    p = out.append

    p("### Machine during the runs\n")
    for m in sorted(glob.glob(os.path.join(res, "machine-*.txt"))):
        lines = [l.strip() for l in open(m)]
        loads = [l.split("=", 1)[1] for l in lines if l.startswith("loadavg=")]
        dates = [l.split("=", 1)[1] for l in lines if l.startswith("date=")]
        info = {l.split("=", 1)[0]: l.split("=", 1)[1] for l in lines if "=" in l}
        p(f"* `{os.path.basename(m)[8:-4]}`: {dates[0] if dates else ''} to {dates[-1] if dates else ''}, "
          f"nproc {info.get('nproc')}, load average (1/5/15 min) at start {loads[0] if loads else ''}, "
          f"at end {loads[-1] if loads else ''}")
    if os.path.exists(os.path.join(res, "waybook-version.txt")):
        p("* " + "; ".join(l.strip() for l in open(os.path.join(res, "waybook-version.txt")) if l.strip()))
    p("")

    def row(id_, what):
        h, t, s = hf.get(id_), tv.get(id_), size.get(id_, {})
        if not h and not t:
            return None
        times = h["times"] if h else [t["wall"]]
        med = statistics.median(times)
        user = h["user"] if h else t["user"]
        sys_ = h["system"] if h else t["sys"]
        n = len(times)
        rss = t["rss"] if t else None
        return (f"| {what} | {f(med)} | {f(min(times))} | {f(max(times))} | {n} | "
                f"{f(user, 2)} / {f(sys_, 2)} | {f(rss, 0)} | {s.get('du_sh', '')} | "
                f"{s.get('files', '')} |"), med, rss

    p("### Full builds, no-op rebuilds, check\n")
    p("| what | median s | min s | max s | n | user / sys s (mean) | peak RSS MiB | output (du -sh) | files |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    meds = {}
    for id_, what in [("build-1k", "full build 1k, tmpfs"), ("build-10k", "full build 10k, tmpfs"),
                      ("disk-1k", "full build 1k, output on disk (ext4)"),
                      ("disk-10k", "full build 10k, output on disk (ext4)"),
                      ("noop-1k", "no-op rebuild 1k (tmpfs, same output folder)"),
                      ("noop-10k", "no-op rebuild 10k (tmpfs, same output folder)"),
                      ("check-1k", "`check` only 1k"), ("check-10k", "`check` only 10k"),
                      ("gov-1k", "full build 1k + governance data (tmpfs)"),
                      ("gov-10k", "full build 10k + governance data (tmpfs)"),
                      ("floor-1k", "floor: md_floor render 1k, tmpfs"),
                      ("floor-10k", "floor: md_floor render 10k, tmpfs"),
                      ("disk-floor-1k", "floor: md_floor render 1k, disk"),
                      ("disk-floor-10k", "floor: md_floor render 10k, disk")]:
        r = row(id_, what)
        if r:
            p(r[0])
            meds[id_] = (r[1], r[2])
    p("")

    p("### Paired with the md_floor floor (alternated, whole process)\n")
    floor = {}
    for l in ("1k", "10k"):
        path = os.path.join(res, f"paired-floor-{l}.json")
        if os.path.exists(path):
            d = json.load(open(path))["summary"]
            floor[l] = d["A/B wall"]["median"]
            p(f"* {l}: waybook / md_floor wall ratio median **{d['A/B wall']['median']:.1f}x** "
              f"(min {d['A/B wall']['min']:.1f}, max {d['A/B wall']['max']:.1f}), CPU ratio "
              f"{d['A/B cpu']['median']:.1f}x; waybook {d['A wall s']['median']:.3f} s vs md_floor "
              f"{d['B wall s']['median']:.3f} s")
    peers = [l.strip() for l in open(os.path.join(res, "peers.txt"))] if os.path.exists(
        os.path.join(res, "peers.txt")) else []
    for path in sorted(glob.glob(os.path.join(res, "paired-*.json"))):
        if "floor" in path:
            continue
        d = json.load(open(path))
        s = d["summary"]
        p(f"* waybook vs {d['b']['name']} ({os.path.basename(path)[7:-5]}): wall ratio median "
          f"{s['A/B wall']['median']:.2f}, CPU {s['A/B cpu']['median']:.2f}")
    if peers:
        p("* peers this run: " + "; ".join(sorted(set(peers))))
    p("")

    p("### Output size (disk, ext4) vs Zola's bare-template output (from BASELINES.md, not the same run)\n")
    p("| N | waybook du -sh | files | pages (.html) | html under content/ | search/ | handbook.json | Zola (BASELINES.md) | ratio |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    size_ratio = {}
    for l in ("1k", "10k"):
        s = size.get(f"disk-{l}") or size.get(f"build-{l}")
        if not s:
            continue
        mb = lambda k: f"{int(s[k]) / 1e6:.1f} MB" if k in s else ""
        ratio = int(s["du_k"]) / 1024 / ZOLA["du_mb"][l]
        size_ratio[l] = ratio
        p(f"| {l} | {s['du_sh']} | {s['files']} | {s['html_files']} | {mb('part_content')} | "
          f"{mb('part_search')} | {mb('part_handbook.json')} | {ZOLA['du_mb'][l]}M, {ZOLA['files'][l]} files | "
          f"{ratio:.2f}x |")
    p("")

    p("### Scaling (full build, tmpfs)\n")
    p("| N | median wall s | n | wall ms per page | CPU s (user+sys, one run) | CPU ms per page | CPU % of wall | peak RSS MiB | KiB RSS per page | output |")
    p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for l in ("1k", "5k", "10k", "20k"):
        t = tv.get(f"scale-{l}")
        if not t:
            continue
        h = hf.get(f"scale-{l}")
        times = h["times"] if h else [t["wall"]]
        n = int(l[:-1]) * 1000
        med = statistics.median(times)
        cpu = t["user"] + t["sys"]
        p(f"| {n:,} | {f(med, 2)} | {len(times)} | {med / n * 1e3:.2f} | {cpu:.1f} | {cpu / n * 1e3:.2f} | "
          f"{100 * cpu / t['wall']:.0f}% | {t['rss']:.0f} | "
          f"{t['rss'] * 1024 / n:.0f} | {size.get(f'scale-{l}', {}).get('du_sh', '')} |")
    p("")

    live = {}
    lp = os.path.join(res, "live.jsonl")
    if os.path.exists(lp):
        for line in open(lp):
            d = json.loads(line)
            live[(d["tool"], d["label"], d.get("settle_s", 1.0))] = d
    if live:
        p("### Live reload (`waybook serve`, one-doc body edit)\n")
        p("| server | N | s between saves | trials | save → reload event p50 / p90 ms | save → new content served p50 / p90 ms | "
          "`rebuilt … in N ms` p50 / p90 | in-place / rename served p50 ms | rebuild kind | startup s |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
        for (tool, l, st), d in sorted(live.items(), key=lambda kv: (kv[0][0], int(kv[0][1][:-1] or 0), kv[0][2])):
            e, s, r = d["event"], d["served"], d["rebuilt_ms"]
            p(f"| {tool} | {l} | {st:g} | {len(d['trials'])} | {e['p50']} / {e['p90']} | {s['p50']} / {s['p90']} | "
              f"{r['p50']} / {r['p90']} | {d['served_inplace']['p50']} / {d['served_rename']['p50']} | "
              f"{', '.join(d['how'])} | {d.get('startup_s')} |")
            if d.get("error"):
                p(f"|  | | | error: {d['error']} | | | | | | |")
        p(f"\nPeers, from BASELINES.md, not the same run (1k, poll 5 ms, median of 5): {PEER_LIVE_1K}.\n")

    p("### Targets\n")
    p("| target | measured | met? |")
    p("|---|---|---|")
    for l in ("1k", "10k"):
        for kind, id_ in (("tmpfs", f"build-{l}"), ("disk", f"disk-{l}")):
            if id_ in meds:
                sp = ZOLA[kind][l] / meds[id_][0]
                p(f"| full build ≥4x faster than Zola ({l}, {kind}) | waybook {meds[id_][0]:.2f} s vs Zola "
                  f"{ZOLA[kind][l]:.2f} s (BASELINES.md): {sp:.2f}x | {'yes' if sp >= 4 else 'no'} |")
    for l, r in floor.items():
        p(f"| within 3x of md_floor ({l}, tmpfs, paired) | {r:.1f}x | {'yes' if r <= 3 else 'no'} |")
    for l in ("1k", "10k"):
        if f"build-{l}" in meds and meds[f"build-{l}"][1]:
            rss = meds[f"build-{l}"][1]
            p(f"| peak memory below Zola's ({l}) | {rss:.0f} MiB vs {ZOLA['rss'][l]} MiB | "
              f"{'yes' if rss < ZOLA['rss'][l] else 'no'} |")
    for (tool, l, st), d in sorted(live.items()):
        if tool != "waybook" or l != "10k":
            continue
        r = d["rebuilt_ms"]
        ok = r["p50"] is not None and r["p50"] < 50
        p(f"| one-page rebuild in serve < 50 ms at 10k (saves {st:g} s apart) | `rebuilt` p50 {r['p50']} ms, "
          f"p90 {r['p90']} ms (save → served p50 {d['served']['p50']} ms, p90 {d['served']['p90']}) | "
          f"{'yes' if ok else 'no'} |")
    for (tool, l, st), d in sorted(live.items()):
        if tool != "waybook" or l != "1k":
            continue
        e = d["event"]
        p(f"| save → reload p50 < 100 ms at 1k (saves {st:g} s apart) | event p50 {e['p50']} ms (p90 {e['p90']}) | "
          f"{'yes' if e['p50'] is not None and e['p50'] < 100 else 'no'} |")
    for l, r in size_ratio.items():
        p(f"| output within 1.5x of Zola's ({l}) | {r:.2f}x | {'yes' if r <= 1.5 else 'no'} |")
    p("")
    for l in ("10k", "1k"):
        g = os.path.join(res, f"perf-groups-{l}.md")
        if os.path.exists(g):
            p(f"### perf: full build {l}, grouped\n")
            p(open(g).read())
            break
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
