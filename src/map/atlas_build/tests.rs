//! Unit tests of `map::atlas_build`.

use geo::{Contains, Point};
use geojson::{GeometryValue, Position};
use serde_json::Value;

use super::lines::{merge_lines, split_line_at_antimeridian};
use super::rings::{Bounds, set_winding, signed_area};
use super::*;

fn c(x: f64, y: f64) -> Coord<f64> {
    Coord { x, y }
}

fn ring(points: &[(f64, f64)]) -> Ring {
    points.iter().map(|&(x, y)| c(x, y)).collect()
}

fn in_range(r: &[Coord<f64>]) -> bool {
    r.iter().all(|p| p.x.abs() <= 180.0 && p.y.abs() <= 90.0)
}

fn closed(r: &[Coord<f64>]) -> bool {
    r.len() >= 4 && r.first() == r.last()
}

fn max_lon_step(r: &[Coord<f64>]) -> f64 {
    r.windows(2)
        .map(|w| (w[1].x - w[0].x).abs())
        .fold(0.0, f64::max)
}

#[test]
fn decodes_a_tiny_quantized_topology() {
    // Two unit squares sharing arc 0 (x = 11); the second reads all its arcs backwards (~i).
    let topology = r#"{
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [
            [[2, 0], [0, 4]],
            [[2, 4], [-2, 0], [0, -4], [2, 0]],
            [[4, 0], [-2, 0]],
            [[2, 4], [2, 0], [0, -4, 99]]
        ],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "004", "properties": {"name": "West"}},
            {"type": "Polygon", "arcs": [[-3, -4, -1]], "properties": {"name": "East"}}
        ]}}
    }"#;
    let raw: Topology = serde_json::from_str(topology).expect("parses");
    let arcs = decode_arcs(&raw.arcs, raw.transform.as_ref(), 1e6).expect("decodes");
    assert_eq!(arcs[0], ring(&[(11.0, 20.0), (11.0, 21.0)]));
    assert_eq!(
        arcs[1],
        ring(&[(11.0, 21.0), (10.0, 21.0), (10.0, 20.0), (11.0, 20.0)])
    );
    let east = stitch_ring(&arcs, &[-3, -4, -1]).expect("in range");
    assert_eq!(
        east,
        ring(&[
            (11.0, 20.0),
            (12.0, 20.0),
            (12.0, 21.0),
            (11.0, 21.0),
            (11.0, 20.0)
        ])
    );
    assert_eq!(stitch_ring(&arcs, &[0, 7]), Err(7));
    assert_eq!(stitch_ring(&arcs, &[-9]), Err(-9));

    let mut iso = IsoCodes::default();
    iso.by_numeric.insert(
        "004".into(),
        IsoCountry {
            alpha2: "AF".into(),
            alpha3: "AFG".into(),
            numeric: "004".into(),
        },
    );
    let atlas = build_atlas(
        topology.as_bytes(),
        &iso,
        &BuildOptions {
            label_tolerance: 0.01,
            decimals: None,
        },
    )
    .expect("builds");
    assert_eq!(atlas.stats.decimals, 2);
    assert_eq!(atlas.countries.features.len(), 2);
    let west = &atlas.countries.features[0];
    let props = west.properties.as_ref().expect("properties");
    assert_eq!(props["iso_a3"], "AFG");
    assert_eq!(props["iso_a2"], "AF");
    assert_eq!(west.id, Some(geojson::feature::Id::String("004".into())));
    let east = &atlas.countries.features[1];
    assert_eq!(east.id, Some(geojson::feature::Id::String("East".into())));
    assert_eq!(
        east.properties.as_ref().expect("properties")["iso_n3"],
        Value::Null
    );
    assert_eq!(atlas.stats.without_iso, vec!["East".to_string()]);
    // Arc 0 is the border, drawn northwards so that West (the left country) is on its left;
    // the other arcs are coasts.
    assert_eq!(atlas.borders.features.len(), 1);
    let border = &atlas.borders.features[0];
    assert_eq!(
        border.properties.as_ref().expect("properties")["left"],
        "West"
    );
    assert_eq!(
        border.geometry.as_ref().map(|g| g.value.clone()),
        Some(GeometryValue::MultiLineString {
            coordinates: vec![vec![
                Position::from([11.0, 20.0]),
                Position::from([11.0, 21.0])
            ]]
        })
    );
    assert_eq!(atlas.coastlines.features.len(), 2);
}

