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


def test_numbers_a_student_reads_are_never_cut(run):
    from kit_server.demos.render import _compact

    raw = '<?xml version="1.0"?>\n<svg>\n  <path d="M 10.23456 2.5"/>\n  <text x="1.2345">0.25</text>\n</svg>'
    assert _compact(raw) == '<svg>\n<path d="M 10.2 2.5"/>\n<text x="1.2">0.25</text>\n</svg>'
    assert ">0.25<" in run("threshold", {})["svg"]  # the x ticks read 0.25, not 0.2


@pytest.mark.parametrize("demo_id", demos.demo_ids())
def test_a_phone_gets_one_panel_per_row_with_text_of_12px_or_more(run, demo_id):
    phone, wide = (run(demo_id, {}, width=w)["svg"] for w in (360, 720))
    sizes = [float(s) for s in re.findall(r"font(?:-size)?: ?([\d.]+)px", phone)]
    assert all(s >= 12 for s in sizes)  # drawn 1:1 for the page's px: 12 px on screen at least
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', phone).groups())
    assert width == 360
    if demo_id in ("rules_vs_learning", "bias", "overfitting", "clustering", "threshold"):
        wide_w, wide_h = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', wide).groups())
        assert height > width and wide_h < wide_w  # stacked on the phone, side by side on a PC
