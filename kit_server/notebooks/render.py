"""Read a companion notebook inside a lesson page.

Notebooks are turned into an HTML fragment with nbconvert's `basic` template (the `lab` and
`classic` templates pull require.js and MathJax from a CDN, which a school without internet
cannot reach). The fragment is then sanitised so that nothing in it can make the browser
leave the kit: images must be embedded `data:` URIs and links may only point inside the
page or the kit. Sanitising also makes it safe to show a student's own copy to a teacher.

Renders cost about 0.1-0.2 s on a weak PC, so they are cached by (path, mtime, size).
"""

from __future__ import annotations

import functools
import html
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import nh3

LANGS = ("ar", "fr", "en")
# At most 100 characters of slug: a longer name is no notebook of the kit's, and the disk would answer
# "name too long" (an error page) instead of "no such notebook".
NAME_RE = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]{0,99})\.(?P<lang>ar|fr|en)\.ipynb$")
CACHE_SIZE = 48  # 6 lessons x 3 languages, plus room for students' copies under review


@dataclass(frozen=True)
class NotebookInfo:
    slug: str  # the base name lessons refer to, e.g. "m1-l2-nearest-neighbours"
    lang: str  # "ar", "fr" or "en", from the file name
    lesson: str  # lesson id from metadata["kit"]["lesson"] (the slug if absent)
    title: str  # text of the first heading, for links and lists
    path: Path


def list_notebooks(notebooks_dir) -> list[NotebookInfo]:
    """Every `<slug>.<lang>.ipynb` in the folder, sorted by slug then ar, fr, en.

    A notebook that is not valid JSON raises ValueError naming the file: a broken
    content file must be noticed, not skipped.
    """
    found = []
    for path in Path(notebooks_dir).glob("*.ipynb"):
        match = NAME_RE.match(path.name)
        if match:
            found.append(_read_info(path, match["slug"], match["lang"]))
    found.sort(key=lambda info: (info.slug, LANGS.index(info.lang)))
    return found


def notebook_path(notebooks_dir, slug: str, lang: str) -> Path | None:
    """The file for a lesson's notebook slug in one language, or None if there is none.

    Slug and language usually come from a URL, so both are checked against the file-name
    pattern before touching the disk: "../" or any other path trick gives None.
    """
    name = f"{slug}.{lang}.ipynb"
    if not NAME_RE.match(name):
        return None
    path = Path(notebooks_dir) / name
    return path if path.is_file() else None


def _read_info(path: Path, slug: str, lang: str) -> NotebookInfo:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read notebook: {exc}") from exc
    kit = data.get("metadata", {}).get("kit", {})
    return NotebookInfo(
        slug=slug,
        lang=lang,
        lesson=str(kit.get("lesson") or slug),
        title=_first_heading(data.get("cells", [])) or slug,
        path=path,
    )


def _first_heading(cells) -> str:
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                heading = re.sub(r"<[^>]*>", "", line).strip().lstrip("#").strip()
                return html.unescape(heading)
    return ""


# --- rendering -------------------------------------------------------------------------


