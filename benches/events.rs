//! Event datasets on the map: building the cluster hierarchy, recounting it for a filter and
//! drawing a frame, at 10k, 100k and 1M events, to show how each grows.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use faultline::events::area::AreaShape;
use faultline::events::cluster::ClusterIndex;
use faultline::events::filter::EventFilter;
use faultline::events::table::{DictBuilder, EventTable, Field, Role};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::{Camera, LonLatBox};
use faultline::map::projection::Projection;
use faultline::scene::events::{DatasetInput, DatasetMode, draw_datasets};

/// Events scattered around a few hundred hot spots, as conflict data is.
fn synthetic(n: usize) -> EventTable {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let spots: Vec<(f64, f64)> = (0..300)
        .map(|_| (next() * 300.0 - 150.0, next() * 120.0 - 55.0))
        .collect();
    let mut table = EventTable::default();
    let mut category = DictBuilder::with_capacity(n);
    let names = [
        "Battles",
        "Protests",
        "Riots",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Strategic developments",
    ];
    for i in 0..n {
        let (lon, lat) = spots[(next() * spots.len() as f64) as usize % spots.len()];
        table.lon.push(lon + (next() - 0.5) * 4.0);
        table.lat.push(lat + (next() - 0.5) * 3.0);
        let day = 18_000 + (next() * 3000.0) as i32;
        table.day_start.push(day);
        table.day_end.push(day);
        table.line.push(i as u32 + 2);
        category.push(names[(next() * 6.0) as usize % 6]);
    }
    table.fields.push(Field {
        name: "event_type".into(),
        role: Some(Role::Category),
        column: category.finish(),
    });
    table
}

fn events(c: &mut Criterion) {
    let mut group = c.benchmark_group("events");
    group.sample_size(10);
    let viewport = [1920.0, 1080.0];
    let world = Camera::world(Projection::EqualEarth, viewport);
    let region = Camera::fit_lon_lat(
        Projection::EqualEarth,
        LonLatBox::new(60.0, 29.0, 76.0, 39.0),
        viewport,
        0.02,
    );
    // "Events inside" Russia at 1:10m: the largest box and one of the longest outlines.
    let atlas = Atlas::load_now(&[Detail::Fine]);
    let russia = atlas
        .level(Detail::Fine)
        .and_then(|level| level.base.country_by_name("Russia"))
        .and_then(|(_, country)| AreaShape::new(country.geometry.clone()))
        .expect("Russia at 1:10m");
    for n in [10_000usize, 100_000, 1_000_000] {
        let table = Arc::new(synthetic(n));
        group.bench_with_input(BenchmarkId::new("hierarchy", n), &n, |b, _| {
            b.iter(|| black_box(ClusterIndex::new(&table)))
        });
        let mut index = ClusterIndex::new(&table);
        let filter = EventFilter {
            categories: vec!["Battles".into(), "Riots".into()],
            ..EventFilter::default()
        };
        group.bench_with_input(BenchmarkId::new("filter_change", n), &n, |b, _| {
            b.iter(|| {
                let mask = filter.mask(&table);
                index.show(&table, |row| mask[row]);
            })
        });
        group.bench_with_input(BenchmarkId::new("inside_russia", n), &n, |b, _| {
            b.iter(|| black_box(index.mark_inside(&table, &russia)))
        });
        let index = Arc::new(index);
        for (view, camera) in [("world", &world), ("region", &region)] {
            let input = DatasetInput {
                name: "bench",
                table: &table,
                index: &index,
                mode: DatasetMode::Clusters,
                selected: None,
                shading: None,
            };
            group.bench_with_input(BenchmarkId::new(format!("frame_{view}"), n), &n, |b, _| {
                b.iter(|| black_box(draw_datasets(&[input], camera, Projection::EqualEarth)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, events);
criterion_main!(benches);
