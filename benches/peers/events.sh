#!/bin/sh
# The peer for issue 10: GDAL's ogrinfo against `faultline import` on a 1,000,000-row
# GDELT-layout file (headerless, tab-separated; ActionGeo_Lat/Long are columns 57 and 58).
set -e
out=${1:-/tmp/fig}
mkdir -p "$out"
[ -f "$out/gdelt_1m.export.CSV" ] || python3 "$(dirname "$0")/gdelt_rows.py" 1000000 "$out/gdelt_1m.export.CSV"
cargo build --release
hyperfine -N -w 1 -r 5 \
    "target/release/faultline import $out/gdelt_1m.export.CSV -o $out/big.faultline.geojson" \
    "ogrinfo -ro -al -so -oo HEADERS=NO -oo X_POSSIBLE_NAMES=field_58 -oo Y_POSSIBLE_NAMES=field_57 $out/gdelt_1m.export.CSV"
# Reopening from the cache to a drawn 1920x1080 picture, whole process:
hyperfine -N -w 1 -r 5 "target/release/faultline render $out/big.faultline.geojson -o $out/big.png --size 1920x1080"
