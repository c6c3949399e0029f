#!/usr/bin/env python3
"""Load benchmark: Reel's origin against nginx, 1,000 concurrent clients fetching segments.

One `reel serve` (release build, embedded default: objects on local disk) processes a clip;
then `wrk` holds --connections keep-alive connections over loopback for --seconds, fetching
objects round and round through Reel's signed `/play/{token}/…` URLs, so each request pays the
token check and the viewer's entitlement check (kept for `delivery.recheck_secs`). Two sets
are measured apart: small objects (every rendition's init segment, under a kilobyte: the
per-request cost) and large ones (the media segments: the per-byte cost). The reference is nginx
(Debian's package, `sendfile on`, access log off) serving the very same segment files from
Reel's object folder, measured in the same run. The runs alternate (Reel, nginx, nginx, Reel)
after a warm-up pass, so both serve from memory: Reel from its origin cache, nginx from the
page cache. The limits a real audience needs per address are lifted (every client here is
127.0.0.1).

Reported: requests/s, MB/s, p50/p99 latency and errors (connect, read, write, timeouts and
non-2xx answers) of each, and Reel's requests/s over nginx's. Targets: at least 0.8 on small
objects and 1.0 on large ones.

Python 3.11 standard library; installs `wrk` and `nginx-light` with apt when missing. Results:
stdout and the section "## Origin under load against nginx" of docs/benchmarks.md (unless
--no-docs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import origin  # noqa: E402  (segment_paths)
import transcode as t  # noqa: E402  (the shared helpers: server env, upload, polling)

SECTION = "## Origin under load against nginx"

WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"bytes\\": %%d, \\"micros\\": %%d, \\"connect\\": %%d, \\"read\\": %%d, \\"write\\": %%d, " ..
    "\\"status\\": %%d, \\"timeout\\": %%d, \\"p50_us\\": %%d, \\"p99_us\\": %%d, \\"max_us\\": %%d}\\n",
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""

NGINX_CONF = """
{user}
worker_processes auto;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
worker_rlimit_nofile 16384;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  types {{ video/iso.segment m4s; video/mp4 mp4; }}
  default_type application/octet-stream;
  client_body_temp_path {work}/nginx-tmp;
  proxy_temp_path {work}/nginx-tmp;
  fastcgi_temp_path {work}/nginx-tmp;
  uwsgi_temp_path {work}/nginx-tmp;
  scgi_temp_path {work}/nginx-tmp;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
"""


def ensure_tools() -> None:
    missing = [package for package, found in (("wrk", shutil.which("wrk")), ("nginx-light", nginx_binary())) if not found]
    if missing:
        t.log(f"installing {' '.join(missing)}")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def raise_fd_limit() -> None:
    """Children inherit it: 1,000 connections need more than the usual 1,024 descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < 8192:
        sys.exit(f"the open-file limit is {hard}; 1,000 connections on both sides need at least 8192 (ulimit -Hn)")


def wrk(port: int, paths: list[str], connections: int, seconds: float, threads: int, work: Path) -> dict:
    script = work / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        check=True,
    )
    m = re.search(r"^RESULT (\{.*\})$", out.stdout, re.M)
    if not m:
        raise RuntimeError(f"wrk said:\n{out.stdout}\n{out.stderr}")
    r = json.loads(m.group(1))
    r["seconds"] = r["micros"] / 1e6
    r["rps"] = r["requests"] / r["seconds"]
    r["mbps"] = r["bytes"] / r["seconds"] / 1e6
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return r


def start_nginx(root: Path, work: Path) -> tuple[subprocess.Popen, int]:
    port = t.free_port()
    (work / "nginx-tmp").mkdir(exist_ok=True)
    conf = work / "nginx.conf"
    # Reel's object folder is its owner's alone (0700): nginx's workers must run as that owner.
    user = "user root root;" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(user=user, work=work, port=port, root=root))
    proc = subprocess.Popen([nginx_binary(), "-c", str(conf), "-e", str(work / "nginx-error.log")])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                pass
        except urllib.error.HTTPError:
            return proc, port
        except OSError:
            time.sleep(0.1)
            continue
        return proc, port
    proc.kill()
    raise RuntimeError(f"nginx did not start: {(work / 'nginx-error.log').read_text(errors='replace')}")


def nginx_paths(reel_paths: list[str], objects: Path) -> list[str]:
    """The same files as nginx serves them: each `/play/{token}/{id}/{rendition}/{file}` is the
    object `…/{id}/…/{rendition}/{file}` under the objects folder."""
    out = []
    for p in reel_paths:
        parts = p.split("/")
        vid, rest = parts[3], "/".join(parts[4:])
        found = [f for f in objects.rglob(parts[-1]) if vid in f.parts and f.as_posix().endswith(rest)]
        if len(found) != 1:
            raise RuntimeError(f"{p}: {len(found)} files in {objects} match")
        out.append("/" + found[0].relative_to(objects).as_posix())
    return out


