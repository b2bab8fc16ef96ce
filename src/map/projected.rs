//! Geometry projected once per (level of detail, projection) and kept for every frame after:
//! moving the camera only changes the screen transform, never these coordinates.

use std::sync::{Arc, Mutex};

use geo::{LineString, MultiPolygon, Simplify};
use rayon::prelude::*;

use super::basemap::{BaseMap, BaseMapError, Detail};
use super::boundary::{
    BoundaryClass, BoundaryLine, COVER_TOLERANCE_DEGREES, parse_boundary_lines, uncovered_borders,
};
use super::index::CountryIndex;
use super::projection::CentredProjection;
use super::seam;
use super::tessellate::CountryShape;

/// A level of detail loaded, triangulated and indexed: what is expensive to compute, done once
/// (off the UI thread) and shared by every projection.
#[derive(Debug)]
pub struct DetailData {
    /// The level as loaded, except that `base.borders` leaves out the stretches a classified
    /// boundary line covers (those are drawn from `boundaries`, in their own style).
    pub base: BaseMap,
    /// Natural Earth's disputed boundaries, lines of control and the like.
    pub boundaries: Vec<BoundaryLine>,
    /// One triangulated shape per country, in the order of `base.countries`.
    pub shapes: Vec<Arc<CountryShape>>,
    pub index: CountryIndex,
}

impl DetailData {
    /// The embedded data of a level, triangulated and indexed: read from its packed form
    /// (`maps/atlas-R.bin`), or, when that is stale or damaged, from the GeoJSON (slower, same
    /// result; the reason is logged).
    pub fn build(detail: Detail) -> Result<DetailData, BaseMapError> {
        match super::packed::read_bundled(detail) {
            Ok((base, shapes)) => Ok(DetailData::from_parts(
                base,
                shapes,
                bundled_boundaries(detail)?,
            )),
            Err(problem) => {
                log::warn!("{problem}; reading the GeoJSON instead");
                DetailData::build_from_geojson(detail)
            }
        }
    }

    /// Parses the embedded GeoJSON of a level, triangulates and indexes it (what the packed
    /// form saves at each start).
    pub fn build_from_geojson(detail: Detail) -> Result<DetailData, BaseMapError> {
        let base = BaseMap::load(detail)?;
        let shapes = base
            .countries
            .iter()
            .map(|c| CountryShape::tessellate(&c.geometry))
            .collect();
        Ok(DetailData::from_parts(
            base,
            shapes,
            bundled_boundaries(detail)?,
        ))
    }

    /// Indexes a loaded level with its shapes (one per country, in order) and its classified
    /// boundary lines, cutting out of the plain borders what those lines draw.
    pub fn from_parts(
        mut base: BaseMap,
        shapes: Vec<CountryShape>,
        boundaries: Vec<BoundaryLine>,
    ) -> DetailData {
        base.borders = uncovered_borders(&base.borders, &boundaries, COVER_TOLERANCE_DEGREES);
        let index = CountryIndex::build(&base.countries);
        DetailData {
            base,
            boundaries,
            shapes: shapes.into_iter().map(Arc::new).collect(),
            index,
        }
    }

    /// The country under a longitude/latitude.
    pub fn country_at(&self, lon_lat: [f64; 2]) -> Option<usize> {
        self.index.country_at(&self.base.countries, lon_lat)
    }
}

/// Filled polygons (a country, or a polygon feature of a user layer) in projected coordinates.
#[derive(Clone, Debug)]
pub struct ProjectedShape {
    /// Triangles and rings, shared with the longitude/latitude original.
    pub shape: Arc<CountryShape>,
    /// `shape.vertices` projected, in the same order.
    pub points: Vec<[f64; 2]>,
    /// Projected bounding box `[min_x, min_y, max_x, max_y]`, for viewport culling.
    pub bbox: [f64; 4],
}

