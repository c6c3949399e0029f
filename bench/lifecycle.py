#!/usr/bin/env python3
"""Lifecycle benchmark: what the storage rules move and remove on a generated library, and the
monthly storage bill before and after, on the embedded default (a local folder) and on S3
(s3s-fs), in one run.

For each backend a `reel serve` (release build) processes three real clips (lavfi, 720p, 4, 8
and 16 s), then stops. The library is made from them: --items items, each a copy of one clip's
database row and stored objects under a new id, with an age (0–720 days since it became ready),
a last view (a third never viewed, the rest some time after they became ready) and one in
twenty pinned hot, drawn from a fixed seed so every run makes the same library. The storage
accounts are rebuilt from a listing of the store (`reel storage check --fix`), and then:

1. `reel lifecycle run --dry-run --json` (what each rule would do; the reference: the bill
   before any rule),
2. `reel lifecycle run --json` (done; timed),
3. `reel lifecycle run --json` again (nothing left to do: the rules are idempotent; timed),
4. `reel storage check` (the accounts still match the store).

Rules: originals to cold after 30 days, removed after 365; the top rungs of items nobody viewed
for 180 days dropped (the lowest two and the audio kept); renditions of items nobody viewed for
60 days to cold. The cold tier is another folder (local) or another bucket (S3; s3s-fs has
no storage classes). Prices: the shipped `[prices]` defaults.

Python 3.11 standard library only; needs ffmpeg, s3s-fs (`scripts/setup --test` installs it)
and the Rust toolchain. Results: stdout and the section "## Storage lifecycle on a generated
library" of docs/benchmarks.md (unless --no-docs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import transcode as t  # noqa: E402  (the shared helpers: server env, upload, polling, s3s-fs)

SECTION = "## Storage lifecycle on a generated library"
DAY_MS = 86_400_000
CLIPS = (4, 8, 16)
RULES = {
    "REEL__LIFECYCLE__ORIGINALS_COLD_AFTER_DAYS": "30",
    "REEL__LIFECYCLE__ORIGINALS_DELETE_AFTER_DAYS": "365",
    "REEL__LIFECYCLE__RENDITIONS_COLD_AFTER_IDLE_DAYS": "60",
    "REEL__LIFECYCLE__RENDITIONS_DROP_AFTER_IDLE_DAYS": "180",
    "REEL__LIFECYCLE__MAX_ITEMS_PER_RUN": "100000",
}


def make_clips(work: Path) -> list[Path]:
    clips = []
    for seconds in CLIPS:
        out = work / f"clip-{seconds}.mp4"
        # fmt: off
        t.run([
            "ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=30:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-vf", "noise=alls=7:allf=t+u", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
            "-c:a", "aac", "-shortest", str(out),
        ])
        # fmt: on
        clips.append(out)
    return clips


def cli(binary: Path, env: dict, data: Path, *args: str) -> tuple[str, float]:
    started = time.monotonic()
    out = t.run([str(binary), *args], env=env, cwd=data).stdout
    return out, time.monotonic() - started


def objects_root(data: Path, s3: tuple | None, bucket: str, work: Path) -> Path:
    return work / "s3" / "root" / bucket if s3 else data / "objects"


def generate(db_path: Path, objects: Path, templates: list[str], items: int) -> dict:
    """Copies the template items into `items` new ones, with ages and views from a fixed seed."""
    rng = random.Random(16)
    now = int(time.time() * 1000)
    db = sqlite3.connect(db_path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(videos)")]
    shape = {"never_viewed": 0, "pinned": 0}
    for i in range(items):
        template = templates[i % len(templates)]
        new = str(uuid.uuid4())
        age_days = rng.uniform(0, 720)
        ready_at = now - int(age_days * DAY_MS)
        viewed = rng.random() >= 1 / 3
        last_viewed = ready_at + int(rng.uniform(0, age_days) * DAY_MS) if viewed else None
        pinned = 1 if rng.random() < 0.05 else 0
        shape["never_viewed"] += 0 if viewed else 1
        shape["pinned"] += pinned
        values = {
            "id": new,
            "title": f"Library item {i + 1}",
            "ready_at": ready_at,
            "created_at": ready_at,
            "last_viewed_at": last_viewed,
            "storage_pinned": pinned,
            "series_id": None,
        }
        select = ", ".join("?" if c in values else c for c in columns)
        params = [values[c] for c in columns if c in values]
        db.execute(f"INSERT INTO videos ({', '.join(columns)}) SELECT {select} FROM videos WHERE id = ?", [*params, template])
        for folder in ("media", "sources"):
            shutil.copytree(objects / folder / template, objects / folder / new)
    # The templates themselves leave: the library is the generated items only.
    for template in templates:
        db.execute("DELETE FROM videos WHERE id = ?", [template])
        for folder in ("media", "sources"):
            shutil.rmtree(objects / folder / template)
    db.commit()
    db.close()
    return shape


def run_backend(binary: Path, clips: list[Path], work: Path, s3: tuple | None, items: int) -> dict:
    name = "s3s-fs" if s3 else "local folder"
    data = Path(tempfile.mkdtemp(prefix="reel-", dir=work))
    bucket = f"bench-{secrets.token_hex(4)}"
    env = t.reel_env(data)
    env.update(RUST_LOG="warn,reel=info", REEL__EDGE__API_PER_MINUTE_PER_IP="100000")
    if s3:
        (work / "s3" / "root" / bucket).mkdir(parents=True)
        (work / "s3" / "root" / f"{bucket}-cold").mkdir(parents=True)
        env.update(t.s3_env(s3, bucket), REEL__STORAGE__COLD__URL=f"s3://{bucket}-cold")
    else:
        env.update(REEL__STORAGE__COLD__URL=f"file://{data / 'cold'}")
    t.log(f"{name}: processing {len(clips)} clips")
    with t.reel_serving(binary, env, data) as (_proc, port, token, _logfile):
        templates = []
        for clip in clips:
            vid = t.upload(port, token, clip)["id"]
            t.wait_ready(port, token, vid)
            templates.append(vid)
    t.log(f"{name}: generating {items} items")
    objects = objects_root(data, s3, bucket, work)
    shape = generate(data / "reel.db", objects, templates, items)
    cli(binary, env, data, "storage", "check", "--fix")
    before = json.loads(cli(binary, env, data, "storage", "report", "--json")[0])
    env.update(RULES)
    dry, dry_s = cli(binary, env, data, "lifecycle", "run", "--dry-run", "--json")
    t.log(f"{name}: applying the rules")
    done, run_s = cli(binary, env, data, "lifecycle", "run", "--json")
    again, again_s = cli(binary, env, data, "lifecycle", "run", "--json")
    cli(binary, env, data, "storage", "check")
    after = json.loads(cli(binary, env, data, "storage", "report", "--json")[0])
    shutil.rmtree(data, ignore_errors=True)
    return {
        "name": name,
        "shape": shape,
        "before": before,
        "after": after,
        "dry": json.loads(dry),
        "run": json.loads(done),
        "again": json.loads(again),
        "run_s": run_s,
        "again_s": again_s,
        "dry_s": dry_s,
    }


def mib(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MiB"


def render(rep: dict) -> str:
    lines = [
        SECTION,
        "",
        f"`python3 bench/lifecycle.py`, {rep['started']}, {rep['machine']}, load {rep['load']}, build {rep['build']}. "
        f"A library of {rep['items']} items copied from three processed 720p clips (4, 8 and 16 s; every rung, the "
        "download, poster, storyboard and original), aged 0–720 days, a third never viewed, one in twenty pinned hot; "
        "rules: originals to cold after 30 days and removed after 365, the top rung of items idle for 180 days dropped "
        "(the lowest two and the audio kept), renditions of items idle for 60 days to cold. "
        "Reference: the same library's monthly storage bill before any rule, at the shipped `[prices]` "
        f"(as of {rep['backends'][0]['before']['prices_as_of']}).",
        "",
    ]
    for b in rep["backends"]:
        run, dry = b["run"], b["dry"]
        lines += [
            f"**{b['name']}** ({b['shape']['never_viewed']} never viewed, {b['shape']['pinned']} pinned): "
            f"{mib(b['before']['hot_bytes'])} hot before; after, {mib(b['after']['hot_bytes'])} hot and "
            f"{mib(b['after']['cold_bytes'])} cold.",
            "",
            "| rule | items | objects | bytes | monthly saving |",
            "|---|---:|---:|---:|---:|",
        ]
        for r in run["rules"]:
            lines.append(f"| `{r['rule']}` ({r['action']}) | {r['items']} | {r['objects']} | {mib(r['bytes'])} | ${r['monthly_saving']:.6f} |")
        ratio = run["monthly_after"] / run["monthly_before"] if run["monthly_before"] else float("nan")
        same = all(a["bytes"] == d["bytes"] and a["items"] == d["items"] for a, d in zip(run["rules"], dry["rules"]))
        billed = b["after"]["monthly_cost"]
        lines += [
            "",
            f"- Monthly storage bill: ${run['monthly_before']:.6f} before, ${run['monthly_after']:.6f} after: "
            f"**× {ratio:.3f}** of the reference (the storage report after the run: ${billed:.6f}). "
            f"Moved {mib(run['bytes_moved'])}, removed {mib(run['bytes_removed'])}.",
            f"- The dry run ({b['dry_s']:.2f} s) predicted {'exactly' if same else 'NOT'} what the run did; the run took "
            f"{b['run_s']:.2f} s; run again, it found {mib(b['again']['bytes_moved'] + b['again']['bytes_removed'])} "
            f"to do in {b['again_s']:.2f} s. `reel storage check` found the accounts equal to the store afterwards.",
            "",
        ]
    lines += [
        "The bill scales with the bytes: a real library's items are minutes long, not seconds, so its dollars are "
        "larger by that factor, while the ratio stays what the rules make it. Times include starting the `reel` "
        "process for each command.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=200, help="items in the generated library (default 200)")
    ap.add_argument("--skip-build", action="store_true", help="use target/release/reel as it is")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = ap.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    t.OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="lifecycle-", dir=t.OUT))
    binary = t.build_reel(args)
    s3 = None
    try:
        clips = make_clips(work)
        rep = {
            **t.run_facts(started),
            "items": args.items,
            "backends": [run_backend(binary, clips, work, None, args.items)],
        }
        s3 = t.start_s3(work / "s3")
        rep["backends"].append(run_backend(binary, clips, work, s3, args.items))
    finally:
        t.stop_s3(s3)
        shutil.rmtree(work, ignore_errors=True)
    t.publish(render(rep), args)


if __name__ == "__main__":
    main()
