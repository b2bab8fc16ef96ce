//! Shapefiles and GeoPackages as layers, from fixtures written here: shapefiles with the
//! `shapefile`/`dbase` writers (and a `.prj`/`.cpg` written by hand), GeoPackages with rusqlite
//! by the OGC standard's tables.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use dbase::{FieldValue, Record, TableWriterBuilder};
use faultline::map::layer_file::load_layer_file;
use faultline::map::vector_layer::VectorLayer;
use geo::Geometry;
use serde_json::{Value, json};
use shapefile::{Point, Polygon, PolygonRing};

const ESRI_WGS84: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
const ESRI_WEB_MERCATOR: &str = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]"#;
const OGC_PSEUDO_MERCATOR: &str = r#"PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["X",EAST],AXIS["Y",NORTH],AUTHORITY["EPSG","3857"]]"#;
const ESRI_UTM_42N: &str = r#"PROJCS["WGS_1984_UTM_Zone_42N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",69.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// Kabul in Web Mercator metres, as QGIS writes it.
const KABUL_3857: (f64, f64) = (7_704_143.66, 4_103_611.21);

fn field(name: &str) -> dbase::FieldName {
    name.try_into().expect("a field name")
}

/// Cities as points: name, population, founding date, capital or not.
fn write_cities(path: &Path, builder: TableWriterBuilder, cities: &[(&str, f64, f64)]) {
    let builder = builder
        .add_character_field(field("name"), 40)
        .add_numeric_field(field("pop"), 10, 0)
        .add_date_field(field("founded"))
        .add_logical_field(field("capital"));
    let mut writer = shapefile::Writer::from_path(path, builder).expect("writer");
    for (index, (name, x, y)) in cities.iter().enumerate() {
        let mut record = Record::default();
        record.insert("name".into(), FieldValue::Character(Some((*name).into())));
        record.insert(
            "pop".into(),
            FieldValue::Numeric(Some(1000.0 * (index + 1) as f64)),
        );
        record.insert(
            "founded".into(),
            FieldValue::Date(Some(dbase::Date::new(1, 6, 1747).expect("a date"))),
        );
        record.insert("capital".into(), FieldValue::Logical(Some(index == 0)));
        writer
            .write_shape_and_record(&Point::new(*x, *y), &record)
            .expect("written");
    }
}

fn load(path: &Path) -> VectorLayer {
    load_layer_file(path).unwrap_or_else(|error| panic!("{} not read: {error}", path.display()))
}

fn refusal(path: &Path) -> String {
    match load_layer_file(path) {
        Ok(layer) => panic!(
            "{} was read: {} features",
            path.display(),
            layer.features.len()
        ),
        Err(error) => error.to_string(),
    }
}

fn point(layer: &VectorLayer, index: usize) -> (f64, f64) {
    match &layer.features[index].geometry {
        Geometry::Point(p) => (p.x(), p.y()),
        other => panic!("not a point: {other:?}"),
    }
}

#[test]
fn a_shapefile_of_points_keeps_its_typed_attributes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cities.shp");
    write_cities(
        &path,
        TableWriterBuilder::new(),
        &[("Kabul", 69.2075, 34.5553), ("Herat", 62.2, 34.34)],
    );
    std::fs::write(path.with_extension("prj"), ESRI_WGS84).expect("prj");
    let layer = load(&path);
    assert_eq!(layer.name, "cities");
    assert_eq!(layer.features.len(), 2);
    assert_eq!(layer.features[0].label(0), "Kabul");
    assert_eq!(
        Value::Object(layer.features[1].properties.clone()),
        json!({"name": "Herat", "pop": 2000, "founded": "1747-06-01", "capital": false})
    );
    assert_eq!(layer.features[0].properties["capital"], json!(true));
    assert_eq!(point(&layer, 1), (62.2, 34.34));
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
}

