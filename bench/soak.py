#!/usr/bin/env python3
"""Soak: an hour of mixed traffic against one `reel serve`, watching for anything that grows.

One `reel serve` (release build, embedded default) gets, for --minutes, at the same time:
  - uploads: a short clip every --upload-every seconds, each processed to `ready`;
  - plays: --players threads, each picking a ready item, fetching its master and media
    playlists and every segment of one rendition, like a player watching it;
  - API: --api threads listing items, reading one, searching and reading `/api/v1/me`.
Every --sample seconds the server's RSS, open files and database pool connections (idle and
busy, from its metrics) are recorded. Over the second half of the run, once caches, pools and
the allocator's heaps have filled, they must stay flat: no RSS trend beyond --tolerance an
hour, and no growth in open files or connections beyond a few.

Reported: requests and errors by kind, items processed, the samples (start, half-way, end,
peak) and whether each stayed flat (see `verdict`); the raw run is saved as
bench/out/soak-*.json, which --report renders again. Python 3.11 standard library. Results:
stdout and the section "## Soak: an hour of mixed traffic" of docs/benchmarks.md (unless
--no-docs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import origin  # noqa: E402  (segment_paths)
import transcode as t  # noqa: E402  (the shared helpers: server env, upload, polling)

SECTION = "## Soak: an hour of mixed traffic"


class Counts:
    """Requests and errors by kind, shared by the traffic threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ok: dict[str, int] = {}
        self.errors: dict[str, list[str]] = {}

    def add(self, kind: str, error: str | None = None) -> None:
        with self.lock:
            if error is None:
                self.ok[kind] = self.ok.get(kind, 0) + 1
            else:
                self.errors.setdefault(kind, []).append(error)


def get(url: str, token: str | None = None, timeout: float = 30) -> bytes:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as r:
        return r.read()


