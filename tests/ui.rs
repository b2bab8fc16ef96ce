//! The window driven headless with egui_kittest: what a user clicks, and what they then see.

use egui::accesskit::Toggled;
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::projection::Projection;
use faultline::model::{ActorId, RelationshipId};
use faultline::scene::story::Focus;
use faultline::ui::{Action, FaultlineApp, Region, Selection};

const KABUL: [f64; 2] = [69.1723, 34.5281];

fn harness() -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1200.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

fn click_at(harness: &mut Harness<'static, FaultlineApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(2);
}

#[test]
fn unticking_a_base_layer_hides_it() {
    let mut harness = harness();
    assert!(harness.state().base_layers().graticule);
    let checkbox = harness.get_by_label("Graticule");
    assert_eq!(checkbox.accesskit_node().toggled(), Some(Toggled::True));
    checkbox.click();
    harness.run_steps(2);
    assert!(
        !harness.state().base_layers().graticule,
        "the graticule is off"
    );
    assert_eq!(
        harness.get_by_label("Graticule").accesskit_node().toggled(),
        Some(Toggled::False)
    );
    assert!(
        harness.state().base_layers().borders,
        "other layers are untouched"
    );
}

#[test]
fn clicking_an_actor_selects_it_and_highlights_its_ties() {
    let mut harness = harness();
    harness
        .state_mut()
        .apply(Action::ShowRegion(Region::AfghanistanAndNeighbours));
    harness.run_steps(2);
    // The Taliban-led administration is drawn at Kabul; actors sharing a spot are spread side by
    // side, so click the symbol where the scene says it is.
    let Some(target) = harness
        .state()
        .story_item_position("actor:taliban-administration")
    else {
        panic!("the Taliban administration is on the map");
    };
    click_at(&mut harness, target);
    let focus = Focus::Actor(ActorId::new("actor:taliban-administration"));
    assert_eq!(
        harness.state().selection(),
        Some(&Selection::Story(focus.clone()))
    );
    // The inspector lists its ties; the map draws them in full and dims the rest.
    harness.get_by_label("Ties");
    let highlighted = harness.state().highlighted_relationships();
    assert!(
        highlighted.contains(&RelationshipId::new("rel:russia-taliban-defence-framework")),
        "{highlighted:?}"
    );
    assert!(
        !highlighted.contains(&RelationshipId::new("rel:russia-ukraine-war")),
        "{highlighted:?}"
    );
    // A tie listed in the inspector can be followed.
    // The analysis panel starts hidden; hide it if it is shown, to make room.
    if let Some(hide) = harness.query_by_label("Hide analysis") {
        hide.click();
    }
    harness.run_steps(2);
    let Some(tie) = harness
        .get_all_by_label_contains("defence cooperation")
        .next()
    else {
        panic!("the defence framework is listed among the ties");
    };
    tie.click();
    harness.run_steps(2);
    let framework =
        Focus::Relationship(RelationshipId::new("rel:russia-taliban-defence-framework"));
    assert_eq!(
        harness.state().selection(),
        Some(&Selection::Story(framework))
    );
    // The relationship's grade is spelled out.
    assert!(
        harness
            .get_all_by_label_contains("fairly reliable")
            .next()
            .is_some()
    );
}

#[test]
fn with_the_story_hidden_clicking_kabul_selects_afghanistan_and_shows_its_codes() {
    let mut harness = harness();
    harness.get_by_label("Actors, ties and events").click();
    harness.run_steps(2);
    harness
        .state_mut()
        .apply(Action::ShowRegion(Region::AfghanistanAndNeighbours));
    harness.run_steps(2);
    let Some(kabul) = harness.state().screen_pos_of(KABUL) else {
        panic!("the map has a camera after the first frames");
    };
    click_at(&mut harness, kabul);
    assert_eq!(harness.state().selected_country(), Some("Afghanistan"));
    // The inspector shows the ISO codes.
    harness.get_by_label("AFG");
    harness.get_by_label("004");
    // Clicking the sea clears the selection.
    let Some(sea) = harness.state().screen_pos_of([62.0, 23.0]) else {
        panic!("the Arabian Sea is on screen");
    };
    click_at(&mut harness, sea);
    assert_eq!(harness.state().selected_country(), None);
}

