//! The one engine every format goes through: decode, sniff the delimiter, recognise the
//! layout, then read rows into column builders, skipping (and listing) the bad ones.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::events::dates::{DayOrder, parse_date};
use rayon::prelude::*;

use crate::events::table::{Column, DictBuilder, EventTable, Field, MISSING, Role, TextBuilder};

use super::csv_mapping::{Mapping, Position, guess_mapping, parse_wkt_point};
use super::formats::{
    GDELT_KEPT, Kind, UCDP_COLUMNS, acled_mapping, cameo_root_label, gdelt_columns, gdelt_mapping,
    known_kind, ucdp_mapping, ucdp_violence_label,
};
use super::{Format, ImportError, ImportOptions, ImportReport, Preview, Progress, SkippedRow};

/// How often (in rows) the importer reports progress and looks for Cancel.
const CHECK_EVERY: usize = 4096;
/// Rows read to recognise the layout and type the columns of a plain CSV.
const SAMPLE_ROWS: usize = 200;

fn no_path() -> PathBuf {
    PathBuf::new()
}

/// UTF-8 (without its BOM) as is; anything else read as Windows-1252, the Latin-1 superset
/// spreadsheets write.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b'\t', b',', b';', b'|']
        .into_iter()
        .max_by_key(|&d| first.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

fn first_records(text: &str, delimiter: u8, count: usize) -> Vec<Vec<String>> {
    reader(text, delimiter)
        .records()
        .take(count)
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect()
}

fn is_number(text: &str) -> bool {
    text.trim().parse::<f64>().is_ok()
}

/// What the first row says the file is.
struct Layout {
    format: Option<Format>,
    /// The header's names, or the documented names when the file has none.
    headers: Vec<String>,
    /// Rows before the data: 0 (headerless), 1 (header), 2 (header + HXL tags).
    skip: usize,
}

fn lower(row: &[String]) -> Vec<String> {
    row.iter().map(|h| h.trim().to_ascii_lowercase()).collect()
}

fn detect(records: &[Vec<String>]) -> Layout {
    let first = records.first().cloned().unwrap_or_default();
    let names = lower(&first);
    let has = |name: &str| names.iter().any(|n| n == name);
    let hxl = records.get(1).is_some_and(|row| {
        row.iter()
            .filter(|v| !v.is_empty())
            .all(|v| v.trim_start().starts_with('#'))
            && row.iter().any(|v| !v.is_empty())
    });
    let skip = if hxl { 2 } else { 1 };
    if has("event_id_cnty") && has("event_date") {
        return Layout {
            format: Some(Format::Acled),
            headers: first,
            skip,
        };
    }
    if has("type_of_violence") && has("date_start") {
        return Layout {
            format: Some(Format::Ucdp),
            headers: first,
            skip,
        };
    }
    let documented = |columns: &[&str]| columns.iter().map(|s| s.to_string()).collect();
    if let Some(columns) = gdelt_columns(first.len())
        && first[0].bytes().all(|b| b.is_ascii_digit())
        && first[1].len() == 8
        && first[1].bytes().all(|b| b.is_ascii_digit())
    {
        return Layout {
            format: Some(Format::Gdelt),
            headers: documented(columns),
            skip: 0,
        };
    }
    if first.len() == UCDP_COLUMNS.len()
        && is_number(&first[0])
        && parse_wkt_point(&first[31]).is_some()
    {
        return Layout {
            format: Some(Format::Ucdp),
            headers: documented(&UCDP_COLUMNS),
            skip: 0,
        };
    }
    Layout {
        format: None,
        headers: first,
        skip,
    }
}

/// A plain description of what a file that is not an event table seems to be.
fn looks_like(text: &str, headers: &[String]) -> String {
    let start = text.trim_start();
    if start.starts_with('{') || start.starts_with('[') {
        return "it looks like JSON (a GeoJSON layer or project is opened with File › Open or Add layer)".into();
    }
    if start.starts_with('<') {
        return "it looks like XML or HTML".into();
    }
    if text.chars().take(4096).any(|c| c == '\u{0}') {
        return "it looks like a binary file".into();
    }
    if headers.len() < 2 {
        return "it has fewer than two columns".into();
    }
    let shown: Vec<&str> = headers.iter().take(8).map(String::as_str).collect();
    format!(
        "a table with {} columns ({}{}) but none found that holds a position (longitude/latitude or WKT POINT) and a date; choose them in a mapping (--format csv --mapping FILE)",
        headers.len(),
        shown.join(", "),
        if headers.len() > 8 { ", …" } else { "" }
    )
}

/// One kept column: where it comes from and how it is stored.
struct FieldPlan {
    source: usize,
    name: String,
    role: Option<Role>,
    builder: Builder,
    label: Option<fn(&str) -> Option<&'static str>>,
}

enum Builder {
    Dict(DictBuilder),
    Text(TextBuilder),
    Number(Vec<f64>),
}

impl Builder {
    fn push(&mut self, value: &str) {
        match self {
            Builder::Dict(b) => b.push(value),
            Builder::Text(b) => b.push(value),
            Builder::Number(v) => v.push(value.trim().parse().unwrap_or(f64::NAN)),
        }
    }
    fn finish(self) -> Column {
        match self {
            Builder::Dict(b) => b.finish(),
            Builder::Text(b) => b.finish(),
            Builder::Number(v) => Column::Number(v),
        }
    }
}

enum Where {
    LonLat(usize, usize),
    Wkt(usize),
}

struct Plan {
    position: Where,
    date: usize,
    date_end: Option<usize>,
    day_order: DayOrder,
    /// The row must have at least this many fields (else it is truncated).
    needed: usize,
    fields: Vec<FieldPlan>,
}

/// A plain CSV's column kind from sample values: numbers, long free text, or repeating words.
fn sampled_kind(samples: &[Vec<String>], column: usize) -> Kind {
    let values: Vec<&str> = samples
        .iter()
        .filter_map(|row| row.get(column))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if !values.is_empty() && values.iter().all(|v| is_number(v)) {
        return Kind::Number;
    }
    let long = values.iter().filter(|v| v.len() > 60).count();
    if long * 4 > values.len() {
        Kind::Text
    } else {
        Kind::Dict
    }
}

fn plan(
    format: Format,
    headers: &[String],
    mapping: &Mapping,
    samples: &[Vec<String>],
    rows: usize,
) -> Result<Plan, ImportError> {
    let column = |name: &str, purpose: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .or_else(|| {
                headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
            })
            .ok_or_else(|| ImportError::MissingColumn {
                path: no_path(),
                column: name.to_owned(),
                purpose: purpose.to_owned(),
                available: headers.join(", "),
            })
    };
    let position = match &mapping.position {
        Position::LonLat { lon, lat } => {
            Where::LonLat(column(lon, "longitude")?, column(lat, "latitude")?)
        }
        Position::Wkt { column: c } => Where::Wkt(column(c, "WKT point")?),
    };
    let date = column(&mapping.date, "date")?;
    let date_end = match &mapping.date_end {
        Some(name) => Some(column(name, "last date")?),
        None => None,
    };
    let mut roles = std::collections::HashMap::new();
    for (role, name) in &mapping.roles {
        roles.insert(column(name, &format!("{role:?}").to_lowercase())?, *role);
    }
    let structural: Vec<usize> = match position {
        Where::LonLat(a, b) => vec![a, b],
        Where::Wkt(a) => vec![a],
    }
    .into_iter()
    .chain([date])
    .chain(date_end)
    .collect();
    let mut fields = Vec::new();
    for (index, name) in headers.iter().enumerate() {
        let role = roles.get(&index).copied();
        if structural.contains(&index) && role.is_none() {
            continue;
        }
        if format == Format::Gdelt && role.is_none() && !GDELT_KEPT.contains(&name.as_str()) {
            continue;
        }
        let kind = match (format, role) {
            (_, Some(Role::Url)) if format != Format::Gdelt => Kind::Text,
            (Format::Csv, _) => known_kind(name, role)
                .filter(|k| *k == Kind::Text)
                .unwrap_or_else(|| sampled_kind(samples, index)),
            _ => known_kind(name, role).unwrap_or(Kind::Dict),
        };
        let kind = if role == Some(Role::Fatalities) {
            Kind::Number
        } else {
            kind
        };
        let builder = match kind {
            Kind::Dict => Builder::Dict(DictBuilder::with_capacity(rows)),
            Kind::Text => Builder::Text(TextBuilder::with_capacity(rows)),
            Kind::Number => Builder::Number(Vec::with_capacity(rows)),
        };
        let label: Option<fn(&str) -> Option<&'static str>> = match (format, role) {
            (Format::Gdelt, Some(Role::Category)) => Some(cameo_root_label),
            (Format::Ucdp, Some(Role::Category)) => Some(ucdp_violence_label),
            _ => None,
        };
        fields.push(FieldPlan {
            source: index,
            name: name.clone(),
            role,
            builder,
            label,
        });
    }
    let needed = fields
        .iter()
        .map(|f| f.source)
        .chain(structural)
        .max()
        .map_or(0, |m| m + 1);
    Ok(Plan {
        position,
        date,
        date_end,
        day_order: mapping.day_order,
        needed,
        fields,
    })
}

