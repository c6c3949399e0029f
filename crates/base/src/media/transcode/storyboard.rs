//! The storyboard: the sprite of small pictures a player's seek bar shows, its layout and the
//! ffmpeg runs that assemble it.

use std::ffi::OsString;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::args::Args;
use super::TranscodePlan;
use crate::media::ladder::even;
use crate::media::probe::file_url;

/// Storyboards hold at most this many tiles; longer videos get a wider interval.
const MAX_STORYBOARD_TILES: u32 = 400;
/// Storyboard tiles per row.
pub const STORYBOARD_COLUMNS: u32 = 10;

/// A storyboard sprite: tiles taken every `interval_s`, laid out in rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storyboard {
    /// Seconds between tiles.
    pub interval_s: u32,
    /// Tile width in pixels.
    pub tile_width: u32,
    /// Tile height in pixels.
    pub tile_height: u32,
    /// Tiles per row.
    pub columns: u32,
    /// Rows.
    pub rows: u32,
    /// Tiles that hold frames (the rest of the last row is padding).
    pub count: u32,
}

impl Storyboard {
    /// Tiles every `interval_s` seconds (wider for a long item, so there are at most 400) of
    /// `tile_width` pixels, shaped like a picture of `size`, over `duration_s`.
    pub fn new(duration_s: f64, size: (u32, u32), interval_s: u32, tile_width: u32) -> Self {
        let interval_s = interval_s.max((duration_s / f64::from(MAX_STORYBOARD_TILES)).ceil() as u32).max(1);
        let count = ((duration_s / f64::from(interval_s)).ceil() as u32).max(1);
        let columns = count.min(STORYBOARD_COLUMNS);
        let tile_width = even(f64::from(tile_width));
        let tile_height = even(f64::from(tile_width) * f64::from(size.1) / f64::from(size.0.max(1)));
        Self { interval_s, tile_width, tile_height, columns, rows: count.div_ceil(columns), count }
    }
}

/// The storyboard sprite made from the keyframes of an encoded rendition (`input`, a joined
/// fragmented MP4) alone, which only a few frames of are decoded. Each tile is the last
/// keyframe at or before its time (`interval_s` × its number), found as the first one later
/// than a keyframe interval (`gop_secs`) before it: the tile's time itself when keyframes fall
/// on multiples of the interval, a second before where the item's first segment is one second
/// long. Never one past the end, so the last tile is never blank.
pub fn keyframe_storyboard_args(input: &Path, storyboard: &Storyboard, gop_secs: u32, out: &Path) -> Vec<OsString> {
    let sb = storyboard;
    let mut a = Args::default();
    a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-skip_frame", "nokey"]);
    a.push_all(["-protocol_whitelist", "file", "-f", "mov", "-i"]);
    a.push(file_url(input));
    let tiles = format!(
        "select=gt(t\\,selected_n*{}-{gop_secs}),scale=w={}:h={},setsar=1,tile=layout={}x{}",
        sb.interval_s, sb.tile_width, sb.tile_height, sb.columns, sb.rows
    );
    a.push_all(["-vf", &tiles, "-frames:v", "1", "-q:v", "5", "-f", "image2", "-update", "1"]);
    a.push(out);
    a.0
}

/// Assembles the storyboard tiles ffmpeg wrote into one sprite of `columns` × `rows`.
pub fn storyboard_args(plan: &TranscodePlan, columns: u32, rows: u32) -> Vec<OsString> {
    let mut a = Args::default();
    a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-protocol_whitelist", "file", "-f", "image2", "-i"]);
    a.push(file_url(&plan.tiles_dir().join("%05d.jpg")));
    a.push_all(["-vf", &format!("tile=layout={columns}x{rows}"), "-frames:v", "1", "-q:v", "5", "-f", "image2", "-update", "1"]);
    a.push(plan.storyboard_path());
    a.0
}
