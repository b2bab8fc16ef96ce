//! Importing event datasets in each published layout, from fixtures written for these tests.

use std::path::{Path, PathBuf};

use faultline::events::dates::DayOrder;
use faultline::events::day::{format, from_ymd};
use faultline::events::import::{
    Format, ImportError, ImportOptions, Mapping, Position, Progress, import_bytes, import_file,
    preview,
};
use faultline::events::table::Role;
use faultline::events::{EventTable, pairs::actor_pairs};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/events")
        .join(name)
}

fn import(name: &str, options: &ImportOptions) -> faultline::events::import::Imported {
    import_file(&fixture(name), options, &Progress::default()).unwrap()
}

fn field_text(table: &EventTable, name: &str, row: usize) -> String {
    table
        .fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
        .column
        .text(row)
        .into_owned()
}

#[test]
fn current_acled_keeps_multi_line_notes_and_reports_the_truncated_last_row_and_the_bad_date() {
    let imported = import("acled_current_truncated.csv", &ImportOptions::default());
    let (table, report) = (&imported.table, &imported.report);
    assert_eq!(report.format, Format::Acled);
    assert_eq!((report.rows, report.imported), (4, 2));
    let skipped: Vec<(u64, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0].0, 5);
    assert!(skipped[0].1.contains("2024-02-30"), "{}", skipped[0].1);
    assert_eq!(skipped[1].0, 6);
    assert!(skipped[1].1.starts_with("truncated"), "{}", skipped[1].1);
    assert_eq!(table.line, vec![2, 3]);
    assert_eq!(
        table.text(Role::Notes, 1),
        "Crowd gathered.\nSecond line of the note, with \"quotes\"."
    );
    assert_eq!(table.text(Role::Category, 0), "Battles");
    assert_eq!(table.text(Role::Actor2, 0), "Group South");
    assert_eq!(
        table.field(Role::Fatalities).unwrap().column.number(0),
        Some(2.0)
    );
    assert_eq!(field_text(table, "disorder_type", 1), "Demonstrations");
    assert_eq!(field_text(table, "tags", 1), "crowd size=hundreds");
    assert_eq!(field_text(table, "geo_precision", 1), "2");
    assert_eq!(
        table.title(0),
        "Battles: Armed clash, Group North v Group South, Town A"
    );
    assert_eq!(
        report.date_range,
        Some(["2024-03-01".into(), "2024-03-02".into()])
    );
    assert_eq!(report.bbox, Some([69.10, 34.50, 70.25, 35.00]));
    assert!(table.is_consistent());
}

#[test]
fn acled_2019_with_crlf_and_short_dates_and_the_old_upper_case_generation() {
    let new = import("acled_2019_crlf.csv", &ImportOptions::default());
    assert_eq!(new.report.format, Format::Acled);
    assert_eq!(new.report.imported, 2);
    assert_eq!(format(new.table.day_start[0]), "2020-05-09");
    assert_eq!(new.table.text(Role::Notes, 1), "Fighting, then calm.");
    assert_eq!(
        field_text(&new.table, "iso3", 1),
        "XYZ",
        "no \\r left on the last column"
    );
    assert_eq!(new.table.line, vec![2, 3], "CRLF lines count once");

    let old = import("acled_old.csv", &ImportOptions::default());
    assert_eq!(old.report.format, Format::Acled);
    assert_eq!(old.report.imported, 2, "{:?}", old.report.skipped);
    assert_eq!(format(old.table.day_start[0]), "2015-01-01");
    assert_eq!(format(old.table.day_start[1]), "2015-01-15");
    assert_eq!(old.table.text(Role::Actor1, 0), "Group North");
    assert_eq!(field_text(&old.table, "ALLY_ACTOR_1", 0), "");
    assert_eq!(
        old.table.field(Role::SubCategory),
        None,
        "the old layout has no sub-event type"
    );
}

#[test]
fn ucdp_with_an_hxl_row_and_without_a_header_read_the_same_events() {
    let hxl = import("ucdp_hxl.csv", &ImportOptions::default());
    assert_eq!(hxl.report.format, Format::Ucdp);
    assert_eq!(
        (hxl.report.rows, hxl.report.imported),
        (2, 2),
        "the tag row is not an event"
    );
    let table = &hxl.table;
    assert_eq!(
        (table.day_start[0], table.day_end[0]),
        (from_ymd(2020, 1, 1).unwrap(), from_ymd(2020, 1, 3).unwrap())
    );
    assert_eq!(table.text(Role::Category, 0), "State-based conflict");
    assert_eq!(table.text(Role::Category, 1), "One-sided violence");
    assert_eq!(table.text(Role::Actor1, 0), "Government of A");
    assert_eq!(
        table.field(Role::Fatalities).unwrap().column.number(1),
        Some(5.0)
    );

    let bare = import("ucdp_headerless.csv", &ImportOptions::default());
    assert_eq!(bare.report.format, Format::Ucdp);
    assert_eq!(bare.table.lon, table.lon);
    assert_eq!(bare.table.day_end, table.day_end);
    assert_eq!(bare.table.text(Role::Actor2, 1), "Civilians");
    assert_eq!(bare.table.line, vec![1, 2]);
}

