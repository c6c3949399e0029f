#!/usr/bin/env python3
"""Time to playable for heavy sources: where the seconds go between an upload's end and the
first moment a viewer can press play, for camera originals against a light clip.

Sources (made by `scripts/corpus` into target/corpus-bench, kept between runs):

  reference    a light 10 s 1080p30 clip (H.264 at about 8 Mbit/s, AAC), made here
  heavy        heavy_1080p30_100mbps_h264_aac.mp4: noisy 1080p30 at about 100 Mbit/s
  heavy 4K     heavy_2160p30_h264_aac.mp4: noisy 2160p30 at about 150 Mbit/s

Each run starts a fresh `reel serve` (the default settings: the quick start, one job at a
time), uploads each source in turn (A B C, then C B A, and so on, so the machine's drift falls
on all alike) and waits for each to be ready before the next. For every upload it reads
`time_to_playable_s` (upload complete -> playable) from the API, and from the server's debug
log when the job started ffprobe, when the first second's ffmpeg started, so the time splits
into: waiting for a worker, reading the file (ffprobe, the plan, the original put in place),
and the first second's encode with its publishing. Target: at most 3 s for the heavy 1080p
source, median of --runs.

Python 3.11 standard library only; shares its helpers with transcode.py. Results: stdout,
bench/out/playable-*.json, and the section "## Time to playable for heavy sources" of
docs/benchmarks.md (with --no-docs, stdout only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from transcode import (  # noqa: E402
    OUT,
    ROOT,
    api_get,
    build_reel,
    log,
    log_time,
    median,
    publish,
    reel_env,
    reel_serving,
    run_facts,
    upload,
    wait_ready,
)

SECTION = "## Time to playable for heavy sources"
CORPUS = ROOT / "target" / "corpus-bench"
HEAVY = ["heavy_1080p30_100mbps_h264_aac.mp4", "heavy_2160p30_h264_aac.mp4"]


def sources() -> list[tuple[str, Path]]:
    """The reference clip and the corpus's heavy files, made if missing."""
    subprocess.run([str(ROOT / "scripts" / "corpus"), "--only", ",".join(HEAVY), str(CORPUS)], check=True)
    reference = CORPUS / "reference_1080p30_8mbps_h264_aac.mp4"
    if not reference.exists():
        log(f"making {reference.name}")
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=30:d=10",
             "-f", "lavfi", "-i", "sine=d=10", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "8M", "-maxrate", "8M",
             "-bufsize", "16M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", str(reference)],
            check=True,
        )
    return [("reference (light 1080p)", reference), ("heavy 1080p, 100 Mbit/s", CORPUS / HEAVY[0]),
            ("heavy 2160p, 150 Mbit/s", CORPUS / HEAVY[1])]


def stages(logfile: Path, vid: str) -> dict:
    """When the upload of `vid` ended, its ffprobe started and its first ffmpeg started (the
    first second's encode, or the whole one), from the server's log, in epoch seconds."""
    found: dict = {}
    for line in logfile.read_text(errors="replace").splitlines():
        if "video uploaded" in line and vid in line:
            found.setdefault("uploaded", log_time(line))
        elif "kind=process_video " in line and f"item={vid}" in line and "spawned program=" in line:
            # The job's span names the item it works on.
            if "program=ffprobe" in line:
                found.setdefault("probe", log_time(line))
            elif "program=ffmpeg" in line and "-copyts" in line or "program=ffmpeg" in line and "-progress" in line:
                found.setdefault("encode", log_time(line))
    return found


def one_run(binary: Path, srcs: list[tuple[str, Path]], order: list[int]) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="reel-playable-") as tmp:
        data = Path(tmp)
        env = reel_env(data)
        with reel_serving(binary, env, data) as (_proc, port, token, logfile):
            for i in order:
                name, path = srcs[i]
                vid = upload(port, token, path)["id"]
                video = wait_ready(port, token, vid)
                at = stages(logfile, vid)
                row = {"source": name, "file": path.name, "playable_s": video["time_to_playable_s"],
                       "ready_s": video["time_to_ready_s"]}
                if {"uploaded", "probe", "encode"} <= at.keys():
                    row["waiting_s"] = round(at["probe"] - at["uploaded"], 3)
                    row["reading_s"] = round(at["encode"] - at["probe"], 3)
                    row["first_second_s"] = round(row["playable_s"] - (at["encode"] - at["uploaded"]), 3)
                log(f"{name}: playable {row['playable_s']:.2f} s, ready {row['ready_s']:.2f} s {row}")
                results.append(row)
    return results


def report(facts: dict, srcs, rows: list[dict], binary_note: str) -> str:
    lines = [SECTION, "",
             "Produced by `python3 bench/playable.py` (see its docstring): upload complete -> playable "
             "(`time_to_playable_s`), the default settings (the quick start), each source after the one "
             "before is ready, the order turned round every run.", "",
             f"Run {facts['started']} UTC at {facts['build']} on {facts['machine']}, load {facts['load']} at the start; "
             f"{binary_note}.", "",
             "| source | playable, each run (s) | median (s) | against the reference | waiting for a worker (s) "
             "| ffprobe and plan (s) | first second encoded and stored (s) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    ref = median([r["playable_s"] for r in rows if r["source"] == srcs[0][0]])
    for name, _ in srcs:
        mine = [r for r in rows if r["source"] == name]
        each = ", ".join(f"{r['playable_s']:.2f}" for r in mine)
        med = median([r["playable_s"] for r in mine])

        def part(key: str) -> str:
            xs = [r[key] for r in mine if key in r]
            return f"{median(xs):.2f}" if xs else "–"

        lines.append(f"| {name} | {each} | {med:.2f} | {med / ref:.2f}x | {part('waiting_s')} | {part('reading_s')} "
                     f"| {part('first_second_s')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    p.add_argument("--binary", type=Path, help="measure this reel binary (no build), e.g. target/debug/reel")
    p.add_argument("--no-docs", action="store_true")
    args = p.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    facts = run_facts(started)
    if args.binary:
        binary, note = args.binary.resolve(), f"binary `{args.binary}`"
    else:
        binary, note = build_reel(args), "release build"
    srcs = sources()
    rows: list[dict] = []
    for n in range(args.runs):
        order = list(range(len(srcs)))
        rows += one_run(binary, srcs, order if n % 2 == 0 else order[::-1])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"playable-{started:%Y%m%dT%H%M%S}.json").write_text(json.dumps({"facts": facts, "rows": rows}, indent=2))
    publish(report(facts, srcs, rows, note), args)


if __name__ == "__main__":
    main()