/// Appends a null shape to a written shapefile (the writer has no null shapes), with its index
/// entry, and fixes both headers' lengths.
fn append_null_shape(shp: &Path) {
    let record_number = {
        let shx = std::fs::read(shp.with_extension("shx")).expect("shx");
        (shx.len() - 100) / 8 + 1
    };
    let shp_len = std::fs::metadata(shp).expect("shp").len();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(shp)
        .expect("open shp");
    file.write_all(&(record_number as i32).to_be_bytes())
        .and_then(|()| file.write_all(&2i32.to_be_bytes()))
        .and_then(|()| file.write_all(&0i32.to_le_bytes()))
        .expect("null record");
    drop(file);
    let mut shx = std::fs::OpenOptions::new()
        .append(true)
        .open(shp.with_extension("shx"))
        .expect("open shx");
    shx.write_all(&((shp_len / 2) as i32).to_be_bytes())
        .and_then(|()| shx.write_all(&2i32.to_be_bytes()))
        .expect("index entry");
    drop(shx);
    for path in [shp.to_path_buf(), shp.with_extension("shx")] {
        let len = std::fs::metadata(&path).expect("len").len();
        assert_eq!(len % 2, 0);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open");
        file.seek(SeekFrom::Start(24)).expect("seek");
        file.write_all(&((len / 2) as i32).to_be_bytes())
            .expect("length");
    }
}

#[test]
fn null_shapes_are_skipped_and_counted_and_the_check_command_reports_the_layer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cities.shp");
    // Three rows for two points and a null shape appended by hand.
    {
        let builder = TableWriterBuilder::new().add_character_field(field("name"), 20);
        let mut table = builder
            .build_with_file_dest(path.with_extension("dbf"))
            .expect("dbf");
        let mut shapes = shapefile::ShapeWriter::from_path(&path).expect("shp");
        for (name, x, y) in [("Kabul", 69.2, 34.5), ("Herat", 62.2, 34.3)] {
            shapes.write_shape(&Point::new(x, y)).expect("shape");
            let mut record = Record::default();
            record.insert("name".into(), FieldValue::Character(Some(name.into())));
            table.write_record(&record).expect("row");
        }
        let mut record = Record::default();
        record.insert("name".into(), FieldValue::Character(Some("nowhere".into())));
        table.write_record(&record).expect("row");
    }
    append_null_shape(&path);
    std::fs::write(path.with_extension("prj"), ESRI_WGS84).expect("prj");
    let layer = load(&path);
    assert_eq!(layer.features.len(), 2);
    assert_eq!(layer.features_without_geometry, 1);
    assert_eq!(layer.summary().features, 3);

    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .arg("check")
        .arg(&path)
        .output()
        .expect("faultline check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("valid Shapefile, 3 features (2 Point, 1 without geometry), bbox 62.200,34.300,69.200,34.500"),
        "{stdout}"
    );
}

fn square(x0: f64, y0: f64, size: f64) -> Vec<Point> {
    vec![
        Point::new(x0, y0),
        Point::new(x0, y0 + size),
        Point::new(x0 + size, y0 + size),
        Point::new(x0 + size, y0),
        Point::new(x0, y0),
    ]
}

