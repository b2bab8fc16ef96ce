//! Reading event datasets into an [`EventTable`]: ACLED (all three column generations), UCDP
//! GED (with or without header, HXL tag rows), GDELT 2.0 and 1.0 (daily files and the backfile; also zipped) and any CSV/TSV with a
//! header through a [`Mapping`]. Every format is read by one engine: a format only says which
//! column is where. Bad rows are skipped and listed; nothing panics on user data.

pub mod csv_mapping;
pub mod formats;
mod reader;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::day::Day;
use super::link::DatasetLink;
use super::table::EventTable;

pub use csv_mapping::{Mapping, MappingGuess, Position, guess_columns, guess_mapping};
pub use reader::{import_bytes, mapping_for, preview_bytes};

/// The layouts Faultline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Acled,
    Ucdp,
    Gdelt,
    Csv,
}

impl Format {
    /// Every layout, in the order the import dialog offers them.
    pub const ALL: [Format; 4] = [Format::Acled, Format::Ucdp, Format::Gdelt, Format::Csv];

    /// The layout's name as users know it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Acled => "ACLED",
            Format::Ucdp => "UCDP GED",
            Format::Gdelt => "GDELT events (1.0 or 2.0)",
            Format::Csv => "CSV/TSV table",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Acled => "acled",
            Format::Ucdp => "ucdp",
            Format::Gdelt => "gdelt",
            Format::Csv => "csv",
        })
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "acled" => Ok(Format::Acled),
            "ucdp" => Ok(Format::Ucdp),
            "gdelt" => Ok(Format::Gdelt),
            "csv" | "tsv" => Ok(Format::Csv),
            other => Err(format!(
                "unknown event format \"{other}\": expected acled, ucdp, gdelt or csv"
            )),
        }
    }
}

/// What the user chose; `None` means "detect it".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    pub format: Option<Format>,
    /// For [`Format::Csv`] (or to override a known format's columns).
    pub mapping: Option<Mapping>,
}

/// Shared between the importing thread and the window: how far, and a Cancel button.
#[derive(Debug, Default)]
pub struct Progress {
    cancelled: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Bytes read over bytes in the file, 0.0..=1.0.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.done.load(Ordering::Relaxed) as f64 / total as f64).clamp(0.0, 1.0) as f32
    }

    pub(crate) fn advance(&self, bytes: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.fetch_add(bytes, Ordering::Relaxed);
    }

    pub(crate) fn set(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }
}

/// One row that did not come in, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedRow {
    /// 1-based line of the file where the row starts.
    pub line: u64,
    pub reason: String,
}

/// What an import did; `rows == imported + skipped.len()`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub format: Format,
    /// Data rows in the file (not counting header and tag rows).
    pub rows: usize,
    pub imported: usize,
    pub skipped: Vec<SkippedRow>,
    /// `[west, south, east, north]` of the imported events.
    pub bbox: Option<[f64; 4]>,
    /// First and last day, `YYYY-MM-DD`.
    pub date_range: Option<[String; 2]>,
}

impl ImportReport {
    pub(crate) fn new(
        format: Format,
        rows: usize,
        skipped: Vec<SkippedRow>,
        table: &EventTable,
    ) -> Self {
        let range: Option<(Day, Day)> = table.date_range();
        Self {
            format,
            rows,
            imported: table.len(),
            skipped,
            bbox: table.bbox(),
            date_range: range.map(|(a, b)| [super::day::format(a), super::day::format(b)]),
        }
    }
}

/// A finished import: the events, the report to show, and the link the project keeps.
#[derive(Debug, Clone)]
pub struct Imported {
    pub table: EventTable,
    pub report: ImportReport,
    pub link: DatasetLink,
}

/// The first rows of a file, for the mapping dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// `None` when no known format was recognised (then the user maps it as CSV).
    pub format: Option<Format>,
    pub delimiter: u8,
    /// The header, or the format's documented names for headerless files.
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The mapping an import would use (the format's own, or a guess from names and values).
    pub mapping: Option<Mapping>,
}

/// Why nothing came in.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: cannot read the file: {message}", .path.display())]
    Unreadable { path: PathBuf, message: String },
    #[error("{}: not an event table: {looks_like}", .path.display())]
    NotEventTable { path: PathBuf, looks_like: String },
    #[error("{}: the mapping names column \"{column}\" ({purpose}), which the file does not have; its columns are {available}", .path.display())]
    MissingColumn {
        path: PathBuf,
        column: String,
        purpose: String,
        available: String,
    },
    #[error("{}: import cancelled", .path.display())]
    Cancelled { path: PathBuf },
}

impl ImportError {
    pub(crate) fn with_path(self, path: &Path) -> Self {
        let path = path.to_path_buf();
        match self {
            ImportError::Unreadable { message, .. } => ImportError::Unreadable { path, message },
            ImportError::NotEventTable { looks_like, .. } => {
                ImportError::NotEventTable { path, looks_like }
            }
            ImportError::MissingColumn {
                column,
                purpose,
                available,
                ..
            } => ImportError::MissingColumn {
                path,
                column,
                purpose,
                available,
            },
            ImportError::Cancelled { .. } => ImportError::Cancelled { path },
        }
    }
}

/// The file's bytes; a `.zip` gives its largest member, as GDELT's archives hold one.
pub fn read_source(path: &Path) -> Result<Vec<u8>, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    unzip_if_zipped(path, bytes)
}

fn unzip_if_zipped(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, ImportError> {
    let unreadable = |message: String| ImportError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(bytes);
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(format!("not a readable zip archive: {e}")))?;
    let mut best: Option<(usize, u64)> = None;
    for index in 0..archive.len() {
        let entry = archive
            .by_index(index)
            .map_err(|e| unreadable(format!("zip member {index}: {e}")))?;
        if entry.is_file() && best.is_none_or(|(_, size)| entry.size() > size) {
            best = Some((index, entry.size()));
        }
    }
    let (index, size) = best.ok_or_else(|| unreadable("the zip archive holds no file".into()))?;
    let mut entry = archive
        .by_index(index)
        .map_err(|e| unreadable(format!("zip member {index}: {e}")))?;
    let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(&mut entry, &mut out)
        .map_err(|e| unreadable(format!("zip member {index}: {e}")))?;
    Ok(out)
}

/// Reads a whole dataset file. Runs on any thread; checks `progress` for Cancel as it goes.
pub fn import_file(
    path: &Path,
    options: &ImportOptions,
    progress: &Progress,
) -> Result<Imported, ImportError> {
    let raw = std::fs::read(path).map_err(|e| ImportError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    // The checksum is of the file as linked (the archive itself for a zip).
    let checksum = super::link::sha256_hex(&raw);
    let bytes = unzip_if_zipped(path, raw)?;
    let (table, report, mapping) =
        import_bytes(&bytes, options, progress).map_err(|e| e.with_path(path))?;
    let link = DatasetLink::new(path, report.format, mapping, checksum, table.len());
    Ok(Imported {
        table,
        report,
        link,
    })
}

/// The first `max_rows` rows with the detected format and guessed mapping.
pub fn preview(path: &Path, max_rows: usize) -> Result<Preview, ImportError> {
    let bytes = read_source(path)?;
    preview_bytes(&bytes, max_rows).map_err(|e| e.with_path(path))
}
