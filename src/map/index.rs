//! Hit-testing: which country is under a point, through an R-tree of polygon bounding boxes
//! followed by an exact point-in-polygon test on the few candidates.

use geo::{Area, BoundingRect, Contains, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::basemap::Country;

type Entry = GeomWithData<Rectangle<[f64; 2]>, (usize, usize)>;

/// A spatial index over the polygons of a set of countries, in longitude/latitude.
#[derive(Debug)]
pub struct CountryIndex {
    tree: RTree<Entry>,
}

impl CountryIndex {
    /// Indexes every polygon (not just every country), so a click in Alaska never tests the
    /// rest of the United States.
    pub fn build(countries: &[Country]) -> CountryIndex {
        let entries = countries
            .iter()
            .enumerate()
            .flat_map(|(country, c)| {
                c.geometry
                    .iter()
                    .enumerate()
                    .filter_map(move |(polygon, p)| {
                        let rect = p.bounding_rect()?;
                        Some(GeomWithData::new(
                            Rectangle::from_corners(
                                [rect.min().x, rect.min().y],
                                [rect.max().x, rect.max().y],
                            ),
                            (country, polygon),
                        ))
                    })
            })
            .collect();
        CountryIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    /// The index of the country containing a longitude/latitude. Where polygons overlap
    /// (disputed areas drawn by both sides) the smaller one wins, as a person pointing at it
    /// would expect.
    pub fn country_at(&self, countries: &[Country], lon_lat: [f64; 2]) -> Option<usize> {
        let point = Point::new(lon_lat[0], lon_lat[1]);
        let hits: Vec<(usize, &geo::Polygon<f64>)> = self
            .tree
            .locate_all_at_point(lon_lat)
            .filter_map(|entry| {
                let (country, polygon) = entry.data;
                let p = countries.get(country)?.geometry.0.get(polygon)?;
                p.contains(&point).then_some((country, p))
            })
            .collect();
        if hits.len() <= 1 {
            return hits.first().map(|(country, _)| *country);
        }
        hits.into_iter()
            .map(|(country, p)| (country, p.unsigned_area()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(country, _)| country)
    }

    /// Countries whose polygons' boxes meet a longitude/latitude box.
    pub fn countries_in(&self, bbox: [f64; 4]) -> Vec<usize> {
        let envelope = AABB::from_corners([bbox[0], bbox[1]], [bbox[2], bbox[3]]);
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(envelope)
            .map(|e| e.data.0)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use crate::map::basemap::Detail;
    use crate::map::projected::DetailData;

    fn name_at(data: &DetailData, lon_lat: [f64; 2]) -> Option<&str> {
        data.country_at(lon_lat)
            .map(|i| data.base.countries[i].name.as_str())
    }

    #[test]
    fn known_places_fall_in_the_right_country_at_every_detail() {
        for detail in Detail::ALL {
            let data = DetailData::build(detail).expect("bundled map loads");
            assert_eq!(
                name_at(&data, [69.1723, 34.5281]),
                Some("Afghanistan"),
                "Kabul at {detail}"
            );
            assert_eq!(
                name_at(&data, [73.0479, 33.6844]),
                Some("Pakistan"),
                "Islamabad at {detail}"
            );
            // Maseru lies in Lesotho, a hole in South Africa.
            assert_eq!(
                name_at(&data, [27.4833, -29.3167]),
                Some("Lesotho"),
                "Maseru at {detail}"
            );
            assert_eq!(
                name_at(&data, [24.0, -29.0]),
                Some("South Africa"),
                "Northern Cape at {detail}"
            );
            // Both sides of the antimeridian in Chukotka are Russia; the Pacific is nobody's.
            assert_eq!(
                name_at(&data, [177.0, 66.0]),
                Some("Russia"),
                "Anadyr at {detail}"
            );
            assert_eq!(
                name_at(&data, [-175.0, 66.5]),
                Some("Russia"),
                "Chukotka east of 180° at {detail}"
            );
            assert_eq!(
                name_at(&data, [-150.0, 0.0]),
                None,
                "mid-Pacific at {detail}"
            );
            assert_eq!(
                name_at(&data, [0.0, -89.0]),
                Some("Antarctica"),
                "near the South Pole at {detail}"
            );
        }
    }

    #[test]
    fn countries_in_a_box_lists_the_neighbours() {
        let data = DetailData::build(Detail::Coarse).expect("bundled map loads");
        let names: Vec<&str> = data
            .index
            .countries_in([60.0, 29.0, 75.0, 38.0])
            .into_iter()
            .map(|i| data.base.countries[i].name.as_str())
            .collect();
        for expected in ["Afghanistan", "Pakistan", "Iran", "Tajikistan"] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        assert!(!names.contains(&"Brazil"));
    }
}
