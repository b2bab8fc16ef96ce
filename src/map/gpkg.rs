//! GeoPackages (OGC 12-128r18) as layers: every feature table listed in `gpkg_contents`
//! (`data_type = 'features'`) with its geometry column from `gpkg_geometry_columns`, in one
//! layer whose features carry their table as `layer` and, when there are several tables, as
//! `folder` (the layer's groups, as KML Folders are). Tile and attribute tables are named in
//! the layer's warnings.
//!
//! Geometry blobs are a GeoPackage header (`GP`, version, flags, srs_id, optional envelope)
//! followed by WKB, read with the `wkb` crate; Z and M are dropped, empty geometries are counted
//! as features without geometry. The CRS of each table comes from `gpkg_spatial_ref_sys` (its
//! organization's code, else its WKT definition), read by the rules of
//! [`DeclaredCrs::from_wkt`]: WGS 84 lon/lat is drawn, Web Mercator reprojected, anything else
//! refused by name.

use std::path::Path;

use std::collections::{BTreeMap, BTreeSet};

use geo::{BoundingRect, Coord, Geometry, MapCoordsInPlace};
use geo_traits::to_geo::ToGeoGeometry;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::{Map, Number, Value};

use super::crs::{DeclaredCrs, web_mercator_to_lon_lat};
use super::vector_layer::{
    GeoJsonKind, GeoJsonSummary, GeometryKind, MAX_LONGITUDE, VectorFeature, VectorLayer,
    union_bbox,
};

/// Why a GeoPackage cannot be shown; the caller prefixes the file.
#[derive(Debug, thiserror::Error)]
pub enum GpkgError {
    #[error("cannot open it as a GeoPackage (SQLite): {0}")]
    Open(String),
    #[error("this SQLite database has no gpkg_contents table, so it is not a GeoPackage")]
    NotGeoPackage,
    #[error("the GeoPackage is damaged or unreadable ({0})")]
    Corrupt(String),
    #[error("the GeoPackage holds no feature tables{}", tables_note(.others))]
    NoFeatures { others: Vec<String> },
    #[error(
        "table {table}: its coordinate system is {crs}, which Faultline does not reproject \
         (it reads WGS 84 longitude/latitude and Web Mercator, EPSG:3857); reproject it first, \
         e.g. `ogr2ogr -t_srs EPSG:4326 out.gpkg in.gpkg`"
    )]
    UnsupportedCrs { table: String, crs: String },
    #[error(
        "table {table}: the coordinate system is undefined and the coordinates are not \
         longitude/latitude; reproject it, e.g. `ogr2ogr -s_srs EPSG:XXXX -t_srs EPSG:4326 \
         out.gpkg in.gpkg`"
    )]
    UnknownCrs { table: String },
}

fn tables_note(others: &[String]) -> String {
    if others.is_empty() {
        String::new()
    } else {
        format!(
            " (only {}, which are not drawn as layers)",
            others.join(", ")
        )
    }
}

fn corrupt(error: rusqlite::Error) -> GpkgError {
    GpkgError::Corrupt(error.to_string())
}

/// A feature table of the GeoPackage.
struct FeatureTable {
    name: String,
    geometry_column: String,
    srs_id: i64,
}

/// Reads a GeoPackage file into a layer called `name`.
pub fn read_geopackage(path: &Path, name: &str) -> Result<VectorLayer, GpkgError> {
    let read = read_tables(path, true)?;
    Ok(VectorLayer {
        name: name.to_owned(),
        bbox: read.bbox,
        features: read.features,
        kind: GeoJsonKind::FeatureCollection,
        features_without_geometry: read.without_geometry,
        warnings: read.warnings,
    })
}

/// What [`read_geopackage`]'s layer would summarise to, with its warnings: every feature is
/// decoded and checked, none kept (for `faultline check`).
pub fn summarise_geopackage(path: &Path) -> Result<(GeoJsonSummary, Vec<String>), GpkgError> {
    let read = read_tables(path, false)?;
    let drawn: usize = read.kinds.values().sum();
    let summary = GeoJsonSummary {
        kind: GeoJsonKind::FeatureCollection,
        features: drawn + read.without_geometry,
        features_without_geometry: read.without_geometry,
        geometry_types: read.kinds,
        bbox: read.bbox,
        property_names: read.property_names,
    };
    Ok((summary, read.warnings))
}

