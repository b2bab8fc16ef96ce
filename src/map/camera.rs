//! The camera: which part of the projected world a viewport shows, and the conversions between
//! projected coordinates and screen pixels.

use serde::{Deserialize, Serialize};

use super::projection::{CentredProjection, Projection, wrap_longitude};

/// How far out the user can zoom: the whole world spans at least this fraction of the viewport.
const MIN_WORLD_FRACTION: f64 = 0.25;
/// How far in the user can zoom, in screen pixels per projected unit (about 20 m per pixel).
pub const MAX_PIXELS_PER_UNIT: f64 = 3.0e5;

/// A place in longitude/latitude degrees (WGS 84).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

impl LonLat {
    pub const fn new(lon: f64, lat: f64) -> LonLat {
        LonLat { lon, lat }
    }

    /// As `[lon, lat]`, the order GeoJSON positions use.
    pub const fn to_array(self) -> [f64; 2] {
        [self.lon, self.lat]
    }
}

/// A point of a viewport, in pixels from its top-left corner (x right, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenPoint {
    pub x: f64,
    pub y: f64,
}

impl ScreenPoint {
    pub const fn new(x: f64, y: f64) -> ScreenPoint {
        ScreenPoint { x, y }
    }
}

/// A box in longitude/latitude degrees (WGS 84). East less than west is a box across the
/// antimeridian (170, .., -170, ..: twenty degrees over the Pacific), as RFC 7946 §5.2 writes
/// it; such a box is shown on a map centred on its middle (see [`LonLatBox::central_meridian`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LonLatBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl LonLatBox {
    pub const fn new(west: f64, south: f64, east: f64, north: f64) -> LonLatBox {
        LonLatBox {
            west,
            south,
            east,
            north,
        }
    }

    /// From `[west, south, east, north]`, the order GeoJSON `bbox` members and files use.
    pub const fn from_array([west, south, east, north]: [f64; 4]) -> LonLatBox {
        LonLatBox::new(west, south, east, north)
    }

    /// As `[west, south, east, north]`, for files.
    pub const fn to_array(self) -> [f64; 4] {
        [self.west, self.south, self.east, self.north]
    }

    /// Whether the box runs over the antimeridian (west > east).
    pub fn crosses_antimeridian(&self) -> bool {
        self.west > self.east
    }

    /// The meridian a map of this box is centred on: its middle for a box across the
    /// antimeridian, else Greenwich (the usual map, whose geometry needs no cutting).
    pub fn central_meridian(&self) -> f64 {
        if self.crosses_antimeridian() {
            wrap_longitude((self.west + self.east + 360.0) / 2.0)
        } else {
            0.0
        }
    }

    /// The box with its east edge past 180° when it crosses the antimeridian, so west < east
    /// and `east - west` is its width.
    pub fn unwrapped(&self) -> LonLatBox {
        let mut out = *self;
        if out.crosses_antimeridian() {
            out.east += 360.0;
        }
        out
    }

    /// A box of `half_width` × `half_height` degrees around a point, kept off the poles.
    pub fn around(lon: f64, lat: f64, half_width: f64, half_height: f64) -> LonLatBox {
        LonLatBox::new(
            lon - half_width,
            (lat - half_height).max(-89.0),
            lon + half_width,
            (lat + half_height).min(89.0),
        )
    }
}

/// A box in projected coordinates (the projection's units, y up).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProjectedBox {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl ProjectedBox {
    /// From `[min_x, min_y, max_x, max_y]`.
    pub const fn from_array([min_x, min_y, max_x, max_y]: [f64; 4]) -> ProjectedBox {
        ProjectedBox {
            min: [min_x, min_y],
            max: [max_x, max_y],
        }
    }
}

/// A view of the projected world: the projected point at the viewport's centre and the scale.
///
/// Screen coordinates have their origin at the viewport's top-left corner, x to the right and y
/// down, in pixels (UI points on screen, image pixels on export).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// Projected coordinates shown at the centre of the viewport.
    pub center: [f64; 2],
    /// Screen pixels per projected unit.
    pub pixels_per_unit: f64,
    /// Viewport size in pixels.
    pub viewport: [f64; 2],
    /// The meridian at x = 0 of the projected coordinates (degrees east): `center` means
    /// nothing without it, so it travels with the camera. 0 is the usual map; a view over the
    /// Pacific is centred near 180° so the land on both sides of the antimeridian is joined.
    #[serde(default)]
    pub central_meridian: f64,
}

