//! Chapters: named marks on an item's timeline, read from its own file or written by its
//! owner, as one ordered list. The edit page writes them as lines of `time title`
//! (`0:00 Opening`, `1:02:03.5 Finale`), the way descriptions have long listed them.

use serde::{Deserialize, Serialize};

use super::text::TextError;

/// Most chapters an item may have.
pub const MAX_CHAPTERS: usize = 100;
/// Longest chapter title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;

/// Where an item's chapter list came from, which decides whether processing may replace it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChapterOrigin {
    /// The chapter marks of the uploaded file (MP4 or Matroska), read again on every
    /// processing.
    Source,
    /// An owner's list, which processing never touches (an empty one included: removing the
    /// file's chapters is a choice too).
    Edited,
}

str_enum!(ChapterOrigin { Source => "source", Edited => "edited" });

/// A chapter's title: trimmed, 1 to [`MAX_TITLE_CHARS`] characters, no control characters (a
/// line break would end a WebVTT cue and a line of the edit page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChapterTitle(String);

impl ChapterTitle {
    /// The title.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A container's title made acceptable rather than refused: control characters dropped,
    /// cut to length, and `Chapter n` (counting from 1) when nothing is left.
    fn from_container(raw: &str, n: usize) -> Self {
        let cleaned: String = raw.chars().filter(|c| !super::text::breaks_a_line(*c)).collect();
        let cut: String = cleaned.trim().chars().take(MAX_TITLE_CHARS).collect();
        cut.parse().unwrap_or_else(|_| Self(format!("Chapter {n}")))
    }
}

impl std::str::FromStr for ChapterTitle {
    type Err = TextError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(TextError("a chapter title must not be empty".into()));
        }
        if s.chars().count() > MAX_TITLE_CHARS {
            return Err(TextError(format!("a chapter title is at most {MAX_TITLE_CHARS} characters")));
        }
        if s.chars().any(super::text::breaks_a_line) {
            return Err(TextError("a chapter title may not hold control characters".into()));
        }
        Ok(Self(s.to_string()))
    }
}

super::text::string_conversions!(ChapterTitle);

/// One chapter: it runs from its start to the next chapter's (the last to the item's end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// Milliseconds from the start of the item.
    pub start_ms: u64,
    /// What the seek bar and the menu show.
    pub title: ChapterTitle,
}

/// An item's chapters: in order of start, no two starting together, at most
/// [`MAX_CHAPTERS`], every one starting before the item ends.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Chapters(Vec<Chapter>);

impl Chapters {
    /// Checks an owner's list against the item's length (when known) and puts it in order;
    /// the error names the chapter that is wrong.
    pub fn checked(mut list: Vec<Chapter>, duration_ms: Option<u64>) -> Result<Self, TextError> {
        if list.len() > MAX_CHAPTERS {
            return Err(TextError(format!("an item has at most {MAX_CHAPTERS} chapters, not {}", list.len())));
        }
        list.sort_by_key(|c| c.start_ms);
        for pair in list.windows(2) {
            if pair[0].start_ms == pair[1].start_ms {
                let (a, b, at) = (pair[0].title.as_str(), pair[1].title.as_str(), clock(pair[0].start_ms));
                return Err(TextError(format!("chapters {a:?} and {b:?} both start at {at}")));
            }
        }
        if let (Some(last), Some(end)) = (list.last(), duration_ms) {
            if last.start_ms >= end {
                let (title, at) = (last.title.as_str(), clock(last.start_ms));
                return Err(TextError(format!("chapter {title:?} starts at {at}, but the item ends at {}", clock(end))));
            }
        }
        Ok(Self(list))
    }

    /// A container's marks `(start_ms, title)`, taken as they can be rather than refused: a
    /// mark at or past the end, or on the start of an earlier one, is left out, titles are
    /// cleaned, and the first [`MAX_CHAPTERS`] kept.
    pub fn from_container(marks: &[(u64, String)], duration_ms: Option<u64>) -> Self {
        let mut sorted: Vec<&(u64, String)> = marks.iter().filter(|(start, _)| duration_ms.is_none_or(|end| *start < end)).collect();
        sorted.sort_by_key(|(start, _)| *start);
        sorted.dedup_by_key(|(start, _)| *start);
        let list = sorted
            .into_iter()
            .take(MAX_CHAPTERS)
            .enumerate()
            .map(|(i, (start_ms, title))| Chapter { start_ms: *start_ms, title: ChapterTitle::from_container(title, i + 1) })
            .collect();
        Self(list)
    }

    /// Reads the edit page's lines, one chapter each: a time (`ss`, `m:ss` or `h:mm:ss`, with
    /// up to three decimals of a second), then the title, optionally after a dash. Blank lines
    /// are skipped; the error names the line.
    pub fn parse_lines(text: &str, duration_ms: Option<u64>) -> Result<Self, TextError> {
        let mut list = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let at = |e: String| TextError(format!("line {}: {e}", i + 1));
            if list.len() == MAX_CHAPTERS {
                return Err(at(format!("an item has at most {MAX_CHAPTERS} chapters")));
            }
            let line = line.trim();
            let (time, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let start_ms = parse_clock(time).ok_or_else(|| at(format!("{time:?} is not a time like 1:23 or 1:02:03")))?;
            let title = rest.trim_start().trim_start_matches(['-', '–', '—']).parse().map_err(|e: TextError| at(e.0))?;
            list.push(Chapter { start_ms, title });
        }
        Self::checked(list, duration_ms)
    }

    /// The list as the edit page shows it: one `time title` line each, read back by
    /// [`Chapters::parse_lines`].
    pub fn to_lines(&self) -> String {
        self.0.iter().map(|c| format!("{} {}\n", clock(c.start_ms), c.title)).collect()
    }