/// Features of one table or of all: kept, or only counted by kind (then with their
/// properties' names).
#[derive(Default)]
struct TableFeatures {
    features: Vec<VectorFeature>,
    kinds: BTreeMap<GeometryKind, usize>,
    property_names: BTreeSet<String>,
    without_geometry: usize,
    bbox: Option<[f64; 4]>,
    warnings: Vec<String>,
}

impl TableFeatures {
    fn append(&mut self, mut other: TableFeatures) {
        self.features.append(&mut other.features);
        for (kind, count) in other.kinds {
            *self.kinds.entry(kind).or_insert(0) += count;
        }
        self.property_names.append(&mut other.property_names);
        self.without_geometry += other.without_geometry;
        self.bbox = union_bbox(self.bbox, other.bbox);
    }
}

fn read_tables(path: &Path, keep: bool) -> Result<TableFeatures, GpkgError> {
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| GpkgError::Open(error.to_string()))?;
    let has_contents: bool = connection
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name = 'gpkg_contents'",
            [],
            |row| row.get::<_, i64>(0).map(|n| n > 0),
        )
        .map_err(corrupt)?;
    if !has_contents {
        return Err(GpkgError::NotGeoPackage);
    }

    let mut tables = Vec::new();
    let mut others = Vec::new();
    {
        let mut statement = connection
            .prepare(
                "SELECT c.table_name, c.data_type, g.column_name, g.srs_id \
                 FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g \
                 ON g.table_name = c.table_name ORDER BY c.rowid",
            )
            .map_err(corrupt)?;
        let mut rows = statement.query([]).map_err(corrupt)?;
        while let Some(row) = rows.next().map_err(corrupt)? {
            let table: String = row.get(0).map_err(corrupt)?;
            let data_type: String = row.get(1).map_err(corrupt)?;
            let column: Option<String> = row.get(2).map_err(corrupt)?;
            let srs_id: Option<i64> = row.get(3).map_err(corrupt)?;
            match (data_type.as_str(), column) {
                ("features", Some(geometry_column)) => tables.push(FeatureTable {
                    name: table,
                    geometry_column,
                    srs_id: srs_id.unwrap_or(0),
                }),
                ("features", None) => {
                    others.push(format!("{table} (features without a geometry column)"));
                }
                _ => others.push(format!("{table} ({data_type})")),
            }
        }
    }
    if tables.is_empty() {
        return Err(GpkgError::NoFeatures { others });
    }

    let grouped = tables.len() > 1;
    let mut all = TableFeatures::default();
    let mut warnings = Vec::new();
    if !others.is_empty() {
        warnings.push(format!(
            "not drawn: {} (only feature tables are layers)",
            others.join(", ")
        ));
    }
    let mut refused = None;
    for table in &tables {
        let crs = table_crs(&connection, table.srs_id)?;
        let crs = match crs {
            Some(DeclaredCrs::Other(crs)) => {
                let error = GpkgError::UnsupportedCrs {
                    table: table.name.clone(),
                    crs,
                };
                warnings.push(format!("not drawn: {error}"));
                refused.get_or_insert(error);
                continue;
            }
            other => other,
        };
        let mercator = crs == Some(DeclaredCrs::WebMercator);
        let read = read_table(&connection, table, grouped, mercator, keep, &mut warnings)?;
        if let Some([west, south, east, north]) = read.bbox {
            let lon_lat =
                west >= -MAX_LONGITUDE && east <= MAX_LONGITUDE && south >= -90.0 && north <= 90.0;
            if !lon_lat {
                let error = GpkgError::UnknownCrs {
                    table: table.name.clone(),
                };
                warnings.push(format!("not drawn: {error}"));
                refused.get_or_insert(error);
                continue;
            }
            if crs.is_none() {
                warnings.push(format!(
                    "table {}: the coordinate system is undefined; the coordinates are taken as \
                     WGS 84 longitude/latitude",
                    table.name
                ));
            }
        }
        all.append(read);
    }
    if let Some(error) = refused
        && all.features.is_empty()
        && all.kinds.is_empty()
        && all.without_geometry == 0
    {
        return Err(error);
    }
    all.warnings = warnings;
    Ok(all)
}

