//! Every file of the test corpus (`scripts/corpus`, made once into `target/corpus`) through
//! every path a source can take: one process, a quick start, chunks, transcoded again, and a
//! dropped rung made again; and its hostile files, which fail fast with a reason. What comes out
//! is checked from outside, as players see it, with real readers: the HLS playlists with
//! m3u8-rs, the DASH MPD with dash-mpd's parser, every rendition decoded to its end by ffmpeg
//! (which lists its packets' timing on the way), the starts of picture and sound by ffprobe. Each
//! test prints a table, file by path, also written as Markdown to
//! `target/corpus-report/{test}.md`, and fails listing every file that went wrong.

// suite: backends needs_servers

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use serde_json::Value;

use crate::common::{make_clip, TestServer};

/// `REEL__…` settings of one test server.
type Settings = &'static [(&'static str, &'static str)];

/// Two transcodes at once, as on a small host; the test keeps a few more items in flight so
/// checking one overlaps encoding the next.
const CONCURRENCY: (&str, &str) = ("REEL__JOBS__CONCURRENCY", "2");
const IN_FLIGHT: usize = 4;

/// The x264 preset Reel ships with. Test servers use `ultrafast`, which makes no B-frames; the
/// shipped one does, and B-frames put a picture's decode before its display, which is what
/// starts a picture late against its sound if the muxer is told wrong.
const SHIPPED_PRESET: (&str, &str) = ("REEL__MEDIA__X264_PRESET", "veryfast");

/// Every source encoded whole by one process, its first segment as long as the rest.
const ONE_PROCESS: Settings = &[CONCURRENCY, ("REEL__CHUNKING__QUICK_START", "false"), ("REEL__CHUNKING__MIN_DURATION_S", "0")];
/// The default configuration: a source of 5 s or more starts with its first second encoded
/// apart, chunks and segments as shipped, and the shipped preset.
const QUICK_START: Settings = &[CONCURRENCY, SHIPPED_PRESET];
/// Chunks short enough that the corpus's 3 s files are cut (a first second, then the rest):
/// with 4 s segments a source needs 5 s for a second chunk, and most of the corpus is shorter.
const CHUNKED: Settings =
    &[CONCURRENCY, ("REEL__CHUNKING__MIN_DURATION_S", "2"), ("REEL__CHUNKING__CHUNK_S", "4"), ("REEL__MEDIA__SEGMENT_SECS", "2")];
/// The default, with the lifecycle rule that drops idle items' rungs on, keeping only the
/// lowest, so every item with two rungs or more has one to make again.
const AGAIN: Settings = &[
    CONCURRENCY,
    SHIPPED_PRESET,
    ("REEL__LIFECYCLE__RENDITIONS_DROP_AFTER_IDLE_DAYS", "30"),
    ("REEL__LIFECYCLE__RENDITIONS_KEEP_RUNGS", "1"),
];
/// [`ONE_PROCESS`] and [`CHUNKED`] with the shipped preset, for the sources in [`B_FRAME_FILES`].
const ONE_PROCESS_SHIPPED: Settings =
    &[CONCURRENCY, SHIPPED_PRESET, ("REEL__CHUNKING__QUICK_START", "false"), ("REEL__CHUNKING__MIN_DURATION_S", "0")];
const CHUNKED_SHIPPED: Settings = &[
    CONCURRENCY,
    SHIPPED_PRESET,
    ("REEL__CHUNKING__MIN_DURATION_S", "2"),
    ("REEL__CHUNKING__CHUNK_S", "4"),
    ("REEL__MEDIA__SEGMENT_SECS", "2"),
];
/// Sources also encoded with the shipped preset (B-frames) through one process and in chunks:
/// 1080p30 long enough for every path, NTSC 29.97, and interlaced MPEG-TS, whose chunks are
/// decoded from the start of the file.
const B_FRAME_FILES: [&str; 3] = ["bframes_1080p30_h264_aac.mp4", "fps_29p97.mp4", "i1080_tff_h264_aac.ts"];

/// The segment length of the default settings and of [`CHUNKED`], in seconds.
const SEGMENT_S: f64 = 4.0;
const CHUNKED_SEGMENT_S: f64 = 2.0;
/// A source shorter than this takes the one-process path even with a quick start (a first
/// second and at least one whole segment after it).
const QUICK_START_FROM_S: f64 = 5.0;
/// How far apart the picture and the sound may start.
const AV_START_WITHIN_S: f64 = 0.005;
/// Timestamps may be off by this many ticks of their time base (rounding between time bases).
const TICKS: i64 = 2;
const READY_WITHIN: Duration = Duration::from_secs(300);
const FAILED_WITHIN: Duration = Duration::from_secs(20);

/// The files transcoded again and whose dropped rungs are made again: interlaced in MPEG-TS with
/// a quick start, a variable frame rate, 10-bit HDR, portrait by its display matrix, and three
/// audio tracks.
const AGAIN_FILES: [&str; 5] = [
    "i1080_tff_h264_aac.ts",
    "vfr_phone_h264_aac.mp4",
    "hdr10_pq_hevc_aac.mp4",
    "rotated_90_h264_aac.mp4",
    "audio_3tracks_eng_fra_spa.mkv",
];

/// The ladder's rungs (`ladder.rung`, the default), by their short side.
const RUNGS: [u32; 4] = [1080, 720, 540, 360];
/// How much over the rung below it a source's short side must be to keep its own size on top.
const OWN_SIZE_OVER: f64 = 1.05;

/// One file of the corpus, as `corpus.tsv` lists it, with what ffprobe says of it.
#[derive(Clone)]
struct Source {
    name: String,
    class: String,
    /// video, audio, image, hostile or long.
    kind: String,
    file: PathBuf,
    /// None for hostile files; an error when ffprobe cannot read a file meant to be played.
    facts: Option<Result<Arc<Facts>, String>>,
}

/// Makes the corpus (once per run of the suite; the script keeps files it made before) and reads
/// its manifest. None, after saying so, where ffmpeg or the script is missing, except on CI,
/// where that fails the test.
fn corpus() -> Option<&'static [Source]> {
    static CORPUS: OnceLock<Option<Vec<Source>>> = OnceLock::new();
    CORPUS.get_or_init(make_corpus).as_deref()
}

fn make_corpus() -> Option<Vec<Source>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("scripts/corpus");
    let ffmpeg = Command::new("ffmpeg").arg("-version").output().is_ok_and(|o| o.status.success());
    let missing = match (ffmpeg, script.exists()) {
        (false, _) => Some("ffmpeg"),
        (_, false) => Some("scripts/corpus"),
        _ => None,
    };
    if let Some(missing) = missing {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "the corpus tests need {missing}, and CI has it");
        eprintln!("skipped: the corpus tests need {missing}");
        return None;
    }
    let dir = root.join("target/corpus");
    let made = Command::new(&script).arg(&dir).output().expect("scripts/corpus runs");
    assert!(made.status.success(), "scripts/corpus failed:\n{}", String::from_utf8_lossy(&made.stderr));
    let manifest = std::fs::read_to_string(dir.join("corpus.tsv")).expect("scripts/corpus writes corpus.tsv");
    let mut sources: Vec<Source> = manifest
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields.len() >= 3, "a corpus.tsv line without name, class and kind: {line:?}");
            let (name, kind) = (fields[0].to_string(), fields[2].to_string());
            Source { file: dir.join(&name), name, class: fields[1].to_string(), kind, facts: None }
        })
        .filter(|s| s.kind != "long")
        .collect();
    assert!(!sources.is_empty(), "an empty corpus");
    // Probed on every core: listing every packet of some 70 files takes seconds.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let per_thread = sources.len().div_ceil(cores);
    std::thread::scope(|scope| {
        for group in sources.chunks_mut(per_thread) {
            scope.spawn(|| {
                for s in group.iter_mut().filter(|s| s.kind != "hostile") {
                    s.facts = Some(facts(&s.file).map(Arc::new));
                }
            });
        }
    });
    Some(sources)
}

