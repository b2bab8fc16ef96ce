// Simplifies Natural Earth's 1:10m first-level administrative areas (states, provinces) for
// Faultline's admin-1 choropleth, the way world-atlas makes its country files: a TopoJSON
// topology quantized to 1e5 steps, simplified by spherical triangle area, so that two
// neighbouring areas keep one shared border (simplified once, never with gaps or overlaps).
//
// Usage: node maps/admin1.js NE_ADMIN1.geojson OUT.geojson
// with topojson-server, topojson-simplify and topojson-client on NODE_PATH (maps/build.sh
// fetches the pinned versions). It keeps only the properties the app reads; `faultline
// build-maps --admin1 OUT.geojson` then rounds, orients and checks the result.
"use strict";

const fs = require("fs");
const server = require("topojson-server");
const simplify = require("topojson-simplify");
const client = require("topojson-client");

// Steradians: about 12 km² at the equator. Keeps a province's shape at regional scales
// (a country filling a full-HD screen) while dropping four vertices in five.
const MIN_WEIGHT = 3e-7;
// An area that simplification shrinks below this share of its area (a small island, a city
// district) keeps its full outline instead: its borders may then differ from its neighbours'
// by up to the simplification's tolerance, but it does not vanish.
const MIN_KEPT_SHARE = 0.5;

const [input, output] = process.argv.slice(2);
if (!input || !output) {
    console.error("usage: node admin1.js NE_ADMIN1.geojson OUT.geojson");
    process.exit(2);
}

const source = JSON.parse(fs.readFileSync(input, "utf8"));
const text = (value) => (typeof value === "string" && value.trim() !== "" && value !== "-99" ? value.trim() : null);
const names = (p) => {
    const all = [p.name_en, p.gn_name, p.woe_name, p.name_local, ...(text(p.name_alt) || "").split("|")];
    const seen = new Set([text(p.name)]);
    const out = [];
    for (const n of all.map(text)) {
        if (n && !seen.has(n)) {
            seen.add(n);
            out.push(n);
        }
    }
    return out;
};
const features = source.features
    .filter((f) => f.geometry)
    .map((f) => {
        const p = f.properties;
        return {
            type: "Feature",
            geometry: f.geometry,
            properties: {
                adm1_code: text(p.adm1_code),
                name: text(p.name) || text(p.name_en) || text(p.adm1_code),
                names: names(p),
                type: text(p.type_en),
                country: text(p.admin),
                country_a3: text(p.adm0_a3),
                country_a2: text(p.iso_a2),
                iso_3166_2: text(p.iso_3166_2),
                fips: text(p.fips),
                fips_alt: text(p.fips_alt),
                hasc: text(p.code_hasc),
                label_lon: typeof p.longitude === "number" ? p.longitude : null,
                label_lat: typeof p.latitude === "number" ? p.latitude : null,
            },
        };
    });

let topology = server.topology({ admin1: { type: "FeatureCollection", features } }, 1e5);
topology = simplify.presimplify(topology, simplify.sphericalTriangleArea);
topology = simplify.simplify(topology, MIN_WEIGHT);
const simplified = client.feature(topology, topology.objects.admin1);

// Planar area of a Polygon or MultiPolygon in square degrees (holes subtract).
const area = (geometry) => {
    if (!geometry) return 0;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    let total = 0;
    for (const polygon of polygons) {
        polygon.forEach((ring, i) => {
            let twice = 0;
            for (let k = 1; k < ring.length; k++) {
                twice += ring[k - 1][0] * ring[k][1] - ring[k][0] * ring[k - 1][1];
            }
            total += (i === 0 ? 1 : -1) * Math.abs(twice / 2);
        });
    }
    return total;
};
let kept = 0;
simplified.features.forEach((feature, i) => {
    const original = features[i].geometry;
    if (area(feature.geometry) < MIN_KEPT_SHARE * area(original)) {
        feature.geometry = original;
        kept += 1;
    }
});
fs.writeFileSync(output, JSON.stringify(simplified));
console.error(`admin1.js: ${simplified.features.length} areas simplified, ${kept} kept whole`);
