//! Natural Earth's classified boundary lines: disputed boundaries, lines of control, indefinite
//! frontiers, lease and buffer-zone limits (`maps/boundary-lines-R.geojson`).
//!
//! The plain borders (`maps/borders-R.geojson`) come from world-atlas' shared arcs and carry no
//! class, so where Natural Earth classes a stretch (the Kashmir Line of Control, Aksai Chin) the
//! two files draw the same line. The base map keeps the plain borders for every stretch Natural
//! Earth calls an international boundary (they match the country polygons exactly) and cuts out
//! the stretches a classified line covers, so a classified line is never drawn over a plain one.

use geo::{Coord, LineString, MultiLineString};
use serde::{Deserialize, Serialize};

use super::basemap::{BaseMapError, LineFeature};

/// What kind of line Natural Earth says a boundary is (its `FEATURECLA`), for every class other
/// than "International boundary".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BoundaryClass {
    /// A boundary one side disputes (India–China in Aksai Chin and Arunachal Pradesh).
    Disputed,
    /// A military line of control or ceasefire line (Kashmir, Korea, the Golan Heights).
    LineOfControl,
    /// A boundary that has not been fixed on the ground.
    Indefinite,
    /// Natural Earth's "Indeterminant frontier" (around the Siachen Glacier).
    IndeterminateFrontier,
    /// The edge of leased territory (Baikonur, Guantánamo Bay).
    LeaseLimit,
    /// The edge of a buffer zone laid over a country (the Korean DMZ, Cyprus, UNDOF).
    OverlayLimit,
    /// A boundary of a unit not recognised by the country it separates from.
    Unrecognized,
}

impl BoundaryClass {
    /// Every class, in drawing and legend order.
    pub const ALL: [BoundaryClass; 7] = [
        BoundaryClass::Disputed,
        BoundaryClass::LineOfControl,
        BoundaryClass::Indefinite,
        BoundaryClass::IndeterminateFrontier,
        BoundaryClass::Unrecognized,
        BoundaryClass::LeaseLimit,
        BoundaryClass::OverlayLimit,
    ];

    /// The name written in `maps/boundary-lines-R.geojson` (`"line-of-control"`).
    pub fn id(self) -> &'static str {
        match self {
            BoundaryClass::Disputed => "disputed",
            BoundaryClass::LineOfControl => "line-of-control",
            BoundaryClass::Indefinite => "indefinite",
            BoundaryClass::IndeterminateFrontier => "indeterminate-frontier",
            BoundaryClass::LeaseLimit => "lease-limit",
            BoundaryClass::OverlayLimit => "overlay-limit",
            BoundaryClass::Unrecognized => "unrecognized",
        }
    }

    /// The class written as `id`.
    pub fn from_id(id: &str) -> Option<BoundaryClass> {
        BoundaryClass::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Reads Natural Earth's `FEATURECLA` (`"Line of control (please verify)"`): `Ok(None)` for
    /// an international boundary, `Err(())` for a class this program does not know.
    ///
    /// ```
    /// use faultline::map::boundary::BoundaryClass;
    /// assert_eq!(
    ///     BoundaryClass::from_natural_earth("Line of control (please verify)"),
    ///     Ok(Some(BoundaryClass::LineOfControl))
    /// );
    /// assert_eq!(BoundaryClass::from_natural_earth("International boundary (verify)"), Ok(None));
    /// assert!(BoundaryClass::from_natural_earth("Coastline").is_err());
    /// ```
    #[allow(clippy::result_unit_err)]
    pub fn from_natural_earth(featurecla: &str) -> Result<Option<BoundaryClass>, ()> {
        let base = featurecla
            .split(" (")
            .next()
            .unwrap_or(featurecla)
            .trim()
            .to_ascii_lowercase();
        Ok(Some(match base.as_str() {
            "international boundary" => return Ok(None),
            "disputed" => BoundaryClass::Disputed,
            "line of control" => BoundaryClass::LineOfControl,
            "indefinite" => BoundaryClass::Indefinite,
            "indeterminant frontier" | "indeterminate frontier" => {
                BoundaryClass::IndeterminateFrontier
            }
            "lease limit" => BoundaryClass::LeaseLimit,
            "overlay limit" => BoundaryClass::OverlayLimit,
            "unrecognized" | "unrecognised" => BoundaryClass::Unrecognized,
            _ => return Err(()),
        }))
    }

    /// How the legend names the line style (classes drawn alike share their words).
    pub fn label(self) -> &'static str {
        match self {
            BoundaryClass::Disputed => "Disputed boundary",
            BoundaryClass::LineOfControl => "Line of control",
            BoundaryClass::Indefinite | BoundaryClass::IndeterminateFrontier => {
                "Indefinite frontier"
            }
            BoundaryClass::Unrecognized => "Unrecognised boundary",
            BoundaryClass::LeaseLimit | BoundaryClass::OverlayLimit => "Lease or buffer-zone limit",
        }
    }

    /// Whether the class marks where one country's control ends and another's begins (a
    /// de facto border), rather than the edge of a lease or a buffer zone inside a country.
    pub fn is_de_facto_border(self) -> bool {
        !matches!(
            self,
            BoundaryClass::LeaseLimit | BoundaryClass::OverlayLimit
        )
    }
}