#[test]
fn projection_menu_changes_the_projection_and_keeps_the_place() {
    let mut harness = harness();
    harness
        .state_mut()
        .apply(Action::ShowRegion(Region::AfghanistanAndNeighbours));
    harness.run_steps(2);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Projection").hover();
    harness.run_steps(2);
    harness.get_by_label("Web Mercator").click();
    harness.run_steps(2);
    assert_eq!(harness.state().projection(), Projection::WebMercator);
    // Kabul is still in view after the switch.
    let Some(pos) = harness.state().screen_pos_of(KABUL) else {
        panic!("camera exists");
    };
    let Some(rect) = harness.state().camera().map(|c| c.viewport) else {
        panic!("camera exists");
    };
    assert!(pos.x > 0.0 && f64::from(pos.x) < rect[0] + 300.0, "{pos:?}");
}

#[test]
fn a_bad_geojson_file_gives_a_message_and_the_app_carries_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.geojson");
    std::fs::write(&path, "{\"type\": \"FeatureCollection\", \"features\": [").expect("write");
    let mut harness = harness();
    harness.state_mut().apply(Action::AddLayer(path));
    harness.run_steps(2);
    let messages = harness.state().messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].is_error);
    assert!(
        messages[0].text.contains("broken.geojson"),
        "{}",
        messages[0].text
    );
    assert!(messages[0].text.contains("line 1"), "{}", messages[0].text);
    assert!(harness.state().layer_names().is_empty());
    // The message can be dismissed and the map still works.
    harness.get_by_label("Dismiss").click();
    harness.run_steps(2);
    assert!(harness.state().messages().is_empty());
}

#[test]
fn a_good_geojson_file_becomes_a_layer_that_can_be_hidden() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("places.geojson");
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Kabul"},"geometry":{"type":"Point","coordinates":[69.17,34.53]}},
            {"type":"Feature","properties":{"name":"Route"},"geometry":{"type":"LineString","coordinates":[[69.17,34.53],[73.05,33.68]]}}
        ]}"#,
    )
    .expect("write");
    let mut harness = harness();
    harness.state_mut().apply(Action::AddLayer(path));
    harness.run_steps(2);
    assert_eq!(harness.state().layer_names(), vec!["places"]);
    let checkbox = harness.get_by_label("places");
    assert_eq!(checkbox.accesskit_node().toggled(), Some(Toggled::True));
    checkbox.click();
    harness.run_steps(2);
    assert_eq!(
        harness.get_by_label("places").accesskit_node().toggled(),
        Some(Toggled::False)
    );
    harness.get_by_label("Remove").click();
    harness.run_steps(2);
    assert!(harness.state().layer_names().is_empty());
}

#[test]
fn searching_finds_the_minister_and_flies_there() {
    let mut harness = harness();
    let field = harness.get_by_label("Search");
    field.focus();
    field.type_text("asif");
    harness.run_steps(2);
    let Some(result) = harness
        .get_all_by_label_contains("Khawaja Muhammad Asif")
        .next()
    else {
        panic!("the minister is found");
    };
    result.click();
    harness.run_steps(3);
    let minister = Focus::Actor(ActorId::new("actor:khawaja-asif"));
    assert_eq!(
        harness.state().selection(),
        Some(&Selection::Story(minister))
    );
    // The map flew to Islamabad: it is near the middle of the map now.
    let (Some(pos), Some(camera)) = (
        harness.state().screen_pos_of([73.05, 33.73]),
        harness.state().camera(),
    ) else {
        panic!("the map has a camera");
    };
    let Some(rect) = harness.state().map_rect() else {
        panic!("the map was drawn");
    };
    let centre = rect.center();
    assert!(
        (pos - centre).length() < 5.0,
        "Islamabad at {pos:?}, centre {centre:?}"
    );
    assert!(
        camera.degrees_per_pixel(harness.state().projection()) < 0.1,
        "zoomed in to a regional view"
    );
}