impl ProjectedShape {
    /// Projects a triangulated shape. On a map centred away from Greenwich, polygons that
    /// reach over the seam are cut there and triangulated again; the others only move.
    pub fn project(
        shape: &Arc<CountryShape>,
        projection: impl Into<CentredProjection>,
    ) -> ProjectedShape {
        let centred = projection.into();
        let central = centred.central_meridian;
        let mut relative: Vec<[f64; 2]> = shape
            .vertices
            .iter()
            .map(|&[lon, lat]| [lon - central, lat])
            .collect();
        let mut cut = false;
        for &[first, last] in &shape.polygons {
            let (Some(start), Some(end)) = (
                shape.rings.get(first as usize).map(|r| r[0] as usize),
                last.checked_sub(1)
                    .and_then(|l| shape.rings.get(l as usize))
                    .map(|r| r[1] as usize),
            ) else {
                continue;
            };
            let Some(vertices) = relative.get_mut(start..end) else {
                continue;
            };
            let [west, _, east, _] = bounds_of(vertices);
            match seam::strip_shift(west, east) {
                Some(shift) if shift != 0.0 => vertices.iter_mut().for_each(|v| v[0] -= shift),
                Some(_) => {}
                None if west.is_finite() => cut = true,
                None => {}
            }
        }
        if cut {
            let pieces = seam::cut_polygons(&centred, &shape.to_polygons());
            let cut_shape = CountryShape::tessellate(&MultiPolygon(pieces));
            let points: Vec<[f64; 2]> = cut_shape
                .vertices
                .iter()
                .map(|&[x, lat]| centred.forward_relative(x, lat))
                .collect();
            let bbox = bounds_of(&points);
            return ProjectedShape {
                shape: Arc::new(cut_shape),
                points,
                bbox,
            };
        }
        let points: Vec<[f64; 2]> = relative
            .iter()
            .map(|&[x, lat]| centred.forward_relative(x, lat))
            .collect();
        let bbox = bounds_of(&points);
        ProjectedShape {
            shape: Arc::clone(shape),
            points,
            bbox,
        }
    }

    /// The projected points of each ring (outer rings and holes), for the painters.
    pub fn rings(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        self.shape
            .rings
            .iter()
            .map(|&[start, end]| &self.points[start as usize..end as usize])
    }

    /// The area covered by the triangles, in squared projected units.
    pub fn area(&self) -> f64 {
        super::tessellate::covered_area(&self.points, &self.shape.triangles)
    }

    /// This shape with Douglas–Peucker simplification at `tolerance` (projected units) and
    /// triangulated again; polygons that collapse below the tolerance are left out.
    pub fn simplified(&self, tolerance: f64) -> ProjectedShape {
        let projected = CountryShape {
            vertices: self.points.clone(),
            triangles: Vec::new(),
            rings: self.shape.rings.clone(),
            polygons: self.shape.polygons.clone(),
        };
        let polygons: Vec<geo::Polygon<f64>> = projected
            .to_polygons()
            .into_iter()
            .map(|p| {
                let exterior = thin_out(p.exterior(), tolerance);
                let holes = p
                    .interiors()
                    .iter()
                    .map(|r| thin_out(r, tolerance))
                    .collect();
                geo::Polygon::new(exterior, holes).simplify(tolerance)
            })
            .filter(|p| p.exterior().0.len() >= 4)
            .map(|p| {
                let holes = p
                    .interiors()
                    .iter()
                    .filter(|r| r.0.len() >= 4)
                    .cloned()
                    .collect();
                geo::Polygon::new(p.exterior().clone(), holes)
            })
            .collect();
        let shape = CountryShape::tessellate(&MultiPolygon(polygons));
        let points = shape.vertices.clone();
        let bbox = bounds_of(&points);
        ProjectedShape {
            shape: Arc::new(shape),
            points,
            bbox,
        }
    }
}

/// One polyline of a [`ProjectedLines`]: a range of its points and their box.
#[derive(Clone, Copy, Debug)]
pub struct LineRun {
    pub start: u32,
    pub end: u32,
    pub bbox: [f64; 4],
}

