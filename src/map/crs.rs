//! Coordinate reference systems that files declare: which ones Faultline reads, and the one
//! reprojection it does itself (Web/Pseudo-Mercator, which QGIS and web tools write), so a file
//! is either drawn in the right place or refused with its CRS named — never drawn wrong.

use serde_json::Value;

/// A CRS a file declares, as far as Faultline is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeclaredCrs {
    /// WGS 84 longitude/latitude (EPSG:4326 as GeoJSON writers use it, CRS84).
    LonLat,
    /// Web/Pseudo-Mercator metres (EPSG:3857 and its older codes 900913, 102100, 102113).
    WebMercator,
    /// Anything else, by the name the file gives.
    Other(String),
}

/// Radius of the sphere Web Mercator projects (metres).
const WEB_MERCATOR_RADIUS: f64 = 6_378_137.0;

impl DeclaredCrs {
    /// Reads a CRS name: an EPSG code in any of its spellings (`EPSG:3857`,
    /// `urn:ogc:def:crs:EPSG::3857`, `http://www.opengis.net/def/crs/EPSG/0/3857`) or OGC CRS84.
    pub fn from_name(name: &str) -> DeclaredCrs {
        let lower = name.trim().to_ascii_lowercase();
        if lower.ends_with("crs84") || lower.ends_with("crs:84") {
            return DeclaredCrs::LonLat;
        }
        let code = lower
            .rsplit([':', '/'])
            .next()
            .and_then(|last| last.parse::<u32>().ok());
        let names_epsg = lower.contains("epsg") || lower.contains("esri");
        match code {
            Some(4326) if names_epsg => DeclaredCrs::LonLat,
            Some(3857 | 900_913 | 102_100 | 102_113 | 3785) => DeclaredCrs::WebMercator,
            _ => DeclaredCrs::Other(name.trim().to_owned()),
        }
    }

    /// The CRS an old-style (2008) GeoJSON `crs` member names, if the document has one:
    /// `{"type": "name", "properties": {"name": "…"}}`. A `crs` of `null` means lon/lat.
    pub fn of_geojson(document: &Value) -> Option<DeclaredCrs> {
        DeclaredCrs::of_crs_member(document.get("crs")?)
    }

    /// The CRS a `crs` member's value names; `None` for `null` (lon/lat).
    pub fn of_crs_member(crs: &Value) -> Option<DeclaredCrs> {
        if crs.is_null() {
            return None;
        }
        let name = crs
            .get("properties")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str);
        Some(match name {
            Some(name) => DeclaredCrs::from_name(name),
            None => DeclaredCrs::Other(crs.to_string()),
        })
    }
}