#[test]
fn gdelt_tab_separated_and_zipped_keep_cameo_codes_as_text() {
    let plain = import("gdelt.export.CSV", &ImportOptions::default());
    assert_eq!(plain.report.format, Format::Gdelt);
    assert_eq!((plain.report.rows, plain.report.imported), (3, 2));
    assert_eq!(plain.report.skipped[0].line, 3);
    assert!(plain.report.skipped[0].reason.contains("longitude"));
    let table = &plain.table;
    assert_eq!(table.text(Role::Category, 0), "19 Fight");
    assert_eq!(table.text(Role::Category, 1), "14 Protest");
    assert_eq!(field_text(table, "EventCode", 1), "141");
    assert_eq!(table.text(Role::Url, 0), "https://news.example/1");
    assert_eq!(field_text(table, "GoldsteinScale", 0), "-10");
    assert!(
        table.fields.iter().all(|f| f.name != "Actor1Geo_Lat"),
        "actor geography is dropped"
    );

    let dir = tempfile::tempdir().unwrap();
    let zipped = dir.path().join("20200510.export.CSV.zip");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zipped).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("20200510.export.CSV", options).unwrap();
        zip.write_all(&std::fs::read(fixture("gdelt.export.CSV")).unwrap())
            .unwrap();
        zip.finish().unwrap();
    }
    let from_zip = import_file(&zipped, &ImportOptions::default(), &Progress::default()).unwrap();
    assert_eq!(from_zip.table, plain.table);
}

#[test]
fn gdelt_1_daily_files_and_the_backfile_are_recognised_with_actors_and_days() {
    // A daily file (58 columns, SOURCEURL last, DATEADDED a day, no ADM2 codes).
    let daily = import("20130415.export.CSV", &ImportOptions::default());
    assert_eq!(daily.report.format, Format::Gdelt);
    assert_eq!((daily.report.rows, daily.report.imported), (3, 2));
    assert_eq!(daily.report.skipped[0].line, 3);
    assert!(daily.report.skipped[0].reason.contains("longitude"));
    let table = &daily.table;
    assert_eq!(table.text(Role::Actor1, 0), "TALIBAN");
    assert_eq!(table.text(Role::Actor2, 0), "PAKISTAN");
    assert_eq!(
        format(table.day_start[0]),
        "2013-04-15",
        "SQLDATE is the day"
    );
    assert_eq!(format(table.day_start[1]), "2013-04-14");
    assert_eq!(table.text(Role::Category, 0), "02 Appeal");
    assert_eq!(
        field_text(table, "EventCode", 0),
        "023",
        "CAMEO codes keep their zero"
    );
    assert_eq!(
        table.text(Role::Location, 1),
        "Town C, Province Three, Country B"
    );
    assert_eq!(table.text(Role::Url, 1), "https://news.example/gdelt1/b");
    assert_eq!((table.lon[0], table.lat[0]), (70.45, 34.4));
    let pairs = actor_pairs(table, 0..table.len());
    assert_eq!(
        pairs.len(),
        2,
        "Taliban on Pakistan and Pakistan on the Taliban"
    );

    // The historical backfile: 57 columns, no SOURCEURL.
    let backfile = import("gdelt1_backfile_1979.csv", &ImportOptions::default());
    assert_eq!(backfile.report.format, Format::Gdelt);
    assert_eq!((backfile.report.rows, backfile.report.imported), (2, 2));
    let table = &backfile.table;
    assert_eq!(table.text(Role::Actor1, 0), "SOVIET UNION");
    assert_eq!(table.text(Role::Actor2, 0), "AFGHANISTAN");
    assert_eq!(
        backfile.report.date_range,
        Some(["1979-12-27".to_owned(), "1980-01-05".to_owned()])
    );
    assert_eq!(table.text(Role::Category, 1), "11 Disapprove");
    assert!(table.field(Role::Url).is_none());

    // Chosen by hand, the same.
    let chosen = import(
        "gdelt1_backfile_1979.csv",
        &ImportOptions {
            format: Some(Format::Gdelt),
            ..ImportOptions::default()
        },
    );
    assert_eq!(chosen.table, backfile.table);
}