fn coordinate(text: &str, limit: f64, what: &str) -> Result<f64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("no {what}"));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
        _ => Err(format!("{what} \"{text}\" is not a number within ±{limit}")),
    }
}

/// The mapping a format reads with (the user's own when given).
pub fn mapping_for(
    format: Format,
    headers: &[String],
    samples: &[Vec<String>],
    given: Option<&Mapping>,
) -> Option<Mapping> {
    if let Some(mapping) = given {
        return Some(mapping.clone());
    }
    match format {
        Format::Acled => acled_mapping(headers),
        Format::Ucdp => ucdp_mapping(headers),
        Format::Gdelt => Some(gdelt_mapping(headers)),
        Format::Csv => guess_mapping(headers, samples),
    }
}

struct Prepared<'a> {
    text: Cow<'a, str>,
    delimiter: u8,
    layout: Layout,
    samples: Vec<Vec<String>>,
}

fn prepare(bytes: &[u8]) -> Prepared<'_> {
    let text = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let head = first_records(&text, delimiter, SAMPLE_ROWS + 2);
    let layout = detect(&head);
    let samples = head.into_iter().skip(layout.skip).collect();
    Prepared {
        text,
        delimiter,
        layout,
        samples,
    }
}

/// What [`super::preview`] shows, from bytes already read.
pub fn preview_bytes(bytes: &[u8], max_rows: usize) -> Result<Preview, ImportError> {
    let prepared = prepare(bytes);
    let format = prepared.layout.format;
    let mapping = mapping_for(
        format.unwrap_or(Format::Csv),
        &prepared.layout.headers,
        &prepared.samples,
        None,
    );
    if format.is_none() && prepared.layout.headers.len() < 2 {
        return Err(ImportError::NotEventTable {
            path: no_path(),
            looks_like: looks_like(&prepared.text, &prepared.layout.headers),
        });
    }
    Ok(Preview {
        format: format.or(mapping.as_ref().map(|_| Format::Csv)),
        delimiter: prepared.delimiter,
        headers: prepared.layout.headers,
        rows: prepared.samples.into_iter().take(max_rows).collect(),
        mapping,
    })
}

