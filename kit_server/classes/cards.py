"""Login cards: the QR code that opens a class's sign-in page, drawn by segno as inline SVG.

No image file and no outside request: the SVG is part of the page, so cards print offline.
"""
from __future__ import annotations

import ipaddress

import segno
from markupsafe import Markup

CARDS_PER_PAGE = 10  # 2 columns × 5 rows fit one A4 sheet with room to cut


def qr_svg(url: str) -> Markup:
    """An SVG QR code of `url`, sized by CSS (viewBox, no width/height), medium error correction so a
    slightly creased card still scans."""
    svg = segno.make(url, error="m").svg_inline(scale=1, omitsize=True, border=2, svgclass="qr")
    # segno builds the markup itself from the URL's bits; it holds no text from the user.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def only_this_computer(host: str) -> bool:
    """True when the page was opened as localhost / 127.x / ::1: a QR code of that address would
    send every student's phone to itself, so the page warns the teacher instead of printing it silently."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host  # drop the port
    name = name.strip("[]").split("]")[0].lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def pages(cards: list, per_page: int = CARDS_PER_PAGE) -> list[list]:
    return [cards[i:i + per_page] for i in range(0, len(cards), per_page)]
