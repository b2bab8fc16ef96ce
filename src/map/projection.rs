//! Map projections as pure f64 functions with inverses.
//!
//! Projected coordinates are in units of the unit sphere (radians at the equator for the
//! cylindrical projections), with x growing east and y growing north. The camera turns them into
//! screen pixels.

use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};
use std::fmt;

use serde::{Deserialize, Serialize};

/// The latitude limit of Web Mercator (the square world of web maps).
pub const MERCATOR_MAX_LAT: f64 = 85.051_128_779_806_59;

/// A world projection the user can pick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Projection {
    /// Plate carrée: longitude and latitude used directly as x and y.
    Equirectangular,
    /// Web Mercator: conformal, the projection of web maps; poles cut at ±85.05°.
    WebMercator,
    /// Equal Earth (Šavrič, Patterson and Jenny, 2018): equal-area, good for world thematic maps.
    #[default]
    EqualEarth,
    /// Natural Earth I (Šavrič et al., 2011): a compromise projection, pleasant for world views.
    NaturalEarth,
}

// Equal Earth polynomial coefficients.
const EE_A1: f64 = 1.340_264;
const EE_A2: f64 = -0.081_106;
const EE_A3: f64 = 0.000_893;
const EE_A4: f64 = 0.003_796;
const EE_M: f64 = 0.866_025_403_784_438_6; // sqrt(3) / 2

impl Projection {
    /// Every projection, in the order menus show them.
    pub const ALL: [Projection; 4] = [
        Projection::EqualEarth,
        Projection::NaturalEarth,
        Projection::Equirectangular,
        Projection::WebMercator,
    ];

