"""The companion notebooks as content: valid, stripped, complete in three languages, offline."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import nbformat
import pytest

from kit_server.notebooks import list_notebooks, notebook_path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
LANGS = ("ar", "fr", "en")
# Curriculum lessons 2, 4, 5, 7, 8 and 9 must each have a companion notebook.
REQUIRED_SLUGS = {
    "m1-l2-nearest-neighbours",
    "m2-l4-testing-and-overfitting",
    "m2-l5-images-are-numbers",
    "m2-l7-predicting-numbers",
    "m3-l8-reading-arabic",
    "m3-l9-next-word",
}
EXERCISES = {"ar": "تمارين", "fr": "Exercices", "en": "Exercises"}


def read(path):
    return nbformat.read(path, as_version=4)


def by_slug():
    slugs = {}
    for path in NOTEBOOKS:
        slug, lang, _ = path.name.rsplit(".", 2)
        slugs.setdefault(slug, {})[lang] = path
    return slugs


def test_every_required_lesson_has_a_notebook_in_every_language():
    slugs = by_slug()
    assert REQUIRED_SLUGS <= set(slugs)
    for slug, langs in slugs.items():
        assert set(langs) == set(LANGS), slug


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_stripped_and_labelled(path):
    nb = read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.id
    assert nb.metadata.kernelspec.name == "python3"
    slug, lang, _ = path.name.rsplit(".", 2)
    assert nb.metadata.kit == {"lesson": slug, "lang": lang}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reads_in_its_language_and_ends_with_exercises(path):
    nb = read(path)
    lang = path.name.rsplit(".", 2)[1]
    markdown = [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    if lang == "ar":
        assert all(text.startswith('<div dir="rtl">\n\n') for text in markdown)
        assert all(text.endswith("\n\n</div>") for text in markdown)
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and f"## {EXERCISES[lang]}" in last.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_points_nowhere_outside_the_kit(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"https?://|fetch_[a-z]", text)


PLOT_TEXT = re.compile(r"set_xlabel|set_ylabel|set_title|suptitle|label=|\.text\(|ticklabels")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_words_inside_figures_are_ascii(path):
    # matplotlib cannot join Arabic letters, so figures carry only Latin letters and numbers.
    for cell in read(path).cells:
        for line in cell.source.splitlines() if cell.cell_type == "code" else []:
            if PLOT_TEXT.search(line):
                assert line.isascii(), line


def program_shape(source: str) -> list:
    """The code's tokens without comments, and with every string reduced to a placeholder."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith("%")]
    shape = []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        shape.append("<str>" if token.type == tokenize.STRING else token.string)
    return shape


@pytest.mark.parametrize("slug", sorted(by_slug()))
def test_languages_have_the_same_cells_and_the_same_code(slug):
    notebooks = {lang: read(path) for lang, path in by_slug()[slug].items()}
    kinds = {lang: [cell.cell_type for cell in nb.cells] for lang, nb in notebooks.items()}
    assert kinds["ar"] == kinds["fr"] == kinds["en"]
    for index, kind in enumerate(kinds["en"]):
        if kind != "code":
            continue
        shapes = [program_shape(notebooks[lang].cells[index].source) for lang in LANGS]
        assert shapes[0] == shapes[1] == shapes[2], f"{slug} cell {index}"


def test_notebooks_match_their_sources():
    # The .ipynb files are built from notebooks/source/; an edit made only in one file
    # would be lost at the next build and could break the three languages' parity.
    result = subprocess.run(
        [sys.executable, str(NOTEBOOKS_DIR / "build.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_list_notebooks_reads_lesson_language_and_title():
    infos = list_notebooks(NOTEBOOKS_DIR)
    assert len(infos) == len(NOTEBOOKS)
    first = [info for info in infos if info.slug == "m1-l2-nearest-neighbours"]
    assert [info.lang for info in first] == ["ar", "fr", "en"]
    assert first[2].lesson == "m1-l2-nearest-neighbours"
    assert first[2].title == "Learning from examples: nearest neighbours"
    assert first[0].title.startswith("التعلّم من الأمثلة")


def test_notebook_path_finds_a_lesson_notebook_and_refuses_path_tricks():
    found = notebook_path(NOTEBOOKS_DIR, "m3-l8-reading-arabic", "fr")
    assert found == NOTEBOOKS_DIR / "m3-l8-reading-arabic.fr.ipynb"
    assert notebook_path(NOTEBOOKS_DIR, "m3-l8-reading-arabic", "de") is None
    assert notebook_path(NOTEBOOKS_DIR, "no-such-lesson", "en") is None
    assert notebook_path(NOTEBOOKS_DIR / "source", "../m3-l8-reading-arabic", "en") is None
