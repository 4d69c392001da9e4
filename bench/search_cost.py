#!/usr/bin/env python3
"""What a reader downloads for a first search on a built waybook site.

Replays the browser's search (themes/default/static/waybook.js, format in
themes/default/README.md) over the files of a built site: meta.json, then the
shard of each query token, then the document chunks of the top 20 results,
and reports bytes fetched against the whole index and the site's text.

  python3 bench/search_cost.py SITE_DIR [query ...]
"""
import json
import os
import sys
import time
import unicodedata


def fold(word):
    word = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in word if not unicodedata.category(c).startswith("M"))


def tokens(text):
    out, cur = [], []
    for c in text:
        if c.isalnum():
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return [t for t in (fold(w) for w in out) if len(t) >= 2]


def shard_key(tok):
    return "".join(c if (c.isascii() and (c.islower() or c.isdigit())) else "_" for c in tok[:2])


def search(site, query, fetched):
    def get(rel):
        path = os.path.join(site, "search", rel)
        if rel not in fetched:
            fetched[rel] = os.path.getsize(path)
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    meta = get("meta.json")
    toks = tokens(query)
    scores = None
    for i, t in enumerate(toks):
        key = shard_key(t)
        if key not in meta["shards"]:
            return meta, []
        shard = get(f"t-{key}.json")
        hits = {}
        keys = [k for k in shard if k.startswith(t)] if i == len(toks) - 1 else ([t] if t in shard else [])
        for k in keys:
            post = shard[k]
            for j in range(0, len(post), 2):
                hits[post[j]] = hits.get(post[j], 0) + post[j + 1]
        scores = hits if scores is None else {d: s + hits[d] for d, s in scores.items() if d in hits}
    top = sorted((scores or {}).items(), key=lambda x: (-x[1], x[0]))[:20]
    for doc, _ in top:
        get(f"d-{doc // meta['chunk_size']}.json")
        if meta.get("body_chunk_size"):
            get(f"b-{doc // meta['body_chunk_size']}.json")
    return meta, top


def main():
    site = sys.argv[1]
    queries = sys.argv[2:] or ["vote", "code of conduct", "maintainer", "governance quorum"]
    index_bytes = sum(os.path.getsize(os.path.join(site, "search", f)) for f in os.listdir(os.path.join(site, "search")))
    text_bytes = 0
    for root, _, files in os.walk(site):
        for f in files:
            if f.endswith(".html"):
                text_bytes += os.path.getsize(os.path.join(root, f))
    print(f"site HTML: {text_bytes/1e6:.1f} MB; search index: {index_bytes/1e6:.1f} MB in {len(os.listdir(os.path.join(site, 'search')))} files")
    print("| query | results | files fetched | bytes fetched | share of index | time (Python replay) |")
    print("|---|---:|---:|---:|---:|---:|")
    for q in queries:
        fetched = {}
        t = time.perf_counter()
        _, top = search(site, q, fetched)
        ms = (time.perf_counter() - t) * 1000
        b = sum(fetched.values())
        print(f"| {q} | {len(top)} | {len(fetched)} | {b/1e3:.0f} KB | {100*b/index_bytes:.1f}% | {ms:.0f} ms |")


if __name__ == "__main__":
    main()
