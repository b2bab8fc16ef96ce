//! Turns an article (plain text, HTML or Markdown) into plain text and sentences with offsets.

use regex::Regex;

/// How the article is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFormat {
    PlainText,
    Html,
    Markdown,
}

impl ArticleFormat {
    /// Guesses from a file extension (`html`, `htm`, `md`, `markdown`; anything else is text).
    pub fn from_extension(extension: &str) -> Self {
        match extension.to_ascii_lowercase().as_str() {
            "html" | "htm" | "xhtml" => ArticleFormat::Html,
            "md" | "markdown" => ArticleFormat::Markdown,
            _ => ArticleFormat::PlainText,
        }
    }
}

/// One sentence: byte offsets into the plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
}

/// The article's plain text: HTML tags, scripts and entities or Markdown markers removed;
/// paragraphs stay on their own lines.
pub fn plain_text(input: &str, format: ArticleFormat) -> String {
    match format {
        ArticleFormat::PlainText => input.replace("\r\n", "\n"),
        ArticleFormat::Html => html_to_text(input),
        ArticleFormat::Markdown => markdown_to_text(input),
    }
}

fn html_to_text(input: &str) -> String {
    let hidden = Regex::new(r"(?is)<(script|style|head)\b.*?</(script|style|head)\s*>").ok();
    let without_hidden = match &hidden {
        Some(re) => re.replace_all(input, " ").into_owned(),
        None => input.to_owned(),
    };
    let blocks =
        Regex::new(r"(?i)</?(p|div|br|h[1-6]|li|tr|article|section|title|blockquote)\b[^>]*>").ok();
    let with_breaks = match &blocks {
        Some(re) => re.replace_all(&without_hidden, "\n").into_owned(),
        None => without_hidden,
    };
    let tags = Regex::new(r"(?s)<[^>]*>").ok();
    let text = match &tags {
        Some(re) => re.replace_all(&with_breaks, "").into_owned(),
        None => with_breaks,
    };
    decode_entities(&text)
}

/// The named entities news pages use, and numeric ones.
fn decode_entities(text: &str) -> String {
    let entity = match Regex::new(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);") {
        Ok(re) => re,
        Err(_) => return text.to_owned(),
    };
    entity
        .replace_all(text, |caps: &regex::Captures| {
            let name = &caps[1];
            let decoded = if let Some(hex) = name.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(decimal) = name.strip_prefix('#') {
                decimal.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" | "rsquo" | "lsquo" => Some('\''),
                    "nbsp" => Some(' '),
                    "ldquo" | "rdquo" => Some('"'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    _ => None,
                }
            };
            decoded.map_or_else(|| caps[0].to_owned(), String::from)
        })
        .into_owned()
}

fn markdown_to_text(input: &str) -> String {
    let link = Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").ok();
    let marks = Regex::new(r"(?m)^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|\*\*|__|`").ok();
    let mut text = input.replace("\r\n", "\n");
    if let Some(re) = &link {
        text = re.replace_all(&text, "$1").into_owned();
    }
    if let Some(re) = &marks {
        text = re.replace_all(&text, "").into_owned();
    }
    text
}

/// Splits into sentences at `.`, `!` or `?` followed by a space and a capital or a quote, and
/// at line breaks; abbreviations such as "U.S." or "Mr." do not end a sentence.
pub fn sentences(text: &str) -> Vec<SentenceSpan> {
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "St", "Prof", "Sen", "Rep", "Gov",
        "Jr", "Sr", "No", "vs", "U.S", "U.N", "U.K", "E.U", "e.g", "i.e", "Jan", "Feb", "Aug",
        "Sept", "Oct", "Nov", "Dec",
    ];
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let push = |from: usize, to: usize, spans: &mut Vec<SentenceSpan>| {
        let slice = &text[from..to];
        let trimmed_start = from + (slice.len() - slice.trim_start().len());
        let trimmed_end = from + slice.trim_end().len();
        if trimmed_end > trimmed_start {
            spans.push(SentenceSpan {
                start: trimmed_start,
                end: trimmed_end,
            });
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'\n' {
            push(start, i, &mut spans);
            start = i + 1;
        } else if matches!(byte, b'.' | b'!' | b'?') {
            let next = text[i + 1..].chars().next();
            let after = text[i + 1..].trim_start().chars().next();
            let ends = next.is_some_and(char::is_whitespace)
                && after.is_some_and(|c| {
                    c.is_uppercase() || c == '"' || c == '“' || c.is_ascii_digit()
                });
            let word = text[start..i]
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            if ends && !ABBREVIATIONS.contains(&word) && !(word.len() == 1 && byte == b'.') {
                push(start, i + 1, &mut spans);
                start = i + 1;
            }
        }
        i += 1;
    }
    push(start, text.len(), &mut spans);
    spans
}
