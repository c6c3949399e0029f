#!/usr/bin/env python3
"""Transcode benchmark: Reel's whole processing job against the same ladder made by hand.

Three measurements, each repeated --runs times and interleaved (Reel, hand-written, four runs,
Reel, ...) so that slow drift on the machine hits all three alike:

  reel         `reel serve` on a fresh data dir; upload the source over the API and take the
               API's `time_to_ready_s` (upload complete -> ready: probe, transcode, download
               remux, storing). `time_to_playable_s` is recorded too.
  hand-written ONE ffmpeg command written out below (`hand_written_command`): one decode, split
               to the four rungs + AAC, HLS fMP4, poster and storyboard. Wall-clock time.
  four runs    four ffmpeg commands (`single_rung_command`), one per rung, each decoding the
               source itself and encoding its own audio, one after the other. Total wall time.

Every measurement also records the CPU seconds it used and the CPU seconds everything else on
the machine used meanwhile ("foreign" CPU, from /proc/stat); a run whose foreign load exceeds
--max-foreign-cores is thrown away and repeated (at most --retries times).

After the first Reel and hand-written runs, PSNR and SSIM of each rung against the (scaled)
source are measured: Reel's rungs decoded from its origin over HTTP (the HLS playlists the API's
`playback.hls` points at), the hand-written command's from its output folder.

Python 3.11 standard library only. Results: stdout, bench/out/results-*.json, and the section
"## Transcode: Reel vs hand-written ffmpeg" of docs/benchmarks.md (unless --no-docs).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import hashlib
import http.client
import json
import math
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION_PREFIX = "## Transcode: Reel vs hand-written ffmpeg"
SIDE_BY_SIDE = "## Time to playable and to ready by source length"
DOCS_INTRO = "# Benchmarks\n\nMeasured numbers for Reel; each section says which script produced it and how to re-run it.\n"
TARGET_RATIO = 1.05
TICK = os.sysconf("SC_CLK_TCK")

# Reel's defaults (crates/base/src/config/), which the hand-written commands below spell out literally.
LADDER = [("1080p", 1920, 1080, 5000), ("720p", 1280, 720, 2800), ("540p", 960, 540, 1400), ("360p", 640, 360, 800)]


# --------------------------------------------------------------------------------------------
# The commands a person would write by hand.


def storyboard_layout(duration_s: float) -> tuple[int, int, int]:
    """(interval s, columns, rows): the same rule Reel uses (TranscodePlan::new)."""
    interval = max(5, math.ceil(duration_s / 400), 1)
    count = max(1, math.ceil(duration_s / interval))
    columns = min(count, 10)
    return interval, columns, -(-count // columns)


def hand_written_command(src: Path, out: Path, duration_s: float) -> list[str]:
    """The single ffmpeg command: one decode, split to four rungs + poster + storyboard."""
    iv, cols, rows = storyboard_layout(duration_s)
    graph = ";".join(
        [
            "[0:v]split=6[s0][s1][s2][s3][sp][ss]",
            "[s0]scale=w=1920:h=1080:flags=bicubic,setsar=1,format=yuv420p[v0]",
            "[s1]scale=w=1280:h=720:flags=bicubic,setsar=1,format=yuv420p[v1]",
            "[s2]scale=w=960:h=540:flags=bicubic,setsar=1,format=yuv420p[v2]",
            "[s3]scale=w=640:h=360:flags=bicubic,setsar=1,format=yuv420p[v3]",
            "[sp]thumbnail=n=30,scale=w=1280:h=720,setsar=1[poster]",
            f"[ss]fps=1/{iv},scale=w=160:h=90,setsar=1,tile=layout={cols}x{rows}[story]",
        ]
    )
    # fmt: off
    return [
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-i", str(src),
        "-filter_complex", graph,
        "-map", "[v0]", "-maxrate:v:0", "5000k", "-bufsize:v:0", "10000k",
        "-map", "[v1]", "-maxrate:v:1", "2800k", "-bufsize:v:1", "5600k",
        "-map", "[v2]", "-maxrate:v:2", "1400k", "-bufsize:v:2", "2800k",
        "-map", "[v3]", "-maxrate:v:3", "800k", "-bufsize:v:3", "1600k",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high",
        "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0",
        "-map", "0:a:0", "-b:a:0", "128k",
        "-c:a", "aac", "-ar", "48000", "-ac", "2",
        "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "event",
        "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", "-hls_flags", "independent_segments",
        "-hls_segment_filename", f"{out}/%v/%05d.m4s",
        "-var_stream_map", "v:0,name:1080p v:1,name:720p v:2,name:540p v:3,name:360p a:0,name:audio",
        f"{out}/%v/index.m3u8",
        "-map", "[poster]", "-frames:v", "1", "-q:v", "3", "-f", "image2", "-update", "1", f"{out}/poster.jpg",
        "-map", "[story]", "-frames:v", "1", "-q:v", "5", "-f", "image2", "-update", "1", f"{out}/storyboard.jpg",
    ]
    # fmt: on


def single_rung_command(src: Path, out: Path, rung: tuple[str, int, int, int], duration_s: float, images: bool) -> list[str]:
    """One rung on its own: its own decode, its own AAC, HLS fMP4 with audio and video muxed
    together. The first run (`images`) also makes the poster and the storyboard."""
    name, w, h, kbps = rung
    scale = f"scale=w={w}:h={h}:flags=bicubic,setsar=1,format=yuv420p"
    if images:
        iv, cols, rows = storyboard_layout(duration_s)
        graph = (
            f"[0:v]split=3[s][sp][ss];[s]{scale}[v];"
            "[sp]thumbnail=n=30,scale=w=1280:h=720,setsar=1[poster];"
            f"[ss]fps=1/{iv},scale=w=160:h=90,setsar=1,tile=layout={cols}x{rows}[story]"
        )
        video = ["-filter_complex", graph, "-map", "[v]"]
    else:
        video = ["-map", "0:v:0", "-vf", scale]
    # fmt: off
    cmd = [
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-i", str(src),
        *video, "-map", "0:a:0",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high",
        "-maxrate", f"{kbps}k", "-bufsize", f"{2 * kbps}k",
        "-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
        "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "event",
        "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", "-hls_flags", "independent_segments",
        "-hls_segment_filename", f"{out}/{name}/%05d.m4s",
        f"{out}/{name}/index.m3u8",
    ]
    if images:
        cmd += [
            "-map", "[poster]", "-frames:v", "1", "-q:v", "3", "-f", "image2", "-update", "1", f"{out}/poster.jpg",
            "-map", "[story]", "-frames:v", "1", "-q:v", "5", "-f", "image2", "-update", "1", f"{out}/storyboard.jpg",
        ]
    # fmt: on
    return cmd


# --------------------------------------------------------------------------------------------
# Small helpers.


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def system_busy_s() -> float:
    """Busy CPU seconds of the whole machine since boot (every core)."""
    v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = v
    return (user + nice + system + irq + softirq + steal) / TICK


def children_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def self_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def process_tree_cpu_s(pid: int) -> float:
    """CPU of a live process plus its children it has already reaped."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / TICK


