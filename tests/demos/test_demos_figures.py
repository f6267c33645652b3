"""Every demo's picture is a small, valid, self-contained SVG with no Arabic drawn inside it."""
import re
import xml.etree.ElementTree as ET

import pytest

from kit_server import demos

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

CASES = [(d, {}) for d in demos.demo_ids()] + [
    ("nearest_neighbours", {"query": {"x": 1, "y": 1}, "dataset": "iris"}),
    ("digits", {"view": "confusion"}),
    ("clustering", {"dataset": "wine", "show_labels": True}),
    ("regression", {"outlier": {"x": 140, "y": 190}, "predict_at": 150, "degree": 3}),
    ("text_classifier", {"sentences": [{"text": "مرحبا بكم", "label": "عربي"},
                                       {"text": "bonjour à tous", "label": "$fr$"}],
                         "query": "مرحبا"}),
    ("next_word", {"language": "fr", "prompt": "la mer"}),
    ("threshold", {"dataset": "breast_cancer", "threshold": 0.2}),
]


@pytest.mark.parametrize("demo_id,params", CASES)
def test_figure_is_valid_small_ascii_svg_without_outside_references(run, demo_id, params):
    svg = run(demo_id, params)["svg"]
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == SVG_NS + "svg"
    assert svg.startswith("<svg") and len(svg) < 120_000
    assert svg.isascii(), "non-ASCII text would be drawn as reversed, unjoined Arabic"
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
    assert "http" not in without_namespaces and "<script" not in svg and "@import" not in svg
    for el in root.iter():
        href = el.get(XLINK_HREF) or el.get("href")
        if href is not None:
            assert href.startswith("#") or href.startswith("data:image/png;base64,"), href
    assert not re.search(r"url\((?!#)", svg)
    assert "DejaVuSans-" not in svg  # any text is real <text>, not embedded glyph outlines


def test_arabic_labels_are_replaced_by_numbers_in_the_picture(run):
    out = run("text_classifier", CASES[-3][1])
    # the words stay in the data, for the HTML around the picture
    assert out["result"]["labels"] == ["$fr$", "عربي"]
    assert ">#2<" in out["svg"] and "$fr$" in out["svg"]


def test_clickable_plots_say_where_they_are_in_the_picture(run):
    plot = run("regression", {})["result"]["plot"]
    assert 0 < plot["left"] < plot["right"] < 1 and 0 < plot["top"] < plot["bottom"] < 1
    assert plot["xlim"][0] < 129.5 and plot["xlim"][1] > 171  # every point is in view
    assert "plot" not in run("bias", {})["result"]


def test_same_params_give_byte_identical_svg(run):
    first = run("overfitting", {"depth": 5})["svg"]
    demos.clear_cache()
    assert run("overfitting", {"depth": 5})["svg"] == first
