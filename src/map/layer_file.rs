//! One entry point for a file given as a layer: it tells what the file is by its contents (and
//! name) and hands it to the reader of its kind. A new format is one reader module and one line
//! in [`load_layer_file`]; a file no reader takes is named by what it is, with what to do.

use std::path::Path;

use super::kml::{KmlError, parse_kml, parse_kmz};
use super::vector_layer::{GeoJsonError, VectorLayer, parse_geojson};

/// Why a file could not be shown as a layer.
#[derive(Debug, thiserror::Error)]
pub enum LayerFileError {
    #[error("{}: cannot read the file: {source}", .file.display())]
    Read {
        file: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    GeoJson(#[from] GeoJsonError),
    #[error("{}: {source}", .file.display())]
    Kml {
        file: std::path::PathBuf,
        source: KmlError,
    },
    /// A file of another kind: what it is and what to do with it.
    #[error("{}: {what}", .file.display())]
    Foreign {
        file: std::path::PathBuf,
        what: String,
    },
}

/// What a file's first bytes (and its name) say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerFileKind {
    GeoJson,
    FaultlineProject,
    Kml,
    Zip,
    GeoPackage,
    Shapefile,
    Table,
    Unknown,
}

impl LayerFileKind {
    /// Sniffs the kind from the start of the file and its extension.
    pub fn of(bytes: &[u8], path: &Path) -> LayerFileKind {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if bytes.starts_with(b"PK\x03\x04") {
            return LayerFileKind::Zip;
        }
        if bytes.starts_with(b"SQLite format 3\0") {
            return LayerFileKind::GeoPackage;
        }
        if bytes.starts_with(&[0x00, 0x00, 0x27, 0x0a]) || extension == "shp" {
            return LayerFileKind::Shapefile;
        }
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let head = String::from_utf8_lossy(&text[..text.len().min(4096)]);
        let start = head.trim_start();
        if start.starts_with('<') {
            return if head.contains("<kml") || extension == "kml" {
                LayerFileKind::Kml
            } else {
                LayerFileKind::Unknown
            };
        }
        if start.starts_with('{') || start.starts_with('[') {
            let marker: &[u8] = b"\"faultline\"";
            // A project is a GeoJSON FeatureCollection with a top-level `faultline` object.
            let is_project = bytes.windows(marker.len()).any(|w| w == marker)
                && serde_json::from_slice::<serde_json::Value>(text)
                    .is_ok_and(|doc| doc.get("faultline").is_some_and(|m| m.is_object()));
            return if is_project {
                LayerFileKind::FaultlineProject
            } else {
                LayerFileKind::GeoJson
            };
        }
        let first_line = start.lines().next().unwrap_or_default();
        let looks_tabular = ["csv", "tsv", "txt"].contains(&extension.as_str())
            || first_line.matches(',').count() >= 2
            || first_line.matches('\t').count() >= 2;
        if looks_tabular {
            LayerFileKind::Table
        } else {
            LayerFileKind::Unknown
        }
    }
}

/// Reads a file as a map layer, by its kind; the layer is named after the file's stem.
pub fn load_layer_file(path: &Path) -> Result<VectorLayer, LayerFileError> {
    let bytes = std::fs::read(path).map_err(|source| LayerFileError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    let name = path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let foreign = |what: &str| LayerFileError::Foreign {
        file: path.to_path_buf(),
        what: what.to_owned(),
    };
    let kml_error = |source| LayerFileError::Kml {
        file: path.to_path_buf(),
        source,
    };
    let convert =
        "convert it to GeoJSON first, e.g. `ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson FILE`";
    match LayerFileKind::of(&bytes, path) {
        LayerFileKind::GeoJson => {
            Ok(parse_geojson(&bytes, &name).map_err(|error| error.in_file(path))?)
        }
        LayerFileKind::FaultlineProject => Err(foreign(
            "this is a Faultline project, not a layer: open it with File › Open (or give it as the project)",
        )),
        LayerFileKind::Kml => parse_kml(&bytes, &name).map_err(kml_error),
        LayerFileKind::Zip if is_kmz(&bytes, path) => parse_kmz(&bytes, &name).map_err(kml_error),
        LayerFileKind::Zip => Err(foreign(&format!(
            "this is a ZIP archive without a .kml document (a zipped Shapefile?), which Faultline does not read as a layer yet; {convert}"
        ))),
        LayerFileKind::GeoPackage => Err(foreign(&format!(
            "this is an SQLite database (a GeoPackage?), which Faultline does not read as a layer yet; {convert}"
        ))),
        LayerFileKind::Shapefile => Err(foreign(&format!(
            "this is an ESRI Shapefile, which Faultline does not read as a layer yet; {convert}"
        ))),
        LayerFileKind::Table => Err(foreign(
            "this looks like a CSV/TSV table, not a map layer: event tables are not imported yet",
        )),
        LayerFileKind::Unknown if has_extension(path, &["kml", "kmz"]) => Err(foreign(
            "this is not a KML file: it is not XML text (nor a zip, as a KMZ would be)",
        )),
        LayerFileKind::Unknown => Err(foreign(
            "this is not a GeoJSON file (nor a format Faultline recognises)",
        )),
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A zip is read as a KMZ when it is named so or holds a `.kml` document.
fn is_kmz(bytes: &[u8], path: &Path) -> bool {
    has_extension(path, &["kmz"])
        || zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok_and(|archive| {
            archive
                .file_names()
                .filter_map(Result::ok)
                .any(|n| n.to_ascii_lowercase().ends_with(".kml"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, bytes: &[u8]) -> Result<VectorLayer, LayerFileError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        load_layer_file(&path)
    }

    fn refusal(name: &str, bytes: &[u8]) -> String {
        match load(name, bytes) {
            Err(LayerFileError::Foreign { what, .. }) => what,
            other => panic!("{name} was not refused as foreign: {other:?}"),
        }
    }

    #[test]
    fn geojson_is_read_and_named_after_the_file() {
        let layer = load(
            "places.geojson",
            br#"{"type":"Point","coordinates":[69.2,34.5]}"#,
        )
        .expect("a layer");
        assert_eq!(layer.name, "places");
        assert_eq!(layer.features.len(), 1);
    }

    #[test]
    fn a_web_mercator_file_is_drawn_in_the_right_place_and_others_are_refused_by_name() {
        let qgis = br#"{"type":"FeatureCollection","name":"kabul",
            "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},
            "features":[{"type":"Feature","properties":{"name":"Kabul"},
            "geometry":{"type":"Point","coordinates":[7704143.66,4103611.21]}}]}"#;
        let layer = load("kabul.geojson", qgis).expect("reprojected");
        let geo::Geometry::Point(point) = &layer.features[0].geometry else {
            panic!("a point");
        };
        assert!((point.x() - 69.2075).abs() < 1e-3 && (point.y() - 34.5553).abs() < 1e-3);
        let utm = br#"{"type":"FeatureCollection",
            "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32642"}},
            "features":[]}"#;
        let Err(error) = load("utm.geojson", utm) else {
            panic!("a UTM file is refused");
        };
        let message = error.to_string();
        assert!(
            message.contains("EPSG::32642") && message.contains("ogr2ogr"),
            "{message}"
        );
    }

    #[test]
    fn foreign_files_are_named_by_what_they_are() {
        let kml = b"<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"></kml>";
        assert!(load("places.kml", kml).is_ok_and(|layer| layer.features.is_empty()));
        assert!(refusal("roads.zip", b"PK\x03\x04rest").contains("ZIP"));
        assert!(refusal("places.kml", b"\x00\x01binary").contains("not a KML file"));
        assert!(refusal("layer.gpkg", b"SQLite format 3\0rest").contains("GeoPackage"));
        assert!(refusal("roads.shp", &[0x00, 0x00, 0x27, 0x0a, 0, 0]).contains("Shapefile"));
        assert!(
            refusal(
                "events.csv",
                b"event_id,event_date,latitude,longitude\n1,2020-01-01,3,4\n"
            )
            .contains("CSV")
        );
        let project =
            br#"{"type":"FeatureCollection","features":[],"faultline":{"schema":1,"title":"x"}}"#;
        assert!(refusal("brief.geojson", project).contains("Faultline project"));
        assert!(refusal("notes.html", b"<html><body>hi</body></html>").contains("not a GeoJSON"));
    }

    #[test]
    fn a_missing_file_says_so() {
        let Err(error) = load_layer_file(Path::new("/nonexistent/places.geojson")) else {
            panic!("no such file");
        };
        assert!(
            error.to_string().contains("/nonexistent/places.geojson"),
            "{error}"
        );
    }
}
