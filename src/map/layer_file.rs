//! One entry point for a file given as a layer: it tells what the file is by its contents (and
//! name) and hands it to the reader of its kind. A new format is one reader module and one line
//! in [`load_layer_file`]; a file no reader takes is named by what it is, with what to do.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::gpkg::{GpkgError, read_geopackage, summarise_geopackage};
use super::kml::{KmlError, parse_kml, parse_kmz};
use super::shp::{ShapefileError, ShapefileParts, ShpSource, parse_shapefile, summarise_shapefile};
use super::vector_layer::{GeoJsonError, GeoJsonSummary, VectorLayer, bbox_of, parse_geojson};

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
    /// A Shapefile (`member` is the `.shp` inside a zip, when it came from one).
    #[error("{}{}: {source}", .file.display(), InZip(.member.as_deref()))]
    Shapefile {
        file: PathBuf,
        member: Option<String>,
        source: ShapefileError,
    },
    #[error("{}: {source}", .file.display())]
    GeoPackage { file: PathBuf, source: GpkgError },
    /// A zip archive that holds nothing Faultline reads, or cannot be unpacked.
    #[error("{}: {what}", .file.display())]
    Zip { file: PathBuf, what: String },
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
/// Shapefiles and GeoPackages are read from the file as they are decoded; other files are read
/// whole first.
pub fn load_layer_file(path: &Path) -> Result<VectorLayer, LayerFileError> {
    let read_error = |source| LayerFileError::Read {
        file: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if !has_extension(path, &SHAPEFILE_SIDECARS) {
        match LayerFileKind::of(&bytes, path) {
            LayerFileKind::Shapefile => {
                let len = file.metadata().map_err(read_error)?.len();
                let shp = ShpSource::File { file: &file, len };
                return load_shapefile(shp, path);
            }
            LayerFileKind::GeoPackage => return load_geopackage(path),
            _ => {}
        }
    }
    // Read the rest straight into place (growing the buffer by doubling would copy it).
    let size = file.metadata().map_or(0, |m| m.len());
    bytes.reserve(
        usize::try_from(size)
            .unwrap_or(0)
            .saturating_sub(bytes.len()),
    );
    file.read_to_end(&mut bytes).map_err(read_error)?;
    load_layer_bytes(&bytes, path)
}

/// What [`load_layer_file`]'s layer would summarise to, with its warnings. A Shapefile is
/// decoded and checked whole but not kept (memory stays small however large it is); other files
/// are loaded.
pub fn summarise_layer_file(path: &Path) -> Result<(GeoJsonSummary, Vec<String>), LayerFileError> {
    let read_error = |source| LayerFileError::Read {
        file: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut head = Vec::new();
    (&file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    let kind = LayerFileKind::of(&head, path);
    if kind == LayerFileKind::GeoPackage {
        return summarise_geopackage(path).map_err(|source| LayerFileError::GeoPackage {
            file: path.to_path_buf(),
            source,
        });
    }
    if !has_extension(path, &SHAPEFILE_SIDECARS) && kind == LayerFileKind::Shapefile {
        let len = file.metadata().map_err(read_error)?.len();
        let parts = shapefile_beside(ShpSource::File { file: &file, len }, path)?;
        return summarise_shapefile(&parts, &stem_of(path)).map_err(|source| {
            LayerFileError::Shapefile {
                file: path.to_path_buf(),
                member: None,
                source,
            }
        });
    }
    let layer = load_layer_file(path)?;
    Ok((layer.summary(), layer.warnings))
}

/// Enough of a file's start to tell its kind (a project is told from the whole text).
const SNIFF_BYTES: u64 = 64 * 1024;

fn load_geopackage(path: &Path) -> Result<VectorLayer, LayerFileError> {
    read_geopackage(path, &stem_of(path)).map_err(|source| LayerFileError::GeoPackage {
        file: path.to_path_buf(),
        source,
    })
}

fn load_shapefile(shp: ShpSource<'_>, path: &Path) -> Result<VectorLayer, LayerFileError> {
    let name = stem_of(path);
    let parts = shapefile_beside(shp, path)?;
    parse_shapefile(&parts, &name, &name).map_err(|source| LayerFileError::Shapefile {
        file: path.to_path_buf(),
        member: None,
        source,
    })
}

fn stem_of(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// [`load_layer_file`] for a file already read: `bytes` are its contents. A Shapefile's other
/// files and a GeoPackage are read from beside `path`.
pub fn load_layer_bytes(bytes: &[u8], path: &Path) -> Result<VectorLayer, LayerFileError> {
    let name = stem_of(path);
    let foreign = |what: &str| LayerFileError::Foreign {
        file: path.to_path_buf(),
        what: what.to_owned(),
    };
    let kml_error = |source| LayerFileError::Kml {
        file: path.to_path_buf(),
        source,
    };
    if has_extension(path, &SHAPEFILE_SIDECARS) {
        return Err(foreign(
            "this is one of a Shapefile's files: add the .shp beside it (with its .shx, .dbf \
             and .prj), or a .zip of them all",
        ));
    }
    match LayerFileKind::of(bytes, path) {
        LayerFileKind::GeoJson => {
            Ok(parse_geojson(bytes, &name).map_err(|error| error.in_file(path))?)
        }
        LayerFileKind::FaultlineProject => Err(foreign(
            "this is a Faultline project, not a layer: open it with File › Open (or give it as the project)",
        )),
        LayerFileKind::Kml => parse_kml(bytes, &name).map_err(kml_error),
        LayerFileKind::Zip if is_kmz(bytes, path) => parse_kmz(bytes, &name).map_err(kml_error),
        LayerFileKind::Zip => load_zip(bytes, path, &name),
        LayerFileKind::GeoPackage => load_geopackage(path),
        LayerFileKind::Shapefile => load_shapefile(ShpSource::Bytes(bytes), path),
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

/// The files that come with a `.shp`, which are not layers on their own.
const SHAPEFILE_SIDECARS: [&str; 7] = ["shx", "dbf", "prj", "cpg", "sbn", "sbx", "qix"];

/// `" › member"` after a zip's path, when an error is about a file inside it.
struct InZip<'a>(Option<&'a str>);

impl std::fmt::Display for InZip<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(member) => write!(f, " › {member}"),
            None => Ok(()),
        }
    }
}

/// A `.shp` and the files beside it with the same stem (any case of the extension).
fn shapefile_beside<'a>(
    shp: ShpSource<'a>,
    path: &Path,
) -> Result<ShapefileParts<'a>, LayerFileError> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let directory = path.parent().filter(|p| !p.as_os_str().is_empty());
    let siblings: Vec<PathBuf> = std::fs::read_dir(directory.unwrap_or(Path::new(".")))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()) == stem)
                .collect()
        })
        .unwrap_or_default();
    let read = |extension: &str| -> Result<Option<Vec<u8>>, LayerFileError> {
        let Some(found) = siblings.iter().find(|p| has_extension(p, &[extension])) else {
            return Ok(None);
        };
        std::fs::read(found)
            .map(Some)
            .map_err(|source| LayerFileError::Read {
                file: found.clone(),
                source,
            })
    };
    let text = |bytes: Option<Vec<u8>>| bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
    Ok(ShapefileParts {
        shp,
        shx: read("shx")?,
        dbf: read("dbf")?,
        prj: text(read("prj")?),
        cpg: text(read("cpg")?),
    })
}