/// Many polylines in one point buffer (borders, coastlines, graticule, user lines).
#[derive(Clone, Debug, Default)]
pub struct ProjectedLines {
    pub points: Vec<[f64; 2]>,
    pub runs: Vec<LineRun>,
}

impl ProjectedLines {
    /// Projects longitude/latitude lines, cut where they cross the map's seam (so one line
    /// may become several runs; [`ProjectedLines::project_counted`] says how many).
    pub fn project<'a>(
        lines: impl IntoIterator<Item = &'a LineString<f64>>,
        projection: impl Into<CentredProjection>,
    ) -> ProjectedLines {
        ProjectedLines::project_counted(lines, projection).0
    }

    /// As [`ProjectedLines::project`], with how many runs each line became (0 for a line of
    /// fewer than two points), so per-line data can follow the runs.
    pub fn project_counted<'a>(
        lines: impl IntoIterator<Item = &'a LineString<f64>>,
        projection: impl Into<CentredProjection>,
    ) -> (ProjectedLines, Vec<usize>) {
        let centred = projection.into();
        let mut out = ProjectedLines::default();
        let mut counts = Vec::new();
        for line in lines {
            let before = out.runs.len();
            for piece in seam::cut_line(&centred, line.coords().map(|c| [c.x, c.y])) {
                out.push(
                    piece
                        .into_iter()
                        .map(|[x, y]| centred.forward_relative(x, y)),
                );
            }
            counts.push(out.runs.len() - before);
        }
        (out, counts)
    }

    /// Appends one already projected polyline (of two points or more).
    pub fn push(&mut self, points: impl IntoIterator<Item = [f64; 2]>) {
        let start = self.points.len();
        self.points.extend(points);
        let end = self.points.len();
        if end - start < 2 {
            self.points.truncate(start);
            return;
        }
        self.runs.push(LineRun {
            start: start as u32,
            end: end as u32,
            bbox: bounds_of(&self.points[start..end]),
        });
    }

    /// Every line simplified with Douglas–Peucker at `tolerance` (projected units).
    pub fn simplified(&self, tolerance: f64) -> ProjectedLines {
        let mut out = ProjectedLines::default();
        for run in &self.runs {
            let line: LineString<f64> = self.run_points(run).iter().map(|&[x, y]| (x, y)).collect();
            out.push(
                thin_out(&line, tolerance)
                    .simplify(tolerance)
                    .coords()
                    .map(|c| [c.x, c.y]),
            );
        }
        out
    }

    /// The points of one run.
    pub fn run_points(&self, run: &LineRun) -> &[[f64; 2]] {
        &self.points[run.start as usize..run.end as usize]
    }
}

/// The classified boundary lines embedded for a level.
fn bundled_boundaries(detail: Detail) -> Result<Vec<BoundaryLine>, BaseMapError> {
    parse_boundary_lines(
        &format!("boundary-lines-{}.geojson", detail.id()),
        detail.boundary_lines_geojson(),
    )
}

/// Classified boundary lines of one class, projected.
#[derive(Clone, Debug)]
pub struct ClassLines {
    pub class: BoundaryClass,
    pub lines: Arc<ProjectedLines>,
}

/// Projects the boundary lines grouped by class, in [`BoundaryClass::ALL`] order (classes
/// without lines are left out).
fn project_boundaries(
    boundaries: &[BoundaryLine],
    projection: CentredProjection,
) -> Vec<ClassLines> {
    BoundaryClass::ALL
        .into_iter()
        .filter_map(|class| {
            let lines = ProjectedLines::project(
                boundaries
                    .iter()
                    .filter(|b| b.class == class)
                    .flat_map(|b| b.lines.iter()),
                projection,
            );
            (!lines.runs.is_empty()).then(|| ClassLines {
                class,
                lines: Arc::new(lines),
            })
        })
        .collect()
}

