use super::*;

fn bundled() -> Gazetteer {
    Gazetteer::bundled().expect("the bundled gazetteer loads")
}

#[test]
fn folding_ignores_case_accents_and_hyphens() {
    assert_eq!(fold("Mazār-e Sharīf"), "mazar e sharif");
    assert_eq!(fold("  KABUL "), "kabul");
    assert_eq!(fold("Côte d'Ivoire"), "cote divoire");
}

#[test]
fn lookup_finds_cities_by_name_and_alternate_name_without_accents() {
    let gazetteer = bundled();
    let found = gazetteer.lookup("mazar-e sharif");
    let first = gazetteer.place(found[0]).unwrap();
    assert_eq!(first.country_iso_a3.as_deref(), Some("AFG"));
    // "Moskva" is an alternate name of Moscow; the Russian capital outranks Moscow, Idaho.
    let moskva = gazetteer.lookup("Moskva");
    let moscow = gazetteer.place(moskva[0]).unwrap();
    assert_eq!(moscow.name, "Moscow");
    assert_eq!(moscow.country_iso_a3.as_deref(), Some("RUS"));
    assert!(
        gazetteer.lookup("Moscow").len() >= 2,
        "Moscow, Idaho is there too"
    );
    assert!(gazetteer.lookup("Nowhereville Xyz").is_empty());
}

#[test]
fn countries_demonyms_and_capitals_map_to_base_map_codes() {
    let gazetteer = bundled();
    let by = |index: Option<PlaceIndex>| {
        index
            .and_then(|i| gazetteer.place(i))
            .and_then(|p| p.country_iso_a3.clone())
    };
    assert_eq!(by(gazetteer.demonym("Afghan")).as_deref(), Some("AFG"));
    assert_eq!(by(gazetteer.demonym("pakistani")).as_deref(), Some("PAK"));
    assert_eq!(by(gazetteer.demonym("Russian")).as_deref(), Some("RUS"));
    assert_eq!(by(gazetteer.capital_of("Moscow")).as_deref(), Some("RUS"));
    assert_eq!(
        by(gazetteer.capital_of("Islamabad")).as_deref(),
        Some("PAK")
    );
    assert_eq!(
        gazetteer.country("afg").map(|c| c.name.as_str()),
        Some("Afghanistan")
    );
    let central_asian = gazetteer
        .demonym("Central Asian")
        .and_then(|i| gazetteer.place(i));
    let region = central_asian.expect("Central Asian is a region adjective");
    assert_eq!(region.kind, PlaceKind::Region);
    assert!(region.members.iter().any(|m| m == "UZB"));
    let kabul = gazetteer
        .capital_city("AFG")
        .and_then(|i| gazetteer.place(i));
    assert_eq!(kabul.map(|k| k.name.as_str()), Some("Kabul"));
}

#[test]
fn prefix_search_ranks_by_importance_and_lists_each_place_once() {
    let gazetteer = bundled();
    let hits = gazetteer.prefix_search("kab", 5);
    assert_eq!(hits[0].name, "Kabul");
    assert_eq!(hits[0].country_iso_a3.as_deref(), Some("AFG"));
    let mut indexes: Vec<_> = hits.iter().map(|h| h.index).collect();
    indexes.dedup();
    assert_eq!(indexes.len(), hits.len());
    let pak = gazetteer.prefix_search("Pakis", 3);
    assert_eq!(pak[0].kind, PlaceKind::Country);
    assert_eq!(pak[0].name, "Pakistan");
    assert!(gazetteer.prefix_search("", 5).is_empty());
    assert_eq!(gazetteer.prefix_search("s", 7).len(), 7);
}

#[test]
fn nearest_city_finds_kabul_from_a_point_nearby() {
    let gazetteer = bundled();
    let (index, km) = gazetteer.nearest_city(69.18, 34.53).unwrap();
    assert_eq!(gazetteer.place(index).unwrap().name, "Kabul");
    assert!(km < 5.0);
}

#[test]
fn cities_for_labels_are_the_large_ones() {
    let gazetteer = bundled();
    let big: Vec<_> = gazetteer.cities(5_000_000).collect();
    assert!(big.iter().any(|c| c.name == "Moscow"));
    assert!(big.iter().all(|c| c.population >= 5_000_000));
}

#[test]
fn malformed_lines_are_reported_with_their_line_number() {
    let error = Gazetteer::from_tsv("# header\nP\tX\tAFG\tabc\t1\t0\t\n", "test.tsv").unwrap_err();
    assert_eq!(
        error.to_string(),
        "test.tsv, line 2: column 4 (longitude): \"abc\" is not a number"
    );
    let error = Gazetteer::from_tsv("Q\tx\n", "t").unwrap_err();
    assert!(error.to_string().contains("unknown record type \"Q\""));
    let error = Gazetteer::from_gzip(b"not gzip", "g").unwrap_err();
    assert!(matches!(error, GazetteerError::Decompress { .. }));
}
