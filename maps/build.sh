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
    --out maps