#[test]
fn out_of_range_arc_is_reported_with_its_country() {
    let topology = r#"{"type": "Topology", "arcs": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "properties": {"name": "Ok"}},
            {"type": "MultiPolygon", "arcs": [[[0]], [[-913]]], "properties": {"name": "Fiji"}}
        ]}}}"#;
    let error = build_atlas(
        topology.as_bytes(),
        &IsoCodes::default(),
        &BuildOptions {
            label_tolerance: 0.01,
            decimals: None,
        },
    )
    .expect_err("must fail");
    assert_eq!(
        error.to_string(),
        "arc index -913 out of range (1 arcs) in countries geometry 1 (Fiji)"
    );
}

#[test]
fn decimals_follow_the_quantization_step() {
    assert_eq!(decimals_for_step(360.0 / 99_999.0), 4);
    assert_eq!(decimals_for_step(0.0016925586033320105), 4);
    assert_eq!(decimals_for_step(0.011), 3);
    assert_eq!(decimals_for_step(0.5), 2);
    assert_eq!(decimals_for_step(20.0), 0);
}

#[test]
fn ring_crossing_the_antimeridian_is_cut_into_two_closed_rings() {
    let input = ring(&[
        (170.0, 10.0),
        (-170.0, 10.0),
        (-170.0, 20.0),
        (170.0, 20.0),
        (170.0, 10.0),
    ]);
    let split = split_ring_at_antimeridian(&input).expect("cuts");
    assert!(split.cut && !split.closed_at_pole && !split.polar_cap);
    assert_eq!(split.rings.len(), 2);
    for r in &split.rings {
        assert!(closed(r) && in_range(r), "{r:?}");
        assert!(max_lon_step(r) <= 180.0, "{r:?}");
        assert!((signed_area(r).abs() - 200.0).abs() < 1e-9, "{r:?}");
    }
    let xs: Vec<(f64, f64)> = split
        .rings
        .iter()
        .map(|r| {
            let b = Bounds::of(r);
            (b.min.x, b.max.x)
        })
        .collect();
    assert!(
        xs.contains(&(170.0, 180.0)) && xs.contains(&(-180.0, -170.0)),
        "{xs:?}"
    );
}

#[test]
fn ring_with_vertices_on_the_antimeridian_is_cut_exactly() {
    // Like Russia: the jump is 178 → −180 (a vertex on the line), later −180 → 179.
    let input = ring(&[
        (170.0, 60.0),
        (178.0, 70.0),
        (-180.0, 69.0),
        (-175.0, 68.0),
        (-180.0, 65.0),
        (179.0, 64.0),
        (170.0, 60.0),
    ]);
    let split = split_ring_at_antimeridian(&input).expect("cuts");
    assert_eq!(split.rings.len(), 2, "{:?}", split.rings);
    let total: f64 = split.rings.iter().map(|r| signed_area(r).abs()).sum();
    let unwrapped = unwrap_longitudes(&input);
    assert!((total - signed_area(&unwrapped).abs()).abs() < 1e-9);
    for r in &split.rings {
        assert!(
            closed(r) && in_range(r) && max_lon_step(r) <= 180.0,
            "{r:?}"
        );
    }
}

#[test]
fn ring_crossing_four_times_gives_separate_pieces() {
    // A "U" lying across 180°: both arms reach east of it, joined west of it.
    let input = ring(&[
        (170.0, 0.0),
        (-170.0, 0.0),
        (-170.0, 2.0),
        (175.0, 2.0),
        (175.0, 4.0),
        (-170.0, 4.0),
        (-170.0, 6.0),
        (170.0, 6.0),
        (170.0, 0.0),
    ]);
    let split = split_ring_at_antimeridian(&input).expect("cuts");
    assert_eq!(split.rings.len(), 3, "{:?}", split.rings);
    let east: Vec<&Ring> = split.rings.iter().filter(|r| r[0].x < 0.0).collect();
    assert_eq!(east.len(), 2);
    for r in &split.rings {
        assert!(closed(r) && in_range(r), "{r:?}");
    }
    let total: f64 = split.rings.iter().map(|r| signed_area(r).abs()).sum();
    assert!(
        (total - 2.0 * (20.0 * 6.0 - 15.0 * 2.0)).abs() < 1e-9,
        "{total}"
    );
}

