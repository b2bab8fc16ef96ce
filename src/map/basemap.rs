//! The bundled Natural Earth base map: countries, land borders and coastlines at three levels
//! of detail, embedded in the binary so Faultline works offline from any folder.

use geo::{BoundingRect, LineString, MultiLineString, MultiPolygon, Polygon};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A level of detail of the Natural Earth data (the map scale it was drawn for).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Detail {
    /// 1:110 million: world views.
    #[serde(rename = "110m")]
    Coarse,
    /// 1:50 million: continents and large regions.
    #[serde(rename = "50m")]
    Medium,
    /// 1:10 million: countries and their neighbours.
    #[serde(rename = "10m")]
    Fine,
}

impl Detail {
    /// Every level, coarse to fine.
    pub const ALL: [Detail; 3] = [Detail::Coarse, Detail::Medium, Detail::Fine];

    /// The Natural Earth name of the level ("110m", "50m", "10m").
    pub fn id(self) -> &'static str {
        match self {
            Detail::Coarse => "110m",
            Detail::Medium => "50m",
            Detail::Fine => "10m",
        }
    }

    /// Parses "110m", "50m" or "10m" (the trailing "m" is optional).
    ///
    /// ```
    /// use faultline::map::basemap::Detail;
    /// assert_eq!(Detail::from_name("10m"), Some(Detail::Fine));
    /// assert_eq!(Detail::from_name("110"), Some(Detail::Coarse));
    /// assert_eq!(Detail::from_name("25m"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Detail> {
        match name.trim().trim_end_matches(['m', 'M']) {
            "110" => Some(Detail::Coarse),
            "50" => Some(Detail::Medium),
            "10" => Some(Detail::Fine),
            _ => None,
        }
    }

    /// The level that suits a ground resolution (degrees per screen pixel): each level is used
    /// until its vertices would be spaced well under a pixel apart.
    pub fn for_resolution(degrees_per_pixel: f64) -> Detail {
        if degrees_per_pixel > 0.2 {
            Detail::Coarse
        } else if degrees_per_pixel > 0.05 {
            Detail::Medium
        } else {
            Detail::Fine
        }
    }

    /// The embedded GeoJSON of the level: countries, borders, coastlines.
    pub fn geojson_sources(self) -> [&'static [u8]; 3] {
        [
            self.countries_geojson(),
            self.borders_geojson(),
            self.coastlines_geojson(),
        ]
    }

    /// The embedded classified boundary lines of the level (`maps/boundary-lines-R.geojson`).
    pub fn boundary_lines_geojson(self) -> &'static [u8] {
        match self {
            Detail::Coarse => include_bytes!("../../maps/boundary-lines-110m.geojson"),
            Detail::Medium => include_bytes!("../../maps/boundary-lines-50m.geojson"),
            Detail::Fine => include_bytes!("../../maps/boundary-lines-10m.geojson"),
        }
    }

    fn countries_geojson(self) -> &'static [u8] {
        match self {
            Detail::Coarse => include_bytes!("../../maps/countries-110m.geojson"),
            Detail::Medium => include_bytes!("../../maps/countries-50m.geojson"),
            Detail::Fine => include_bytes!("../../maps/countries-10m.geojson"),
        }
    }

    fn borders_geojson(self) -> &'static [u8] {
        match self {
            Detail::Coarse => include_bytes!("../../maps/borders-110m.geojson"),
            Detail::Medium => include_bytes!("../../maps/borders-50m.geojson"),
            Detail::Fine => include_bytes!("../../maps/borders-10m.geojson"),
        }
    }

    fn coastlines_geojson(self) -> &'static [u8] {
        match self {
            Detail::Coarse => include_bytes!("../../maps/coastlines-110m.geojson"),
            Detail::Medium => include_bytes!("../../maps/coastlines-50m.geojson"),
            Detail::Fine => include_bytes!("../../maps/coastlines-10m.geojson"),
        }
    }
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A country (Natural Earth admin-0 unit) of the base map.
#[derive(Clone, Debug)]
pub struct Country {
    pub name: String,
    /// ISO 3166-1 alpha-3 code, where the unit has one.
    pub iso_a3: Option<String>,
    /// ISO 3166-1 alpha-2 code, where the unit has one.
    pub iso_a2: Option<String>,
    /// ISO 3166-1 numeric code ("004"), where the unit has one.
    pub iso_n3: Option<String>,
    /// Longitude/latitude of a point inside the country where its label goes.
    pub label_point: [f64; 2],
    pub geometry: MultiPolygon<f64>,
    /// `[west, south, east, north]`.
    pub bbox: [f64; 4],
    /// The box of the largest polygon: what a label or a "fit" should frame (Fiji's whole box
    /// spans the world because its islands straddle ±180°).
    pub main_bbox: [f64; 4],
    /// Area in square degrees, used to rank labels and pick fill colours.
    pub area_deg2: f64,
}

impl Country {
    /// The box to frame when showing the country: its whole extent, or its largest part when
    /// it straddles the antimeridian (Russia, Fiji) and the whole extent is the whole world.
    pub fn frame_bbox(&self) -> [f64; 4] {
        if self.bbox[2] - self.bbox[0] < 180.0 {
            self.bbox
        } else {
            self.main_bbox
        }
    }
}

