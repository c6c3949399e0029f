//! The plan and its command line, read back as the text ffmpeg is given.

use std::path::Path;

use super::*;
use crate::config::Config;
use crate::media::chunks::{FrameRate, Span};
use crate::media::filters;
use crate::media::loudness::Measured;
use crate::media::probe::tests::fixture;
use crate::media::probe::Picture;
use crate::media::watermark::Watermark;

fn plan(name: &str) -> TranscodePlan {
    TranscodePlan::new(&fixture(name), Path::new("/scratch/source"), Path::new("/scratch/out"), &Config::default())
}

fn args_text(plan: &TranscodePlan) -> String {
    plan.ffmpeg_args().iter().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ")
}

#[test]
fn the_input_is_confined_and_its_demuxer_pinned() {
    let text = args_text(&plan("landscape"));
    assert!(text.contains("-protocol_whitelist file -f mov -i file:/scratch/source"), "{text}");
}

#[test]
fn a_watermark_is_a_second_input_laid_over_every_scaled_rung() {
    use crate::domain::finishing::{Corner, Placement};
    let placement = Placement { corner: Corner::BottomRight, margin: 0.05, height: 0.1, opacity: 1.0 };
    let mark = Watermark { image: "/scratch/logo.png".into(), placement };
    let p = plan("landscape").watermarked(Some(mark.clone()));
    let text = args_text(&p);
    assert!(text.contains("-f mov -i file:/scratch/source -f png_pipe -i file:/scratch/logo.png -filter_complex"), "{text}");
    let rungs = p.video.as_ref().unwrap().rungs.len();
    for (i, r) in p.video.as_ref().unwrap().rungs.iter().enumerate() {
        assert!(text.contains(&format!("[s{i}]{}[p{i}]", filters::scale(r.width, r.height, &Picture::default()))), "{text}");
        let (h, m) = placement.pixels(r.height);
        assert!(text.contains(&format!("[wm{i}]scale=-2:{h}:flags=lanczos[wms{i}];[p{i}][wms{i}]overlay=x=W-w-{m}:y=H-h-{m}")), "{text}");
        assert!(text.contains(&format!("-map [v{i}]")), "{text}");
    }
    assert!(text.contains(&format!("[1:v]format=rgba,colorchannelmixer=aa=1.000,split={rungs}")), "{text}");
    // The audio of an audio-only source has no picture to mark.
    assert_eq!(plan("audio_only").watermarked(Some(mark)).watermark, None);
    assert!(!args_text(&plan("landscape")).contains("png_pipe"));
}

#[test]
fn one_decode_feeds_every_rung_the_poster_and_the_storyboard() {
    let p = plan("landscape");
    let args = p.ffmpeg_args();
    let graph = args[args.iter().position(|a| a == "-filter_complex").unwrap() + 1].to_string_lossy().into_owned();
    assert_eq!(
        graph,
        "[0:0]split=5[s0][s1][s2][s3][ss];\
         [s0]scale=w=1920:h=1080:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v0];\
         [s1]scale=w=1280:h=720:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v1];\
         [s2]scale=w=960:h=540:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v2];\
         [s3]scale=w=640:h=360:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v3];\
         [ss]fps=1/5,scale=w=160:h=90,setsar=1[story];[0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024[a0_0]"
    );
    let text = args_text(&p);
    assert!(text.contains("-var_stream_map v:0,name:1080p v:1,name:720p v:2,name:540p v:3,name:360p a:0,name:audio"), "{text}");
    assert!(text.contains("-force_key_frames expr:gte(t,n_forced*2) -sc_threshold 0"), "{text}");
    assert!(text.contains("-maxrate:v:1 2800k -bufsize:v:1 5600k"), "{text}");
    assert!(text.contains("-profile:v high -color_primaries bt709 -color_trc bt709 -colorspace bt709 -color_range tv"), "{text}");
    assert!(text.contains("-map [a0_0] -b:a:0 128k -ac:a:0 2 -c:a aac -ar 48000"), "{text}");
    assert!(text.contains("-hls_time 4"), "{text}");
    assert!(text.contains("-avoid_negative_ts disabled -f hls"), "{text}");
    assert!(!text.contains("negative_cts_offsets"), "positive composition offsets and an edit list: {text}");
    assert!(!text.contains("-threads"), "ffmpeg chooses: {text}");
    let mut config = Config::default();
    config.media.encoder_threads = 1;
    let one = TranscodePlan::new(&fixture("landscape"), Path::new("/s"), Path::new("/o"), &config);
    assert!(args_text(&one).contains("-profile:v high -threads:v 1 -color_primaries"));
    assert_eq!(text.matches("-ffmpeg").count() + text.matches(" -i ").count(), 1, "exactly one input: {text}");
}

