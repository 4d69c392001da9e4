#!/usr/bin/env python3
"""What contributors and dates from git cost (issue 16).

Makes a handbook of N pages inside a git repository with C commits by A
authors (one `git fast-import`, so making it takes seconds), then times
`waybook build` with git (the default: one `git log` pass gives "last
updated" dates and "Changed by" lists) and without it (`last_updated: false`
and `credit: false` in handbook.yml, so git is never run), alternating, R
runs each, and prints the medians and the difference.

    python3 bench/git_history.py [--pages 10000] [--commits 50000]
        [--authors 200] [--runs 5] [--bin target/dist/waybook] [--dir DIR]
        [--corpus HANDBOOK] [--at-root] [--make-only]

With `--corpus`, the handbook is a copy of an existing one (the shared
`gen_corpus.py` + `gen_governance.py` corpus, say) instead of generated
pages: the first commit adds all its files, each later commit appends a
line to 1-3 of its Markdown files, and the authors are the first people of
its `people.yml` by name (so credit matches them), plus a tenth who are in
no people list. Three modes are then timed: the default, `credit: false`
(the `git log` still runs for "last updated" dates) and no git at all.
"""

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# Where the handbook sits in the repository ("" with --at-root).
PREFIX = "hb/"


def page(i, pages):
    j = (i + 1) % pages
    return (
        f"# Page {i}\n\nSome text about topic {i % 97}, with a [link](../s{j // 100}/p{j}.md).\n\n"
        "## Details\n\nMore words so the page is not empty. " * 3
    )


def path(i):
    """Pages in folders of 100, as a large handbook would be (a flat folder
    of 10k files makes git itself slow: every commit rewrites and every diff
    compares one 10k-entry tree)."""
    return f"{PREFIX}docs/s{i // 100}/p{i}.md"


def fast_import_stream(pages, commits, authors, rng):
    """Yield the fast-import commands: one commit adding every page, then
    `commits - 1` commits each changing 1-3 random pages."""
    people = [(f"Author {a} Ñ", f"author{a}@example.org") for a in range(authors)]

    def commit(n, who, files):
        return raw_commit(n, who, [(p, text.encode()) for p, text in files])

    first = [(f"{PREFIX}handbook.yml", "title: Git bench\n")]
    first += [(path(i), page(i, pages)) for i in range(pages)]
    yield commit(0, people[0], first)
    for n in range(1, commits):
        touched = rng.sample(range(pages), rng.randint(1, 3))
        files = [(path(i), page(i, pages) + f"\nEdit {n}.\n") for i in touched]
        yield commit(n, rng.choice(people), files)


def corpus_files(corpus):
    """Every file of the corpus handbook: (path under hb/, bytes), sorted."""
    out = []
    for d, _, names in os.walk(corpus):
        for n in names:
            full = os.path.join(d, n)
            rel = os.path.relpath(full, corpus).replace(os.sep, "/")
            with open(full, "rb") as f:
                out.append((f"{PREFIX}{rel}", f.read()))
    return sorted(out)


def corpus_people(corpus, authors):
    """`authors` identities: people.yml names first (nine in ten), then
    strangers git knows and the handbook does not."""
    names = []
    with open(os.path.join(corpus, "people.yml"), encoding="utf-8") as f:
        for line in f:
            if line.strip().startswith("name:"):
                names.append(line.split(":", 1)[1].strip())
    known = authors - authors // 10
    people = [(n, f"p{i}@example.org") for i, n in enumerate(names[:known])]
    people += [(f"Stranger {i} Ø", f"s{i}@example.org") for i in range(authors - len(people))]
    return people


def corpus_stream(corpus, commits, authors, rng):
    """Fast-import commands for `--corpus`: the corpus as the first commit,
    then commits appending a line to 1-3 of its Markdown files."""
    files = corpus_files(corpus)
    people = corpus_people(corpus, authors)
    docs = [(p, b) for p, b in files if p.endswith(".md")]
    yield raw_commit(0, people[0], files)
    for n in range(1, commits):
        touched = rng.sample(range(len(docs)), rng.randint(1, 3))
        changed = [(docs[i][0], docs[i][1] + f"\nEdit {n}.\n".encode()) for i in touched]
        yield raw_commit(n, rng.choice(people), changed)


def raw_commit(n, who, files):
    name, email = who
    when = 1_700_000_000 + n * 60
    msg = f"change {n}\n".encode()
    out = [
        b"commit refs/heads/main\n",
        f"author {name} <{email}> {when} +0000\n".encode(),
        f"committer {name} <{email}> {when} +0000\n".encode(),
        f"data {len(msg)}\n".encode(),
        msg,
    ]
    for path, data in files:
        out.append(f"M 100644 inline {path}\n".encode())
        out.append(f"data {len(data)}\n".encode())
        out.append(data)
        out.append(b"\n")
    return b"".join(out)


