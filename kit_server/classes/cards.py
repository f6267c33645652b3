"""Login cards: the QR code that opens a class's sign-in page, drawn by segno as inline SVG.

No image file and no outside request: the SVG is part of the page, so cards print offline.
"""
from __future__ import annotations

import segno
from markupsafe import Markup

CARDS_PER_PAGE = 10  # 2 columns × 5 rows fit one A4 sheet with room to cut


def qr_svg(url: str) -> Markup:
    """An SVG QR code of `url`, sized by CSS (viewBox, no width/height), medium error correction so a
    slightly creased card still scans."""
    svg = segno.make(url, error="m").svg_inline(scale=1, omitsize=True, border=2, svgclass="qr")
    # segno builds the markup itself from the URL's bits; it holds no text from the user.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def pages(cards: list, per_page: int = CARDS_PER_PAGE) -> list[list]:
    return [cards[i:i + per_page] for i in range(0, len(cards), per_page)]