    /// The name used on the command line and in files.
    pub fn id(self) -> &'static str {
        match self {
            Projection::Equirectangular => "equirectangular",
            Projection::WebMercator => "web-mercator",
            Projection::EqualEarth => "equal-earth",
            Projection::NaturalEarth => "natural-earth",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Projection::Equirectangular => "Equirectangular",
            Projection::WebMercator => "Web Mercator",
            Projection::EqualEarth => "Equal Earth",
            Projection::NaturalEarth => "Natural Earth",
        }
    }

    /// Parses a projection name leniently (case, spaces, dashes and underscores are ignored;
    /// "mercator" and "plate-carree" are accepted as aliases).
    ///
    /// ```
    /// use faultline::map::projection::Projection;
    /// assert_eq!(Projection::from_name("Equal Earth"), Some(Projection::EqualEarth));
    /// assert_eq!(Projection::from_name("mercator"), Some(Projection::WebMercator));
    /// assert_eq!(Projection::from_name("robinson"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Projection> {
        let folded: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match folded.as_str() {
            "equirectangular" | "platecarree" | "latlon" | "lonlat" => {
                Some(Projection::Equirectangular)
            }
            "webmercator" | "mercator" | "epsg3857" => Some(Projection::WebMercator),
            "equalearth" => Some(Projection::EqualEarth),
            "naturalearth" | "naturalearth1" => Some(Projection::NaturalEarth),
            _ => None,
        }
    }

    /// The latitude range the projection can show.
    pub fn lat_limit(self) -> f64 {
        match self {
            Projection::WebMercator => MERCATOR_MAX_LAT,
            _ => 90.0,
        }
    }

    /// Projects a longitude/latitude in degrees. Latitudes beyond the projection's limit are
    /// clamped, so the result is always finite for finite input.
    pub fn forward(self, lon: f64, lat: f64) -> [f64; 2] {
        let limit = self.lat_limit();
        let lambda = lon.to_radians();
        let phi = lat.clamp(-limit, limit).to_radians();
        match self {
            Projection::Equirectangular => [lambda, phi],
            Projection::WebMercator => [lambda, (FRAC_PI_4 + phi / 2.0).tan().ln()],
            Projection::EqualEarth => {
                let theta = (EE_M * phi.sin()).asin();
                let t2 = theta * theta;
                let t6 = t2 * t2 * t2;
                let x = lambda * theta.cos()
                    / (EE_M * (EE_A1 + 3.0 * EE_A2 * t2 + t6 * (7.0 * EE_A3 + 9.0 * EE_A4 * t2)));
                let y = theta * (EE_A1 + EE_A2 * t2 + t6 * (EE_A3 + EE_A4 * t2));
                [x, y]
            }
            Projection::NaturalEarth => {
                let p2 = phi * phi;
                let p4 = p2 * p2;
                let x = lambda
                    * (0.8707 - 0.131_979 * p2
                        + p4 * (-0.013_791 + p4 * (0.003_971 * p2 - 0.001_529 * p4)));
                let y = phi
                    * (1.007_226
                        + p2 * (0.015_085 + p4 * (-0.044_475 + 0.028_874 * p2 - 0.005_916 * p4)));
                [x, y]
            }
        }
    }

    /// Inverts [`Projection::forward`]. Returns `None` for points outside the projected world
    /// (beyond the poles, or beyond ±180° of longitude).
    ///
    /// ```
    /// use faultline::map::projection::Projection;
    /// let kabul = [69.2075, 34.5553];
    /// let [x, y] = Projection::NaturalEarth.forward(kabul[0], kabul[1]);
    /// let back = Projection::NaturalEarth.inverse(x, y).unwrap();
    /// assert!((back[0] - kabul[0]).abs() < 1e-9 && (back[1] - kabul[1]).abs() < 1e-9);
    /// assert_eq!(Projection::Equirectangular.inverse(4.0, 0.0), None); // east of 180°
    /// ```
    pub fn inverse(self, x: f64, y: f64) -> Option<[f64; 2]> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        let (lambda, phi) = match self {
            Projection::Equirectangular => (x, y),
            Projection::WebMercator => (x, 2.0 * y.exp().atan() - FRAC_PI_2),
            Projection::EqualEarth => {
                let y_max = self.forward(0.0, 90.0)[1];
                if y.abs() > y_max + 1e-12 {
                    return None;
                }
                // Newton's method on θ, as in the authors' reference implementation.
                let mut theta = y / EE_A1;
                for _ in 0..20 {
                    let t2 = theta * theta;
                    let t6 = t2 * t2 * t2;
                    let fy = theta * (EE_A1 + EE_A2 * t2 + t6 * (EE_A3 + EE_A4 * t2)) - y;
                    let fpy = EE_A1 + 3.0 * EE_A2 * t2 + t6 * (7.0 * EE_A3 + 9.0 * EE_A4 * t2);
                    let delta = fy / fpy;
                    theta -= delta;
                    if delta.abs() < 1e-12 {
                        break;
                    }
                }
                let t2 = theta * theta;
                let t6 = t2 * t2 * t2;
                let lambda =
                    EE_M * x * (EE_A1 + 3.0 * EE_A2 * t2 + t6 * (7.0 * EE_A3 + 9.0 * EE_A4 * t2))
                        / theta.cos();
                (lambda, (theta.sin() / EE_M).clamp(-1.0, 1.0).asin())
            }
            Projection::NaturalEarth => {
                let y_max = self.forward(0.0, 90.0)[1];
                if y.abs() > y_max + 1e-12 {
                    return None;
                }
                let mut phi = y;
                for _ in 0..25 {
                    let p2 = phi * phi;
                    let p4 = p2 * p2;
                    let fy = phi
                        * (1.007_226
                            + p2 * (0.015_085
                                + p4 * (-0.044_475 + 0.028_874 * p2 - 0.005_916 * p4)))
                        - y;
                    let fpy = 1.007_226
                        + p2 * (3.0 * 0.015_085
                            + p4 * (-7.0 * 0.044_475 + 9.0 * 0.028_874 * p2
                                - 11.0 * 0.005_916 * p4));
                    let delta = fy / fpy;
                    phi -= delta;
                    if delta.abs() < 1e-12 {
                        break;
                    }
                }
                let p2 = phi * phi;
                let p4 = p2 * p2;
                let lambda = x
                    / (0.8707 - 0.131_979 * p2
                        + p4 * (-0.013_791 + p4 * (0.003_971 * p2 - 0.001_529 * p4)));
                (lambda, phi)
            }
        };
        if lambda.abs() > PI + 1e-9 || phi.abs() > FRAC_PI_2 + 1e-9 {
            return None;
        }
        Some([lambda.to_degrees(), phi.to_degrees()])
    }

    /// The projected extent of the whole world: `[min_x, min_y, max_x, max_y]`.
    pub fn world_bounds(self) -> [f64; 4] {
        let limit = self.lat_limit();
        let top = self.forward(0.0, limit)[1];
        let right = self.forward(180.0, 0.0)[0];
        [-right, -top, right, top]
    }

    /// How many projected units one degree of latitude spans near `lat`, used to turn the
    /// camera's scale into a ground distance (for detail selection and the scale bar).
    pub fn units_per_degree_at(self, lon: f64, lat: f64) -> f64 {
        let lat = lat.clamp(-self.lat_limit() + 0.5, self.lat_limit() - 0.5);
        let a = self.forward(lon, lat - 0.25);
        let b = self.forward(lon, lat + 0.25);
        ((b[0] - a[0]).hypot(b[1] - a[1]) * 2.0).max(1e-9)
    }
}

