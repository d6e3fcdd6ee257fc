#!/usr/bin/env bash
# Redraws the example maps in this folder from the built-in data, at the three dates the
# maps are checked at: 2021-04-29 (the first large clash), 2022-09-16 (the September 2022
# war) and 2026-01-01 (after the 2025 treaty).
#   map-DATE.svg   the SVG map (`borderscope map --out map.svg`), 1,600 px wide
#   map-DATE.png   the same as PNG, 1,200 px wide (`--out map.png --width 1200`)
#   html-DATE.png  the HTML page on that day, in headless Chromium at 1,400 × 900
#
#   bash examples/maps/render.sh
#
# The SVGs and PNGs are the same bytes on every machine (tests/map.rs checks the SVGs are
# current); the screenshots depend on the Chromium version.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --release
bin="$PWD/target/release/borderscope"
out="$PWD/examples/maps"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" map --as-of 2022-09-16 --out "$work/map.html"
for d in 2021-04-29 2022-09-16 2026-01-01; do
  "$bin" map --as-of "$d" --out "$out/map-$d.svg" --force
  "$bin" map --as-of "$d" --width 1200 --out "$out/map-$d.png" --force
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --user-data-dir="$work/profile" --virtual-time-budget=10000 --window-size=1400,900 \
    --hide-scrollbars --screenshot="$out/html-$d.png" "file://$work/map.html#$d" 2>/dev/null
done
ls -l "$out"