def make_repo(root, pages, commits, authors, corpus=None):
    rng = random.Random(16)
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    p = subprocess.Popen(["git", "-C", root, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    stream = (corpus_stream(corpus, commits, authors, rng) if corpus
              else fast_import_stream(pages, commits, authors, rng))
    for chunk in stream:
        p.stdin.write(chunk)
    p.stdin.close()
    if p.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", root, "checkout", "-q", "-f", "main"], check=True)


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def build(binary, hb, out):
    """Wall and CPU seconds (waybook and its git child) of one build."""
    t, c = time.perf_counter(), cpu()
    r = subprocess.run([binary, "build", hb, "-o", out, "--timings"], capture_output=True, text=True)
    took = (time.perf_counter() - t, cpu() - c)
    if r.returncode != 0:
        sys.exit(f"build failed:\n{r.stderr}")
    return took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=50000)
    ap.add_argument("--authors", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default="target/dist/waybook")
    ap.add_argument("--dir", help="where to make the repository (default: a temp dir, removed)")
    ap.add_argument("--out", help="output folder of the builds (default: one in the temp dir)")
    ap.add_argument("--corpus", help="a handbook folder to commit instead of generated pages")
    ap.add_argument("--make-only", action="store_true",
                    help="make the repository in --dir and stop (bench/run.sh's wave corpus)")
    ap.add_argument("--at-root", action="store_true",
                    help="the handbook at the repository's root (default: in its hb/ folder)")
    a = ap.parse_args()
    global PREFIX
    PREFIX = "" if a.at_root else "hb/"
    binary = os.path.abspath(a.bin)
    root = a.dir or tempfile.mkdtemp(prefix="waybook-git-bench-")
    try:
        t = time.perf_counter()
        if os.path.isdir(os.path.join(root, ".git")):
            print(f"reusing the repository in {root}")
        else:
            make_repo(root, a.pages, a.commits, a.authors, a.corpus and os.path.abspath(a.corpus))
            print(f"made {a.corpus or a.pages} pages, {a.commits} commits, {a.authors} authors in {time.perf_counter() - t:.1f} s")
        if a.make_only:
            return
        hb = root if a.at_root else os.path.join(root, "hb")
        cfg = os.path.join(hb, "handbook.yml")
        out = a.out or os.path.join(tempfile.gettempdir(), f"waybook-git-bench-out-{os.getpid()}")
        t, c = time.perf_counter(), cpu()
        log = subprocess.run(
            ["git", "-C", hb, "-c", "core.quotepath=off", "log", "-z", "--use-mailmap",
             "--format=%x1e%H%x1f%cI%x1f%aN%x1f%aE%x1f%s",
             "--name-only", "--no-renames", "--no-merges", "--relative"]
            # as waybook runs it: a handbook in a folder keeps the pathspec
            + ([] if a.at_root else ["--", "."]),
            capture_output=True, check=True,
        )
        print(f"the git log alone: {time.perf_counter() - t:.2f} s wall, {cpu() - c:.2f} s CPU, {len(log.stdout) >> 20} MiB")
        base = "title: Git bench\n"
        if a.corpus:
            with open(os.path.join(a.corpus, "handbook.yml"), encoding="utf-8") as f:
                base = f.read()
        modes = {"with git": "", "without git": "last_updated: false\ncredit: false\n"}
        if a.corpus:
            modes = {"with git": "", "credit: false": "credit: false\n", **modes}
        times = {m: [] for m in modes}
        for _ in range(a.runs):
            for mode, extra in modes.items():
                with open(cfg, "w", encoding="utf-8") as f:
                    f.write(base + extra)
                times[mode].append(build(binary, hb, out))
        shutil.rmtree(out, ignore_errors=True)
        wall = {m: statistics.median(w for w, _ in v) for m, v in times.items()}
        cpus = {m: statistics.median(c for _, c in v) for m, v in times.items()}
        for m, v in times.items():
            runs = " ".join(f"{w:.2f}/{c:.2f}" for w, c in v)
            print(f"{m:13} median wall {wall[m]:.2f} s, CPU {cpus[m]:.2f} s  (runs wall/CPU: {runs})")
        for m in times:
            if m != "with git":
                print(f"with git vs {m}: {wall['with git'] - wall[m]:+.2f} s wall, "
                      f"{cpus['with git'] - cpus[m]:+.2f} s CPU")
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        if not a.dir:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
