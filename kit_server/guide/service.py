"""The printable teacher guide: per module, every lesson plan with timings, answers and worksheets."""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from flask import render_template

from ..lessons import LESSON_FILES_PREFIX, catalog
from .frameworks import framework_lines

IMAGE_SRC = re.compile(rf'src="{LESSON_FILES_PREFIX}/([^/"]+)/([^"]+)"')
MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
        ".gif": "image/gif", ".webp": "image/webp"}


def answer_text(item, lang: str) -> str:
    """The right answer of a quiz item in words, for the teacher."""
    if item.type == "numeric":
        return f"{item.answer:g} (± {item.tolerance:g})" if item.tolerance else f"{item.answer:g}"
    ids = [item.answer] if isinstance(item.answer, str) else list(item.answer)
    if item.type == "multiple":
        ids = [o.id for o in item.options if o.id in set(ids)]
    return " → ".join(_plain(item.option(i).html.get(lang, "")) for i in ids) if item.type == "ordering" \
        else " · ".join(_plain(item.option(i).html.get(lang, "")) for i in ids)


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def render_guide(module, lang: str, links: dict | None = None) -> str:
    """`links` (in the browser only): the way back and the other modules' guides, never printed."""
    return render_template("guide/module.html", module=module, lang=lang, answer_text=answer_text,
                           framework_lines=framework_lines, links=links)


def inline_images(html: str) -> str:
    """Put lesson pictures inside the page, so a saved guide prints anywhere without the kit."""
    def replace(match):
        path = catalog().image_path(match.group(1), match.group(2))
        if path is None:
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode()
        return f'src="data:{MIME.get(path.suffix.lower(), "application/octet-stream")};base64,{data}"'
    return IMAGE_SRC.sub(replace, html)


def find_chromium() -> str | None:
    return next(filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))), None)


def html_to_pdf(html_file: Path, pdf_file: Path, browser: str) -> None:
    """Print with headless Chromium (the same browser the tests use); nothing is fetched."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)
