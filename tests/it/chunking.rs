//! Chunked encoding: a long source cut into chunks that any worker process encodes, joined
//! without a seam. Two `reel worker` processes share the chunks of one video; one is killed
//! with SIGKILL in the middle of a chunk, and the video still ends `ready` exactly once and
//! plays as if one process had made it. Deleting an item while its chunks are encoded stops
//! them and leaves nothing behind. A source too short to chunk has its first second
//! encoded apart, and plays as one encode too, evenly paced even where x264 reorders less in
//! that second than after it.

// The tests of sharing chunks through the queue and the store run again on PostgreSQL + S3 +
// Redis (the joins' check reads a trigger of the database's own dialect); what a chunk's
// pictures are (a short source's first second, far keyframes, x264 on noise) is ffmpeg's work
// before the store sees a file, the same on every backend.
// suite: backends two_workers_share_one_video_s_chunks_survive_a_killed_one_and_it_plays_as_one_encode
// suite: backends a_chunked_item_whose_joins_do_not_hold_is_encoded_again_in_one_process
// suite: backends deleting_a_video_while_its_chunks_are_encoded_stops_them_and_leaves_nothing_behind
// suite: backends a_chunk_that_keeps_failing_fails_the_item_with_its_reason

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{ffprobe, make_clip, play_prefix, TestServer};

/// Chunks of 8 s after a first one of 1 s, for sources of 10 s and more.
const CHUNKED: &[(&str, &str)] = &[("REEL__CHUNKING__MIN_DURATION_S", "10"), ("REEL__CHUNKING__CHUNK_S", "8")];
/// One process encodes every source whole, its first segment as long as the rest.
const ONE_PROCESS: &[(&str, &str)] = &[("REEL__CHUNKING__QUICK_START", "false")];
/// The test source's length and frame rate.
const SECONDS: f64 = 36.0;
const FPS: f64 = 30.0;
const RUNGS: [&str; 3] = ["720p", "540p", "360p"];

/// The lease owner a worker logged when it started (`owner=HOST-UUID`).
fn owner_of(log_file: &std::path::Path) -> Option<String> {
    let log = std::fs::read_to_string(log_file).ok()?;
    let at = log.find("owner=")? + "owner=".len();
    Some(log[at..].split_whitespace().next()?.to_string())
}

fn payload(job: &Value) -> Value {
    serde_json::from_str(job["payload"].as_str().unwrap()).unwrap()
}

