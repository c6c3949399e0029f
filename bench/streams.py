#!/usr/bin/env python3
"""Screens at once: origin throughput with playback sessions enforced and without.

One `reel serve` (release build) on the embedded default, and again with Redis as the shared
cache (`cache.url`), each with a processed clip. Each of --clients threads asks the API for its
own playback answer (a token of its own, so a stream of its own when sessions are on), reads
its segment URLs from the playlists and fetches them round and round over a keep-alive
connection for --seconds. Every case runs twice, alternating off, on, on, off, on one data
folder (--rounds times), so what the machine does meanwhile falls on both sides alike.

Sessions on: `[entitlements] sessions = true` and `max_streams` = 100 (the streams of earlier
runs still count), so every stream is opened, counted and checked on every request. Off: `sessions = false`, the
reference. Reported: requests/s of each and the ratio on/off (the target is at least 0.95),
and the server's CPU time per request.

Python 3.11 standard library only; needs redis-server, ffmpeg and the Rust toolchain. Results:
stdout and the section "## Screens at once: the origin with sessions enforced" of
docs/benchmarks.md (unless --no-docs).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import datetime as dt
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import transcode as t  # noqa: E402  (the shared helpers: server env, upload, polling)
from origin import segment_paths  # noqa: E402  (the origin benchmark's playlist reader)

SECTION = "## Screens at once: the origin with sessions enforced"
# The most a plan may allow: the streams of earlier runs still count (idle for under two
# minutes) while a run opens its clients' own.
MAX_STREAMS = 100


def start_redis(work: Path) -> tuple[subprocess.Popen, str]:
    """A redis-server on 127.0.0.1 that keeps nothing on disk: (process, URL)."""
    binary = shutil.which("redis-server")
    if not binary:
        sys.exit("redis-server is not installed (scripts/setup --test installs it)")
    port = t.free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"redis://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("redis-server did not start")


def playback_of(port: int, token: str, vid: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/videos/{vid}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())["playback"]


def hammer_each(port: int, paths: list[list[str]], seconds: float) -> dict:
    """One keep-alive client per list of paths (its own token's), all at once, for `seconds`."""
    stop = time.monotonic() + seconds
    counts = [(0, 0)] * len(paths)
    errors: list[str] = []

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, n, size = paths[i], 0, 0
        try:
            while time.monotonic() < stop:
                conn.request("GET", mine[n % len(mine)])
                r = conn.getresponse()
                body = r.read()
                if r.status != 200:
                    errors.append(f"{r.status} {mine[n % len(mine)]}: {body[:200]!r}")
                    return
                n, size = n + 1, size + len(body)
        finally:
            conn.close()
            counts[i] = (n, size)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(paths))]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.monotonic() - started
    if errors:
        raise RuntimeError(f"requests failed: {errors[:3]}")
    requests = sum(c[0] for c in counts)
    return {"requests": requests, "rps": requests / wall, "mbps": sum(c[1] for c in counts) / wall / 1e6}


@contextlib.contextmanager
def restarted(binary: Path, env: dict, data: Path, token: str):
    """`reel serve` again on a data folder `t.reel_serving` set up: (port, token)."""
    logfile = data / "serve.log"
    with open(logfile, "wb") as lf:
        proc = subprocess.Popen([str(binary), "serve"], env=env, cwd=data, stdout=lf, stderr=subprocess.STDOUT)
    try:
        port = int(t.wait_for_line(logfile, re.compile(r"listening on http://127\.0\.0\.1:(\d+)"), proc, 60).group(1))
        yield port, token, proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


@contextlib.contextmanager
def serving(binary: Path, env: dict, data: Path, token: str | None):
    """The first start makes the admin and its token; a later one reuses them."""
    if token is None:
        with t.reel_serving(binary, env, data) as (proc, port, token, _log):
            yield port, token, proc.pid
    else:
        with restarted(binary, env, data, token) as started:
            yield started


