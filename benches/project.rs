//! Speed of opening big projects: a story with 10,000 dated events must open in well under a
//! second (read + check + what the window computes before its first frame).
//!
//! Run with `cargo bench --bench project`; the figures are reported in the issue notes.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use faultline::model::file::{built_in_scenario, parse_project, to_geojson_bytes};
use faultline::model::filter::Filter;
use faultline::model::{DateRange, EventId, Place, Project};

/// The built-in scenario with its events copied until there are `count`, spread over places
/// and 30 years so that filters and the timeline have real work to do.
fn project_with_events(count: usize) -> Project {
    let mut project = built_in_scenario().expect("the built-in scenario loads");
    let templates = project.events.clone();
    project.events.clear();
    for index in 0..count {
        let mut event = templates[index % templates.len()].clone();
        event.id = EventId::from(format!("event-{index}").as_str());
        event.title = format!("{} ({index})", event.title);
        let year = 1995 + (index % 30);
        let month = 1 + (index % 12);
        event.date = format!("{year}-{month:02}")
            .parse::<DateRange>()
            .expect("a valid month");
        let lon = -170.0 + (index as f64 * 7.31) % 340.0;
        let lat = -60.0 + (index as f64 * 3.17) % 130.0;
        event.place = Place::new(lon, lat, format!("Place {index}"));
        project.events.push(event);
    }
    project
}

fn opening(c: &mut Criterion) {
    let project = project_with_events(10_000);
    let bytes = to_geojson_bytes(&project);
    eprintln!(
        "project with 10,000 events: {:.1} MB on disk",
        bytes.len() as f64 / 1e6
    );
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    group.bench_function("parse + check a project with 10,000 events", |b| {
        b.iter(|| {
            black_box(
                parse_project(black_box(&bytes), "big")
                    .expect("valid")
                    .events
                    .len(),
            )
        })
    });
    group.bench_function(
        "open a project with 10,000 events (parse + check + filter)",
        |b| {
            b.iter(|| {
                let project = parse_project(black_box(&bytes), "big").expect("valid");
                black_box(Filter::default().visible(&project));
            })
        },
    );
    group.bench_function("save a project with 10,000 events (to bytes)", |b| {
        b.iter(|| black_box(to_geojson_bytes(black_box(&project)).len()))
    });
    group.finish();
}

criterion_group!(benches, opening);
criterion_main!(benches);
