//! Avatars: which uploaded images are read at all (PNG, JPEG, WebP, GIF by their own
//! demuxers), how big they may be, and the ffmpeg arguments that make the small square JPEG
//! Reel serves instead of the upload (no metadata carried over).

use std::ffi::OsString;
use std::path::Path;

use super::probe::{file_url, ProbeOutput};

/// The demuxers an avatar upload may be opened with.
pub const IMAGE_DEMUXERS: &[&str] = &["png_pipe", "jpeg_pipe", "webp_pipe", "gif"];
/// Sides of the avatar Reel makes, in pixels.
pub const AVATAR_SIDE: u32 = 256;
/// The largest picture accepted, per side: a bigger one is refused before it is decoded.
pub const MAX_IMAGE_SIDE: u32 = 8_192;
/// The largest picture accepted, in pixels (25 megapixels: a 6000 × 4000 photo, about 100 MB
/// decoded as RGBA). Neither ffprobe nor ffmpeg decodes a larger one (`-max_pixels`), whatever
/// its header says.
pub const MAX_IMAGE_PIXELS: u64 = 25_000_000;
/// The input options of a run that uses none of a file's pictures (a cover, a video's frames
/// beside the sound it reads): ffmpeg decodes the first picture of every stream while it reads
/// the streams' parameters, mapped or not, and this keeps that one within [`MAX_IMAGE_PIXELS`]
/// (a cover whose header says 16000 × 16000 would take 800 MB decoded; it is refused unread).
pub fn pictures_bounded() -> [OsString; 2] {
    ["-max_pixels".into(), MAX_IMAGE_PIXELS.to_string().into()]
}

/// The heap an ffmpeg or ffprobe reading a picture may have: over one and a half times what the
/// largest accepted picture needs (about 235 MB as a PNG with alpha, on one thread).
pub const PICTURE_MEMORY_BYTES: u64 = 384 << 20;

/// What an uploaded image turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// The demuxer that read it (one of [`IMAGE_DEMUXERS`]), pinned when it is decoded.
    pub demuxer: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Why an upload is not an avatar Reel can use, for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImageRejected(pub String);

/// The ffprobe arguments for an uploaded image: file protocol only, image demuxers only, and
/// no picture over [`MAX_IMAGE_PIXELS`] decoded while its parameters are read.
pub fn probe_args(input: &Path) -> Vec<OsString> {
    super::probe::probe_args(input, &IMAGE_DEMUXERS.iter().map(|d| d.to_string()).collect::<Vec<_>>(), MAX_IMAGE_PIXELS)
}

/// Checks what ffprobe found: one of the allowed image formats, with a picture of sensible size.
pub fn check(probe: &ProbeOutput) -> Result<ImageInfo, ImageRejected> {
    let demuxer = probe.format.as_ref().map(|f| f.format_name.split(',').next().unwrap_or("").to_string()).unwrap_or_default();
    if !IMAGE_DEMUXERS.contains(&demuxer.as_str()) {
        return Err(ImageRejected("the file is not a PNG, JPEG, WebP or GIF image".into()));
    }
    let picture = probe.streams.iter().find(|s| s.codec_type.as_deref() == Some("video"));
    let (Some(width), Some(height)) = (picture.and_then(|s| s.width), picture.and_then(|s| s.height)) else {
        return Err(ImageRejected("the image has no picture in it".into()));
    };
    if width == 0 || height == 0 {
        // What ffprobe says of a picture it was not allowed to decode for its size, too.
        return Err(ImageRejected(format!(
            "the image has no picture this site can read in it, or one of more than {} megapixels",
            MAX_IMAGE_PIXELS / 1_000_000
        )));
    }
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(ImageRejected(format!("the image is {width}×{height}; each side must be at most {MAX_IMAGE_SIDE} pixels")));
    }
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(ImageRejected(format!(
            "the image is {width}×{height}; it may have at most {} megapixels",
            MAX_IMAGE_PIXELS / 1_000_000
        )));
    }
    Ok(ImageInfo { demuxer, width, height })
}