#[test]
fn a_latin1_spreadsheet_reads_through_a_hand_made_mapping() {
    let path = fixture("latin1_wkt.csv");
    let seen = preview(&path, 5).unwrap();
    assert_eq!(seen.delimiter, b';');
    assert_eq!(seen.headers[2], "Ort");
    assert_eq!(seen.rows[0][2], "Köln");
    // "Datum" is no English date name, but its values are dates (13 and 14 second: month first).
    let guessed = seen.mapping.as_ref().expect("a guessed mapping");
    assert_eq!(guessed.date, "Datum");
    assert_eq!(guessed.day_order, DayOrder::MonthFirst);
    assert_eq!(
        guessed.position,
        Position::Wkt {
            column: "Geometrie".into()
        }
    );
    let mapping = Mapping {
        position: Position::Wkt {
            column: "Geometrie".into(),
        },
        date: "Datum".into(),
        date_end: None,
        day_order: DayOrder::MonthFirst,
        roles: [
            (Role::Title, "Ereignis".to_owned()),
            (Role::Notes, "Beschreibung".to_owned()),
        ]
        .into_iter()
        .collect(),
    };
    let options = ImportOptions {
        format: Some(Format::Csv),
        mapping: Some(mapping.clone()),
    };
    let imported = import("latin1_wkt.csv", &options);
    assert_eq!(imported.report.imported, 2);
    assert_eq!(imported.table.title(0), "Überfall");
    assert_eq!(
        imported.table.text(Role::Notes, 0),
        "Zeugen berichten über Schüsse"
    );
    assert_eq!(field_text(&imported.table, "Ort", 1), "Zürich");
    assert_eq!(format(imported.table.day_start[0]), "2021-05-13");
    assert_eq!(
        (imported.table.lon[1], imported.table.lat[1]),
        (8.54, 47.37)
    );
    assert_eq!(imported.link.mapping, Some(mapping));
}

#[test]
fn a_bom_csv_is_guessed_and_its_pairs_counted_in_order() {
    let imported = import("bom_lonlat.csv", &ImportOptions::default());
    assert_eq!(imported.report.format, Format::Csv);
    assert_eq!(imported.report.imported, 2);
    assert!(
        imported.report.skipped[0]
            .reason
            .contains("latitude \"95\"")
    );
    assert_eq!(
        imported.table.text(Role::Id, 0),
        "1",
        "the BOM is not part of the first name"
    );
    let pairs = actor_pairs(&imported.table, 0..imported.table.len());
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (
            pairs[0].actor1.as_str(),
            pairs[0].actor2.as_str(),
            pairs[0].count
        ),
        ("A", "B", 2)
    );
    assert_eq!(format(pairs[0].last), "2021-01-02");
}

#[test]
fn a_table_without_positions_or_dates_is_not_an_event_table() {
    let error = import_file(
        &fixture("not_events.csv"),
        &ImportOptions::default(),
        &Progress::default(),
    )
    .unwrap_err();
    assert!(
        matches!(error, ImportError::NotEventTable { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains("not_events.csv"), "{message}");
    assert!(message.contains("name, population"), "{message}");
}

#[test]
fn a_cancelled_import_stops_with_cancelled() {
    let mut text = String::from("lat,lon,date\n");
    for i in 0..10_000 {
        text.push_str(&format!("{}.5,{}.5,2020-01-01\n", i % 80, i % 170));
    }
    let progress = Progress::default();
    progress.cancel();
    let result = import_bytes(text.as_bytes(), &ImportOptions::default(), &progress);
    assert!(matches!(result, Err(ImportError::Cancelled { .. })));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn every_row_is_imported_or_reported(
            rows in proptest::collection::vec(
                (-200.0f64..200.0, -100.0f64..100.0, 0u8..5, "[a-z ,\"\n]{0,12}", any::<bool>()),
                1..40,
            )
        ) {
            let mut text = String::from("longitude,latitude,date,notes\n");
            for (lon, lat, date_kind, note, truncate) in &rows {
                let date = match date_kind {
                    0 => "2020-05-09",
                    1 => "9-May-20",
                    2 => "2021-02-30",
                    3 => "",
                    _ => "20200509",
                };
                let note = format!("\"{}\"", note.replace('"', "\"\""));
                if *truncate {
                    text.push_str(&format!("{lon}\n"));
                } else {
                    text.push_str(&format!("{lon},{lat},{date},{note}\n"));
                }
            }
            let (table, report, _) =
                import_bytes(text.as_bytes(), &ImportOptions::default(), &Progress::default())
                    .unwrap();
            prop_assert_eq!(report.rows, rows.len());
            prop_assert_eq!(report.rows, report.imported + report.skipped.len());
            prop_assert_eq!(table.len(), report.imported);
            prop_assert!(table.is_consistent());
            let expected = rows
                .iter()
                .filter(|(lon, lat, d, _, t)| {
                    !t && lon.abs() <= 180.0 && lat.abs() <= 90.0 && matches!(d, 0 | 1 | 4)
                })
                .count();
            prop_assert_eq!(report.imported, expected);
        }
    }
}