#[test]
fn an_audio_only_source_gets_two_audio_renditions_and_no_images() {
    let p = plan("audio_only");
    assert_eq!(p.rendition_names(), ["audio", "audio-low"]);
    let text = args_text(&p);
    assert!(text.contains("[0:0]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,asplit=2[a0_0][a0_1]"), "{text}");
    assert!(text.contains("-map [a0_0] -b:a:0 128k -ac:a:0 2 -map [a0_1] -b:a:1 64k -ac:a:1 2"), "{text}");
    assert!(text.contains("-var_stream_map a:0,name:audio a:1,name:audio-low"), "{text}");
    assert!(!text.contains("tiles") && !text.contains("libx264"), "{text}");
    assert!(poster_args(&p).is_none());
}

#[test]
fn every_audio_stream_becomes_a_track_with_its_language_label_and_default() {
    let p = plan("two_languages");
    assert_eq!(p.rendition_names(), ["720p", "540p", "360p", "audio", "audio-2"]);
    let tracks = &p.audio.as_ref().unwrap().tracks;
    let meta: Vec<_> = tracks.iter().map(|t| (t.stream, t.meta.language_tag(), t.meta.label.as_str(), t.meta.default)).collect();
    assert_eq!(meta, [(1, "en", "English", false), (2, "fr", "Français (VF)", true)]);
    let text = args_text(&p);
    assert!(text.contains("[0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024[a0_0];[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024[a1_0]"), "{text}");
    assert!(text.contains("-map [a0_0] -b:a:0 128k -ac:a:0 2 -map [a1_0] -b:a:1 128k -ac:a:1 2 -c:a aac"), "{text}");
    assert!(text.contains("a:0,name:audio a:1,name:audio-2 "), "{text}");
    assert_eq!(text.matches(" -i ").count(), 1, "still one input, one decode: {text}");
    assert_eq!(p.audio.as_ref().unwrap().main().stream, 2, "the stream flagged default plays first");
}

#[test]
fn surround_keeps_a_stereo_rendition_and_adds_a_5_1_one_where_configured() {
    let mut config = Config::default();
    config.audio.surround = true;
    let info = fixture("two_languages");
    let p = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &config);
    assert_eq!(p.rendition_names()[3..], ["audio", "audio-2", "audio-2-51"]);
    let text = args_text(&p);
    assert!(text.contains("[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,asplit=2[a1_0][a1_1]"), "{text}");
    assert!(text.contains("-map [a1_0] -b:a:1 128k -ac:a:1 2 -map [a1_1] -b:a:2 384k -ac:a:2 6"), "{text}");
    config.audio.max_tracks = 1;
    let one = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &config);
    assert_eq!(one.rendition_names()[3..], ["audio"], "streams past max_tracks are left out");
    assert_eq!(one.generation(1).rendition_names()[3..], ["audio-r1"]);
}

