"""A student's browser on their own sandboxed JupyterLab: it opens signed in, runs a cell, stays offline.

Chromium (Debian's, through Playwright, as in tests/e2e) follows the link the kit gives; every request
to anything but that one server is blocked and fails the test.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kit_server.notebooks.identity import BIND_COOKIE
from kit_server.notebooks.sessions import SessionManager

from .test_sandbox import needs_bwrap, read_log, wait_ready

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

CHROMIUM = os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "m1-l2-nearest-neighbours.ar.ipynb"


@needs_bwrap
def test_the_kits_link_opens_jupyterlab_signed_in_and_runs_a_cell_offline(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    manager = SessionManager(tmp_path, "secret", ip="127.0.0.1", ports=(19700, 19720), sandboxed=True)
    outside = []
    try:
        manager.ensure_copy(1, NOTEBOOK)
        manager.request(1)
        server = wait_ready(manager, 1)
        assert server.state == "ready", read_log(manager, 1)
        url = manager.ticket_url(1, "127.0.0.1", f"lab/tree/{NOTEBOOK.name}", binding="this-browsers-session")

        def guard(route):
            parts = urlsplit(route.request.url)
            if parts.scheme in ("data", "blob") or (parts.hostname == "127.0.0.1" and parts.port == server.port):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.set_default_timeout(60_000)
                context.route("**/*", guard)
                # What the kit's page gives the browser with the link (cookies are per host, not port).
                context.add_cookies([{"name": BIND_COOKIE, "value": "this-browsers-session",
                                      "url": "http://127.0.0.1"}])
                page = context.new_page()
                page.goto(url)
                page.wait_for_selector(".jp-Notebook .jp-CodeCell")
                _run_first_code_cell(page)
                assert page.url.startswith(f"http://127.0.0.1:{server.port}/lab")
            finally:
                browser.close()
    finally:
        manager.close()
    assert not outside, f"JupyterLab tried to reach outside the kit: {sorted(set(outside))}"


PROMPT_SHOWS = "[...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('{}'))"


def _run_first_code_cell(page) -> None:
    """Shift+Enter on the first code cell, as the notebook tells children; "[1]:" means it ran.

    A key pressed while the kernel's websocket is still connecting is lost (a child would press
    again), so the test presses again too, at most three times.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _attempt in range(3):
        page.locator(".jp-Notebook .jp-CodeCell").first.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(f"{PROMPT_SHOWS.format('[*]')} || {PROMPT_SHOWS.format('[1]')}",
                                   timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    page.wait_for_function(PROMPT_SHOWS.format("[1]"))