/// The video packets of an HLS playlist: (pts in seconds, keyframe), in presentation order.
fn packets(url: &str) -> Vec<(f64, bool)> {
    let probe = ffprobe(url, &["-select_streams", "v", "-show_entries", "packet=pts_time,flags"]);
    let mut packets: Vec<(f64, bool)> = probe["packets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["pts_time"].as_str().unwrap().parse().unwrap(), p["flags"].as_str().unwrap().starts_with('K')))
        .collect();
    packets.sort_by(|a, b| a.0.total_cmp(&b.0));
    packets
}

/// The mean PSNR (dB) that ffmpeg's `psnr` filter reports, run with `args` (inputs, graph and
/// any output limit) into the null muxer.
fn reported_psnr(args: &[&std::ffi::OsStr]) -> f64 {
    let out =
        std::process::Command::new("ffmpeg").args(["-hide_banner", "-nostdin"]).args(args).args(["-f", "null", "-"]).output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let at = log.rfind("average:").unwrap_or_else(|| panic!("no PSNR in:\n{log}")) + "average:".len();
    log[at..].split_whitespace().next().unwrap().parse().unwrap()
}

/// The mean PSNR (dB) of a rung's pictures against the source scaled to the rung's size.
fn psnr(rung_url: &str, source: &std::path::Path, (w, h): (u32, u32)) -> f64 {
    let graph = format!("[0:v]setpts=PTS-STARTPTS[a];[1:v]scale={w}:{h},setpts=PTS-STARTPTS[b];[a][b]psnr");
    reported_psnr(&["-i".as_ref(), rung_url.as_ref(), "-i".as_ref(), source.as_os_str(), "-lavfi".as_ref(), graph.as_ref()])
}

/// The storyboard's tile size in pixels (`media.storyboard_tile_width`, 16:9).
const TILE: (u64, u64) = (160, 90);

/// PSNR of tile `k` of a one-row storyboard against the source's frame at `secs`, both at the
/// tile's size.
fn tile_psnr(storyboard: &std::path::Path, k: u64, source: &std::path::Path, secs: f64) -> f64 {
    let (w, h) = TILE;
    let graph = format!("[0:v]crop={w}:{h}:{}:0,format=yuv420p[a];[1:v]scale={w}:{h},format=yuv420p[b];[a][b]psnr", k * w);
    let at = format!("{secs:.3}");
    reported_psnr(&[
        "-i".as_ref(),
        storyboard.as_os_str(),
        "-ss".as_ref(),
        at.as_ref(),
        "-i".as_ref(),
        source.as_os_str(),
        "-lavfi".as_ref(),
        graph.as_ref(),
        "-frames:v".as_ref(),
        "1".as_ref(),
    ])
}

/// Checks each storyboard tile of a ready item whose first segment is one second long is the
/// keyframe a second before its time (the last at or before it), not the one a second after.
/// The grid is the default one for this clip: a tile every 6 s (5 s rounded up to whole
/// keyframe intervals), 160 × 90, all in one row.
async fn assert_storyboard_at_keyframes(server: &TestServer, video: &Value, source: &std::path::Path) {
    let jpeg = server.http().get(video["playback"]["storyboard"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
    let file = server.dir.path().join("storyboard.jpg");
    std::fs::write(&file, jpeg).unwrap();
    let count = (SECONDS / 6.0).ceil() as u64;
    let size = ffprobe(file.to_str().unwrap(), &["-show_entries", "stream=width,height"]);
    assert_eq!(
        (&size["streams"][0]["width"], &size["streams"][0]["height"]),
        (&Value::from(TILE.0 * count), &Value::from(TILE.1)),
        "{size}"
    );
    for k in 1..count {
        let time = k as f64 * 6.0;
        let (before, after) = (tile_psnr(&file, k, source, time - 1.0), tile_psnr(&file, k, source, time + 1.0));
        assert!(before > after + 1.0, "tile {k} ({time} s): {before:.1} dB against 1 s before, {after:.1} dB against 1 s after");
    }
}

/// Checks a ready video plays as one encode: no discontinuity, every rung's frames one frame
/// apart from start to end, a keyframe at 0, then every 2 s from 1 s at the same times on every
/// rung, and the audio starting with the picture.
/// `packets` (of `rung`, `seconds` long) hold every frame once, one frame interval apart.
fn assert_every_frame_once(rung: &str, packets: &[(f64, bool)], seconds: f64) {
    assert_eq!(packets.len(), (seconds * FPS) as usize, "{rung}: every frame once");
    for pair in packets.windows(2) {
        assert!((pair[1].0 - pair[0].0 - 1.0 / FPS).abs() < 1e-3, "{rung}: a gap or overlap at {:?}", pair);
    }
}

async fn assert_seamless(server: &TestServer, video: &Value) {
    let prefix = play_prefix(video);
    let http = server.http();
    let master = http.get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
    let mut keyframes: Option<Vec<f64>> = None;
    for rung in RUNGS {
        let url = format!("{prefix}/{rung}/index.m3u8");
        let playlist = http.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(!playlist.contains("DISCONTINUITY") && playlist.contains("#EXT-X-ENDLIST"), "{playlist}");
        // A first segment of 1 s, then 4 s ones.
        assert!(playlist.contains("#EXTINF:1.000000,"), "{playlist}");
        assert_eq!(playlist.matches("#EXTINF").count(), 10, "{playlist}");
        let packets = packets(&url);
        assert_every_frame_once(rung, &packets, SECONDS);
        let keys: Vec<f64> = packets.iter().filter(|p| p.1).map(|p| p.0).collect();
        assert!(keys.len() > 2 && keys[0].abs() < 1e-3 && (keys[1] - 1.0).abs() < 1e-3, "{rung}: keyframes {keys:?}");
        for pair in keys[1..].windows(2) {
            assert!((pair[1] - pair[0] - 2.0).abs() < 1e-3, "{rung}: keyframes {keys:?}");
        }
        match &keyframes {
            None => keyframes = Some(keys),
            Some(first) => assert_eq!(first, &keys, "{rung}'s keyframes are not the top rung's"),
        }
    }
    assert!(!master.contains("DISCONTINUITY"));
    // The picture and the sound start together (within a frame).
    let streams = ffprobe(&format!("{prefix}/master.m3u8"), &["-show_entries", "stream=codec_type,start_time"]);
    let start = |kind: &str| -> f64 {
        let s = streams["streams"].as_array().unwrap().iter().find(|s| s["codec_type"] == kind).unwrap();
        s["start_time"].as_str().unwrap().parse().unwrap()
    };
    assert!((start("video") - start("audio")).abs() < 1.0 / FPS, "{streams}");
    // ffmpeg decodes the whole of it without a complaint.
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i", &format!("{prefix}/master.m3u8"), "-map", "0", "-f", "null", "-"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn two_workers_share_one_video_s_chunks_survive_a_killed_one_and_it_plays_as_one_encode() {
    let api = TestServer::start_as(CHUNKED, &["serve", "--no-worker"]);
    let logs = api.dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let mut doomed = Some(api.worker(&logs.join("w1.log")));
    let survivor = api.worker(&logs.join("w2.log"));
    let clip = make_clip(api.dir.path(), "long.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], SECONDS, &["-shortest"]);
    let id = api.upload(&clip, "In chunks").await;

    // Both workers take chunks; the first is killed while it encodes one (not the first).
    let started = Instant::now();
    let mut owners = BTreeSet::new();
    let mut killed: Option<Value> = None;
    loop {
        let video = api.get_json(&format!("/api/v1/videos/{id}")).await;
        assert_ne!(video["status"], "failed", "{video}\n{}", api.log());
        if video["status"] == "ready" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(180), "not ready: {video}");
        for job in api.get_json("/api/v1/admin/jobs?state=running").await.as_array().unwrap() {
            let Some(owner) = job["lease_owner"].as_str() else { continue };
            if job["kind"] == "process_video_chunk" {
                owners.insert(owner.split('/').next().unwrap().to_string());
                let w1 = owner_of(&logs.join("w1.log"));
                if killed.is_none() && payload(job)["span"]["part"] != 0 && w1.is_some_and(|w1| owner.starts_with(&w1)) {
                    let mut w1 = doomed.take().unwrap();
                    w1.kill().expect("SIGKILL");
                    w1.wait().unwrap();
                    killed = Some(job.clone());
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let killed = killed.expect("the first worker never ran a chunk after the first");
    let w2 = owner_of(&logs.join("w2.log")).unwrap();
    assert!(owners.len() == 2 && owners.contains(&w2), "both workers took chunks: {owners:?}");

    // The job table: five chunks and the audio, each done once; the killed chunk taken over.
    // (The final job turns the item ready before it clears the parts, so it may still run.)
    let mine_done = || async {
        let jobs = api.get_json("/api/v1/admin/jobs?limit=100").await;
        jobs.as_array().unwrap().iter().filter(|j| payload(j)["video_id"] == id.as_str()).all(|j| j["state"] == "done")
    };
    crate::common::eventually(Duration::from_secs(20), "every job of the item done", mine_done).await;
    let jobs = api.get_json("/api/v1/admin/jobs?limit=100").await;
    let mine: Vec<&Value> = jobs.as_array().unwrap().iter().filter(|j| payload(j)["video_id"] == id.as_str()).collect();
    let chunks: Vec<&&Value> = mine.iter().filter(|j| j["kind"].as_str().unwrap().contains("chunk")).collect();
    assert_eq!(chunks.iter().filter(|j| j["kind"] == "process_video_chunk").count(), 5, "{jobs}");
    assert!(mine.iter().all(|j| j["state"] == "done"), "{jobs}");
    let db = reel_base::db::Db::connect(&api.database_url(), 1).await.unwrap();
    let retaken = reel_base::db::jobs::get(&db, killed["id"].as_str().unwrap().parse().unwrap()).await.unwrap().unwrap();
    assert_eq!((retaken.state.as_str(), retaken.attempts), ("done", 2), "{retaken:?}");
    let vid: reel_base::domain::VideoId = id.parse().unwrap();
    let events: Vec<String> = reel_base::db::videos::events(&db, vid).await.unwrap().into_iter().map(|(s, _)| s).collect();
    assert_eq!(events.iter().filter(|s| *s == "ready").count(), 1, "{events:?}");
    assert_eq!(events.iter().filter(|s| *s == "playable").count(), 1, "{events:?}");

    let video = api.get_json(&format!("/api/v1/videos/{id}")).await;
    assert!(video["time_to_playable_s"].as_f64().unwrap() < video["time_to_ready_s"].as_f64().unwrap(), "{video}");
    assert_seamless(&api, &video).await;
    // The images and the download were made from the chunks' rungs.
    for file in ["poster", "storyboard", "mp4"] {
        let r = api.http().get(video["playback"][file].as_str().unwrap()).send().await.unwrap();
        assert_eq!(r.status(), 200, "{file}");
    }
    let download = ffprobe(video["playback"]["mp4"].as_str().unwrap(), &["-show_entries", "format=duration"]);
    let length: f64 = download["format"]["duration"].as_str().unwrap().parse().unwrap();
    assert!((length - SECONDS).abs() < 0.1, "{download}");

    // As good as one process's encode of the same source, rung by rung. (Each chunk's rate
    // control starts with a full buffer, so where the cap binds a chunk may spend a little more
    // and come out better; never worse.)
    let whole = TestServer::start_with(ONE_PROCESS);
    let one = whole.upload_ready(&clip, "In one piece").await;
    for (rung, size) in RUNGS.iter().zip([(1280, 720), (960, 540), (640, 360)]) {
        let chunked = psnr(&format!("{}/{rung}/index.m3u8", play_prefix(&video)), &clip, size);
        let single = psnr(&format!("{}/{rung}/index.m3u8", play_prefix(&one)), &clip, size);
        assert!(chunked >= single - 0.1, "{rung}: {chunked:.2} dB in chunks, {single:.2} dB in one piece");
    }
    crate::common::stop(survivor, Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_too_short_to_chunk_starts_with_its_first_second_and_plays_as_one_encode() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "short.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], SECONDS, &["-shortest"]);
    let video = server.upload_ready(&clip, "Quick start").await;
    let id = video["id"].as_str().unwrap();

    // One job made it: no chunk job was queued, and it was playable once, then ready once.
    let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
    let kinds: Vec<&str> =
        jobs.as_array().unwrap().iter().filter(|j| payload(j)["video_id"] == id).map(|j| j["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"process_video") && !kinds.iter().any(|k| k.contains("chunk")), "{jobs}");
    let db = reel_base::db::Db::connect(&server.database_url(), 1).await.unwrap();
    let events: Vec<String> = reel_base::db::videos::events(&db, id.parse().unwrap()).await.unwrap().into_iter().map(|(s, _)| s).collect();
    assert_eq!(events.iter().filter(|s| *s == "playable").count(), 1, "{events:?}");
    assert_eq!(events.iter().filter(|s| *s == "ready").count(), 1, "{events:?}");
    assert!(video["time_to_playable_s"].as_f64().unwrap() < video["time_to_ready_s"].as_f64().unwrap(), "{video}");
    assert_seamless(&server, &video).await;
    for file in ["poster", "storyboard", "mp4"] {
        let r = server.http().get(video["playback"][file].as_str().unwrap()).send().await.unwrap();
        assert_eq!(r.status(), 200, "{file}");
    }
    assert_storyboard_at_keyframes(&server, &video, &clip).await;

    // One process's encode (quick_start off) starts with a whole segment; the quick start's
    // rungs are as good as its, rung by rung.
    let whole = TestServer::start_with(ONE_PROCESS);
    let one = whole.upload_ready(&clip, "In one piece").await;
    let first = whole.http().get(format!("{}/720p/index.m3u8", play_prefix(&one))).send().await.unwrap().text().await.unwrap();
    assert!(first.contains("#EXTINF:4.000000,") && !first.contains("#EXTINF:1.000000,"), "{first}");
    for (rung, size) in RUNGS.iter().zip([(1280, 720), (960, 540), (640, 360)]) {
        let quick = psnr(&format!("{}/{rung}/index.m3u8", play_prefix(&video)), &clip, size);
        let single = psnr(&format!("{}/{rung}/index.m3u8", play_prefix(&one)), &clip, size);
        assert!(quick >= single - 0.1, "{rung}: {quick:.2} dB with a quick start, {single:.2} dB in one piece");
    }
}

/// An interlaced 1080i MPEG-TS as x264 makes it by default, one keyframe every 10 s: seeking in
/// a TS lands after the keyframe before the point asked for, so the quick start's second part
/// (from 1 s) once decoded nothing and the item failed after five attempts ("segment 1 of
/// rendition 1080p is unreadable"). Every rung now reads back whole, one frame every 40 ms.
#[tokio::test(flavor = "multi_thread")]
async fn an_interlaced_transport_stream_with_far_keyframes_plays_through_the_quick_start() {
    let server = TestServer::start();
    let interlaced = ["-vf", "interlace=scan=tff", "-flags", "+ildct+ilme", "-x264opts", "tff=1", "-shortest", "-f", "mpegts"];
    let clip = make_clip(server.dir.path(), "i1080.ts", &["testsrc2=size=1920x1080:rate=50", "sine"], 6.0, &interlaced);
    let probe = ffprobe(clip.to_str().unwrap(), &["-select_streams", "v", "-show_entries", "stream=field_order:packet=flags"]);
    assert_eq!(probe["streams"][0]["field_order"], "tt", "the source is interlaced, top field first");
    let keyframes = probe["packets"].as_array().unwrap().iter().filter(|p| p["flags"].as_str().unwrap().starts_with('K')).count();
    assert_eq!(keyframes, 1, "one keyframe in the whole source");

    let video = server.upload_ready(&clip, "1080i").await;
    assert_eq!(video["error"], Value::Null, "{video}");
    let prefix = play_prefix(&video);
    for rung in ["1080p", "720p", "540p", "360p"] {
        let packets = packets(&format!("{prefix}/{rung}/index.m3u8"));
        assert_eq!(packets.len(), 150, "{rung}: every frame of 6 s at 25 fps");
        for pair in packets.windows(2) {
            assert!((pair[1].0 - pair[0].0 - 0.04).abs() < 1e-3, "{rung}: a gap or overlap at {pair:?}");
        }
    }
}

/// A chunk made with other encoder settings (a worker configured apart from the rest) joins
/// with a different init segment; a trigger in the database stands for it, rewriting the hash
/// chunk 2 records. The item is not failed: it is encoded once more in one process, says so
/// in its history, is ready, and plays as one encode.
#[tokio::test(flavor = "multi_thread")]
async fn a_chunked_item_whose_joins_do_not_hold_is_encoded_again_in_one_process() {
    let server = TestServer::start_with(CHUNKED);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let sabotage: &[&str] = if crate::common::on_postgres() {
        &["CREATE FUNCTION other_settings() RETURNS trigger AS $$ BEGIN              IF NEW.kind = 'video' AND NEW.part = 1 AND NEW.done = 1 THEN                NEW.outputs := jsonb_set(NEW.outputs::jsonb, '{inits,360p}', '\"0000\"')::text; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
          "CREATE TRIGGER other_settings BEFORE UPDATE ON video_parts FOR EACH ROW EXECUTE FUNCTION other_settings()"]
    } else {
        &["CREATE TRIGGER other_settings AFTER UPDATE OF done ON video_parts            WHEN NEW.kind = 'video' AND NEW.part = 1 AND NEW.done = 1 BEGIN              UPDATE video_parts SET outputs = json_set(outputs, '$.inits.360p', '0000')              WHERE video_id = NEW.video_id AND kind = NEW.kind AND part = NEW.part; END"]
    };
    for statement in sabotage {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    let clip = make_clip(server.dir.path(), "long.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 20.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Joined again").await;
    let history = sqlx::query_scalar::<_, Option<String>>("SELECT detail FROM video_events WHERE video_id = $1 ORDER BY id")
        .bind(video["id"].as_str().unwrap())
        .fetch_all(&pool)
        .await
        .unwrap();
    let again = history.iter().flatten().find(|d| d.contains("encoding it again in one process"));
    let again = again.unwrap_or_else(|| panic!("no word of the second encode in {history:?}"));
    assert!(again.contains("the init segment of 360p made by chunk 2 differs"), "{again}");
    // Made whole this time: no first second apart, every frame once.
    let prefix = play_prefix(&video);
    let playlist = server.http().get(format!("{prefix}/360p/index.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(!playlist.contains("#EXTINF:1.000000,") && playlist.contains("#EXT-X-ENDLIST"), "{playlist}");
    assert_every_frame_once("360p", &packets(&format!("{prefix}/360p/index.m3u8")), 20.0);
}

/// On fresh noise x264 may use fewer B-frames in a row in the one-second first chunk than
/// after it; ffmpeg's reader, which moves decode times back by the deepest reordering seen so
/// far, would then play that chunk a frame early. Every rung reads back evenly paced.
#[tokio::test(flavor = "multi_thread")]
async fn every_rung_of_a_noisy_source_reads_back_evenly_paced_from_its_first_frame() {
    // The default preset: the tests' own, ultrafast, makes no B-frames.
    let server = TestServer::start_with(&[("REEL__MEDIA__X264_PRESET", "veryfast")]);
    let noisy = ["-shortest", "-vf", "noise=alls=7:allf=t+u"];
    let clip = make_clip(server.dir.path(), "noisy.mp4", &["testsrc2=size=1920x1080:rate=30", "sine"], 6.0, &noisy);
    let video = server.upload_ready(&clip, "Noisy").await;
    let prefix = play_prefix(&video);
    // Its first second was encoded apart (with the quickest search) and joined the rest: the
    // parameter sets matched, so it was not encoded again whole.
    let first = server.http().get(format!("{prefix}/360p/index.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(first.contains("#EXTINF:1.000000,"), "{first}");
    for rung in ["1080p", "720p", "540p", "360p"] {
        assert_every_frame_once(rung, &packets(&format!("{prefix}/{rung}/index.m3u8")), 6.0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_video_while_its_chunks_are_encoded_stops_them_and_leaves_nothing_behind() {
    let server = TestServer::start_with(CHUNKED);
    let clip = make_clip(server.dir.path(), "long.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 60.0, &["-shortest"]);
    let id = server.upload(&clip, "Soon gone").await;
    server.wait_for(&id, &["playable"], Duration::from_secs(120)).await;

    let r = server.http().delete(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 204);
    crate::common::eventually(Duration::from_secs(20), "the chunk jobs ended", || async {
        let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
        jobs.as_array().unwrap().iter().filter(|j| payload(j)["video_id"] == id.as_str()).all(|j| j["state"] == "done")
    })
    .await;
    let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
    let cancelled = jobs.as_array().unwrap().iter().filter(|j| j["last_error"] == "cancelled: the item was deleted").count();
    assert!(cancelled >= 2, "chunks left to do were cancelled: {jobs}");
    // Nothing of it is stored once the sweep that follows a deletion has run (two leases
    // later), whatever a chunk that was running stored before it stopped.
    let swept = |j: &&Value| j["kind"] == "purge_deleted_video" && j["state"] == "done";
    assert!(jobs.as_array().unwrap().iter().any(|j| swept(&j) && payload(j)["video_id"] == id.as_str()), "{jobs}");
    let left: Vec<_> = crate::common::files(&server.objects_dir()).into_iter().filter(|(path, _)| path.contains(&id)).collect();
    assert!(left.is_empty(), "{left:?}");
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let parts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM video_parts WHERE video_id = $1").bind(id.as_str()).fetch_one(&db).await.unwrap();
    assert_eq!(parts, 0);
    assert!(!server.log().contains("panicked"), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chunk_that_keeps_failing_fails_the_item_with_its_reason() {
    let server = TestServer::start_with(&[CHUNKED, &[("REEL__JOBS__MAX_ATTEMPTS", "2")]].concat());
    // A file whose index promises 36 s but whose media stops about half way: the chunks past
    // the cut find no pictures to encode.
    let clip = make_clip(
        server.dir.path(),
        "whole.mp4",
        &["testsrc2=size=640x360:rate=30", "sine"],
        SECONDS,
        &["-shortest", "-movflags", "+faststart"],
    );
    let bytes = std::fs::read(&clip).unwrap();
    let cut = server.dir.path().join("cut.mp4");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let id = server.upload(&cut, "Cut short").await;

    let started = Instant::now();
    let video = loop {
        let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
        if video["status"] == "failed" {
            break video;
        }
        assert_ne!(video["status"], "ready", "a video with chunks missing was published: {video}");
        assert!(started.elapsed() < Duration::from_secs(120), "not failed: {video}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let reason = video["error"].as_str().unwrap();
    assert!(reason.starts_with("chunk ") && reason.contains(" of the video could not be encoded: "), "{reason}");
    // The failed chunk was tried as often as allowed, its own error kept; nothing was published.
    // (The item is marked failed just before its last job is.)
    let given_up = || async {
        let jobs = server.get_json("/api/v1/admin/jobs?state=running").await;
        !jobs.as_array().unwrap().iter().any(|j| j["kind"] == "process_video_chunk")
    };
    crate::common::eventually(Duration::from_secs(20), "the chunk jobs ended", given_up).await;
    let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
    let dead: Vec<&Value> = jobs.as_array().unwrap().iter().filter(|j| j["state"] == "dead" || j["state"] == "failed").collect();
    assert!(!dead.is_empty() && dead.iter().all(|j| j["kind"] == "process_video_chunk" && j["attempts"] == 2), "{jobs}");
    let part = reason.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() - 1;
    let failed = dead.iter().find(|j| payload(j)["span"]["part"] == part).expect("the chunk the reason names");
    assert!(failed["last_error"].as_str().unwrap().contains("360p"), "the reason names what is missing: {failed}");
    assert!(!jobs.as_array().unwrap().iter().any(|j| j["kind"] == "finish_video_chunks"), "{jobs}");
}
