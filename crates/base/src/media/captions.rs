//! Caption files, a pure module: reads an uploaded WebVTT or SRT file into clean WebVTT, cuts
//! it into HLS WebVTT segments, and writes chapters as a WebVTT chapters track.

use std::fmt::{self, Write};

/// Limits on one caption file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted file, in bytes, checked before anything is decoded.
    pub max_bytes: usize,
    /// Most cues kept; cues left empty by cleaning do not count.
    pub max_cues: usize,
}

/// One cue, times in milliseconds from the start of the media.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// When the cue appears.
    pub start_ms: u64,
    /// When the cue goes away; always after `start_ms`.
    pub end_ms: u64,
    /// Valid WebVTT cue settings separated by single spaces, or empty (always empty from SRT).
    pub settings: String,
    /// WebVTT cue text: lines joined by `\n`, none blank, only the tags kept by cleaning, and
    /// `&<>` escaped wherever they are not markup.
    pub text: String,
}

/// A whole file's cues, sorted by start (then end), ready to write as WebVTT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captions {
    /// The cues, none empty; overlapping cues are kept as they are.
    pub cues: Vec<Cue>,
}

/// Why a file could not be read: `line` is 1-based where one applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptionError {
    /// The line the problem is on, counting CRLF, CR and LF alike; `None` for the whole file.
    pub line: Option<usize>,
    /// What is wrong, in words fit for the person who uploaded the file.
    pub message: String,
}

impl CaptionError {
    fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        CaptionError { line, message: message.into() }
    }
}

impl fmt::Display for CaptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CaptionError {}

/// Reads a WebVTT file (first line `WEBVTT`) or else an SRT file, in UTF-8, UTF-16 with a BOM
/// or Windows-1252, into cues sorted by start. Cleaning keeps only what every WebVTT player
/// shows alike: valid cue settings, `<b> <i> <u>` (and from WebVTT `<v> <c> <lang> <ruby> <rt>`
/// and inline timestamps); it escapes stray `&<>` and drops cues left without text.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Captions, CaptionError> {
    if bytes.len() > limits.max_bytes {
        return Err(CaptionError::new(None, format!("the file is larger than the limit of {}", kib(limits.max_bytes))));
    }
    let text = decode(bytes).replace("\r\n", "\n").replace('\r', "\n");
    if let Some(at) = text.find('\0') {
        return Err(CaptionError::new(Some(text[..at].matches('\n').count() + 1), "the file contains a NUL byte; it is not a text file"));
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let vtt = lines[0].strip_prefix("WEBVTT").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    // The header's text runs to the first blank line; a timing line there starts the cues early.
    let first = if vtt { 1 + lines[1..].iter().take_while(|l| !is_blank(l) && !l.contains("-->")).count() } else { 0 };
    let mut cues = read_cues(&lines, first, vtt, limits.max_cues)?;
    if cues.is_empty() {
        return Err(CaptionError::new(None, "the file has no cues"));
    }
    cues.sort_by_key(|c| (c.start_ms, c.end_ms));
    Ok(Captions { cues })
}

impl Captions {
    /// The whole file as clean WebVTT ("WEBVTT\n\n" then cues "HH:MM:SS.mmm --> HH:MM:SS.mmm[ settings]\ntext\n\n").
    pub fn to_webvtt(&self) -> String {
        let mut out = String::from("WEBVTT\n\n");
        self.cues.iter().for_each(|cue| write_cue(&mut out, cue));
        out
    }

    /// One HLS segment: every cue that overlaps [from_ms, to_ms) (a cue that spans a boundary is
    /// in every segment it overlaps, unchanged times), preceded by
    /// "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:{mpegts},LOCAL:00:00:00.000\n\n". An empty segment is just the header.
    pub fn segment(&self, from_ms: u64, to_ms: u64, mpegts: u64) -> String {
        let mut out = format!("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:{mpegts},LOCAL:00:00:00.000\n\n");
        for cue in self.cues.iter().filter(|c| c.start_ms < to_ms && c.end_ms > from_ms) {
            write_cue(&mut out, cue);
        }
        out
    }

    /// End of the last cue, ms (0 without cues); the latest end, as cues may overlap.
    pub fn end_ms(&self) -> u64 {
        self.cues.iter().map(|c| c.end_ms).max().unwrap_or(0)
    }
}