/// What ffprobe says of a corpus file: what Reel's renditions are held to.
struct Facts {
    /// The container's duration, in seconds.
    duration: f64,
    video: Option<VideoFacts>,
    /// Each audio stream's extent, in stream order.
    audio: Vec<Extent>,
}

struct VideoFacts {
    /// The size it is shown at: pixel aspect ratio and rotation applied.
    display: (u32, u32),
    /// Its extent on the item's timeline.
    extent: Extent,
    /// Whether its frames are unevenly spaced (a variable frame rate, or a hole).
    uneven: bool,
}

/// How long a stream lasts, to the end of its last packet (a source's sound: to the end of its
/// last decoded sample), and its usual packet length (a frame), in seconds.
#[derive(Debug, Clone, Copy)]
struct Extent {
    secs: f64,
    packet: f64,
}

/// One stream as ffprobe or ffmpeg's `framecrc` lists it, with its packets.
struct Track {
    kind: String,
    /// Seconds per tick.
    tick: f64,
    /// Where the stream starts, in seconds (after edit lists).
    start: Option<f64>,
    size: (u32, u32),
    /// (pts, dts, duration) of each packet, in ticks, in file order.
    packets: Vec<(Option<i64>, Option<i64>, Option<i64>)>,
    /// ffprobe's description of the stream (null from `framecrc`).
    stream: Value,
}

impl Track {
    /// Presentation times in ticks, in presentation order.
    fn presentation(&self) -> Vec<i64> {
        let mut pts: Vec<i64> = self.packets.iter().filter_map(|p| p.0.or(p.1)).collect();
        pts.sort_unstable();
        pts
    }

    /// The most common step between presentation times: one frame.
    fn step(&self) -> Option<i64> {
        let pts = self.presentation();
        let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
        for pair in pts.windows(2).filter(|p| p[1] > p[0]) {
            *counts.entry(pair[1] - pair[0]).or_default() += 1;
        }
        counts.into_iter().max_by_key(|(step, n)| (*n, std::cmp::Reverse(*step))).map(|(step, _)| step)
    }

    /// The stream's extent from `origin` (seconds), or from its own start.
    fn extent(&self, origin: Option<f64>) -> Extent {
        let step = self.step().unwrap_or(0);
        let pts = self.presentation();
        let end = self.packets.iter().filter_map(|p| Some(p.0.or(p.1)? + p.2.filter(|d| *d > 0).unwrap_or(step))).max();
        let start = origin.or(self.start).map(|s| (s / self.tick).round() as i64).or(pts.first().copied());
        let secs = match (start, end) {
            (Some(start), Some(end)) => (end - start) as f64 * self.tick,
            _ => 0.0,
        };
        Extent { secs, packet: step as f64 * self.tick }
    }

    /// Whether any two frames are further apart, or closer, than one step.
    fn uneven(&self) -> bool {
        let Some(step) = self.step() else { return false };
        self.presentation().windows(2).any(|p| (p[1] - p[0] - step).abs() > TICKS)
    }
}

fn ratio(text: Option<&str>, sep: char) -> Option<f64> {
    let (n, d) = text?.split_once(sep)?;
    let (n, d): (f64, f64) = (n.trim().parse().ok()?, d.trim().parse().ok()?);
    (n > 0.0 && d > 0.0).then_some(n / d)
}

/// The streams of an ffprobe answer (`-show_entries stream=…:packet=stream_index,…`), with
/// their packets.
fn tracks(probe: &Value) -> Vec<Track> {
    let empty = Vec::new();
    let streams = probe["streams"].as_array().unwrap_or(&empty);
    let mut tracks: Vec<Track> = streams
        .iter()
        .map(|s| Track {
            kind: s["codec_type"].as_str().unwrap_or_default().to_string(),
            tick: ratio(s["time_base"].as_str(), '/').unwrap_or(1.0 / 90_000.0),
            start: s["start_time"].as_str().and_then(|t| t.parse().ok()),
            size: (s["width"].as_u64().unwrap_or(0) as u32, s["height"].as_u64().unwrap_or(0) as u32),
            packets: Vec::new(),
            stream: s.clone(),
        })
        .collect();
    for p in probe["packets"].as_array().unwrap_or(&empty) {
        let index = p["stream_index"].as_u64().unwrap_or(0) as usize;
        let at = streams.iter().position(|s| s["index"].as_u64() == Some(index as u64)).unwrap_or(index);
        if let Some(track) = tracks.get_mut(at) {
            track.packets.push((p["pts"].as_i64(), p["dts"].as_i64(), p["duration"].as_i64()));
        }
    }
    tracks
}