/// A projection turned about the pole so that `central_meridian` runs down the middle of the
/// map: a Pacific view puts 180° there and the seam (where the map's edges are) at 0°.
///
/// Projected x stays proportional to the longitude difference from the central meridian, so
/// everything about the world's shape (bounds, latitude limit) is the base projection's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CentredProjection {
    pub projection: Projection,
    /// Degrees east, in -180..=180; 0 is the usual Greenwich-centred map.
    pub central_meridian: f64,
}

/// How far past ±180° a longitude difference may be and still count as that edge, so that a
/// point exactly on the seam stays on the side its geometry puts it (float sums like
/// `(180 + λ0) - λ0` are off by an ulp or two).
const SEAM_TOLERANCE: f64 = 1e-9;

/// A longitude difference brought into -180..=180 (either edge kept as it is).
pub fn wrap_longitude(lon: f64) -> f64 {
    if (-180.0 - SEAM_TOLERANCE..=180.0 + SEAM_TOLERANCE).contains(&lon) || !lon.is_finite() {
        lon
    } else {
        (lon + 180.0).rem_euclid(360.0) - 180.0
    }
}

impl From<Projection> for CentredProjection {
    /// The usual map, centred on Greenwich.
    fn from(projection: Projection) -> CentredProjection {
        projection.centred(0.0)
    }
}

impl Projection {
    /// This projection with `central_meridian` (degrees, any value) down the middle.
    pub fn centred(self, central_meridian: f64) -> CentredProjection {
        let central_meridian = if central_meridian.is_finite() {
            wrap_longitude(central_meridian)
        } else {
            0.0
        };
        CentredProjection {
            projection: self,
            // -180 and 180 are the same map: keep one so caches do not hold it twice.
            central_meridian: if central_meridian <= -180.0 {
                180.0
            } else {
                central_meridian
            },
        }
    }
}

impl CentredProjection {
    /// Whether this is the Greenwich-centred map, where geometry cut at ±180° needs no cutting.
    pub fn is_greenwich(&self) -> bool {
        self.central_meridian == 0.0
    }

    /// Longitude → its difference from the central meridian, in -180..=180.
    pub fn relative_lon(&self, lon: f64) -> f64 {
        wrap_longitude(lon - self.central_meridian)
    }

