"""Status colours: "proposed" reads as a real, active state (not a disabled grey) and stays
apart from every other status; the one colour reaches the canvas, the legend, the QGIS
styles and the HTML export."""

from __future__ import annotations

from gisplanner.layers import layer_definition, status, statuses
from gisplanner.layers.qml import layer_qml, qgis_color

PROPOSED = "proposed"
SELECTION = "#00e5ff"


def kind_neutral() -> str:
    """The colour the legend draws kind symbols in (any status)."""
    import inspect

    from gisplanner.ui.styles import kind_icon

    return inspect.signature(kind_icon).parameters["color"].default


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(_linear(int(hex_colour[i:i + 2], 16) / 255) for i in (1, 3, 5))


def luminance(hex_colour: str) -> float:
    r, g, b = _rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    r, g, b = _rgb(hex_colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5


def test_proposed_is_a_colour_not_a_disabled_grey():
    colour = status(PROPOSED).color
    _l, a, b = lab(colour)
    assert (a * a + b * b) ** 0.5 >= 20, f"{colour} is nearly grey"
    contrast = 1.05 / (luminance(colour) + 0.05)  # against white, as in the filter panel and legend
    assert contrast >= 4.5, f"{colour} reads as disabled text on white ({contrast:.1f}:1)"


def test_proposed_stands_apart_from_every_other_colour_on_the_map(qapp):
    colour = status(PROPOSED).color
    others = {s.id: s.color for s in statuses() if s.id != PROPOSED}
    others |= {"selection": SELECTION, "kind symbols": kind_neutral()}
    for name, other in others.items():
        assert delta_e(colour, other) >= 25, f"proposed {colour} is too close to {name} {other}"


def test_the_colour_reaches_canvas_legend_qml_and_html(qapp, tmp_path, project):

    from gisplanner.export import export_html
    from gisplanner.ui.styles import feature_style, legend_icon

    colour = status(PROPOSED).color
    facilities = layer_definition("facilities")
    assert feature_style("facilities", PROPOSED, facilities.kinds[0].id).color.name() == colour
    icon = legend_icon(layer_definition("parks"), PROPOSED, side=24)
    seen = {icon.pixelColor(x, y).name() for x in range(24) for y in range(24)}
    assert colour in seen or any(delta_e(colour, c) < 3 for c in seen)
    assert qgis_color(colour) in layer_qml(facilities)
    out = tmp_path / "map.html"
    export_html(project, out)
    assert colour in out.read_text(encoding="utf-8").lower()

