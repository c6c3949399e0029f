//! Readers for what a running ffmpeg reports: its variant playlists and its `-progress` lines.

/// What ffmpeg's own playlist for one variant says so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VariantProgress {
    /// The init segment's file name.
    pub init: Option<String>,
    /// Finished segments in order: (file name, duration in seconds).
    pub segments: Vec<(String, f64)>,
    /// Whether ffmpeg wrote `#EXT-X-ENDLIST` (the variant is complete).
    pub ended: bool,
}

/// Reads an ffmpeg-written variant playlist. Only whole lines count, so a playlist caught
/// mid-write never yields a half-written segment name.
pub fn parse_variant_playlist(text: &str) -> VariantProgress {
    let mut progress = VariantProgress::default();
    let complete = match text.rfind('\n') {
        Some(end) => &text[..=end],
        None => return progress,
    };
    let mut pending: Option<f64> = None;
    for line in complete.lines().map(str::trim) {
        if let Some(uri) = line.strip_prefix("#EXT-X-MAP:URI=\"") {
            progress.init = uri.strip_suffix('"').map(str::to_string);
        } else if let Some(rest) = line.strip_prefix("#EXTINF:") {
            pending = rest.split(',').next().and_then(|d| d.parse().ok());
        } else if line == "#EXT-X-ENDLIST" {
            progress.ended = true;
        } else if !line.is_empty() && !line.starts_with('#') {
            if let Some(duration) = pending.take() {
                progress.segments.push((line.to_string(), duration));
            }
        }
    }
    progress
}

/// Reads one line of ffmpeg's `-progress` report: the output time reached, in seconds.
pub fn parse_progress_line(line: &str) -> Option<f64> {
    let micros = line.strip_prefix("out_time_us=").or_else(|| line.strip_prefix("out_time_ms="))?;
    micros.trim().parse::<i64>().ok().filter(|us| *us >= 0).map(|us| us as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_playlists_are_read_line_by_line() {
        let text = "#EXTM3U\n#EXT-X-MAP:URI=\"init_0.mp4\"\n#EXTINF:4.000000,\n00000.m4s\n#EXTINF:4.010667,\n00001.m4s\n#EXTINF:1.0,\n0000";
        let p = parse_variant_playlist(text);
        assert_eq!(p.init.as_deref(), Some("init_0.mp4"));
        assert_eq!(p.segments, [("00000.m4s".to_string(), 4.0), ("00001.m4s".to_string(), 4.010667)]);
        assert!(!p.ended);
        assert!(parse_variant_playlist(&format!("{text}2.m4s\n#EXT-X-ENDLIST\n")).ended);
    }

    #[test]
    fn progress_lines_give_seconds() {
        assert_eq!(parse_progress_line("out_time_us=2500000"), Some(2.5));
        assert_eq!(parse_progress_line("out_time_us=N/A"), None);
        assert_eq!(parse_progress_line("frame=10"), None);
    }
}