/// A level of detail in one projection.
#[derive(Debug)]
pub struct ProjectedDetail {
    pub detail: Detail,
    /// The projection, centred where the geometry was cut.
    pub projection: CentredProjection,
    pub data: Arc<DetailData>,
    pub countries: Arc<Vec<ProjectedShape>>,
    /// Each country's label point, projected.
    pub label_points: Vec<[f64; 2]>,
    /// Each country's area in squared projected units, which sizes its label.
    pub areas: Vec<f64>,
    pub borders: Arc<ProjectedLines>,
    /// Classified boundary lines by class.
    pub boundaries: Vec<ClassLines>,
    pub coastlines: Arc<ProjectedLines>,
    /// Simplified versions for zoomed-out views, made on first use.
    simplified: Mutex<SimplifiedCache>,
}

/// Called from a worker thread when background work has finished (the UI repaints).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

#[derive(Debug, Default)]
struct SimplifiedCache {
    ready: Vec<Arc<Simplified>>,
    /// Tolerances being simplified on a worker thread.
    pending: Vec<f64>,
}

/// The geometry of a level simplified for a screen scale: vertices closer together than half a
/// pixel are dropped and the polygons re-triangulated, so a world view of the 10m data costs
/// what the screen can show, not half a million vertices.
#[derive(Debug)]
pub struct Simplified {
    /// The tolerance in projected units (half a pixel at the finest scale it serves).
    pub tolerance: f64,
    /// One entry per country, in the order of the full-detail list (collapsed ones are empty).
    pub countries: Arc<Vec<ProjectedShape>>,
    pub borders: Arc<ProjectedLines>,
    pub boundaries: Vec<ClassLines>,
    pub coastlines: Arc<ProjectedLines>,
}

/// The smallest simplification tolerance used, in projected units (~0.6 km on the ground).
const MIN_TOLERANCE: f64 = 1e-4;

impl ProjectedDetail {
    /// Projects a loaded level (about 10 ms for the 10m level: done when the projection or the
    /// level changes, not per frame).
    pub fn new(data: Arc<DetailData>, projection: impl Into<CentredProjection>) -> ProjectedDetail {
        let projection = projection.into();
        // Shapes are independent: spread them over the cores (rayon keeps the order).
        let countries: Vec<ProjectedShape> = data
            .shapes
            .par_iter()
            .map(|shape| ProjectedShape::project(shape, projection))
            .collect();
        let label_points = data
            .base
            .countries
            .iter()
            .map(|c| projection.forward(c.label_point[0], c.label_point[1]))
            .collect();
        let areas = countries.iter().map(ProjectedShape::area).collect();
        let (borders, coastlines) = rayon::join(
            || {
                ProjectedLines::project(
                    data.base.borders.iter().flat_map(|f| f.lines.iter()),
                    projection,
                )
            },
            || {
                ProjectedLines::project(
                    data.base.coastlines.iter().flat_map(|f| f.lines.iter()),
                    projection,
                )
            },
        );
        let boundaries = project_boundaries(&data.boundaries, projection);
        ProjectedDetail {
            detail: data.base.detail,
            projection,
            data,
            countries: Arc::new(countries),
            label_points,
            areas,
            borders: Arc::new(borders),
            boundaries,
            coastlines: Arc::new(coastlines),
            simplified: Mutex::new(SimplifiedCache::default()),
        }
    }

