//! The parsed table of a dataset, cached beside the project as an Arrow IPC file
//! (`PROJECT.faultline-data/ID.arrow`): read back in a fraction of a second, and readable by
//! pandas, DuckDB, Polars and QGIS too. Arrow IPC rather than Parquet: it is our columns'
//! own layout (dictionaries, offsets), needs no decoding on reopen, and its crates are light.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::types::{ArrowDictionaryKeyType, UInt8Type, UInt16Type, UInt32Type};
use arrow_array::{
    Array, ArrayRef, DictionaryArray, Float64Array, Int32Array, LargeStringArray, PrimitiveArray,
    RecordBatch, StringArray, UInt32Array,
};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field as ArrowField, Schema};

use super::cluster::ClusterIndex;
use super::link::DatasetLink;
use super::table::{CodeWidth, Codes, Column, EventTable, Field, MISSING, Role};

/// Bumped when the cache's layout changes; an older cache is then rebuilt from the source.
const CACHE_VERSION: &str = "2";
/// Rows per record batch of the file.
const BATCH_ROWS: usize = 1 << 16;
/// The columns every cache starts with. `_z_order` is not a column of events but the order of
/// the cluster index (rows in Z-order of their place, then `u32::MAX` for rows without one),
/// saved so reopening skips the sort.
const CORE: [&str; 6] = [
    "_lon",
    "_lat",
    "_day_start",
    "_day_end",
    "_line",
    "_z_order",
];

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
    #[error("{}: not this dataset's cache ({reason})", .path.display())]
    Stale { path: PathBuf, reason: String },
}

/// Where the cache of `link` lives for the project at `project_path`.
pub fn cache_path(project_path: &Path, link: &DatasetLink) -> PathBuf {
    let name = project_path
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
    let stem = name
        .strip_suffix(".geojson")
        .unwrap_or(&name)
        .strip_suffix(".faultline")
        .unwrap_or(&name)
        .to_owned();
    let safe: String = link
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    project_path
        .with_file_name(format!("{stem}.faultline-data"))
        .join(format!("{safe}.arrow"))
}

