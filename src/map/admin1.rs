//! Natural Earth's first-level administrative areas (states, provinces, governorates: 4,596
//! of them), bundled in `maps/admin1-10m.geojson`, for choropleths of events per area.
//!
//! Read once per process and only when an admin-1 choropleth asks for it (about a fifth of a
//! second: parsing 6 MB and triangulating 250,000 vertices), on a worker thread in the
//! window. Projections are cached per centre, like the base map's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread;

use geo::{BoundingRect, Geometry, MultiPolygon};
use serde_json::Value;
use thiserror::Error;

use super::projected::ProjectedShape;
use super::projection::CentredProjection;
use super::tessellate::CountryShape;
use super::vector_layer::parse_geojson;

/// The bundled file.
const BUNDLED: &[u8] = include_bytes!("../../maps/admin1-10m.geojson");

/// How many projections of the areas are kept (each is about 4 MB).
const PROJECTED_CACHE_SIZE: usize = 4;

/// One first-level area.
#[derive(Debug, Clone)]
pub struct Admin1Area {
    /// Natural Earth's `adm1_code` ("AFG-1760"): unique, what counts are keyed by.
    pub code: String,
    pub name: String,
    /// Other names: English, GeoNames', Where-on-Earth's, local and alternative spellings.
    pub names: Vec<String>,
    /// "Province", "State", "Governorate", ...
    pub kind: Option<String>,
    /// The country's name in Natural Earth ("Afghanistan").
    pub country: String,
    /// Natural Earth's `adm0_a3`: the ISO alpha-3 code for most countries.
    pub country_a3: Option<String>,
    pub country_a2: Option<String>,
    pub iso_3166_2: Option<String>,
    /// FIPS 10-4 codes ("AF01"), as GDELT's `ADM1Code` names areas.
    pub fips: Option<String>,
    pub fips_alt: Option<String>,
    /// The hierarchical administrative subdivision code ("US.CA", "AF.BD").
    pub hasc: Option<String>,
    /// Where its label goes: a point inside it.
    pub label: [f64; 2],
    /// `[west, south, east, north]`.
    pub bbox: [f64; 4],
    pub geometry: MultiPolygon<f64>,
    pub shape: Arc<CountryShape>,
}

/// What is wrong with an admin-1 file.
#[derive(Debug, Error)]
pub enum Admin1Error {
    #[error("the admin-1 areas do not parse: {0}")]
    Parse(String),
    #[error("admin-1 feature {index}: {message}")]
    Feature { index: usize, message: String },
}

/// Every area, with look-ups by code and by country.
#[derive(Debug)]
pub struct Admin1Map {
    pub areas: Vec<Admin1Area>,
    /// Upper-case FIPS code (and alternative FIPS code) → area.
    by_fips: HashMap<String, u32>,
    /// Upper-case ISO 3166-2 code → area.
    by_iso: HashMap<String, u32>,
    /// Upper-case HASC code → area.
    by_hasc: HashMap<String, u32>,
    projected: Mutex<Vec<(CentredProjection, Arc<Vec<ProjectedShape>>)>>,
}

impl Admin1Map {
    /// Reads a file laid out as `maps/admin1-10m.geojson` (see `maps/README.md`).
    pub fn parse(bytes: &[u8]) -> Result<Admin1Map, Admin1Error> {
        let layer =
            parse_geojson(bytes, "admin-1 areas").map_err(|e| Admin1Error::Parse(e.message()))?;
        let mut areas = Vec::with_capacity(layer.features.len());
        for (index, feature) in layer.features.into_iter().enumerate() {
            let fail = |message: &str| Admin1Error::Feature {
                index,
                message: message.to_owned(),
            };
            let props = &feature.properties;
            let text = |key: &str| {
                props
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            };
            let geometry = match feature.geometry {
                Geometry::Polygon(p) => MultiPolygon(vec![p]),
                Geometry::MultiPolygon(m) => m,
                _ => return Err(fail("not a polygon")),
            };
            let rect = geometry
                .bounding_rect()
                .ok_or_else(|| fail("no coordinates"))?;
            let number = |key: &str| props.get(key).and_then(Value::as_f64);
            let label = match (number("label_lon"), number("label_lat")) {
                (Some(lon), Some(lat)) => [lon, lat],
                _ => [rect.center().x, rect.center().y],
            };
            areas.push(Admin1Area {
                code: text("adm1_code").ok_or_else(|| fail("no adm1_code"))?,
                name: text("name").ok_or_else(|| fail("no name"))?,
                names: props
                    .get("names")
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                kind: text("type"),
                country: text("country").unwrap_or_default(),
                country_a3: text("country_a3"),
                country_a2: text("country_a2"),
                iso_3166_2: text("iso_3166_2"),
                fips: text("fips"),
                fips_alt: text("fips_alt"),
                hasc: text("hasc"),
                label,
                bbox: [rect.min().x, rect.min().y, rect.max().x, rect.max().y],
                shape: Arc::new(CountryShape::tessellate(&geometry)),
                geometry,
            });
        }
        let mut by_fips = HashMap::new();
        let mut by_iso = HashMap::new();
        let mut by_hasc = HashMap::new();
        for (i, area) in areas.iter().enumerate() {
            if let Some(code) = &area.hasc {
                by_hasc.entry(code.to_ascii_uppercase()).or_insert(i as u32);
            }
            for code in [&area.fips, &area.fips_alt].into_iter().flatten() {
                by_fips.entry(code.to_ascii_uppercase()).or_insert(i as u32);
            }
            if let Some(code) = &area.iso_3166_2 {
                by_iso.entry(code.to_ascii_uppercase()).or_insert(i as u32);
            }
        }
        Ok(Admin1Map {
            areas,
            by_fips,
            by_iso,
            by_hasc,
            projected: Mutex::new(Vec::new()),
        })
    }