#[test]
fn pole_circling_ring_is_closed_at_minus_90() {
    let input = ring(&[
        (-180.0, -70.0),
        (-90.0, -75.0),
        (0.0, -70.0),
        (90.0, -75.0),
        (180.0, -70.0),
        (-180.0, -70.0),
    ]);
    let split = split_ring_at_antimeridian(&input).expect("closes");
    assert!(split.closed_at_pole && !split.cut);
    assert_eq!(split.rings.len(), 1);
    let r = &split.rings[0];
    assert!(closed(r) && in_range(r));
    assert!(r.iter().filter(|p| p.y == -90.0).count() >= 2);
    let along_pole = r.windows(2).filter(|w| w[0].y == -90.0 && w[1].y == -90.0);
    assert!(
        along_pole
            .map(|w| (w[1].x - w[0].x).abs())
            .all(|d| d <= POLE_EDGE_STEP_DEGREES + 1e-9),
        "{r:?}"
    );
    let polygons = assemble_polygons(split.rings.clone());
    assert!(polygons[0].contains(&Point::new(45.0, -85.0)));
    assert!(!polygons[0].contains(&Point::new(45.0, -60.0)));

    // Starting elsewhere, it is also cut at ±180.
    let input = ring(&[
        (0.0, -70.0),
        (90.0, -75.0),
        (180.0, -70.0),
        (-90.0, -75.0),
        (0.0, -70.0),
    ]);
    let split = split_ring_at_antimeridian(&input).expect("closes");
    assert!(split.closed_at_pole && split.cut);
    assert_eq!(split.rings.len(), 2);
    for r in &split.rings {
        assert!(
            closed(r) && in_range(r) && r.iter().any(|p| p.y == -90.0),
            "{r:?}"
        );
    }

    // A ring hugging the pole itself is dropped.
    let cap = ring(&[
        (-180.0, -89.999),
        (0.0, -89.999),
        (180.0, -89.999),
        (-180.0, -89.999),
    ]);
    assert!(split_ring_at_antimeridian(&cap).expect("ok").polar_cap);
}

#[test]
fn ring_touching_the_antimeridian_is_shifted_not_cut() {
    // Like 10m Fiji: one vertex written as −180 in a ring that lies east of 179.
    let input = ring(&[
        (-180.0, -16.0),
        (179.5, -16.0),
        (179.5, -17.0),
        (180.0, -17.0),
        (-180.0, -16.0),
    ]);
    let split = split_ring_at_antimeridian(&input).expect("ok");
    assert!(!split.cut && split.rewrapped);
    assert_eq!(split.rings.len(), 1);
    assert!(split.rings[0].iter().all(|p| p.x >= 179.5 && p.x <= 180.0));
}