/// Largest file unpacked from a zip (a guard against zip bombs): 4 GiB.
const MAX_ZIP_MEMBER: u64 = 4 << 30;

/// A zip that is not a KMZ: its Shapefiles (several become one layer, a group each), else its
/// first GeoJSON file.
fn load_zip(bytes: &[u8], path: &Path, name: &str) -> Result<VectorLayer, LayerFileError> {
    let zip_error = |what: String| LayerFileError::Zip {
        file: path.to_path_buf(),
        what,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| zip_error(format!("the zip archive cannot be opened ({e})")))?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(std::borrow::Cow::into_owned)
        .filter(|n| {
            !n.ends_with('/')
                && !n.starts_with("__MACOSX/")
                && !n
                    .rsplit('/')
                    .next()
                    .is_some_and(|base| base.starts_with("._"))
        })
        .collect();
    if names.is_empty() {
        return Err(zip_error("the zip archive is empty".to_owned()));
    }
    let mut read = |member: &str| -> Result<Vec<u8>, LayerFileError> {
        let entry = archive
            .by_name(member)
            .map_err(|e| zip_error(format!("{member} cannot be read ({e})")))?;
        if entry.size() > MAX_ZIP_MEMBER {
            return Err(zip_error(format!(
                "{member} unpacks to {} bytes, more than Faultline reads from a zip",
                entry.size()
            )));
        }
        let mut contents = Vec::new();
        entry
            .take(MAX_ZIP_MEMBER)
            .read_to_end(&mut contents)
            .map_err(|e| zip_error(format!("{member} cannot be unpacked ({e})")))?;
        Ok(contents)
    };
    let lower = |n: &String| n.to_ascii_lowercase();
    let shps: Vec<&String> = names
        .iter()
        .filter(|n| lower(n).ends_with(".shp"))
        .collect();
    if !shps.is_empty() {
        let mut layers = Vec::new();
        for shp in &shps {
            let base = &shp[..shp.len() - 4];
            let sibling = |extension: &str| {
                names
                    .iter()
                    .find(|n| lower(n) == format!("{}.{extension}", base.to_ascii_lowercase()))
                    .cloned()
            };
            let text =
                |bytes: Option<Vec<u8>>| bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
            let shp_bytes = read(shp)?;
            let mut member = |extension: &str| -> Result<Option<Vec<u8>>, LayerFileError> {
                sibling(extension).map(|n| read(&n)).transpose()
            };
            let parts = ShapefileParts {
                shp: ShpSource::Bytes(&shp_bytes),
                shx: member("shx")?,
                dbf: member("dbf")?,
                prj: text(member("prj")?),
                cpg: text(member("cpg")?),
            };
            let stem = base.rsplit('/').next().unwrap_or(base).to_owned();
            let layer = parse_shapefile(&parts, name, &stem).map_err(|source| {
                LayerFileError::Shapefile {
                    file: path.to_path_buf(),
                    member: Some((*shp).clone()),
                    source,
                }
            })?;
            layers.push((stem, layer));
        }
        return Ok(merge(name, layers));
    }
    if let Some(geojson) = names
        .iter()
        .find(|n| lower(n).ends_with(".geojson") || lower(n).ends_with(".json"))
    {
        let contents = read(geojson)?;
        return parse_geojson(&contents, name)
            .map_err(|error| LayerFileError::GeoJson(error.in_file(&path.join(geojson))));
    }
    if let Some(gpkg) = names.iter().find(|n| lower(n).ends_with(".gpkg")) {
        return Err(zip_error(format!(
            "it holds the GeoPackage {gpkg}, which Faultline reads only unpacked: unzip it and \
             add the .gpkg"
        )));
    }
    let mut listed: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    if names.len() > 5 {
        listed.push("…");
    }
    Err(zip_error(format!(
        "the zip archive holds no Shapefile (.shp), KML or GeoJSON file (it holds {})",
        listed.join(", ")
    )))
}

