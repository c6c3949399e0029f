//! ffprobe's JSON about an uploaded file (whose container fields the uploader controls): read,
//! summarised and checked against the limits without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_base::config::MediaConfig;
use reel_base::media::probe::ProbeOutput;

fuzz_target!(|json: &[u8]| {
    let Ok(probe) = ProbeOutput::parse(json) else { return };
    if let Some(info) = probe.media_info() {
        let _ = reel_base::media::validate::validate(&info, &MediaConfig::default());
    }
});
