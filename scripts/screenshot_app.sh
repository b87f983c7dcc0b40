#!/usr/bin/env bash
# Take the README screenshot: the real app under Xvfb with real fonts, the window grabbed once
# its map is drawn (main.py --screenshot).
# Usage: scripts/screenshot_app.sh [OUT.png] [extra main.py args, e.g. --feature cq.biocity]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshot-app.png}"
shift || true
export GISPLANNER_PROJECT="${GISPLANNER_PROJECT:-$(mktemp -d)/gisplanner.gpkg}"
export XDG_CONFIG_HOME="$(mktemp -d)"  # a first launch: no saved window size or layout
.venv/bin/python main.py build >/dev/null
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--feature cq.hsr.biocity-station)
xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python main.py --lang zh --screenshot "$out" "${args[@]}"