fn role_name(role: Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn to_arrow(column: &Column) -> Result<ArrayRef, arrow_schema::ArrowError> {
    Ok(match column {
        Column::Number(values) => Arc::new(Float64Array::from(values.clone())),
        Column::Text { ends, bytes } => {
            let mut offsets = Vec::with_capacity(ends.len() + 1);
            offsets.push(0i64);
            offsets.extend(ends.iter().map(|&e| e as i64));
            Arc::new(LargeStringArray::try_new(
                OffsetBuffer::new(ScalarBuffer::from(offsets)),
                Buffer::from(bytes.as_bytes().to_vec()),
                None,
            )?)
        }
        Column::Dict { codes, values } => {
            let values: ArrayRef = Arc::new(StringArray::from_iter_values(values));
            // Keys as narrow as the table holds them, so the file is as small as the memory.
            match codes {
                Codes::U8(keys) => dictionary::<UInt8Type>(keys, u8::MAX, values)?,
                Codes::U16(keys) => dictionary::<UInt16Type>(keys, u16::MAX, values)?,
                Codes::U32(keys) => dictionary::<UInt32Type>(keys, MISSING, values)?,
            }
        }
    })
}

/// A dictionary array of `keys` (`missing` marking no value, written as a null).
fn dictionary<K: ArrowDictionaryKeyType>(
    keys: &[K::Native],
    missing: K::Native,
    values: ArrayRef,
) -> Result<ArrayRef, arrow_schema::ArrowError> {
    let nulls = keys
        .contains(&missing)
        .then(|| NullBuffer::from(keys.iter().map(|&k| k != missing).collect::<Vec<_>>()));
    let keys: Vec<K::Native> = keys
        .iter()
        .map(|&k| {
            if k == missing {
                K::Native::default()
            } else {
                k
            }
        })
        .collect();
    let keys = PrimitiveArray::<K>::new(ScalarBuffer::from(keys), nulls);
    Ok(Arc::new(DictionaryArray::<K>::try_new(keys, values)?))
}

/// Writes `table` as the cache of `link`, keyed by the link's checksum.
pub fn write_cache(
    project_path: &Path,
    link: &DatasetLink,
    table: &EventTable,
    index: &ClusterIndex,
) -> Result<PathBuf, CacheError> {
    let path = cache_path(project_path, link);
    let io = |message: String| CacheError::Io {
        path: path.clone(),
        message,
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| io(e.to_string()))?;
    }
    let mut fields = vec![
        ArrowField::new(CORE[0], DataType::Float64, false),
        ArrowField::new(CORE[1], DataType::Float64, false),
        ArrowField::new(CORE[2], DataType::Int32, false),
        ArrowField::new(CORE[3], DataType::Int32, false),
        ArrowField::new(CORE[4], DataType::UInt32, false),
        ArrowField::new(CORE[5], DataType::UInt32, false),
    ];
    let mut arrays: Vec<ArrayRef> = vec![
        Arc::new(Float64Array::from(table.lon.clone())),
        Arc::new(Float64Array::from(table.lat.clone())),
        Arc::new(Int32Array::from(table.day_start.clone())),
        Arc::new(Int32Array::from(table.day_end.clone())),
        Arc::new(UInt32Array::from(table.line.clone())),
        Arc::new(UInt32Array::from_iter_values(
            index
                .z_order()
                .iter()
                .copied()
                .chain(std::iter::repeat(u32::MAX))
                .take(table.len()),
        )),
    ];
    for field in &table.fields {
        let array = to_arrow(&field.column).map_err(|e| io(e.to_string()))?;
        let mut metadata = std::collections::HashMap::new();
        if let Some(role) = field.role {
            metadata.insert("faultline:role".to_owned(), role_name(role));
        }
        fields.push(
            ArrowField::new(&field.name, array.data_type().clone(), true).with_metadata(metadata),
        );
        arrays.push(array);
    }
    let metadata: std::collections::HashMap<String, String> = [
        (
            "faultline:cache_version".to_owned(),
            CACHE_VERSION.to_owned(),
        ),
        ("faultline:checksum".to_owned(), link.checksum.clone()),
        ("faultline:rows".to_owned(), table.len().to_string()),
    ]
    .into_iter()
    .collect();
    let schema = Arc::new(Schema::new_with_metadata(fields, metadata));
    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| io(e.to_string()))?;
    // Written aside and renamed, so a crash never leaves half a cache that looks whole.
    let partial = path.with_extension("arrow.partial");
    let file = File::create(&partial).map_err(|e| io(e.to_string()))?;
    let mut writer = arrow_ipc::writer::FileWriter::try_new(BufWriter::new(file), &schema)
        .map_err(|e| io(e.to_string()))?;
    // In batches, so reading it back holds one batch besides the table, not a second table.
    let mut offset = 0;
    while offset < batch.num_rows() || offset == 0 {
        let rows = BATCH_ROWS.min(batch.num_rows() - offset);
        writer
            .write(&batch.slice(offset, rows))
            .map_err(|e| io(e.to_string()))?;
        offset += rows.max(1);
    }
    writer.finish().map_err(|e| io(e.to_string()))?;
    drop(writer);
    std::fs::rename(&partial, &path).map_err(|e| io(e.to_string()))?;
    Ok(path)
}

/// Appends a batch's `array` to `column` (`None` for a column this cache does not write).
fn append_arrow(column: &mut Column, array: &ArrayRef) -> Option<()> {
    let any = array.as_any();
    match column {
        Column::Number(values) => {
            values.extend_from_slice(any.downcast_ref::<Float64Array>()?.values());
        }
        Column::Text { ends, bytes } => {
            let text = any.downcast_ref::<LargeStringArray>()?;
            let offsets = text.value_offsets();
            let first = *offsets.first()?;
            let base = bytes.len() as i64 - first;
            ends.extend(offsets[1..].iter().map(|&o| (o + base) as u64));
            let start = usize::try_from(first).ok()?;
            let end = usize::try_from(*offsets.last()?).ok()?;
            bytes.push_str(std::str::from_utf8(text.values().get(start..end)?).ok()?);
        }
        Column::Dict { codes, values } => {
            if let Some(dict) = any.downcast_ref::<DictionaryArray<UInt8Type>>() {
                append_keys(codes, values, dict)?;
            } else if let Some(dict) = any.downcast_ref::<DictionaryArray<UInt16Type>>() {
                append_keys(codes, values, dict)?;
            } else {
                append_keys(
                    codes,
                    values,
                    any.downcast_ref::<DictionaryArray<UInt32Type>>()?,
                )?;
            }
        }
    }
    Some(())
}

