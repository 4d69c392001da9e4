#!/usr/bin/env python3
"""Live-reload latency of `waybook serve` (and, when asked, of zola/hugo/mdbook dev servers),
measured from outside the server.

For one server on a scratch copy of a corpus it:
  1. starts the server (own session; stdout+stderr captured line by line with timestamps),
     waits until the edited page is served;
  2. waybook only: subscribes to GET /__waybook/events (server-sent events, `event: version`);
  3. per trial: rewrites one deep doc as original + one uniquely marked line, alternating an
     in-place write (open/truncate/write/close) and write-temp-then-rename (a dot-file in the
     same folder, then os.replace); t0 = just after close()/replace() returns; then measures
       (a) save -> first `version` event newer than the one before the save,
       (b) save -> first response of the page URL containing the marker
           (polled over a keep-alive connection every --poll-ms, default 2 ms),
     and collects the `rebuilt (...) in N ms, ...` lines the server printed during the trial;
  4. restores the file, lets the server rebuild it, stops the server (SIGTERM to the PID it
     started, SIGKILL after 10 s).

Prints one JSON object (and appends it to --out if given).

  live.py --site /dev/shm/live-1k/handbook --label 1k [--waybook PATH] [--trials 10]
  live.py --tool zola --site /dev/shm/live-1k/zola --label 1k
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

REBUILT = re.compile(r"rebuilt \((?P<what>.*)\) in (?P<ms>\d+) ms, (?P<how>[^:]*): (?P<status>.*)")


def pick_page(content_root: str) -> str:
    """The first regular (non-landing) page at least three levels deep, in sorted order."""
    found = []
    for d, dirs, files in os.walk(content_root):
        dirs.sort()
        for f in files:
            if not f.endswith(".md") or f in ("index.md", "_index.md", "README.md", "SUMMARY.md"):
                continue
            rel = os.path.relpath(os.path.join(d, f), content_root)
            if rel.count(os.sep) >= 2:
                found.append(rel)
    if not found:
        raise SystemExit(f"no page three levels deep under {content_root}")
    return sorted(found)[0]


def layout(tool: str, site: str, port: int, page_rel: str) -> tuple[str, str, list[str]]:
    """(source file, URL path, server command) for a tool and a page relative to its content root."""
    stem = page_rel[:-3]
    if tool == "waybook":
        return (os.path.join(site, "content", page_rel), f"/content/{stem}.html",
                ["serve", site, "--port", str(port)])
    if tool == "mdbook":
        return (os.path.join(site, "src", page_rel), f"/{stem}.html",
                ["mdbook", "serve", site, "-n", "127.0.0.1", "-p", str(port)])
    if tool == "zola":
        return (os.path.join(site, "content", page_rel), f"/{stem}/",
                ["zola", "--root", site, "serve", "--interface", "127.0.0.1", "--port", str(port)])
    if tool == "hugo":
        return (os.path.join(site, "content", page_rel), f"/{stem}/",
                ["hugo", "server", "--source", site, "--bind", "127.0.0.1", "--port", str(port)])
    raise SystemExit(f"unknown tool {tool}")


class Server:
    """The server process and a thread that timestamps every line it prints."""

    def __init__(self, cmd: list[str], log_path: str):
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1)
        self.log.write(f"# {' '.join(cmd)}\n")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            t = time.monotonic()
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.lock:
                self.lines.append((t, line))
            self.log.write(line + "\n")

    def since(self, t0: float) -> list[tuple[float, str]]:
        with self.lock:
            return [(t, l) for t, l in self.lines if t >= t0]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Events:
    """A server-sent-events subscriber on its own socket (handles chunked encoding)."""

    def __init__(self, port: int, path: str):
        self.versions: list[tuple[float, int]] = []
        self.cond = threading.Condition()
        self.error: str | None = None
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=None)
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").encode())
        self.f = self.sock.makefile("rb")
        threading.Thread(target=self._run, daemon=True).start()

    def _body_lines(self):
        status = self.f.readline()
        if b" 200" not in status:
            raise RuntimeError(f"events: {status!r}")
        chunked = False
        while True:
            h = self.f.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            if h.lower().startswith(b"transfer-encoding:") and b"chunked" in h.lower():
                chunked = True
        buf = b""
        while True:
            if chunked:
                size_line = self.f.readline()
                if not size_line:
                    return
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    return
                data = self.f.read(size)
                self.f.readline()
            else:
                data = self.f.read1(65536)
                if not data:
                    return
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                yield time.monotonic(), line.rstrip(b"\r").decode("utf-8", "replace")

    def _run(self):
        event = None
        try:
            for t, line in self._body_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "version":
                    with self.cond:
                        self.versions.append((t, int(line[5:].strip())))
                        self.cond.notify_all()
                elif line == "":
                    event = None
        except (OSError, ValueError, RuntimeError) as e:
            self.error = str(e)

    def latest(self) -> int:
        with self.cond:
            return self.versions[-1][1] if self.versions else -1

    def first_after(self, version: int) -> float | None:
        with self.cond:
            for t, v in self.versions:
                if v > version:
                    return t
        return None

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class Poller:
    """GETs one URL over a keep-alive connection, reconnecting when needed."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str) -> str | None:
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                self.conn.request("GET", path, headers={"Cache-Control": "no-cache"})
                r = self.conn.getresponse()
                body = r.read()
                if r.status != 200:
                    return None
                return body.decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        return None