impl DeclaredCrs {
    /// Reads the CRS a WKT text describes — a Shapefile's `.prj` (ESRI or OGC WKT 1) or a
    /// GeoPackage's `definition` (WKT 1 or 2) — by its names and authority codes only: WGS 84
    /// geographic is lon/lat, WGS 84 Web/Pseudo-Mercator is [`DeclaredCrs::WebMercator`], and
    /// anything else is [`DeclaredCrs::Other`] with the name (and code) the text gives.
    pub fn from_wkt(wkt: &str) -> DeclaredCrs {
        let text = wkt.trim().trim_start_matches('\u{feff}');
        let Some(root) = wkt_tree(text) else {
            return DeclaredCrs::Other(clip(text));
        };
        // A compound CRS (horizontal + vertical): the horizontal part decides.
        let root = match root.keyword.as_str() {
            "COMPD_CS" | "COMPOUNDCRS" => match root.children().next() {
                Some(horizontal) => horizontal,
                None => &root,
            },
            _ => &root,
        };
        let name = root.name().unwrap_or_default();
        let authority = root.authority();
        let label = match &authority {
            Some((body, code)) if !name.is_empty() => format!("\"{name}\" ({body}:{code})"),
            Some((body, code)) => format!("{body}:{code}"),
            None if !name.is_empty() => format!("\"{name}\""),
            None => clip(text),
        };
        if let Some((body, code)) = &authority {
            let crs = DeclaredCrs::from_name(&format!("{body}:{code}"));
            if crs != DeclaredCrs::Other(format!("{body}:{code}")) {
                return crs;
            }
            if body.eq_ignore_ascii_case("OGC") && code.eq_ignore_ascii_case("CRS84") {
                return DeclaredCrs::LonLat;
            }
        }
        // Without (or with a foreign) authority: the names ESRI and GDAL write.
        let plain = name.to_ascii_lowercase().replace(['_', '-'], " ");
        let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        match root.keyword.as_str() {
            "GEOGCS" | "GEOGCRS" | "GEOGRAPHICCRS" | "GEODCRS" | "GEODETICCRS"
                if authority.is_none()
                    && matches!(
                        plain.as_str(),
                        "wgs 84" | "wgs84" | "gcs wgs 1984" | "wgs 1984" | "wgs 84 (crs84)"
                    ) =>
            {
                DeclaredCrs::LonLat
            }
            "PROJCS" | "PROJCRS" | "PROJECTEDCRS"
                if authority.is_none()
                    && matches!(
                        plain.as_str(),
                        "wgs 84 / pseudo mercator"
                            | "wgs 1984 web mercator auxiliary sphere"
                            | "wgs 1984 web mercator"
                            | "popular visualisation pseudo mercator"
                            | "google maps global mercator"
                    ) =>
            {
                DeclaredCrs::WebMercator
            }
            _ => DeclaredCrs::Other(label),
        }
    }
}

/// A WKT node: `KEYWORD["name", 1.0, CHILD[...], ...]`.
#[derive(Debug)]
struct WktNode {
    keyword: String,
    items: Vec<WktItem>,
}

#[derive(Debug)]
enum WktItem {
    Text(String),
    Other(String),
    Node(WktNode),
}

impl WktNode {
    /// The first quoted string: the object's name.
    fn name(&self) -> Option<&str> {
        self.items.iter().find_map(|item| match item {
            WktItem::Text(text) => Some(text.as_str()),
            _ => None,
        })
    }

    fn children(&self) -> impl Iterator<Item = &WktNode> {
        self.items.iter().filter_map(|item| match item {
            WktItem::Node(node) => Some(node),
            _ => None,
        })
    }

    /// The node's own `AUTHORITY["EPSG","3857"]` (WKT 1) or `ID["EPSG",3857]` (WKT 2).
    fn authority(&self) -> Option<(String, String)> {
        let node = self
            .children()
            .filter(|child| child.keyword == "AUTHORITY" || child.keyword == "ID")
            .last()?;
        let mut values = node.items.iter().filter_map(|item| match item {
            WktItem::Text(text) | WktItem::Other(text) => Some(text.trim().to_owned()),
            WktItem::Node(_) => None,
        });
        Some((values.next()?, values.next()?))
    }
}

