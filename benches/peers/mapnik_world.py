#!/usr/bin/python3
"""The peer for issue 14: Mapnik draws the 10m countries (fill and outline) at 3840x2160.

Run from the repository root:
    hyperfine -w 1 -r 5 '/usr/bin/python3 benches/peers/mapnik_world.py /tmp/mapnik.png' \
        'target/release/faultline render -o /tmp/faultline.png --size 3840x2160 --detail 10m'
Needs Debian's python3-mapnik (not used by the tests).
"""
import sys

import mapnik

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/mapnik-world.png"
m = mapnik.Map(3840, 2160, "+proj=eqearth +datum=WGS84 +units=m")
m.background = mapnik.Color("#dfe9f2")
style = mapnik.Style()
rule = mapnik.Rule()
fill = mapnik.PolygonSymbolizer()
fill.fill = mapnik.Color("#f4f1ea")
rule.symbols.append(fill)
line = mapnik.LineSymbolizer()
line.stroke = mapnik.Color("#8a8f99")
line.stroke_width = 1.0
rule.symbols.append(line)
style.rules.append(rule)
m.append_style("countries", style)
layer = mapnik.Layer("countries", "+proj=longlat +datum=WGS84")
layer.datasource = mapnik.Datasource(type="geojson", file="maps/countries-10m.geojson")
layer.styles.append("countries")
m.layers.append(layer)
m.zoom_all()
mapnik.render_to_file(m, out, "png")