/// How far (degrees) the view's centre may wander from the central meridian before the
/// window re-centres the map, and the step re-centred maps snap to (so few are ever made).
pub const RECENTRE_BEYOND: f64 = 90.0;
pub const RECENTRE_STEP: f64 = 30.0;

/// The screen transform of a camera: `screen = (x * scale + offset_x, -y * scale + offset_y)`.
///
/// Painters apply it to cached projected geometry, so moving the camera never re-projects.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenTransform {
    pub scale: f64,
    pub offset: [f64; 2],
}

impl ScreenTransform {
    /// Projected → screen.
    #[inline]
    pub fn apply(&self, p: [f64; 2]) -> [f64; 2] {
        [
            p[0] * self.scale + self.offset[0],
            -p[1] * self.scale + self.offset[1],
        ]
    }

    /// Screen → projected.
    #[inline]
    pub fn invert(&self, s: [f64; 2]) -> [f64; 2] {
        [
            (s[0] - self.offset[0]) / self.scale,
            -(s[1] - self.offset[1]) / self.scale,
        ]
    }

    /// The same transform for a picture `factor` times larger (export at a higher resolution).
    pub fn scaled(&self, factor: f64) -> ScreenTransform {
        ScreenTransform {
            scale: self.scale * factor,
            offset: [self.offset[0] * factor, self.offset[1] * factor],
        }
    }
}

impl Camera {
    /// A camera showing the whole world of `projection` in a viewport.
    pub fn world(projection: Projection, viewport: [f64; 2]) -> Camera {
        Camera::fit_projected(
            ProjectedBox::from_array(projection.world_bounds()),
            viewport,
            0.02,
        )
    }

    /// A camera that fits a projected box, leaving `margin` (a fraction of the viewport) free on
    /// every side.
    pub fn fit_projected(bounds: ProjectedBox, viewport: [f64; 2], margin: f64) -> Camera {
        let bounds = [bounds.min[0], bounds.min[1], bounds.max[0], bounds.max[1]];
        let viewport = [viewport[0].max(1.0), viewport[1].max(1.0)];
        let width = (bounds[2] - bounds[0]).abs().max(1e-9);
        let height = (bounds[3] - bounds[1]).abs().max(1e-9);
        let usable = 1.0 - 2.0 * margin.clamp(0.0, 0.45);
        let scale = (viewport[0] * usable / width).min(viewport[1] * usable / height);
        Camera {
            center: [(bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0],
            pixels_per_unit: scale.min(MAX_PIXELS_PER_UNIT),
            viewport,
            central_meridian: 0.0,
        }
    }

    /// A camera that fits a longitude/latitude box; a box across the antimeridian (west >
    /// east) is shown on a map centred on its middle.
    pub fn fit_lon_lat(
        projection: Projection,
        bbox: LonLatBox,
        viewport: [f64; 2],
        margin: f64,
    ) -> Camera {
        let centred = projection.centred(bbox.central_meridian());
        let mut camera = Camera::fit_projected(projected_bounds(centred, bbox), viewport, margin);
        camera.central_meridian = centred.central_meridian;
        camera
    }

    /// The camera's projection: `projection` centred on the camera's central meridian. Every
    /// longitude/latitude drawn with this camera goes through it.
    pub fn centred(&self, projection: Projection) -> CentredProjection {
        projection.centred(self.central_meridian)
    }

    /// The projected → screen transform of this camera.
    pub fn transform(&self) -> ScreenTransform {
        let s = self.pixels_per_unit;
        ScreenTransform {
            scale: s,
            offset: [
                self.viewport[0] / 2.0 - self.center[0] * s,
                self.viewport[1] / 2.0 + self.center[1] * s,
            ],
        }
    }

    /// Projected → screen pixels.
    pub fn to_screen(&self, projected: [f64; 2]) -> [f64; 2] {
        self.transform().apply(projected)
    }

    /// Screen pixels → projected.
    pub fn to_projected(&self, screen: [f64; 2]) -> [f64; 2] {
        self.transform().invert(screen)
    }

    /// Screen pixels → longitude/latitude, or `None` off the world.
    pub fn screen_to_lon_lat(&self, projection: Projection, screen: ScreenPoint) -> Option<LonLat> {
        let [x, y] = self.to_projected([screen.x, screen.y]);
        self.centred(projection)
            .inverse(x, y)
            .map(|[lon, lat]| LonLat::new(lon, lat))
    }

    /// Longitude/latitude → screen pixels.
    pub fn lon_lat_to_screen(&self, projection: Projection, place: LonLat) -> ScreenPoint {
        let [x, y] = self.to_screen(self.centred(projection).forward(place.lon, place.lat));
        ScreenPoint::new(x, y)
    }

    /// The projected box the viewport shows: `[min_x, min_y, max_x, max_y]`.
    pub fn visible_projected(&self) -> [f64; 4] {
        let [x0, y1] = self.to_projected([0.0, 0.0]);
        let [x1, y0] = self.to_projected(self.viewport);
        [x0, y0, x1, y1]
    }

    /// Moves the view by a screen-space drag.
    pub fn pan_by_pixels(&mut self, delta: [f64; 2], projection: Projection) {
        self.center[0] -= delta[0] / self.pixels_per_unit;
        self.center[1] += delta[1] / self.pixels_per_unit;
        self.clamp(projection);
    }

    /// Zooms by `factor` (above 1 zooms in) keeping the point under `anchor` (screen pixels)
    /// where it is, as a wheel zoom around the cursor should.
    pub fn zoom_about(&mut self, factor: f64, anchor: [f64; 2], projection: Projection) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let before = self.to_projected(anchor);
        self.pixels_per_unit = (self.pixels_per_unit * factor)
            .clamp(self.min_pixels_per_unit(projection), MAX_PIXELS_PER_UNIT);
        let after = self.to_projected(anchor);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
        self.clamp(projection);
    }