/// A long unparsed text, shortened for a message.
fn clip(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Parses WKT into its tree; `None` when it is not WKT. Brackets may be `[]` or `()`, strings
/// are double-quoted with `""` for a quote inside.
fn wkt_tree(text: &str) -> Option<WktNode> {
    let mut chars = text.char_indices().peekable();
    let node = wkt_node(text, &mut chars, 0)?;
    Some(node)
}

type WktChars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// Deep enough for any CRS (they nest 5 or 6 levels), shallow enough for any stack.
const MAX_WKT_DEPTH: usize = 32;

fn wkt_node(text: &str, chars: &mut WktChars<'_>, depth: usize) -> Option<WktNode> {
    if depth > MAX_WKT_DEPTH {
        return None;
    }
    skip_space(chars);
    let start = chars.peek()?.0;
    let mut end = start;
    while let Some(&(at, c)) = chars.peek() {
        if c.is_ascii_alphanumeric() || c == '_' {
            end = at + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    let keyword = text.get(start..end)?.to_ascii_uppercase();
    if keyword.is_empty() {
        return None;
    }
    skip_space(chars);
    let mut items = Vec::new();
    match chars.peek() {
        Some((_, '[' | '(')) => {
            chars.next();
        }
        // A bare keyword (WKT 2 enumerations like `north` are read as `Other`).
        _ => return Some(WktNode { keyword, items }),
    }
    loop {
        skip_space(chars);
        match chars.peek()?.1 {
            ']' | ')' => {
                chars.next();
                return Some(WktNode { keyword, items });
            }
            ',' => {
                chars.next();
            }
            '"' => {
                chars.next();
                let mut value = String::new();
                loop {
                    let (_, c) = chars.next()?;
                    if c == '"' {
                        if chars.peek().is_some_and(|&(_, next)| next == '"') {
                            chars.next();
                            value.push('"');
                        } else {
                            break;
                        }
                    } else {
                        value.push(c);
                    }
                }
                items.push(WktItem::Text(value));
            }
            c if c.is_ascii_alphabetic() => {
                let child = wkt_node(text, chars, depth + 1)?;
                if child.items.is_empty() {
                    items.push(WktItem::Other(child.keyword));
                } else {
                    items.push(WktItem::Node(child));
                }
            }
            _ => {
                let mut value = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if matches!(c, ',' | ']' | ')') || c.is_whitespace() {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
                if value.is_empty() {
                    return None;
                }
                items.push(WktItem::Other(value));
            }
        }
    }
}

fn skip_space(chars: &mut WktChars<'_>) {
    while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
        chars.next();
    }
}

/// Web Mercator metres → longitude/latitude degrees (the inverse spherical Mercator).
pub fn web_mercator_to_lon_lat(x: f64, y: f64) -> [f64; 2] {
    let lon = (x / WEB_MERCATOR_RADIUS).to_degrees();
    let lat =
        (2.0 * (y / WEB_MERCATOR_RADIUS).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    [lon, lat]
}

/// Replaces every position under `coordinates` members of a GeoJSON document, in place, by
/// `convert(x, y)`; extra numbers of a position (altitude) are kept.
pub fn convert_positions(document: &mut Value, convert: &impl Fn(f64, f64) -> [f64; 2]) {
    match document {
        Value::Object(members) => {
            for (key, value) in members.iter_mut() {
                if key == "coordinates" {
                    convert_coordinates(value, convert);
                } else if key != "properties" {
                    convert_positions(value, convert);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| convert_positions(item, convert)),
        _ => {}
    }
}

fn convert_coordinates(value: &mut Value, convert: &impl Fn(f64, f64) -> [f64; 2]) {
    let Value::Array(items) = value else {
        return;
    };
    let is_position = items.first().is_some_and(Value::is_number);
    if !is_position {
        items
            .iter_mut()
            .for_each(|item| convert_coordinates(item, convert));
        return;
    }
    if let (Some(x), Some(y)) = (
        items.first().and_then(Value::as_f64),
        items.get(1).and_then(Value::as_f64),
    ) {
        let [lon, lat] = convert(x, y);
        if let (Some(lon), Some(lat)) = (
            serde_json::Number::from_f64(lon),
            serde_json::Number::from_f64(lat),
        ) {
            items[0] = Value::Number(lon);
            items[1] = Value::Number(lat);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn crs_names_are_read_in_every_spelling() {
        for name in [
            "urn:ogc:def:crs:EPSG::3857",
            "EPSG:3857",
            "EPSG:900913",
            "http://www.opengis.net/def/crs/EPSG/0/3857",
            "ESRI:102100",
        ] {
            assert_eq!(
                DeclaredCrs::from_name(name),
                DeclaredCrs::WebMercator,
                "{name}"
            );
        }
        for name in [
            "urn:ogc:def:crs:OGC:1.3:CRS84",
            "EPSG:4326",
            "urn:ogc:def:crs:EPSG::4326",
        ] {
            assert_eq!(DeclaredCrs::from_name(name), DeclaredCrs::LonLat, "{name}");
        }
        assert_eq!(
            DeclaredCrs::from_name("urn:ogc:def:crs:EPSG::32642"),
            DeclaredCrs::Other("urn:ogc:def:crs:EPSG::32642".into())
        );
    }

    #[test]
    fn wkt_crs_are_read_from_esri_and_ogc_flavours() {
        let esri_wgs84 = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        let ogc_wgs84 = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#;
        let wkt2_wgs84 = r#"GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],AXIS["latitude",north],AXIS["longitude",east],ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",4326]]"#;
        for wkt in [esri_wgs84, ogc_wgs84, wkt2_wgs84] {
            assert_eq!(DeclaredCrs::from_wkt(wkt), DeclaredCrs::LonLat, "{wkt}");
        }
        let esri_3857 = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]"#;
        let ogc_3857 = r#"PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["X",EAST],AXIS["Y",NORTH],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0.0 +lon_0=0.0 +x_0=0.0 +y_0=0 +k=1.0 +units=m +nadgrids=@null +wktext +no_defs"],AUTHORITY["EPSG","3857"]]"#;
        let unnamed_code = r#"PROJCS["unnamed",GEOGCS["WGS 84"],AUTHORITY["EPSG","3857"]]"#;
        for wkt in [esri_3857, ogc_3857, unnamed_code] {
            assert_eq!(
                DeclaredCrs::from_wkt(wkt),
                DeclaredCrs::WebMercator,
                "{wkt}"
            );
        }
        // UTM: the geographic CRS inside is WGS 84, but the projection is not read.
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_42N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["Central_Meridian",69.0],UNIT["Meter",1.0]]"#;
        assert_eq!(
            DeclaredCrs::from_wkt(utm),
            DeclaredCrs::Other("\"WGS_1984_UTM_Zone_42N\"".into())
        );
        let nad83 = r#"GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]],AUTHORITY["EPSG","4269"]]"#;
        assert_eq!(
            DeclaredCrs::from_wkt(nad83),
            DeclaredCrs::Other("\"NAD83\" (EPSG:4269)".into())
        );
        assert_eq!(
            DeclaredCrs::from_wkt("not wkt at all"),
            DeclaredCrs::Other("not wkt at all".into())
        );
        assert!(matches!(
            DeclaredCrs::from_wkt(&"A[".repeat(100)),
            DeclaredCrs::Other(_)
        ));
    }

    #[test]
    fn web_mercator_metres_come_back_as_degrees() {
        // Kabul, as QGIS writes it in EPSG:3857.
        let [lon, lat] = web_mercator_to_lon_lat(7_704_143.66, 4_103_611.21);
        assert!(
            (lon - 69.2075).abs() < 1e-3 && (lat - 34.5553).abs() < 1e-3,
            "{lon}, {lat}"
        );
        assert_eq!(web_mercator_to_lon_lat(0.0, 0.0), [0.0, 0.0]);
    }

    #[test]
    fn positions_are_converted_wherever_they_are_and_properties_are_left_alone() {
        let mut document = json!({
            "type": "FeatureCollection",
            "features": [{
                "type": "Feature",
                "properties": {"coordinates": [1.0, 2.0]},
                "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0, 9.0], [3.0, 4.0]]}
            }]
        });
        convert_positions(&mut document, &|x, y| [x * 10.0, y * 10.0]);
        assert_eq!(
            document["features"][0]["geometry"]["coordinates"],
            json!([[10.0, 20.0, 9.0], [30.0, 40.0]])
        );
        assert_eq!(
            document["features"][0]["properties"]["coordinates"],
            json!([1.0, 2.0])
        );
    }
}