#[test]
fn polygon_holes_stay_holes_of_the_ring_around_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("districts.shp");
    let builder = TableWriterBuilder::new().add_character_field(field("name"), 20);
    let mut writer = shapefile::Writer::from_path(&path, builder).expect("writer");
    // One district with a hole; one of two parts, the hole in the second.
    let shapes = [
        Polygon::with_rings(vec![
            PolygonRing::Outer(square(60.0, 30.0, 10.0)),
            PolygonRing::Inner(square(63.0, 33.0, 2.0)),
        ]),
        Polygon::with_rings(vec![
            PolygonRing::Outer(square(40.0, 30.0, 5.0)),
            PolygonRing::Outer(square(50.0, 30.0, 5.0)),
            PolygonRing::Inner(square(51.0, 31.0, 1.0)),
        ]),
    ];
    for (index, shape) in shapes.iter().enumerate() {
        let mut record = Record::default();
        record.insert(
            "name".into(),
            FieldValue::Character(Some(format!("district {index}"))),
        );
        writer
            .write_shape_and_record(shape, &record)
            .expect("written");
    }
    drop(writer);
    std::fs::write(path.with_extension("prj"), ESRI_WGS84).expect("prj");
    let layer = load(&path);
    assert_eq!(layer.features.len(), 2);
    let Geometry::Polygon(first) = &layer.features[0].geometry else {
        panic!("a polygon: {:?}", layer.features[0].geometry);
    };
    assert_eq!(first.interiors().len(), 1);
    assert!(geo::Contains::contains(
        first,
        &geo::point!(x: 61.0, y: 31.0)
    ));
    assert!(!geo::Contains::contains(
        first,
        &geo::point!(x: 64.0, y: 34.0)
    ));
    let Geometry::MultiPolygon(second) = &layer.features[1].geometry else {
        panic!("a multipolygon: {:?}", layer.features[1].geometry);
    };
    assert_eq!(second.0.len(), 2);
    assert_eq!(second.0[0].interiors().len(), 0);
    assert_eq!(second.0[1].interiors().len(), 1);
    assert_eq!(layer.bbox, Some([40.0, 30.0, 70.0, 40.0]));
}

#[test]
fn a_web_mercator_shapefile_lands_on_kabul() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (stem, prj) in [("esri", ESRI_WEB_MERCATOR), ("ogc", OGC_PSEUDO_MERCATOR)] {
        let path = dir.path().join(format!("{stem}.shp"));
        write_cities(
            &path,
            TableWriterBuilder::new(),
            &[("Kabul", KABUL_3857.0, KABUL_3857.1)],
        );
        std::fs::write(path.with_extension("prj"), prj).expect("prj");
        let layer = load(&path);
        let (lon, lat) = point(&layer, 0);
        assert!(
            (lon - 69.2075).abs() < 1e-3 && (lat - 34.5553).abs() < 1e-3,
            "{stem}: {lon}, {lat}"
        );
    }
}

