#!/usr/bin/env bash
# Install everything gisplanner needs on Debian/Ubuntu: system packages (Qt's X11 libraries,
# Xvfb, CJK fonts, Chromium for the browser tests, QGIS for the GeoPackage check and the
# benchmarks) and a virtual environment in .venv with the package and its test tools.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv python3-pip
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
  libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libxcb-cursor0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 fonts-noto-cjk
  chromium
  qgis python3-qgis python3-gdal gdal-bin
  postgresql postgresql-15-postgis-3
)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "setup: apt-get not found; install the equivalents of: ${APT_PACKAGES[*]}" >&2
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "gisplanner needs Python 3.11 or newer"'
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# setuptools notes on every editable install that a folder named like the package in the
# current folder could shadow it; here that folder is the package itself.
PYTHONWARNINGS="ignore:Editable installation" .venv/bin/python -m pip install -q -e ".[test]"
echo "setup: done (.venv ready)"