/// One classified line of Natural Earth.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundaryLine {
    pub class: BoundaryClass,
    /// Natural Earth's name of the line ("Line of control", "Military Demarcation Line 1953").
    pub name: Option<String>,
    /// The countries on its left and right (at 10m only: Natural Earth's 50m and 110m lines
    /// carry no names).
    pub left: Option<String>,
    pub right: Option<String>,
    pub left_a3: Option<String>,
    pub right_a3: Option<String>,
    pub lines: MultiLineString<f64>,
}

/// Parses `maps/boundary-lines-R.geojson` (an empty file reads as no lines, so a checkout made
/// before the file existed still builds).
pub fn parse_boundary_lines(file: &str, bytes: &[u8]) -> Result<Vec<BoundaryLine>, BaseMapError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let collection: geojson::FeatureCollection =
        serde_json::from_slice(bytes).map_err(|source| BaseMapError::Json {
            file: file.to_owned(),
            source,
        })?;
    collection
        .features
        .into_iter()
        .enumerate()
        .map(|(index, feature)| {
            let fail = |message: String| BaseMapError::Feature {
                file: file.to_owned(),
                index,
                message,
            };
            let props = feature.properties.unwrap_or_default();
            let text = |key: &str| props.get(key).and_then(|v| v.as_str()).map(str::to_owned);
            let class = text("class").ok_or_else(|| fail("no \"class\" property".into()))?;
            let class = BoundaryClass::from_id(&class)
                .ok_or_else(|| fail(format!("unknown class {class:?}")))?;
            let geometry = feature.geometry.ok_or_else(|| fail("no geometry".into()))?;
            let geometry: geo::Geometry<f64> =
                geometry.try_into().map_err(|e| fail(format!("{e}")))?;
            let lines = match geometry {
                geo::Geometry::LineString(l) => MultiLineString(vec![l]),
                geo::Geometry::MultiLineString(m) => m,
                other => return Err(fail(format!("a {other:?} where lines were expected"))),
            };
            Ok(BoundaryLine {
                class,
                name: text("name"),
                left: text("left"),
                right: text("right"),
                left_a3: text("left_a3"),
                right_a3: text("right_a3"),
                lines,
            })
        })
        .collect()
}

/// How close (in degrees) a plain border must run to a classified line to count as the same
/// line: the two sources agree within 0.002° (world-atlas' quantization step is 0.0036° of
/// longitude), and no two distinct borders run this close for long.
pub const COVER_TOLERANCE_DEGREES: f64 = 0.005;

/// The plain borders with every stretch that runs along a classified line cut out: a segment
/// goes when both its ends and its middle lie within `tolerance` degrees of a classified line.
pub fn uncovered_borders(
    borders: &[LineFeature],
    classified: &[BoundaryLine],
    tolerance: f64,
) -> Vec<LineFeature> {
    if classified.is_empty() {
        return borders.to_vec();
    }
    let index = SegmentGrid::new(classified.iter().flat_map(|b| b.lines.iter()), tolerance);
    borders
        .iter()
        .filter_map(|feature| {
            let mut kept = Vec::new();
            for line in &feature.lines {
                let mut run: Vec<Coord<f64>> = Vec::new();
                for segment in line.0.windows(2) {
                    let [a, b] = [segment[0], segment[1]];
                    let middle = Coord {
                        x: (a.x + b.x) / 2.0,
                        y: (a.y + b.y) / 2.0,
                    };
                    let covered = [a, middle, b].iter().all(|&p| index.near(p));
                    if covered {
                        if run.len() >= 2 {
                            kept.push(LineString(std::mem::take(&mut run)));
                        }
                        run.clear();
                    } else {
                        if run.is_empty() {
                            run.push(a);
                        }
                        run.push(b);
                    }
                }
                if run.len() >= 2 {
                    kept.push(LineString(run));
                }
            }
            (!kept.is_empty()).then(|| LineFeature {
                name: feature.name.clone(),
                lines: MultiLineString(kept),
            })
        })
        .collect()
}

/// Segments bucketed by grid cell, for "is this point near any of them" queries.
struct SegmentGrid {
    cell: f64,
    tolerance: f64,
    cells: std::collections::HashMap<(i64, i64), Vec<usize>>,
    segments: Vec<[Coord<f64>; 2]>,
}