#[test]
fn latin1_names_are_decoded_by_code_page_language_id_or_guess() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names = [("Hérat", 62.2, 34.34), ("Kâboul", 69.2, 34.5)];
    let decoded = |layer: &VectorLayer| -> Vec<String> {
        layer
            .features
            .iter()
            .map(|f| f.properties["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let latin1 = || {
        TableWriterBuilder::with_encoding(dbase::encoding::EncodingRs::from(
            encoding_rs::WINDOWS_1252,
        ))
    };
    // The language id the writer sets (0x03, Windows-1252).
    let by_id = dir.path().join("by_id.shp");
    write_cities(&by_id, latin1(), &names);
    let dbf = std::fs::read(by_id.with_extension("dbf")).expect("dbf");
    assert_eq!(dbf[29], 0x03);
    assert!(dbf.windows(5).any(|w| w == b"H\xe9rat"), "Latin-1 bytes");
    assert_eq!(decoded(&load(&by_id)), ["Hérat", "Kâboul"]);

    // No language id: a .cpg says so; without one, the bytes are not UTF-8, so Latin-1.
    let unmarked = |stem: &str| {
        let path = dir.path().join(format!("{stem}.shp"));
        write_cities(&path, latin1(), &names);
        let mut dbf = std::fs::read(path.with_extension("dbf")).expect("dbf");
        dbf[29] = 0;
        std::fs::write(path.with_extension("dbf"), dbf).expect("dbf");
        path
    };
    let with_cpg = unmarked("with_cpg");
    std::fs::write(with_cpg.with_extension("cpg"), "1252\n").expect("cpg");
    assert_eq!(decoded(&load(&with_cpg)), ["Hérat", "Kâboul"]);
    assert_eq!(decoded(&load(&unmarked("guessed"))), ["Hérat", "Kâboul"]);

    // UTF-8, as the writer's default and QGIS write it, with a .cpg saying UTF-8.
    let utf8 = dir.path().join("utf8.shp");
    write_cities(&utf8, TableWriterBuilder::new(), &names);
    std::fs::write(utf8.with_extension("cpg"), "UTF-8").expect("cpg");
    assert_eq!(decoded(&load(&utf8)), ["Hérat", "Kâboul"]);
}

#[test]
fn a_crs_faultline_cannot_draw_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let utm = dir.path().join("utm.shp");
    write_cities(
        &utm,
        TableWriterBuilder::new(),
        &[("Kabul", 516_000.0, 3_823_000.0)],
    );
    std::fs::write(utm.with_extension("prj"), ESRI_UTM_42N).expect("prj");
    let message = refusal(&utm);
    assert!(
        message.contains("utm.shp")
            && message.contains("WGS_1984_UTM_Zone_42N")
            && message.contains("ogr2ogr -t_srs EPSG:4326 out.shp in.shp"),
        "{message}"
    );

    // Without a .prj, metres are not taken for degrees…
    std::fs::remove_file(utm.with_extension("prj")).expect("removed");
    let message = refusal(&utm);
    assert!(
        message.contains("coordinate system is unknown") && message.contains("no .prj"),
        "{message}"
    );
    // …but degrees are read as degrees, with a note.
    let plain = dir.path().join("plain.shp");
    write_cities(&plain, TableWriterBuilder::new(), &[("Kabul", 69.2, 34.5)]);
    let layer = load(&plain);
    assert_eq!(point(&layer, 0), (69.2, 34.5));
    assert!(
        layer.warnings.iter().any(|w| w.contains("no .prj")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn broken_shapefiles_are_refused_with_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("roads.shp");
    let cities: Vec<(String, f64, f64)> = (0..50)
        .map(|i| (format!("c{i}"), 60.0 + f64::from(i) * 0.1, 30.0))
        .collect();
    let cities: Vec<(&str, f64, f64)> = cities
        .iter()
        .map(|(n, x, y)| (n.as_str(), *x, *y))
        .collect();
    write_cities(&path, TableWriterBuilder::new(), &cities);

    let whole = std::fs::read(&path).expect("shp");
    std::fs::write(&path, &whole[..whole.len() / 2]).expect("truncated");
    let message = refusal(&path);
    assert!(
        message.contains("roads.shp") && message.contains("truncated"),
        "{message}"
    );
    std::fs::write(&path, &whole[..60]).expect("truncated");
    assert!(refusal(&path).contains("100-byte header"));
    std::fs::write(&path, &whole).expect("whole again");
    assert_eq!(load(&path).features.len(), 50);

    std::fs::rename(path.with_extension("dbf"), dir.path().join("elsewhere.dbf")).expect("moved");
    let message = refusal(&path);
    assert!(
        message.contains("roads.shp") && message.contains(".dbf file is missing"),
        "{message}"
    );
    std::fs::rename(dir.path().join("elsewhere.dbf"), path.with_extension("dbf")).expect("back");
    std::fs::remove_file(path.with_extension("shx")).expect("removed");
    assert!(refusal(&path).contains(".shx file is missing"));

    // Given the .dbf instead of the .shp.
    assert!(refusal(&path.with_extension("dbf")).contains("add the .shp"));
}

fn zip_files(zip_path: &Path, files: &[(String, PathBuf)]) {
    let file = std::fs::File::create(zip_path).expect("zip");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, path) in files {
        zip.start_file(name.as_str(), options).expect("entry");
        zip.write_all(&std::fs::read(path).expect("read"))
            .expect("written");
    }
    zip.finish().expect("finished");
}

fn shapefile_members(dir: &Path, stem: &str, folder: &str) -> Vec<(String, PathBuf)> {
    ["shp", "shx", "dbf", "prj"]
        .iter()
        .map(|ext| {
            (
                format!("{folder}{stem}.{}", ext.to_uppercase()),
                dir.join(format!("{stem}.{ext}")),
            )
        })
        .collect()
}

#[test]
fn zipped_shapefiles_are_read_from_the_zip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cities = dir.path().join("cities.shp");
    write_cities(
        &cities,
        TableWriterBuilder::new(),
        &[("Kabul", KABUL_3857.0, KABUL_3857.1)],
    );
    std::fs::write(cities.with_extension("prj"), ESRI_WEB_MERCATOR).expect("prj");
    let towns = dir.path().join("towns.shp");
    write_cities(
        &towns,
        TableWriterBuilder::new(),
        &[("Herat", 62.2, 34.34), ("Kandahar", 65.7, 31.6)],
    );
    std::fs::write(towns.with_extension("prj"), ESRI_WGS84).expect("prj");

    // One shapefile in a folder of the zip, with upper-case extensions.
    let one = dir.path().join("kabul.zip");
    zip_files(&one, &shapefile_members(dir.path(), "cities", "data/"));
    let layer = load(&one);
    assert_eq!(layer.name, "kabul");
    let (lon, lat) = point(&layer, 0);
    assert!((lon - 69.2075).abs() < 1e-3 && (lat - 34.5553).abs() < 1e-3);

    // Two: one layer, a group each.
    let two = dir.path().join("both.zip");
    let mut members = shapefile_members(dir.path(), "cities", "");
    members.extend(shapefile_members(dir.path(), "towns", ""));
    zip_files(&two, &members);
    let layer = load(&two);
    assert_eq!(layer.features.len(), 3);
    assert_eq!(layer.groups(), ["cities", "towns"]);

    // A zip missing the .dbf names the member; an empty zip says it is empty.
    let broken = dir.path().join("broken.zip");
    let mut members = shapefile_members(dir.path(), "towns", "");
    members.retain(|(name, _)| !name.ends_with(".DBF"));
    zip_files(&broken, &members);
    let message = refusal(&broken);
    assert!(
        message.contains("broken.zip › towns.SHP") && message.contains(".dbf file is missing"),
        "{message}"
    );
    let empty = dir.path().join("empty.zip");
    zip_files(&empty, &[]);
    let message = refusal(&empty);
    assert!(
        message.contains("empty.zip") && message.contains("empty"),
        "{message}"
    );

    // A zipped GeoJSON is read too.
    let geojson = dir.path().join("place.geojson");
    std::fs::write(&geojson, r#"{"type":"Point","coordinates":[69.2,34.5]}"#).expect("geojson");
    let zipped = dir.path().join("place.zip");
    zip_files(&zipped, &[("place.geojson".into(), geojson)]);
    assert_eq!(point(&load(&zipped), 0), (69.2, 34.5));
}

// GeoPackages.

const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#;

/// The GeoPackage tables every file has (OGC 12-128r18 §1.1.2–1.1.3, §2.1.5).
fn new_geopackage(path: &Path) -> rusqlite::Connection {
    let db = rusqlite::Connection::open(path).expect("sqlite");
    db.execute_batch(&format!(
        "PRAGMA application_id = 1196444487;
         PRAGMA user_version = 10300;
         CREATE TABLE gpkg_spatial_ref_sys (
           srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', NULL),
           ('WGS 84 / Pseudo-Mercator', 3857, 'EPSG', 3857, '{}', NULL),
           ('WGS 84 / UTM zone 42N', 32642, 'EPSG', 32642, 'PROJCS[\"WGS 84 / UTM zone 42N\"]', NULL);
         CREATE TABLE gpkg_contents (
           table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
           srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (
           table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
           z TINYINT NOT NULL, m TINYINT NOT NULL,
           CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));",
        OGC_PSEUDO_MERCATOR.replace('\'', "''")
    ))
    .expect("GeoPackage tables");
    db
}

fn add_feature_table(db: &rusqlite::Connection, table: &str, geometry_type: &str, srs_id: i32) {
    db.execute_batch(&format!(
        "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
           geom {geometry_type}, name TEXT, population INTEGER, capital BOOLEAN, area REAL);
         INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
           VALUES ('{table}', 'features', '{table}', {srs_id});
         INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', '{geometry_type}', {srs_id}, 0, 0);"
    ))
    .expect("feature table");
}

/// A GeoPackage geometry blob: the GP header (little-endian, with an envelope when asked),
/// then little-endian WKB.
fn gp_blob(srs_id: i32, envelope: Option<[f64; 4]>, wkb: &[u8]) -> Vec<u8> {
    let flags = 0b0000_0001 | if envelope.is_some() { 0b0000_0010 } else { 0 };
    let mut blob = vec![b'G', b'P', 0, flags];
    blob.extend(srs_id.to_le_bytes());
    if let Some([min_x, max_x, min_y, max_y]) = envelope {
        for v in [min_x, max_x, min_y, max_y] {
            blob.extend(v.to_le_bytes());
        }
    }
    blob.extend(wkb);
    blob
}

fn wkb_point(x: f64, y: f64) -> Vec<u8> {
    let mut wkb = vec![1];
    wkb.extend(1u32.to_le_bytes());
    wkb.extend(x.to_le_bytes());
    wkb.extend(y.to_le_bytes());
    wkb
}

fn wkb_polygon(rings: &[Vec<(f64, f64)>]) -> Vec<u8> {
    let mut wkb = vec![1];
    wkb.extend(3u32.to_le_bytes());
    wkb.extend((rings.len() as u32).to_le_bytes());
    for ring in rings {
        wkb.extend((ring.len() as u32).to_le_bytes());
        for (x, y) in ring {
            wkb.extend(x.to_le_bytes());
            wkb.extend(y.to_le_bytes());
        }
    }
    wkb
}

fn ring(x0: f64, y0: f64, size: f64) -> Vec<(f64, f64)> {
    vec![
        (x0, y0),
        (x0 + size, y0),
        (x0 + size, y0 + size),
        (x0, y0 + size),
        (x0, y0),
    ]
}

#[test]
fn a_geopackage_gives_each_feature_table_as_a_group() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("afghanistan.gpkg");
    let db = new_geopackage(&path);
    add_feature_table(&db, "cities", "POINT", 4326);
    add_feature_table(&db, "provinces", "POLYGON", 3857);
    db.execute_batch(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
           VALUES ('imagery', 'tiles', 'imagery', 3857);",
    )
    .expect("tiles");
    let insert =
        "INSERT INTO cities (geom, name, population, capital, area) VALUES (?1, ?2, ?3, ?4, ?5)";
    db.execute(
        insert,
        rusqlite::params![
            gp_blob(
                4326,
                Some([69.2075, 69.2075, 34.5553, 34.5553]),
                &wkb_point(69.2075, 34.5553)
            ),
            "Kaboul",
            4_601_789,
            true,
            1028.24
        ],
    )
    .expect("Kabul");
    db.execute(
        insert,
        rusqlite::params![
            gp_blob(4326, None, &wkb_point(62.2, 34.34)),
            "Hérat",
            574_276,
            false,
            None::<f64>
        ],
    )
    .expect("Herat");
    // An empty geometry (flag bit 4) and a NULL one: features without geometry.
    let mut empty = gp_blob(4326, None, &wkb_point(f64::NAN, f64::NAN));
    empty[3] |= 0b0001_0000;
    db.execute(insert, rusqlite::params![empty, "nowhere", 0, false, 0.0])
        .expect("empty");
    db.execute(
        insert,
        rusqlite::params![None::<Vec<u8>>, "null", 0, false, 0.0],
    )
    .expect("null");
    // A province with a hole, in Web Mercator.
    let (x, y) = KABUL_3857;
    db.execute(
        "INSERT INTO provinces (geom, name) VALUES (?1, ?2)",
        rusqlite::params![
            gp_blob(
                3857,
                None,
                &wkb_polygon(&[
                    ring(x - 50_000.0, y - 50_000.0, 100_000.0),
                    ring(x - 10_000.0, y - 10_000.0, 20_000.0)
                ])
            ),
            "Kabul province"
        ],
    )
    .expect("province");
    drop(db);

    let layer = load(&path);
    assert_eq!(layer.name, "afghanistan");
    assert_eq!(layer.features.len(), 3);
    assert_eq!(layer.features_without_geometry, 2);
    assert_eq!(layer.groups(), ["cities", "provinces"]);
    let kabul = &layer.features[0];
    assert_eq!(kabul.id.as_deref(), Some("1"));
    assert_eq!(
        Value::Object(kabul.properties.clone()),
        json!({"name": "Kaboul", "population": 4_601_789, "capital": true, "area": 1028.24,
               "layer": "cities", "folder": "cities"})
    );
    assert_eq!(layer.features[1].label(1), "Hérat");
    assert_eq!(layer.features[1].properties["area"], Value::Null);
    let Geometry::Polygon(province) = &layer.features[2].geometry else {
        panic!("a polygon: {:?}", layer.features[2].geometry);
    };
    assert_eq!(province.interiors().len(), 1);
    // Kabul itself is in the hole; the province's ring is around it, in degrees.
    assert!(!geo::Contains::contains(
        province,
        &geo::point!(x: 69.2075, y: 34.5553)
    ));
    let rect = geo::BoundingRect::bounding_rect(province).expect("a box");
    let (west, south, east, north) = (rect.min().x, rect.min().y, rect.max().x, rect.max().y);
    assert!(
        west < 69.2 && east > 69.2 && south < 34.5 && north > 34.5 && east - west < 1.0,
        "{rect:?}"
    );
    assert!(
        layer.warnings.iter().any(|w| w.contains("imagery (tiles)")),
        "{:?}",
        layer.warnings
    );

    // `check` counts the same without keeping the features, and lists the tile table.
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .arg("check")
        .arg(&path)
        .output()
        .expect("faultline check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout} {stderr}");
    assert!(
        stdout.contains("valid GeoPackage, 5 features (2 Point, 1 Polygon, 2 without geometry)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning: not drawn: imagery (tiles)"),
        "{stderr}"
    );
}