    /// Changes the viewport size keeping the centre and scale.
    pub fn resize(&mut self, viewport: [f64; 2], projection: Projection) {
        self.viewport = [viewport[0].max(1.0), viewport[1].max(1.0)];
        self.clamp(projection);
    }

    /// The smallest scale allowed: the world never shrinks below a quarter of the viewport.
    pub fn min_pixels_per_unit(&self, projection: Projection) -> f64 {
        let [w, s, e, n] = projection.world_bounds();
        let fit = (self.viewport[0] / (e - w)).min(self.viewport[1] / (n - s));
        fit * MIN_WORLD_FRACTION
    }

    /// Keeps the scale within limits and the centre over the world, so the map cannot be lost.
    pub fn clamp(&mut self, projection: Projection) {
        let min = self.min_pixels_per_unit(projection);
        if !self.pixels_per_unit.is_finite() {
            self.pixels_per_unit = min;
        }
        self.pixels_per_unit = self.pixels_per_unit.clamp(min, MAX_PIXELS_PER_UNIT);
        let [w, s, e, n] = projection.world_bounds();
        for (axis, (low, high)) in [(0, (w, e)), (1, (s, n))] {
            let c = self.center[axis];
            self.center[axis] = if c.is_finite() {
                c.clamp(low, high)
            } else {
                0.0
            };
        }
    }

    /// Approximate ground resolution in degrees of latitude per screen pixel at the centre,
    /// used to pick the detail level.
    pub fn degrees_per_pixel(&self, projection: Projection) -> f64 {
        let centred = self.centred(projection);
        let center = centred
            .inverse(self.center[0], self.center[1])
            .unwrap_or([self.central_meridian, 0.0]);
        1.0 / (centred.units_per_degree_at(center[0], center[1]) * self.pixels_per_unit)
    }

    /// The central meridian the map should be re-centred on, when the view's centre has
    /// wandered more than [`RECENTRE_BEYOND`] degrees from it (the user panned towards the
    /// map's edge): the centre's longitude snapped to [`RECENTRE_STEP`].
    pub fn wanted_central_meridian(&self, projection: Projection) -> Option<f64> {
        let centred = self.centred(projection);
        let [lon, _] = centred
            .inverse(self.center[0], self.center[1])
            .or_else(|| centred.inverse(self.center[0], 0.0))?;
        let offset = wrap_longitude(lon - self.central_meridian);
        (offset.abs() > RECENTRE_BEYOND).then(|| {
            let snapped = (lon / RECENTRE_STEP).round() * RECENTRE_STEP;
            projection.centred(snapped).central_meridian
        })
    }