/// Appends a batch's dictionary keys; the dictionary is the file's one (the first batch's).
fn append_keys<K: ArrowDictionaryKeyType>(
    codes: &mut Codes,
    values: &mut Vec<String>,
    dict: &DictionaryArray<K>,
) -> Option<()>
where
    K::Native: CodeWidth,
{
    let dictionary = dict.values().as_any().downcast_ref::<StringArray>()?;
    if codes.is_empty() && values.is_empty() {
        values.extend(dictionary.iter().map(|v| v.unwrap_or("").to_owned()));
    } else if dictionary.len() != values.len() {
        return None;
    }
    let keys = dict.keys();
    let valid = |i: usize| keys.nulls().is_none_or(|nulls| nulls.is_valid(i));
    match K::Native::storage(codes) {
        // The width the first batch chose: copied a slice at a time.
        Some(storage) => match keys.nulls() {
            None => storage.extend_from_slice(keys.values()),
            Some(_) => storage.extend(
                keys.values().iter().enumerate().map(
                    |(i, &k)| {
                        if valid(i) { k } else { K::Native::NONE }
                    },
                ),
            ),
        },
        None => codes.extend(
            keys.values().iter().enumerate().map(
                |(i, &k)| {
                    if valid(i) { k.into() } else { MISSING }
                },
            ),
        ),
    }
    Some(())
}

/// An empty column of the kind `array` holds, with room for `rows` values.
fn empty_column(array: &ArrayRef, rows: usize) -> Option<Column> {
    Some(match array.data_type() {
        DataType::Float64 => Column::Number(Vec::with_capacity(rows)),
        DataType::LargeUtf8 => Column::Text {
            ends: Vec::with_capacity(rows),
            bytes: String::new(),
        },
        DataType::Dictionary(key, _) => Column::Dict {
            codes: match key.as_ref() {
                DataType::UInt8 => Codes::U8(Vec::with_capacity(rows)),
                DataType::UInt16 => Codes::U16(Vec::with_capacity(rows)),
                _ => Codes::U32(Vec::with_capacity(rows)),
            },
            values: Vec::new(),
        },
        _ => return None,
    })
}

/// The cached table of `link`, when the cache exists and was made from the same source.
/// With it, the cluster index, from the order saved with it when that is this table's (else
/// built anew).
pub fn read_cache(
    project_path: &Path,
    link: &DatasetLink,
) -> Result<(EventTable, ClusterIndex), CacheError> {
    let path = cache_path(project_path, link);
    let io = |message: String| CacheError::Io {
        path: path.clone(),
        message,
    };
    let stale = |reason: &str| CacheError::Stale {
        path: path.clone(),
        reason: reason.to_owned(),
    };
    let mut file = File::open(&path).map_err(|e| io(e.to_string()))?;
    let mut blocks = BlockReader::open(&mut file).map_err(|e| io(e.to_string()))?;
    let schema = blocks.schema.clone();
    let metadata = schema.metadata();
    if metadata.get("faultline:cache_version").map(String::as_str) != Some(CACHE_VERSION) {
        return Err(stale("another cache version"));
    }
    if metadata.get("faultline:checksum") != Some(&link.checksum) {
        return Err(stale("made from another source file"));
    }
    let rows: usize = metadata
        .get("faultline:rows")
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let mut table = EventTable::default();
    let mut z_order = Vec::with_capacity(rows);
    for n in 0..blocks.batches.len() {
        let (batch, buffer) = blocks.batch(&mut file, n).map_err(|e| io(e.to_string()))?;
        append(&mut table, &mut z_order, &batch, rows)
            .ok_or_else(|| stale("unexpected columns"))?;
        drop(batch);
        blocks.recycle(buffer);
    }
    if !table.is_consistent() {
        return Err(stale("columns of different lengths"));
    }
    let placed = z_order.partition_point(|&row| row != u32::MAX);
    z_order.truncate(placed);
    let index =
        ClusterIndex::from_order(&table, z_order).unwrap_or_else(|| ClusterIndex::new(&table));
    Ok((table, index))
}

/// Reads an Arrow IPC file a record batch at a time into one buffer used again for every
/// batch: the reader of `arrow-ipc` allocates and zeroes a fresh buffer per batch, which for a
/// million events is as much time in page faults as in reading.
struct BlockReader {
    schema: arrow_schema::SchemaRef,
    decoder: arrow_ipc::reader::FileDecoder,
    batches: Vec<arrow_ipc::Block>,
    scratch: Vec<u8>,
}