/// Imports from bytes already read; returns the table, its report and the mapping used.
pub fn import_bytes(
    bytes: &[u8],
    options: &ImportOptions,
    progress: &Progress,
) -> Result<(EventTable, ImportReport, Option<Mapping>), ImportError> {
    let total = bytes.len() as u64;
    let prepared = prepare(bytes);
    let Prepared {
        text,
        delimiter,
        mut layout,
        samples,
    } = prepared;
    let format = match (options.format, layout.format) {
        (Some(chosen), _) => chosen,
        (None, Some(found)) => found,
        (None, None) => Format::Csv,
    };
    // A format chosen by hand for a headerless file: use its documented names.
    if options.format.is_some() && layout.format != options.format {
        let numeric_first = layout.headers.first().is_some_and(|h| is_number(h));
        let documented: Option<&[&str]> = match format {
            Format::Gdelt => gdelt_columns(layout.headers.len()),
            Format::Ucdp if layout.headers.len() == UCDP_COLUMNS.len() && numeric_first => {
                Some(&UCDP_COLUMNS)
            }
            _ => None,
        };
        if let Some(names) = documented {
            layout.headers = names.iter().map(|s| s.to_string()).collect();
            layout.skip = 0;
        }
    }
    let headers = layout.headers;
    let mapping =
        mapping_for(format, &headers, &samples, options.mapping.as_ref()).ok_or_else(|| {
            ImportError::NotEventTable {
                path: no_path(),
                looks_like: looks_like(&text, &headers),
            }
        })?;
    let chunks = split_at_lines(&text, format, layout.skip);
    progress.set(0, total);
    let parts: Vec<Result<Part, ImportError>> = chunks
        .par_iter()
        .map(|chunk| {
            // One row per line except for quoted newlines: a close upper bound, counted fast.
            let estimate = memchr::memchr_iter(b'\n', chunk.text.as_bytes()).count() + 1;
            let plan = plan(format, &headers, &mapping, &samples, estimate)?;
            read_part(chunk, delimiter, plan, progress, total)
        })
        .collect();
    let mut merged: Option<Part> = None;
    for part in parts {
        let part = part?;
        merged = Some(match merged {
            None => part,
            Some(mut whole) => {
                whole.append(part);
                whole
            }
        });
    }
    let Part {
        mut table,
        skipped,
        rows,
    } = merged.unwrap_or_default();
    progress.set(total, total);
    shrink(&mut table);
    let report = ImportReport::new(format, rows, skipped, &table);
    Ok((
        table,
        report,
        options.mapping.clone().or(match format {
            Format::Csv => Some(mapping),
            _ => None,
        }),
    ))
}