    /// The geometry to draw at a scale (screen pixels per projected unit): simplified to half
    /// a pixel when that removes anything, else (`None`) the full detail. Tolerances come in
    /// steps of two, so zooming reuses a handful of cached versions.
    ///
    /// A missing version is computed here when `background` is `None` (export, tests); with a
    /// waker it is computed on a worker thread that calls the waker when done, and meanwhile the
    /// nearest version already made is returned, so the UI never waits.
    pub fn geometry_for_scale(
        self: &Arc<Self>,
        pixels_per_unit: f64,
        background: Option<&Waker>,
    ) -> Option<Arc<Simplified>> {
        let wanted = 0.5 / pixels_per_unit.max(1e-9);
        if !wanted.is_finite() || wanted < MIN_TOLERANCE {
            return None;
        }
        let step = (wanted / MIN_TOLERANCE).log2().floor().clamp(0.0, 30.0);
        let tolerance = MIN_TOLERANCE * step.exp2();
        let mut cache = self.lock_cache();
        if let Some(found) = cache.ready.iter().find(|s| s.tolerance == tolerance) {
            return Some(Arc::clone(found));
        }
        let Some(waker) = background else {
            drop(cache);
            let simplified = Arc::new(self.simplify(tolerance));
            self.lock_cache().ready.push(Arc::clone(&simplified));
            return Some(simplified);
        };
        if !cache.pending.contains(&tolerance) {
            let detail = Arc::clone(self);
            let waker = Arc::clone(waker);
            let spawned = std::thread::Builder::new()
                .name("faultline-simplify".into())
                .spawn(move || {
                    let simplified = Arc::new(detail.simplify(tolerance));
                    let mut cache = detail.lock_cache();
                    cache.pending.retain(|&t| t != tolerance);
                    cache.ready.push(simplified);
                    drop(cache);
                    waker();
                });
            if spawned.is_ok() {
                cache.pending.push(tolerance);
            }
        }
        // Meanwhile the closest version made so far (too fine is slower, too coarse is blurrier).
        cache
            .ready
            .iter()
            .min_by(|a, b| {
                let distance = |s: &Simplified| (s.tolerance / tolerance).log2().abs();
                distance(a).total_cmp(&distance(b))
            })
            .cloned()
    }

    /// How many simplified versions exist: changes when background work lands, so cached
    /// drawings know to refresh.
    pub fn simplified_versions(&self) -> usize {
        self.lock_cache().ready.len()
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, SimplifiedCache> {
        // Entries are pushed whole, so a lock poisoned by a panic elsewhere still guards a
        // consistent cache.
        self.simplified
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Countries, borders and coastlines are simplified side by side on the cores.
    fn simplify(&self, tolerance: f64) -> Simplified {
        let (countries, (borders, coastlines)) = rayon::join(
            || {
                self.countries
                    .par_iter()
                    .map(|c| c.simplified(tolerance))
                    .collect()
            },
            || {
                rayon::join(
                    || self.borders.simplified(tolerance),
                    || self.coastlines.simplified(tolerance),
                )
            },
        );
        Simplified {
            tolerance,
            countries: Arc::new(countries),
            borders: Arc::new(borders),
            boundaries: self
                .boundaries
                .iter()
                .map(|c| ClassLines {
                    class: c.class,
                    lines: Arc::new(c.lines.simplified(tolerance)),
                })
                .collect(),
            coastlines: Arc::new(coastlines),
        }
    }
}

/// Drops points closer than `tolerance` to the last point kept (keeping both ends), a cheap
/// first pass that spares Douglas–Peucker most of the work on dense data.
fn thin_out(line: &LineString<f64>, tolerance: f64) -> LineString<f64> {
    let limit = tolerance * tolerance;
    let mut kept: Vec<geo::Coord<f64>> = Vec::with_capacity(line.0.len() / 4 + 2);
    for (i, &c) in line.0.iter().enumerate() {
        let far = kept.last().is_none_or(|last| {
            let (dx, dy) = (c.x - last.x, c.y - last.y);
            dx * dx + dy * dy >= limit
        });
        if far || i + 1 == line.0.len() {
            kept.push(c);
        }
    }
    LineString(kept)
}

/// The graticule step (degrees) that suits a ground resolution, so that lines stay a
/// comfortable distance apart on screen.
pub fn graticule_step(degrees_per_pixel: f64) -> f64 {
    let wanted = degrees_per_pixel * 120.0;
    [1.0, 2.0, 5.0, 10.0, 15.0, 30.0]
        .into_iter()
        .find(|&step| step >= wanted)
        .unwrap_or(30.0)
}

/// Meridians and parallels every `step` degrees, densified so they curve where the projection
/// curves them; the outermost meridians (±180°) draw the outline of the world.
pub fn graticule(step: f64, projection: impl Into<CentredProjection>) -> ProjectedLines {
    let centred = projection.into();
    let step = if step.is_finite() && step >= 0.5 {
        step
    } else {
        30.0
    };
    let limit = centred.lat_limit();
    let mut lines = ProjectedLines::default();
    let sample = 0.5_f64.min(step / 4.0);
    // Meridians by their longitude relative to the central meridian: the map's two edges,
    // and every multiple of `step` between them.
    let central = centred.central_meridian;
    let mut meridians = vec![-180.0];
    let mut lon = ((central - 180.0) / step).floor() * step;
    while lon - central < 180.0 - 1e-9 {
        if lon - central > -180.0 + 1e-9 {
            meridians.push(lon - central);
        }
        lon += step;
    }
    meridians.push(180.0);
    for relative in meridians {
        let count = (2.0 * limit / sample).ceil() as usize;
        lines.push((0..=count).map(|i| {
            let lat = (-limit + i as f64 * sample).min(limit);
            centred.forward_relative(relative, lat)
        }));
    }
    let mut lat = -90.0 + step;
    while lat < 90.0 - 1e-9 {
        if lat.abs() <= limit {
            let count = (360.0 / sample).ceil() as usize;
            lines.push(
                (0..=count).map(|i| {
                    centred.forward_relative((-180.0 + i as f64 * sample).min(180.0), lat)
                }),
            );
        }
        lat += step;
    }
    lines
}

/// Bounding box of points, `[min_x, min_y, max_x, max_y]` (inverted when empty).
pub fn bounds_of(points: &[[f64; 2]]) -> [f64; 4] {
    points.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        },
    )
}

