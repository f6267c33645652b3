"""Reading a notebook in the lesson page: highlighted, images embedded, nothing external, cached."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from kit_server.notebooks import cache_info, clear_cache, highlight_css, render_notebook
from kit_server.notebooks import render as render_module

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:|//|javascript:)""", re.IGNORECASE)


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.mark.slow
def test_executed_notebook_renders_code_and_embedded_plot_then_comes_from_cache(
    run_notebook, tmp_path
):
    source = NOTEBOOKS_DIR / "m1-l2-nearest-neighbours.en.ipynb"
    copy = tmp_path / "copy.en.ipynb"
    nbformat.write(run_notebook(nbformat.read(source, as_version=4)), copy)

    html = render_notebook(copy)

    assert '<span class="n">KNeighborsClassifier</span>' in html  # highlighted code
    assert 'src="data:image/png;base64,' in html  # the plot travels inside the page
    assert "labels of the neighbours:" in html  # printed output
    assert not EXTERNAL.search(html)
    assert "<script" not in html and "require.js" not in html and "mathjax" not in html.lower()
    assert render_notebook(copy) is html
    assert cache_info()["hits"] == 1 and cache_info()["misses"] == 1


def test_arabic_markdown_stays_inside_its_right_to_left_block():
    html = render_notebook(NOTEBOOKS_DIR / "m1-l2-nearest-neighbours.ar.ipynb")
    # The heading must sit inside <div dir="rtl">, not after an empty one.
    assert re.search(r'<div dir="rtl">\s*<h1[^>]*>التعلّم من الأمثلة', html)
    assert html.startswith('<div class="kit-notebook" dir="ltr">')


def test_untrusted_content_cannot_reach_outside_or_run_script(tmp_path):
    markdown = new_markdown_cell(
        "Hi <script>alert(1)</script> [away](https://example.com/x) "
        "![pic](http://example.com/p.png) <a href='javascript:alert(2)'>js</a> "
        "<img src=x onerror=alert(3)> [inside](#top)"
    )
    html_out = new_output(
        "display_data", data={"text/html": "<iframe src='https://example.com'></iframe><b>bold</b>"}
    )
    png_out = new_output("display_data", data={"image/png": PNG})
    code = new_code_cell("show()", outputs=[html_out, png_out], execution_count=1)
    path = tmp_path / "student.en.ipynb"
    nbformat.write(new_notebook(cells=[markdown, code]), path)

    html = render_notebook(path)

    assert not EXTERNAL.search(html)
    for bad in ("<script", "alert(", "<iframe", "onerror", "example.com/p.png"):
        assert bad not in html
    assert 'href="#top"' in html and "<b>bold</b>" in html
    assert f'src="data:image/png;base64,{PNG}"' in html


def test_changed_notebook_is_rendered_again(tmp_path):
    path = tmp_path / "n.en.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# First version")]), path)
    assert "First version" in render_notebook(path)
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Second, longer version")]), path)
    html = render_notebook(path)
    assert "Second, longer version" in html and "First version" not in html


def test_cache_keeps_only_a_bounded_number_of_renders(tmp_path, monkeypatch):
    monkeypatch.setattr(render_module._cache, "size", 2)
    for number in range(4):
        path = tmp_path / f"n{number}.en.ipynb"
        nbformat.write(new_notebook(cells=[new_markdown_cell(f"# Page {number}")]), path)
        render_notebook(path)
    assert cache_info()["size"] == 2


def test_highlight_css_styles_code_only_inside_the_notebook():
    css = highlight_css()
    assert ".kit-notebook .highlight .k {" in css  # keywords get a colour
    selectors = [line for line in css.splitlines() if "{" in line]
    assert all(line.lstrip().startswith(".kit-notebook") for line in selectors)
    assert "http" not in css and "@import" not in css
