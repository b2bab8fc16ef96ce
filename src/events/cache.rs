//! The parsed table of a dataset, cached beside the project as an Arrow IPC file
//! (`PROJECT.faultline-data/ID.arrow`): read back in a fraction of a second, and readable by
//! pandas, DuckDB, Polars and QGIS too. Arrow IPC rather than Parquet: it is our columns'
//! own layout (dictionaries, offsets), needs no decoding on reopen, and its crates are light.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::types::UInt32Type;
use arrow_array::{
    Array, ArrayRef, DictionaryArray, Float64Array, Int32Array, LargeStringArray, RecordBatch,
    StringArray, UInt32Array, UInt64Array,
};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field as ArrowField, Schema};

use super::link::DatasetLink;
use super::table::{Column, EventTable, Field, MISSING, Role};

/// Bumped when the cache's layout changes; an older cache is then rebuilt from the source.
const CACHE_VERSION: &str = "1";
const CORE: [&str; 5] = ["_lon", "_lat", "_day_start", "_day_end", "_line"];

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
            let nulls = NullBuffer::from(codes.iter().map(|&c| c != MISSING).collect::<Vec<_>>());
            let keys: Vec<u32> = codes
                .iter()
                .map(|&c| if c == MISSING { 0 } else { c })
                .collect();
            let keys = UInt32Array::new(ScalarBuffer::from(keys), Some(nulls));
            let values: ArrayRef = Arc::new(StringArray::from_iter_values(values));
            Arc::new(DictionaryArray::<UInt32Type>::try_new(keys, values)?)
        }
    })
}

/// Writes `table` as the cache of `link`, keyed by the link's checksum.
pub fn write_cache(
    project_path: &Path,
    link: &DatasetLink,
    table: &EventTable,
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
        ArrowField::new(CORE[4], DataType::UInt64, false),
    ];
    let mut arrays: Vec<ArrayRef> = vec![
        Arc::new(Float64Array::from(table.lon.clone())),
        Arc::new(Float64Array::from(table.lat.clone())),
        Arc::new(Int32Array::from(table.day_start.clone())),
        Arc::new(Int32Array::from(table.day_end.clone())),
        Arc::new(UInt64Array::from(table.line.clone())),
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
    writer.write(&batch).map_err(|e| io(e.to_string()))?;
    writer.finish().map_err(|e| io(e.to_string()))?;
    drop(writer);
    std::fs::rename(&partial, &path).map_err(|e| io(e.to_string()))?;
    Ok(path)
}

fn from_arrow(array: &ArrayRef) -> Option<Column> {
    let any = array.as_any();
    if let Some(numbers) = any.downcast_ref::<Float64Array>() {
        return Some(Column::Number(numbers.values().to_vec()));
    }
    if let Some(text) = any.downcast_ref::<LargeStringArray>() {
        let offsets = text.value_offsets();
        let base = *offsets.first()?;
        let ends = offsets[1..].iter().map(|&o| (o - base) as u64).collect();
        let start = usize::try_from(base).ok()?;
        let end = usize::try_from(*offsets.last()?).ok()?;
        let bytes = std::str::from_utf8(text.values().get(start..end)?)
            .ok()?
            .to_owned();
        return Some(Column::Text { ends, bytes });
    }
    if let Some(dict) = any.downcast_ref::<DictionaryArray<UInt32Type>>() {
        let keys = dict.keys();
        let codes = (0..keys.len())
            .map(|i| {
                if keys.is_null(i) {
                    MISSING
                } else {
                    keys.value(i)
                }
            })
            .collect();
        let values = dict.values().as_any().downcast_ref::<StringArray>()?;
        let values = values.iter().map(|v| v.unwrap_or("").to_owned()).collect();
        return Some(Column::Dict { codes, values });
    }
    None
}

/// The cached table of `link`, when the cache exists and was made from the same source.
pub fn read_cache(project_path: &Path, link: &DatasetLink) -> Result<EventTable, CacheError> {
    let path = cache_path(project_path, link);
    let io = |message: String| CacheError::Io {
        path: path.clone(),
        message,
    };
    let stale = |reason: &str| CacheError::Stale {
        path: path.clone(),
        reason: reason.to_owned(),
    };
    let file = File::open(&path).map_err(|e| io(e.to_string()))?;
    let reader = arrow_ipc::reader::FileReader::try_new(BufReader::new(file), None)
        .map_err(|e| io(e.to_string()))?;
    let schema = reader.schema();
    let metadata = schema.metadata();
    if metadata.get("faultline:cache_version").map(String::as_str) != Some(CACHE_VERSION) {
        return Err(stale("another cache version"));
    }
    if metadata.get("faultline:checksum") != Some(&link.checksum) {
        return Err(stale("made from another source file"));
    }
    let mut table = EventTable::default();
    for batch in reader {
        let batch = batch.map_err(|e| io(e.to_string()))?;
        append(&mut table, &batch).ok_or_else(|| stale("unexpected columns"))?;
    }
    if !table.is_consistent() {
        return Err(stale("columns of different lengths"));
    }
    Ok(table)
}

fn append(table: &mut EventTable, batch: &RecordBatch) -> Option<()> {
    if !table.lon.is_empty() {
        // One batch per cache is what write_cache makes; more means someone else's file.
        return None;
    }
    let column = |i: usize| batch.column(i).as_any();
    table.lon = column(0).downcast_ref::<Float64Array>()?.values().to_vec();
    table.lat = column(1).downcast_ref::<Float64Array>()?.values().to_vec();
    table.day_start = column(2).downcast_ref::<Int32Array>()?.values().to_vec();
    table.day_end = column(3).downcast_ref::<Int32Array>()?.values().to_vec();
    table.line = column(4).downcast_ref::<UInt64Array>()?.values().to_vec();
    let schema = batch.schema();
    for (index, field) in schema.fields().iter().enumerate().skip(CORE.len()) {
        let role = field
            .metadata()
            .get("faultline:role")
            .and_then(|r| serde_json::from_value(serde_json::Value::String(r.clone())).ok());
        table.fields.push(Field {
            name: field.name().clone(),
            role,
            column: from_arrow(batch.column(index))?,
        });
    }
    Some(())
}