/// A named line feature (a border between two countries, or a coastline).
#[derive(Clone, Debug)]
pub struct LineFeature {
    pub name: String,
    pub lines: MultiLineString<f64>,
}

/// The base map at one level of detail.
#[derive(Clone, Debug)]
pub struct BaseMap {
    pub detail: Detail,
    pub countries: Vec<Country>,
    pub borders: Vec<LineFeature>,
    pub coastlines: Vec<LineFeature>,
}

/// A problem in the bundled map data (which would be a packaging bug, but is still reported
/// rather than panicking).
#[derive(Debug, Error)]
pub enum BaseMapError {
    #[error("maps/{file}: not a GeoJSON FeatureCollection: {source}")]
    Json {
        file: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("maps/{file}: feature {index}: {message}")]
    Feature {
        file: String,
        index: usize,
        message: String,
    },
}

/// The longest segment kept as it is, in degrees; longer ones are split so that they curve as
/// they should in projections where meridians are curves (the cuts along ±180°).
const MAX_SEGMENT_DEGREES: f64 = 1.0;

impl BaseMap {
    /// Parses the embedded GeoJSON of one level of detail.
    pub fn load(detail: Detail) -> Result<BaseMap, BaseMapError> {
        let [countries, borders, coastlines] = detail.geojson_sources();
        BaseMap::from_geojson(detail, countries, borders, coastlines)
    }

    /// Parses one level of detail from the text of its three GeoJSON files (`faultline
    /// build-maps` packs them from disk).
    pub fn from_geojson(
        detail: Detail,
        countries: &[u8],
        borders: &[u8],
        coastlines: &[u8],
    ) -> Result<BaseMap, BaseMapError> {
        let countries_file = format!("countries-{}.geojson", detail.id());
        let countries = parse_collection(&countries_file, countries)?
            .into_iter()
            .enumerate()
            .map(|(index, feature)| country_from_feature(&countries_file, index, feature))
            .collect::<Result<Vec<_>, _>>()?;
        let borders = parse_lines(
            &format!("borders-{}.geojson", detail.id()),
            borders,
            |props| {
                let side = |key: &str| {
                    props
                        .get(key)
                        .and_then(|v| v.as_str())
                        .unwrap_or("?")
                        .to_owned()
                };
                format!("{} – {}", side("left"), side("right"))
            },
        )?;
        let coastlines = parse_lines(
            &format!("coastlines-{}.geojson", detail.id()),
            coastlines,
            |props| {
                props
                    .get("name")
                    .and_then(|v| v.as_str())
                    .unwrap_or("coast")
                    .to_owned()
            },
        )?;
        Ok(BaseMap {
            detail,
            countries,
            borders,
            coastlines,
        })
    }

    /// The country with this ISO alpha-3 code.
    pub fn country_by_iso_a3(&self, code: &str) -> Option<(usize, &Country)> {
        self.countries.iter().enumerate().find(|(_, c)| {
            c.iso_a3
                .as_deref()
                .is_some_and(|a3| a3.eq_ignore_ascii_case(code))
        })
    }

    /// The country with this name (case-insensitive).
    pub fn country_by_name(&self, name: &str) -> Option<(usize, &Country)> {
        self.countries
            .iter()
            .enumerate()
            .find(|(_, c)| c.name.eq_ignore_ascii_case(name))
    }

    /// How many vertices the countries' outlines have (a measure of the level's weight).
    pub fn vertex_count(&self) -> usize {
        use geo::CoordsIter;
        self.countries
            .iter()
            .map(|c| c.geometry.coords_count())
            .sum()
    }
}

fn parse_collection(file: &str, bytes: &[u8]) -> Result<Vec<geojson::Feature>, BaseMapError> {
    let collection: geojson::FeatureCollection =
        serde_json::from_slice(bytes).map_err(|source| BaseMapError::Json {
            file: file.to_owned(),
            source,
        })?;
    Ok(collection.features)
}

