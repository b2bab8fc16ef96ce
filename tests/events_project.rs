//! A project keeps its datasets: saved as links, reopened through the cache or the source,
//! and a moved source is reported while the project still opens.

use std::path::{Path, PathBuf};
use std::process::Command;

use faultline::events::cache::{cache_path, write_cache};
use faultline::events::cluster::ClusterIndex;
use faultline::events::import::{ImportOptions, Progress, import_file};
use faultline::events::link::{DatasetError, DatasetNotice, OpenedDataset, open_dataset};
use faultline::events::pairs::actor_pairs;
use faultline::events::promote::{PairPromotionError, pair_edits, story_event};
use faultline::model::{
    ActorKind, Edit, Project, RelationshipKind, Status, load_project, save_project,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/events")
        .join(name)
}

#[test]
fn a_saved_dataset_reopens_with_the_same_events_from_cache_and_from_source() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("acled.csv");
    std::fs::copy(fixture("acled_current_truncated.csv"), &source).unwrap();
    let project_path = dir.path().join("story.faultline.geojson");
    let imported = import_file(&source, &ImportOptions::default(), &Progress::default()).unwrap();
    let link = imported.link.clone().relative_to(&project_path);
    assert_eq!(link.path, "acled.csv", "written relative to the project");

    let mut project = Project::new("story");
    let undo = Edit::AddDataset {
        index: 0,
        link: link.clone(),
    }
    .apply(&mut project)
    .unwrap();
    save_project(&project_path, &project).unwrap();
    write_cache(
        &project_path,
        &link,
        &imported.table,
        &ClusterIndex::new(&imported.table),
    )
    .unwrap();

    let reopened = load_project(&project_path).unwrap();
    assert_eq!(reopened.datasets, vec![link.clone()]);
    let OpenedDataset { table, notice, .. } =
        open_dataset(&project_path, &reopened.datasets[0]).unwrap();
    assert_eq!(table, imported.table);
    assert_eq!(notice, None);

    std::fs::remove_file(cache_path(&project_path, &link)).unwrap();
    let OpenedDataset { table, notice, .. } = open_dataset(&project_path, &link).unwrap();
    assert_eq!(table, imported.table, "read again from the source");
    assert_eq!(notice, None);
    assert!(
        cache_path(&project_path, &link).exists(),
        "and cached again"
    );

    // Undo removes the link as one step.
    let mut undone = reopened.clone();
    undo.apply(&mut undone).unwrap();
    assert!(undone.datasets.is_empty());
}

#[test]
fn a_moved_source_is_reported_and_the_project_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("gdelt.export.CSV");
    std::fs::copy(fixture("gdelt.export.CSV"), &source).unwrap();
    let project_path = dir.path().join("p.faultline.geojson");
    let imported = import_file(&source, &ImportOptions::default(), &Progress::default()).unwrap();
    let link = imported.link.clone().relative_to(&project_path);
    let mut project = Project::new("p");
    Edit::AddDataset {
        index: 0,
        link: link.clone(),
    }
    .apply(&mut project)
    .unwrap();
    save_project(&project_path, &project).unwrap();
    write_cache(
        &project_path,
        &link,
        &imported.table,
        &ClusterIndex::new(&imported.table),
    )
    .unwrap();
    std::fs::rename(&source, dir.path().join("elsewhere.CSV")).unwrap();

    let reopened = load_project(&project_path).unwrap();
    let OpenedDataset { table, notice, .. } =
        open_dataset(&project_path, &reopened.datasets[0]).unwrap();
    assert_eq!(table.len(), 2, "the cached events still show");
    assert!(
        matches!(notice, Some(DatasetNotice::SourceMissing { .. })),
        "{notice:?}"
    );

    std::fs::remove_file(cache_path(&project_path, &link)).unwrap();
    let error = open_dataset(&project_path, &reopened.datasets[0]).unwrap_err();
    assert!(matches!(error, DatasetError::Missing { .. }));
    assert!(error.to_string().contains("gdelt.export.CSV"), "{error}");
}

#[test]
fn a_promoted_event_is_reported_and_cites_the_dataset() {
    let imported = import_file(
        &fixture("acled_2019_crlf.csv"),
        &ImportOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    let event = story_event(&imported.table, 1, &imported.link).unwrap();
    assert_eq!(event.status, Status::Reported);
    assert_eq!(event.description, "Fighting, then calm.");
    assert_eq!((event.place.lon, event.place.lat), (70.0, 35.0));
    assert_eq!(event.place.name, "Town B");
    assert!(event.grade.is_some());
    assert_eq!(event.sources.len(), 1);
    assert!(story_event(&imported.table, 2, &imported.link).is_none());
}

#[test]
fn the_import_command_writes_a_project_and_reports_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.faultline.geojson");
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["import"])
        .arg(fixture("acled_current_truncated.csv"))
        .arg("-o")
        .arg(&out)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["format"], "acled");
    assert_eq!(report["rows"], 4);
    assert_eq!(report["imported"], 2);
    assert_eq!(report["skipped"][1]["line"], 6);
    assert!(
        report["skipped"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("truncated")
    );
    assert_eq!(report["bbox"][0], 69.1);
    assert_eq!(report["date_range"][1], "2024-03-02");
    let project = load_project(&out).unwrap();
    assert_eq!(project.datasets.len(), 1);
    let OpenedDataset { table, .. } = open_dataset(&out, &project.datasets[0]).unwrap();
    assert_eq!(table.len(), 2);

    let not_events = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["import"])
        .arg(fixture("not_events.csv"))
        .arg("-o")
        .arg(dir.path().join("x.faultline.geojson"))
        .output()
        .unwrap();
    assert_eq!(not_events.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&not_events.stderr);
    assert!(stderr.contains("not an event table"), "{stderr}");
    assert!(!dir.path().join("x.faultline.geojson").exists());
}