#[test]
fn a_geopackage_in_a_crs_faultline_cannot_draw_or_a_damaged_one_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("utm.gpkg");
    let db = new_geopackage(&path);
    add_feature_table(&db, "roads", "POINT", 32642);
    db.execute(
        "INSERT INTO roads (geom, name) VALUES (?1, 'x')",
        [gp_blob(32642, None, &wkb_point(516_000.0, 3_823_000.0))],
    )
    .expect("feature");
    drop(db);
    let message = refusal(&path);
    assert!(
        message.contains("utm.gpkg")
            && message.contains("WGS 84 / UTM zone 42N")
            && message.contains("EPSG:32642")
            && message.contains("ogr2ogr"),
        "{message}"
    );

    let damaged = dir.path().join("damaged.gpkg");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend([0xAB; 4000]);
    std::fs::write(&damaged, bytes).expect("written");
    let message = refusal(&damaged);
    assert!(
        message.contains("damaged.gpkg") && message.contains("GeoPackage"),
        "{message}"
    );

    let plain = dir.path().join("plain.sqlite");
    drop(rusqlite::Connection::open(&plain).and_then(|db| db.execute_batch("CREATE TABLE t (a);")));
    assert!(refusal(&plain).contains("not a GeoPackage"));

    let tiles_only = dir.path().join("tiles.gpkg");
    let db = new_geopackage(&tiles_only);
    db.execute_batch(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('imagery', 'tiles', 'imagery');",
    )
    .expect("tiles");
    drop(db);
    let message = refusal(&tiles_only);
    assert!(
        message.contains("no feature tables") && message.contains("imagery (tiles)"),
        "{message}"
    );
}
