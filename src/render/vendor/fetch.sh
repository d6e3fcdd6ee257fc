#!/usr/bin/env bash
# Fetches the web-map library the HTML map inlines: Leaflet 1.9.4 from its npm package
# (BSD-2-Clause; its LICENSE is kept beside it and in every page borderscope writes).
#
#   bash src/render/vendor/fetch.sh            # (re)write src/render/vendor/leaflet/
#   bash src/render/vendor/fetch.sh --check    # fail if the committed files differ
set -euo pipefail
cd "$(dirname "$0")"
pkg="leaflet@1.9.4"
integrity="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$pkg" >/dev/null 2>&1)
actual="sha512-$(openssl dgst -sha512 -binary "$work/leaflet-1.9.4.tgz" | base64 -w0)"
[ "$actual" = "$integrity" ] || { echo "integrity mismatch for $pkg: $actual" >&2; exit 1; }
tar xzf "$work/leaflet-1.9.4.tgz" -C "$work" package/dist/leaflet.js package/dist/leaflet.css package/LICENSE
if [ "${1:-}" = "--check" ]; then
  for f in leaflet.js leaflet.css; do cmp -s "$work/package/dist/$f" "leaflet/$f" || { echo "leaflet/$f differs from $pkg" >&2; exit 1; }; done
  cmp -s "$work/package/LICENSE" leaflet/LICENSE || { echo "leaflet/LICENSE differs from $pkg" >&2; exit 1; }
  echo "src/render/vendor/leaflet matches $pkg" >&2
else
  mkdir -p leaflet
  cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" leaflet/
fi
