//! The built-in story's names are legible: the key actor is always named, and no place is
//! named twice (once by its actor, once as a country).

use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::LonLatBox;
use faultline::map::projection::Projection;
use faultline::model::file::built_in_scenario;
use faultline::model::settings::{BaseLayers, BorderView};
use faultline::scene::MapStyle;
use faultline::scene::compose::{Framing, Picture, SceneInputs, ViewInputs, compose};
use faultline::scene::text::LabelFont;

/// The labels of the built-in story framed on `bbox` (`None`: the world) in a 1400×860 map.
fn labels(bbox: Option<[f64; 4]>) -> Vec<String> {
    labels_with(bbox, true)
}

/// As [`labels`], with the cities layer on or off.
fn labels_with(bbox: Option<[f64; 4]>, cities: bool) -> Vec<String> {
    labels_of(&built_in_scenario().expect("built-in story"), bbox, cities)
}

/// The labels of `project` framed on `bbox` in a 1400×860 map.
fn labels_of(
    project: &faultline::model::Project,
    bbox: Option<[f64; 4]>,
    cities: bool,
) -> Vec<String> {
    let font = LabelFont::bundled().expect("bundled font");
    let style = MapStyle::default();
    let picture = Picture::of_size([1400, 860], Some(1.0));
    let view = ViewInputs {
        projection: Projection::EqualEarth,
        pinned_detail: Some(Detail::Coarse),
        framing: Framing::Area(bbox.map(LonLatBox::from_array)),
        selected_country: None,
        focus: None,
        visible: None,
        path: &[],
        legend_collapsed: false,
    };
    let atlas = Atlas::load_now(&[Detail::Coarse]);
    let composition = compose(&view, &picture, false, &atlas).expect("base map");
    let scene = composition.scene(&SceneInputs {
        project: Some(project),
        project_title: &project.title,
        // Only the map's names: the legend's words are not places.
        base_layers: BaseLayers {
            legend: false,
            cities,
            ..BaseLayers::default()
        },
        border_view: BorderView::default(),
        furniture: None,
        layers: &[],
        datasets: &[],
        view,
        picture,
        style: &style,
        font: &font,
        background: None,
    });
    scene.label_texts().map(str::to_owned).collect()
}

/// The actor with the most ties in the built-in story.
fn key_actor_name() -> String {
    let project = built_in_scenario().expect("built-in story");
    let mut best: Option<(usize, &str)> = None;
    for actor in &project.actors {
        let ties = project
            .relationships
            .iter()
            .filter(|r| r.from == actor.id || r.to == actor.id)
            .count();
        if best.is_none_or(|(n, _)| ties > n) {
            best = Some((ties, actor.name.as_str()));
        }
    }
    best.expect("the story has actors").1.to_owned()
}

#[test]
fn key_actor_is_named_at_world_view_and_on_the_first_screen() {
    let key = key_actor_name();
    for bbox in [None, Some([44.0, 20.0, 82.0, 44.0])] {
        let texts = labels(bbox);
        assert!(
            texts.contains(&key),
            "{key} not named in {bbox:?}: {texts:?}"
        );
    }
}

#[test]
fn no_place_is_named_twice() {
    for bbox in [None, Some([44.0, 20.0, 82.0, 44.0])] {
        let texts = labels(bbox);
        let mut seen = std::collections::BTreeSet::new();
        for t in &texts {
            assert!(
                seen.insert(t.to_lowercase()),
                "{t} is drawn twice in {bbox:?}"
            );
        }
        // A country's name must not be drawn when an actor's label already carries it.
        let project = built_in_scenario().expect("built-in story");
        let actors: Vec<String> = project
            .actors
            .iter()
            .map(|a| a.name.to_lowercase())
            .collect();
        for country in texts.iter().filter(|t| !actors.contains(&t.to_lowercase())) {
            let folded = country.to_lowercase();
            if let Some(actor) = actors.iter().find(|a| a.contains(&folded)) {
                panic!("{country:?} is named again by the actor {actor:?} ({bbox:?})");
            }
        }
    }
}

/// Large cities of Afghanistan and Pakistan.
const REGIONAL_CITIES: [&str; 5] = ["Lahore", "Karachi", "Peshawar", "Quetta", "Herāt"];

#[test]
fn cities_are_named_as_the_map_zooms_in_and_not_at_world_view() {
    let regional = labels(Some([58.0, 24.0, 78.0, 40.0]));
    let named: Vec<&str> = REGIONAL_CITIES
        .iter()
        .copied()
        .filter(|city| regional.iter().any(|l| l == city))
        .collect();
    assert!(
        named.len() >= 2,
        "only {named:?} of {REGIONAL_CITIES:?} in {regional:?}"
    );
    let world = labels(None);
    assert!(
        !REGIONAL_CITIES
            .iter()
            .any(|city| world.iter().any(|l| l == city)),
        "no cities at world view: {world:?}"
    );
    let without = labels_with(Some([58.0, 24.0, 78.0, 40.0]), false);
    assert!(
        !REGIONAL_CITIES
            .iter()
            .any(|city| without.iter().any(|l| l == city)),
        "the Cities layer switched off: {without:?}"
    );
}

#[test]
fn a_city_the_story_already_names_is_not_named_again_whatever_its_accents() {
    // The gazetteer spells it "Herāt"; an actor anchored there is written "Herat".
    let mut project = built_in_scenario().expect("built-in story");
    let mut actor = project.actors[0].clone();
    actor.id = faultline::model::ActorId::new("actor:herat-office");
    actor.name = "Herat".into();
    actor.anchor = faultline::model::Place::new(62.2, 34.34, "Herat");
    project.actors.push(actor);
    let regional = labels_of(&project, Some([59.0, 31.0, 67.0, 37.0]), true);
    assert!(regional.iter().any(|l| l == "Herat"), "{regional:?}");
    assert!(!regional.iter().any(|l| l == "Herāt"), "{regional:?}");
    let without = labels_of(
        &built_in_scenario().expect("built-in story"),
        Some([59.0, 31.0, 67.0, 37.0]),
        true,
    );
    assert!(
        without.iter().any(|l| l == "Herāt"),
        "the city is named when nothing else names it: {without:?}"
    );
}
