//! Import speed: ACLED-style CSV (5,000 rows) and GDELT-layout TSV at 10k/100k/1M rows, and
//! reopening a 1M-row dataset from its Arrow cache. Files are generated into a temp dir.

use std::io::Write;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use faultline::events::cache::{read_cache, write_cache};
use faultline::events::import::{ImportOptions, Progress, import_file};

/// A GDELT 2.0 row: 61 tab-separated columns with the values real files hold.
fn gdelt_row(i: usize, out: &mut impl Write) {
    let root = ["01", "04", "14", "18", "19"][i % 5];
    let lat = (i % 1400) as f64 / 10.0 - 70.0;
    let lon = (i % 3500) as f64 / 10.0 - 175.0;
    let day = 20200101 + (i % 28);
    let actors = [
        "GOVERNMENT",
        "POLICE",
        "REBELS",
        "PROTESTER",
        "MILITARY",
        "UNITED STATES",
    ];
    let a1 = actors[i % actors.len()];
    let a2 = actors[(i / 7) % actors.len()];
    let _ = writeln!(
        out,
        "{id}\t{day}\t202001\t2020\t2020.0027\tGOV\t{a1}\tUSA\t\t\t\t\tGOV\t\t\tREB\t{a2}\t\t\t\t\t\tREB\t\t\t1\t{root}0\t{root}0\t{root}\t4\t-10.0\t{m}\t1\t{m}\t-5.43\t4\tTown, Province, Country\tAF\tAF01\t\t{lat}\t{lon}\t-3378435\t4\tTown, Province, Country\tAF\tAF01\t\t{lat}\t{lon}\t-3378435\t4\tTown {t}, Province, Country\tAF\tAF{p:02}\t\t{lat}\t{lon}\t-3378435\t{day}134500\thttps://news.example.com/2020/01/story-{u}.html",
        id = 900_000_000 + i,
        m = i % 20 + 1,
        t = i % 500,
        p = i % 40,
        u = i / 3,
    );
}

fn acled_file(path: &Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp").unwrap();
    for i in 0..rows {
        writeln!(out, "XYZ{i},2024-03-{:02},2024,1,Political violence,Battles,Armed clash,Group {},,2,Group {},,2,22,,4,Region A,Country A,Province {},,,Town {},{:.4},{:.4},1,Paper {},National,\"On {} March, clashes near Town {}, with several killed; sources differ, see report.\",{},,1709300000", i % 28 + 1, i % 13, i % 17, i % 9, i % 300, 30.0 + (i % 100) as f64 / 10.0, 60.0 + (i % 150) as f64 / 10.0, i % 40, i % 28 + 1, i % 300, i % 7).unwrap();
    }
}

fn gdelt_file(dir: &Path, rows: usize) -> PathBuf {
    let path = dir.join(format!("{rows}.export.CSV"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..rows {
        gdelt_row(i, &mut out);
    }
    path
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let acled = dir.path().join("acled.csv");
    acled_file(&acled, 5_000);
    let options = ImportOptions::default();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("acled_5k", |b| {
        b.iter(|| import_file(&acled, &options, &Progress::default()).unwrap())
    });
    for rows in [10_000, 100_000, 1_000_000] {
        let path = gdelt_file(dir.path(), rows);
        group.bench_function(format!("gdelt_{rows}"), |b| {
            b.iter(|| import_file(&path, &options, &Progress::default()).unwrap())
        });
        if rows == 1_000_000 {
            let imported = import_file(&path, &options, &Progress::default()).unwrap();
            let project = dir.path().join("p.faultline.geojson");
            let index = faultline::events::cluster::ClusterIndex::new(&imported.table);
            write_cache(&project, &imported.link, &imported.table, &index).unwrap();
            group.bench_function("reopen_cache_1m", |b| {
                b.iter(|| read_cache(&project, &imported.link).unwrap())
            });
        }
        std::fs::remove_file(&path).unwrap();
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
