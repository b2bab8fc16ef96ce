//! The XML under a KML file: decoded to text and read with quick-xml into a small tree of
//! elements (prefixes dropped, text borrowed from the document where it is one piece), with
//! errors placed at a line and column.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::{KmlError, MAX_DEPTH};

/// The document as text: borrowed when it is UTF-8 already (a 20 MB file is not copied), a
/// declared legacy encoding (ISO-8859-1, Windows-1252…) converted.
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, KmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // encoding_rs reads (and drops) the byte-order mark.
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return Ok(Cow::Owned(text.into_owned()));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    let declared = head
        .split_once("encoding=")
        .and_then(|(_, rest)| {
            let quote = rest.chars().next()?;
            rest.get(1..)?.split(quote).next()
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        // UTF-16 without a byte-order mark is almost always UTF-8 mislabelled.
        .filter(|encoding| {
            ![
                encoding_rs::UTF_8,
                encoding_rs::UTF_16LE,
                encoding_rs::UTF_16BE,
            ]
            .contains(encoding)
        });
    if let Some(encoding) = declared {
        let (text, _, _) = encoding.decode(bytes);
        return Ok(Cow::Owned(text.into_owned()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(error) => {
            let (line, column) = line_column(bytes, error.valid_up_to());
            Err(KmlError::Syntax {
                message: "the text is not UTF-8 (and declares no other encoding)".into(),
                line,
                column,
            })
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset.min(bytes.len())).unwrap_or_default();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
        .chars()
        .count()
        + 1;
    (line, column)
}

/// One XML element, with prefixes dropped from its name and attribute names.
#[derive(Debug, Default)]
pub(super) struct Element<'t> {
    pub(super) name: String,
    pub(super) attributes: Vec<(String, String)>,
    pub(super) children: Vec<Element<'t>>,
    /// Its own text (not its children's), entities resolved; borrowed from the document
    /// when it is one piece, as most coordinate lists are.
    pub(super) text: Cow<'t, str>,
    /// Byte offset of its start tag, for messages.
    pub(super) offset: usize,
}

impl<'t> Element<'t> {
    pub(super) fn child(&self, name: &str) -> Option<&Element<'t>> {
        self.children.iter().find(|c| c.name == name)
    }

    pub(super) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element<'t>> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub(super) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed text of the first child called `name`, when not empty.
    pub(super) fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }
}

/// The name after any `prefix:`.
pub(super) fn local(name: &[u8]) -> String {
    let local = name
        .iter()
        .rposition(|&b| b == b':')
        .map_or(name, |colon| name.get(colon + 1..).unwrap_or_default());
    String::from_utf8_lossy(local).into_owned()
}

pub(super) fn syntax_error(text: &str, offset: usize, message: String) -> KmlError {
    let (line, column) = line_column(text.as_bytes(), offset);
    KmlError::Syntax {
        message,
        line,
        column,
    }
}

pub(super) fn element_of<'t>(
    text: &str,
    start: &BytesStart<'_>,
    offset: usize,
) -> Result<Element<'t>, KmlError> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute
            .map_err(|e| syntax_error(text, offset, format!("a broken attribute ({e})")))?;
        let key = attribute.key.as_ref();
        if key == b"xmlns" || key.starts_with(b"xmlns:") {
            continue;
        }
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| syntax_error(text, offset, format!("a broken attribute value ({e})")))?;
        attributes.push((local(key), value.into_owned()));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attributes,
        children: Vec::new(),
        text: Cow::Borrowed(""),
        offset,
    })
}

/// Parses the whole document into a tree and returns its top element.
pub(super) fn read_tree(text: &str) -> Result<Element<'_>, KmlError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element<'_>> = vec![Element::default()];
    let located = |reader: &Reader<&[u8]>, message: String| {
        syntax_error(
            text,
            usize::try_from(reader.error_position()).unwrap_or(usize::MAX),
            message,
        )
    };
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader
            .read_event()
            .map_err(|e| located(&reader, e.to_string()))?;
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(syntax_error(
                        text,
                        offset,
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
                stack.push(element_of(text, &start, offset)?);
            }
            Event::Empty(start) => {
                let element = element_of(text, &start, offset)?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err(syntax_error(text, offset, "an unmatched end tag".into()));
                }
                if let (Some(element), Some(parent)) = (stack.pop(), stack.last_mut()) {
                    parent.children.push(element);
                }
            }
            Event::Text(content) => {
                let content = content
                    .xml10_content()
                    .map_err(|e| located(&reader, e.to_string()))?;
                push_text(&mut stack, content);
            }
            Event::CData(content) => {
                let content = content
                    .decode()
                    .map_err(|e| located(&reader, e.to_string()))?;
                push_text(&mut stack, content);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = reference
                            .decode()
                            .map_err(|e| located(&reader, e.to_string()))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(text) => text.to_owned(),
                            // An HTML entity in a description: kept as written.
                            None => format!("&{name};"),
                        }
                    }
                    Err(e) => return Err(syntax_error(text, offset, e.to_string())),
                };
                push_text(&mut stack, Cow::Owned(resolved));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.get(1..).and_then(|open| open.last()) {
        let (line, _) = line_column(text.as_bytes(), open.offset);
        return Err(syntax_error(
            text,
            text.len(),
            format!(
                "the file ends (is it truncated?) before <{}>, opened at line {line}, is closed",
                open.name
            ),
        ));
    }
    let document = stack.pop().unwrap_or_default();
    document
        .children
        .into_iter()
        .next()
        .ok_or_else(|| KmlError::NotKml("it holds no XML element at all".into()))
}

pub(super) fn push_text<'t>(stack: &mut [Element<'t>], content: Cow<'t, str>) {
    if let Some(top) = stack.last_mut() {
        // Indentation between elements is not text anyone wrote.
        if top.text.is_empty() {
            if !content.trim().is_empty() {
                top.text = content;
            }
        } else {
            top.text.to_mut().push_str(&content);
        }
    }
}