/// Chapters as a WebVTT chapters track: each (start_ms, title) runs to the next start, the last
/// to `duration_ms`; titles escaped as cue text. Chapters are taken in order of start, and one
/// left with no time (a repeated start, or a start at or past `duration_ms`) is left out.
pub fn chapters_webvtt(chapters: &[(u64, String)], duration_ms: u64) -> String {
    let mut sorted: Vec<&(u64, String)> = chapters.iter().collect();
    sorted.sort_by_key(|(start, _)| *start);
    let mut out = String::from("WEBVTT\n\n");
    for (i, (start_ms, title)) in sorted.iter().enumerate() {
        let end_ms = sorted.get(i + 1).map_or(duration_ms, |(next, _)| *next).min(duration_ms);
        if end_ms > *start_ms {
            // A title is plain text: every `&` is literal, and a line break would end the cue.
            let title: String = title.chars().map(|c| if crate::domain::text::breaks_a_line(c) { ' ' } else { c }).collect();
            let text = escape(title.trim(), false);
            write_cue(&mut out, &Cue { start_ms: *start_ms, end_ms, settings: String::new(), text });
        }
    }
    out
}

fn write_cue(out: &mut String, cue: &Cue) {
    let settings = if cue.settings.is_empty() { String::new() } else { format!(" {}", cue.settings) };
    let _ = write!(out, "{} --> {}{settings}\n{}\n\n", time(cue.start_ms), time(cue.end_ms), cue.text);
}

/// `HH:MM:SS.mmm`, hours at least two digits.
fn time(ms: u64) -> String {
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

fn kib(bytes: usize) -> String {
    if bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{:.2} KiB", bytes as f64 / 1024.0)
    }
}

/// Uploads come from every kind of editor: bytes that are not UTF-8 are taken as Windows-1252,
/// the usual encoding of older SRT files, which never fails.
fn decode(bytes: &[u8]) -> String {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = rest.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
        let mut text: String = char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
        if rest.len() % 2 == 1 {
            text.push(char::REPLACEMENT_CHARACTER);
        }
        text
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => decode_8bit(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => decode_8bit(bytes),
    }
}

fn decode_8bit(bytes: &[u8]) -> String {
    // Windows-1252's 0x80–0x9F; the five bytes it leaves undefined become U+FFFD.
    const CP1252: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž', '\u{FFFD}', //
        '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}', 'ž', 'Ÿ',
    ];
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| if (0x80..0xA0).contains(&b) { CP1252[usize::from(b - 0x80)] } else { char::from(b) }).collect(),
    }
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Reads the blocks from `lines[first..]`: in WebVTT, NOTE/STYLE/REGION blocks and cues with an
/// optional identifier; in SRT, cues with an optional number.
fn read_cues(lines: &[&str], first: usize, vtt: bool, max_cues: usize) -> Result<Vec<Cue>, CaptionError> {
    let mut cues = Vec::new();
    let mut i = first;
    while i < lines.len() {
        if is_blank(lines[i]) {
            i += 1;
            continue;
        }
        let block = i;
        let keyword = lines[i].split([' ', '\t']).next().unwrap_or("");
        if vtt && matches!(keyword, "NOTE" | "STYLE" | "REGION") {
            // Comments, and styling our player cannot carry.
            i += lines[i..].iter().take_while(|l| !is_blank(l)).count();
            continue;
        }
        let labelled = !lines[i].contains("-->") && lines.get(i + 1).is_some_and(|next| !is_blank(next));
        if labelled && (vtt || is_number(lines[i])) {
            i += 1;
        }
        let (start_ms, end_ms, settings) = timing(lines[i], vtt).map_err(|message| CaptionError::new(Some(i + 1), message))?;
        i += 1;
        let mut text: Vec<String> = Vec::new();
        let mut last_raw = "";
        // A line with `-->` ends the text: it cannot be cue text in WebVTT, and in SRT it is the
        // next cue when the blank line before it was forgotten (its number then ends this text).
        while let Some(line) = lines.get(i).filter(|l| !is_blank(l) && !l.contains("-->")) {
            if vtt {
                text.extend(clean_line(line, true));
            } else {
                text.extend(clean_srt(line));
            }
            last_raw = line;
            i += 1;
        }
        if !vtt && lines.get(i).is_some_and(|l| l.contains("-->")) && is_number(last_raw) {
            text.pop();
        }
        let text = text.join("\n");
        if !is_visible(&text) {
            continue;
        }
        if cues.len() == max_cues {
            return Err(CaptionError::new(Some(block + 1), format!("the file has more than {max_cues} cues, the most allowed")));
        }
        cues.push(Cue { start_ms, end_ms, settings, text });
    }
    Ok(cues)
}