/// A stretch of the text read by one thread.
struct Chunk<'a> {
    text: &'a str,
    /// Lines before it in the file.
    lines_before: u64,
    /// Records at its start that are not data (header, tag row).
    skip: usize,
}

/// Above this size a GDELT file is read in parallel pieces.
const PARALLEL_BYTES: usize = 4 << 20;

/// The whole text, or for GDELT (one row per line by its specification: no quoted newlines)
/// pieces cut after a newline, one or two per core.
fn split_at_lines(text: &str, format: Format, skip: usize) -> Vec<Chunk<'_>> {
    let whole = Chunk {
        text,
        lines_before: 0,
        skip,
    };
    if format != Format::Gdelt || skip != 0 || text.len() < PARALLEL_BYTES {
        return vec![whole];
    }
    let pieces = rayon::current_num_threads().max(1) * 2;
    let bytes = text.as_bytes();
    let mut chunks = Vec::with_capacity(pieces);
    let (mut start, mut lines_before) = (0usize, 0u64);
    for piece in 1..=pieces {
        let target = (text.len() * piece / pieces).max(start);
        let end = if piece == pieces {
            text.len()
        } else {
            memchr::memchr(b'\n', &bytes[target..]).map_or(text.len(), |at| target + at + 1)
        };
        if end <= start {
            continue;
        }
        let Some(slice) = text.get(start..end) else {
            return vec![whole];
        };
        chunks.push(Chunk {
            text: slice,
            lines_before,
            skip: 0,
        });
        lines_before += memchr::memchr_iter(b'\n', slice.as_bytes()).count() as u64;
        start = end;
    }
    chunks
}

/// What one piece of the file gave.
#[derive(Default)]
struct Part {
    table: EventTable,
    skipped: Vec<SkippedRow>,
    rows: usize,
}

impl Part {
    /// Appends the next piece: rows in order, dictionary codes renumbered into one dictionary.
    fn append(&mut self, next: Part) {
        let Part {
            table,
            skipped,
            rows,
        } = next;
        self.rows += rows;
        self.skipped.extend(skipped);
        self.table.lon.extend(table.lon);
        self.table.lat.extend(table.lat);
        self.table.day_start.extend(table.day_start);
        self.table.day_end.extend(table.day_end);
        self.table.line.extend(table.line);
        for (mine, theirs) in self.table.fields.iter_mut().zip(table.fields) {
            append_column(&mut mine.column, theirs.column);
        }
    }
}