class Meter:
    """Wall time, our CPU, and everyone else's CPU over an interval."""

    def __init__(self, own_cpu):
        self.own_cpu = own_cpu
        self.load_before = loadavg()
        self.t0 = time.monotonic()
        self.busy0 = system_busy_s()
        self.own0 = own_cpu() + self_cpu_s()
        self.cpu0 = own_cpu()

    def stop(self) -> dict:
        wall = time.monotonic() - self.t0
        busy = system_busy_s() - self.busy0
        own_total = self.own_cpu() + self_cpu_s() - self.own0
        return {
            "wall_s": wall,
            "cpu_s": self.own_cpu() - self.cpu0,
            "foreign_cores": max(0.0, busy - own_total) / wall if wall > 0 else 0.0,
            "load_before": self.load_before,
            "load_after": loadavg(),
        }


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {res.returncode}: {res.stderr.strip()[-2000:]}")
    return res


def ffprobe_json(target: str) -> dict:
    return json.loads(run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", target]).stdout)


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# --------------------------------------------------------------------------------------------
# Source and build.


def section_title(duration_s: int) -> str:
    """One section per source length, so a 1-minute and a 10-minute run stand side by side."""
    return f"{SECTION_PREFIX}, {duration_s} s source"


def make_source(args) -> tuple[Path, str]:
    key = f"testsrc2-noise{args.noise}-1920x1080p30-{args.duration}s-x264crf18fast-aac-v1"
    path = OUT / "sources" / f"{key}.mp4"
    desc = (
        f"{args.duration} s 1920x1080 30 fps: lavfi `testsrc2` (moving) + `noise=alls={args.noise}:allf=t+u` "
        "(fresh noise every frame), 440/660 Hz `sine` stereo; encoded libx264 crf 18 preset fast (yuv420p, high), AAC 192k 48 kHz"
    )
    if args.duration > BASE_S and args.duration % BASE_S == 0:
        return looped_source(args, path)
    if path.exists():
        log(f"source cached: {path.relative_to(ROOT)}")
        return path, desc
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial.mp4")
    log(f"generating the source ({args.duration} s 1080p30; takes a while)")
    d = args.duration
    # fmt: off
    run([
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={d}",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={d}",
        "-f", "lavfi", "-i", f"sine=frequency=660:sample_rate=48000:duration={d}",
        "-filter_complex", f"[0:v]noise=alls={args.noise}:allf=t+u,format=yuv420p[v];[1:a][2:a]join=inputs=2:channel_layout=stereo[a]",
        "-map", "[v]", "-map", "[a]",
        "-c:v", "libx264", "-preset", "fast", "-crf", "18", "-profile:v", "high",
        "-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", str(tmp),
    ])
    # fmt: on
    tmp.rename(path)
    return path, desc


BASE_S = 60


def looped_source(args, path: Path) -> tuple[Path, str]:
    """A long source made from the 60 s one played N times over (stream copy, no re-encode).

    Encoding a 10-minute noisy 1080p source at crf 18 takes most of an hour on two cores; the
    looped file costs a second and is just as hard to encode: the noise is fresh in every frame
    and x264 looks back a few frames, never a minute."""
    loops = args.duration // BASE_S
    base, base_desc = make_source(argparse.Namespace(**{**vars(args), "duration": BASE_S}))
    desc = f"{args.duration} s: the {base_desc.split(':', 1)[0]} source played {loops} times over, joined by stream copy ({base_desc.split(':', 1)[1].strip()})"
    if path.exists():
        log(f"source cached: {path.relative_to(ROOT)}")
        return path, desc
    tmp = path.with_suffix(".partial.mp4")
    log(f"joining {loops} copies of the {BASE_S} s source")
    # fmt: off
    run([
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-stream_loop", str(loops - 1), "-i", str(base),
        "-map", "0", "-c", "copy", "-movflags", "+faststart", str(tmp),
    ])
    # fmt: on
    tmp.rename(path)
    return path, desc


def build_reel(args) -> Path:
    binary = ROOT / "target" / "release" / "reel"
    if not args.skip_build:
        log("cargo build --release (the first build takes several minutes)")
        res = subprocess.run(["cargo", "build", "--release"], cwd=ROOT)
        if res.returncode != 0:
            sys.exit("cargo build --release failed")
    if not binary.exists():
        sys.exit(f"{binary} is missing; run without --skip-build")
    # Measure a private copy: the tree's binary may be rebuilt while the benchmark runs.
    frozen = OUT / "reel-under-test"
    shutil.copy2(binary, frozen)
    return frozen


# --------------------------------------------------------------------------------------------
# Reel.

LOG_TS = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)Z")


