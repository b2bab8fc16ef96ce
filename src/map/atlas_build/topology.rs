//! TopoJSON decoding: serde types of the topology, arc decoding, one country's arcs and codes.

use std::fmt;

use geo::Coord;
use geojson::JsonObject;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use super::rings::round_coord;
use super::{AtlasError, AtlasStats, IsoCodes, IsoCountry, Ring};

#[derive(Deserialize)]
pub(super) struct Topology {
    #[serde(rename = "type")]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) transform: Option<Transform>,
    #[serde(default)]
    pub(super) arcs: Vec<Vec<ArcPosition>>,
    pub(super) objects: Objects,
}

#[derive(Deserialize)]
pub(super) struct Transform {
    pub(super) scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
pub(super) struct Objects {
    #[serde(default)]
    pub(super) countries: Option<TopoGeometry>,
}

#[derive(Deserialize)]
pub(super) struct TopoGeometry {
    #[serde(rename = "type", default)]
    pub(super) kind: Option<String>,
    #[serde(default)]
    arcs: Value,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    properties: Option<JsonObject>,
    #[serde(default)]
    pub(super) geometries: Vec<TopoGeometry>,
}

/// A TopoJSON position: its first two numbers (any further ones are ignored).
#[derive(Clone, Copy, Debug)]
pub(super) struct ArcPosition([f64; 2]);

impl<'de> Deserialize<'de> for ArcPosition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PositionVisitor;
        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = ArcPosition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a position [x, y, ...]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ArcPosition, A::Error> {
                let x: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let y: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(ArcPosition([x, y]))
            }
        }
        deserializer.deserialize_seq(PositionVisitor)
    }
}

/// Undoes quantization (delta-encoded integers, then `scale` and `translate`), rounds, and
/// checks that every position is a longitude/latitude.
pub(super) fn decode_arcs(
    raw: &[Vec<ArcPosition>],
    transform: Option<&Transform>,
    scale: f64,
) -> Result<Vec<Ring>, AtlasError> {
    raw.iter()
        .enumerate()
        .map(|(arc, positions)| {
            // Rounded first, so that float noise in the transform (180.00000000000003) passes.
            let decoded: Ring = decode_arc(positions, transform)
                .into_iter()
                .map(|c| round_coord(c, scale))
                .collect();
            if let Some(position) = decoded
                .iter()
                .position(|c| !c.x.is_finite() || !c.y.is_finite())
            {
                return Err(AtlasError::BadArc {
                    arc,
                    position,
                    message: "not a finite number".into(),
                });
            }
            if let Some(position) = decoded
                .iter()
                .position(|c| c.x.abs() > 180.0 || c.y.abs() > 90.0)
            {
                return Err(AtlasError::BadArc {
                    arc,
                    position,
                    message: format!(
                        "{:?} is outside longitude/latitude range",
                        decoded[position]
                    ),
                });
            }
            if decoded.len() < 2 {
                return Err(AtlasError::BadArc {
                    arc,
                    position: decoded.len(),
                    message: "an arc needs at least two positions".into(),
                });
            }
            Ok(decoded)
        })
        .collect()
}

/// One arc in degrees: with a transform, positions are deltas from the previous one.
fn decode_arc(positions: &[ArcPosition], transform: Option<&Transform>) -> Ring {
    match transform {
        None => positions
            .iter()
            .map(|p| Coord {
                x: p.0[0],
                y: p.0[1],
            })
            .collect(),
        Some(t) => {
            let (mut x, mut y) = (0.0, 0.0);
            positions
                .iter()
                .map(|p| {
                    x += p.0[0];
                    y += p.0[1];
                    Coord {
                        x: x * t.scale[0] + t.translate[0],
                        y: y * t.scale[1] + t.translate[1],
                    }
                })
                .collect()
        }
    }
}

/// The arc an index refers to: negative indices `~i` mean arc `i` walked backwards.
pub(super) fn arc_index(reference: i64) -> usize {
    if reference >= 0 {
        reference as usize
    } else {
        (!reference) as usize
    }
}

/// Joins the arcs of a ring; consecutive arcs share their joint point, which is kept once.
/// Returns the offending reference if one is out of range.
pub(super) fn stitch_ring(arcs: &[Ring], references: &[i64]) -> Result<Ring, i64> {
    let mut ring: Ring = Vec::new();
    for &reference in references {
        let arc = arcs.get(arc_index(reference)).ok_or(reference)?;
        let skip = usize::from(!ring.is_empty());
        if reference >= 0 {
            ring.extend(arc.iter().skip(skip));
        } else {
            ring.extend(arc.iter().rev().skip(skip));
        }
    }
    Ok(ring)
}

pub(super) struct SourceCountry {
    pub(super) name: String,
    pub(super) iso_n3: Option<String>,
    pub(super) iso: Option<IsoCountry>,
    /// Arc references per polygon per ring; `None` for a `type: null` geometry.
    pub(super) polygons: Option<Vec<Vec<Vec<i64>>>>,
}

/// Reads name, codes and arc references of one geometry of the collection.
pub(super) fn read_country(
    index: usize,
    geometry: &TopoGeometry,
    iso: &IsoCodes,
    stats: &mut AtlasStats,
) -> Result<SourceCountry, AtlasError> {
    let iso_n3 = match &geometry.id {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => n.as_u64().map(|n| format!("{n:03}")),
        _ => None,
    };
    let name = geometry
        .properties
        .as_ref()
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| AtlasError::NoName {
            geometry: index,
            id: iso_n3.clone().unwrap_or_else(|| "none".into()),
        })?;
    let fail = |message: String| AtlasError::Geometry {
        geometry: index,
        name: name.clone(),
        message,
    };
    let polygons = match geometry.kind.as_deref() {
        None => None,
        Some("Polygon") => Some(vec![
            serde_json::from_value::<Vec<Vec<i64>>>(geometry.arcs.clone())
                .map_err(|e| fail(format!("Polygon arcs: {e}")))?,
        ]),
        Some("MultiPolygon") => Some(
            serde_json::from_value::<Vec<Vec<Vec<i64>>>>(geometry.arcs.clone())
                .map_err(|e| fail(format!("MultiPolygon arcs: {e}")))?,
        ),
        Some(other) => return Err(fail(format!("a {other}, expected Polygon or MultiPolygon"))),
    };
    let country = iso_n3.as_deref().and_then(|n| iso.by_numeric(n)).cloned();
    match (&iso_n3, &country) {
        (None, _) => stats.without_iso.push(name.clone()),
        (Some(code), None) => stats.unknown_iso.push(format!("{name} ({code})")),
        _ => {}
    }
    Ok(SourceCountry {
        name,
        iso_n3,
        iso: country,
        polygons,
    })
}