fn append_column(mine: &mut Column, theirs: Column) {
    match (mine, theirs) {
        (Column::Number(a), Column::Number(b)) => a.extend(b),
        (Column::Text { ends, bytes }, Column::Text { ends: e, bytes: b }) => {
            let base = bytes.len() as u64;
            ends.extend(e.into_iter().map(|end| end + base));
            bytes.push_str(&b);
        }
        (
            Column::Dict { codes, values },
            Column::Dict {
                codes: c,
                values: v,
            },
        ) => {
            let mut lookup: std::collections::HashMap<String, u32> = values
                .iter()
                .enumerate()
                .map(|(i, value)| (value.clone(), i as u32))
                .collect();
            let renumber: Vec<u32> = v
                .into_iter()
                .map(|value| match lookup.get(&value) {
                    Some(&code) => code,
                    None => {
                        let code = u32::try_from(values.len()).unwrap_or(MISSING);
                        lookup.insert(value.clone(), code);
                        values.push(value);
                        code
                    }
                })
                .collect();
            codes.extend(c.iter().map(|code| {
                if code == MISSING {
                    MISSING
                } else {
                    renumber.get(code as usize).copied().unwrap_or(MISSING)
                }
            }));
        }
        // Every piece is read with the same plan, so the kinds always agree.
        _ => {}
    }
}

/// Reads one piece of the file into its own table.
fn read_part(
    chunk: &Chunk<'_>,
    delimiter: u8,
    mut plan: Plan,
    progress: &Progress,
    total: u64,
) -> Result<Part, ImportError> {
    let mut table = EventTable::default();
    let mut skipped = Vec::new();
    let mut rows = 0usize;
    let mut record = csv::StringRecord::new();
    let mut csv = reader(chunk.text, delimiter);
    let mut seen = 0usize;
    let mut reported = 0u64;
    // Lines are counted from byte offsets: the reader's own count differs on CRLF files.
    let bytes_of_text = chunk.text.as_bytes();
    let (mut counted_to, mut lines_before) = (0usize, chunk.lines_before);
    let mut line_at = |byte: u64| {
        let mut byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(bytes_of_text.len());
        // After a CR the reader's offset sits before the LF that ends the previous line.
        while matches!(bytes_of_text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte >= counted_to {
            lines_before +=
                memchr::memchr_iter(b'\n', &bytes_of_text[counted_to..byte]).count() as u64;
            counted_to = byte;
        }
        lines_before + 1
    };
    loop {
        let start = csv.position().byte();
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                seen += 1;
                if seen > chunk.skip {
                    rows += 1;
                    let line = line_at(start);
                    skipped.push(SkippedRow {
                        line,
                        reason: format!("unreadable row: {error}"),
                    });
                }
                continue;
            }
        }
        seen += 1;
        if seen <= chunk.skip {
            continue;
        }
        // A record's own start (blank lines before it are skipped by the reader).
        let line = line_at(record.position().map_or(start, |p| p.byte()));
        rows += 1;
        if rows.is_multiple_of(CHECK_EVERY) {
            let byte = record.position().map_or(0, |p| p.byte());
            progress.advance(byte.saturating_sub(reported), total);
            reported = byte;
            if progress.is_cancelled() {
                return Err(ImportError::Cancelled { path: no_path() });
            }
        }
        match read_row(&plan, &record) {
            Ok((lon, lat, start, end)) => {
                table.lon.push(lon);
                table.lat.push(lat);
                table.day_start.push(start);
                table.day_end.push(end);
                table.line.push(u32::try_from(line).unwrap_or(u32::MAX));
                for field in &mut plan.fields {
                    let value = record.get(field.source).unwrap_or("");
                    match field.label.and_then(|label| label(value)) {
                        Some(label) => field.builder.push(label),
                        None => field.builder.push(value),
                    }
                }
            }
            Err(reason) => skipped.push(SkippedRow { line, reason }),
        }
    }
    table.fields = plan
        .fields
        .into_iter()
        .map(|f| Field {
            name: f.name,
            role: f.role,
            column: f.builder.finish(),
        })
        .collect();
    Ok(Part {
        table,
        skipped,
        rows,
    })
}