fn is_number(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
}

/// Whether cleaned text shows anything once its tags are taken out.
fn is_visible(text: &str) -> bool {
    let mut in_tag = false;
    text.chars().any(|c| match c {
        '<' | '>' => {
            in_tag = c == '<';
            false
        }
        _ => !in_tag && !c.is_whitespace(),
    })
}

/// A timing line: start, end and (WebVTT only) the valid settings; SRT's trailing `X1:…`
/// coordinates are ignored.
fn timing(line: &str, vtt: bool) -> Result<(u64, u64, String), String> {
    let not_timing = || format!("not a cue timing line: {}", quote(line));
    let (start, rest) = line.split_once("-->").ok_or_else(not_timing)?;
    let mut rest = rest.split_whitespace();
    let start = timestamp(start.trim(), vtt).ok_or_else(not_timing)??;
    let end = timestamp(rest.next().unwrap_or(""), vtt).ok_or_else(not_timing)??;
    if end <= start {
        return Err(if end == start {
            format!("the cue ends as it starts ({})", time(start))
        } else {
            format!("the cue ends ({}) before it starts ({})", time(end), time(start))
        });
    }
    let settings = if vtt { rest.filter(|s| is_setting(s)).collect::<Vec<_>>().join(" ") } else { String::new() };
    Ok((start, end, settings))
}

/// `[H:]MM:SS.mmm` in ms: `None` when it is not shaped like a time at all, an error when a field
/// is out of range. WebVTT wants exactly 3 digits after a `.`; SRT takes `,` or `.` and 1–3
/// digits as a fraction of a second.
fn timestamp(s: &str, vtt: bool) -> Option<Result<u64, String>> {
    let (hms, fraction) = if vtt { s.rsplit_once('.')? } else { s.rsplit_once([',', '.'])? };
    let fraction_ok = if vtt { fraction.len() == 3 } else { (1..=3).contains(&fraction.len()) };
    let millis = digits(fraction, 3).filter(|_| fraction_ok)? * 10u64.pow(3 - fraction.len() as u32);
    let mut fields = hms.rsplit(':');
    let seconds = digits(fields.next().filter(|f| f.len() == 2)?, 2)?;
    let minutes = digits(fields.next().filter(|f| f.len() == 2)?, 2)?;
    let hours = match fields.next() {
        Some(h) => digits(h, 9)?,
        None => 0,
    };
    if fields.next().is_some() {
        return None;
    }
    if minutes > 59 || seconds > 59 {
        return Some(Err(format!("minutes and seconds must be under 60: {}", quote(s))));
    }
    Some(Ok(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis))
}

