"""Leaflet's script and stylesheet, read from an installed package and inlined.

The files come from the PyPI package ``django-js-lib-leaflet`` (Leaflet 1.9.4's dist folder
as package data; despite the name it has no dependencies and does not need Django). It is a
normal dependency in pyproject.toml, so ``scripts/setup.sh`` installs it with everything
else: no Node tool chain, nothing fetched at export time, nothing copied into this repo.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

LEAFLET_PACKAGE = "js_lib_leaflet"
LEAFLET_DIST = "django-js-lib-leaflet==1.9.4.1"
INSTALL_HINT = (
    f"the HTML export needs Leaflet's files from the Python package {LEAFLET_DIST}: "
    f"run scripts/setup.sh, or: .venv/bin/pip install '{LEAFLET_DIST}'"
)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


class AssetsMissing(RuntimeError):
    """Leaflet's files are not installed; the message says exactly what to install."""


@dataclass(frozen=True)
class Assets:
    leaflet_js: str
    leaflet_css: str
    version: str


def _dist() -> Traversable:
    try:
        root = resources.files(LEAFLET_PACKAGE)
    except ModuleNotFoundError as exc:
        raise AssetsMissing(INSTALL_HINT) from exc
    dist = root / "static" / LEAFLET_PACKAGE
    if not (dist / "leaflet.js").is_file() or not (dist / "leaflet.css").is_file():
        raise AssetsMissing(f"{INSTALL_HINT} (the installed copy lacks leaflet.js or leaflet.css)")
    return dist


def _inline_images(css: str, dist: Traversable) -> str:
    """Replace ``url(images/x.png)`` by data URIs so the stylesheet needs no other file."""
    def data_uri(match: re.Match[str]) -> str:
        image = dist / match.group(2)
        if not image.is_file():
            return "url()"
        return "url(data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii") + ")"
    return _CSS_URL.sub(data_uri, css)


@cache
def load_assets() -> Assets:
    """Leaflet's minified script and its stylesheet with images inlined (read once)."""
    dist = _dist()
    js = (dist / "leaflet.js").read_text(encoding="utf-8")
    # The source-map comment would make developer tools request a file that is not there.
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js)
    css = _inline_images((dist / "leaflet.css").read_text(encoding="utf-8"), dist)
    version = re.search(r"Leaflet (\d+\.\d+\.\d+)", js)
    return Assets(js, css, version.group(1) if version else "unknown")


def script_tag(code: str) -> str:
    """An inline ``<script>``; a literal ``</script`` inside would end it early, so escape it."""
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def style_tag(css: str) -> str:
    return "<style>" + css.replace("</style", "<\\/style") + "</style>"