/// Probes a corpus file: its streams, packets and duration.
fn facts(file: &Path) -> Result<Facts, String> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-print_format", "json", "-show_streams", "-show_format"])
        .args(["-show_entries", "packet=stream_index,pts,dts,duration"])
        .arg(file)
        .output()
        .map_err(|e| format!("ffprobe: {e}"))?;
    if !out.status.success() {
        return Err(format!("ffprobe cannot read it: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let probe: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("ffprobe's JSON: {e}"))?;
    let tracks = tracks(&probe);
    let picture = tracks.iter().find(|t| t.kind == "video" && t.stream["disposition"]["attached_pic"] != 1);
    let sound = || tracks.iter().filter(|t| t.kind == "audio");
    // The item's timeline starts where the first of them does: a stream that starts later is
    // padded (the sound with silence) from there.
    let origin = picture.into_iter().chain(sound()).filter_map(|t| t.start).reduce(f64::min);
    let video = picture.map(|t| {
        let sar = ratio(t.stream["sample_aspect_ratio"].as_str(), ':').unwrap_or(1.0);
        let rotation = t.stream["side_data_list"]
            .as_array()
            .and_then(|list| list.iter().find_map(|d| d["rotation"].as_f64()))
            .or_else(|| t.stream["tags"]["rotate"].as_str().and_then(|r| r.parse().ok()))
            .unwrap_or(0.0);
        let shown = (f64::from(t.size.0) * sar).round().max(2.0) as u32;
        let quarter = ((rotation.round() as i64 % 360) + 360) % 180 == 90;
        let display = if quarter { (t.size.1, shown) } else { (shown, t.size.1) };
        VideoFacts { display, extent: t.extent(origin), uneven: t.uneven() }
    });
    let rates = sound().filter_map(|t| Some((t.stream["index"].as_u64()?, t.stream["sample_rate"].as_str()?.parse().ok()?))).collect();
    let decoded = decoded_audio(file, &rates)?;
    let audio = sound()
        .map(|t| {
            let packets = t.extent(origin);
            match decoded.get(&t.stream["index"].as_u64().unwrap_or(u64::MAX)) {
                Some(&(start, end)) => Extent { secs: end - origin.unwrap_or(start), packet: packets.packet },
                None => packets,
            }
        })
        .collect();
    let duration = probe["format"]["duration"].as_str().and_then(|d| d.parse().ok()).unwrap_or(0.0);
    Ok(Facts { duration, video, audio })
}

/// Where each audio stream's decoded sound starts and ends (seconds), by stream index: what a
/// player plays. A decoder may hold back its first packets' sound where the file does not say
/// so (WMA: the sound starts two packets after the first one), and then the packets' extent is
/// not the sound's. A frame without a time follows the one before it. `rates`: each stream's
/// sample rate.
fn decoded_audio(file: &Path, rates: &BTreeMap<u64, f64>) -> Result<BTreeMap<u64, (f64, f64)>, String> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-print_format", "json", "-select_streams", "a"])
        .args(["-show_entries", "frame=stream_index,best_effort_timestamp_time,nb_samples"])
        .arg(file)
        .output()
        .map_err(|e| format!("ffprobe: {e}"))?;
    if !out.status.success() {
        return Err(format!("ffprobe cannot decode its sound: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let probe: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("ffprobe's JSON: {e}"))?;
    let mut streams: BTreeMap<u64, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for frame in probe["frames"].as_array().into_iter().flatten() {
        let Some(index) = frame["stream_index"].as_u64() else { continue };
        let rate = rates.get(&index).copied().unwrap_or(0.0);
        let length = frame["nb_samples"].as_f64().filter(|_| rate > 0.0).map_or(0.0, |n| n / rate);
        let at: Option<f64> = frame["best_effort_timestamp_time"].as_str().and_then(|t| t.parse().ok());
        let (start, end) = streams.entry(index).or_default();
        *start = start.or(at);
        *end = at.or(*end).map(|from| from + length);
    }
    Ok(streams.into_iter().filter_map(|(index, (start, end))| Some((index, (start?, end?)))).collect())
}

/// The video rungs the ladder rules give a source shown at `display`, highest first: each
/// configured rung no taller (short side) than the source, never upscaled, in the source's
/// orientation and aspect ratio (even sizes); and on top the source's own size (rounded down to
/// even) when its short side is more than 5 % over the rung below it and under the top rung, or
/// under every rung.
fn ladder_for((width, height): (u32, u32)) -> Vec<(u32, u32)> {
    let portrait = height > width;
    let short = width.min(height);
    let even = |x: f64| ((x / 2.0).round() as u32 * 2).max(2);
    let size = |s: u32| {
        let long = even(f64::from(s) * f64::from(width.max(height)) / f64::from(short));
        if portrait {
            (even(f64::from(s)), long)
        } else {
            (long, even(f64::from(s)))
        }
    };
    let mut rungs: Vec<(u32, u32)> = RUNGS.iter().filter(|r| **r <= short).map(|r| size(*r)).collect();
    let below = RUNGS.iter().filter(|r| **r <= short).max();
    let above = RUNGS.iter().any(|r| *r > short);
    let own = match below {
        None => true,
        Some(lo) => above && f64::from(short) > f64::from(*lo) * OWN_SIZE_OVER,
    };
    if own {
        // Never a line more than the source has: an odd size is rounded down to even.
        let (w, h) = size(short);
        rungs.push((w.min(width & !1).max(2), h.min(height & !1).max(2)));
    }
    rungs.sort_by_key(|(w, h)| std::cmp::Reverse(w * h));
    rungs.dedup();
    rungs
}

/// What happened to one file on one path.
struct Outcome {
    file: String,
    class: String,
    path: String,
    /// How the item was made: `chunks`, `quick start`, `one process`, or what failed.
    made: String,
    /// Seconds from upload to ready (or failed).
    settled_s: Option<f64>,
    /// Seconds the checks took.
    checked_s: f64,
    problems: Vec<String>,
    /// The item, once it was ready.
    id: Option<String>,
}

impl Outcome {
    fn new(source: &Source, path: &str) -> Self {
        Self {
            file: source.name.clone(),
            class: source.class.clone(),
            path: path.to_string(),
            made: String::new(),
            settled_s: None,
            checked_s: 0.0,
            problems: Vec::new(),
            id: None,
        }
    }
}

/// Runs `each` over `items`, [`IN_FLIGHT`] at a time, each in a task of its own so that a panic
/// is one file's failure rather than the whole test's. `each` gives the work and the outcome to
/// report should it panic.
async fn each<T, F, Fut>(items: Vec<T>, each: F) -> Vec<Outcome>
where
    T: Send + 'static,
    F: Fn(T) -> (Outcome, Fut),
    Fut: Future<Output = Outcome> + Send + 'static,
{
    stream::iter(items)
        .map(|item| {
            let (mut stopped, work) = each(item);
            let task = tokio::spawn(work);
            async move {
                task.await.unwrap_or_else(|e| {
                    let why = e
                        .try_into_panic()
                        .ok()
                        .and_then(|p| p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())));
                    stopped.problems.push(why.unwrap_or_else(|| "the check stopped".into()).lines().next().unwrap_or_default().into());
                    stopped
                })
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await
}

/// Prints the table of `outcomes`, writes it to `target/corpus-report/{test}.md`, and fails with
/// every problem when there is one.
fn report(test: &str, started: Instant, mut outcomes: Vec<Outcome>) {
    let (made, settled) = if test == "hostile" { ("reason", "failed (s)") } else { ("made by", "ready (s)") };
    outcomes.sort_by(|a, b| (&a.file, &a.path).cmp(&(&b.file, &b.path)));
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut table = format!("| file | class | path | {made} | result | {settled} | checks (s) |\n|---|---|---|---|---|--:|--:|\n");
    for o in &outcomes {
        let result = if o.problems.is_empty() { "ok".to_string() } else { format!("FAIL: {}", o.problems.join("; ")) };
        let settled = o.settled_s.map_or("–".into(), |s| format!("{s:.1}"));
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {settled} | {:.1} |\n",
            o.file,
            o.class,
            o.path,
            cell(&o.made),
            cell(&result),
            o.checked_s
        ));
    }
    let failed: Vec<String> =
        outcomes.iter().flat_map(|o| o.problems.iter().map(move |p| format!("{} × {}: {p}", o.file, o.path))).collect();
    let bad = outcomes.iter().filter(|o| !o.problems.is_empty()).count();
    let summary = format!("{} of {} ok in {:.0} s", outcomes.len() - bad, outcomes.len(), started.elapsed().as_secs_f64());
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/corpus-report");
    std::fs::create_dir_all(&folder).expect("the report folder");
    std::fs::write(folder.join(format!("{test}.md")), format!("{table}\n{summary}\n")).expect("the report");
    eprintln!("{test}:\n{table}{summary}");
    assert!(failed.is_empty(), "{bad} of {} failed:\n{}", outcomes.len(), failed.join("\n"));
}

/// Uploads a file with the multipart route; the new item's id, or why it was refused.
async fn upload(server: &TestServer, file: &Path, title: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("reading the file: {e}"))?;
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let form = reqwest::multipart::Form::new()
        .text("title", title.to_string())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
    let url = format!("{}/api/v1/videos", server.base);
    let r = server.http().post(url).bearer_auth(&server.token).multipart(form).send().await.map_err(|e| e.to_string())?;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    match body["id"].as_str() {
        Some(id) if status == 201 => Ok(id.to_string()),
        _ => Err(format!("refused at upload ({status}): {}", body["message"].as_str().unwrap_or(&body.to_string()))),
    }
}

/// `GET` a URL's body as text, or why not.
async fn fetch(server: &TestServer, url: &str) -> Result<String, String> {
    let r = server.http().get(url).send().await.map_err(|e| format!("GET {url}: {e}"))?;
    if !r.status().is_success() {
        return Err(format!("GET {}: {}", short(url), r.status()));
    }
    r.text().await.map_err(|e| format!("GET {}: {e}", short(url)))
}

/// A playback URL without its origin and token, for messages.
fn short(url: &str) -> String {
    let parts: Vec<&str> = url.split('/').collect();
    match parts.iter().position(|p| *p == "play") {
        Some(at) if parts.len() > at + 3 => parts[at + 3..].join("/"),
        _ => url.to_string(),
    }
}

/// The item's JSON.
async fn video(server: &TestServer, id: &str) -> Result<Value, String> {
    let url = format!("{}/api/v1/videos/{id}", server.base);
    let r = server.http().get(url).bearer_auth(&server.token).send().await.map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(format!("GET the item: {}", r.status()));
    }
    r.json().await.map_err(|e| e.to_string())
}

/// Waits until the item is ready or failed; its JSON and how long that took, or (for a failed
/// item, or one still not done after `limit`) the reason.
async fn settle(server: &TestServer, id: &str, limit: Duration) -> (Result<Value, String>, f64) {
    let started = Instant::now();
    loop {
        let taken = started.elapsed().as_secs_f64();
        let v = match video(server, id).await {
            Ok(v) => v,
            Err(e) => return (Err(e), taken),
        };
        match v["status"].as_str().unwrap_or_default() {
            "ready" => return (Ok(v), taken),
            "failed" => return (Err(format!("failed: {}", v["error"].as_str().unwrap_or("(no reason)"))), taken),
            status if started.elapsed() > limit => return (Err(format!("still {status} after {limit:?}")), taken),
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Runs a program and gives its stdout, or its stderr's first lines when it fails or complains.
async fn run(program: &str, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = tokio::process::Command::new(program).args(args).output().await.map_err(|e| format!("{program}: {e}"))?;
    let complaint = String::from_utf8_lossy(&out.stderr).trim().to_string();
    if out.status.success() && complaint.is_empty() {
        return Ok(out.stdout);
    }
    let lines: Vec<&str> = complaint.lines().take(3).collect();
    Err(format!("{program} {}: {}", if out.status.success() { "complains" } else { "fails" }, lines.join(" / ")))
}

/// Reads a rendition's playlist the way a player does, in one ffmpeg run: every frame decoded
/// (into the null muxer), and every packet's timing listed (a stream copy into `framecrc`, with
/// the timestamps as they are). The rendition's one stream, and what the decoder complained of.
async fn read_rendition(url: &str) -> Result<(Track, Option<String>), String> {
    let args = ["-hide_banner", "-nostdin", "-v", "error", "-copyts", "-i", url, "-map", "0", "-f", "null", "-"];
    let out = tokio::process::Command::new("ffmpeg")
        .args(args)
        .args(["-map", "0", "-c", "copy", "-f", "framecrc", "-"])
        .output()
        .await
        .map_err(|e| format!("ffmpeg: {e}"))?;
    let complaint = String::from_utf8_lossy(&out.stderr).trim().to_string();
    let complaint = (!out.status.success() || !complaint.is_empty())
        .then(|| format!("ffmpeg does not decode it to the end: {}", complaint.lines().take(3).collect::<Vec<_>>().join(" / ")));
    let mut track =
        Track { kind: String::new(), tick: 1.0 / 90_000.0, start: None, size: (0, 0), packets: Vec::new(), stream: Value::Null };
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        // `#tb 0: 1/15360`, `#media_type 0: video`, `#dimensions 0: 1280x720`, then one line
        // per packet: `0, dts, pts, duration, size, checksum`.
        if let Some(header) = line.strip_prefix('#') {
            let (key, value) = header.split_once(':').map(|(k, v)| (k.trim(), v.trim())).unwrap_or((header, ""));
            match key {
                "tb 0" => track.tick = ratio(Some(value), '/').unwrap_or(track.tick),
                "media_type 0" => track.kind = value.to_string(),
                "dimensions 0" => {
                    let (w, h) = value.split_once('x').unwrap_or(("0", "0"));
                    track.size = (w.parse().unwrap_or(0), h.parse().unwrap_or(0));
                }
                _ => {}
            }
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() >= 4 && fields[0] == "0" {
            let number = |i: usize| fields[i].parse::<i64>().ok();
            track.packets.push((number(2), number(1), number(3)));
        }
    }
    if track.packets.is_empty() {
        return Err(complaint.unwrap_or_else(|| "ffmpeg reads no packet from it".into()));
    }
    Ok((track, complaint))
}

/// Where `url` (a URI in a playlist at `base`) points.
fn resolve(base: &str, uri: &str) -> String {
    if uri.starts_with("http://") || uri.starts_with("https://") {
        return uri.to_string();
    }
    if uri.starts_with('/') {
        let origin_end = base.find("://").map_or(0, |at| at + 3);
        let path_at = base[origin_end..].find('/').map_or(base.len(), |at| origin_end + at);
        return format!("{}{uri}", &base[..path_at]);
    }
    format!("{}/{uri}", &base[..base.rfind('/').unwrap_or(base.len())])
}

/// A rendition's name: the folder its playlist is in.
fn rendition_name(url: &str) -> String {
    let path = url.split('?').next().unwrap_or(url);
    path.rsplit('/').nth(1).unwrap_or(path).to_string()
}

/// Which of the source's audio streams a rendition is made from: `audio` the first, `audio-2`
/// the second, … (a suffix for 5.1, a loudness re-encode or a generation aside).
fn audio_track(name: &str) -> usize {
    let parts: Vec<&str> = name.split('-').collect();
    match parts.get(1).and_then(|p| p.parse::<usize>().ok()) {
        Some(n) if (2..50).contains(&n) => n - 1,
        _ => 0,
    }
}

/// One media playlist of a master, read.
struct Rendition {
    name: String,
    url: String,
    /// The master's RESOLUTION for a video variant.
    resolution: Option<(u32, u32)>,
    /// Its segments' durations.
    segments: Vec<f64>,
}

/// Checks a ready item from outside and returns what is wrong; `segment_s` is the settings'
/// segment length.
async fn check(server: &TestServer, item: &Value, facts: &Facts, segment_s: f64) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(master_url) = item["playback"]["hls"].as_str() else { return vec![format!("no HLS URL in {item}")] };
    let master_text = match fetch(server, master_url).await {
        Ok(t) => t,
        Err(e) => return vec![e],
    };
    let master = match m3u8_rs::parse_playlist_res(master_text.as_bytes()) {
        Ok(m3u8_rs::Playlist::MasterPlaylist(m)) => m,
        Ok(_) => return vec!["master.m3u8 reads as a media playlist".into()],
        Err(e) => return vec![format!("m3u8-rs cannot read master.m3u8: {e:?}")],
    };
    // Every rendition the master names, once: variants, then audio and text renditions.
    let mut renditions: Vec<Rendition> = Vec::new();
    let mut named = |uri: &str, resolution: Option<(u32, u32)>| {
        let url = resolve(master_url, uri);
        let name = rendition_name(&url);
        if !renditions.iter().any(|r| r.name == name) {
            renditions.push(Rendition { name, url, resolution, segments: Vec::new() });
        }
    };
    for v in master.variants.iter().filter(|v| !v.is_i_frame) {
        named(&v.uri, v.resolution.map(|r| (r.width as u32, r.height as u32)));
    }
    let mut texts = Vec::new();
    for alt in &master.alternatives {
        match (&alt.media_type, &alt.uri) {
            (m3u8_rs::AlternativeMediaType::Audio, Some(uri)) => named(uri, None),
            (_, Some(uri)) => texts.push(resolve(master_url, uri)),
            _ => {}
        }
    }
    if renditions.is_empty() {
        return vec!["the master lists no rendition".into()];
    }

    // Each media playlist reads back complete: segments, no discontinuity, the end.
    for r in &mut renditions {
        match media_playlist(server, &r.url).await {
            Ok(segments) => r.segments = segments,
            Err(e) => problems.push(format!("{}: {e}", r.name)),
        }
    }
    for url in &texts {
        if let Err(e) = media_playlist(server, url).await {
            problems.push(format!("{}: {e}", rendition_name(url)));
        }
    }

    // Every rendition decodes to its end, and lasts as long as what it was made from.
    let mut video_sizes = Vec::new();
    for r in &renditions {
        let track = match read_rendition(&r.url).await {
            Ok((track, complaint)) => {
                problems.extend(complaint.map(|c| format!("{}: {c}", r.name)));
                track
            }
            Err(e) => {
                problems.push(format!("{}: {e}", r.name));
                continue;
            }
        };
        let track = &track;
        if track.kind != "video" && track.kind != "audio" {
            problems.push(format!("{}: no audio or video stream", r.name));
            continue;
        }
        let got = track.extent(None);
        let listed: f64 = r.segments.iter().sum();
        let source = if track.kind == "video" {
            video_sizes.push((r.name.clone(), r.resolution, track.size));
            // A source whose frames are unevenly spaced may keep them so.
            let even = facts.video.as_ref().is_some_and(|v| !v.uneven);
            if let Err(e) = pacing(track, even) {
                problems.push(format!("{}: {e}", r.name));
            }
            facts.video.as_ref().map(|v| v.extent)
        } else {
            facts.audio.get(audio_track(&r.name)).or(facts.audio.first()).copied()
        };
        let Some(source) = source else {
            problems.push(format!("{}: a {kind} rendition of a source without {kind}", r.name, kind = track.kind));
            continue;
        };
        // Within a frame: a packet of sound (the encoder pads the last to whole) or, where the
        // item has a picture, one of its frames (an edit list that cuts a source's sound inside
        // a packet is read to that packet's end).
        let picture_frame = facts.video.as_ref().map_or(0.0, |v| v.extent.packet);
        let within = source.packet.max(got.packet).max(picture_frame) + 0.001;
        if (got.secs - source.secs).abs() > within {
            problems.push(format!(
                "{}: lasts {:.3} s, the source's {} {:.3} s ({:.0} ms apart, over {:.0} ms)",
                r.name,
                got.secs,
                track.kind,
                source.secs,
                (got.secs - source.secs).abs() * 1000.0,
                within * 1000.0
            ));
        }
        if (listed - source.secs).abs() > segment_s {
            problems.push(format!("{}: its playlist lists {listed:.3} s, the source's {} {:.3} s", r.name, track.kind, source.secs));
        }
    }

    // The ladder: the rules' sizes, and each rung's pictures the size the master says.
    if let Some(v) = &facts.video {
        let mut got: Vec<(u32, u32)> = video_sizes.iter().filter_map(|(_, res, _)| *res).collect();
        got.sort_by_key(|(w, h)| std::cmp::Reverse(w * h));
        problems.extend(ladder_problems(v.display, &got));
        for (name, listed, decoded) in &video_sizes {
            if let Some((w, h)) = listed.filter(|l| l != decoded) {
                problems.push(format!("{name}: pictures of {}×{}, the master says {w}×{h}", decoded.0, decoded.1));
            }
        }
    }

    // The DASH MPD says the same.
    match item["playback"]["dash"].as_str() {
        Some(url) => problems.extend(dash_problems(server, url, item["duration_s"].as_f64(), &renditions, segment_s).await),
        None => problems.push("no DASH URL".into()),
    }

    // The picture and the sound start together.
    if facts.video.is_some() && !facts.audio.is_empty() {
        if let Err(e) = av_start(master_url).await {
            problems.push(e);
        }
    }
    problems
}

/// Reads a media playlist with m3u8-rs: its segments' durations, once it is complete and
/// continuous.
async fn media_playlist(server: &TestServer, url: &str) -> Result<Vec<f64>, String> {
    let text = fetch(server, url).await?;
    let playlist = match m3u8_rs::parse_playlist_res(text.as_bytes()) {
        Ok(m3u8_rs::Playlist::MediaPlaylist(p)) => p,
        Ok(_) => return Err("a master playlist where a media playlist belongs".into()),
        Err(e) => return Err(format!("m3u8-rs cannot read it: {e:?}")),
    };
    let mut problems = Vec::new();
    if !playlist.end_list {
        problems.push("no #EXT-X-ENDLIST".to_string());
    }
    if playlist.segments.is_empty() {
        problems.push("no segment".into());
    }
    if let Some(n) = playlist.segments.iter().position(|s| s.discontinuity) {
        problems.push(format!("a discontinuity before segment {n}"));
    }
    if let Some(s) = playlist.segments.iter().find(|s| f64::from(s.duration).round() as u64 > playlist.target_duration) {
        problems.push(format!("a segment of {} s over the target duration {}", s.duration, playlist.target_duration));
    }
    if problems.is_empty() {
        Ok(playlist.segments.iter().map(|s| f64::from(s.duration)).collect())
    } else {
        Err(problems.join(", "))
    }
}

/// Where a video rendition's timing goes wrong, if it does: in decode order each packet's
/// decode time one frame after the one before, and in presentation order every frame once, one
/// frame apart, within [`TICKS`], across every segment and chunk boundary. Where the source's
/// frames are not `even`, only that the times go forward, each once.
fn pacing(track: &Track, even: bool) -> Result<(), String> {
    // A still (one frame) has no pace to keep.
    let Some(step) = track.step() else { return Ok(()) };
    let ms = |ticks: i64| ticks as f64 * track.tick * 1000.0;
    let dts: Vec<i64> = track.packets.iter().filter_map(|p| p.1).collect();
    if dts.len() != track.packets.len() {
        return Err("packets without a decode time".into());
    }
    for (order, times) in [("decode", dts), ("presentation", track.presentation())] {
        let wrong = |d: i64| if even { (d - step).abs() > TICKS } else { d <= 0 };
        if let Some(pair) = times.windows(2).find(|p| wrong(p[1] - p[0])) {
            let frame = if even { format!(" where a frame is {:.1} ms", ms(step)) } else { String::new() };
            return Err(format!("{order} times step {:.1} ms at {:.3} s{frame}", ms(pair[1] - pair[0]), pair[1] as f64 * track.tick));
        }
    }
    Ok(())
}

/// What breaks the ladder rules (see [`ladder_for`]) in the rungs `got` (highest first) of a
/// source shown at `display`.
fn ladder_problems(display: (u32, u32), got: &[(u32, u32)]) -> Vec<String> {
    let (dw, dh) = display;
    let mut problems = Vec::new();
    for &(w, h) in got {
        if w.min(h) > dw.min(dh) || w.max(h) > dw.max(dh) {
            problems.push(format!("rung {w}×{h} is larger than the {dw}×{dh} source"));
        }
        if (h > w) != (dh > dw) && w != h && dw != dh {
            problems.push(format!("rung {w}×{h} is not in the {dw}×{dh} source's orientation"));
        }
    }
    let expected = ladder_for(display);
    if problems.is_empty() && got != expected {
        let list = |sizes: &[(u32, u32)]| sizes.iter().map(|(w, h)| format!("{w}×{h}")).collect::<Vec<_>>().join(", ");
        problems.push(format!("ladder {} where the rules give {} for {dw}×{dh}", list(got), list(&expected)));
    }
    problems
}

/// Reads the DASH MPD with dash-mpd's parser and checks it describes the HLS renditions: the
/// same names and sizes, timelines without a hole over the same segments, and the presentation
/// as long as the item (within a segment).
async fn dash_problems(server: &TestServer, url: &str, item_s: Option<f64>, renditions: &[Rendition], segment_s: f64) -> Vec<String> {
    let text = match fetch(server, url).await {
        Ok(t) => t,
        Err(e) => return vec![e],
    };
    let mpd = match dash_mpd_core::parse(&text) {
        Ok(m) => m,
        Err(e) => return vec![format!("dash-mpd cannot read manifest.mpd: {e}")],
    };
    let mut problems = Vec::new();
    let total = mpd.mediaPresentationDuration.map(|d| d.as_secs_f64());
    match (total, item_s) {
        (Some(total), Some(item)) if (total - item).abs() > segment_s => {
            problems.push(format!("the MPD lasts {total:.3} s, the item {item:.3} s"))
        }
        (None, _) => problems.push("the MPD has no mediaPresentationDuration".into()),
        _ => {}
    }
    let mut seen = BTreeSet::new();
    for period in &mpd.periods {
        for set in &period.adaptations {
            let text_set = set.mimeType.as_deref().is_some_and(|m| m.starts_with("text/")) || set.contentType.as_deref() == Some("text");
            if text_set {
                continue;
            }
            for rep in &set.representations {
                let id = rep.id.clone().unwrap_or_default();
                let Some(template) = rep.SegmentTemplate.as_ref().or(set.SegmentTemplate.as_ref()) else {
                    problems.push(format!("DASH {id}: no SegmentTemplate"));
                    continue;
                };
                let Some(timeline) = &template.SegmentTimeline else {
                    problems.push(format!("DASH {id}: no SegmentTimeline"));
                    continue;
                };
                let scale = template.timescale.unwrap_or(1) as f64;
                let (mut next, mut first, mut count) = (None::<u64>, None::<u64>, 0usize);
                for s in &timeline.segments {
                    if let (Some(t), Some(expected)) = (s.t, next) {
                        if t != expected {
                            problems.push(format!("DASH {id}: the timeline jumps from {expected} to {t}"));
                        }
                    }
                    let start = s.t.or(next).unwrap_or(0);
                    first.get_or_insert(start);
                    let repeats = s.r.unwrap_or(0).max(0) as u64 + 1;
                    next = Some(start + s.d * repeats);
                    count += repeats as usize;
                }
                let lasts = (next.unwrap_or(0) - first.unwrap_or(0)) as f64 / scale;
                seen.insert(id.clone());
                match renditions.iter().find(|r| r.name == id) {
                    None => problems.push(format!("DASH {id}: not in the HLS master")),
                    Some(r) => {
                        let listed: f64 = r.segments.iter().sum();
                        if r.segments.len() != count || (listed - lasts).abs() > 0.01 {
                            let hls = r.segments.len();
                            problems.push(format!("DASH {id}: {count} segments over {lasts:.3} s, HLS {hls} over {listed:.3} s"));
                        }
                        let size = rep.width.zip(rep.height).map(|(w, h)| (w as u32, h as u32));
                        if r.resolution.is_some() && size != r.resolution {
                            problems.push(format!("DASH {id}: {size:?}, HLS {:?}", r.resolution));
                        }
                    }
                }
            }
        }
    }
    for r in renditions.iter().filter(|r| !seen.contains(&r.name)) {
        problems.push(format!("{}: not in the MPD", r.name));
    }
    problems
}

/// Checks every video stream of the master starts within [`AV_START_WITHIN_S`] of every audio
/// stream, as ffprobe reads them.
async fn av_start(master_url: &str) -> Result<(), String> {
    let out =
        run("ffprobe", &["-v", "error", "-print_format", "json", "-show_entries", "stream=codec_type,start_time", master_url]).await?;
    let json: Value = serde_json::from_slice(&out).map_err(|e| format!("ffprobe's JSON: {e}"))?;
    let starts = |kind: &str| -> Vec<f64> {
        json["streams"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["codec_type"] == kind)
            .filter_map(|s| s["start_time"].as_str()?.parse().ok())
            .collect()
    };
    let (video, audio) = (starts("video"), starts("audio"));
    for v in &video {
        for a in &audio {
            if (v - a).abs() > AV_START_WITHIN_S {
                return Err(format!("the video starts at {v:.3} s, the audio at {a:.3} s ({:.0} ms apart)", (v - a).abs() * 1000.0));
            }
        }
    }
    Ok(())
}

/// How the item was made: cut into chunk jobs, a quick start (a first segment of one second),
/// or one process.
async fn made_by(server: &TestServer, id: &str, item: &Value, facts: &Facts) -> String {
    if facts.video.is_none() {
        return "audio".into();
    }
    let url = format!("{}/api/v1/admin/jobs?limit=500", server.base);
    let jobs: Value = match server.http().get(url).bearer_auth(&server.token).send().await {
        Ok(r) => r.json().await.unwrap_or(Value::Null),
        Err(_) => Value::Null,
    };
    let chunked = jobs.as_array().into_iter().flatten().any(|j| {
        let payload: Value = j["payload"].as_str().and_then(|p| serde_json::from_str(p).ok()).unwrap_or(Value::Null);
        j["kind"] == "process_video_chunk" && payload["video_id"] == id
    });
    if chunked {
        return "chunks".into();
    }
    // The first video rung's first segment: a second long after a quick start.
    let first = async {
        let master_url = item["playback"]["hls"].as_str()?;
        let master = fetch(server, master_url).await.ok()?;
        let uri = master.lines().find(|l| !l.starts_with('#') && !l.trim().is_empty())?;
        let playlist = fetch(server, &resolve(master_url, uri)).await.ok()?;
        let mut lengths = playlist.lines().filter_map(|l| l.strip_prefix("#EXTINF:")?.split(',').next()?.parse::<f64>().ok());
        Some((lengths.next()?, lengths.next().is_some()))
    };
    match first.await {
        Some((secs, more)) if secs < 1.5 && more => "quick start".into(),
        Some(_) => "one process".into(),
        None => "?".into(),
    }
}

/// Uploads a file, waits for it and checks what it plays; `path` names the path in the table.
async fn play(server: Arc<TestServer>, source: Source, path: &'static str, segment_s: f64) -> Outcome {
    let mut outcome = Outcome::new(&source, path);
    let facts = match source.facts.clone() {
        Some(Ok(facts)) => facts,
        Some(Err(e)) => {
            outcome.problems.push(format!("the corpus file: {e}"));
            return outcome;
        }
        None => unreachable!("hostile files are not played"),
    };
    let item = match upload(&server, &source.file, &source.name).await {
        Ok(id) => {
            let (item, secs) = settle(&server, &id, READY_WITHIN).await;
            outcome.settled_s = Some(secs);
            item
        }
        Err(e) => Err(e),
    };
    let item = match item {
        Ok(item) => item,
        Err(e) if source.kind == "image" && (e.starts_with("failed: ") || e.starts_with("refused at upload")) => {
            // A still may be refused, with a reason a person can read, or play.
            outcome.made = format!("refused: {}", e.trim_start_matches("failed: "));
            outcome.problems.extend(unreadable(&e, &server));
            return outcome;
        }
        Err(e) => {
            outcome.problems.push(e);
            return outcome;
        }
    };
    let started = Instant::now();
    let id = item["id"].as_str().unwrap_or_default().to_string();
    outcome.id = Some(id.clone());
    outcome.made = made_by(&server, &id, &item, &facts).await;
    outcome.problems = check(&server, &item, &facts, segment_s).await;
    outcome.checked_s = started.elapsed().as_secs_f64();
    outcome
}

/// Starts a server with `settings` and plays every source in it; the outcomes.
async fn through(settings: Settings, path: &'static str, segment_s: f64, sources: Vec<Source>) -> Vec<Outcome> {
    let server = Arc::new(TestServer::start_with(settings));
    each(sources, |s| (Outcome::new(&s, path), play(server.clone(), s, path, segment_s))).await
}

/// The corpus's files of `kind`.
fn of_kind(corpus: &[Source], kinds: &[&str]) -> Vec<Source> {
    corpus.iter().filter(|s| kinds.contains(&s.kind.as_str())).cloned().collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_corpus_source_plays_through_one_process() {
    let Some(corpus) = corpus() else { return };
    let started = Instant::now();
    let outcomes = through(ONE_PROCESS, "one process", SEGMENT_S, of_kind(corpus, &["video"])).await;
    report("one-process", started, outcomes);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_corpus_source_plays_chunked() {
    let Some(corpus) = corpus() else { return };
    let started = Instant::now();
    let outcomes = through(CHUNKED, "chunked", CHUNKED_SEGMENT_S, of_kind(corpus, &["video"])).await;
    report("chunked", started, outcomes);
}

/// The sources of [`B_FRAME_FILES`] through one process and in chunks with the shipped preset,
/// so that its B-frames go through every path, not only the default one.
#[tokio::test(flavor = "multi_thread")]
async fn b_frames_play_through_one_process_and_chunked() {
    let Some(corpus) = corpus() else { return };
    let started = Instant::now();
    let sources: Vec<Source> = corpus.iter().filter(|s| B_FRAME_FILES.contains(&s.name.as_str())).cloned().collect();
    assert_eq!(sources.len(), B_FRAME_FILES.len(), "every B-frame file is in the corpus");
    let mut outcomes = through(ONE_PROCESS_SHIPPED, "one process, shipped preset", SEGMENT_S, sources.clone()).await;
    outcomes.extend(through(CHUNKED_SHIPPED, "chunked, shipped preset", CHUNKED_SEGMENT_S, sources).await);
    report("b-frames", started, outcomes);
}

/// The default configuration: video sources of 5 s or more by their container (whether the
/// picture is long enough for a quick start is the path's own decision), every file of the
/// formats people still have (`format`, one process by their length), the audio-only files,
/// and the stills (which may be refused with a reason instead).
#[tokio::test(flavor = "multi_thread")]
async fn every_corpus_source_plays_with_a_quick_start() {
    let Some(corpus) = corpus() else { return };
    let started = Instant::now();
    // The formats people still have go through the default configuration whatever their length.
    let taken = |s: &Source| s.class == "format" || matches!(&s.facts, Some(Ok(f)) if f.duration >= QUICK_START_FROM_S);
    let mut sources: Vec<Source> = of_kind(corpus, &["video"]).into_iter().filter(taken).collect();
    sources.extend(of_kind(corpus, &["audio", "image"]));
    let outcomes = through(QUICK_START, "default", SEGMENT_S, sources).await;
    report("quick-start", started, outcomes);
}

/// A few awkward files played, transcoded again, and with their top rungs dropped by the
/// lifecycle rule and made again on a viewer's request; each checked after every step.
#[tokio::test(flavor = "multi_thread")]
async fn every_corpus_source_plays_reprocessed_and_remade() {
    let Some(corpus) = corpus() else { return };
    let started = Instant::now();
    let server = Arc::new(TestServer::start_with(AGAIN));
    let mut outcomes = Vec::new();
    let mut sources = Vec::new();
    for name in AGAIN_FILES {
        match corpus.iter().find(|s| s.name == name) {
            Some(s) => sources.push(s.clone()),
            None => outcomes.push(Outcome {
                problems: vec!["not in the corpus".into()],
                ..Outcome::new(
                    &Source { name: name.into(), class: "?".into(), kind: "video".into(), file: PathBuf::new(), facts: None },
                    "all",
                )
            }),
        }
    }

    // First made the default way, and checked.
    let first = each(sources.clone(), |s| (Outcome::new(&s, "default"), play(server.clone(), s, "default", SEGMENT_S))).await;
    // Those that became ready go on, whatever their checks found.
    let ready: BTreeMap<String, String> = first.iter().filter_map(|o| Some((o.file.clone(), o.id.clone()?))).collect();
    outcomes.extend(first);
    let items: Vec<(Source, String)> = sources.into_iter().filter_map(|s| ready.get(&s.name).map(|id| (s.clone(), id.clone()))).collect();

    // Transcoded again: the new generation listed, and checked.
    let again = each(items.clone(), |(s, id)| {
        let server = server.clone();
        (Outcome::new(&s, "reprocessed"), async move { reprocess(&server, &s, &id).await })
    })
    .await;
    outcomes.extend(again);

    // Idle for a month: the lifecycle rule drops every rung but the lowest; a viewer's request
    // has them made again, and they are checked.
    age(&server, items.iter().map(|(_, id)| id.as_str())).await;
    let before: BTreeMap<String, Vec<String>> = {
        let mut rungs = BTreeMap::new();
        for (_, id) in &items {
            rungs.insert(id.clone(), video_rungs(&server, id).await);
        }
        rungs
    };
    server.cli(&["lifecycle", "run", "--json"]);
    let before = Arc::new(before);
    let remade = each(items, |(s, id)| {
        let (server, before) = (server.clone(), before.clone());
        (Outcome::new(&s, "remade"), async move {
            let rungs = before.get(&id).cloned().unwrap_or_default();
            remake(&server, &s, &id, &rungs).await
        })
    })
    .await;
    outcomes.extend(remade);
    report("reprocessed-and-remade", started, outcomes);
}

/// The video rungs a ready item's master lists now, highest first.
async fn video_rungs(server: &TestServer, id: &str) -> Vec<String> {
    let Ok(item) = video(server, id).await else { return Vec::new() };
    let Some(url) = item["playback"]["hls"].as_str() else { return Vec::new() };
    let Ok(text) = fetch(server, url).await else { return Vec::new() };
    let Ok(m3u8_rs::Playlist::MasterPlaylist(master)) = m3u8_rs::parse_playlist_res(text.as_bytes()) else { return Vec::new() };
    master.variants.iter().filter(|v| v.resolution.is_some() && !v.is_i_frame).map(|v| rendition_name(&resolve(url, &v.uri))).collect()
}

/// Moves items' readiness and last view a month back, so the lifecycle rules see them idle.
async fn age<'a>(server: &TestServer, ids: impl Iterator<Item = &'a str>) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database_url()).await.unwrap();
    let month: i64 = 31 * 86_400_000;
    for id in ids {
        sqlx::query("UPDATE videos SET ready_at = ready_at - $1, last_viewed_at = last_viewed_at - $2 WHERE id = $3")
            .bind(month)
            .bind(month)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

/// Transcodes a ready item again, waits for its new renditions and checks them.
async fn reprocess(server: &TestServer, source: &Source, id: &str) -> Outcome {
    let mut outcome = Outcome::new(source, "reprocessed");
    let Some(Ok(facts)) = source.facts.clone() else { unreachable!("only files that played are transcoded again") };
    let url = format!("{}/api/v1/videos/{id}/reprocess", server.base);
    let asked = server.http().post(url).bearer_auth(&server.token).send().await;
    let generation = match asked {
        Ok(r) if r.status() == 202 => r.json::<Value>().await.ok().and_then(|b| b["generation"].as_u64()).unwrap_or(1),
        Ok(r) => {
            outcome.problems.push(format!("reprocess refused: {} {}", r.status(), r.text().await.unwrap_or_default()));
            return outcome;
        }
        Err(e) => {
            outcome.problems.push(format!("reprocess: {e}"));
            return outcome;
        }
    };
    let started = Instant::now();
    let suffix = format!("-r{generation}/index.m3u8");
    loop {
        if let Some(reason) = job_failure(server, id, "reprocess_video").await {
            outcome.problems.push(format!("reprocess_video failed: {reason}"));
            return outcome;
        }
        let item = video(server, id).await.unwrap_or(Value::Null);
        if let Some(master) = item["playback"]["hls"].as_str() {
            if fetch(server, master).await.is_ok_and(|m| m.contains(&suffix)) {
                outcome.settled_s = Some(started.elapsed().as_secs_f64());
                let checking = Instant::now();
                outcome.made = format!("generation {generation}");
                outcome.problems = check(server, &item, &facts, SEGMENT_S).await;
                outcome.checked_s = checking.elapsed().as_secs_f64();
                return outcome;
            }
        }
        if started.elapsed() > READY_WITHIN {
            outcome.problems.push(format!("generation {generation} not listed after {READY_WITHIN:?}"));
            return outcome;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The last error of the item's newest job of `kind` when it failed or died.
async fn job_failure(server: &TestServer, id: &str, kind: &str) -> Option<String> {
    let jobs = server.get_json("/api/v1/admin/jobs?limit=500").await;
    let job = jobs.as_array()?.iter().find(|j| {
        let payload: Value = j["payload"].as_str().and_then(|p| serde_json::from_str(p).ok()).unwrap_or(Value::Null);
        j["kind"] == kind && payload["video_id"] == id
    })?;
    matches!(job["state"].as_str(), Some("failed" | "dead")).then(|| job["last_error"].as_str().unwrap_or("(no error)").to_string())
}

/// After the lifecycle run: the item's dropped rungs are made again once a viewer asks for one,
/// and checked.
async fn remake(server: &TestServer, source: &Source, id: &str, before: &[String]) -> Outcome {
    let mut outcome = Outcome::new(source, "remade");
    let Some(Ok(facts)) = source.facts.clone() else { unreachable!("only files that played are remade") };
    if before.len() < 2 {
        outcome.made = format!("{} rung: nothing to drop", before.len());
        return outcome;
    }
    // The rungs leave the master (once the origin's cached index, 30 s at most, is renewed).
    let started = Instant::now();
    let kept = loop {
        let now = video_rungs(server, id).await;
        if now.len() < before.len() {
            break now;
        }
        if started.elapsed() > Duration::from_secs(45) {
            outcome.problems.push(format!("no rung dropped: the master still lists {now:?}"));
            return outcome;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let dropped: Vec<&String> = before.iter().filter(|r| !kept.contains(r)).collect();
    outcome.made = format!("{} dropped", dropped.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "));
    // A player holding the old master asks for a dropped rung.
    let item = video(server, id).await.unwrap_or(Value::Null);
    let master = item["playback"]["hls"].as_str().unwrap_or_default().to_string();
    let asked = format!("{}/{}/index.m3u8", master.trim_end_matches("/master.m3u8"), dropped[0]);
    match server.http().get(&asked).send().await {
        Ok(r) if r.status() == 503 => {}
        Ok(r) => outcome.problems.push(format!("a dropped rung's playlist answers {}, not 503", r.status())),
        Err(e) => outcome.problems.push(format!("GET a dropped rung: {e}")),
    }
    let remaking = Instant::now();
    loop {
        if let Some(reason) = job_failure(server, id, "remake_rungs").await {
            outcome.problems.push(format!("remake_rungs failed: {reason}"));
            return outcome;
        }
        if video_rungs(server, id).await == before {
            break;
        }
        if remaking.elapsed() > READY_WITHIN {
            outcome.problems.push(format!("the dropped rungs not back after {READY_WITHIN:?}"));
            return outcome;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    outcome.settled_s = Some(remaking.elapsed().as_secs_f64());
    let checking = Instant::now();
    let item = video(server, id).await.unwrap_or(Value::Null);
    outcome.problems.extend(check(server, &item, &facts, SEGMENT_S).await);
    outcome.checked_s = checking.elapsed().as_secs_f64();
    outcome
}

/// What makes a failure's reason unfit to show the person who uploaded the file: none, a path of
/// the server's, several lines or a wall of text.
fn unreadable(reason: &str, server: &TestServer) -> Vec<String> {
    let reason = reason.trim_start_matches("failed: ");
    let mut problems = Vec::new();
    if reason.trim().is_empty() || reason == "(no reason)" {
        problems.push("failed without a reason".to_string());
    }
    let data = server.dir.path().display().to_string();
    let path = reason
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| "\"'`()[]{},;:".contains(c)))
        .find(|w| (w.starts_with('/') && w.len() > 1) || w.starts_with("file:") || w.contains(&data) || w.contains("/tmp/"));
    if let Some(path) = path {
        problems.push(format!("the reason names a path ({path}): {reason}"));
    }
    if reason.contains('\n') || reason.chars().count() > 300 {
        problems.push(format!("the reason is not a line a person reads: {reason:?}"));
    }
    problems
}

/// Hostile files are refused quickly, each with a reason a person can read that shows nothing of
/// the server; the server goes on working (a clean clip uploaded after them plays).
#[tokio::test(flavor = "multi_thread")]
async fn hostile_corpus_files_fail_fast_with_a_reason() {
    let Some(corpus) = corpus() else { return };
    let started = Instant::now();
    let server = Arc::new(TestServer::start_with(&[CONCURRENCY]));
    let hostile = of_kind(corpus, &["hostile"]);
    assert!(!hostile.is_empty(), "the corpus has no hostile file");
    let mut outcomes = each(hostile, |source| (Outcome::new(&source, "hostile"), refused(server.clone(), source))).await;
    let clean = make_clip(server.dir.path(), "clean.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
    let after = Source { name: "(a clean clip after them)".into(), class: "-".into(), kind: "video".into(), file: clean, facts: None };
    let mut healthy = Outcome::new(&after, "hostile");
    match upload(&server, &after.file, "clean").await {
        Ok(id) => {
            let (item, secs) = settle(&server, &id, READY_WITHIN).await;
            healthy.settled_s = Some(secs);
            healthy.made = "ready".into();
            if let Err(e) = item {
                healthy.problems.push(e);
            }
        }
        Err(e) => healthy.problems.push(e),
    }
    outcomes.push(healthy);
    report("hostile", started, outcomes);
}

/// Uploads a hostile file and waits for it to fail (or be refused at once); the outcome, with
/// the reason given.
async fn refused(server: Arc<TestServer>, source: Source) -> Outcome {
    let mut outcome = Outcome::new(&source, "hostile");
    let reason = match upload(&server, &source.file, &source.name).await {
        Err(refused) => {
            outcome.settled_s = Some(0.0);
            refused
        }
        Ok(id) => {
            let (item, secs) = settle(&server, &id, FAILED_WITHIN).await;
            outcome.settled_s = Some(secs);
            match item {
                Ok(_) => {
                    outcome.problems.push("became ready".into());
                    return outcome;
                }
                Err(e) if !e.starts_with("failed: ") => {
                    outcome.problems.push(e);
                    return outcome;
                }
                Err(failed) => failed,
            }
        }
    };
    outcome.made = reason.trim_start_matches("failed: ").to_string();
    outcome.problems.extend(unreadable(&reason, &server));
    outcome
}

/// The chunked path on the scale-out backends (PostgreSQL, S3 and Redis; the suite's second
/// pass), its chunks shared by the server's worker and a `reel worker` process beside it.
mod needs_servers {
    use super::*;

    /// One awkward source of each kind that bears on chunks: fields, a transport stream, an
    /// uneven frame rate, ten bits, a portrait rotation, several audio tracks, sound that
    /// starts late, and an edit list that holds the media back.
    const SHARED: [&str; 8] = [
        "i1080_tff_h264_aac.ts",
        "i576_bff_mpeg2_aac.mp4",
        "vfr_phone_h264_aac.mp4",
        "pix_10bit_h264_pcm.mkv",
        "rotated_90_h264_aac.mp4",
        "audio_3tracks_eng_fra_spa.mkv",
        "audio_late_1s.mp4",
        "start_10s_h264_aac.mp4",
    ];

    #[tokio::test(flavor = "multi_thread")]
    async fn awkward_sources_play_chunked_across_two_workers() {
        let Some(corpus) = corpus() else { return };
        let started = Instant::now();
        let server = Arc::new(TestServer::start_with(CHUNKED));
        let log = server.dir.path().join("worker.log");
        let worker = server.worker(&log);
        let sources: Vec<Source> = corpus.iter().filter(|s| SHARED.contains(&s.name.as_str())).cloned().collect();
        assert_eq!(sources.len(), SHARED.len(), "every shared file is in the corpus");
        let outcomes = each(sources, |s| {
            (Outcome::new(&s, "chunked, two workers"), play(server.clone(), s, "chunked, two workers", CHUNKED_SEGMENT_S))
        })
        .await;
        crate::common::stop(worker, Duration::from_secs(10));
        let worker_log = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(worker_log.contains("process_video_chunk"), "the second worker took no chunk:\n{worker_log}");
        report("chunked-two-workers", started, outcomes);
    }
}