def sample(pid: int, metrics_port: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kb = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
    files = len(list(Path(f"/proc/{pid}/fd").iterdir()))
    text = get(f"http://127.0.0.1:{metrics_port}/metrics").decode()
    pool = {m.group(1): float(m.group(2)) for m in re.finditer(r'^reel_db_pool_connections\{state="(\w+)"\} ([0-9.eE+-]+)$', text, re.M)}
    return {"t": time.monotonic(), "rss_mb": rss_kb / 1024, "files": files, "db_idle": pool.get("idle", 0), "db_busy": pool.get("busy", 0)}


def run(args) -> dict:
    started = dt.datetime.now(dt.timezone.utc)
    work, binary, data, env = t.traffic_workspace("soak-", args)
    env.update(
        REEL__EDGE__API_PER_MINUTE_PER_IP="0",
        REEL__EDGE__API_PER_MINUTE_PER_ACCOUNT="0",
        REEL__RATE_LIMIT__UPLOADS_PER_HOUR_PER_ACCOUNT="100000",
        # A cache that fills during the warm-up: filling a 256 MiB one would look like growth
        # for most of an hour, and hide a leak behind it.
        REEL__DELIVERY__CACHE_BYTES=str(16 << 20),
    )
    clip = work / "clip.mp4"
    t.run(["ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=8",
           "-f", "lavfi", "-i", "sine=frequency=440:duration=8", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", "-shortest", str(clip)])
    counts, samples, ready, stop = Counts(), [], [], threading.Event()
    deadline = time.monotonic() + args.minutes * 60
    try:
        with t.reel_serving(binary, env, data) as (proc, port, token, logfile):
            base = f"http://127.0.0.1:{port}"
            metrics_port = t.metrics_port(logfile, proc)

            def uploader() -> None:
                while not stop.is_set():
                    try:
                        vid = t.upload(port, token, clip)["id"]
                        v = t.wait_ready(port, token, vid, timeout=600)
                        ready.append(v["id"])
                        counts.add("upload")
                    except Exception as e:  # noqa: BLE001  (every failure is counted and reported)
                        counts.add("upload", str(e)[:200])
                    stop.wait(args.upload_every)

            def player(seed: int) -> None:
                rng = random.Random(seed)
                while not stop.is_set():
                    if not ready:
                        stop.wait(1)
                        continue
                    vid = rng.choice(ready)
                    try:
                        v = json.loads(get(f"{base}/api/v1/videos/{vid}", token))
                        paths = origin.segment_paths(v["playback"]["hls"])
                        rendition = rng.choice(sorted({p.split("/")[-2] for p in paths}))
                        for p in (p for p in paths if p.split("/")[-2] == rendition):
                            get(base + p)
                            counts.add("segment")
                        counts.add("play")
                    except Exception as e:  # noqa: BLE001
                        counts.add("play", str(e)[:200])

            def api(seed: int) -> None:
                rng = random.Random(seed)
                while not stop.is_set():
                    path = rng.choice(["/api/v1/videos", "/api/v1/me", "/api/v1/videos?q=bench", *(f"/api/v1/videos/{v}" for v in ready[-3:])])
                    try:
                        get(base + path, token)
                        counts.add("api")
                    except Exception as e:  # noqa: BLE001
                        counts.add("api", f"{path}: {str(e)[:200]}")
                    stop.wait(0.02)

            threads = [threading.Thread(target=uploader)]
            threads += [threading.Thread(target=player, args=(i,)) for i in range(args.players)]
            threads += [threading.Thread(target=api, args=(100 + i,)) for i in range(args.api)]
            for th in threads:
                th.start()
            t.log(f"soaking for {args.minutes} min: 1 uploader, {args.players} players, {args.api} API clients")
            while time.monotonic() < deadline:
                samples.append(sample(proc.pid, metrics_port))
                s = samples[-1]
                t.log(f"  rss {s['rss_mb']:.0f} MB, {s['files']} files, db {s['db_idle']:.0f} idle / {s['db_busy']:.0f} busy; "
                      f"ok {dict(counts.ok)}, errors { {k: len(v) for k, v in counts.errors.items()} }")
                time.sleep(min(args.sample, max(0.0, deadline - time.monotonic())))
            stop.set()
            for th in threads:
                th.join(timeout=660)
            samples.append(sample(proc.pid, metrics_port))
    finally:
        stop.set()
        shutil.rmtree(work, ignore_errors=True)
    return {**t.run_facts(started), "minutes": args.minutes, "players": args.players, "api": args.api,
            "ok": counts.ok, "errors": counts.errors, "samples": samples, "items": len(ready),
            "tolerance": args.tolerance}


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of (seconds, value) points, per hour."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    return 0.0 if var == 0 else 3600 * sum((x - mx) * (y - my) for x, y in points) / var


def verdict(rep: dict) -> dict:
    """Flat means no trend in the second half of the run, once caches, pools and the allocator's
    heaps have filled: RSS's fitted growth over an hour within --tolerance of its level, open
    files' within 8 an hour and database connections' within 2. A leak shows as a slope
    however noisy the samples (open files rise and fall with the connections and ffmpeg pipes
    of the moment); a plateau reached late does not."""
    s = rep["samples"]
    start = s[0]["t"]
    half = [x for x in s if x["t"] - start >= rep["minutes"] * 30] or s[-1:]
    mid, end = half[0], s[-1]
    level = sum(x["rss_mb"] for x in half) / len(half)
    slope = slope_per_hour([(x["t"], x["rss_mb"]) for x in half])
    conns = lambda x: x["db_idle"] + x["db_busy"]  # noqa: E731
    return {
        "mid": mid,
        "end": end,
        "peak_rss": max(x["rss_mb"] for x in s),
        "rss_level": level,
        "rss_slope": slope,
        "rss_flat": slope <= level * rep["tolerance"],
        "files_slope": (files := slope_per_hour([(x["t"], x["files"]) for x in half])),
        "files_flat": files <= 8,
        "db_slope": (db := slope_per_hour([(x["t"], conns(x)) for x in half])),
        "db_flat": db <= 2,
    }


def render(rep: dict) -> str:
    v = verdict(rep)
    first = rep["samples"][0]
    errors = sum(len(e) for e in rep["errors"].values())
    flat = lambda ok: "flat" if ok else "**grew**"  # noqa: E731
    lines = [
        SECTION,
        "",
        f"Produced by `python3 bench/soak.py` (see `bench/README.md`). Run {rep['started'][:16].replace('T', ' ')} UTC on "
        f"{rep['machine']} (load {rep['load']} at the start), Reel at {rep['build']}.",
        "",
        f"{rep['minutes']:g} minutes against one `reel serve` (embedded default, origin cache 16 MiB so that it is full after the "
        "warm-up): an 8 s clip uploaded and processed over and over, "
        f"{rep['players']} players each watching one rendition of a ready item end to end, {rep['api']} API clients listing, "
        "reading and searching. The server is sampled every few seconds; \"flat\" is judged on the second half of the "
        "run, once caches, pools and the allocator's heaps have filled: RSS's least-squares trend over that half, "
        "open files' and database connections' likewise.",
        "",
        "| | start | half-way | end | peak |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| RSS (MB) | {first['rss_mb']:.0f} | {v['mid']['rss_mb']:.0f} | {v['end']['rss_mb']:.0f} | {v['peak_rss']:.0f} |",
        f"| open files | {first['files']} | {v['mid']['files']} | {v['end']['files']} | {max(x['files'] for x in rep['samples'])} |",
        f"| database connections (idle + busy) | {first['db_idle'] + first['db_busy']:.0f} | "
        f"{v['mid']['db_idle'] + v['mid']['db_busy']:.0f} | {v['end']['db_idle'] + v['end']['db_busy']:.0f} | "
        f"{max(x['db_idle'] + x['db_busy'] for x in rep['samples']):.0f} |",
        "",
        f"RSS {flat(v['rss_flat'])}: over the second half it averaged {v['rss_level']:.0f} MB with a trend of "
        f"{v['rss_slope']:+.1f} MB an hour (allowed: {rep['tolerance']:.0%} of its level). Open files {flat(v['files_flat'])} "
        f"({v['files_slope']:+.1f} an hour; allowed 8), database connections {flat(v['db_flat'])} ({v['db_slope']:+.1f} an hour; "
        f"allowed 2). Requests: {', '.join(f'{k} {n}' for k, n in sorted(rep['ok'].items()))}; "
        f"{rep['items']} items processed; {errors} errors.",
        "",
        "RSS (MB) by minute: " + ", ".join(
            f"{(x['t'] - first['t']) / 60:.0f}: {x['rss_mb']:.0f}" for x in rep["samples"][:: max(1, len(rep["samples"]) // 20)]
        ) + ".",
        "",
    ]
    for kind, errs in sorted(rep["errors"].items()):
        lines.append(f"- {kind}: {len(errs)} errors, the first: `{errs[0]}`")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=60.0, help="how long (default 60)")
    ap.add_argument("--players", type=int, default=8, help="player threads (default 8)")
    ap.add_argument("--api", type=int, default=4, help="API client threads (default 4)")
    ap.add_argument("--upload-every", type=float, default=20.0, help="seconds between uploads (default 20)")
    ap.add_argument("--sample", type=float, default=30.0, help="seconds between samples (default 30)")
    ap.add_argument("--tolerance", type=float, default=0.15,
                    help="RSS growth per hour allowed over the second half, as a share of its level (default 0.15)")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    ap.add_argument("--report", metavar="JSON", help="render a saved run (bench/out/soak-*.json) instead of running one")
    args = ap.parse_args()
    if args.report:
        rep = json.loads(Path(args.report).read_text())
    else:
        rep = run(args)
        saved = t.OUT / f"soak-{rep['started'][:19].replace(':', '')}.json"
        saved.write_text(json.dumps(rep, indent=1))
        t.log(f"the run's samples and counts: {saved.relative_to(t.ROOT)}")
    t.publish(render(rep), args)
    v = verdict(rep)
    if not (v["rss_flat"] and v["files_flat"] and v["db_flat"]) or rep["errors"]:
        sys.exit("the soak found growth or errors; see above")


if __name__ == "__main__":
    main()