    /// The bundled areas, read on the first call (blocking; see [`Admin1Map::load_in_background`]).
    pub fn bundled() -> Result<Arc<Admin1Map>, String> {
        BUNDLED_MAP
            .get_or_init(|| {
                Admin1Map::parse(BUNDLED)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// The bundled areas if they have been read, without waiting.
    pub fn loaded() -> Option<Arc<Admin1Map>> {
        BUNDLED_MAP.get().and_then(|r| r.as_ref().ok()).cloned()
    }

    /// Reads the bundled areas on a worker thread (once per process), then calls `on_loaded`.
    pub fn load_in_background(on_loaded: impl Fn() + Send + 'static) {
        if BUNDLED_MAP.get().is_some() || LOADER_STARTED.set(()).is_err() {
            return;
        }
        let spawned = thread::Builder::new()
            .name("faultline-admin1-loader".into())
            .spawn(move || {
                if let Err(message) = Admin1Map::bundled() {
                    log::warn!("{message}");
                }
                on_loaded();
            });
        if let Err(e) = spawned {
            log::warn!("could not start the admin-1 loader: {e}");
        }
    }

    /// The area a FIPS 10-4 code ("AF01") names.
    pub fn by_fips(&self, code: &str) -> Option<u32> {
        self.by_fips.get(&code.trim().to_ascii_uppercase()).copied()
    }

    /// The area a HASC code names: "US.CA", or written without its dot ("USCA", as GDELT
    /// writes the US states its `ADM1Code` columns name).
    pub fn by_hasc(&self, code: &str) -> Option<u32> {
        let code = code.trim().to_ascii_uppercase();
        if let Some(&found) = self.by_hasc.get(&code) {
            return Some(found);
        }
        match (code.get(..2), code.get(2..)) {
            (Some(country), Some(rest)) if code.len() == 4 => {
                self.by_hasc.get(&format!("{country}.{rest}")).copied()
            }
            _ => None,
        }
    }

    /// The area an ISO 3166-2 code ("AF-BDS") names.
    pub fn by_iso_3166_2(&self, code: &str) -> Option<u32> {
        self.by_iso.get(&code.trim().to_ascii_uppercase()).copied()
    }

    /// The areas projected (cached per projection and centre). On a map centred away from
    /// Greenwich the areas that reach over the seam are cut there.
    pub fn projected(&self, projection: impl Into<CentredProjection>) -> Arc<Vec<ProjectedShape>> {
        let projection = projection.into();
        let mut cache = self
            .projected
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = cache.iter().position(|(p, _)| *p == projection) {
            let entry = cache.remove(found);
            let shapes = Arc::clone(&entry.1);
            cache.push(entry);
            return shapes;
        }
        let shapes: Arc<Vec<ProjectedShape>> = Arc::new(
            self.areas
                .iter()
                .map(|area| ProjectedShape::project(&area.shape, projection))
                .collect(),
        );
        if cache.len() >= PROJECTED_CACHE_SIZE {
            cache.remove(0);
        }
        cache.push((projection, Arc::clone(&shapes)));
        shapes
    }
}

static BUNDLED_MAP: OnceLock<Result<Arc<Admin1Map>, String>> = OnceLock::new();
static LOADER_STARTED: OnceLock<()> = OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point};

    #[test]
    fn the_bundled_areas_name_afghanistans_provinces_by_fips_and_iso_codes() {
        let map = Admin1Map::bundled().expect("the bundled file reads");
        assert!(map.areas.len() > 4000, "{} areas", map.areas.len());
        let afghan: Vec<&Admin1Area> = map
            .areas
            .iter()
            .filter(|a| a.country_a3.as_deref() == Some("AFG"))
            .collect();
        assert_eq!(afghan.len(), 34, "Afghanistan's 34 provinces");
        let badakhshan = map.by_fips("af01").map(|i| &map.areas[i as usize]);
        assert_eq!(badakhshan.map(|a| a.name.as_str()), Some("Badakhshan"));
        let california = map.by_hasc("USCA").map(|i| &map.areas[i as usize]);
        assert_eq!(california.map(|a| a.name.as_str()), Some("California"));
        let kabul = map.by_iso_3166_2("AF-KAB").map(|i| &map.areas[i as usize]);
        assert_eq!(kabul.map(|a| a.name.as_str()), Some("Kabul"));
        // Kabul city lies in Kabul province, and every label lies in its own area.
        assert!(
            kabul.is_some_and(|a| a.geometry.contains(&Point::new(69.17, 34.53))),
            "Kabul city is in Kabul province"
        );
        for area in &map.areas {
            assert!(
                area.geometry
                    .contains(&Point::new(area.label[0], area.label[1])),
                "{}'s label lies outside it",
                area.code
            );
            assert!(!area.shape.triangles.is_empty(), "{} is filled", area.code);
        }
    }
}
