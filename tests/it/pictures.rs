//! Awkward pictures through the real pipeline: an interlaced source comes out as whole frames
//! (ffmpeg's `idet` finds no combing), an HDR (PQ, BT.2020) source comes out tone mapped and
//! flagged BT.709 and looks like its SDR original, and a full-range source comes out in
//! limited range. Each rendition is read over HTTP, as a player would. And an audio file's
//! cover, however large its header says it is, costs the runs that use only its sound no
//! memory: they decode the streams they use, and never a picture beyond a picture's bound.

// suite: embedded the picture is ffmpeg's work before the store sees a file; pipeline:: and corpus:: carry renditions through S3

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{ffprobe, play_prefix, TestServer};

/// Runs ffmpeg for a test; panics with its message if it fails.
fn ffmpeg(args: &[&str]) -> String {
    let out = Command::new("ffmpeg").args(["-hide_banner", "-nostdin", "-y"]).args(args).output().expect("ffmpeg runs");
    assert!(out.status.success(), "ffmpeg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `idet`'s multi-frame count of (interlaced, progressive) frames.
fn combing(target: &str) -> (u64, u64) {
    let log = ffmpeg(&["-i", target, "-map", "0:v:0", "-vf", "idet", "-f", "null", "-"]);
    let line = log.lines().find(|l| l.contains("Multi frame detection")).expect("idet reports");
    let count = |key: &str| -> u64 {
        let rest = &line[line.find(key).unwrap() + key.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    (count("TFF:") + count("BFF:"), count("Progressive:"))
}

fn colour(target: &str) -> Value {
    ffprobe(target, &["-show_entries", "stream=color_range,color_space,color_transfer,color_primaries,pix_fmt"])["streams"][0].clone()
}

/// The lowest and highest luma of the first frame.
fn luma_range(target: &str) -> (f64, f64) {
    let log = ffmpeg(&["-i", target, "-map", "0:v:0", "-vf", "signalstats,metadata=print", "-frames:v", "1", "-f", "null", "-"]);
    let value = |key: &str| -> f64 {
        let line = log.lines().find(|l| l.contains(&format!("lavfi.signalstats.{key}="))).unwrap_or_else(|| panic!("{key} in {log}"));
        line.rsplit('=').next().unwrap().trim().parse().unwrap()
    };
    (value("YMIN"), value("YMAX"))
}

fn ssim(a: &str, b: &str) -> f64 {
    let log = ffmpeg(&["-i", a, "-i", b, "-lavfi", "[0:v][1:v]scale2ref[x][y];[x][y]ssim", "-f", "null", "-"]);
    let at = log.find("All:").expect("ssim reports") + 4;
    log[at..].split_whitespace().next().unwrap().parse().unwrap()
}

/// Makes a source with ffmpeg; `args` are split at spaces (none holds one).
fn source(dir: &Path, name: &str, args: &str) -> PathBuf {
    let out = dir.join(name);
    let mut all: Vec<&str> = args.split_whitespace().collect();
    all.push(path(&out));
    ffmpeg(&all);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn interlaced_hdr_and_full_range_sources_come_out_as_clean_sdr_bt709() {
    let server = TestServer::start();
    let dir = server.dir.path();

    // Interlaced: 50 pictures a second woven into 25 frames of two fields each, flagged
    // top field first. `idet` on the source sees the combing (the check can fail).
    let interlaced = source(
        dir,
        "interlaced.mp4",
        concat!(
            "-f lavfi -i testsrc2=size=720x576:rate=50 -vf interlace=scan=tff -t 3 ",
            "-c:v libx264 -preset ultrafast -flags +ildct+ilme -x264opts tff=1 -pix_fmt yuv420p"
        ),
    );
    let (combed, _) = combing(path(&interlaced));
    assert!(combed > 50, "the source is interlaced: {combed}");

    // HDR: an SDR picture converted to PQ in BT.2020 (10-bit, tagged), and the SDR original
    // to compare the tone-mapped output with. Shown as SDR without tone mapping it scores an
    // SSIM of 0.84 against its original; tone mapped, 0.93.
    let sdr = source(dir, "sdr.mp4", "-f lavfi -i testsrc2=size=1280x720:rate=25 -t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p");
    let pq = source(
        dir,
        "pq.mp4",
        &format!(
            "-i {} -vf zscale=tin=bt709:t=smpte2084:pin=bt709:p=bt2020:min=bt709:m=bt2020nc:npl=100,format=yuv420p10le {}",
            path(&sdr),
            "-c:v libx264 -preset ultrafast -color_primaries bt2020 -color_trc smpte2084 -colorspace bt2020nc"
        ),
    );
    assert_eq!(colour(path(&pq))["color_transfer"], "smpte2084");

    // Full range: black and white halves at 0 and 255, flagged full range.
    let full = source(
        dir,
        "full.mp4",
        concat!(
            "-f lavfi -i color=c=black:size=640x360:rate=25 -vf drawbox=x=320:y=0:w=320:h=360:color=white:t=fill -t 2 ",
            "-c:v libx264 -preset ultrafast -pix_fmt yuvj420p -color_range pc"
        ),
    );
    assert_eq!(luma_range(path(&full)), (0.0, 255.0), "the source spans the full range");

    let mut ids = Vec::new();
    for (file, title) in [(&interlaced, "Interlaced"), (&pq, "HDR"), (&full, "Full range")] {
        ids.push(server.upload(file, title).await);
    }
    let mut videos = Vec::new();
    for id in &ids {
        videos.push(server.wait_for(id, &["ready"], std::time::Duration::from_secs(240)).await);
    }
    let rung = |video: &Value, name: &str| format!("{}/{name}/index.m3u8", play_prefix(video));

    // No combing left in any rung; the frame rate is the source's.
    for name in ["540p", "360p"] {
        let (combed, progressive) = combing(&rung(&videos[0], name));
        assert!(combed <= 3 && progressive > 60, "{name}: {combed} interlaced, {progressive} progressive");
    }
    let frames = ffprobe(&rung(&videos[0], "540p"), &["-count_frames", "-show_entries", "stream=nb_read_frames"]);
    assert_eq!(frames["streams"][0]["nb_read_frames"], "75", "one frame per source frame: {frames}");

    // Every rung of every item is flagged BT.709, limited range, 8-bit.
    for video in &videos {
        for r in video["renditions"].as_array().unwrap().iter().filter(|r| r["kind"] == "video") {
            let c = colour(&rung(video, r["name"].as_str().unwrap()));
            for key in ["color_primaries", "color_transfer", "color_space"] {
                assert_eq!(c[key], "bt709", "{} {}: {c}", video["title"], r["name"]);
            }
            assert_eq!((c["color_range"].as_str(), c["pix_fmt"].as_str()), (Some("tv"), Some("yuv420p")), "{c}");
        }
    }

    // The HDR item looks like its SDR original, not washed out.
    let likeness = ssim(&rung(&videos[1], "720p"), path(&sdr));
    assert!(likeness > 0.9, "SSIM against the SDR original: {likeness}");

    // The full-range item's black and white land on limited range's 16 and 235.
    let (low, high) = luma_range(&rung(&videos[2], "360p"));
    assert!((14.0..=18.0).contains(&low) && (232.0..=237.0).contains(&high), "luma {low}..{high}");
}

/// The peak resident memory (KiB) of ffmpeg run with `args`, which must succeed: Python's
/// `resource` reads it for the one child it waited for.
fn ffmpeg_peak_kib(args: &[std::ffi::OsString]) -> u64 {
    let script = "import resource, subprocess, sys\n\
                  r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n\
                  assert r.returncode == 0, r.stderr.decode()\n\
                  print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let out = Command::new("python3").args(["-c", script, "ffmpeg"]).args(args).output().expect("python3 runs");
    assert!(out.status.success(), "ffmpeg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
}

#[test]
fn the_runs_that_use_an_audio_files_sound_never_decode_its_oversized_cover() {
    use reel_base::media::{loudness, music, probe, transcode::TranscodePlan};
    let dir = tempfile::tempdir().unwrap();
    // 10 000 × 10 000 RGB: 300 MB decoded, a few hundred kB as a PNG of one colour.
    let cover = dir.path().join("cover.png");
    ffmpeg(&["-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=10000x10000", "-frames:v", "1", "-pix_fmt", "rgb24", path(&cover)]);
    let song = dir.path().join("song.mp3");
    let attached = ["-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "copy", "-disposition:v", "attached_pic"];
    ffmpeg(&[&["-loglevel", "error", "-f", "lavfi", "-i", "sine=duration=3", "-i", path(&cover)][..], &attached, &[path(&song)]].concat());
    let config = reel_base::config::Config::default();
    let args = probe::probe_args(&song, &config.media.allowed_formats, config.media.max_pixels);
    let out = Command::new("ffprobe").args(&args).output().expect("ffprobe runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = probe::ProbeOutput::parse(&out.stdout).unwrap().media_info().expect("a playable file");
    let plan = TranscodePlan::new(&info, &song, &dir.path().join("out"), &config);
    std::fs::create_dir_all(plan.tiles_dir()).unwrap();
    let audio = plan.audio.as_ref().expect("its sound is planned").main().stream;

    let runs = [
        ("the loudness measurement", loudness::measure_args(&song, &plan.demuxer, audio, None)),
        ("the loudness trial", loudness::trial_args(&song, &plan.demuxer, audio, None, "volume=-3dB")),
        ("the MP3 download", music::mp3_args(&plan, audio, None, &dir.path().join("download.mp3"))),
        ("the audio transcode", plan.ffmpeg_args()),
    ];
    for (run, args) in runs {
        let peak = ffmpeg_peak_kib(&args);
        assert!(peak < 150 << 10, "{run} took {} MB, as if it decoded the 300 MB cover", peak >> 10);
    }
}