#[test]
fn unticking_alleged_hides_the_alleged_recruitment() {
    let mut harness = harness();
    let recruitment = RelationshipId::new("rel:russia-recruits-taliban-fighters");
    assert!(
        harness
            .state()
            .visible()
            .relationships
            .contains(&recruitment)
    );
    harness.get_by_label("Filters").click();
    harness.run_steps(2);
    harness.get_by_label("alleged").click();
    harness.run_steps(2);
    assert!(
        !harness
            .state()
            .visible()
            .relationships
            .contains(&recruitment)
    );
    assert!(
        harness
            .state()
            .visible()
            .relationships
            .contains(&RelationshipId::new("rel:russia-ukraine-war"))
    );
    harness.get_by_label("Show everything").click();
    harness.run_steps(2);
    assert!(
        harness
            .state()
            .visible()
            .relationships
            .contains(&recruitment)
    );
}

#[test]
fn the_timeline_filters_the_map_by_period() {
    let mut harness = harness();
    harness.get_by_label("Timeline").click();
    harness.run_steps(3);
    harness.get_by_label("Show only this period").click();
    harness.run_steps(2);
    assert!(
        harness.state().filter().time_window.is_some(),
        "a period is set"
    );
    harness.get_by_label("Clear range").click();
    harness.run_steps(2);
    assert!(harness.state().filter().time_window.is_none());
}

#[test]
fn opening_a_project_file_replaces_the_story_and_a_broken_one_leaves_it() {
    let mut harness = harness();
    let scenario_title = harness.state().project().title.clone();
    let broken = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/projects/missing_actor.faultline.geojson"
    );
    harness.state_mut().apply(Action::OpenPath(broken.into()));
    harness.run_steps(2);
    assert_eq!(
        harness.state().project().title,
        scenario_title,
        "a broken project changes nothing"
    );
    let message = harness
        .state()
        .messages()
        .last()
        .map(|m| (m.is_error, m.text.clone()));
    assert!(
        matches!(&message, Some((true, text)) if text.contains("missing_actor")),
        "{message:?}"
    );

    let good = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/projects/with_unknown_data.faultline.geojson"
    );
    harness.state_mut().apply(Action::OpenPath(good.into()));
    harness.run_steps(2);
    assert_ne!(harness.state().project().title, scenario_title);
    assert!(
        harness.state().layer_names().is_empty(),
        "a project is not added as a layer"
    );
}

/// A window with a layer `blocks` of one square area over Brazil with `properties`, at world
/// view; also where the area's middle is on screen.
fn block_over_brazil(
    properties: &str,
) -> (
    tempfile::TempDir,
    Harness<'static, FaultlineApp>,
    egui::Pos2,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("blocks.geojson");
    let layer = format!(
        r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","properties":{properties},"geometry":{{"type":"Polygon",
             "coordinates":[[[-56,-16],[-44,-16],[-44,-4],[-56,-4],[-56,-16]]]}}}}
        ]}}"#
    );
    std::fs::write(&path, layer).expect("write");
    let mut harness = harness();
    harness.state_mut().apply(Action::AddLayer(path));
    harness.state_mut().apply(Action::ShowRegion(Region::World));
    harness.run_steps(3);
    let Some(pos) = harness.state().screen_pos_of([-50.0, -10.0]) else {
        panic!("Brazil is on screen");
    };
    (dir, harness, pos)
}

