#!/usr/bin/env python3
"""Chunked encoding benchmark: what cutting one video into chunks costs, and what it buys.

All on one source, in one run (defaults: the 600 s noisy 1080p30 source of transcode.py):

  overhead     one worker, `reel serve` (concurrency 1, ffmpeg's own threads): the one-process
               path (chunking.min_duration_s = 0, quick_start = false) against chunked
               encoding; CPU seconds of the server and its children, and time to ready.
               Target: chunked uses at most 5 % more CPU.
  speed-up     `reel serve --no-worker` with `reel worker` processes each held to one core
               (`taskset -c N`) and one thread per encoder (media.encoder_threads = 1): one
               such worker against two. Target: two are at least 1.8x faster to ready.
  projection   from the one-core worker's own chunk times (a + b x seconds, fitted), the time to
               ready with 4, 8, 16 and 32 workers: the cut those workers would get, chunks
               handed out in queue order to whichever worker is free, then the final job. A
               projection, not a measurement.
  playable     upload complete -> playable (`time_to_playable_s`) for the 60 s and the long
               source: one process, not chunked with the quick start (the default), and
               chunked; median of --runs. Target: at most 3 s without and with chunking.
  quality      PSNR and SSIM of every rung against the source, chunked and one-process.

The two ratios are taken over runs in A B B A order (--rounds times), summed: this machine's
speed drifts by up to a fifth over minutes (two like chunks of one run took 39 s and 46 s), and
a single A-then-B pair reads that drift as overhead or speed-up.

A 600 s run takes hours; --parts makes some of the measurements and --with adds them to an
earlier run's, so a run can be split where each part's own runs stay together. The result is
written after every part.

Python 3.11 standard library only; shares its helpers with transcode.py. Results: stdout,
bench/out/chunking-*.json, and the section "## Chunked encoding" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from transcode import (  # noqa: E402
    OUT,
    Meter,
    api_get,
    build_reel,
    hls_variants,
    log,
    make_source,
    median,
    process_tree_cpu_s,
    quality,
    reel_env,
    reel_serving,
    replace_section,
    run_facts,
    upload,
)

SECTION = "## Chunked encoding"
RUNGS = [("1080p", 1920, 1080), ("720p", 1280, 720), ("540p", 960, 540), ("360p", 640, 360)]
CHUNKED = {"REEL__CHUNKING__MIN_DURATION_S": "10"}
# Not chunked: one job, its first second and audio apart from the rest (the default).
QUICK = {"REEL__CHUNKING__MIN_DURATION_S": "0"}
# One process for the whole encode: the reference.
WHOLE = {"REEL__CHUNKING__MIN_DURATION_S": "0", "REEL__CHUNKING__QUICK_START": "false"}
JOB_DONE = re.compile(r"kind=(\w+) attempt=\d+\}: reel::jobs::worker: job done seconds=([0-9.]+)")


def process_video(
    binary: Path, src: Path, work: Path, settings: dict, workers: list[str] | None = None, until: str = "ready", scored: bool = False
) -> dict:
    """One upload on a fresh data dir, followed until `until`. `workers`: none for `reel
    serve` with its own worker; else `reel serve --no-worker` plus one `reel worker` per entry,
    each pinned to that CPU list with `taskset`. Returns wall and CPU (server and workers with
    their children), the API's times, each job's seconds from the logs, and with `scored` the
    rungs' PSNR and SSIM."""
    data = Path(tempfile.mkdtemp(prefix="reel-chunking-", dir=work))
    env = {**reel_env(data), **settings}
    args = ("serve",) if workers is None else ("serve", "--no-worker")
    procs = []
    try:
        with reel_serving(binary, env, data, args) as (proc, port, token, logfile):
            for n, cpus in enumerate(workers or []):
                with open(data / f"worker{n}.log", "wb") as lf:
                    procs.append(subprocess.Popen(["taskset", "-c", cpus, str(binary), "worker"], env=env, cwd=data, stdout=lf, stderr=subprocess.STDOUT))
            pids = [proc.pid, *(p.pid for p in procs)]
            vid = upload(port, token, src)["id"]
            meter = Meter(lambda: sum(process_tree_cpu_s(pid) for pid in pids))
            deadline = time.monotonic() + 7200
            while (v := api_get(port, token, f"/api/v1/videos/{vid}"))["status"] not in (until, "ready"):
                if v["status"] == "failed" or time.monotonic() > deadline:
                    raise RuntimeError(f"processing did not finish: {v}")
                time.sleep(0.1)
            res = {**meter.stop(), "time_to_ready_s": v.get("time_to_ready_s"), "time_to_playable_s": v.get("time_to_playable_s")}
            logs = [logfile, *(data / f"worker{n}.log" for n in range(len(procs)))]
            res["jobs"] = [(m.group(1), float(m.group(2))) for f in logs for m in JOB_DONE.finditer(f.read_text(errors="replace"))]
            log(f"  {res['time_to_ready_s'] or res['time_to_playable_s']:.2f} s, CPU {res['cpu_s']:.1f} s, others {res['foreign_cores']:.2f} cores")
            if scored:
                res["scores"] = score(src, v)
        return res
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=60)
        shutil.rmtree(data, ignore_errors=True)