def log_time(line: str) -> float | None:
    m = LOG_TS.match(line)
    if not m:
        return None
    stamp = m.group(1)
    if "." in stamp:
        head, frac = stamp.split(".")
        stamp = f"{head}.{frac[:6]:0<6}"
    else:
        stamp += ".000000"
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=dt.timezone.utc).timestamp()


def debug_args(line: str) -> list[str]:
    """The arguments out of process.rs's `spawned program=… args=[…]` debug line."""
    body = line.split("args=[", 1)[1].rsplit("]", 1)[0]
    return [bytes(m, "utf-8").decode("unicode_escape") for m in re.findall(r'"((?:[^"\\]|\\.)*)"', body)]


def reel_env(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REEL")}
    env.update(
        REEL__DATA_DIR=str(data),
        REEL__SERVER__LISTEN="127.0.0.1:0",
        REEL__TELEMETRY__METRICS_LISTEN="127.0.0.1:0",
        RUST_LOG="info,reel=debug",
    )
    return env


def traffic_workspace(prefix: str, args) -> tuple[Path, Path, Path, dict]:
    """For a benchmark that sends many clients' traffic from 127.0.0.1: a work folder, the
    binary under test, a data folder and `reel_env` with the per-address media limits lifted
    (one address here stands for a whole audience)."""
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=OUT))
    binary = build_reel(args)
    data = work / "data"
    data.mkdir()
    env = reel_env(data)
    env.update(
        RUST_LOG="warn,reel=info",
        REEL__EDGE__MEDIA_PER_MINUTE_PER_IP="0",
        REEL__EDGE__MEDIA_PER_MINUTE_PER_ACCOUNT="0",
    )
    return work, binary, data, env


