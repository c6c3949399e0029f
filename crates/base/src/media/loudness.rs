//! Loudness: measuring an audio stream with ffmpeg's EBU R128 meter (`ebur128`, ITU-R
//! BS.1770), and the filter that brings it to the configured target — a plain gain where the
//! true peak allows (nothing pumps), `loudnorm` with the measured values where it does not.

use std::ffi::OsString;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::image::pictures_bounded;
use super::probe::file_url;
use crate::domain::finishing::Target;

/// Below this integrated loudness a stream is silence (the meter's floor is −70 LUFS): it is
/// left alone rather than raised by 50 dB.
const SILENCE_LUFS: f64 = -60.0;

/// Widest loudness range `loudnorm` is told to keep, so that only the true peak ever makes it
/// compress.
const KEEP_RANGE_LU: f64 = 50.0;

/// The most `loudnorm`'s target is raised above the configured one to make up for what its
/// limiter takes: beyond it, the loudness is in the peaks, which the true-peak limit caps.
const MAX_BOOST_LU: f64 = 4.0;

/// What the meter measured over a stream (or its opening seconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Measured {
    /// Integrated loudness, LUFS.
    pub integrated: f64,
    /// True peak, dBTP.
    pub true_peak: f64,
    /// Loudness range, LU.
    pub range: f64,
    /// Where one gain would clip: the integrated loudness `loudnorm` reached on a trial run
    /// aimed at the target (LUFS), which falls short by what its limiter took.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levelled: Option<f64>,
}

/// How a stream is brought to the target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase", tag = "method")]
pub enum Correction {
    /// One gain for the whole stream, in dB.
    Linear {
        /// The gain.
        gain_db: f64,
    },
    /// `loudnorm`'s gain control with a true-peak limiter: the linear gain would clip.
    Dynamic {
        /// How far `loudnorm`'s target is raised above the configured one (LU), by what a
        /// trial run fell short.
        #[serde(default)]
        boost_lu: f64,
    },
    /// Left as it is (silence).
    None,
}

impl Measured {
    /// How to bring this stream to `target`.
    pub fn correction(&self, target: Target) -> Correction {
        if self.integrated < SILENCE_LUFS {
            return Correction::None;
        }
        let gain_db = target.integrated - self.integrated;
        if self.true_peak + gain_db <= target.true_peak {
            Correction::Linear { gain_db: (gain_db * 100.0).round() / 100.0 }
        } else {
            let short = self.levelled.map_or(0.0, |reached| target.integrated - reached);
            Correction::Dynamic { boost_lu: (short.clamp(0.0, MAX_BOOST_LU) * 100.0).round() / 100.0 }
        }
    }

    /// The filter that applies [`Measured::correction`], if any.
    pub fn filter(&self, target: Target) -> Option<String> {
        self.correction(target).filter(self, target)
    }
}

impl Correction {
    /// The filter that applies this correction to a stream that measured `input`, if any.
    pub fn filter(self, input: &Measured, target: Target) -> Option<String> {
        match self {
            Correction::Linear { gain_db } => Some(format!("volume={gain_db:.2}dB")),
            // loudnorm works at 192 kHz (for its true-peak limiter) and hands that on.
            Correction::Dynamic { boost_lu } => Some(format!(
                "loudnorm=I={:.1}:TP={:.1}:LRA={KEEP_RANGE_LU:.0}:measured_I={:.2}:measured_TP={:.2}:measured_LRA={:.2}:measured_thresh={:.2}:linear=true,aresample=48000",
                target.integrated + boost_lu,
                target.true_peak,
                input.integrated,
                input.true_peak,
                input.range,
                // The meter's relative gate: 10 LU under the gated loudness.
                input.integrated - 10.0,
            )),
            Correction::None => None,
        }
    }
}

/// The ffmpeg arguments that meter one audio stream of a local file, the first `secs` seconds
/// of it or all of it; its frames' measurements go to stdout for [`Meter`]. Only that stream is
/// decoded, and no picture of the file beyond a picture's bound ([`pictures_bounded`]).
pub fn measure_args(input: &Path, demuxer: &str, stream: u32, secs: Option<f64>) -> Vec<OsString> {
    let mut a: Vec<OsString> = ["-hide_banner", "-nostdin", "-loglevel", "error"].map(OsString::from).to_vec();
    a.extend(pictures_bounded());
    a.extend(["-protocol_whitelist", "file", "-f", demuxer].map(OsString::from));
    if let Some(secs) = secs {
        a.extend(["-t".into(), format!("{secs}").into()]);
    }
    a.push("-i".into());
    a.push(file_url(input));
    a.extend(["-map".to_string(), format!("0:{stream}")].map(OsString::from));
    a.extend(["-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:file=-", "-f", "null", "-"].map(OsString::from));
    a
}

/// The ffmpeg arguments of a trial run: one audio stream of a local file (its first `secs`
/// seconds, or all of it) through `filter`, then the meter, whose report goes to stdout for
/// [`Meter`] as [`measure_args`]'s does.
pub fn trial_args(input: &Path, demuxer: &str, stream: u32, secs: Option<f64>, filter: &str) -> Vec<OsString> {
    let mut a = measure_args(input, demuxer, stream, secs);
    let meter = a.iter().position(|arg| arg == "-af").expect("the meter's filter") + 1;
    let mut chain = OsString::from(format!("{filter},"));
    chain.push(&a[meter]);
    a[meter] = chain;
    a
}

/// Reads the meter's per-frame report: the integrated loudness and range are running values
/// (the last one counts), the true peak the highest seen.
#[derive(Debug, Default)]
pub struct Meter {
    integrated: Option<f64>,
    range: Option<f64>,
    peak: Option<f64>,
}