impl SegmentGrid {
    fn new<'a>(lines: impl Iterator<Item = &'a LineString<f64>>, tolerance: f64) -> SegmentGrid {
        let mut grid = SegmentGrid {
            cell: 0.25,
            tolerance,
            cells: std::collections::HashMap::new(),
            segments: Vec::new(),
        };
        for line in lines {
            for pair in line.0.windows(2) {
                let index = grid.segments.len();
                grid.segments.push([pair[0], pair[1]]);
                let (x0, x1) = (pair[0].x.min(pair[1].x), pair[0].x.max(pair[1].x));
                let (y0, y1) = (pair[0].y.min(pair[1].y), pair[0].y.max(pair[1].y));
                let [cx0, cy0] = grid.key(x0 - tolerance, y0 - tolerance);
                let [cx1, cy1] = grid.key(x1 + tolerance, y1 + tolerance);
                for cx in cx0..=cx1 {
                    for cy in cy0..=cy1 {
                        grid.cells.entry((cx, cy)).or_default().push(index);
                    }
                }
            }
        }
        grid
    }

    fn key(&self, x: f64, y: f64) -> [i64; 2] {
        [
            (x / self.cell).floor() as i64,
            (y / self.cell).floor() as i64,
        ]
    }

    fn near(&self, p: Coord<f64>) -> bool {
        let [cx, cy] = self.key(p.x, p.y);
        let limit = self.tolerance * self.tolerance;
        self.cells.get(&(cx, cy)).is_some_and(|list| {
            list.iter()
                .any(|&i| squared_distance(p, self.segments[i]) <= limit)
        })
    }
}

fn squared_distance(p: Coord<f64>, [a, b]: [Coord<f64>; 2]) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length = dx * dx + dy * dy;
    let t = if length == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length).clamp(0.0, 1.0)
    };
    let (ex, ey) = (p.x - a.x - t * dx, p.y - a.y - t * dy);
    ex * ex + ey * ey
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(points: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(points.to_vec())
    }

    fn classified(points: &[(f64, f64)]) -> BoundaryLine {
        BoundaryLine {
            class: BoundaryClass::LineOfControl,
            name: None,
            left: None,
            right: None,
            left_a3: None,
            right_a3: None,
            lines: MultiLineString(vec![line(points)]),
        }
    }

    #[test]
    fn a_border_along_a_classified_line_is_cut_out_and_the_rest_kept() {
        let border = LineFeature {
            name: "A – B".into(),
            lines: MultiLineString(vec![line(&[
                (0.0, 0.0),
                (1.0, 0.0),
                (2.0, 0.0),
                (3.0, 0.0),
                (4.0, 0.0),
            ])]),
        };
        // Covers x = 1..3, a little off the border (as quantization leaves it).
        let loc = classified(&[(1.0, 0.001), (2.0, -0.001), (3.0, 0.001)]);
        let cut = uncovered_borders(&[border], &[loc], COVER_TOLERANCE_DEGREES);
        let pieces: Vec<Vec<f64>> = cut[0]
            .lines
            .iter()
            .map(|l| l.0.iter().map(|c| c.x).collect())
            .collect();
        assert_eq!(pieces, vec![vec![0.0, 1.0], vec![3.0, 4.0]]);
    }

    #[test]
    fn a_border_wholly_covered_goes_and_a_distant_one_stays() {
        let covered = LineFeature {
            name: "covered".into(),
            lines: MultiLineString(vec![line(&[(10.0, 10.0), (10.5, 10.2)])]),
        };
        let far = LineFeature {
            name: "far".into(),
            lines: MultiLineString(vec![line(&[(10.0, 10.1), (10.5, 10.3)])]),
        };
        let loc = classified(&[(10.0, 10.0), (10.5, 10.2)]);
        let cut = uncovered_borders(&[covered, far], &[loc], COVER_TOLERANCE_DEGREES);
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].name, "far");
    }

    #[test]
    fn natural_earth_classes_read() {
        for (text, class) in [
            ("Disputed (please verify)", Some(BoundaryClass::Disputed)),
            (
                "Indefinite (please verify)",
                Some(BoundaryClass::Indefinite),
            ),
            (
                "Indeterminant frontier",
                Some(BoundaryClass::IndeterminateFrontier),
            ),
            ("Lease limit", Some(BoundaryClass::LeaseLimit)),
            ("Overlay limit", Some(BoundaryClass::OverlayLimit)),
            ("Unrecognized", Some(BoundaryClass::Unrecognized)),
            ("International boundary (verify)", None),
        ] {
            assert_eq!(BoundaryClass::from_natural_earth(text), Ok(class), "{text}");
        }
        for class in BoundaryClass::ALL {
            assert_eq!(BoundaryClass::from_id(class.id()), Some(class));
        }
    }
}
