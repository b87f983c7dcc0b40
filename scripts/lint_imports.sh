#!/usr/bin/env bash
# Check the import contracts in pyproject.toml on the package as it installs: layers/ and
# ui/ land inside gisplanner/ only after installation (setuptools package-dir), so the
# contracts are checked on a fresh install in a temporary folder, not on the source tree.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
py="${PYTHON:-$repo/.venv/bin/python}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$py" -m pip install -q --no-deps --no-build-isolation --target "$tmp/site" "$repo" >/dev/null 2>&1 \
  || "$py" -m pip install -q --no-deps --target "$tmp/site" "$repo"
rm -rf "$repo/build"
cd "$tmp"
PYTHONPATH="$tmp/site" "$(dirname "$py")/lint-imports" --config "$repo/pyproject.toml" --no-cache