/// The CRS of an srs_id: `None` when undefined (srs_id 0 and -1, "undefined geographic" and
/// "undefined Cartesian" by the standard).
fn table_crs(connection: &Connection, srs_id: i64) -> Result<Option<DeclaredCrs>, GpkgError> {
    let row = connection.query_row(
        "SELECT srs_name, organization, organization_coordsys_id, definition \
         FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
        [srs_id],
        |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<i64>>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        },
    );
    let (srs_name, organization, code, definition) = match row {
        Ok(row) => row,
        Err(rusqlite::Error::QueryReturnedNoRows) if matches!(srs_id, 0 | -1) => return Ok(None),
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Ok(Some(DeclaredCrs::Other(format!(
                "srs_id {srs_id}, which gpkg_spatial_ref_sys does not define"
            ))));
        }
        Err(error) => return Err(corrupt(error)),
    };
    if matches!(srs_id, 0 | -1) {
        return Ok(None);
    }
    let organization = organization.unwrap_or_default();
    let authority = code.map(|code| format!("{}:{code}", organization.trim().to_ascii_uppercase()));
    if let Some(authority) = &authority {
        let crs = DeclaredCrs::from_name(authority);
        if matches!(crs, DeclaredCrs::LonLat | DeclaredCrs::WebMercator) {
            return Ok(Some(crs));
        }
    }
    let from_definition = definition
        .as_deref()
        .filter(|d| !d.trim().is_empty() && !d.trim().eq_ignore_ascii_case("undefined"))
        .map(DeclaredCrs::from_wkt);
    Ok(Some(match from_definition {
        Some(crs @ (DeclaredCrs::LonLat | DeclaredCrs::WebMercator)) => crs,
        other => {
            let name = srs_name.filter(|n| !n.trim().is_empty());
            DeclaredCrs::Other(match (name, authority, other) {
                (Some(name), Some(authority), _) => format!("\"{name}\" ({authority})"),
                (Some(name), None, _) => format!("\"{name}\""),
                (None, _, Some(DeclaredCrs::Other(wkt))) => wkt,
                (None, Some(authority), _) => authority,
                (None, None, _) => format!("srs_id {srs_id}"),
            })
        }
    }))
}

/// Quotes an SQL identifier.
fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