def wait_for_line(path: Path, pattern: re.Pattern, proc: subprocess.Popen, timeout: float) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = pattern.search(path.read_text(errors="replace"))
        if m:
            return m
        if proc.poll() is not None:
            raise RuntimeError(f"reel serve exited early:\n{path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.05)
    raise RuntimeError(f"reel serve did not print {pattern.pattern!r} within {timeout} s")


def metrics_port(logfile: Path, proc: subprocess.Popen) -> int:
    return int(wait_for_line(logfile, re.compile(r"metrics served at http://127\.0\.0\.1:(\d+)"), proc, 10).group(1))


@contextlib.contextmanager
def reel_serving(binary: Path, env: dict, data: Path, args: tuple[str, ...] = ("serve",)):
    """Makes the bench admin and an API token, starts `reel ARGS` in `data` and yields
    (proc, port, token, logfile); stops it with SIGTERM (SIGKILL after 60 s) on the way out."""
    run([str(binary), "user", "create", "--email", "bench@example.org", "--role", "admin"], env=env, cwd=data)
    token = run([str(binary), "token", "create", "--name", "bench"], env=env, cwd=data).stdout.strip()
    logfile = data / "serve.log"
    with open(logfile, "wb") as lf:
        proc = subprocess.Popen([str(binary), *args], env=env, cwd=data, stdout=lf, stderr=subprocess.STDOUT)
    try:
        port = int(wait_for_line(logfile, re.compile(r"listening on http://127\.0\.0\.1:(\d+)"), proc, 60).group(1))
        yield proc, port, token, logfile
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_s3(folder: Path) -> tuple[subprocess.Popen, str, str, str]:
    """s3s-fs on 127.0.0.1 over `folder/root`: (process, endpoint, access key, secret key)."""
    binary = shutil.which("s3s-fs")
    if not binary:
        sys.exit("s3s-fs is not installed (scripts/setup --test installs it)")
    port, key, secret = free_port(), "bench", secrets.token_hex(16)
    (folder / "root").mkdir(parents=True)
    proc = subprocess.Popen(
        [binary, "--host", "127.0.0.1", "--port", str(port), "--access-key", key, "--secret-key", secret, str(folder / "root")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}", key, secret
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("s3s-fs did not start")


def s3_env(s3: tuple, bucket: str) -> dict:
    """The settings that put a server's objects in `bucket` of the s3s-fs that `start_s3` started."""
    _, endpoint, key, secret = s3
    return {
        "REEL__STORAGE__URL": f"s3://{bucket}",
        "REEL__STORAGE__S3_ENDPOINT": endpoint,
        "REEL__STORAGE__S3_PATH_STYLE": "true",
        "REEL__STORAGE__S3_ACCESS_KEY_ID": key,
        "REEL__STORAGE__S3_SECRET_ACCESS_KEY": secret,
    }


def stop_s3(s3: tuple | None) -> None:
    """Stops the s3s-fs that `start_s3` started (if it did)."""
    if s3:
        s3[0].kill()
        s3[0].wait()


def run_facts(started: dt.datetime) -> dict:
    """When and where a benchmark ran: the header fields of every report."""
    return {
        "started": started.isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {cpu_model()}",
        "load": loadavg(),
        "build": git("rev-parse", "--short", "HEAD"),
    }


def publish(md: str, args) -> None:
    """Prints a report and, unless --no-docs, puts it in its section of docs/benchmarks.md."""
    print(md)
    if not args.no_docs:
        replace_section(md)
        log(f"wrote {DOCS.relative_to(ROOT)}")


def wait_ready(port: int, token: str, vid: str, timeout: float = 300) -> dict:
    """Polls an item until it is ready; fails when it failed or took longer than `timeout`."""
    deadline = time.monotonic() + timeout
    while (v := api_get(port, token, f"/api/v1/videos/{vid}"))["status"] != "ready":
        if v["status"] == "failed" or time.monotonic() > deadline:
            raise RuntimeError(f"processing did not finish: {v}")
        time.sleep(0.3)
    return v


def upload(port: int, token: str, src: Path) -> dict:
    boundary = f"reel-bench-{uuid.uuid4().hex}"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nbench {src.stem}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{src.name}\"\r\n"
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body():
        yield head
        with open(src, "rb") as f:
            while chunk := f.read(1 << 20):
                yield chunk
        yield tail

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request(
        "POST",
        "/api/v1/videos",
        body=body(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + src.stat().st_size + len(tail)),
        },
    )
    resp = conn.getresponse()
    text = resp.read().decode()
    conn.close()
    if resp.status != 201:
        raise RuntimeError(f"upload refused: {resp.status} {text}")
    return json.loads(text)


def api_get(port: int, token: str, path: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def metric_sum(port: int, name: str) -> float | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            text = r.read().decode()
    except OSError:
        return None
    m = re.search(rf"^{name}_sum(?:\{{[^}}]*\}})? ([0-9.eE+-]+)$", text, re.M)
    return float(m.group(1)) if m else None


def hls_variants(master_url: str) -> dict[str, str]:
    """RESOLUTION ("1280x720") -> absolute media playlist URL, from an HLS master playlist."""
    with urllib.request.urlopen(master_url, timeout=30) as r:
        lines = r.read().decode().splitlines()
    out = {}
    for i, line in enumerate(lines):
        m = re.search(r"RESOLUTION=(\d+x\d+)", line)
        if line.startswith("#EXT-X-STREAM-INF") and m and i + 1 < len(lines):
            out[m.group(1)] = urllib.parse.urljoin(master_url, lines[i + 1].strip())
    return out


def run_reel(binary: Path, src: Path, work: Path, on_ready=None) -> dict:
    data = Path(tempfile.mkdtemp(prefix="reel-", dir=work))
    env = reel_env(data)
    try:
        with reel_serving(binary, env, data) as (proc, port, token, logfile):
            mport = metrics_port(logfile, proc)
            t_upload = time.monotonic()
            vid = upload(port, token, src)["id"]
            upload_s = time.monotonic() - t_upload
            meter = Meter(lambda: process_tree_cpu_s(proc.pid))
            while True:
                v = api_get(port, token, f"/api/v1/videos/{vid}")
                if v["status"] == "ready":
                    break
                if v["status"] == "failed":
                    raise RuntimeError(f"Reel failed the video: {v.get('error')}")
                if proc.poll() is not None:
                    raise RuntimeError("reel serve died while processing")
                time.sleep(0.1)
            m = meter.stop()
            res = {
                **m,
                "time_to_ready_s": v["time_to_ready_s"],
                "time_to_playable_s": v["time_to_playable_s"],
                "upload_s": upload_s,
                "transcode_s": metric_sum(mport, "reel_transcode_seconds"),
                "renditions": [(r["name"], r.get("width"), r.get("height"), r["segments"]) for r in v["renditions"]],
            }
            if on_ready:
                res["extra"] = on_ready(v)
        res.update(parse_reel_log(logfile.read_text(errors="replace")))
        return res
    finally:
        shutil.rmtree(data, ignore_errors=True)


# Steps of Reel's job in the order they happen, recognised in the server's log.
EVENTS = [
    ("uploaded", "upload stored, job queued"),
    ("probe", "ffprobe spawned"),
    ("transcode", "transcode ffmpeg spawned"),
    ("sprite", "storyboard sprite ffmpeg spawned"),
    ("download", "download remux ffmpeg spawned"),
    ("ready", "ready"),
]


def parse_reel_log(text: str) -> dict:
    """Times of the job's steps from the server's log timestamps, and the ffmpeg arguments."""
    t = {}
    out = {"reel_spawned": []}
    for line in text.splitlines():
        ts = log_time(line)
        if "video uploaded" in line:
            t["uploaded"] = ts
        elif "spawned" in line and "args=[" in line:
            a = debug_args(line)
            out["reel_spawned"].append(a)
            if "program=ffprobe" in line:
                t.setdefault("probe", ts)
            elif "-filter_complex" in a:
                t["transcode"] = ts
                out["reel_transcode_args"] = a
            elif "+faststart" in a:
                t["download"] = ts
            elif any(x.startswith("tile=") for x in a):
                t["sprite"] = ts
        elif "video ready" in line:
            t["ready"] = ts
    seen = [(k, t[k]) for k, _ in EVENTS if t.get(k)]
    out["steps"] = {f"{a}->{b}": tb - ta for (a, ta), (b, tb) in zip(seen, seen[1:])}
    return out


# --------------------------------------------------------------------------------------------
# Hand-written and four runs.


def run_hand(src: Path, work: Path, duration_s: float, keep: bool) -> dict:
    out = Path(tempfile.mkdtemp(prefix="hand-", dir=work))
    cmd = hand_written_command(src, out, duration_s)
    meter = Meter(children_cpu_s)
    run(cmd)
    m = meter.stop()
    for name, *_ in LADDER + [("audio",)]:
        if not (out / name / "index.m3u8").exists():
            raise RuntimeError(f"the hand-written command made no {name} playlist")
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    return {**m, "out_dir": str(out)}


def run_four(src: Path, work: Path, duration_s: float) -> dict:
    out = Path(tempfile.mkdtemp(prefix="four-", dir=work))
    for name, *_ in LADDER:
        (out / name).mkdir()
    meter = Meter(children_cpu_s)
    for i, rung in enumerate(LADDER):
        run(single_rung_command(src, out, rung, duration_s, images=(i == 0)))
    m = meter.stop()
    shutil.rmtree(out, ignore_errors=True)
    return m


# --------------------------------------------------------------------------------------------
# Quality.


def quality(src: Path, distorted: str, w: int, h: int) -> dict:
    """PSNR and SSIM of `distorted` (a rung) against the source scaled to the rung's size."""
    graph = (
        f"[0:v]scale=w={w}:h={h}:flags=bicubic,setsar=1,format=yuv420p,setpts=PTS-STARTPTS,split[r1][r2];"
        "[1:v]format=yuv420p,setpts=PTS-STARTPTS,split[d1][d2];"
        "[d1][r1]psnr;[d2][r2]ssim"
    )
    res = run(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "info", "-i", str(src), "-i", distorted, "-lavfi", graph, "-f", "null", "-"])
    psnr = re.search(r"PSNR y:([\d.inf]+) .*?average:([\d.inf]+)", res.stderr)
    ssim = re.search(r"SSIM Y:([\d.]+).*?All:([\d.]+)", res.stderr)
    return {
        "psnr_y": float(psnr.group(1)) if psnr else None,
        "psnr_avg": float(psnr.group(2)) if psnr else None,
        "ssim_y": float(ssim.group(1)) if ssim else None,
        "ssim_all": float(ssim.group(2)) if ssim else None,
    }


def stream_hash(target: str) -> str:
    """MD5 of the encoded video packets (no decode): equal means bit-identical video."""
    res = run(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", target, "-map", "0:v:0", "-c", "copy", "-f", "hash", "-hash", "md5", "-"])
    return res.stdout.strip()


def reel_quality(src: Path, rungs: list[tuple], video: dict) -> dict:
    pb = video["playback"]
    variants = hls_variants(pb["hls"])
    out = {"download_probe": None, "rungs": {}}
    for name, w, h, _ in rungs:
        url = variants.get(f"{w}x{h}")
        if not url:
            out["rungs"][name] = {"error": "no such variant in the master playlist"}
            continue
        log(f"  quality: Reel {name} from the origin")
        q = quality(src, url, w, h)
        q["hash"] = stream_hash(url)
        out["rungs"][name] = q
    if pb.get("mp4"):
        fmt = ffprobe_json(pb["mp4"])
        v = next(s for s in fmt["streams"] if s["codec_type"] == "video")
        out["download_probe"] = {"width": v["width"], "height": v["height"], "duration_s": float(fmt["format"]["duration"]), "bytes": int(fmt["format"]["size"])}
    return out


def hand_quality(src: Path, rungs: list[tuple], out_dir: Path) -> dict:
    res = {}
    for name, w, h, _ in rungs:
        log(f"  quality: hand-written {name}")
        playlist = str(out_dir / name / "index.m3u8")
        q = quality(src, playlist, w, h)
        q["hash"] = stream_hash(playlist)
        res[name] = q
    return res


# --------------------------------------------------------------------------------------------
# The loop.


def wait_quiet(args) -> None:
    """Waits until the rest of the machine has used at most --max-foreign-cores over a few
    seconds (other builds and tests come and go), or --quiet-timeout passes."""
    deadline = time.monotonic() + args.quiet_timeout
    said = 0.0
    while True:
        busy0, own0, t0 = system_busy_s(), self_cpu_s() + children_cpu_s(), time.monotonic()
        time.sleep(3)
        wall = time.monotonic() - t0
        foreign = max(0.0, system_busy_s() - busy0 - (self_cpu_s() + children_cpu_s() - own0)) / wall
        if foreign <= args.max_foreign_cores:
            return
        if time.monotonic() > deadline:
            log(f"  the machine did not quieten within {args.quiet_timeout} s (others use {foreign:.2f} cores); measuring anyway")
            return
        if time.monotonic() - said > 60:
            log(f"  waiting for other work to finish (it uses {foreign:.2f} cores; load {loadavg()})")
            said = time.monotonic()


def measure(label: str, fn, args) -> dict:
    """Runs fn on a quiet machine, again if other load disturbed it (until retries run out)."""
    discarded = []
    for attempt in range(args.retries + 1):
        wait_quiet(args)
        res = fn()
        wall = res.get("time_to_ready_s") or res["wall_s"]
        disturbed = res["foreign_cores"] > args.max_foreign_cores
        log(
            f"  {label}: {wall:.2f} s  cpu {res['cpu_s']:.1f} s  foreign {res['foreign_cores']:.2f} cores  "
            f"load {res['load_before']} -> {res['load_after']}" + ("  DISTURBED" if disturbed else "")
        )
        res["disturbed"] = disturbed
        res["attempt"] = attempt + 1
        res["discarded"] = list(discarded)
        if not disturbed:
            break
        discarded.append({"s": round(wall, 2), "foreign_cores": round(res["foreign_cores"], 2)})
        if attempt < args.retries:
            log(f"  {label}: other work used {res['foreign_cores']:.2f} cores meanwhile; running it again")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=60, help="source length in seconds (default 60)")
    ap.add_argument("--runs", type=int, default=3, help="repetitions of each measurement (default 3)")
    ap.add_argument("--noise", type=int, default=7, help="noise strength (alls) in the source; 7 gives ~28 Mbit/s at crf 18 (default 7)")
    ap.add_argument("--quality-rungs", default="1080p,720p,540p,360p", help="rungs to score with PSNR/SSIM ('' for none)")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--built-at", metavar="COMMIT", help="with --skip-build: the commit target/release/reel was built at (for the report)")
    ap.add_argument("--only", default="reel,hand,four", help="measurements to run (comma list of reel, hand, four)")
    ap.add_argument("--max-foreign-cores", type=float, default=0.15, help="a run during which other processes used more CPU than this (in cores, averaged) is repeated (default 0.15)")
    ap.add_argument("--retries", type=int, default=3, help="repeats of a disturbed run (default 3)")
    ap.add_argument("--quiet-timeout", type=float, default=1800, help="longest wait, in seconds, for other work to stop before a run (default 1800)")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    ap.add_argument("--also", metavar="JSON", nargs="*", default=[], help="earlier results files (same source) whose runs join this report's, and whose quality scores are used when this run scores none")
    ap.add_argument("--report-from", metavar="JSON", help="measure nothing: render (and write to the docs) a results file this script saved")
    args = ap.parse_args()
    only = set(args.only.split(","))
    if args.report_from:
        report = json.loads(Path(args.report_from).read_text())
        md = render(report)
        print(md)
        if not args.no_docs:
            write_docs(md)
            log(f"wrote {DOCS.relative_to(ROOT)}")
        return

    OUT.mkdir(parents=True, exist_ok=True)
    work = OUT / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()

    started = dt.datetime.now(dt.timezone.utc)
    binary = build_reel(args) if "reel" in only else None
    src, src_desc = make_source(args)
    info = ffprobe_json(str(src))
    duration_s = float(info["format"]["duration"])
    vs = next(s for s in info["streams"] if s["codec_type"] == "video")
    src_desc += f"; {src.stat().st_size / 1e6:.0f} MB, {int(info['format']['bit_rate']) / 1e6:.1f} Mbit/s, duration {duration_s:.2f} s"
    q_rungs = [r for r in LADDER if r[0] in {x for x in args.quality_rungs.split(",") if x}]

    machine = {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "ffmpeg": run(["ffmpeg", "-version"]).stdout.splitlines()[0],
        "kernel": platform.release(),
        "load_at_start": loadavg(),
    }
    rev = args.built_at if args.skip_build and args.built_at else git("rev-parse", "--short", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no", "--", "src", "Cargo.toml", "Cargo.lock"))
    build = {"git": rev + (" + uncommitted changes in src/" if dirty else ""), "sha256": hashlib.sha256(binary.read_bytes()).hexdigest()[:16] if binary else None}
    log(f"machine: {machine}")
    log(f"source: {src_desc}")

    results = {"reel": [], "hand": [], "four": []}
    quality_res = {}
    earlier = [json.loads(Path(f).read_text()) for f in args.also]
    for rep in earlier:
        if rep["settings"]["duration"] != args.duration or rep["settings"]["noise"] != args.noise:
            sys.exit(f"--also: a results file of another source ({rep['settings']})")
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    results_file = OUT / f"results-{stamp}.json"

    def snapshot(complete: bool) -> dict:
        """The report so far; saved after every measurement so an interrupted run keeps its numbers."""
        reel_args = next((r.get("reel_transcode_args") for r in results["reel"] if r.get("reel_transcode_args")), None)
        report = {
            "complete": complete,
            "started": started.isoformat(timespec="seconds"),
            "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "settings": {"duration": args.duration, "runs": args.runs, "noise": args.noise, "max_foreign_cores": args.max_foreign_cores},
            "machine": machine,
            "build": build,
            "source": {"description": src_desc, "path": str(src.relative_to(ROOT)), "codec": vs["codec_name"], "size": f"{vs['width']}x{vs['height']}"},
            "results": {k: [r for rep in earlier for r in rep["results"][k]] + v for k, v in results.items()},
            "quality": quality_res or next((rep["quality"] for rep in earlier if rep.get("quality")), {}),
            "merged_from": [rep["started"] for rep in earlier],
            "reel_transcode_args": reel_args,
            "args_diff": compare_args(reel_args, hand_written_command(Path("SRC"), Path("OUT"), duration_s)) if reel_args else None,
            "hand_written_command": hand_written_command(Path("SOURCE.mp4"), Path("out"), duration_s),
        }
        results_file.write_text(json.dumps(report, indent=2))
        return report

    for i in range(args.runs):
        log(f"round {i + 1}/{args.runs}")
        if "reel" in only:
            hook = (lambda v: reel_quality(src, q_rungs, v)) if i == 0 and q_rungs else None
            r = measure("reel", lambda: run_reel(binary, src, work, hook), args)
            if "extra" in r:
                quality_res["reel"] = r.pop("extra")
            results["reel"].append(r)
            snapshot(False)
        if "hand" in only:
            keep = i == 0 and bool(q_rungs)
            r = measure("hand-written", lambda: run_hand(src, work, duration_s, keep), args)
            out_dir = Path(r.pop("out_dir"))
            if keep:
                quality_res["hand"] = hand_quality(src, q_rungs, out_dir)
                shutil.rmtree(out_dir, ignore_errors=True)
            results["hand"].append(r)
            snapshot(False)
        if "four" in only:
            results["four"].append(measure("four runs", lambda: run_four(src, work, duration_s), args))
            snapshot(False)
    shutil.rmtree(work, ignore_errors=True)
    report = snapshot(True)
    md = render(report)
    print(md)
    if not args.no_docs:
        write_docs(md)
        log(f"wrote {DOCS.relative_to(ROOT)}")
    log(f"raw results: bench/out/results-{stamp}.json")


def compare_args(reel: list[str], hand: list[str]) -> list[str]:
    """Token diff of Reel's logged transcode arguments and the hand-written command, with the
    paths of both replaced by placeholders."""

    def norm(x: str) -> str:
        x = re.sub(r"^file:[^%]*$", "SRC", x)
        return re.sub(r"\S*/scratch/[^/]+/out", "OUT", x)

    r = [norm(x) for x in reel]
    h = hand[1:]
    return [d for d in difflib.ndiff(r, h) if d[:1] in "+-"]


# --------------------------------------------------------------------------------------------
# Report.


def fmt_s(x) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"


def render(rep: dict) -> str:
    res = rep["results"]
    reel_ready = [r["time_to_ready_s"] for r in res["reel"]]
    reel_play = [r["time_to_playable_s"] for r in res["reel"] if r["time_to_playable_s"] is not None]
    hand = [r["wall_s"] for r in res["hand"]]
    four = [r["wall_s"] for r in res["four"]]
    m = rep["machine"]
    lines = [
        section_title(rep["settings"]["duration"]),
        "",
        f"Produced by `python3 bench/transcode.py` (see `bench/README.md`); re-run it to refresh this section. "
        f"Run {rep['started'][:16].replace('T', ' ')} UTC.",
        "",
        f"- **Machine:** {m['nproc']} cores, {m['cpu']}; {m['ffmpeg']}; Linux {m['kernel']}.",
        f"- **Load:** loadavg {m['load_at_start']} at the start (other engineers' builds and tests come and go on this machine; "
        "loadavg also counts the benchmark's own encoder threads, so it is high during every run). What matters is the CPU other "
        "processes used while a run was timed, from /proc/stat: it is in the raw list below, and a run during which they used more "
        f"than {rep['settings']['max_foreign_cores']} cores is discarded and repeated.",
        f"- **Source:** {rep['source']['description']}.",
        f"- **Reel build:** `cargo build --release` at {rep['build']['git'] or 'unknown'} (binary sha256 {rep['build']['sha256']}…).",
        f"- **Runs:** {len(res['reel'])} Reel, {len(res['hand'])} hand-written, {len(res['four'])} four-run measurements kept, "
        f"interleaved (Reel, hand-written, four runs, Reel, …); {sum(len(r.get('discarded', [])) for k in res for r in res[k])} disturbed attempts discarded (listed below)"
        + ("" if rep.get("complete", True) else "; **the run was interrupted before every round finished**")
        + (f"; the first of each comes from the earlier run started {', '.join(rep['merged_from'])} UTC" if rep.get("merged_from") else "")
        + ".",
        "",
        "| measurement | median (s) | min (s) | each run (s) | CPU, median (s) |",
        "| --- | ---: | ---: | --- | ---: |",
    ]

    def row(name, xs, rs):
        cpu = median([r["cpu_s"] for r in rs])
        return f"| {name} | {fmt_s(median(xs))} | {fmt_s(min(xs) if xs else None)} | {', '.join(fmt_s(x) for x in xs)} | {fmt_s(cpu) if rs else '–'} |"

    if res["reel"]:
        lines.append(row("Reel job: upload complete → ready (`time_to_ready_s`)", reel_ready, res["reel"]))
        lines.append(f"| Reel: upload complete → playable (`time_to_playable_s`) | {fmt_s(median(reel_play))} | {fmt_s(min(reel_play) if reel_play else None)} | {', '.join(fmt_s(x) for x in reel_play)} | |")
    if res["hand"]:
        lines.append(row("hand-written single ffmpeg command", hand, res["hand"]))
    if res["four"]:
        lines.append(row("four separate ffmpeg runs, one per rung (total)", four, res["four"]))
    lines += ["", "| ratio | from medians | from minimums | target |", "| --- | ---: | ---: | --- |"]
    verdict = ""
    if reel_ready and hand:
        rm, rmin = median(reel_ready) / median(hand), min(reel_ready) / min(hand)
        verdict = "met" if rm <= TARGET_RATIO else "**not met**"
        lines.append(f"| Reel / hand-written | {rm:.3f}× | {rmin:.3f}× | ≤ {TARGET_RATIO:.2f}× — {verdict} |")
    if four and hand:
        lines.append(f"| four runs / hand-written | {median(four) / median(hand):.3f}× | {min(four) / min(hand):.3f}× | (why one decode) |")

    steps = [r.get("steps") or {} for r in res["reel"]]
    keys = [k for k in dict.fromkeys(k for s in steps for k in s)]
    if keys:
        names = dict(EVENTS)
        tr = [r["transcode_s"] for r in res["reel"] if r.get("transcode_s") is not None]
        lines += [
            "",
            "Where Reel's job time goes (medians over the Reel runs, from the timestamps of the server's log lines: "
            "`video uploaded`, each `spawned` ffmpeg/ffprobe at debug level, `video ready`):",
            "",
            "| from → to | median (s) |",
            "| --- | ---: |",
        ]
        for k in keys:
            a, b = k.split("->")
            lines.append(f"| {names[a]} → {names[b]} | {fmt_s(median([s[k] for s in steps if k in s]))} |")
        lines.append(f"| *`reel_transcode_seconds` (the transcode step: ffmpeg plus publishing segments as they appear, then a last poll)* | {fmt_s(median(tr))} |")
        if hand:
            lines.append(f"| *hand-written command, for comparison* | {fmt_s(median(hand))} |")
        others = {}
        for r in res["reel"][:1]:
            for a in r.get("reel_spawned", []):
                kind = "ffprobe" if "-show_streams" in a or "-show_format" in a else ("transcode" if "-filter_complex" in a else None)
                if kind is None:
                    others[len(others)] = a
        if others:
            lines += ["", "Other ffmpeg runs Reel made for one video besides the transcode (first Reel run):", ""]
            lines += ["- `" + " ".join(short_path(x) for x in a) + "`" for a in others.values()]

    q = rep["quality"]
    if q.get("reel") or q.get("hand"):
        names = list((q.get("reel") or {}).get("rungs", {}) or q.get("hand", {}))
        lines += [
            "",
            "Quality of each rung against the source scaled to the rung's size (bicubic), whole clip, first run. Reel's rungs decoded from its "
            "origin over HTTP (the HLS media playlists behind `playback.hls`); the hand-written command's from its output folder. "
            "\"Same bits\" compares an MD5 of the encoded video packets; where it says no, the PSNR/SSIM columns decide "
            "(on this machine two runs of the very same hand-written command already differ in the 1080p rung, "
            "whose bitrate cap is reached, so that rung is not bit-reproducible from run to run).",
            "",
            "| rung | Reel PSNR avg (Y) dB | Reel SSIM all (Y) | hand-written PSNR avg (Y) dB | hand-written SSIM all (Y) | same bits |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for n in names:
            a = (q.get("reel") or {}).get("rungs", {}).get(n, {})
            b = (q.get("hand") or {}).get(n, {})

            def ps(d):
                return f"{d['psnr_avg']:.2f} ({d['psnr_y']:.2f})" if d.get("psnr_avg") is not None else "–"

            def ss(d):
                return f"{d['ssim_all']:.4f} ({d['ssim_y']:.4f})" if d.get("ssim_all") is not None else "–"

            same = "yes" if a.get("hash") and a.get("hash") == b.get("hash") else ("no" if a.get("hash") and b.get("hash") else "–")
            lines.append(f"| {n} | {ps(a)} | {ss(a)} | {ps(b)} | {ss(b)} | {same} |")
        dl = (q.get("reel") or {}).get("download_probe")
        if dl:
            lines += ["", f"Reel's MP4 download (from the origin's `playback.mp4`): {dl['width']}x{dl['height']}, {dl['duration_s']:.2f} s, {dl['bytes'] / 1e6:.1f} MB."]

    graph = next((a for a in (rep.get("reel_transcode_args") or []) if "split=" in a), "")
    if graph and "thumbnail" not in graph:
        lines += [
            "",
            "Why Reel can come in under the hand-written command: Reel's transcode graph has no `thumbnail` branch. It makes the "
            "poster in a separate ffmpeg run that decodes only the first 30 frames (listed above), while the hand-written command, "
            "as specified, keeps a `thumbnail=n=30` branch in its one graph, which is fed every decoded 1080p frame to the end of "
            "the clip although only one poster is written (compare the CPU column). The other differences are the storyboard "
            "(Reel writes tiles as JPEGs and assembles the sprite afterwards, a fraction of a second, instead of a `tile` filter) "
            "and bookkeeping flags; the encoder settings are identical (see the diff at the end).",
        ]
    lines += ["", "Raw runs (wall s / CPU s / other processes' average CPU in cores / loadavg before → after):", ""]
    for key, label in (("reel", "Reel"), ("hand", "hand-written"), ("four", "four runs")):
        for i, r in enumerate(res[key]):
            wall = r.get("time_to_ready_s") or r["wall_s"]
            extra = ""
            dist = " (disturbed; kept after the last retry)" if r.get("disturbed") else ""
            if r.get("discarded"):
                dist += "; discarded before it: " + ", ".join(f"{d['s']:.2f} s with {d['foreign_cores']:.2f} foreign cores" for d in r["discarded"])
            lines.append(f"- {label} {i + 1}: {wall:.2f} / {r['cpu_s']:.1f} / {r['foreign_cores']:.2f} / {r['load_before']} → {r['load_after']}{extra}{dist}")

    lines += ["", "The hand-written command (`hand_written_command` in `bench/transcode.py`, paths shortened):", "", "```sh", shell_join(rep["hand_written_command"]), "```"]
    if rep.get("args_diff") is not None:
        lines += [
            "",
            "Differences between the arguments Reel logged for its transcode (`RUST_LOG=reel=debug`, `spawned`) and the hand-written "
            "command, paths replaced (`-` only Reel, `+` only hand-written):",
            "",
            "```diff",
            *(rep["args_diff"] or ["(none)"]),
            "```",
        ]
    return "\n".join(lines) + "\n"


def short_path(arg: str) -> str:
    """A path in a Reel run's temporary data dir, shortened for the report."""
    arg = re.sub(r"/\S*/work/reel-[^/]+/scratch/[^/]+/", "SCRATCH/", arg)
    return re.sub(r"/\S*/work/reel-[^/]+/", "DATA/", arg)


def shell_join(cmd: list[str]) -> str:
    import shlex

    parts, line = [], []
    for a in cmd:
        if a.startswith("-") and not re.match(r"^-\d", a) and line and len(" ".join(line)) > 60:
            parts.append(" ".join(line))
            line = []
        line.append(shlex.quote(a))
    parts.append(" ".join(line))
    return " \\\n  ".join(parts)


def side_by_side() -> str | None:
    """Time to playable and to ready for every source length measured, from the newest complete
    results file of each length in bench/out/."""
    latest: dict[int, dict] = {}
    for f in sorted(OUT.glob("results-*.json")):
        rep = json.loads(f.read_text())
        if rep.get("complete") and rep["results"]["reel"]:
            latest[rep["settings"]["duration"]] = rep
    if not latest:
        return None
    lines = [
        SIDE_BY_SIDE,
        "",
        "Every source length `bench/transcode.py` has measured, newest run of each (see the sections below for the details of each "
        "run). Targets: playable within 10 s of the upload completing whatever the length; ready within "
        f"{TARGET_RATIO:.2f}× the hand-written command.",
        "",
        "| source | run (UTC) | upload complete → playable, median (s) | → ready, median (s) | hand-written (s) | ready / hand-written |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for d, rep in sorted(latest.items()):
        res = rep["results"]
        play = median([r["time_to_playable_s"] for r in res["reel"] if r["time_to_playable_s"] is not None])
        ready = median([r["time_to_ready_s"] for r in res["reel"]])
        hand = median([r["wall_s"] for r in res["hand"]]) if res["hand"] else None
        ratio = f"{ready / hand:.3f}×" if hand else "–"
        runs = f"{len(res['reel'])} Reel / {len(res['hand'])} hand-written run(s)"
        lines.append(f"| {d} s ({runs}) | {rep['started'][:16].replace('T', ' ')} | {fmt_s(play)} | {fmt_s(ready)} | {fmt_s(hand)} | {ratio} |")
    return "\n".join(lines) + "\n"


def write_docs(section: str) -> None:
    """Replaces (or appends) the report's section, then the side-by-side summary."""
    replace_section(section)
    summary = side_by_side()
    if summary:
        replace_section(summary)


def replace_section(section: str) -> None:
    title = section.splitlines()[0].rstrip()
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    text = DOCS.read_text() if DOCS.exists() else DOCS_INTRO
    lines = text.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if l.rstrip() == title), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        before = "".join(lines[:start])
        after = "".join(lines[end:])
        new = before + section + ("\n" + after if after else "")
    DOCS.write_text(new)


if __name__ == "__main__":
    main()