/// 1 to `max` ASCII digits as a number.
fn digits(s: &str, max: usize) -> Option<u64> {
    if (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// A line quoted for an error message, cut short so a binary file cannot flood it.
fn quote(line: &str) -> String {
    const MAX: usize = 60;
    match line.char_indices().nth(MAX) {
        Some((at, _)) => format!("{:?}…", &line[..at]),
        None => format!("{line:?}"),
    }
}

fn is_setting(setting: &str) -> bool {
    let Some((name, value)) = setting.split_once(':') else { return false };
    let (value, anchor) = value.split_once(',').map_or((value, None), |(v, a)| (v, Some(a)));
    let anchor_in = |allowed: &[&str]| anchor.is_none_or(|a| allowed.contains(&a));
    match name {
        "align" => anchor.is_none() && ["start", "center", "end", "left", "right"].contains(&value),
        "line" => (is_decimal(value.strip_prefix('-').unwrap_or(value)) || is_percent(value)) && anchor_in(&["start", "center", "end"]),
        "position" => is_percent(value) && anchor_in(&["line-left", "center", "line-right"]),
        "size" => anchor.is_none() && is_percent(value),
        "vertical" => anchor.is_none() && ["rl", "lr"].contains(&value),
        _ => false,
    }
}

fn is_decimal(s: &str) -> bool {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
    [whole, fraction].iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn is_percent(s: &str) -> bool {
    s.strip_suffix('%').is_some_and(|n| is_decimal(n) && n.parse::<f64>().is_ok_and(|p| p <= 100.0))
}

/// One line of SRT text as WebVTT lines: ASS override blocks (`{\an8}`) go, ASS hard breaks
/// (`\N`) break the line, and only `<b> <i> <u>` survive as tags.
fn clean_srt(line: &str) -> Vec<String> {
    let mut kept = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((at, len)) = rest.find("{\\").and_then(|at| Some((at, rest[at..].find('}')? + 1))) {
        kept.push_str(&rest[..at]);
        rest = &rest[at + len..];
    }
    kept.push_str(rest);
    kept.replace("\\N", "\n").replace("\\n", "\n").split('\n').filter_map(|part| clean_line(part, false)).collect()
}

/// Cleans one line of cue text, `None` when nothing is left of it.
fn clean_line(line: &str, vtt: bool) -> Option<String> {
    let line: String = line.chars().filter(|&c| c == '\t' || !c.is_control()).collect();
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(at) = rest.find(['<', '>', '&']) {
        out.push_str(&rest[..at]);
        let (c, after) = (rest.as_bytes()[at], &rest[at + 1..]);
        rest = after;
        match c {
            b'&' => out.push_str(if is_entity(after) { "&" } else { "&amp;" }),
            b'>' => out.push_str("&gt;"),
            _ => {
                // A tag opens with a letter, `/` or (a WebVTT timestamp) a digit, and closes
                // before any other `<`; anything else is a stray `<`, as in "3 < 4" or "I <3 it".
                let opens = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || (vtt && c.is_ascii_digit()));
                match after.find(['<', '>']).filter(|&end| opens && after.as_bytes()[end] == b'>') {
                    Some(end) => {
                        out.extend(keep_tag(&after[..end], vtt));
                        rest = &after[end + 1..];
                    }
                    None => out.push_str("&lt;"),
                }
            }
        }
    }
    out.push_str(rest);
    let out = out.trim_end();
    (!out.is_empty()).then(|| out.to_owned())
}

/// A tag kept as WebVTT markup, normalised (lower-case name; WebVTT's classes, the annotation of
/// `<v>` and `<lang>`, and inline timestamps), or `None` for a tag to drop.
fn keep_tag(tag: &str, vtt: bool) -> Option<String> {
    let allowed: &[&str] = if vtt { &["b", "i", "u", "v", "c", "lang", "ruby", "rt"] } else { &["b", "i", "u"] };
    if let Some(name) = tag.strip_prefix('/') {
        let name = name.trim().to_ascii_lowercase();
        return allowed.contains(&name.as_str()).then(|| format!("</{name}>"));
    }
    if tag.starts_with(|c: char| c.is_ascii_digit()) {
        return timestamp(tag, true)?.ok().map(|ms| format!("<{}>", time(ms)));
    }
    let (head, annotation) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
    let mut parts = head.split('.');
    let name = parts.next().unwrap_or("").to_ascii_lowercase();
    if !allowed.contains(&name.as_str()) {
        return None;
    }
    if !vtt {
        return Some(format!("<{name}>"));
    }
    // A class ending in `-` would put `-->` before the tag's `>`, which ends cue text in WebVTT.
    let classes: String = parts
        .filter(|class| !class.is_empty() && !class.ends_with('-') && class.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
        .map(|class| format!(".{class}"))
        .collect();
    let annotation = annotation.trim();
    Some(if matches!(name.as_str(), "v" | "lang") && !annotation.is_empty() {
        format!("<{name}{classes} {}>", escape(annotation, true))
    } else {
        format!("<{name}{classes}>")
    })
}

/// Escapes `&`, `<` and `>` as WebVTT text; with `keep_entities`, an `&` that already starts a
/// character reference is left alone so cleaned text can be cleaned again unchanged.
fn escape(text: &str, keep_entities: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        match c {
            '&' if keep_entities && is_entity(&text[at + 1..]) => out.push('&'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether the text after an `&` is a character reference players decode.
fn is_entity(after: &str) -> bool {
    const NAMED: [&str; 8] = ["amp;", "lt;", "gt;", "nbsp;", "lrm;", "rlm;", "quot;", "apos;"];
    if NAMED.iter().any(|name| after.starts_with(name)) {
        return true;
    }
    let Some(number) = after.strip_prefix('#') else { return false };
    let (number, hex) = number.strip_prefix(['x', 'X']).map_or((number, false), |n| (n, true));
    let len = number.find(';').unwrap_or(0);
    (1..=6).contains(&len) && number[..len].chars().all(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/captions/", $name)).as_slice()
        };
    }

    const ROOMY: Limits = Limits { max_bytes: 1 << 20, max_cues: 1000 };

    fn good_fixtures() -> [(&'static str, &'static [u8]); 7] {
        [
            ("bom_crlf.srt", fixture!("bom_crlf.srt")),
            ("latin1.srt", fixture!("latin1.srt")),
            ("styled.srt", fixture!("styled.srt")),
            ("loose.srt", fixture!("loose.srt")),
            ("out_of_order.vtt", fixture!("out_of_order.vtt")),
            ("from_ass.vtt", fixture!("from_ass.vtt")),
            ("from_mov_text.vtt", fixture!("from_mov_text.vtt")),
        ]
    }

    fn read(bytes: &[u8]) -> Captions {
        parse(bytes, &ROOMY).unwrap_or_else(|e| panic!("{e}"))
    }

    fn vtt(bytes: &[u8]) -> String {
        read(bytes).to_webvtt()
    }

    fn error(bytes: &[u8]) -> String {
        parse(bytes, &ROOMY).expect_err("the file is refused").to_string()
    }

    #[test]
    fn a_utf8_srt_with_a_bom_and_crlf_becomes_webvtt() {
        assert_eq!(
            vtt(fixture!("bom_crlf.srt")),
            "WEBVTT\n\n\
             00:00:01.000 --> 00:00:03.500\nHello, world!\n\n\
             00:00:04.250 --> 00:00:06.000\nTwo lines\nof text\n\n\
             01:02:03.004 --> 01:02:04.000\nCafé — naïve\n\n"
        );
    }

    #[test]
    fn a_latin1_srt_becomes_utf8() {
        assert_eq!(vtt(fixture!("latin1.srt")), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCafé “crème brûlée”\nit’s € 5 – ¿sí?\n\n");
    }

    #[test]
    fn srt_styling_keeps_only_bold_italic_and_underline() {
        assert_eq!(
            vtt(b"00:00:01,000 --> 00:00:02,000\nI <3 you > all\n"),
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nI &lt;3 you &gt; all\n\n"
        );
        assert_eq!(
            vtt(fixture!("styled.srt")),
            "WEBVTT\n\n\
             00:00:01.000 --> 00:00:02.000\nTop <b>bold</b> &amp; <i>it</i>\nsecond line\n\n\
             00:00:03.000 --> 00:00:04.000\n<u>under</u> 3 &lt; 4 &gt; 2 &amp; done\ntwo\nass x &lrm;&nbsp;&amp;copy;\n\n"
        );
    }

    #[test]
    fn loose_srt_timings_and_a_forgotten_blank_line_are_accepted() {
        assert_eq!(
            vtt(fixture!("loose.srt")),
            "WEBVTT\n\n\
             00:00:01.500 --> 00:00:02.250\nNo number, short fractions, coordinates\n\n\
             00:00:03.000 --> 00:00:04.000\nForgot the blank line before this cue\n\n\
             00:00:05.000 --> 00:00:06.000\nMinutes only\ttabbell\n\n"
        );
    }

    #[test]
    fn webvtt_loses_its_blocks_ids_bad_settings_and_unknown_tags_and_is_sorted() {
        assert_eq!(
            vtt(fixture!("out_of_order.vtt")),
            "WEBVTT\n\n\
             00:00:01.000 --> 00:00:02.000\nSame start, shorter\n\n\
             00:00:01.000 --> 00:00:04.000 line:-1\n\
             <c.yellow.bg_blue>First</c> <b.loud>cue</b> <00:00:02.000>karaoke <ruby>漢<rt>kan</rt></ruby>\n\
             <lang en-GB>colour</lang> gone &amp; more\n\n\
             00:00:02.000 --> 00:00:03.000 line:0\nOverlapping cue\n\n\
             00:00:05.000 --> 00:00:07.000 align:start line:10%,end position:20%,line-left size:50% vertical:rl\n\
             <v.loud Roger Bingham>Later cue</v>\n\n"
        );
    }

    #[test]
    fn what_ffmpeg_writes_from_ass_and_mov_text_is_escaped() {
        assert_eq!(
            vtt(fixture!("from_ass.vtt")),
            "WEBVTT\n\n\
             00:00:01.000 --> 00:00:02.500\nOn top &amp; <i>italic</i>\nsecond line\n\n\
             00:00:03.000 --> 00:00:04.000\n<b>Bold</b>\n\n\
             01:00:00.000 --> 01:00:01.000\nAn hour in\n\n"
        );
        assert_eq!(
            vtt(fixture!("from_mov_text.vtt")),
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<i>Movie</i> text &amp; more\n\n00:00:03.000 --> 00:00:04.500\nLine one\nLine two\n\n"
        );
    }

    #[test]
    fn every_good_fixture_survives_a_round_trip() {
        for (name, bytes) in good_fixtures() {
            let captions = read(bytes);
            assert_eq!(read(captions.to_webvtt().as_bytes()), captions, "{name}");
        }
    }

    #[test]
    fn a_bad_arrow_names_its_line() {
        assert_eq!(error(fixture!("bad_timing.srt")), r#"line 6: not a cue timing line: "00:00:03,000 -> 00:00:04,000""#);
    }

    #[test]
    fn a_cue_ending_before_it_starts_names_its_line() {
        assert_eq!(error(fixture!("ends_before_start.vtt")), "line 7: the cue ends (00:00:01.000) before it starts (00:00:02.000)");
    }

    #[test]
    fn bad_times_are_refused_with_their_line() {
        assert_eq!(error(b"WEBVTT\n\n00:60.000 --> 01:00.000\nx\n"), r#"line 3: minutes and seconds must be under 60: "00:60.000""#);
        assert_eq!(error(b"WEBVTT\n\n00:01.00 --> 00:02.000\nx\n"), r#"line 3: not a cue timing line: "00:01.00 --> 00:02.000""#);
        assert_eq!(error(b"1\n00:00:01,000 --> 00:00:01,000\nx\n"), "line 2: the cue ends as it starts (00:00:01.000)");
        assert_eq!(error(b"WEBVTT\n\n00:01.000 --> 00:02.000\nA --> B\n"), r#"line 4: not a cue timing line: "A --> B""#);
    }

    #[test]
    fn a_file_that_is_neither_format_fails_on_its_first_line() {
        assert_eq!(error(b"hello world\nthis is text\n"), r#"line 1: not a cue timing line: "hello world""#);
        let long = format!("{}\n", "x".repeat(200));
        assert_eq!(error(long.as_bytes()), format!("line 1: not a cue timing line: \"{}\"…", "x".repeat(60)));
    }

    #[test]
    fn nul_bytes_are_refused() {
        assert_eq!(error(b"1\n00:00:01,000 --> 00:00:02,000\nA\0B\n"), "line 3: the file contains a NUL byte; it is not a text file");
    }

    #[test]
    fn a_file_without_cues_is_refused() {
        for empty in
            [&b""[..], b"\r\n  \n", b"WEBVTT\n\n", b"WEBVTT\n\nNOTE nothing here\n", b"1\n00:00:01,000 --> 00:00:02,000\n<i> </i>\n"]
        {
            let err = parse(empty, &ROOMY).expect_err("refused");
            assert_eq!((err.line, err.to_string()), (None, "the file has no cues".to_string()));
        }
    }

    #[test]
    fn the_byte_limit_is_checked_first_and_said_in_kib() {
        let bytes = fixture!("bom_crlf.srt");
        let exact = Limits { max_bytes: bytes.len(), max_cues: 10 };
        assert!(parse(bytes, &exact).is_ok());
        assert_eq!(
            parse(&[0; 1025], &Limits { max_bytes: 1024, ..exact }).unwrap_err().to_string(),
            "the file is larger than the limit of 1 KiB"
        );
        assert_eq!(
            parse(&[0; 1025], &Limits { max_bytes: 1000, ..exact }).unwrap_err().to_string(),
            "the file is larger than the limit of 0.98 KiB"
        );
    }

    #[test]
    fn the_cue_limit_names_the_first_cue_over_it() {
        let bytes = fixture!("bom_crlf.srt");
        assert_eq!(parse(bytes, &Limits { max_bytes: 4096, max_cues: 3 }).map(|c| c.cues.len()), Ok(3));
        assert_eq!(
            parse(bytes, &Limits { max_bytes: 4096, max_cues: 2 }).unwrap_err().to_string(),
            "line 10: the file has more than 2 cues, the most allowed"
        );
        // Its third cue is emptied by cleaning, so it does not count.
        assert!(parse(fixture!("styled.srt"), &Limits { max_bytes: 4096, max_cues: 2 }).is_ok());
    }

    #[test]
    fn cr_line_ends_and_utf16_are_read() {
        assert_eq!(vtt(b"1\r00:00:01,000 --> 00:00:02,000\rHi\r\r"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n");
        let text = "WEBVTT\n00:01.000 --> 00:02.000\nÉté\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        for bytes in [le, be] {
            assert_eq!(vtt(&bytes), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nÉté\n\n");
        }
    }

    #[test]
    fn a_segment_holds_every_cue_overlapping_it_with_times_unchanged() {
        let captions = read(fixture!("out_of_order.vtt"));
        assert_eq!(
            captions.segment(2000, 4000, 900_000),
            "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n\
             00:00:01.000 --> 00:00:04.000 line:-1\n\
             <c.yellow.bg_blue>First</c> <b.loud>cue</b> <00:00:02.000>karaoke <ruby>漢<rt>kan</rt></ruby>\n\
             <lang en-GB>colour</lang> gone &amp; more\n\n\
             00:00:02.000 --> 00:00:03.000 line:0\nOverlapping cue\n\n"
        );
        // The 1–4 s cue spans the boundary at 2 s, so it is in the segment before too.
        let before = captions.segment(0, 2000, 900_000);
        assert!(before.contains("00:00:01.000 --> 00:00:02.000\n") && before.contains("00:00:01.000 --> 00:00:04.000 "));
        assert!(!before.contains("00:00:02.000 --> 00:00:03.000"));
        assert_eq!(captions.segment(4000, 5000, 7), "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:7,LOCAL:00:00:00.000\n\n");
    }

    #[test]
    fn the_end_is_the_latest_cue_end() {
        assert_eq!(read(fixture!("out_of_order.vtt")).end_ms(), 7000);
        assert_eq!(read(b"00:00:01,000 --> 00:00:09,000\nlong\n\n00:00:02,000 --> 00:00:03,000\nshort\n").end_ms(), 9000);
        assert_eq!(Captions { cues: Vec::new() }.end_ms(), 0);
    }

    #[test]
    fn chapters_run_to_the_next_start_and_titles_are_escaped() {
        let chapters = [
            (0, "Intro".to_string()),
            (60_000, "Q&A <live>".to_string()),
            (30_000, "Part\none".to_string()),
            (90_000, "Past the end".to_string()),
        ];
        assert_eq!(
            chapters_webvtt(&chapters, 90_000),
            "WEBVTT\n\n\
             00:00:00.000 --> 00:00:30.000\nIntro\n\n\
             00:00:30.000 --> 00:01:00.000\nPart one\n\n\
             00:01:00.000 --> 00:01:30.000\nQ&amp;A &lt;live&gt;\n\n"
        );
        assert_eq!(chapters_webvtt(&[], 1000), "WEBVTT\n\n");
    }

    #[test]
    fn an_error_without_a_line_is_just_its_message() {
        assert_eq!(CaptionError { line: None, message: "m".into() }.to_string(), "m");
        assert_eq!(CaptionError { line: Some(12), message: "m".into() }.to_string(), "line 12: m");
    }

    #[test]
    fn what_is_kept_reads_back_as_itself_even_when_a_class_ends_in_dashes() {
        // Found by the `captions` fuzz target: the class `000…--` before a tag's `>` wrote `-->`
        // into cue text, and the WebVTT Reel wrote could not be read back.
        let captions = parse(fixture!("fuzz-class-ending-in-dashes.vtt"), &ROOMY).unwrap();
        let written = captions.to_webvtt();
        assert!(written.lines().filter(|l| l.contains("-->")).all(|l| l.starts_with("00:")), "{written}");
        assert_eq!(parse(written.as_bytes(), &ROOMY).unwrap().cues, captions.cues);
        assert_eq!(
            vtt(b"WEBVTT\n\n00:01.000 --> 00:02.000\n<c.a-- >x</c> <c.b-c>y</c>\n"),
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<c>x</c> <c.b-c>y</c>\n\n"
        );
    }
}