    /// Projects a longitude/latitude in degrees (see [`Projection::forward`]).
    pub fn forward(&self, lon: f64, lat: f64) -> [f64; 2] {
        self.projection.forward(self.relative_lon(lon), lat)
    }

    /// Projects a longitude already relative to the central meridian (geometry cut at the
    /// seam keeps its side this way: +180 and -180 are different edges of the map).
    pub fn forward_relative(&self, relative_lon: f64, lat: f64) -> [f64; 2] {
        self.projection.forward(relative_lon, lat)
    }

    /// Inverts [`CentredProjection::forward`]; longitudes come back in -180..=180.
    pub fn inverse(&self, x: f64, y: f64) -> Option<[f64; 2]> {
        let [lon, lat] = self.projection.inverse(x, y)?;
        let lon = wrap_longitude(lon + self.central_meridian);
        // One name for the antimeridian, as the Greenwich-centred map gives it.
        Some([if lon < -180.0 { lon + 360.0 } else { lon }.min(180.0), lat])
    }

    /// See [`Projection::lat_limit`].
    pub fn lat_limit(&self) -> f64 {
        self.projection.lat_limit()
    }

    /// See [`Projection::world_bounds`]: the same box whatever the central meridian.
    pub fn world_bounds(&self) -> [f64; 4] {
        self.projection.world_bounds()
    }

    /// See [`Projection::units_per_degree_at`].
    pub fn units_per_degree_at(&self, lon: f64, lat: f64) -> f64 {
        self.projection
            .units_per_degree_at(self.relative_lon(lon), lat)
    }
}