#[test]
fn promoting_an_actor_pair_adds_both_sides_and_a_reported_tie_in_one_step() {
    let imported = import_file(
        &fixture("acled_current_truncated.csv"),
        &ImportOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    let table = &imported.table;
    let rows: Vec<u32> = (0..table.len() as u32).collect();
    let pairs = actor_pairs(table, rows.iter().map(|&r| r as usize));
    let pair = pairs
        .iter()
        .find(|p| p.actor1 == "Group North" && p.actor2 == "Group South")
        .expect("the clashes of the two groups are a pair");
    assert!(pair.count >= 1 && pair.first <= pair.last);

    let mut project = Project::new("story");
    let before = project.clone();
    let edit = pair_edits(&project, table, &rows, pair, &imported.link).unwrap();
    let undo = edit.apply(&mut project).unwrap();
    assert_eq!(project.actors.len(), 2, "both sides become story actors");
    let north = project
        .actors
        .iter()
        .find(|a| a.name == "Group North")
        .unwrap()
        .clone();
    assert_eq!(north.kind, ActorKind::NonStateArmedGroup);
    assert!(
        (north.anchor.lon - 69.10).abs() < 0.5 && (north.anchor.lat - 34.5).abs() < 0.5,
        "placed where its events are, not at the map's centre: {:?}",
        north.anchor
    );
    assert_eq!(north.anchor.name, "Town A");
    let tie = &project.relationships[0];
    assert_eq!(tie.status, Status::Reported);
    assert_eq!(tie.kind, RelationshipKind::ArmedConflict);
    assert!(tie.directed);
    assert_eq!(tie.from, north.id);
    assert_eq!(tie.sources.len(), 1);
    assert!(
        project.source(&tie.sources[0]).is_some(),
        "the dataset is cited"
    );

    // Again: refused, nothing doubled.
    assert!(matches!(
        pair_edits(&project, table, &rows, pair, &imported.link),
        Err(PairPromotionError::AlreadyInStory { .. })
    ));

    // The other direction is another tie, between the actors already there (names matched
    // in any case).
    let mut reversed = pair.clone();
    reversed.actor1 = "group south".into();
    reversed.actor2 = "Group North".into();
    let edit = pair_edits(&project, table, &rows, &reversed, &imported.link).unwrap();
    edit.apply(&mut project).unwrap();
    assert_eq!(project.actors.len(), 2, "no actor is added twice");
    assert_eq!(project.relationships.len(), 2);
    assert_eq!(project.relationships[1].to, north.id);

    // One undo takes the first promotion back whole.
    let mut first_only = before.clone();
    let edit = pair_edits(&first_only, table, &rows, pair, &imported.link).unwrap();
    let undo_first = edit.apply(&mut first_only).unwrap();
    undo_first.apply(&mut first_only).unwrap();
    assert_eq!(first_only, before);
    drop(undo);
}

/// More events than one batch of the cache, with a dictionary too wide for a byte, blanks and
/// multi-line notes: reopened from the cache they are the same events, in the same order.
#[test]
fn a_large_dataset_reopens_from_its_cache_unchanged() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("events.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&source).unwrap());
    writeln!(out, "event_id_cnty,event_date,event_type,actor1,actor2,admin1,latitude,longitude,notes,fatalities").unwrap();
    let rows = 70_000;
    for i in 0..rows {
        // 400 actors (two bytes a code), 3 event types, actor2 blank every other row.
        let actor2 = if i % 2 == 0 {
            String::new()
        } else {
            format!("Side {}", i % 7)
        };
        writeln!(
            out,
            "E{i},2024-03-{:02},{},Group {},{actor2},Province {},{:.3},{:.3},\"Clash {i}, near town\nsecond line\",{}",
            i % 28 + 1,
            ["Battles", "Riots", "Protests"][i % 3],
            i % 400,
            i % 30,
            30.0 + (i % 100) as f64 / 10.0,
            60.0 + (i % 150) as f64 / 10.0,
            i % 5
        )
        .unwrap();
    }
    drop(out);
    let project_path = dir.path().join("big.faultline.geojson");
    let imported = import_file(&source, &ImportOptions::default(), &Progress::default()).unwrap();
    assert_eq!(imported.table.len(), rows);
    let link = imported.link.clone().relative_to(&project_path);
    write_cache(
        &project_path,
        &link,
        &imported.table,
        &ClusterIndex::new(&imported.table),
    )
    .unwrap();
    let OpenedDataset {
        table,
        index,
        notice,
    } = open_dataset(&project_path, &link).unwrap();
    assert_eq!(notice, None);
    assert_eq!(table, imported.table);
    assert_eq!(
        index.z_order(),
        ClusterIndex::new(&table).z_order(),
        "the saved cluster order is this table's"
    );
    let field = |name: &str| table.fields.iter().find(|f| f.name == name).unwrap();
    assert_eq!(field("actor1").column.text(69_999), "Group 399");
    assert_eq!(field("actor2").column.text(69_998), "");
    assert_eq!(field("actor2").column.text(69_999), "Side 6");
    assert_eq!(
        field("notes").column.text(65_536),
        "Clash 65536, near town\nsecond line"
    );
}