def measure(binary: Path, env: dict, data: Path, state: dict, sessions: bool, args) -> dict:
    """One run; `state` carries the admin's token and the item from the first run on."""
    env = dict(env, REEL__ENTITLEMENTS__SESSIONS=str(sessions).lower())
    with serving(binary, env, data, state.get("token")) as (port, token, pid):
        state["token"] = token
        if "vid" not in state:
            state["vid"] = t.upload(port, token, state["clip"])["id"]
            t.wait_ready(port, token, state["vid"])
        vid = state["vid"]
        # A fresh answer per client: with sessions on, each opens a stream of its own here.
        per_client = [segment_paths(playback_of(port, token, vid)["hls"]) for _ in range(args.clients)]
        hammer_each(port, per_client, 1.0)
        cpu_before = cpu_seconds(pid)
        res = hammer_each(port, per_client, args.seconds)
        # The server's own CPU per request: steadier than the rate, which the clients' share
        # of the same cores moves.
        res["cpu_us"] = (cpu_seconds(pid) - cpu_before) * 1e6 / max(res["requests"], 1)
        t.log(f"  sessions {'on ' if sessions else 'off'}: {res['rps']:.0f} req/s, {res['mbps']:.0f} MB/s, {res['cpu_us']:.0f} µs CPU/request")
        return res


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_backend(name: str, binary: Path, base_env: dict, work: Path, clip: Path, extra: dict, args) -> dict:
    data = work / f"data-{name}"
    data.mkdir()
    env = dict(base_env, REEL__DATA_DIR=str(data), REEL__ENTITLEMENTS__MAX_STREAMS=str(MAX_STREAMS), **extra)
    t.log(f"{name}:")
    state = {"clip": clip}
    runs = {False: [], True: []}
    order = []
    for _ in range(args.rounds):
        for sessions in (False, True, True, False):
            runs[sessions].append(measure(binary, env, data, state, sessions, args))
            order.append(sessions)
    mean = lambda key, on: sum(r[key] for r in runs[on]) / len(runs[on])  # noqa: E731
    return {
        "off": mean("rps", False),
        "on": mean("rps", True),
        "ratio": mean("rps", True) / mean("rps", False),
        "cpu_off": mean("cpu_us", False),
        "cpu_on": mean("cpu_us", True),
        "runs_off": [r["rps"] for r in runs[False]],
        "runs_on": [r["rps"] for r in runs[True]],
    }


def render(rep: dict) -> str:
    lines = [
        SECTION,
        "",
        f"Produced by `python3 bench/streams.py` (see `bench/README.md`). Run {rep['started'][:16].replace('T', ' ')} UTC on "
        f"{rep['machine']} (load {rep['load']} at the start), Reel at {rep['build']}.",
        "",
        f"One `reel serve` (release build, origin cache at its default) with a {rep['clip']} clip processed; "
        f"{rep['clients']} keep-alive clients on the same machine, each with a playback token of its own, fetch every "
        f"init and media segment round and round for {rep['seconds']} s. The cases alternate on one data folder, "
        f"off, on, on, off, {rep['rounds']} times over; the table gives the means. Reference: the same server with "
        "`[entitlements] sessions = false`, measured in the same run. On: sessions enforced, `max_streams` "
        f"= {MAX_STREAMS}, so every client's stream is opened, counted and checked on every request.",
        "",
        "| backend | sessions off (reference), req/s | sessions on, req/s | on × off | server CPU per request, off / on | runs off / on, req/s |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, r in rep["backends"].items():
        runs = ", ".join(f"{x:.0f}" for x in r["runs_off"]) + " / " + ", ".join(f"{x:.0f}" for x in r["runs_on"])
        cpu = f"{r['cpu_off']:.0f} µs / {r['cpu_on']:.0f} µs"
        lines.append(f"| {name} | {r['off']:.0f} | {r['on']:.0f} | **{r['ratio']:.2f}** | {cpu} | {runs} |")
    lines += [
        "",
        "Runs of one configuration differ here by as much as a fifth (the load generator shares the two cores), "
        "more than the cost measured: the server's CPU per request is the steadier figure, and it is within a "
        "microsecond or two either way.",
        "",
        "A request of a live stream costs a lookup in the process's memory of its last look at the stream; the database "
        "is asked once per stream every half of `enforce_within_secs` (15 s by default), which is also the stream's sign "
        "of life. That the limit holds across processes is shown by `tests/it/streams.rs`, whose two `reel serve` "
        "processes share one database (and, in the suite's second pass, PostgreSQL and Redis).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients, each its own token (default 8)")
    ap.add_argument("--seconds", type=float, default=15.0, help="measuring time per run (default 15)")
    ap.add_argument("--rounds", type=int, default=2, help="times the cases alternate off, on, on, off (default 2)")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = ap.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    work, binary, _data, env = t.traffic_workspace("streams-", args)
    redis = None
    try:
        clip = work / "clip.mp4"
        # fmt: off
        t.run([
            "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=20",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=20",
            "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", "-shortest", str(clip),
        ])
        # fmt: on
        env.update(REEL__EDGE__API_PER_MINUTE_PER_IP="100000")
        redis, redis_url = start_redis(work)
        rep = {**t.run_facts(started), "clients": args.clients, "seconds": args.seconds, "rounds": args.rounds, "clip": "20 s 640x360"}
        rep["backends"] = {
            "embedded default (in-process cache)": run_backend("embedded", binary, env, work, clip, {}, args),
            "Redis as the shared cache": run_backend("redis", binary, env, work, clip, {"REEL__CACHE__URL": redis_url}, args),
        }
    finally:
        if redis:
            redis.kill()
            redis.wait()
        shutil.rmtree(work, ignore_errors=True)
    t.publish(render(rep), args)


if __name__ == "__main__":
    main()
