//! Checks a probed source against the configured limits before any transcoding starts.

use crate::config::MediaConfig;

use super::probe::MediaInfo;

/// Why a source was refused; the message is shown to the person who uploaded it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Rejection {
    /// A stable machine-readable reason, e.g. `video-too-long`.
    pub code: &'static str,
    /// What a person should read.
    pub message: String,
}

fn reject(code: &'static str, message: impl Into<String>) -> Rejection {
    Rejection { code, message: message.into() }
}

/// Accepts a source only if its container is allowed and it is within every limit.
pub fn validate(info: &MediaInfo, limits: &MediaConfig) -> Result<(), Rejection> {
    if !limits.allowed_formats.contains(&info.demuxer) {
        return Err(reject("format-not-allowed", format!("the {} container format is not accepted", info.demuxer)));
    }
    if info.video.is_none() && info.audio.is_empty() {
        return Err(reject("no-media-streams", "the file has neither a video nor an audio stream"));
    }
    let Some(duration) = info.duration_s else {
        return Err(reject("unknown-duration", "the file's duration cannot be determined"));
    };
    if duration > limits.max_duration_secs {
        return Err(reject(
            "video-too-long",
            format!("the video is {} long; the limit is {}", human_duration(duration), human_duration(limits.max_duration_secs)),
        ));
    }
    if let Some(v) = &info.video {
        if v.display_width > limits.max_width || v.display_height > limits.max_height {
            return Err(reject(
                "video-too-large",
                format!("the video is {}×{}; the limit is {}×{}", v.display_width, v.display_height, limits.max_width, limits.max_height),
            ));
        }
        if u64::from(v.width) * u64::from(v.height) > limits.max_pixels {
            return Err(reject("video-too-large", format!("the video's frames exceed {} pixels", limits.max_pixels)));
        }
        if v.display_width < 16 || v.display_height < 16 {
            return Err(reject("video-too-small", format!("the video is only {}×{}", v.display_width, v.display_height)));
        }
    }
    Ok(())
}

fn human_duration(secs: f64) -> String {
    if secs < 60.0 {
        return format!("{secs:.1} s");
    }
    let s = secs.round() as u64;
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, m, s) => format!("{m}:{s:02}"),
        (h, m, s) => format!("{h}:{m:02}:{s:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::probe::tests::fixture;

    #[test]
    fn every_fixture_is_within_the_default_limits() {
        for name in ["landscape", "portrait", "rotated", "four_three", "odd", "audio_only", "silent", "tiny", "anamorphic"] {
            assert_eq!(validate(&fixture(name), &MediaConfig::default()), Ok(()), "{name}");
        }
    }

    #[test]
    fn a_too_long_video_is_refused_with_a_readable_reason() {
        let limits = MediaConfig { max_duration_secs: 0.5, ..MediaConfig::default() };
        let err = validate(&fixture("landscape"), &limits).unwrap_err();
        assert_eq!(err.code, "video-too-long");
        assert_eq!(err.message, "the video is 1.0 s long; the limit is 0.5 s");
    }

    #[test]
    fn limits_on_size_and_container_apply() {
        let limits = MediaConfig { max_width: 1280, ..MediaConfig::default() };
        assert_eq!(validate(&fixture("landscape"), &limits).unwrap_err().code, "video-too-large");
        let limits = MediaConfig { allowed_formats: vec!["mov".into()], ..MediaConfig::default() };
        assert_eq!(validate(&fixture("odd"), &limits).unwrap_err().code, "format-not-allowed");
    }
}