/// Shapefiles from one zip as one layer: with several, each one's features carry its name as
/// `folder` (the layer's groups) and its warnings are prefixed by it.
fn merge(name: &str, mut layers: Vec<(String, VectorLayer)>) -> VectorLayer {
    if layers.len() == 1
        && let Some((_, layer)) = layers.pop()
    {
        return layer;
    }
    let mut features = Vec::new();
    let mut warnings = Vec::new();
    let mut without_geometry = 0;
    for (stem, layer) in layers {
        without_geometry += layer.features_without_geometry;
        warnings.extend(layer.warnings.into_iter().map(|w| format!("{stem}: {w}")));
        features.extend(layer.features.into_iter().map(|mut feature| {
            feature
                .properties
                .entry("folder")
                .or_insert_with(|| Value::String(stem.clone()));
            feature
        }));
    }
    VectorLayer {
        name: name.to_owned(),
        bbox: bbox_of(&features),
        features,
        kind: super::vector_layer::GeoJsonKind::FeatureCollection,
        features_without_geometry: without_geometry,
        warnings,
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
        let message = |name: &str, bytes: &[u8]| match load(name, bytes) {
            Err(error) => error.to_string(),
            Ok(_) => panic!("{name} was read"),
        };
        assert!(message("roads.zip", b"PK\x03\x04rest").contains("zip archive cannot be opened"));
        assert!(refusal("places.kml", b"\x00\x01binary").contains("not a KML file"));
        assert!(message("layer.gpkg", b"SQLite format 3\0rest").contains("GeoPackage"));
        assert!(message("roads.shp", &[0x00, 0x00, 0x27, 0x0a, 0, 0]).contains("not a shapefile"));
        assert!(refusal("roads.dbf", b"\x03rest").contains("add the .shp"));
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