class _RenderCache:
    """A small LRU keyed by path; an entry is valid while (mtime, size) still match."""

    def __init__(self, size: int):
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[str, tuple[tuple[int, int], str]] = OrderedDict()
        self._lock = threading.Lock()  # waitress serves requests from several threads

    def get(self, key: str, stamp: tuple[int, int]) -> str | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != stamp:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[1]

    def put(self, key: str, stamp: tuple[int, int], value: str) -> None:
        with self._lock:
            self._items[key] = (stamp, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0


_cache = _RenderCache(CACHE_SIZE)


def render_notebook(path) -> str:
    """The notebook at `path` as a safe HTML fragment, wrapped in `<div class="kit-notebook">`.

    Code is highlighted with pygments classes (style them with `highlight_css()`), outputs'
    images are embedded, and no src/href can point outside the kit.
    """
    path = Path(path).resolve()
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _cache.get(str(path), stamp)
    if cached is not None:
        return cached
    fragment = _render(path)
    _cache.put(str(path), stamp, fragment)
    return fragment


def render_notebook_data(data: bytes, key: str) -> str:
    """Like render_notebook, for a notebook the caller read itself (a student's copy, read without
    following links: see safefs.py). Cached by `key` and the content's hash."""
    import hashlib

    stamp = (int.from_bytes(hashlib.sha256(data).digest()[:8], "big"), len(data))
    cached = _cache.get(key, stamp)
    if cached is not None:
        return cached
    import nbformat

    fragment = _render_node(nbformat.reads(data.decode("utf-8"), as_version=4))
    _cache.put(key, stamp, fragment)
    return fragment


def cache_info() -> dict:
    """Hit and miss counts, for tests and the admin page."""
    return {"hits": _cache.hits, "misses": _cache.misses, "size": len(_cache._items)}


def clear_cache() -> None:
    _cache.clear()


def _render(path: Path) -> str:
    # Imported here: nbconvert takes about a second to import, which should not slow
    # the start of the whole kit when nobody opens a notebook.
    import nbformat

    return _render_node(nbformat.read(path, as_version=4))


def _render_node(nb) -> str:
    from nbconvert import HTMLExporter

    # embed_images stays off: it closes a markdown cell's `<div dir="rtl">` too early.
    # Cell attachments and outputs are embedded as data: URIs anyway; any other image
    # (a file path or URL) is dropped by the sanitiser, so nothing is fetched.
    # No "¶" anchor links: on a narrow Arabic page they wrap onto an empty line of their own.
    exporter = HTMLExporter(template_name="basic", embed_images=False, exclude_anchor_links=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {}})
    # Layout and code run left to right; Arabic markdown cells carry their own dir="rtl".
    return '<div class="kit-notebook" dir="ltr">' + _sanitize(body) + "</div>"


_ATTRIBUTES = {
    "*": {"class", "id", "dir", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_SCHEME_RE = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")
_IMAGE_RE = re.compile(r"^data:image/(png|jpeg|gif|svg\+xml);base64,", re.IGNORECASE)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Drop any URL that would send the browser outside the kit."""
    if attribute == "src":
        return value if _IMAGE_RE.match(value) else None
    if attribute == "href":
        # Anchors and kit-relative links only; also no protocol-relative "//host".
        if _SCHEME_RE.match(value) or value.lstrip().startswith("//"):
            return None
    return value


def _sanitize(body: str) -> str:
    return nh3.clean(
        body,
        tags=set(nh3.ALLOWED_TAGS) | {"div", "span", "pre", "img"},
        attributes=_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"data"},
        link_rel=None,
    )


# --- styles -------------------------------------------------------------------------------

_LAYOUT_CSS = """
.kit-notebook { overflow-wrap: anywhere; padding-inline: 0.5em; }
.kit-notebook .prompt { font-size: 0.8em; color: #555; }
.kit-notebook .input_area, .kit-notebook pre {
  direction: ltr; text-align: left; unicode-bidi: isolate;
  overflow-x: auto; max-inline-size: 100%;
}
.kit-notebook .highlight { padding: 0.5em; border-radius: 4px; }
.kit-notebook .output_area pre { background: #fafafa; padding: 0.25em 0.5em; }
.kit-notebook img { max-inline-size: 100%; block-size: auto; }
.kit-notebook .text_cell_render { margin-block: 0.75em; }
.kit-notebook [dir="rtl"] { line-height: 1.8; text-align: start; }
"""


@functools.cache
def highlight_css() -> str:
    """CSS for the pygments classes in rendered code, plus a little layout, scoped to .kit-notebook."""
    from pygments.formatters import HtmlFormatter

    scope = ".kit-notebook .highlight"
    rules = HtmlFormatter(style="default").get_style_defs(scope).splitlines()
    # Pygments also emits unscoped rules (pre, line numbers) that would restyle the whole page.
    scoped = [rule for rule in rules if rule.startswith(scope)]
    return "\n".join(scoped) + "\n" + _LAYOUT_CSS.strip() + "\n"