/// A row's position and days, or why it cannot come in.
fn read_row(plan: &Plan, record: &csv::StringRecord) -> Result<(f64, f64, i32, i32), String> {
    if record.len() < plan.needed {
        return Err(format!(
            "truncated: {} of {} columns",
            record.len(),
            plan.needed
        ));
    }
    let get = |i: usize| record.get(i).unwrap_or("");
    let (lon, lat) = match plan.position {
        Where::LonLat(lon, lat) => (
            coordinate(get(lon), 180.0, "longitude")?,
            coordinate(get(lat), 90.0, "latitude")?,
        ),
        Where::Wkt(column) => {
            let (lon, lat) = parse_wkt_point(get(column))
                .ok_or_else(|| format!("\"{}\" is not a WKT POINT", get(column).trim()))?;
            (
                coordinate(&lon.to_string(), 180.0, "longitude")?,
                coordinate(&lat.to_string(), 90.0, "latitude")?,
            )
        }
    };
    let start = parse_date(get(plan.date), plan.day_order).map_err(|e| format!("date: {e}"))?;
    let end = match plan.date_end {
        Some(column) if !get(column).trim().is_empty() => {
            parse_date(get(column), plan.day_order).map_err(|e| format!("last date: {e}"))?
        }
        _ => start,
    };
    if end < start {
        return Err("the last date is before the first".into());
    }
    Ok((lon, lat, start, end))
}

/// Gives back what the capacity estimate over-reserved (skipped rows, quoted newlines).
fn shrink(table: &mut EventTable) {
    table.lon.shrink_to_fit();
    table.lat.shrink_to_fit();
    table.day_start.shrink_to_fit();
    table.day_end.shrink_to_fit();
    table.line.shrink_to_fit();
    for field in &mut table.fields {
        match &mut field.column {
            Column::Dict { codes, values } => {
                codes.shrink_to_fit();
                values.shrink_to_fit();
            }
            Column::Text { ends, bytes } => {
                ends.shrink_to_fit();
                bytes.shrink_to_fit();
            }
            Column::Number(values) => values.shrink_to_fit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::import::formats::GDELT_COLUMNS;

    fn gdelt_text(rows: usize) -> String {
        let fixture = include_str!("../../../tests/fixtures/events/gdelt.export.CSV");
        let lines: Vec<&str> = fixture.lines().collect();
        let mut text = String::new();
        for i in 0..rows {
            let line = lines[i % lines.len()];
            // Vary the actors so each piece has its own dictionary order.
            text.push_str(&line.replace("REBELS", &format!("REBELS {}", (rows - i) % 97)));
            text.push('\n');
        }
        text
    }

    #[test]
    fn a_gdelt_file_read_in_pieces_equals_one_read_through() {
        let text = gdelt_text(40_000);
        assert!(text.len() > PARALLEL_BYTES);
        let chunks = split_at_lines(&text, Format::Gdelt, 0);
        assert!(chunks.len() > 1);
        assert_eq!(
            chunks.iter().map(|c| c.text.len()).sum::<usize>(),
            text.len()
        );
        let headers: Vec<String> = GDELT_COLUMNS.iter().map(|s| s.to_string()).collect();
        let mapping = gdelt_mapping(&headers);
        let progress = Progress::default();
        let read = |chunk: &Chunk<'_>| {
            let plan = plan(Format::Gdelt, &headers, &mapping, &[], 16).unwrap();
            read_part(chunk, b'\t', plan, &progress, 1).unwrap()
        };
        let whole = read(&Chunk {
            text: &text,
            lines_before: 0,
            skip: 0,
        });
        let mut pieces = Part::default();
        for (index, chunk) in chunks.iter().enumerate() {
            let part = read(chunk);
            if index == 0 {
                pieces = part;
            } else {
                pieces.append(part);
            }
        }
        assert_eq!(pieces.rows, whole.rows);
        assert_eq!(pieces.skipped, whole.skipped);
        assert_eq!(pieces.table.line, whole.table.line);
        for row in [0, 1, 17_000, 26_665] {
            for (a, b) in pieces.table.fields.iter().zip(&whole.table.fields) {
                assert_eq!(
                    a.column.text(row),
                    b.column.text(row),
                    "{} row {row}",
                    a.name
                );
            }
        }
        assert_eq!(
            whole.skipped.len(),
            13_333,
            "every third row has no position"
        );
    }
}
