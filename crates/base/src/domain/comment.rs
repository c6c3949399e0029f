//! Comments as text: the checked body a member writes, the pieces a page renders it in (plain
//! text and the web links found in it), the orders a thread is read in, and a reaction's value.

use super::text::TextError;

/// The most characters a comment may have, whatever the configuration says.
pub const HARD_MAX_CHARS: usize = 10_000;
/// The most lines a comment may have: a wall of blank lines is not a comment.
const MAX_LINES: usize = 50;

/// What a comment's body may be, for the API document: at least one character that is neither
/// a space nor a control character, and no control characters but tabs and line breaks. Its
/// line count is checked after tidying (see [`CommentBody::parse`]), which no pattern states.
pub const BODY_PATTERN: &str = concat!(
    r"^[\t\n\r \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]*",
    r"[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]",
    r"[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*$",
);

/// A comment's text: trimmed, line breaks as `\n`, 1 to a configured number of characters, no
/// control characters but line breaks and tabs, at most [`MAX_LINES`] lines with no more
/// than one empty line in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    /// Checks and tidies `text` for a comment of at most `max_chars` characters.
    pub fn parse(text: &str, max_chars: usize) -> Result<Self, TextError> {
        let max_chars = max_chars.min(HARD_MAX_CHARS);
        let unified = text.replace("\r\n", "\n").replace('\r', "\n");
        if unified.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}')) {
            return Err(TextError("a comment must not contain control characters".into()));
        }
        // Trailing spaces go from each line, and runs of empty lines shrink to one.
        let mut lines: Vec<&str> = Vec::new();
        for line in unified.trim().split('\n').map(str::trim_end) {
            if !(line.is_empty() && lines.last().is_some_and(|l| l.is_empty())) {
                lines.push(line);
            }
        }
        let body = lines.join("\n");
        if body.is_empty() {
            return Err(TextError("a comment needs some text".into()));
        }
        if body.chars().count() > max_chars {
            return Err(TextError(format!("a comment is at most {max_chars} characters")));
        }
        if lines.len() > MAX_LINES {
            return Err(TextError(format!("a comment is at most {MAX_LINES} lines")));
        }
        Ok(Self(body))
    }

    /// The text as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One piece of a comment as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text, shown as it is (escaped).
    Text(&'a str),
    /// A web address the text holds, `http://` or `https://`, shown as a link.
    Link(&'a str),
}

/// Cuts `text` into text and the `http(s)://` addresses in it. An address ends at white space
/// or a character no URL holds unescaped (`<`, `>`, `"`, a backtick), and loses the
/// punctuation that usually follows one in prose (`.`, `,`, `)` without its `(`, …).
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = next_link_start(rest) {
        let candidate = &rest[start..];
        let end = candidate.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(candidate.len());
        let link = trim_trailing_punctuation(&candidate[..end]);
        let scheme_len = if link.starts_with("https://") { 8 } else { 7 };
        if link.len() <= scheme_len {
            // `http://` alone is text.
            out.push(Piece::Text(&rest[..start + scheme_len]));
            rest = &rest[start + scheme_len..];
            continue;
        }
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        out.push(Piece::Link(link));
        rest = &rest[start + link.len()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Where the next `http://` or `https://` starts (any case), if anywhere. Lower-casing ASCII
/// keeps every byte where it was, so a position in the copy is one in `text`.
fn next_link_start(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    [lower.find("http://"), lower.find("https://")].into_iter().flatten().min()
}

/// `link` without the punctuation prose puts after an address.
fn trim_trailing_punctuation(mut link: &str) -> &str {
    loop {
        let Some(last) = link.chars().last() else { return link };
        let unbalanced_close = last == ')' && link.matches('(').count() < link.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}') || unbalanced_close {
            link = &link[..link.len() - last.len_utf8()];
        } else {
            return link;
        }
    }
}

/// The order a list of comments is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CommentOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Most replied to first, then newest.
    Top,
}

str_enum!(CommentOrder { Newest => "newest", Top => "top" });

/// What a notification about a comment tells its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentNotice {
    /// Someone commented on the reader's item.
    Comment,
    /// Someone replied to the reader's comment.
    Reply,
}

str_enum!(CommentNotice { Comment => "comment", Reply => "reply" });

/// A viewer's reaction to an item: a like, a dislike, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    /// 1.
    Like,
    /// -1.
    Dislike,
    /// 0: whatever there was is taken back.
    Nothing,
}

impl Reaction {
    /// The reaction a number stands for: 1, -1 or 0.
    pub fn from_value(value: i64) -> Option<Self> {
        match value {
            1 => Some(Self::Like),
            -1 => Some(Self::Dislike),
            0 => Some(Self::Nothing),
            _ => None,
        }
    }
    /// Its number.
    pub fn value(self) -> i64 {
        match self {
            Self::Like => 1,
            Self::Dislike => -1,
            Self::Nothing => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_trimmed_tidied_and_bounded() {
        let body = CommentBody::parse("  hello  \r\n\r\n\r\n\r\nworld\t \n", 100).unwrap();
        assert_eq!(body.as_str(), "hello\n\nworld");
        assert!(CommentBody::parse(" \n\t ", 100).is_err());
        assert!(CommentBody::parse(&"x".repeat(101), 100).is_err());
        assert!(CommentBody::parse(&"é".repeat(100), 100).is_ok(), "characters, not bytes");
        assert!(CommentBody::parse("bell\u{7}", 100).is_err());
        assert!(CommentBody::parse("line\u{2028}break", 100).is_err());
        assert!(CommentBody::parse(&"a\n".repeat(51), 1000).is_err());
        assert!(CommentBody::parse(&"x".repeat(HARD_MAX_CHARS + 1), usize::MAX).is_err());
    }

    #[test]
    fn links_are_found_and_lose_the_punctuation_after_them() {
        assert_eq!(
            pieces("see https://example.com/a?b=1. Or (http://x.org/y_(z)) now"),
            vec![
                Piece::Text("see "),
                Piece::Link("https://example.com/a?b=1"),
                Piece::Text(". Or ("),
                Piece::Link("http://x.org/y_(z)"),
                Piece::Text(") now"),
            ]
        );
        assert_eq!(pieces("HTTPS://Example.com!"), vec![Piece::Link("HTTPS://Example.com"), Piece::Text("!")]);
        assert_eq!(pieces("just http:// here"), vec![Piece::Text("just http://"), Piece::Text(" here")]);
        assert_eq!(
            pieces("<a href=\"https://e.com/\">"),
            vec![Piece::Text("<a href=\""), Piece::Link("https://e.com/"), Piece::Text("\">")]
        );
        assert_eq!(pieces("javascript:alert(1) ftp://x"), vec![Piece::Text("javascript:alert(1) ftp://x")]);
        assert_eq!(pieces(""), Vec::<Piece>::new());
    }

    #[test]
    fn pieces_put_back_together_are_the_text() {
        for text in ["a https://b.c/d e", "ühttp://ü.de/ü.", "http://http://x", "(https://a.b/(c)))"] {
            let joined: String = pieces(text)
                .iter()
                .map(|p| match p {
                    Piece::Text(t) | Piece::Link(t) => *t,
                })
                .collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn reactions_are_one_minus_one_or_nothing() {
        assert_eq!(Reaction::from_value(1), Some(Reaction::Like));
        assert_eq!(Reaction::from_value(-1).map(Reaction::value), Some(-1));
        assert_eq!(Reaction::from_value(0), Some(Reaction::Nothing));
        assert_eq!(Reaction::from_value(2), None);
    }
}
