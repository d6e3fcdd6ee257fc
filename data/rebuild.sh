#!/usr/bin/env bash
# Rebuilds data/border.geojson and data/SEGMENTS.md from their public source:
# the OpenStreetMap country polygons of npm @osm_borders/maritime_10m 1.1.0 (ODbL 1.0),
# cut and labelled by data/border-spec.toml (see data/SOURCES.md).
#
#   bash data/rebuild.sh            # rewrite data/border.geojson and data/SEGMENTS.md
#   bash data/rebuild.sh --check    # rebuild into a temporary folder and fail if it differs
#
# Needs npm (for `npm pack`), openssl, tar and cargo. Nothing is installed globally.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg="@osm_borders/maritime_10m@1.1.0"
tarball="osm_borders-maritime_10m-1.1.0.tgz"
integrity="sha512-Mln0gqbYzjqNX7iGtEt3np16nfGwjwADTuUg7J5LQTqlqUBDxsWaxQmsKtkJCumvc/pl7QZu8lvEs41JMs+zbQ=="

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetching $pkg" >&2
(cd "$work" && npm pack --silent "$pkg" >/dev/null 2>&1)
actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "integrity mismatch for $tarball: got $actual" >&2
  exit 1
fi
tar xzf "$work/$tarball" -C "$work" package/borders.geo.json

if [ "${1:-}" = "--check" ]; then
  cargo run --quiet --release --example build_border -- \
    "$work/package/borders.geo.json" data/border-spec.toml "$work/border.geojson" "$work/SEGMENTS.md"
  diff -u data/border.geojson "$work/border.geojson" >/dev/null \
    || { echo "data/border.geojson differs from a rebuild: run bash data/rebuild.sh" >&2; exit 1; }
  diff -u data/SEGMENTS.md "$work/SEGMENTS.md" \
    || { echo "data/SEGMENTS.md differs from a rebuild: run bash data/rebuild.sh" >&2; exit 1; }
  echo "data/border.geojson and data/SEGMENTS.md match a rebuild from $pkg" >&2
else
  cargo run --quiet --release --example build_border -- "$work/package/borders.geo.json"
fi
