//! The transcode's one ffmpeg command line, built part by part: the input, the filter graph
//! (one decode split into every rung, the storyboard and poster branches, each audio track),
//! the encoders, the HLS muxer and the image outputs.

use std::ffi::OsString;

use super::args::Args;
use super::audio::AudioPlan;
use super::poster::{POSTER_OUTPUT, POSTER_PICK};
use super::{TranscodePlan, VideoPlan};
use crate::media::filters;
use crate::media::probe::file_url;

impl TranscodePlan {
    /// The ffmpeg arguments: one input, one filter graph, every output.
    pub fn ffmpeg_args(&self) -> Vec<OsString> {
        let mut a = Args::default();
        self.push_input(&mut a);
        let video_graph = self.video.iter().flat_map(|v| self.video_graph(v));
        let graph: Vec<String> = video_graph.chain(self.audio.iter().flat_map(audio_graph)).collect();
        if !graph.is_empty() {
            a.push_all(["-filter_complex", &graph.join(";")]);
        }
        if let Some(v) = &self.video {
            push_rung_outputs(&mut a, v);
            self.push_video_encoder(&mut a);
        }
        if let Some(audio) = &self.audio {
            push_audio_outputs(&mut a, audio);
        }
        self.push_hls_muxer(&mut a);
        self.push_image_outputs(&mut a);
        a.0
    }

    /// The source, confined to local files with its demuxer pinned (a chunk's seek before it),
    /// then the watermark's logo as the second input.
    fn push_input(&self, a: &mut Args) {
        a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"]);
        if let Some(cut) = &self.cut {
            a.push_all(cut.input_args());
        }
        if self.video.is_none() {
            // The sound alone: a cover or a video stream beside it is never decoded beyond a
            // picture's bound while ffmpeg reads the streams' parameters.
            a.push_all(crate::media::image::pictures_bounded());
        }
        a.push_all(["-protocol_whitelist", "file", "-f", &self.demuxer, "-i"]);
        a.push(file_url(&self.input));
        if let Some(mark) = &self.watermark {
            a.push_all(mark.input_args());
        }
    }

    /// The picture's part of the graph: one decode split into every rung's scale (each marked
    /// with the logo, if there is one), the storyboard's and the poster's branches.
    fn video_graph(&self, v: &VideoPlan) -> Vec<String> {
        let mut graph = vec![self.decode_and_split(v)];
        // With a watermark, each scaled picture `[p{i}]` gets it on the way to `[v{i}]`.
        let scaled = if self.watermark.is_some() { "p" } else { "v" };
        for (i, r) in v.rungs.iter().enumerate() {
            graph.push(format!("[s{i}]{}[{scaled}{i}]", filters::scale(r.width, r.height, &v.picture)));
        }
        if let Some(mark) = &self.watermark {
            let heights: Vec<u32> = v.rungs.iter().map(|r| r.height).collect();
            graph.extend(mark.graph("1:v", &heights, "p", "v"));
        }
        graph.extend(self.image_branches(v));
        graph
    }

    /// The decoded picture cleaned up once (a chunk's frames cut on its grid, or the frame
    /// rate changed), then split into `[s{i}]` per rung, `[ss]` for the storyboard and `[sp]`
    /// for the poster.
    fn decode_and_split(&self, v: &VideoPlan) -> String {
        let mut before: Vec<String> = self.cut.and_then(|c| c.skip_filter()).into_iter().collect();
        before.extend(filters::prepare(&v.picture));
        match &self.cut {
            Some(cut) => before.extend(cut.filters()),
            None if v.convert_fps => before.push(format!("fps={}", v.fps)),
            None => {}
        }
        let before: String = before.into_iter().map(|f| f + ",").collect();
        let mut outs: String = (0..v.rungs.len()).map(|i| format!("[s{i}]")).collect();
        if self.images {
            outs.push_str("[ss]");
        }
        if self.poster_in_run {
            outs.push_str("[sp]");
        }
        let splits = outs.matches('[').count();
        format!("[0:{}]{before}split={splits}{outs}", v.stream)
    }

    /// The storyboard's tiles `[story]` and the poster `[poster]`, where the run makes them.
    fn image_branches(&self, v: &VideoPlan) -> Vec<String> {
        let mut graph = Vec::new();
        // Tiles leave as separate images: a `tile` output would only start at the end, and
        // ffmpeg holds back progress reports until every output has started.
        let sb = &v.storyboard;
        if self.images {
            graph.push(format!("[ss]fps=1/{},scale=w={}:h={},setsar=1[story]", sb.interval_s, sb.tile_width, sb.tile_height));
        }
        if self.poster_in_run {
            let (w, h) = v.poster;
            graph.push(format!("[sp]{POSTER_PICK},scale=w={w}:h={h},setsar=1[poster]"));
        }
        graph
    }

    /// x264 for every rung: the quality, the colour tags and a keyframe clock shared by all.
    fn push_video_encoder(&self, a: &mut Args) {
        a.push_all(["-c:v", "libx264", "-preset", &self.preset, "-crf", &self.crf.to_string(), "-profile:v", "high"]);
        if self.encoder_threads > 0 {
            a.push_all(["-threads:v".to_string(), self.encoder_threads.to_string()]);
        }
        a.push_all(filters::BT709_FLAGS);
        // Keyframes on a clock, not on scene cuts, so every rung cuts segments at the same times.
        a.push_all(["-force_key_frames", &format!("expr:gte(t,n_forced*{})", self.gop_secs), "-sc_threshold", "0"]);
        // The first second of an item cut in parts is the encode it waits for to play.
        if let Some(params) =
            self.cut.filter(|c| c.span.first_frame == 0 && !c.span.is_last()).and_then(|_| first_second_params(&self.preset))
        {
            a.push_all(["-x264-params", params]);
        }
    }

