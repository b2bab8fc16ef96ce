//! Speed of `faultline check` on GeoJSON: the streaming scan it uses against loading the file as
//! a layer (what it did before), on the bundled levels and on ten copies of the 10m countries,
//! to show how the cost grows with the file.
//!
//! Run with `cargo bench --bench check`; the side-by-side with GDAL is in the issue notes.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use faultline::map::geojson_check::{Verdict, scan};
use faultline::map::vector_layer::parse_geojson;

fn level(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/maps/{name}", env!("CARGO_MANIFEST_DIR"))).expect("bundled map")
}

/// `copies` times the features of `countries-10m.geojson` in one collection.
fn repeated(copies: usize) -> Vec<u8> {
    let text = String::from_utf8(level("countries-10m.geojson")).expect("UTF-8");
    let start = text.find('[').expect("features array") + 1;
    let end = text.rfind(']').expect("features array");
    let features = &text[start..end];
    format!(
        "{}{}{}",
        &text[..start],
        vec![features; copies].join(","),
        &text[end..]
    )
    .into_bytes()
}

fn check(c: &mut Criterion) {
    let inputs = [
        ("110m", level("countries-110m.geojson")),
        ("50m", level("countries-50m.geojson")),
        ("10m", level("countries-10m.geojson")),
        ("10m x10", repeated(10)),
    ];
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for (name, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("streaming scan", name),
            bytes,
            |b, bytes| {
                b.iter(|| {
                    let scanned = scan(black_box(bytes));
                    assert!(matches!(scanned.verdict, Verdict::Valid(_)));
                    black_box(scanned.warning_total())
                })
            },
        );
        if bytes.len() < 50_000_000 {
            group.bench_with_input(
                BenchmarkId::new("load as a layer", name),
                bytes,
                |b, bytes| {
                    b.iter(|| {
                        black_box(
                            parse_geojson(black_box(bytes), "bench")
                                .expect("valid")
                                .features
                                .len(),
                        )
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