impl Meter {
    /// Takes one line of the report.
    pub fn line(&mut self, line: &str) {
        let Some((key, value)) = line.trim().strip_prefix("lavfi.r128.").and_then(|l| l.split_once('=')) else { return };
        let Ok(value) = value.parse::<f64>() else { return };
        if !value.is_finite() {
            return;
        }
        match key {
            "I" => self.integrated = Some(value),
            "LRA" => self.range = Some(value),
            // Linear amplitude, per channel and overall.
            "true_peak" => self.peak = Some(self.peak.map_or(value, |p| p.max(value))),
            _ => {}
        }
    }

    /// What was measured, once the report had a value of each.
    pub fn measured(&self) -> Option<Measured> {
        let peak = self.peak?;
        let true_peak = if peak > 0.0 { 20.0 * peak.log10() } else { -120.0 };
        let integrated = self.integrated?;
        Some(Measured { integrated, true_peak: (true_peak * 100.0).round() / 100.0, range: self.range.unwrap_or(0.0), levelled: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: Target = Target { integrated: -16.0, true_peak: -1.0 };

    #[test]
    fn a_quiet_stream_is_raised_and_a_loud_one_lowered_by_one_gain() {
        let quiet = Measured { integrated: -30.0, true_peak: -20.0, range: 6.0, levelled: None };
        assert_eq!(quiet.correction(TARGET), Correction::Linear { gain_db: 14.0 });
        assert_eq!(quiet.filter(TARGET).unwrap(), "volume=14.00dB");
        let loud = Measured { integrated: -7.5, true_peak: 0.0, range: 4.0, levelled: None };
        assert_eq!(loud.filter(TARGET).unwrap(), "volume=-8.50dB");
    }

    #[test]
    fn a_gain_that_would_clip_goes_to_loudnorm_with_the_measurements() {
        let peaky = Measured { integrated: -30.0, true_peak: -3.0, range: 15.0, levelled: None };
        assert_eq!(peaky.correction(TARGET), Correction::Dynamic { boost_lu: 0.0 });
        assert_eq!(
            peaky.filter(TARGET).unwrap(),
            "loudnorm=I=-16.0:TP=-1.0:LRA=50:measured_I=-30.00:measured_TP=-3.00:measured_LRA=15.00:measured_thresh=-40.00:linear=true,aresample=48000"
        );
        // A trial that fell short raises loudnorm's aim by as much, up to a limit.
        let short = Measured { levelled: Some(-16.8), ..peaky };
        assert_eq!(short.correction(TARGET), Correction::Dynamic { boost_lu: 0.8 });
        assert!(short.filter(TARGET).unwrap().starts_with("loudnorm=I=-15.2:TP=-1.0:"));
        let capped = Measured { levelled: Some(-30.0), ..peaky };
        assert_eq!(capped.correction(TARGET), Correction::Dynamic { boost_lu: MAX_BOOST_LU });
        let over = Measured { levelled: Some(-15.0), ..peaky };
        assert_eq!(over.correction(TARGET), Correction::Dynamic { boost_lu: 0.0 }, "never lowered");
        // Indexes written before the boost read as none.
        let stored: Correction = serde_json::from_str(r#"{"method":"dynamic"}"#).unwrap();
        assert_eq!(stored, Correction::Dynamic { boost_lu: 0.0 });
    }

    #[test]
    fn a_trial_puts_the_correction_before_the_meter() {
        let args = trial_args(Path::new("/in"), "mov", 1, Some(60.0), "loudnorm=I=-16");
        let text: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let at = text.iter().position(|a| a == "-af").unwrap();
        assert_eq!(text[at + 1], "loudnorm=I=-16,ebur128=peak=true:metadata=1,ametadata=mode=print:file=-");
        assert!(text.join(" ").contains("-t 60 -i file:/in -map 0:1"), "{text:?}");
    }

    #[test]
    fn silence_is_left_alone() {
        let silent = Measured { integrated: -70.0, true_peak: -120.0, range: 0.0, levelled: None };
        assert_eq!((silent.correction(TARGET), silent.filter(TARGET)), (Correction::None, None));
    }

    #[test]
    fn the_meter_keeps_the_last_running_values_and_the_highest_peak() {
        let mut meter = Meter::default();
        assert!(meter.measured().is_none());
        for line in [
            "frame:0    pts:0       pts_time:0",
            "lavfi.r128.I=-70.000",
            "lavfi.r128.true_peak=0.500",
            "lavfi.r128.I=-23.412",
            "lavfi.r128.LRA=5.300",
            "lavfi.r128.true_peaks_ch0=0.900",
            "lavfi.r128.true_peak=0.250",
            "lavfi.r128.I=nan",
            "garbage",
        ] {
            meter.line(line);
        }
        let m = meter.measured().unwrap();
        assert_eq!((m.integrated, m.range), (-23.412, 5.3));
        assert_eq!(m.true_peak, -6.02, "20·log10(0.5)");
    }

    #[test]
    fn the_meter_reads_a_confined_stream_for_a_bounded_time() {
        let args: Vec<_> =
            measure_args(Path::new("/s/in"), "matroska", 2, Some(60.0)).iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let text = args.join(" ");
        assert!(
            text.contains("-protocol_whitelist file -f matroska -t 60 -i file:/s/in -map 0:2 -af ebur128=peak=true:metadata=1"),
            "{text}"
        );
        assert!(text.ends_with("-f null -"), "{text}");
        assert!(text.starts_with("-hide_banner -nostdin -loglevel error -max_pixels 25000000 -protocol_whitelist"), "{text}");
        assert_eq!(args.iter().filter(|a| *a == "-map").count(), 1, "the one stream metered: {text}");
    }
}