#[test]
fn winding_is_corrected_and_holes_found_by_nesting() {
    // Outer ring clockwise (as in world-atlas), hole counter-clockwise, hole listed first.
    let outer = ring(&[
        (0.0, 0.0),
        (0.0, 10.0),
        (10.0, 10.0),
        (10.0, 0.0),
        (0.0, 0.0),
    ]);
    let hole = ring(&[(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0), (4.0, 4.0)]);
    let island = ring(&[(5.0, 4.5), (5.5, 5.0), (5.0, 5.5), (5.0, 4.5)]);
    let polygons = assemble_polygons(vec![hole, outer, island]);
    assert_eq!(polygons.len(), 2);
    use geo::Winding;
    let main = &polygons[0];
    assert!(main.exterior().is_ccw());
    assert_eq!(main.interiors().len(), 1);
    assert!(main.interiors()[0].is_cw());
    assert!(!main.contains(&Point::new(5.0, 4.2)));
    assert!(main.contains(&Point::new(2.0, 2.0)));
    assert!(polygons[1].exterior().is_ccw());

    let mut r = ring(&[(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (0.0, 0.0)]);
    set_winding(&mut r, true);
    assert!(signed_area(&r) > 0.0);
    set_winding(&mut r, false);
    assert!(signed_area(&r) < 0.0);
}

#[test]
fn spikes_and_pinches_are_cleaned() {
    // A square with a zero-width spike out of its right side, and one across the seam.
    let spiky = ring(&[
        (0.0, 0.0),
        (2.0, 0.0),
        (2.0, 1.0),
        (3.0, 1.0),
        (2.0, 1.0),
        (2.0, 2.0),
        (0.0, 2.0),
        (-1.0, 2.0),
        (0.0, 2.0),
        (0.0, 0.0),
    ]);
    let clean = remove_spikes(&spiky);
    assert_eq!(
        clean,
        ring(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (0.0, 0.0)
        ])
    );
    let tip_at_start = ring(&[
        (3.0, 1.0),
        (2.0, 1.0),
        (2.0, 2.0),
        (0.0, 2.0),
        (0.0, 0.0),
        (2.0, 0.0),
        (2.0, 1.0),
        (3.0, 1.0),
    ]);
    assert!(!remove_spikes(&tip_at_start).contains(&c(3.0, 1.0)));

    // A figure of eight pinched at (1, 1): two loops, then two counter-clockwise polygons.
    let eight = ring(&[
        (0.0, 0.0),
        (1.0, 1.0),
        (2.0, 0.0),
        (2.0, 2.0),
        (1.0, 1.0),
        (0.0, 2.0),
        (0.0, 0.0),
    ]);
    let loops = split_at_repeated_points(&eight);
    assert_eq!(loops.len(), 2);
    assert!(loops.iter().all(|l| closed(l) && l.len() == 4));
    let polygons = assemble_polygons(loops);
    assert_eq!(polygons.len(), 2);
    use geo::Winding;
    assert!(polygons.iter().all(|p| p.exterior().is_ccw()));
}

#[test]
fn lines_are_split_at_the_antimeridian_and_merged() {
    let line = ring(&[(178.0, 0.0), (-178.0, 2.0), (-178.0, 4.0)]);
    let parts = split_line_at_antimeridian(&line, 1e3);
    assert_eq!(
        parts,
        vec![
            ring(&[(178.0, 0.0), (180.0, 1.0)]),
            ring(&[(-180.0, 1.0), (-178.0, 2.0), (-178.0, 4.0)])
        ]
    );
    // Segments along ±180 (cut edges in the source) are dropped.
    let along = ring(&[(179.0, 0.0), (180.0, 0.0), (180.0, 1.0), (179.0, 1.0)]);
    assert_eq!(split_line_at_antimeridian(&along, 1e3).len(), 2);

    let merged = merge_lines(vec![
        ring(&[(1.0, 0.0), (2.0, 0.0)]),
        ring(&[(3.0, 0.0), (2.0, 0.0)]),
        ring(&[(0.0, 0.0), (1.0, 0.0)]),
        ring(&[(5.0, 5.0), (6.0, 6.0)]),
    ]);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].len(), 4);
    assert!(merged[0].contains(&c(0.0, 0.0)) && merged[0].contains(&c(3.0, 0.0)));
}

#[test]
fn iso_table_reads_codes_json_rows() {
    let codes = IsoCodes::from_codes_json(
        br#"[["AF", "AFG", "004", "ISO 3166-2:AF"], ["AL", "ALB", "008", "ISO 3166-2:AL"]]"#,
    )
    .expect("reads");
    assert_eq!(codes.len(), 2);
    assert_eq!(
        codes.by_numeric("004").map(|c| c.alpha3.as_str()),
        Some("AFG")
    );
    let bad = IsoCodes::from_codes_json(br#"[["AF", "AFG", "004"], ["AL", "ALB"]]"#)
        .expect_err("short row");
    assert_eq!(
        bad.to_string(),
        "ISO code table, row 1: 2 fields, expected at least 3"
    );
}

#[test]
fn sha256_matches_known_digests() {
    assert_eq!(
        sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        sha256_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
}
