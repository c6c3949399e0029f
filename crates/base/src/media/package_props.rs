//! Property tests of the manifests Reel renders, read back by an independent HLS parser
//! (`m3u8-rs`): for any ladder, segment timing, completeness and encryption, the master and
//! media playlists parse and say what the package index says.

use m3u8_rs::{MasterPlaylist, MediaPlaylist, MediaPlaylistType};
use proptest::prelude::*;

use super::package::{hls_master, hls_media, Kind, PackageIndex, Rendition, Segment, SegmentEncryption};

const PREFIX: &str = "/play/TOKEN/0197a0b2-7c1e-7d2a-9f00-1234567890ab";
const VIDEO_TIMESCALE: u32 = 15360;
const AUDIO_TIMESCALE: u32 = 48000;

/// A rendition with segments of these durations (ticks) and sizes.
fn rendition(name: String, kind: Kind, height: u32, segments: &[(u64, u64)]) -> Rendition {
    let video = kind == Kind::Video;
    Rendition {
        name,
        kind,
        codecs: if video { "avc1.64001f".into() } else { "mp4a.40.2".into() },
        timescale: if video { VIDEO_TIMESCALE } else { AUDIO_TIMESCALE },
        start: 0,
        width: video.then_some(height * 16 / 9),
        height: video.then_some(height),
        frame_rate: video.then_some(30.0),
        channels: (!video).then_some(2),
        sample_rate: (!video).then_some(AUDIO_TIMESCALE),
        track: 0,
        max_bps: u64::from(height) * 4000 + 128_000,
        segments: segments.iter().map(|&(duration, size)| Segment { duration, size }).collect(),
    }
}

/// Package indexes as a transcode makes them: 1–4 video rungs (highest first) and one audio
/// rendition, each with the same number of segments of 1–8 s, complete or still growing,
/// encrypted or not.
fn indexes() -> impl Strategy<Value = PackageIndex> {
    let heights = prop::sample::subsequence(vec![1080u32, 720, 480, 360, 240, 144], 1..=4);
    let timing = prop::collection::vec((1u64..=8 * 1000, 1_000u64..=4_000_000), 1..=40);
    (heights, timing, any::<bool>(), any::<bool>()).prop_map(|(heights, timing, complete, encrypted)| {
        let mut renditions: Vec<Rendition> = heights
            .iter()
            .map(|&h| {
                let segments: Vec<(u64, u64)> = timing.iter().map(|&(ms, size)| (ms * u64::from(VIDEO_TIMESCALE) / 1000, size)).collect();
                rendition(format!("{h}p"), Kind::Video, h, &segments)
            })
            .collect();
        let audio: Vec<(u64, u64)> = timing.iter().map(|&(ms, size)| (ms * u64::from(AUDIO_TIMESCALE) / 1000, size / 10 + 1)).collect();
        renditions.push(rendition("audio".into(), Kind::Audio, 0, &audio));
        let duration_s = timing.iter().map(|&(ms, _)| ms as f64 / 1000.0).sum();
        PackageIndex { duration_s, renditions, encryption: encrypted.then_some(SegmentEncryption::Aes128), ..PackageIndex::empty(complete) }
    })
}

fn master(text: &str) -> MasterPlaylist {
    match m3u8_rs::parse_playlist_res(text.as_bytes()) {
        Ok(m3u8_rs::Playlist::MasterPlaylist(m)) => m,
        other => panic!("not a master playlist ({other:?}):\n{text}"),
    }
}

fn media(text: &str) -> MediaPlaylist {
    match m3u8_rs::parse_playlist_res(text.as_bytes()) {
        Ok(m3u8_rs::Playlist::MediaPlaylist(m)) => m,
        other => panic!("not a media playlist ({other:?}):\n{text}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The master lists every video rung once, lowest first, at the bandwidth, codecs and
    /// size of the index, with the audio group every variant names.
    #[test]
    fn the_master_playlist_reads_back_as_the_index(index in indexes()) {
        let parsed = master(&hls_master(&index, PREFIX));
        let videos: Vec<&Rendition> = index.video().collect();
        let audio = index.audio().next().unwrap();
        prop_assert_eq!(parsed.variants.len(), videos.len());
        for (variant, rung) in parsed.variants.iter().zip(videos.iter().rev()) {
            prop_assert_eq!(&variant.uri, &format!("{PREFIX}/{}/index.m3u8", rung.name));
            prop_assert_eq!(variant.bandwidth, rung.advertised_bps(index.complete) + audio.advertised_bps(index.complete));
            prop_assert_eq!(variant.average_bandwidth.is_some(), index.complete);
            let resolution = variant.resolution.expect("a resolution");
            prop_assert_eq!((resolution.width, resolution.height), (u64::from(rung.width.unwrap()), u64::from(rung.height.unwrap())));
            prop_assert_eq!(variant.codecs.as_deref(), Some("avc1.64001f,mp4a.40.2"));
            prop_assert_eq!(variant.audio.as_deref(), Some("audio"));
        }
        let bandwidths: Vec<u64> = parsed.variants.iter().map(|v| v.bandwidth).collect();
        prop_assert!(bandwidths.windows(2).all(|w| w[0] <= w[1]), "lowest first: {:?}", bandwidths);
        let group: Vec<_> = parsed.alternatives.iter().filter(|a| a.group_id == "audio").collect();
        prop_assert_eq!(group.len(), 1);
        prop_assert_eq!(group[0].uri.clone(), Some(format!("{PREFIX}/audio/index.m3u8")));
    }

    /// Each media playlist lists every segment at its duration, under a target duration no
    /// segment exceeds, as VOD with an end when complete and as a growing EVENT otherwise, with
    /// the init segment and (when encrypted) the key ahead of the first segment.
    #[test]
    fn media_playlists_read_back_as_the_index(index in indexes()) {
        for rendition in &index.renditions {
            let parsed = media(&hls_media(&index, &rendition.name, PREFIX).unwrap());
            prop_assert_eq!(parsed.segments.len(), rendition.segments.len());
            prop_assert_eq!(parsed.end_list, index.complete);
            let kind = if index.complete { MediaPlaylistType::Vod } else { MediaPlaylistType::Event };
            prop_assert_eq!(parsed.playlist_type, Some(kind));
            prop_assert_eq!(parsed.media_sequence, 0);
            for (i, segment) in parsed.segments.iter().enumerate() {
                prop_assert_eq!(&segment.uri, &format!("{PREFIX}/{}/{i:05}.m4s", rendition.name));
                prop_assert!((f64::from(segment.duration) - rendition.segment_secs(i)).abs() < 1e-3);
                prop_assert!(f64::from(segment.duration).round() as u64 <= parsed.target_duration, "segment {} over the target", i);
            }
            let total: f64 = parsed.segments.iter().map(|s| f64::from(s.duration)).sum();
            prop_assert!((total - rendition.duration_secs()).abs() < 1e-3 * rendition.segments.len() as f64);
            let first = &parsed.segments[0];
            prop_assert_eq!(first.map.as_ref().map(|m| m.uri.clone()), Some(format!("{PREFIX}/{}/init.mp4", rendition.name)));
            let key = first.key.as_ref().map(|k| (k.method.to_string(), k.uri.clone()));
            let expected = index.encryption.map(|e| (e.method().to_string(), Some(format!("{PREFIX}/key"))));
            prop_assert_eq!(key, expected);
        }
    }
}