fn country_from_feature(
    file: &str,
    index: usize,
    feature: geojson::Feature,
) -> Result<Country, BaseMapError> {
    let fail = |message: String| BaseMapError::Feature {
        file: file.to_owned(),
        index,
        message,
    };
    let props = feature.properties.unwrap_or_default();
    let text = |key: &str| props.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let name = text("name").ok_or_else(|| fail("no \"name\" property".into()))?;
    let geometry = feature
        .geometry
        .ok_or_else(|| fail(format!("{name} has no geometry")))?;
    let geometry: geo::Geometry<f64> = geometry
        .try_into()
        .map_err(|e| fail(format!("{name}: {e}")))?;
    let geometry = match geometry {
        geo::Geometry::Polygon(p) => MultiPolygon(vec![densify_polygon(&p)]),
        geo::Geometry::MultiPolygon(mp) => MultiPolygon(mp.iter().map(densify_polygon).collect()),
        other => return Err(fail(format!("{name} is a {other:?}, not a polygon"))),
    };
    let Some(rect) = geometry.bounding_rect() else {
        return Err(fail(format!("{name} has no coordinates")));
    };
    let bbox = [rect.min().x, rect.min().y, rect.max().x, rect.max().y];
    let number = |key: &str| props.get(key).and_then(|v| v.as_f64());
    let label_point = match (number("label_lon"), number("label_lat")) {
        (Some(lon), Some(lat)) => [lon, lat],
        _ => [(bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0],
    };
    let (area_deg2, main_bbox) = {
        use geo::Area;
        let main_bbox = geometry
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
            .and_then(|p| p.bounding_rect())
            .map_or(bbox, |r| [r.min().x, r.min().y, r.max().x, r.max().y]);
        (geometry.unsigned_area(), main_bbox)
    };
    Ok(Country {
        name,
        iso_a3: text("iso_a3"),
        iso_a2: text("iso_a2"),
        iso_n3: text("iso_n3"),
        label_point,
        geometry,
        bbox,
        main_bbox,
        area_deg2,
    })
}

fn parse_lines(
    file: &str,
    bytes: &[u8],
    name_of: impl Fn(&serde_json::Map<String, serde_json::Value>) -> String,
) -> Result<Vec<LineFeature>, BaseMapError> {
    parse_collection(file, bytes)?
        .into_iter()
        .enumerate()
        .map(|(index, feature)| {
            let props = feature.properties.clone().unwrap_or_default();
            let geometry = feature.geometry.ok_or_else(|| BaseMapError::Feature {
                file: file.to_owned(),
                index,
                message: "no geometry".into(),
            })?;
            let geometry: geo::Geometry<f64> =
                geometry.try_into().map_err(|e| BaseMapError::Feature {
                    file: file.to_owned(),
                    index,
                    message: format!("{e}"),
                })?;
            let lines = match geometry {
                geo::Geometry::LineString(l) => MultiLineString(vec![l]),
                geo::Geometry::MultiLineString(m) => m,
                other => {
                    return Err(BaseMapError::Feature {
                        file: file.to_owned(),
                        index,
                        message: format!("a {other:?} where lines were expected"),
                    });
                }
            };
            Ok(LineFeature {
                name: name_of(&props),
                lines,
            })
        })
        .collect()
}

fn densify_polygon(polygon: &Polygon<f64>) -> Polygon<f64> {
    Polygon::new(
        densify_ring(polygon.exterior()),
        polygon.interiors().iter().map(densify_ring).collect(),
    )
}

fn densify_ring(ring: &LineString<f64>) -> LineString<f64> {
    let needs = ring.lines().any(|l| {
        (l.end.x - l.start.x).abs() > MAX_SEGMENT_DEGREES
            || (l.end.y - l.start.y).abs() > MAX_SEGMENT_DEGREES
    });
    if !needs {
        return ring.clone();
    }
    let mut out = Vec::with_capacity(ring.0.len() + 16);
    for line in ring.lines() {
        let span = (line.end.x - line.start.x)
            .abs()
            .max((line.end.y - line.start.y).abs());
        let steps = (span / MAX_SEGMENT_DEGREES).ceil().max(1.0) as usize;
        for i in 0..steps {
            let t = i as f64 / steps as f64;
            out.push(geo::coord! {
                x: line.start.x + (line.end.x - line.start.x) * t,
                y: line.start.y + (line.end.y - line.start.y) * t,
            });
        }
    }
    if let Some(last) = ring.0.last() {
        out.push(*last);
    }
    LineString(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_names_and_choice() {
        for d in Detail::ALL {
            assert_eq!(Detail::from_name(d.id()), Some(d));
        }
        assert_eq!(Detail::from_name("10"), Some(Detail::Fine));
        assert_eq!(Detail::from_name("5m"), None);
        assert_eq!(Detail::for_resolution(0.3), Detail::Coarse);
        assert_eq!(Detail::for_resolution(0.1), Detail::Medium);
        assert_eq!(Detail::for_resolution(0.001), Detail::Fine);
    }

    #[test]
    fn coarse_map_loads_with_codes_and_lines() {
        let map = BaseMap::load(Detail::Coarse).expect("bundled 110m map loads");
        assert!(
            map.countries.len() > 150,
            "{} countries",
            map.countries.len()
        );
        let (_, afghanistan) = map.country_by_iso_a3("AFG").expect("Afghanistan is there");
        assert_eq!(afghanistan.name, "Afghanistan");
        assert_eq!(afghanistan.iso_n3.as_deref(), Some("004"));
        assert!(!map.borders.is_empty() && !map.coastlines.is_empty());
    }

    #[test]
    fn long_segments_are_split() {
        let ring = LineString::from(vec![
            (180.0, 60.0),
            (180.0, 65.0),
            (179.0, 65.0),
            (180.0, 60.0),
        ]);
        let dense = densify_ring(&ring);
        assert!(dense.0.len() >= 10, "{} points", dense.0.len());
        assert_eq!(dense.0.first(), ring.0.first());
        assert_eq!(dense.0.last(), ring.0.last());
    }
}
