#!/usr/bin/env python3
"""Origin benchmark: segment throughput over the S3 backend, with and without the origin cache.

One `reel serve` (release build) stores its objects in an S3-compatible server (s3s-fs on
127.0.0.1, in a temporary folder); a clip is uploaded and processed; then --clients threads
fetch every media segment of every rendition round and round over keep-alive connections for
--seconds, as many viewers of one popular video would. The same is done twice, in one run:
with `delivery.cache_bytes = 0` (every request reads the store) and with the default cache.

Reported: requests/s and MB/s of each, their ratio, and how many segment reads reached the
store (the `reel_origin_cache_total` misses; without the cache, every request is one).

Python 3.11 standard library only; needs s3s-fs (`scripts/setup --test` installs it), ffmpeg
and the Rust toolchain. Results: stdout and the section "## Origin segment throughput over S3"
of docs/benchmarks.md (unless --no-docs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import transcode as t  # noqa: E402  (the shared helpers: server env, upload, polling)

ROOT = t.ROOT
SECTION = "## Origin segment throughput over S3"


def segment_paths(master_url: str) -> list[str]:
    """Every init and media segment URL path of every rendition the master playlist names."""
    def get(url: str) -> str:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode()

    def uris(text: str) -> list[str]:
        return re.findall(r'URI="([^"]+)"', text) + re.findall(r"^([^#\s][^\s]*)$", text, re.M)

    out = []
    for playlist in sorted({urllib.parse.urljoin(master_url, u) for u in uris(get(master_url))}):
        out += [urllib.parse.urlsplit(urllib.parse.urljoin(playlist, u)).path for u in uris(get(playlist))]
    return out


def hammer(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """`clients` keep-alive connections fetching `paths` round and round for `seconds`."""
    stop = time.monotonic() + seconds
    counts = [(0, 0)] * clients
    errors = []

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = size = 0
        k = i * 7  # start at different segments
        try:
            while time.monotonic() < stop:
                conn.request("GET", paths[k % len(paths)])
                r = conn.getresponse()
                body = r.read()
                if r.status != 200:
                    errors.append(f"{r.status} {paths[k % len(paths)]}")
                    return
                n, size, k = n + 1, size + len(body), k + 1
        finally:
            conn.close()
            counts[i] = (n, size)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.monotonic() - started
    if errors:
        raise RuntimeError(f"requests failed: {errors[:3]}")
    requests = sum(c[0] for c in counts)
    return {"requests": requests, "bytes": sum(c[1] for c in counts), "seconds": wall, "rps": requests / wall, "mbps": sum(c[1] for c in counts) / wall / 1e6}


def cache_misses(metrics_port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as r:
        text = r.read().decode()
    m = re.search(r'^reel_origin_cache_total\{result="miss"\} ([0-9.eE+-]+)$', text, re.M)
    return float(m.group(1)) if m else 0.0


def run_case(binary: Path, clip: Path, work: Path, s3: tuple, cache_bytes: int, args) -> dict:
    data = Path(tempfile.mkdtemp(prefix="reel-", dir=work))
    bucket = f"bench-{secrets.token_hex(4)}"
    (work / "s3" / "root" / bucket).mkdir(parents=True)
    env = t.reel_env(data)
    env.update(
        t.s3_env(s3, bucket),
        RUST_LOG="warn,reel=info",
        REEL__DELIVERY__CACHE_BYTES=str(cache_bytes),
        REEL__EDGE__API_PER_MINUTE_PER_IP="100000",
        # Every client of the benchmark is 127.0.0.1: one address, where a real audience has many.
        REEL__EDGE__MEDIA_PER_MINUTE_PER_IP="0",
    )
    try:
        with t.reel_serving(binary, env, data) as (proc, port, token, logfile):
            mport = t.metrics_port(logfile, proc)
            vid = t.upload(port, token, clip)["id"]
            v = t.wait_ready(port, token, vid)
            paths = segment_paths(v["playback"]["hls"])
            t.log(f"  cache_bytes={cache_bytes}: {len(paths)} segments; warming up, then {args.seconds} s with {args.clients} clients")
            hammer(port, paths, 1, 1.0)
            misses_before = cache_misses(mport)
            res = hammer(port, paths, args.clients, args.seconds)
            res["store_reads"] = (cache_misses(mport) - misses_before) if cache_bytes else res["requests"]
            res["segments"] = len(paths)
            res["segment_bytes_avg"] = res["bytes"] / max(res["requests"], 1)
            t.log(f"  {res['rps']:.0f} req/s, {res['mbps']:.0f} MB/s, store reads {res['store_reads']:.0f}")
            return res
    finally:
        shutil.rmtree(data, ignore_errors=True)


def render(rep: dict) -> str:
    off, on = rep["off"], rep["on"]
    lines = [
        SECTION,
        "",
        f"Produced by `python3 bench/origin.py` (see `bench/README.md`). Run {rep['started'][:16].replace('T', ' ')} UTC on "
        f"{rep['machine']} (load {rep['load']} at the start), Reel at {rep['build']}.",
        "",
        f"One `reel serve` (release build) with its objects in s3s-fs on 127.0.0.1; a {rep['clip']} clip processed into "
        f"{on['segments']} init and media segments over all renditions (average {on['segment_bytes_avg'] / 1e3:.0f} kB); then "
        f"{rep['clients']} keep-alive clients on the same machine fetch every segment round and round for {rep['seconds']} s. "
        "Reference: the same server with `delivery.cache_bytes = 0`, measured in the same run.",
        "",
        "| origin | requests/s | MB/s | segment reads reaching S3 | × reference |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| reference: no cache (`cache_bytes = 0`) | {off['rps']:.0f} | {off['mbps']:.0f} | {off['store_reads']:.0f} of {off['requests']} | 1.0 |",
        f"| with the cache (default 256 MiB) | {on['rps']:.0f} | {on['mbps']:.0f} | {on['store_reads']:.0f} of {on['requests']} | {on['rps'] / off['rps']:.1f} |",
        "",
        "Without the cache every segment request is a HEAD and a GET to the store; with it, each segment is read from the store "
        "once (during the warm-up pass here) and then served from memory, Range requests included. The client threads, the "
        "server and s3s-fs share the machine's two cores, so the absolute numbers say more about this machine than about Reel.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients (default 8)")
    ap.add_argument("--seconds", type=float, default=15.0, help="measuring time per case (default 15)")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = ap.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    t.OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="origin-", dir=t.OUT))
    binary = t.build_reel(args)
    s3 = None
    try:
        s3 = t.start_s3(work / "s3")
        clip = make_clip(work)
        rep = {
            **t.run_facts(started),
            "clients": args.clients,
            "seconds": args.seconds,
            "clip": "20 s 1280x720 30 fps (testsrc2 + noise)",
        }
        rep["off"] = run_case(binary, clip, work, s3, 0, args)
        rep["on"] = run_case(binary, clip, work, s3, 256 << 20, args)
    finally:
        t.stop_s3(s3)
        shutil.rmtree(work, ignore_errors=True)
    t.publish(render(rep), args)


def make_clip(work: Path) -> Path:
    out = work / "clip.mp4"
    # fmt: off
    t.run([
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=20",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=20",
        "-vf", "noise=alls=7:allf=t+u", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
        "-c:a", "aac", "-shortest", str(out),
    ])
    # fmt: on
    return out


if __name__ == "__main__":
    main()