def summary(runs: list[dict]) -> dict:
    pick = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    return {
        "rps": pick("rps"),
        "mbps": pick("mbps"),
        "p50_ms": pick("p50_us") / 1000,
        "p99_ms": pick("p99_us") / 1000,
        "max_ms": max(r["max_us"] for r in runs) / 1000,
        "requests": sum(r["requests"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "runs": runs,
    }


TARGETS = {"small": 0.8, "large": 1.0}


def render(rep: dict) -> str:
    def row(name: str, s: dict, x: str) -> str:
        return (f"| {name} | {s['rps']:.0f} | {s['mbps']:.0f} | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {s['max_ms']:.0f} | "
                f"{s['errors']} of {s['requests']} | {x} |")

    rows, notes = [], []
    for kind, label in (("small", "small: init segments"), ("large", "large: media segments")):
        reel, nginx = rep[kind]["reel"], rep[kind]["nginx"]
        ratio = reel["rps"] / nginx["rps"]
        verdict = "met" if ratio >= TARGETS[kind] else "not met"
        rows += [row(f"{label} ({rep[kind]['kb']:.1f} kB average), nginx", nginx, "1.0"),
                 row(f"{label}, Reel", reel, f"{ratio:.2f}")]
        each = "; ".join(f"{r['rps']:.0f}" for r in reel["runs"]), "; ".join(f"{r['rps']:.0f}" for r in nginx["runs"])
        notes.append(f"{label}: each run's requests/s Reel {each[0]}, nginx {each[1]}; target ≥ {TARGETS[kind]}× nginx: "
                     f"**{verdict}** ({ratio:.2f}×).")
    return "\n".join([
        SECTION,
        "",
        f"Produced by `python3 bench/load.py` (see `bench/README.md`). Run {rep['started'][:16].replace('T', ' ')} UTC on "
        f"{rep['machine']} (load {rep['load']} at the start), Reel at {rep['build']}, {rep['nginx_version']}, {rep['wrk_version']}.",
        "",
        f"A {rep['clip']} clip processed by `reel serve` (embedded default); then `wrk -t{rep['threads']} -c{rep['connections']}` "
        f"fetches one set of its objects round and round over keep-alive connections for {rep['seconds']:g} s per run, Reel and "
        "nginx alternating (Reel, nginx, nginx, Reel) after a warm-up pass: the small set is every rendition's init segment, the "
        "large set every media segment. Reel's requests carry a playback token in the path, checked on every request with the "
        "viewer's right to the item (`delivery.recheck_secs` = 60); nginx serves the same files from Reel's object folder with "
        "`sendfile on` and no check at all. Medians of the runs; latency as wrk measures it, from request written to answer read.",
        "",
        "| objects, origin | requests/s | MB/s | p50 (ms) | p99 (ms) | max (ms) | errors | × nginx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        *[n + "\n" for n in notes],
        "wrk, the server under test and the kernel's loopback share the machine's cores, so the absolute numbers say more "
        "about this machine than about either server.",
        "",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=1000, help="concurrent keep-alive connections (default 1000)")
    ap.add_argument("--seconds", type=float, default=30.0, help="measuring time per run (default 30)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = ap.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    ensure_tools()
    raise_fd_limit()
    work, binary, data, env = t.traffic_workspace("load-", args)
    env.update(
        REEL__SERVER__MAX_CONNECTIONS="8192",
        REEL__SERVER__MAX_CONNECTIONS_PER_IP=str(args.connections + 100),
    )
    nginx = None
    try:
        clip = origin.make_clip(work)
        with t.reel_serving(binary, env, data) as (proc, port, token, logfile):
            vid = t.upload(port, token, clip)["id"]
            v = t.wait_ready(port, token, vid)
            paths = origin.segment_paths(v["playback"]["hls"])
            plain = nginx_paths(paths, data / "objects")
            nginx, nginx_port = start_nginx(data / "objects", work)
            sets = {"small": [i for i, p in enumerate(paths) if p.endswith("/init.mp4")],
                    "large": [i for i, p in enumerate(paths) if p.endswith(".m4s")]}
            results = {}
            for kind, picked in sets.items():
                mine, theirs = [paths[i] for i in picked], [plain[i] for i in picked]
                t.log(f"{kind}: {len(mine)} objects; warm-up, then {args.seconds:g} s runs with {args.connections} connections")
                wrk(port, mine, 16, 3, 1, work)
                wrk(nginx_port, theirs, 16, 3, 1, work)
                runs = {"reel": [], "nginx": []}
                for name in ("reel", "nginx", "nginx", "reel"):
                    r = wrk(port, mine, args.connections, args.seconds, args.threads, work) if name == "reel" else wrk(
                        nginx_port, theirs, args.connections, args.seconds, args.threads, work)
                    t.log(f"  {name}: {r['rps']:.0f} req/s, p99 {r['p99_us'] / 1000:.1f} ms, {r['errors']} errors")
                    runs[name].append(r)
                kb = statistics.mean((data / "objects" / p.lstrip("/")).stat().st_size for p in theirs) / 1e3
                results[kind] = {"reel": summary(runs["reel"]), "nginx": summary(runs["nginx"]), "kb": kb}
        rep = {
            **t.run_facts(started),
            "connections": args.connections,
            "seconds": args.seconds,
            "threads": args.threads,
            "clip": "20 s 1280x720 30 fps (testsrc2 + noise)",
            "nginx_version": subprocess.run([nginx_binary(), "-v"], capture_output=True, text=True).stderr.strip(),
            "wrk_version": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].split(" [")[0].strip(),
            **results,
        }
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        shutil.rmtree(work, ignore_errors=True)
    t.publish(render(rep), args)


if __name__ == "__main__":
    main()