#[test]
fn hovering_a_layer_area_over_a_country_names_the_feature_not_the_country() {
    let (_dir, mut harness, pos) = block_over_brazil(r#"{"fid":"7","block":"Survey block"}"#);
    harness.hover_at(pos);
    harness.run_steps(3);
    assert!(
        harness
            .get_all_by_label_contains("Survey block (blocks)")
            .next()
            .is_some(),
        "the tooltip names the layer's feature by its guessed label property"
    );
    assert!(
        harness.query_by_label("Brazil").is_none(),
        "the country beneath is not named"
    );
}

#[test]
fn searching_finds_a_city_of_the_gazetteer_and_flies_there() {
    let mut harness = harness();
    let field = harness.get_by_label("Search");
    field.focus();
    field.type_text("Samarkand");
    harness.run_steps(2);
    let Some(result) = harness
        .get_all_by_label_contains("Samarkand (city, UZB")
        .next()
    else {
        panic!("the city is found");
    };
    result.click();
    harness.run_steps(3);
    let (Some(pos), Some(rect)) = (
        harness.state().screen_pos_of([66.96, 39.65]),
        harness.state().map_rect(),
    ) else {
        panic!("the map was drawn");
    };
    assert!(
        (pos - rect.center()).length() < 10.0,
        "Samarkand at {pos:?}, centre {:?}",
        rect.center()
    );
}

#[test]
fn clicking_a_layer_area_over_a_country_shows_its_properties_in_the_inspector() {
    let (_dir, mut harness, pos) =
        block_over_brazil(r#"{"block":"Survey block","operator":"Field team 4"}"#);
    click_at(&mut harness, pos);
    harness.run_steps(3);
    assert!(
        matches!(
            harness.state().selection(),
            Some(faultline::ui::Selection::LayerFeature { .. })
        ),
        "the feature is selected, not Brazil: {:?}",
        harness.state().selection()
    );
    assert!(
        harness.query_by_label("Field team 4").is_some(),
        "its properties are shown"
    );
    assert!(
        harness
            .query_by_label("Feature of the layer blocks")
            .is_some()
    );
}

#[test]
fn the_attribute_table_sorts_numbers_as_numbers_and_a_row_click_flies_to_its_feature() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("towns.geojson");
    // Populations as a KML or CSV-born file writes them: text, except one number.
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Bamiyan town","population":"900"},"geometry":{"type":"Point","coordinates":[67.83,34.82]}},
            {"type":"Feature","properties":{"name":"Herat town","population":"12000"},"geometry":{"type":"Point","coordinates":[62.2,34.35]}},
            {"type":"Feature","properties":{"name":"Zaranj town","population":45},"geometry":{"type":"Point","coordinates":[61.88,30.96]}}
        ]}"#,
    )
    .expect("write");
    let mut harness = harness();
    harness.state_mut().apply(Action::AddLayer(path));
    harness.run_steps(3);
    harness.get_by_label("Table").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("3 of 3 features").is_some());
    let y_of = |harness: &Harness<'static, FaultlineApp>, text: &str| {
        harness.get_by_label(text).rect().center().y
    };
    assert!(
        y_of(&harness, "Bamiyan town") < y_of(&harness, "Herat town"),
        "the file's order first"
    );
    harness.get_by_label("population").click();
    harness.run_steps(3);
    assert!(
        y_of(&harness, "Zaranj town") < y_of(&harness, "Bamiyan town")
            && y_of(&harness, "Bamiyan town") < y_of(&harness, "Herat town"),
        "45 < 900 < 12000: numbers sort as numbers, not as text"
    );
    harness.get_by_label("population").click();
    harness.run_steps(3);
    assert!(
        y_of(&harness, "Herat town") < y_of(&harness, "Zaranj town"),
        "a second click sorts largest first"
    );

    // The filter keeps the rows that mention the text.
    let field = harness.get_by_label("Find:");
    field.focus();
    field.type_text("herat");
    harness.run_steps(3);
    assert!(harness.query_by_label("1 of 3 features").is_some());
    assert!(harness.query_by_label("Bamiyan town").is_none());

    // A row click selects the feature and frames it.
    let cell = harness.get_by_label("Herat town").rect();
    click_at(&mut harness, cell.center());
    harness.run_steps(5);
    let state = harness.state();
    assert_eq!(
        state.selection(),
        Some(&Selection::LayerFeature {
            layer: 0,
            feature: 1
        })
    );
    let (Some(pos), Some(rect)) = (state.screen_pos_of([62.2, 34.35]), state.map_rect()) else {
        panic!("the map was drawn");
    };
    assert!(
        (pos - rect.center()).length() < 10.0,
        "the map is centred on Herat: it is at {pos:?}, the centre at {:?}",
        rect.center()
    );
}

/// A KML file of two Folders: two bases and one checkpoint in Afghanistan.
const FOLDERS_KML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>sites</name>
  <Folder><name>Bases</name>
    <Placemark><name>Base one</name><Point><coordinates>65.0,31.5</coordinates></Point></Placemark>
    <Placemark><name>Base two</name><Point><coordinates>66.5,32.5</coordinates></Point></Placemark>
  </Folder>
  <Folder><name>Checkpoints</name>
    <Placemark><name>Checkpoint</name><Point><coordinates>68.0,33.0</coordinates></Point></Placemark>
  </Folder>
</Document></kml>"#;