    /// The chapters, in order.
    pub fn as_slice(&self) -> &[Chapter] {
        &self.0
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(start_ms, title)` pairs, as the WebVTT chapters track is written from.
    pub fn marks(&self) -> Vec<(u64, String)> {
        self.0.iter().map(|c| (c.start_ms, c.title.to_string())).collect()
    }
}

/// `m:ss` under an hour, `h:mm:ss` from one, with `.mmm` only when the time is not whole
/// seconds (trailing zeros dropped).
pub fn clock(ms: u64) -> String {
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let whole = if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") };
    if frac == 0 {
        whole
    } else {
        format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
    }
}

/// Reads `ss`, `m:ss` or `h:mm:ss` (minutes and seconds under 60 after the first part), each
/// with an optional fraction of up to three digits; `None` for anything else.
pub fn parse_clock(text: &str) -> Option<u64> {
    let (whole, frac) = match text.split_once('.') {
        Some((whole, frac)) if (1..=3).contains(&frac.len()) && frac.bytes().all(|b| b.is_ascii_digit()) => {
            (whole, frac.parse::<u64>().ok()? * 10u64.pow(3 - frac.len() as u32))
        }
        Some(_) => return None,
        None => (text, 0),
    };
    let parts: Vec<&str> = whole.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let numbers: Vec<u64> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    if numbers.iter().skip(1).any(|n| *n >= 60) {
        return None;
    }
    let seconds = numbers.iter().fold(0u64, |total, n| total * 60 + n);
    seconds.checked_mul(1000)?.checked_add(frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(start_ms: u64, title: &str) -> Chapter {
        Chapter { start_ms, title: title.parse().unwrap() }
    }

    #[test]
    fn times_read_and_write_the_way_people_write_them() {
        assert_eq!(parse_clock("0:00"), Some(0));
        assert_eq!(parse_clock("75"), Some(75_000));
        assert_eq!(parse_clock("1:23"), Some(83_000));
        assert_eq!(parse_clock("1:02:03.5"), Some(3_723_500));
        assert_eq!(parse_clock("12:00.125"), Some(720_125));
        for bad in ["", "1:60", "1:2:3:4", "a:00", "1:", ":30", "1.2345", "1:00.", "-1", "1:00:00:00", "9999999"] {
            assert_eq!(parse_clock(bad), None, "{bad:?}");
        }
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(83_000), "1:23");
        assert_eq!(clock(3_723_500), "1:02:03.5");
        assert_eq!(clock(720_125), "12:00.125");
        for ms in [0, 1, 999, 59_999, 3_599_999, 3_600_000, 86_399_990] {
            assert_eq!(parse_clock(&clock(ms)), Some(ms));
        }
    }

    #[test]
    fn the_edit_page_lines_round_trip_in_order() {
        let text = "\n1:30 - The middle\n0:00 Opening\n\n 2:05.25   Credits roll  \n";
        let chapters = Chapters::parse_lines(text, Some(180_000)).unwrap();
        assert_eq!(chapters.as_slice(), [chapter(0, "Opening"), chapter(90_000, "The middle"), chapter(125_250, "Credits roll")]);
        assert_eq!(chapters.to_lines(), "0:00 Opening\n1:30 The middle\n2:05.25 Credits roll\n");
        assert_eq!(Chapters::parse_lines(&chapters.to_lines(), Some(180_000)).unwrap(), chapters);
        assert!(Chapters::parse_lines("  \n", None).unwrap().is_empty());
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = |text: &str| Chapters::parse_lines(text, Some(60_000)).unwrap_err().0;
        assert_eq!(err("0:00 Start\nIntro 0:10"), "line 2: \"Intro\" is not a time like 1:23 or 1:02:03");
        assert_eq!(err("0:00 Start\n0:10"), "line 2: a chapter title must not be empty");
        assert_eq!(err("0:00 Start\n0:00 Again"), "chapters \"Start\" and \"Again\" both start at 0:00");
        assert_eq!(err("0:00 Start\n1:00 Too late"), "chapter \"Too late\" starts at 1:00, but the item ends at 1:00");
        let long = format!("0:00 {}", "x".repeat(MAX_TITLE_CHARS + 1));
        assert_eq!(err(&long), format!("line 1: a chapter title is at most {MAX_TITLE_CHARS} characters"));
        let many: String = (0..=MAX_CHAPTERS).map(|i| format!("{i} C{i}\n")).collect();
        assert!(Chapters::parse_lines(&many, None).unwrap_err().0.contains("at most 100 chapters"));
    }

    #[test]
    fn container_marks_are_taken_as_they_can_be() {
        let marks = [
            (20_000, "Second".to_string()),
            (0, "  First\u{0}  ".to_string()),
            (20_000, "Same start".to_string()),
            (30_000, String::new()),
            (90_000, "After the end".to_string()),
            (40_000, "y".repeat(150)),
        ];
        let chapters = Chapters::from_container(&marks, Some(60_000));
        let titles: Vec<_> = chapters.as_slice().iter().map(|c| (c.start_ms, c.title.as_str().len())).collect();
        assert_eq!(titles, [(0, 5), (20_000, 6), (30_000, 9), (40_000, MAX_TITLE_CHARS)]);
        assert_eq!(chapters.as_slice()[0].title.as_str(), "First");
        assert_eq!(chapters.as_slice()[2].title.as_str(), "Chapter 3");
        assert_eq!(Chapters::checked(chapters.as_slice().to_vec(), Some(60_000)).unwrap(), chapters);
        let many: Vec<(u64, String)> = (0..500).map(|i| (i * 1000, format!("C{i}"))).collect();
        assert_eq!(Chapters::from_container(&many, None).as_slice().len(), MAX_CHAPTERS);
    }
}