def score(src: Path, video: dict) -> dict:
    variants = hls_variants(video["playback"]["hls"])
    out = {}
    for name, w, h in RUNGS:
        if f"{w}x{h}" in variants:
            log(f"  quality: {name}")
            out[name] = quality(src, variants[f"{w}x{h}"], w, h)
    return out


def chunk_lengths(duration: float, workers: int, chunk_s: int = 60, seg: int = 4, lead: int = 1) -> list[float]:
    """The cut `media::chunks::plan` makes (kept in step with it by hand): one second
    (`LEAD_SECS`), then chunks of duration / (2 x workers) in whole segments, 2 segments to
    chunk_s, the rest last."""
    share = int(duration / (2 * workers))
    chunk = min(max(share // seg * seg, 2 * seg), max(chunk_s, 2 * seg))
    starts = [0, lead]
    while starts[-1] + chunk + seg <= duration:
        starts.append(starts[-1] + chunk)
    ends = starts[1:] + [duration]
    return [e - s for s, e in zip(starts, ends)]


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares t = a + b x seconds."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else my / mx
    return my - b * mx, b


def project(duration: float, workers: int, a: float, b: float, audio_s: float, final_s: float) -> float:
    """Time to ready with `workers` one-core workers: chunks (and the audio after the first)
    in queue order to the first free worker, then the final job."""
    jobs = [a + b * length for length in chunk_lengths(duration, workers)]
    jobs.insert(1, audio_s)
    free = [0.0] * workers
    for t in jobs:
        i = free.index(min(free))
        free[i] += t
    return max(free) + final_s


def alternated(rounds: int, a, b) -> tuple[list, list]:
    """Runs `a` and `b` in A B B A order, `rounds` times; each is told whether it is its first
    run. Returns both lists of results."""
    ra, rb = [], []
    for _ in range(rounds):
        ra.append(a(not ra))
        rb.append(b(not rb))
        rb.append(b(False))
        ra.append(a(False))
    return ra, rb


def total(runs: list, key: str) -> float:
    return sum(r[key] for r in runs)


PARTS = ("overhead", "speedup", "playable")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=600, help="the long source's length in seconds (default 600)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each playable measurement (default 3)")
    ap.add_argument("--rounds", type=int, default=1, help="A B B A rounds of each ratio's two sides (default 1)")
    ap.add_argument("--noise", type=int, default=7, help="noise strength of the source (as transcode.py)")
    ap.add_argument("--parts", default=",".join(PARTS), help=f"which measurements to make, of {','.join(PARTS)} (default all)")
    ap.add_argument("--with", dest="earlier", type=Path, help="an earlier bench/out/chunking-*.json of the same source: its parts are kept where this run does not make them")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--no-docs", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    parts = [p for p in args.parts.split(",") if p]
    if unknown := set(parts) - set(PARTS):
        sys.exit(f"unknown parts: {', '.join(sorted(unknown))}")
    if not shutil.which("taskset"):
        sys.exit("taskset is missing (util-linux)")
    started = dt.datetime.now(dt.timezone.utc)
    binary = build_reel(args)
    src, desc = make_source(args)
    short, _ = make_source(argparse.Namespace(**{**vars(args), "duration": 60}))
    rep = {"source": desc, "duration": args.duration, "parts": {}}
    if args.earlier:
        rep = json.loads(args.earlier.read_text())
        if "parts" not in rep or rep.get("duration") != args.duration or rep.get("source") != desc:
            sys.exit(f"{args.earlier} is not a chunking result of this source")
    result = OUT / f"chunking-{started.strftime('%Y%m%dT%H%M%S')}.json"
    work = Path(tempfile.mkdtemp(prefix="bench-chunking-"))
    measure = {
        "overhead": lambda: overhead(binary, src, work, args.rounds),
        "speedup": lambda: speedup(binary, src, work, args.rounds),
        "playable": lambda: playable(binary, {"60 s": short, f"{args.duration} s": src}, work, args.runs),
    }
    try:
        for name in parts:
            facts = run_facts(dt.datetime.now(dt.timezone.utc))
            rep["parts"][name] = {"facts": facts, **measure[name]()}
            # Written after every part, so a run stopped part-way keeps what it measured.
            result.write_text(json.dumps(rep, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    md = render(rep)
    print(md)
    if args.no_docs:
        return
    if missing := [p for p in PARTS if p not in rep["parts"]]:
        log(f"docs/benchmarks.md left alone: no {', '.join(missing)} yet (run them with --with {result})")
    else:
        replace_section(md)


def overhead(binary: Path, src: Path, work: Path, rounds: int) -> dict:
    log("overhead: one worker, one process vs chunked")
    wholes, chunkeds = alternated(rounds, lambda first: process_video(binary, src, work, WHOLE, scored=first),
                                  lambda first: process_video(binary, src, work, CHUNKED, scored=first))
    return {"whole": wholes, "chunked": chunkeds}


def speedup(binary: Path, src: Path, work: Path, rounds: int) -> dict:
    log("speed-up: one worker on one core against two")
    one_core = {**CHUNKED, "REEL__MEDIA__ENCODER_THREADS": "1"}
    ones, twos = alternated(rounds, lambda _: process_video(binary, src, work, one_core, workers=["0"]),
                            lambda _: process_video(binary, src, work, one_core, workers=["0", "1"]))
    return {"one_core": ones, "two_cores": twos}


def playable(binary: Path, sources: dict, work: Path, runs: int) -> dict:
    log("time to playable")
    times = {}
    for label, source in sources.items():
        for path, settings in (("one process", WHOLE), ("quick start (not chunked)", QUICK), ("chunked", CHUNKED)):
            times[f"{label}, {path}"] = [process_video(binary, source, work, settings, until="playable")["time_to_playable_s"] for _ in range(runs)]
            log(f"  {label}, {path}: {times[f'{label}, {path}']}")
    return {"times": times}


def render(rep: dict) -> str:
    """The docs section: one table per part measured, each with when and at which build."""
    d = rep["duration"]
    parts = rep["parts"]

    def each(runs: list, key: str) -> str:
        return ", ".join(f"{r[key]:.1f}" for r in runs)

    def ran(part: dict) -> str:
        f = part["facts"]
        return f"Run {f['started']} UTC at {f['build']} on {f['machine']}, load {f['load']} at the start."

    def pair(part: dict, what: str, ratio: str, *rows: tuple[str, list, str]) -> list[str]:
        """A ratio's table: when it ran, then each side's runs and its ratio to the first."""
        head = [f"| {what} | time to ready, each run (s) | CPU, each run (s) | {ratio} |", "| --- | --- | --- | ---: |"]
        return ["", ran(part), "", *head, *(f"| {label} | {each(runs, 'time_to_ready_s')} | {each(runs, 'cpu_s')} | {r} |" for label, runs, r in rows)]

    lines = [
        SECTION,
        "",
        "Produced by `python3 bench/chunking.py` (see its docstring). The two ratios come from runs in A B B A order, summed.",
        f"Source: {rep['source']}.",
    ]
    if o := parts.get("overhead"):
        wholes, chunkeds = o["whole"], o["chunked"]
        lines += pair(o, "one worker (`reel serve`, concurrency 1)", "CPU against one process", ("one process (reference)", wholes, "1.000x"),
                      ("chunked", chunkeds, f"{total(chunkeds, 'cpu_s') / total(wholes, 'cpu_s'):.3f}x"))
        lines += [
            "",
            "| rung | PSNR one process (dB) | PSNR chunked (dB) | SSIM one process | SSIM chunked |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, _, _ in RUNGS:
            w, c = wholes[0]["scores"].get(name), chunkeds[0]["scores"].get(name)
            if w and c:
                lines.append(f"| {name} | {w['psnr_avg']:.2f} | {c['psnr_avg']:.2f} | {w['ssim_all']:.4f} | {c['ssim_all']:.4f} |")
    if sp := parts.get("speedup"):
        ones, twos = sp["one_core"], sp["two_cores"]
        lines += pair(sp, "workers held to one core each, one thread per encoder, chunked", "speed-up", ("one (reference)", ones, "1.00x"),
                      ("two", twos, f"{total(ones, 'time_to_ready_s') / total(twos, 'time_to_ready_s'):.2f}x"))
        lines += projection(d, ones[0]["jobs"])
    if pl := parts.get("playable"):
        lines += ["", ran(pl), "", "| upload complete → playable | each run (s) | median (s) |", "| --- | --- | ---: |"]
        for label, times in pl["times"].items():
            lines.append(f"| {label} | {', '.join(f'{t:.2f}' for t in times)} | {median(times):.2f} |")
    return "\n".join(lines) + "\n"


def projection(d: float, jobs: list) -> list[str]:
    """The table of projected times to ready with more workers, from one one-core worker's
    job times; nothing when its chunks do not match the cut this script expects."""
    chunks = [t for kind, t in jobs if kind == "process_video_chunk"]
    lengths = chunk_lengths(d, 2)
    if len(chunks) != len(lengths):
        return []
    # One worker takes the chunks in queue order, so the n-th time is the n-th chunk's.
    a, b = fit(list(zip(lengths, chunks)))
    audio = next((t for kind, t in jobs if kind == "process_video_audio"), 0.0)
    final = next((t for kind, t in jobs if kind == "finish_video_chunks"), 0.0)
    lines = [
        "",
        f"Projection from the one-core worker's {len(chunks)} chunk jobs (a chunk of x seconds took {a:.2f} + {b:.3f}·x s; "
        f"the audio {audio:.1f} s, the final job {final:.1f} s): time to ready with N one-core workers, each given the cut for N workers.",
        "",
        "| workers | chunks | projected time to ready (s) | against one worker |",
        "| ---: | ---: | ---: | ---: |",
    ]
    base = project(d, 1, a, b, audio, final)
    for n in (1, 2, 4, 8, 16, 32):
        t = project(d, n, a, b, audio, final)
        lines.append(f"| {n} | {len(chunk_lengths(d, n))} | {t:.1f} | {base / t:.2f}x |")
    return lines


if __name__ == "__main__":
    main()