    /// Moves the central meridian to `central_meridian`, keeping the place under `anchor`
    /// (screen pixels, e.g. the pointer) where it is and the scale as it was. Returns false
    /// (and changes nothing) when `anchor` is off the world.
    pub fn recentre(
        &mut self,
        projection: Projection,
        central_meridian: f64,
        anchor: [f64; 2],
    ) -> bool {
        let Some(place) =
            self.screen_to_lon_lat(projection, ScreenPoint::new(anchor[0], anchor[1]))
        else {
            return false;
        };
        let centred = projection.centred(central_meridian);
        let before = self.to_projected(anchor);
        let after = centred.forward(place.lon, place.lat);
        self.central_meridian = centred.central_meridian;
        self.center[0] += after[0] - before[0];
        self.center[1] += after[1] - before[1];
        self.clamp(projection);
        true
    }
}

/// Projects a longitude/latitude box to a projected box, sampling its edges because meridians
/// curve in most world projections. A box across the antimeridian is taken the short way
/// (west to east over 180°): frame it on a map centred on its middle.
pub fn projected_bounds(projection: impl Into<CentredProjection>, bbox: LonLatBox) -> ProjectedBox {
    let projection = projection.into();
    let LonLatBox {
        west,
        south,
        east,
        north,
    } = bbox.unwrapped();
    let mut out = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    const STEPS: usize = 16;
    for i in 0..=STEPS {
        let t = i as f64 / STEPS as f64;
        let lon = west + (east - west) * t;
        let lat = south + (north - south) * t;
        for [x, y] in [
            projection.forward(lon, south),
            projection.forward(lon, north),
            projection.forward(west, lat),
            projection.forward(east, lat),
        ] {
            out[0] = out[0].min(x);
            out[1] = out[1].min(y);
            out[2] = out[2].max(x);
            out[3] = out[3].max(y);
        }
    }
    ProjectedBox::from_array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_round_trip() {
        let p = Projection::EqualEarth;
        let camera = Camera::fit_lon_lat(
            p,
            LonLatBox::new(55.0, 20.0, 80.0, 42.0),
            [1920.0, 1080.0],
            0.05,
        );
        let kabul = LonLat::new(69.2075, 34.5553);
        let screen = camera.lon_lat_to_screen(p, kabul);
        assert!(screen.x > 0.0 && screen.x < 1920.0 && screen.y > 0.0 && screen.y < 1080.0);
        let Some(back) = camera.screen_to_lon_lat(p, screen) else {
            panic!("Kabul is on the world");
        };
        assert!((back.lon - kabul.lon).abs() < 1e-9 && (back.lat - kabul.lat).abs() < 1e-9);
    }

    #[test]
    fn north_is_up() {
        let p = Projection::WebMercator;
        let camera = Camera::world(p, [800.0, 600.0]);
        let moscow = camera.lon_lat_to_screen(p, LonLat::new(37.6, 55.75));
        let maseru = camera.lon_lat_to_screen(p, LonLat::new(27.5, -29.3));
        assert!(moscow.y < maseru.y, "Moscow is drawn above Maseru");
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let p = Projection::NaturalEarth;
        let mut camera = Camera::world(p, [1000.0, 500.0]);
        let cursor = ScreenPoint::new(700.0, 180.0);
        let before = camera.screen_to_lon_lat(p, cursor);
        camera.zoom_about(3.0, [cursor.x, cursor.y], p);
        let after = camera.screen_to_lon_lat(p, cursor);
        let (Some(b), Some(a)) = (before, after) else {
            panic!("the cursor is over the world");
        };
        assert!((a.lon - b.lon).abs() < 1e-9 && (a.lat - b.lat).abs() < 1e-9);
    }

    #[test]
    fn a_box_across_the_antimeridian_is_framed_on_a_pacific_map() {
        let p = Projection::EqualEarth;
        let pacific = LonLatBox::new(170.0, -20.0, -170.0, 20.0);
        let camera = Camera::fit_lon_lat(p, pacific, [1920.0, 1080.0], 0.02);
        assert_eq!(camera.central_meridian, 180.0);
        // Suva west of the middle, Apia east of it, both on screen and close together.
        let suva = camera.lon_lat_to_screen(p, LonLat::new(178.44, -18.14));
        let apia = camera.lon_lat_to_screen(p, LonLat::new(-171.77, -13.83));
        for place in [suva, apia] {
            assert!((0.0..=1920.0).contains(&place.x) && (0.0..=1080.0).contains(&place.y));
        }
        assert!(suva.x < 960.0 && apia.x > 960.0, "{suva:?} {apia:?}");
        let Some(back) = camera.screen_to_lon_lat(p, apia) else {
            panic!("Apia is on the world");
        };
        assert!((back.lon + 171.77).abs() < 1e-9 && (back.lat + 13.83).abs() < 1e-9);
    }

    #[test]
    fn panning_across_the_antimeridian_recentres_and_keeps_the_place_under_the_cursor() {
        for p in Projection::ALL {
            // A regional view of Alaska on the usual map.
            let mut camera = Camera::fit_lon_lat(
                p,
                LonLatBox::new(-170.0, 50.0, -140.0, 72.0),
                [1200.0, 800.0],
                0.02,
            );
            let cursor = [900.0, 400.0];
            // Drag the map east (the view moves west, towards Chukotka) until it asks to be
            // re-centred.
            let mut steps = 0;
            while camera.wanted_central_meridian(p).is_none() && steps < 100 {
                camera.pan_by_pixels([40.0, 0.0], p);
                steps += 1;
            }
            let Some(central) = camera.wanted_central_meridian(p) else {
                panic!("{p}: panning towards the edge asks for a new centre");
            };
            assert!(central.abs() >= 150.0, "{p}: re-centred on {central}");
            let under = |c: &Camera| c.screen_to_lon_lat(p, ScreenPoint::new(cursor[0], cursor[1]));
            let Some(before) = under(&camera) else {
                panic!("{p}: the cursor is over the world");
            };
            assert!(camera.recentre(p, central, cursor));
            let Some(after) = under(&camera) else {
                panic!("{p}: still over the world");
            };
            assert!(
                (before.lon - after.lon).abs() < 1e-6 && (before.lat - after.lat).abs() < 1e-6,
                "{p}: {before:?} became {after:?}"
            );
            // Chukotka (175° E) and Alaska (160° W) are now side by side, west to east.
            let chukotka = camera.lon_lat_to_screen(p, LonLat::new(175.0, 65.0));
            let alaska = camera.lon_lat_to_screen(p, LonLat::new(-160.0, 65.0));
            assert!(
                chukotka.x < alaska.x && alaska.x - chukotka.x < 1200.0,
                "{p}: {chukotka:?} {alaska:?}"
            );
            // Drags go on past 180° (re-centring as the window does) into Chukotka.
            let centre_lon = |c: &Camera| {
                c.screen_to_lon_lat(p, ScreenPoint::new(600.0, 400.0))
                    .map_or(f64::NAN, |l| l.lon)
            };
            let mut steps = 0;
            while !(100.0..179.0).contains(&centre_lon(&camera)) && steps < 5000 {
                camera.pan_by_pixels([40.0, 0.0], p);
                if let Some(central) = camera.wanted_central_meridian(p) {
                    assert!(camera.recentre(p, central, cursor));
                }
                steps += 1;
            }
            assert!(
                (100.0..179.0).contains(&centre_lon(&camera)),
                "{p}: the view went on west past 180°, to {}",
                centre_lon(&camera)
            );
        }
    }

    #[test]
    fn zoom_is_limited_both_ways() {
        let p = Projection::Equirectangular;
        let mut camera = Camera::world(p, [1000.0, 500.0]);
        for _ in 0..200 {
            camera.zoom_about(0.5, [500.0, 250.0], p);
        }
        assert!(camera.pixels_per_unit >= camera.min_pixels_per_unit(p) * 0.999);
        for _ in 0..200 {
            camera.zoom_about(2.0, [500.0, 250.0], p);
        }
        assert!(camera.pixels_per_unit <= MAX_PIXELS_PER_UNIT);
        camera.pan_by_pixels([1e12, -1e12], p);
        let [w, s, e, n] = p.world_bounds();
        assert!(camera.center[0] >= w && camera.center[0] <= e);
        assert!(camera.center[1] >= s && camera.center[1] <= n);
    }
}