#[test]
fn an_interlaced_hdr_source_is_cleaned_once_before_the_split_and_its_poster_too() {
    let mut info = fixture("landscape");
    let v = info.video.as_mut().unwrap();
    v.picture = Picture {
        interlaced: true,
        hdr: Some(crate::media::probe::Hdr { transfer: "smpte2084".into(), primaries: "bt2020".into(), matrix: "bt2020nc".into() }),
        ..Picture::default()
    };
    let p = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &Config::default());
    let text = args_text(&p);
    assert!(text.contains("-filter_complex [0:0]bwdif=mode=send_frame:parity=auto:deint=all,zscale=tin=smpte2084:"), "{text}");
    assert!(text.contains(",format=yuv420p,split=5[s0]"), "{text}");
    assert_eq!(text.matches("bwdif").count(), 1, "once, not per rung: {text}");
    let poster: Vec<_> = poster_args(&p).unwrap().iter().map(|a| a.to_string_lossy().into_owned()).collect();
    assert!(poster.join(" ").contains("-vf bwdif=mode=send_frame:parity=auto:deint=all,zscale="), "{poster:?}");
}

#[test]
fn loudness_is_corrected_in_the_graph_before_the_split_and_can_be_made_again() {
    let mut config = Config::default();
    config.audio.surround = true;
    let mut p = TranscodePlan::new(&fixture("two_languages"), Path::new("/s"), Path::new("/o"), &config);
    let quiet = Measured { integrated: -30.0, true_peak: -20.0, range: 5.0, levelled: None };
    p.normalise(&[Some(quiet), None], config.audio.target());
    let text = args_text(&p);
    assert!(text.contains(";[0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,volume=14.00dB[a0_0];[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,asplit=2[a1_0][a1_1] "), "{text}");
    assert!(text.contains("-map [a0_0] -b:a:0 128k"), "{text}");
    let meta = &p.audio.as_ref().unwrap().tracks[0].meta;
    assert_eq!(meta.loudness.unwrap().correction, crate::media::loudness::Correction::Linear { gain_db: 14.0 });

    let whole = Measured { integrated: -20.0, true_peak: -10.0, range: 5.0, levelled: None };
    let again = p.audio_again(&[Some(whole), Some(whole)], config.audio.target());
    assert_eq!(again.rendition_names(), ["audio-n", "audio-2-n", "audio-2-51-n"]);
    let text = args_text(&again);
    assert!(text.contains("-filter_complex [0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,volume=4.00dB[a0_0];[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,volume=4.00dB,asplit=2[a1_0][a1_1] "), "{text}");
    assert!(!text.contains("libx264") && !text.contains("tiles") && poster_args(&again).is_none(), "{text}");
}

#[test]
fn a_silent_source_has_no_audio_output() {
    let p = plan("silent");
    assert!(p.audio.is_none());
    let text = args_text(&p);
    assert!(!text.contains("-c:a"), "{text}");
    assert!(text.ends_with("-atomic_writing 1 /scratch/out/tiles/%05d.jpg"), "{text}");
}

#[test]
fn sixty_fps_is_kept_and_storyboards_grow_with_duration() {
    let p = plan("silent");
    let v = p.video.unwrap();
    assert_eq!((v.fps, v.convert_fps), (60.0, false));
    let mut info = fixture("landscape");
    info.duration_s = Some(600.0);
    let long = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &Config::default());
    let sb = long.video.unwrap().storyboard;
    assert_eq!((sb.interval_s, sb.count, sb.columns, sb.rows), (5, 120, 10, 12));
}

#[test]
fn the_poster_comes_from_the_first_frames_of_the_confined_source() {
    let args = poster_args(&plan("landscape")).unwrap();
    let text: Vec<_> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let text = text.join(" ");
    assert!(
        text.contains("-protocol_whitelist file -f mov -i file:/scratch/source -map 0:0 -vf thumbnail=n=30,scale=w=1280:h=720,setsar=1"),
        "{text}"
    );
    assert!(text.ends_with("-atomic_writing 1 /scratch/out/poster.jpg"), "{text}");
}