def pct(xs: list[float], p: float) -> float | None:
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(xs: list[float | None]) -> dict:
    ok = [x for x in xs if x is not None]
    r = lambda v: None if v is None else round(v, 1)
    return {"n": len(ok), "missed": len(xs) - len(ok), "p50": r(pct(ok, 0.5)),
            "p90": r(pct(ok, 0.9)), "min": r(min(ok) if ok else None),
            "max": r(max(ok) if ok else None)}


def save(path: str, data: bytes, mode: str):
    if mode == "inplace":
        with open(path, "wb") as f:
            f.write(data)
    else:
        d, name = os.path.split(path)
        tmp = os.path.join(d, f".{name}.waybench-tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", default="waybook", choices=("waybook", "zola", "hugo", "mdbook"))
    ap.add_argument("--waybook", default="waybook", help="waybook binary")
    ap.add_argument("--site", required=True, help="scratch copy of the site (modified, restored)")
    ap.add_argument("--label", default="")
    ap.add_argument("--page", default=None, help="page relative to the content root (default: "
                    "the first page three levels deep)")
    ap.add_argument("--port", type=int, default=0, help="default 3400 + a per-tool offset")
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--settle", type=float, default=1.0, help="seconds between trials")
    ap.add_argument("--poll-ms", type=float, default=2.0)
    ap.add_argument("--timeout", type=float, default=60.0, help="per-trial bound, seconds")
    ap.add_argument("--startup-timeout", type=float, default=900.0)
    ap.add_argument("--log", default=os.devnull, help="server output goes here")
    ap.add_argument("--out", default=None, help="append the JSON result to this file")
    a = ap.parse_args(argv)

    site = os.path.abspath(a.site)
    port = a.port or 3400 + {"waybook": 0, "zola": 10, "hugo": 20, "mdbook": 30}[a.tool]
    croot = os.path.join(site, "src" if a.tool == "mdbook" else "content")
    page = a.page or pick_page(croot)
    src, path, cmd = layout(a.tool, site, port, page)
    if a.tool == "waybook":
        cmd = [a.waybook] + cmd
    with open(src, "rb") as f:
        original = f.read()
    poll = a.poll_ms / 1000.0
    result: dict = {"tool": a.tool, "label": a.label, "page": page, "url": path,
                    "cmd": " ".join(cmd), "trials": [], "poll_ms": a.poll_ms,
                    "settle_s": a.settle}

    t_start = time.monotonic()
    server = Server(cmd, a.log)
    poller = Poller(port)
    events = None
    try:
        while True:
            if server.proc.poll() is not None:
                raise RuntimeError(f"server exited early with {server.proc.returncode}")
            body = poller.get(path)
            if body is not None and "<html" in body.lower():
                break
            if time.monotonic() - t_start > a.startup_timeout:
                raise RuntimeError("server did not come up")
            time.sleep(0.05)
        result["startup_s"] = round(time.monotonic() - t_start, 3)
        if a.tool == "waybook":
            events = Events(port, "/__waybook/events")
            deadline = time.monotonic() + 5
            while events.latest() < 0 and time.monotonic() < deadline:
                time.sleep(0.01)
        nonce = f"{os.getpid()}x{int(time.time())}"
        for i in range(a.trials):
            time.sleep(a.settle)
            mode = "inplace" if i % 2 == 0 else "rename"
            marker = f"waybench{a.label}t{i}n{nonce}"
            before = events.latest() if events else -1
            save(src, original + f"\n\nLive edit {marker}.\n".encode(), mode)
            t0 = time.monotonic()
            t_event = t_served = None
            while time.monotonic() - t0 < a.timeout:
                if events and t_event is None:
                    t_event = events.first_after(before)
                if t_served is None:
                    body = poller.get(path)
                    if body is not None and marker in body:
                        t_served = time.monotonic()
                if t_served is not None and (events is None or t_event is not None):
                    break
                time.sleep(poll)
            time.sleep(0.05)  # let the rebuild line(s) of this save arrive
            rebuilt = []
            for t, line in server.since(t0):
                m = REBUILT.search(line)
                if m:
                    rebuilt.append({"ms": int(m["ms"]), "what": m["what"], "how": m["how"],
                                    "status": m["status"], "at_ms": round((t - t0) * 1e3, 1)})
            ms = lambda t: None if t is None else round((t - t0) * 1e3, 2)
            trial = {"i": i, "mode": mode, "event_ms": ms(t_event), "served_ms": ms(t_served),
                     "rebuilt": rebuilt}
            result["trials"].append(trial)
            print(f"  [{a.tool} {a.label}] trial {i} {mode:7} event {trial['event_ms']} ms, "
                  f"served {trial['served_ms']} ms, rebuilt "
                  f"{[(r['ms'], r['how']) for r in rebuilt]}", file=sys.stderr)
    except Exception as e:  # report what we have, always clean up
        result["error"] = str(e)
    finally:
        with open(src, "wb") as f:
            f.write(original)
        # let the restoring rebuild finish before stopping, bounded
        if server.proc.poll() is None and "startup_s" in result:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                body = poller.get(path)
                if body is not None and "waybench" not in body and "Live edit" not in body:
                    break
                time.sleep(0.05)
        if events:
            result["events_error"] = events.error
            events.close()
        server.stop()
        result["server_exit"] = server.proc.returncode
        for t, line in server.lines:
            if "initial build" in line and REBUILT.search(line):
                result["initial_build_ms"] = int(REBUILT.search(line)["ms"])
                break

    tr = result["trials"]
    result["event"] = summary([t["event_ms"] for t in tr])
    result["served"] = summary([t["served_ms"] for t in tr])
    result["rebuilt_ms"] = summary([t["rebuilt"][0]["ms"] if t["rebuilt"] else None for t in tr])
    result["rebuilds_per_save"] = [len(t["rebuilt"]) for t in tr]
    result["how"] = sorted({r["how"] for t in tr for r in t["rebuilt"]})
    for mode in ("inplace", "rename"):
        result[f"served_{mode}"] = summary([t["served_ms"] for t in tr if t["mode"] == mode])
    line = json.dumps(result)
    print(line)
    if a.out:
        with open(a.out, "a") as f:
            f.write(line + "\n")
    return 0 if "error" not in result and result["served"]["n"] else 1


if __name__ == "__main__":
    sys.exit(main())
