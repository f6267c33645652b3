"""Markdown to safe HTML for lesson text.

markdown-it-py turns the author's Markdown into HTML, then nh3 removes
anything that could run code (scripts, event handlers, javascript: links),
because lesson packs may come from outside the school. Image paths are
rewritten through a caller-supplied function so the runner decides the URL.
"""
from __future__ import annotations

from typing import Callable

import nh3
from markdown_it import MarkdownIt

ImageUrl = Callable[[str, str], str]

_ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "span", "div", "bdi", "bdo",
    "details", "summary", "abbr",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"dir", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = _parser()


def image_sources(text: str) -> list[tuple[int, str]]:
    """(line offset inside text, src) of every Markdown image, for the checker."""
    found = []
    for block in _MD.parse(text):
        if block.type != "inline" or not block.children:
            continue
        offset = block.map[0] if block.map else 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                offset += 1  # so two images on two lines get their own line numbers
            elif child.type == "image":
                found.append((offset, str(child.attrs.get("src", ""))))
    return found


def is_local_image(src: str) -> bool:
    """True for a plain relative path inside the lesson folder."""
    if not src or "://" in src or src.startswith(("/", "\\", "data:")) or ":" in src:
        return False
    return ".." not in src.replace("\\", "/").split("/")


def render_markdown(text: str, owner: str = "", image_url: ImageUrl | None = None) -> str:
    """Render `text` to sanitised HTML; images go through image_url(owner, src)."""
    tokens = _MD.parse(text)
    if image_url is not None:
        for block in tokens:
            for child in block.children or ():
                if child.type == "image":
                    src = str(child.attrs.get("src", ""))
                    if is_local_image(src):
                        child.attrs["src"] = image_url(owner, src)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return sanitize(html)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