#[test]
fn unticking_a_kml_folder_hides_its_features_in_one_undoable_step_saved_with_the_layer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sites.kml");
    std::fs::write(&path, FOLDERS_KML).expect("write");
    let mut harness = harness();
    // Without cities, whose dots come and go as names find room.
    harness.state_mut().apply(Action::SetBaseLayer(
        faultline::ui::BaseLayerKind::Cities,
        false,
    ));
    harness.state_mut().apply(Action::AddLayer(path));
    harness
        .state_mut()
        .apply(Action::ShowRegion(Region::AfghanistanAndNeighbours));
    harness.run_steps(3);
    let markers = harness.state().drawn_marker_count();
    let base = harness.get_by_label("Bases");
    assert_eq!(base.accesskit_node().toggled(), Some(Toggled::True));
    base.click();
    harness.run_steps(3);
    assert_eq!(
        harness.state().drawn_marker_count(),
        markers - 2,
        "the two bases are no longer drawn"
    );
    assert!(
        !harness
            .state()
            .drawn_texts()
            .iter()
            .any(|t| t == "Base one"),
        "nor named"
    );
    assert!(
        harness
            .state()
            .drawn_texts()
            .iter()
            .any(|t| t == "Checkpoint")
    );
    // A hidden base cannot be pointed at: the hover finds no feature there.
    let Some(pos) = harness.state().screen_pos_of([65.0, 31.5]) else {
        panic!("the base is on screen");
    };
    harness.hover_at(pos);
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("Base one").is_none());
    let entries =
        faultline::model::settings::UserLayerEntry::list_from_view(&harness.state().project().view);
    assert_eq!(entries[0].hidden_groups, vec!["Bases".to_owned()]);
    assert_eq!(
        harness.state().undo_label(),
        Some("Hide group “Bases” of layer “sites”")
    );

    // The attribute table can leave out what is not drawn.
    harness.get_by_label("Table").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("3 of 3 features").is_some());
    harness.get_by_label("Only features drawn").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("1 of 3 features").is_some());

    harness.state_mut().apply(Action::Undo);
    harness.run_steps(3);
    assert!(
        harness.query_by_label("3 of 3 features").is_some(),
        "the table follows the undo"
    );
    assert_eq!(harness.state().drawn_marker_count(), markers);
    assert_eq!(
        harness
            .get_by_role_and_label(egui::accesskit::Role::CheckBox, "Bases")
            .accesskit_node()
            .toggled(),
        Some(Toggled::True)
    );
}

#[test]
fn the_timelines_period_hides_kml_placemarks_dated_outside_it_but_not_undated_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("raids.kml");
    std::fs::write(
        &path,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Raid of 2019</name><TimeStamp><when>2019-03-01T04:00:00Z</when></TimeStamp>
    <Point><coordinates>65.0,31.5</coordinates></Point></Placemark>
  <Placemark><name>Raids of 2022</name><TimeSpan><begin>2022-01</begin><end>2022-06</end></TimeSpan>
    <Point><coordinates>66.5,32.5</coordinates></Point></Placemark>
  <Placemark><name>Depot</name><Point><coordinates>68.0,33.0</coordinates></Point></Placemark>
</Document></kml>"#,
    )
    .expect("write");
    let mut harness = harness();
    harness.state_mut().apply(Action::AddLayer(path));
    harness
        .state_mut()
        .apply(Action::ShowRegion(Region::AfghanistanAndNeighbours));
    harness.run_steps(3);
    let named = |harness: &Harness<'static, FaultlineApp>, name: &str| {
        harness.state().drawn_texts().iter().any(|t| t == name)
    };
    assert!(named(&harness, "Raid of 2019") && named(&harness, "Raids of 2022"));
    harness
        .state_mut()
        .apply(Action::SetFilter(faultline::model::filter::Filter::years(
            2021, 2023,
        )));
    harness.run_steps(3);
    assert!(!named(&harness, "Raid of 2019"), "dated before the period");
    assert!(named(&harness, "Raids of 2022"), "within it");
    assert!(named(&harness, "Depot"), "undated: always drawn");
    harness.state_mut().apply(Action::SetFilter(
        faultline::model::filter::Filter::default(),
    ));
    harness.run_steps(3);
    assert!(named(&harness, "Raid of 2019"), "back with no period");
}