/// The ffmpeg arguments that make one still picture from a checked image: its first frame,
/// read from the local file only through the demuxer that probed it, on one thread and with
/// no picture over [`MAX_IMAGE_PIXELS`] decoded, through `filter`, with no metadata, encoded by
/// `codec` (the encoder and its options) into `output`.
pub fn still_args(input: &Path, info: &ImageInfo, filter: &str, codec: &[&str], output: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> =
        ["-hide_banner", "-v", "error", "-nostdin", "-threads", "1", "-max_pixels", &MAX_IMAGE_PIXELS.to_string()]
            .map(OsString::from)
            .to_vec();
    args.extend(["-protocol_whitelist", "file", "-f"].map(OsString::from));
    args.push(info.demuxer.clone().into());
    args.push("-i".into());
    args.push(file_url(input));
    args.extend(["-map", "0:v:0", "-frames:v", "1", "-vf", filter, "-map_metadata", "-1"].map(OsString::from));
    args.extend(codec.iter().map(OsString::from));
    args.extend(["-f", "image2", "-y"].map(OsString::from));
    args.push(file_url(output));
    args
}

/// The ffmpeg arguments that make the avatar: the first frame, scaled to cover a
/// [`AVATAR_SIDE`] square and cropped to it, as a baseline JPEG with no metadata.
pub fn avatar_args(input: &Path, info: &ImageInfo, output: &Path) -> Vec<OsString> {
    let side = AVATAR_SIDE;
    let filter = format!("scale={side}:{side}:force_original_aspect_ratio=increase,crop={side}:{side},format=yuvj420p");
    still_args(input, info, &filter, &["-c:v", "mjpeg", "-q:v", "3"], output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(format: &str, width: u32, height: u32) -> ProbeOutput {
        let json = format!(
            r#"{{"streams":[{{"index":0,"codec_type":"video","codec_name":"png","width":{width},"height":{height}}}],"format":{{"format_name":"{format}"}}}}"#
        );
        ProbeOutput::parse(json.as_bytes()).unwrap()
    }

    #[test]
    fn only_allowed_image_formats_of_sensible_size_pass() {
        assert_eq!(check(&probe("png_pipe", 640, 480)).unwrap(), ImageInfo { demuxer: "png_pipe".into(), width: 640, height: 480 });
        assert!(check(&probe("mov,mp4,m4a,3gp,3g2,mj2", 640, 480)).is_err(), "a video is not an avatar");
        assert!(check(&probe("svg_pipe", 640, 480)).is_err());
        assert!(check(&probe("png_pipe", 9_000, 10)).is_err());
        assert!(check(&probe("png_pipe", 8_192, 3_000)).is_ok(), "a wide banner within the pixel bound");
        let square = check(&probe("png_pipe", 8_192, 8_192)).unwrap_err().0;
        assert!(square.contains("at most 25 megapixels"), "a 67-megapixel square is refused: {square}");
        let refused = check(&probe("png_pipe", 0, 0)).unwrap_err().0;
        assert!(refused.contains("more than 25 megapixels"), "what ffprobe says of one it would not decode: {refused}");
        assert!(check(&probe("png_pipe", 0, 10)).is_err());
    }

    #[test]
    fn the_avatar_is_made_from_a_pinned_demuxer_and_a_local_file_without_metadata() {
        let info = ImageInfo { demuxer: "jpeg_pipe".into(), width: 10, height: 10 };
        let args: Vec<String> =
            avatar_args(Path::new("/tmp/in"), &info, Path::new("/tmp/out.jpg")).iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let joined = args.join(" ");
        assert!(joined.contains("-threads 1 -max_pixels 25000000 -protocol_whitelist file -f jpeg_pipe -i file:/tmp/in"), "{joined}");
        assert!(joined.contains("-map_metadata -1") && joined.ends_with("file:/tmp/out.jpg"), "{joined}");
    }
}