fn read_table(
    connection: &Connection,
    table: &FeatureTable,
    grouped: bool,
    mercator: bool,
    keep: bool,
    warnings: &mut Vec<String>,
) -> Result<TableFeatures, GpkgError> {
    // Column types (booleans are integers declared BOOLEAN) and the primary key (the feature id).
    let mut primary_key = None;
    let mut booleans = Vec::new();
    {
        let mut statement = connection
            .prepare(&format!("PRAGMA table_info({})", quoted(&table.name)))
            .map_err(corrupt)?;
        let mut rows = statement.query([]).map_err(corrupt)?;
        while let Some(row) = rows.next().map_err(corrupt)? {
            let column: String = row.get(1).map_err(corrupt)?;
            let declared: String = row
                .get::<_, Option<String>>(2)
                .map_err(corrupt)?
                .unwrap_or_default();
            let pk: i64 = row.get(5).map_err(corrupt)?;
            if pk == 1 {
                primary_key = Some(column.clone());
            }
            if declared.eq_ignore_ascii_case("BOOLEAN") {
                booleans.push(column);
            }
        }
    }
    let mut statement = connection
        .prepare(&format!("SELECT * FROM {}", quoted(&table.name)))
        .map_err(corrupt)?;
    let names: Vec<String> = statement.column_names().map(str::to_owned).collect();
    let geometry_index = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(&table.geometry_column));
    let id_index = primary_key
        .as_ref()
        .and_then(|pk| names.iter().position(|n| n.eq_ignore_ascii_case(pk)));
    let is_boolean: Vec<bool> = names
        .iter()
        .map(|n| booleans.iter().any(|b| b.eq_ignore_ascii_case(n)))
        .collect();
    let mut read = TableFeatures::default();
    let mut bad_geometry: Option<(usize, String)> = None;
    let mut bad_count = 0;
    let mut blobs = false;
    let mut rows = statement.query([]).map_err(corrupt)?;
    let mut index = 0usize;
    while let Some(row) = rows.next().map_err(corrupt)? {
        index += 1;
        let mut properties = Map::new();
        let mut id = None;
        let mut geometry = None;
        for (column, name) in names.iter().enumerate() {
            let value = row.get_ref(column).map_err(corrupt)?;
            if Some(column) == geometry_index {
                match value {
                    ValueRef::Blob(blob) => match gpkg_geometry(blob) {
                        Ok(g) => geometry = g,
                        Err(reason) => {
                            bad_count += 1;
                            bad_geometry.get_or_insert((index, reason));
                        }
                    },
                    ValueRef::Null => {}
                    _ => {
                        bad_count += 1;
                        bad_geometry.get_or_insert((index, "the geometry is not a blob".into()));
                    }
                }
                continue;
            }
            if Some(column) == id_index {
                id = match value {
                    ValueRef::Integer(n) => Some(n.to_string()),
                    ValueRef::Text(text) => Some(String::from_utf8_lossy(text).into_owned()),
                    _ => None,
                };
                continue;
            }
            let value = match value {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) if is_boolean[column] => Value::Bool(n != 0),
                ValueRef::Integer(n) => Value::Number(n.into()),
                ValueRef::Real(n) => Number::from_f64(n).map_or(Value::Null, Value::Number),
                ValueRef::Text(text) => Value::String(String::from_utf8_lossy(text).into_owned()),
                ValueRef::Blob(_) => {
                    blobs = true;
                    continue;
                }
            };
            properties.insert(name.clone(), value);
        }
        properties
            .entry("layer")
            .or_insert_with(|| Value::String(table.name.clone()));
        if grouped {
            properties
                .entry("folder")
                .or_insert_with(|| Value::String(table.name.clone()));
        }
        let Some(mut geometry) = geometry else {
            read.without_geometry += 1;
            continue;
        };
        if mercator {
            geometry.map_coords_in_place(|Coord { x, y }| {
                let [x, y] = web_mercator_to_lon_lat(x, y);
                Coord { x, y }
            });
        }
        let bbox = geometry
            .bounding_rect()
            .map(|rect| [rect.min().x, rect.min().y, rect.max().x, rect.max().y]);
        read.bbox = union_bbox(read.bbox, bbox);
        if keep {
            read.features.push(VectorFeature {
                geometry,
                properties,
                id,
            });
        } else {
            *read.kinds.entry(GeometryKind::of(&geometry)).or_insert(0) += 1;
            if read.property_names.is_empty() {
                read.property_names
                    .extend(properties.into_iter().map(|(name, _)| name));
            }
        }
    }
    if let Some((row, reason)) = bad_geometry {
        warnings.push(format!(
            "table {}: {bad_count} features with unreadable geometry are not drawn (the first, \
             row {row}: {reason})",
            table.name
        ));
    }
    if blobs {
        warnings.push(format!(
            "table {}: binary (BLOB) attribute columns are not kept",
            table.name
        ));
    }
    read.without_geometry += bad_count;
    Ok(read)
}

/// A GeoPackage geometry blob: `None` for an empty geometry.
pub fn gpkg_geometry(blob: &[u8]) -> Result<Option<Geometry<f64>>, String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("not a GeoPackage geometry (no GP header)".to_owned());
    }
    let flags = blob[3];
    if flags & 0b0010_0000 != 0 {
        return Err("an extended (non-standard) geometry type".to_owned());
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => return Err(format!("an invalid envelope code {other}")),
    };
    let Some(wkb) = blob.get(8 + envelope..) else {
        return Err("the blob ends inside its header".to_owned());
    };
    if flags & 0b0001_0000 != 0 {
        return Ok(None);
    }
    let geometry = wkb::reader::read_wkb(wkb).map_err(|error| format!("bad WKB: {error}"))?;
    Ok(geometry.try_to_geometry())
}
