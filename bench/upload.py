#!/usr/bin/env python3
"""Upload benchmark: resumable (tus) uploads staged in S3, against uploads straight to the bucket.

On an S3 store a tus upload's bytes pass through a Reel API process into the bucket (whole 8 MiB
parts of a multipart upload; see `src/ingest/staging.rs`), so that any API process can take the
next PATCH. The reference is what the bucket itself takes, measured in the same run: the same
file uploaded straight to the bucket (`POST /api/v1/uploads/direct`, the parts PUT to their
presigned URLs; Reel never sees the bytes). The embedded default (tus into a local staging file,
renamed into the local store) is measured alongside.

Each case is a fresh `reel serve --no-worker` (release build; no processing runs, so nothing but
the upload competes for the cores) on 127.0.0.1, with s3s-fs on 127.0.0.1 for the S3 cases. The
file (--mib MiB of random bytes, 2 GiB by default) is sent by one client in 8 MiB requests over one keep-alive
connection, as the upload page and `reel ingest` do. Reported per case: MB/s from the creation
request to the completing answer (median of --runs, interleaved), and the API process's peak
resident memory (VmHWM), which must not grow with the file.

Python 3.11 standard library only; needs s3s-fs (`scripts/setup --test` installs it) and the
Rust toolchain. Results: stdout and the section "## Resumable uploads over S3" of
docs/benchmarks.md (unless --no-docs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import transcode as t  # noqa: E402  (the shared helpers: build, server, s3s-fs, docs)

ROOT = t.ROOT
SECTION = "## Resumable uploads over S3"
CHUNK = 8 << 20


def peak_rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024


def request(conn: http.client.HTTPConnection, method: str, path: str, body=None, headers=None) -> tuple[int, dict, bytes]:
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()


def tus_upload(port: int, token: str, src: Path) -> None:
    size = src.stat().st_size
    auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    status, headers, body = request(conn, "POST", "/api/v1/uploads", headers={**auth, "Upload-Length": str(size)})
    if status != 201:
        raise RuntimeError(f"creation refused: {status} {body[:200]!r}")
    path = urllib.parse.urlsplit(headers["location"]).path
    offset = 0
    with open(src, "rb") as f:
        while offset < size:
            chunk = f.read(CHUNK)
            status, headers, body = request(
                conn,
                "PATCH",
                path,
                body=chunk,
                headers={**auth, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
            )
            if status != 204:
                raise RuntimeError(f"PATCH at {offset} refused: {status} {body[:200]!r}")
            offset = int(headers["upload-offset"])
    conn.close()


def direct_upload(port: int, token: str, src: Path) -> None:
    size = src.stat().st_size
    api = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    status, _, body = request(api, "POST", "/api/v1/uploads/direct", json.dumps({"filename": src.name, "size": size}), auth)
    if status != 201:
        raise RuntimeError(f"direct upload refused: {status} {body[:200]!r}")
    started = json.loads(body)
    first = urllib.parse.urlsplit(started["parts"][0]["url"])
    bucket = http.client.HTTPConnection(first.hostname, first.port, timeout=600)
    done = []
    with open(src, "rb") as f:
        for part in started["parts"]:
            url = urllib.parse.urlsplit(part["url"])
            status, headers, body = request(bucket, "PUT", f"{url.path}?{url.query}", f.read(started["part_size"]))
            if status != 200:
                raise RuntimeError(f"part {part['number']} refused by the bucket: {status} {body[:200]!r}")
            done.append({"number": part["number"], "etag": headers["etag"]})
    bucket.close()
    status, _, body = request(api, "POST", f"/api/v1/uploads/direct/{started['id']}/complete", json.dumps({"parts": done}), auth)
    if status not in (200, 201):
        raise RuntimeError(f"completion refused: {status} {body[:200]!r}")
    api.close()


def run_case(case: str, binary: Path, src: Path, work: Path, s3: tuple) -> dict:
    data = Path(tempfile.mkdtemp(prefix="reel-", dir=work))
    env = t.reel_env(data)
    env.update(
        RUST_LOG="warn,reel=info",
        REEL__SERVER__MAX_UPLOAD_BYTES=str(src.stat().st_size + 1),
        REEL__RATE_LIMIT__UPLOADS_PER_HOUR_PER_ACCOUNT="100000",
        REEL__EDGE__API_PER_MINUTE_PER_IP="100000",
    )
    bucket = work / "s3" / "root" / f"bench-{secrets.token_hex(4)}"
    if case != "file":
        bucket.mkdir(parents=True)
        env.update(t.s3_env(s3, bucket.name))
    try:
        with t.reel_serving(binary, env, data, ("serve", "--no-worker")) as (proc, port, token, _):
            idle = peak_rss_mib(proc.pid)
            started = time.monotonic()
            (direct_upload if case == "direct" else tus_upload)(port, token, src)
            seconds = time.monotonic() - started
            res = {"seconds": seconds, "mbps": src.stat().st_size / seconds / 1e6, "rss_idle": idle, "rss_peak": peak_rss_mib(proc.pid)}
            t.log(f"  {case}: {res['mbps']:.0f} MB/s, peak RSS {res['rss_peak']:.0f} MiB (at start {idle:.0f} MiB)")
            return res
    finally:
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(bucket, ignore_errors=True)


CASES = [
    ("direct", "reference: straight to the bucket (presigned parts)"),
    ("s3", "tus through Reel, staged in the bucket"),
    ("file", "tus through Reel, embedded default (local file)"),
]


def render(rep: dict) -> str:
    ref = t.median([r["mbps"] for r in rep["direct"]])
    lines = [
        SECTION,
        "",
        f"Produced by `python3 bench/upload.py` (see `bench/README.md`). Run {rep['started'][:16].replace('T', ' ')} UTC on "
        f"{rep['machine']} (load {rep['load']} at the start), Reel at {rep['build']}.",
        "",
        f"One client uploads {rep['mib']} MiB of random bytes in 8 MiB requests over one keep-alive connection to a fresh "
        "`reel serve --no-worker` (release build) on 127.0.0.1, with s3s-fs on 127.0.0.1 as the bucket; "
        f"{rep['runs']} runs of each case, interleaved. Time runs from the creation request to the completing answer. "
        "Reference: the same file uploaded straight to the bucket (presigned part URLs), measured in the same run.",
        "",
        "| case | MB/s (median) | runs | × reference | API RSS at start → peak |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    for case, label in CASES:
        runs = rep[case]
        mbps = t.median([r["mbps"] for r in runs])
        rss = max(r["rss_peak"] for r in runs)
        idle = max(r["rss_idle"] for r in runs)
        each = ", ".join(f"{r['mbps']:.0f}" for r in runs)
        lines.append(f"| {label} | {mbps:.0f} | {each} | {mbps / ref:.2f} | {idle:.0f} → {rss:.0f} MiB |")
    lines += [
        "",
        "Through Reel every byte crosses one more process and one more loopback connection than in the reference, and "
        "the client, Reel and s3s-fs share the machine's two cores, so the ratio is a floor, not what a separate bucket "
        "would show. RSS is the largest over the runs; against a "
        f"{rep['mib']} MiB file, a peak a few tens of MiB above the idle process's is memory that does not grow with the "
        "file (a running PATCH holds at most one 8 MiB part, plus the HTTP clients' buffers).",
        "",
    ]
    return "\n".join(lines)


def make_file(work: Path, mib: int) -> Path:
    path = work / "random.bin"
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(os.urandom(1 << 20))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mib", type=int, default=2048, help="file size in MiB (default 2048)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each case (default 3)")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = ap.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    t.OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="upload-", dir=t.OUT))
    binary = t.build_reel(args)
    s3 = None
    try:
        s3 = t.start_s3(work / "s3")
        src = make_file(work, args.mib)
        rep = {
            **t.run_facts(started),
            "mib": args.mib,
            "runs": args.runs,
        }
        for case, _ in CASES:
            rep[case] = []
        for i in range(args.runs):
            t.log(f"run {i + 1} of {args.runs}")
            for case, _ in CASES:
                rep[case].append(run_case(case, binary, src, work, s3))
    finally:
        t.stop_s3(s3)
        shutil.rmtree(work, ignore_errors=True)
    t.publish(render(rep), args)


if __name__ == "__main__":
    main()