impl fmt::Display for Projection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known places (lon, lat) used for the round-trip tests.
    const PLACES: [(&str, f64, f64); 8] = [
        ("Kabul", 69.2075, 34.5553),
        ("Islamabad", 73.0479, 33.6844),
        ("Moscow", 37.6173, 55.7558),
        ("Kyiv", 30.5234, 50.4501),
        ("Maseru", 27.4833, -29.3167),
        ("Suva", 178.4419, -18.1416),
        ("McMurdo", 166.6863, -77.8419),
        ("Null Island", 0.0, 0.0),
    ];

    #[test]
    fn every_projection_round_trips_known_places() {
        for projection in Projection::ALL {
            for (name, lon, lat) in PLACES {
                if lat.abs() > projection.lat_limit() {
                    continue;
                }
                let [x, y] = projection.forward(lon, lat);
                let back = projection.inverse(x, y);
                let Some([lon2, lat2]) = back else {
                    panic!("{projection}: {name} did not invert");
                };
                assert!(
                    (lon - lon2).abs() < 1e-9 && (lat - lat2).abs() < 1e-9,
                    "{projection}: {name} ({lon}, {lat}) came back as ({lon2}, {lat2})"
                );
            }
        }
    }

    #[test]
    fn web_mercator_matches_reference_values() {
        let p = Projection::WebMercator;
        // EPSG:3857 metres divided by the WGS84 radius 6378137 m.
        let [x, y] = p.forward(69.2075, 34.5553);
        assert!(
            (x * 6_378_137.0 - 7_704_143.66).abs() < 0.01,
            "x = {}",
            x * 6_378_137.0
        );
        assert!(
            (y * 6_378_137.0 - 4_103_611.21).abs() < 0.01,
            "y = {}",
            y * 6_378_137.0
        );
        let [_, top] = p.forward(0.0, MERCATOR_MAX_LAT);
        assert!((top - PI).abs() < 1e-9, "Web Mercator's world is square");
    }

    #[test]
    fn equal_earth_matches_published_extent() {
        // The published Equal Earth map is 2 × 2.7066 wide and 2 × 1.3173 high on the unit sphere.
        let [w, s, e, n] = Projection::EqualEarth.world_bounds();
        assert!(
            (e - 2.706_629).abs() < 1e-5 && (w + e).abs() < 1e-12,
            "x extent {e}"
        );
        assert!(
            (n - 1.317_363).abs() < 1e-5 && (s + n).abs() < 1e-12,
            "y extent {n}"
        );
    }

    #[test]
    fn natural_earth_matches_published_extent() {
        let [_, _, e, n] = Projection::NaturalEarth.world_bounds();
        assert!((e - 0.8707 * PI).abs() < 1e-9, "x extent {e}");
        assert!((n - 1.422_390_5).abs() < 1e-6, "y extent {n}");
    }

    #[test]
    fn inverse_rejects_points_off_the_world() {
        for projection in [Projection::EqualEarth, Projection::NaturalEarth] {
            let [_, _, e, n] = projection.world_bounds();
            assert!(
                projection.inverse(0.0, n * 1.1).is_none(),
                "{projection} above the pole"
            );
            // The corner of the bounding box is outside the rounded outline of the world.
            assert!(
                projection.inverse(e * 0.99, n * 0.99).is_none(),
                "{projection} corner"
            );
        }
        assert!(Projection::Equirectangular.inverse(4.0, 0.0).is_none());
        assert!(Projection::WebMercator.inverse(f64::NAN, 0.0).is_none());
    }

    #[test]
    fn centred_projections_round_trip_and_put_the_central_meridian_in_the_middle() {
        for projection in Projection::ALL {
            for central in [180.0, -150.0, 30.0, 179.5] {
                let centred = projection.centred(central);
                let [x, _] = centred.forward(central, 0.0);
                assert!(x.abs() < 1e-12, "{projection} at {central}: x = {x}");
                for (name, lon, lat) in PLACES {
                    if lat.abs() > projection.lat_limit() {
                        continue;
                    }
                    let [x, y] = centred.forward(lon, lat);
                    let Some([lon2, lat2]) = centred.inverse(x, y) else {
                        panic!("{projection} about {central}: {name} did not invert");
                    };
                    let dlon = wrap_longitude(lon2 - lon).abs();
                    assert!(
                        dlon < 1e-9 && (lat - lat2).abs() < 1e-9,
                        "{projection} about {central}: {name} ({lon}, {lat}) came back as ({lon2}, {lat2})"
                    );
                }
            }
        }
    }

    #[test]
    fn a_pacific_map_joins_fiji_and_samoa_and_cuts_at_greenwich() {
        let pacific = Projection::Equirectangular.centred(180.0);
        // Suva (178.4° E) and Apia (171.8° W) are 10° apart in the middle of the map.
        let suva = pacific.forward(178.44, -18.14);
        let apia = pacific.forward(-171.77, -13.83);
        assert!(suva[0] < 0.0 && apia[0] > 0.0 && (apia[0] - suva[0]).to_degrees() < 11.0);
        // London sits at the map's edge.
        let [x, _] = pacific.forward(-0.1, 51.5);
        assert!((x.abs() - PI).abs() < 0.01, "x = {x}");
        // -180 and 180 are the same centre.
        assert_eq!(
            Projection::EqualEarth.centred(-180.0),
            Projection::EqualEarth.centred(180.0)
        );
        assert!(Projection::EqualEarth.centred(360.0).is_greenwich());
        assert_eq!(wrap_longitude(190.0), -170.0);
        assert_eq!(wrap_longitude(-180.0), -180.0);
    }

    #[test]
    fn names_parse_leniently() {
        assert_eq!(
            Projection::from_name("Equal Earth"),
            Some(Projection::EqualEarth)
        );
        assert_eq!(
            Projection::from_name("web_mercator"),
            Some(Projection::WebMercator)
        );
        assert_eq!(
            Projection::from_name("mercator"),
            Some(Projection::WebMercator)
        );
        assert_eq!(
            Projection::from_name("natural-earth"),
            Some(Projection::NaturalEarth)
        );
        assert_eq!(Projection::from_name("robinson"), None);
        for p in Projection::ALL {
            assert_eq!(Projection::from_name(p.id()), Some(p));
        }
    }
}