    /// The HLS muxer that writes every rung and audio rendition as CMAF segments, each into
    /// its own folder, with the playlists the publisher reads as they grow.
    fn push_hls_muxer(&self, a: &mut Args) {
        // A chunk cuts at its own length (the first chunk's one segment is one second).
        let cut_at = self.cut.map_or(self.segment_secs, |c| c.span.segment_secs);
        // B-frames put the first picture's decode two frames before its display, at a negative
        // time. Kept there, the muxer stores the delay as the picture's composition offsets and
        // an edit list that starts the track at that offset, so the first picture plays at 0,
        // as the sound does. Moved to 0 (ffmpeg's default), every stream would start as much
        // later behind an empty edit; and signed offsets (trun version 1) have ffmpeg's reader,
        // which moves every time by the deepest reordering it has seen, play the picture late.
        a.push_all(["-avoid_negative_ts", "disabled"]);
        a.push_all(["-f", "hls", "-hls_time", &cut_at.to_string(), "-hls_playlist_type", "event"]);
        a.push_all(["-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", "-hls_flags", "independent_segments"]);
        a.push_all(["-hls_segment_filename".into(), self.out_dir.join("%v/%05d.m4s").into_os_string()]);
        a.push_all(["-var_stream_map", &self.stream_map()]);
        a.push(self.out_dir.join("%v/index.m3u8"));
    }

    /// The muxer's variants, named as the renditions: every rung, then every audio rendition.
    fn stream_map(&self) -> String {
        let video = self.video.iter().flat_map(|v| v.rungs.iter().enumerate().map(|(i, r)| format!("v:{i},name:{}", r.name)));
        let audio = self.audio.iter().flat_map(|a| a.outputs().enumerate().map(|(i, (_, _, out))| format!("a:{i},name:{}", out.name)));
        video.chain(audio).collect::<Vec<_>>().join(" ")
    }

    /// The storyboard's tiles and the poster, after the muxer, where the run makes them.
    fn push_image_outputs(&self, a: &mut Args) {
        if self.video.is_some() && self.images {
            // Tiles are read while ffmpeg still runs, so each must never be seen half-written.
            a.push_all(["-map", "[story]", "-q:v", "5", "-f", "image2", "-atomic_writing", "1"]);
            a.push(self.tiles_dir().join("%05d.jpg"));
        }
        if self.video.is_some() && self.poster_in_run {
            a.push_all(["-map", "[poster]"]);
            a.push_all(POSTER_OUTPUT);
            a.push(self.poster_path());
        }
    }
}

/// Each audio track's part of the graph: its samples aligned and corrected once, then split
/// into `[a{track}_{rendition}]` per rendition.
fn audio_graph(audio: &AudioPlan) -> impl Iterator<Item = String> + '_ {
    audio.tracks.iter().enumerate().map(|(n, track)| {
        let outs: String = (0..track.renditions.len()).map(|j| format!("[a{n}_{j}]")).collect();
        let filters = track.chain().chain((track.renditions.len() > 1).then(|| format!("asplit={}", track.renditions.len())));
        format!("[0:{}]{}{outs}", track.stream, filters.collect::<Vec<_>>().join(","))
    })
}

/// Each rung's picture mapped to its output, with its peak rate and the buffer that bounds it.
fn push_rung_outputs(a: &mut Args, v: &VideoPlan) {
    for (i, r) in v.rungs.iter().enumerate() {
        a.push_all(["-map", &format!("[v{i}]")]);
        a.push_all([format!("-maxrate:v:{i}"), format!("{}k", r.video_kbps)]);
        a.push_all([format!("-bufsize:v:{i}"), format!("{}k", r.video_kbps * 2)]);
    }
}

/// Each audio rendition mapped to its output with its bitrate and channels, then AAC at 48 kHz
/// for all of them.
fn push_audio_outputs(a: &mut Args, audio: &AudioPlan) {
    let mut i = 0;
    for (n, track) in audio.tracks.iter().enumerate() {
        for (j, out) in track.renditions.iter().enumerate() {
            a.push_all(["-map".to_string(), format!("[a{n}_{j}]")]);
            a.push_all([format!("-b:a:{i}"), format!("{}k", out.kbps), format!("-ac:a:{i}"), out.channels.to_string()]);
            i += 1;
        }
    }
    a.push_all(["-c:a", "aac", "-ar", "48000"]);
}

/// x264's settings for the first second of an item cut in parts, the one encode it waits for
/// before it plays: under any preset slower than `ultrafast` (which has them already), its
/// B-frames placed without weighing them, the quickest motion search and no look-ahead. Those
/// change how frames are searched, not the parameter sets nor the B-frame delay, so its init
/// segments stay those of the chunks after it (the last step checks); they take about a third
/// off the CPU of a noisy 1080p second, at a little of that second's quality.
fn first_second_params(preset: &str) -> Option<&'static str> {
    (preset != "ultrafast").then_some("b-adapt=0:me=dia:subme=1:rc-lookahead=0:mbtree=0")
}
