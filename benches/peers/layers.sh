#!/bin/sh
# The peer for issue 11: GDAL's ogrinfo against `faultline check` on ~20 MB layer files.
#
# Run from the repository root after `cargo build --release`; needs gdal-bin and hyperfine
# (this machine only: neither the tests nor CI use them). The files are made from maps/:
# the 10m countries twice and the 50m countries once, as one Shapefile (19.1 MB .shp + 0.3 MB
# .dbf), its GeoPackage (19.8 MB) and its KML (21.2 MB).
set -eu
out=${1:-/tmp/faultline-layers}
mkdir -p "$out"
rm -f "$out"/big.*
ogr2ogr -f "ESRI Shapefile" "$out/big.shp" maps/countries-10m.geojson -nln big
ogr2ogr -append -f "ESRI Shapefile" "$out/big.shp" maps/countries-10m.geojson -nln big
ogr2ogr -append -f "ESRI Shapefile" "$out/big.shp" maps/countries-50m.geojson -nln big
ogr2ogr -f GPKG "$out/big.gpkg" "$out/big.shp" 2>/dev/null
ogr2ogr -f KML "$out/big.kml" "$out/big.shp" 2>/dev/null
ls -l "$out"/big.*
for f in shp gpkg kml; do
    hyperfine -N -w 3 -r 30 "target/release/faultline check $out/big.$f" \
        "ogrinfo -al -so $out/big.$f"
done
# What reading every feature costs GDAL (ogrinfo -so reads only the headers):
hyperfine -N -w 1 -r 5 "ogrinfo -al -q $out/big.shp"