#[test]
fn rungs_made_again_come_from_one_decode_without_images() {
    let p = plan("landscape").only_rungs(&["1080p".to_string(), "720p".to_string()]);
    assert_eq!(p.rendition_names(), ["1080p", "720p"]);
    let text = args_text(&p);
    assert!(text.contains("-filter_complex [0:0]split=2[s0][s1];[s0]scale=w=1920:h=1080"), "{text}");
    assert!(text.ends_with("-var_stream_map v:0,name:1080p v:1,name:720p /scratch/out/%v/index.m3u8"), "{text}");
    assert!(!text.contains("-c:a"), "{text}");
    assert!(text.contains("-force_key_frames expr:gte(t,n_forced*2) -sc_threshold 0"), "{text}");
    assert!(!text.contains("story") && !text.contains("tiles"), "{text}");
    assert!(poster_args(&p).is_none());
    assert!(plan("landscape").only_rungs(&["4320p".to_string()]).video.is_none());
}

#[test]
fn a_later_transcode_names_its_renditions_apart() {
    assert_eq!(plan("landscape").generation(0).rendition_names(), ["1080p", "720p", "540p", "360p", "audio"]);
    let p = plan("landscape").generation(2);
    assert_eq!(p.rendition_names(), ["1080p-r2", "720p-r2", "540p-r2", "360p-r2", "audio-r2"]);
    assert!(p.rendition_names().iter().all(|n| crate::domain::is_safe_name(n)));
    assert_eq!(p.only_rungs(&["720p-r2".to_string()]).rendition_names(), ["720p-r2"]);
}

#[test]
fn a_chunk_decodes_its_own_frames_on_an_exact_grid_and_makes_no_audio_or_images() {
    let rate = FrameRate { num: 30000, den: 1001 };
    let span = Span { part: 1, first_frame: 240, frames: Some(240), first_segment: 2, segments: Some(2), segment_secs: 4 };
    let p = plan("landscape").chunk(rate, span);
    assert_eq!(p.rendition_names(), ["1080p", "720p", "540p", "360p"]);
    let text = args_text(&p);
    assert!(text.contains("-copyts -start_at_zero -ss 7.758000 -t 8.508000 -protocol_whitelist file -f mov -i"), "{text}");
    assert!(text.contains("[0:0]fps=fps=30000/1001:start_time=8.008000000,trim=end_frame=240,setpts=PTS-STARTPTS,split=4[s0]"), "{text}");
    assert!(!text.contains("-c:a") && !text.contains("tiles") && poster_args(&p).is_none(), "{text}");
    let last = Span { part: 2, first_frame: 480, frames: None, first_segment: 4, segments: None, segment_secs: 4 };
    let text = args_text(&plan("landscape").chunk(rate, last));
    assert!(text.contains("-ss 15.766000 -protocol_whitelist"), "the last chunk reads to the end: {text}");
    assert!(text.contains("-hls_time 4 "), "{text}");
    let first = Span { part: 0, first_frame: 0, frames: Some(60), first_segment: 0, segments: Some(1), segment_secs: 2 };
    assert!(args_text(&plan("landscape").chunk(rate, first)).contains("-hls_time 2 "), "the first chunk is one short segment");
    // Only the item's first chunk searches quickest.
    let first_text = args_text(&plan("landscape").chunk(rate, first));
    assert!(first_text.contains(" -x264-params b-adapt=0:me=dia:subme=1:rc-lookahead=0:mbtree=0 "), "{first_text}");
    assert!(!text.contains("x264-params") && !args_text(&p).contains("x264-params"), "{text}");
    // With the poster: one more branch of the same decode, and one more output.
    let with_poster = args_text(&plan("landscape").chunk(rate, first).with_poster());
    assert!(with_poster.contains("split=5[s0][s1][s2][s3][sp]") && with_poster.contains("[sp]thumbnail=n=30,scale="), "{with_poster}");
    assert!(with_poster.contains("-map [poster] -frames:v 1 -q:v 3 -f image2 -update 1 -atomic_writing 1 "), "{with_poster}");
    assert!(!args_text(&plan("landscape").chunk(rate, first)).contains("[poster]"), "only where asked");
    assert!(text.contains(":start_time=16.016000000,setpts=PTS-STARTPTS,split=4"), "{text}");

    let audio = plan("landscape").audio_part();
    assert_eq!(audio.rendition_names(), ["audio"]);
    assert!(!args_text(&audio).contains("libx264"));
}
