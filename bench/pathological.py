#!/usr/bin/env python3
"""Pathological handbook shapes: each must cost linear or n log n time and memory.

usage: bench/pathological.py WAYBOOK_BINARY [WORKDIR] [--scale K]

Generates one handbook per shape under WORKDIR (default /dev/shm/waybook-patho),
runs `waybook check --format human` and `waybook build` on each under GNU time,
and prints one Markdown table row per shape and command: wall seconds, peak RSS,
exit code. Each shape is generated at two sizes (N and 2N) so the table shows
whether doubling the input doubles the cost (linear) or quadruples it.

Shapes (the sizes at --scale 1):
  broken-links    one doc with N broken links (N = 8,000)
  refs            one doc with N `{ref}` roles to one label (N = 50,000)
  broken-anchors  one doc with N/10 headings and N links to missing anchors (N = 20,000)
  include-fan     10 files, each including the next 10 times (capped, reported)
  reports-chain   N roles in one `reports_to` chain (N = 4,000)
  flat-folders    N docs in N/100 folders without index pages (N = 3,000)
  big-doc         one doc of N MB of paragraphs and headings (N = 50)
"""
import os
import shutil
import subprocess
import sys
import time


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def broken_links(root, n):
    body = "".join(f"- [link {i}](missing-{i}.md)\n" for i in range(n))
    write(root, "docs/links.md", "# Links\n\n" + body)


def refs(root, n):
    body = "(target)=\n## Target\n\n" + "".join(f"See {{ref}}`target` {i}.\n" for i in range(n))
    write(root, "docs/refs.md", "# Refs\n\n" + body)


def include_fan(root, n):
    files = max(2, n)
    for i in range(files):
        inc = "" if i == files - 1 else "".join(
            f"```{{include}} part-{i + 1}.md\n```\n\n" for _ in range(10))
        write(root, f"docs/part-{i}.md", f"# Part {i}\n\nSome text for part {i}.\n\n{inc}")


def reports_chain(root, n):
    for i in range(n):
        up = f"reports_to: r{i + 1}\n" if i + 1 < n else ""
        write(root, f"roles/r{i}.md",
              f"---\ntitle: Role {i}\nsummary: Role number {i}.\n{up}---\nBody.\n")


def flat_folders(root, n):
    for i in range(n):
        write(root, f"docs/f{i // 100}/d{i}.md", f"# Doc {i}\n\nText of doc {i}.\n")


def broken_anchors(root, n):
    heads = "".join(f"## Heading {i}\n\nText {i}.\n\n" for i in range(n // 10))
    links = "".join(f"- [gone {i}](#no-such-{i % 100})\n" for i in range(n))
    write(root, "docs/anchors.md", "# Anchors\n\n" + heads + links)


def big_doc(root, mb):
    para = ("Governance text with *emphasis*, `code` and a [link](#heading-1). " * 8).strip() + "\n\n"
    chunks, size, h = [], 0, 0
    while size < mb * 1_000_000:
        if len(chunks) % 20 == 0:
            h += 1
            chunks.append(f"## Heading {h}\n\n")
        chunks.append(para)
        size += len(para)
    write(root, "docs/big.md", "# Big\n\n" + "".join(chunks))


SHAPES = [
    ("broken-links", broken_links, 8000),
    ("refs", refs, 50000),
    ("broken-anchors", broken_anchors, 20000),
    ("include-fan", include_fan, 10),
    ("reports-chain", reports_chain, 4000),
    ("flat-folders", flat_folders, 3000),
    ("big-doc", big_doc, 50),
]


def timed(cmd):
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    rss_kib = int(p.stderr.strip().splitlines()[-1]) if p.stderr.strip() else 0
    return wall, rss_kib / 1024, p.returncode


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    binary = os.path.abspath(args[0])
    work = args[1] if len(args) > 1 else "/dev/shm/waybook-patho"
    scale = 1.0
    if "--scale" in sys.argv:
        scale = float(sys.argv[sys.argv.index("--scale") + 1])
    print("| shape | size | command | wall s | peak MiB | exit |")
    print("|---|---:|---|---:|---:|---:|")
    for name, gen, n in SHAPES:
        for mult in (1, 2):
            size = max(1, int(n * scale * mult))
            root = os.path.join(work, f"{name}-{size}")
            shutil.rmtree(root, ignore_errors=True)
            gen(root, size)
            for cmd in (["check", root, "--format", "human"],
                        ["build", root, "-o", os.path.join(work, "out")]):
                wall, mib, code = timed([binary, *cmd])
                print(f"| {name} | {size} | {cmd[0]} | {wall:.2f} | {mib:.0f} | {code} |",
                      flush=True)
            shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(os.path.join(work, "out"), ignore_errors=True)


if __name__ == "__main__":
    main()