/// Whether two boxes `[min_x, min_y, max_x, max_y]` meet.
pub fn boxes_meet(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::projection::Projection;

    #[test]
    fn a_pacific_map_cuts_countries_at_its_seam_and_loses_no_land() {
        let data = Arc::new(DetailData::build(Detail::Medium).expect("50m loads"));
        // Plate carrée is affine in longitude/latitude, so moving the centre keeps every area
        // exactly: a piece lost or doubled at the seam shows.
        let greenwich = ProjectedDetail::new(Arc::clone(&data), Projection::Equirectangular);
        let started = std::time::Instant::now();
        let pacific = ProjectedDetail::new(
            Arc::clone(&data),
            Projection::Equirectangular.centred(180.0),
        );
        eprintln!("50m re-projected about 180°: {:?}", started.elapsed());
        let [w, _, e, _] = Projection::Equirectangular.world_bounds();
        for (i, country) in data.base.countries.iter().enumerate() {
            let (before, after) = (greenwich.areas[i], pacific.areas[i]);
            assert!(
                (before - after).abs() <= before * 1e-6 + 1e-12,
                "{}: area {before} became {after}",
                country.name
            );
            if country.name == "Antarctica" {
                continue; // its ring runs along the whole bottom of the map
            }
            for ring in pacific.countries[i].rings() {
                let [x0, _, x1, _] = bounds_of(ring);
                assert!(
                    x1 - x0 < (e - w) / 2.0,
                    "{}: a ring spans {:.0}% of the map",
                    country.name,
                    100.0 * (x1 - x0) / (e - w)
                );
            }
        }
        // Fiji, cut at 180° on the usual map, is joined in the middle of this one.
        let Some((fiji, _)) = data.base.country_by_name("Fiji") else {
            panic!("Fiji is in the atlas");
        };
        let [x0, _, x1, _] = pacific.countries[fiji].bbox;
        assert!(x0 < 0.0 && x1 > 0.0 && x1 - x0 < 0.2, "Fiji at {x0}..{x1}");
        let [g0, _, g1, _] = greenwich.countries[fiji].bbox;
        assert!(
            g1 - g0 > 5.0,
            "on the usual map Fiji lies on both edges: {g0}..{g1}"
        );
    }

    #[test]
    fn graticule_covers_the_world_and_stays_finite() {
        for projection in Projection::ALL {
            let lines = graticule(30.0, projection);
            // 13 meridians (−180..180 every 30°) and 5 parallels.
            assert_eq!(lines.runs.len(), 13 + 5, "{projection}");
            assert!(
                lines
                    .points
                    .iter()
                    .all(|p| p[0].is_finite() && p[1].is_finite())
            );
            let [w, s, e, n] = projection.world_bounds();
            let b = bounds_of(&lines.points);
            assert!(
                (b[0] - w).abs() < 1e-6 && (b[2] - e).abs() < 1e-6,
                "{projection} {b:?}"
            );
            assert!(b[1] >= s - 1e-6 && b[3] <= n + 1e-6);
        }
    }

    #[test]
    fn simplified_geometry_keeps_every_country_in_place_with_fewer_vertices() {
        let data = Arc::new(DetailData::build(Detail::Medium).expect("50m loads"));
        let projected = Arc::new(ProjectedDetail::new(data, Projection::EqualEarth));
        // Close up, nothing is simplified.
        assert!(projected.geometry_for_scale(1e5, None).is_none());
        // A world view 1000 pixels wide.
        let scale = 1000.0 / 5.4;
        let Some(simplified) = projected.geometry_for_scale(scale, None) else {
            panic!("a world view is simplified");
        };
        assert_eq!(
            simplified.countries.len(),
            projected.countries.len(),
            "indices stay aligned"
        );
        let count =
            |shapes: &[ProjectedShape]| shapes.iter().map(|s| s.points.len()).sum::<usize>();
        assert!(count(&simplified.countries) * 4 < count(&projected.countries));
        let area = |shapes: &[ProjectedShape]| shapes.iter().map(ProjectedShape::area).sum::<f64>();
        let (full, simple) = (area(&projected.countries), area(&simplified.countries));
        assert!(
            (full - simple).abs() / full < 0.01,
            "land area {full} vs {simple}"
        );
        assert!(simplified.coastlines.points.len() * 4 < projected.coastlines.points.len());
        // The same tolerance step is served from the cache.
        let Some(again) = projected.geometry_for_scale(scale * 1.01, None) else {
            panic!("still simplified");
        };
        assert!(Arc::ptr_eq(&simplified, &again));
    }

    #[test]
    fn background_simplification_answers_at_once_and_wakes_when_done() {
        let data = Arc::new(DetailData::build(Detail::Coarse).expect("110m loads"));
        let projected = Arc::new(ProjectedDetail::new(data, Projection::NaturalEarth));
        let (sender, receiver) = std::sync::mpsc::channel();
        let sender = std::sync::Mutex::new(sender);
        let waker: Waker = Arc::new(move || {
            if let Ok(sender) = sender.lock() {
                let _ = sender.send(());
            }
        });
        // Nothing is ready yet: the caller draws the full detail meanwhile.
        assert!(projected.geometry_for_scale(100.0, Some(&waker)).is_none());
        receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the worker wakes the caller");
        assert_eq!(projected.simplified_versions(), 1);
        let Some(ready) = projected.geometry_for_scale(100.0, Some(&waker)) else {
            panic!("ready after the wake");
        };
        // A neighbouring scale gets the nearest version while its own is made.
        let Some(nearest) = projected.geometry_for_scale(25.0, Some(&waker)) else {
            panic!("the nearest version stands in");
        };
        assert!(Arc::ptr_eq(&ready, &nearest));
    }

    #[test]
    fn graticule_step_grows_with_scale() {
        assert_eq!(graticule_step(0.3), 30.0);
        assert!(graticule_step(0.01) <= 2.0);
        assert!(graticule_step(0.05) < graticule_step(0.2));
    }
}
