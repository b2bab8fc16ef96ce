//! "Only inside the selection" in the window: the selected country's outline (its concave
//! coast, its islands) or a selected area annotation decides which dataset events pass, for
//! the map's clusters, the table's rows, the timeline's counts and the countries' shading alike.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::{
    Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, AnnotationStyle, Project,
};
use faultline::scene::choropleth::AreaCounts;
use faultline::ui::annotate::AnnotationCommand;
use faultline::ui::{Action, FaultlineApp, Selection};
use geo::{LineString, Polygon};

/// Five events around Croatia, whose outline is a crescent round Bosnia: its capital, the
/// southern arm (Sinj), the island of Krk, then Sarajevo (inside Croatia's box, outside Croatia) and
/// Rome (outside both).
const EVENTS: &str = "\
id,longitude,latitude,event_date,event_type
1,15.98,45.81,2024-01-05,Battles
2,16.64,43.70,2024-01-06,Protests
3,14.60,45.08,2024-01-07,Protests
4,18.41,43.86,2024-01-08,Battles
5,12.50,41.90,2024-01-09,Riots
";

fn project_with_an_area_round_sarajevo() -> Project {
    Project {
        annotations: vec![Annotation {
            id: AnnotationId::new("area:sarajevo"),
            kind: AnnotationKind::Area,
            geometry: AnnotationGeometry::Polygon(Polygon::new(
                LineString::from(vec![
                    (18.0, 43.5),
                    (19.0, 43.5),
                    (19.0, 44.2),
                    (18.0, 44.2),
                    (18.0, 43.5),
                ]),
                vec![],
            )),
            text: "Sarajevo siege ring".into(),
            style: AnnotationStyle::default(),
            extra: Default::default(),
        }],
        ..Project::default()
    }
}

fn step_until_shown(harness: &mut Harness<'static, FaultlineApp>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness.query_by_label_contains(label).is_none() {
        assert!(Instant::now() < deadline, "“{label}” never appeared");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
}

/// What passes, as the map, the table and the timeline see it.
fn passing(harness: &Harness<'static, FaultlineApp>) -> (u32, Vec<u32>, u32) {
    let dataset = &harness.state().datasets()[0];
    let per_day: u32 = dataset.per_day().iter().map(|(_, n)| n).sum();
    (
        dataset.index().shown(),
        dataset.shown_rows().as_slice().to_vec(),
        per_day,
    )
}

#[test]
fn a_selected_country_or_area_keeps_the_events_within_its_outline() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = dir.path().join("balkans.csv");
    std::fs::write(&csv, EVENTS).expect("write the table");
    let atlas = Atlas::load_now(&[Detail::Coarse, Detail::Medium, Detail::Fine]);
    let app = FaultlineApp::with_atlas_and_project(atlas, project_with_an_area_round_sarajevo());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1200.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness.state_mut().apply(Action::OpenPath(csv));
    harness.run_steps(3);
    harness.get_by_label("Import").click();
    step_until_shown(&mut harness, "Import report");
    harness.get_by_label("Add 5 events to the project").click();
    harness.run_steps(4);
    assert_eq!(passing(&harness).0, 5);

    harness.get_by_label("Event filters").click();
    harness.run_steps(2);
    assert!(
        harness
            .get_by_label("Only inside the selection")
            .accesskit_node()
            .is_disabled(),
        "nothing selected yet"
    );
    harness
        .state_mut()
        .apply(Action::Select(Some(Selection::Country("Croatia".into()))));
    harness.run_steps(2);
    harness.get_by_label("Only inside the selection").click();
    harness.run_steps(3);
    assert_eq!(
        passing(&harness),
        (3, vec![0, 1, 2], 3),
        "Zagreb, Sinj and Krk are in Croatia; Sarajevo, in its box, is not, nor is Rome"
    );
    assert!(harness.query_by_label("Only inside Croatia").is_some());

    // Unticked, all come back; an area annotation selected instead is the shape.
    harness.get_by_label("Only inside Croatia").click();
    harness.run_steps(2);
    assert_eq!(passing(&harness).0, 5);
    harness
        .state_mut()
        .apply(Action::Annotation(AnnotationCommand::Select(Some(
            AnnotationId::new("area:sarajevo"),
        ))));
    harness.run_steps(2);
    harness.get_by_label("Only inside the selection").click();
    harness.run_steps(3);
    assert_eq!(passing(&harness), (1, vec![3], 1), "only Sarajevo");
    assert!(
        harness
            .query_by_label("Only inside the area “Sarajevo siege ring”")
            .is_some()
    );

    // Shading countries counts the filtered events per country (by position: the table has
    // no country column), as one undoable step saved in the dataset's link.
    harness.get_by_label("Shade countries by count").click();
    harness.run_steps(3);
    assert!(harness.state().project().datasets[0].choropleth);
    assert_eq!(
        harness.state().undo_label(),
        Some("Shade countries by balkans.csv")
    );
    let counts = |h: &Harness<'static, FaultlineApp>| {
        let mut counts = h.state().datasets()[0]
            .area_counts()
            .and_then(|c| match &**c {
                AreaCounts::Countries(c) => Some(c.counts.clone()),
                AreaCounts::Admin1(_) => None,
            })
            .unwrap_or_default();
        counts.sort();
        counts
    };
    let only_bosnia = counts(&harness);
    assert_eq!(only_bosnia.len(), 1, "{only_bosnia:?}");
    assert!(only_bosnia[0].0.starts_with("Bosnia"), "{only_bosnia:?}");
    harness
        .get_by_label("Only inside the area “Sarajevo siege ring”")
        .click();
    harness.run_steps(3);
    let all = counts(&harness);
    assert!(all.contains(&("Croatia".to_owned(), 3)), "{all:?}");
    assert!(all.contains(&("Italy".to_owned(), 1)), "{all:?}");
    assert_eq!(all.iter().map(|(_, n)| n).sum::<u32>(), 5);
}