impl BlockReader {
    fn open(file: &mut File) -> Result<BlockReader, arrow_schema::ArrowError> {
        use std::io::{Read, Seek, SeekFrom};
        let error = |e: std::io::Error| arrow_schema::ArrowError::IoError(e.to_string(), e);
        let mut trailer = [0u8; 10];
        file.seek(SeekFrom::End(-10)).map_err(error)?;
        file.read_exact(&mut trailer).map_err(error)?;
        let footer_len = arrow_ipc::reader::read_footer_length(trailer)?;
        let mut footer_bytes = vec![0u8; footer_len];
        file.seek(SeekFrom::End(-10 - footer_len as i64))
            .map_err(error)?;
        file.read_exact(&mut footer_bytes).map_err(error)?;
        let footer = arrow_ipc::root_as_footer(&footer_bytes)
            .map_err(|e| arrow_schema::ArrowError::ParseError(e.to_string()))?;
        let fb_schema = footer
            .schema()
            .ok_or_else(|| arrow_schema::ArrowError::ParseError("no schema".into()))?;
        let schema = Arc::new(arrow_ipc::convert::try_fb_to_schema(fb_schema)?);
        let mut decoder = arrow_ipc::reader::FileDecoder::new(schema.clone(), footer.version());
        for block in footer.dictionaries().iter().flatten() {
            // Dictionaries stay alive with the decoder: each in a buffer of its own.
            let data = Self::read(file, block, Vec::new())?;
            decoder.read_dictionary(block, &data)?;
        }
        let batches = footer
            .recordBatches()
            .map(|b| b.iter().copied().collect())
            .unwrap_or_default();
        Ok(BlockReader {
            schema,
            decoder,
            batches,
            scratch: Vec::new(),
        })
    }

    /// The bytes of `block`, read into `into` (grown, never zeroed again once large enough).
    fn read(
        file: &mut File,
        block: &arrow_ipc::Block,
        mut into: Vec<u8>,
    ) -> Result<Buffer, arrow_schema::ArrowError> {
        use std::io::{Read, Seek, SeekFrom};
        let error = |e: std::io::Error| arrow_schema::ArrowError::IoError(e.to_string(), e);
        let len = usize::try_from(block.bodyLength() + i64::from(block.metaDataLength()))
            .map_err(|e| arrow_schema::ArrowError::ParseError(e.to_string()))?;
        let offset = u64::try_from(block.offset())
            .map_err(|e| arrow_schema::ArrowError::ParseError(e.to_string()))?;
        if into.len() < len {
            into.resize(len, 0);
        }
        file.seek(SeekFrom::Start(offset)).map_err(error)?;
        file.read_exact(&mut into[..len]).map_err(error)?;
        Ok(Buffer::from_vec(into).slice_with_length(0, len))
    }

    /// Record batch `n`, with the buffer it lives in (give it back with [`Self::recycle`]).
    fn batch(
        &mut self,
        file: &mut File,
        n: usize,
    ) -> Result<(RecordBatch, Buffer), arrow_schema::ArrowError> {
        let block = self.batches[n];
        let data = Self::read(file, &block, std::mem::take(&mut self.scratch))?;
        let batch = self
            .decoder
            .read_record_batch(&block, &data)?
            .ok_or_else(|| arrow_schema::ArrowError::ParseError("an empty block".into()))?;
        Ok((batch, data))
    }

    /// Takes a batch's buffer back for the next batch once nothing else holds it.
    fn recycle(&mut self, buffer: Buffer) {
        if let Ok(vec) = buffer.into_vec::<u8>() {
            self.scratch = vec;
        }
    }
}

/// Appends one batch of the cache to `table` (the first batch makes its columns, with room
/// for `rows` events).
fn append(
    table: &mut EventTable,
    z_order: &mut Vec<u32>,
    batch: &RecordBatch,
    rows: usize,
) -> Option<()> {
    let column = |i: usize| batch.column(i).as_any();
    let first = table.fields.is_empty() && table.lon.is_empty();
    if first {
        table.lon.reserve(rows);
        table.lat.reserve(rows);
        table.day_start.reserve(rows);
        table.day_end.reserve(rows);
        table.line.reserve(rows);
    }
    table
        .lon
        .extend_from_slice(column(0).downcast_ref::<Float64Array>()?.values());
    table
        .lat
        .extend_from_slice(column(1).downcast_ref::<Float64Array>()?.values());
    table
        .day_start
        .extend_from_slice(column(2).downcast_ref::<Int32Array>()?.values());
    table
        .day_end
        .extend_from_slice(column(3).downcast_ref::<Int32Array>()?.values());
    table
        .line
        .extend_from_slice(column(4).downcast_ref::<UInt32Array>()?.values());
    z_order.extend_from_slice(column(5).downcast_ref::<UInt32Array>()?.values());
    let schema = batch.schema();
    for (index, field) in schema.fields().iter().enumerate().skip(CORE.len()) {
        let array = batch.column(index);
        if first {
            let role = field
                .metadata()
                .get("faultline:role")
                .and_then(|r| serde_json::from_value(serde_json::Value::String(r.clone())).ok());
            table.fields.push(Field {
                name: field.name().clone(),
                role,
                column: empty_column(array, rows)?,
            });
        }
        append_arrow(&mut table.fields.get_mut(index - CORE.len())?.column, array)?;
    }
    Some(())
}
