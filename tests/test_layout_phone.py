"""Every page of every role fits a 320 px and a 360 px phone: the page never scrolls sideways (a wide
table scrolls inside its own box) and no table cell that holds data is hidden.

A real `kit serve` with the demo school, driven by Debian's Chromium (see tests/e2e/conftest.py).
Each role signs in as a person would and follows the links of its pages from its landing page;
pages reached only by a form (a running live session, printed login cards) are reached by clicking.
"""
from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .e2e.conftest import CHROMIUM, CHROMIUM_ARGS, KitProcess

pytestmark = pytest.mark.e2e
WIDTHS = (360, 320)
SKIP = re.compile(r"^/(static|api|lesson-files)/|/logout$|\.(csv|zip|json|svg|png|ipynb)$")
MAX_PAGES = 70
MAX_LESSON_PAGES = 14  # every kind of step is in the first lessons; all 16 lessons would add minutes

# What overflows the page, and which data cells are hidden; elements inside a box that scrolls
# by itself (.table-scroll, a notebook's code) are that box's business, not the page's.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => { for (let e = el.parentElement; e; e = e.parentElement) {
      const s = getComputedStyle(e).overflowX; if (s === 'auto' || s === 'scroll') return true; } return false; };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(el).position === 'fixed') continue;
    if (scrolls(el) || el.closest('.visually-hidden, .skip-link')) continue;
    if (r.right > width + 1 || r.left < -1)
      wide.push(name(el) + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
    else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth)
      wide.push(name(el) + ' (its text: ' + el.scrollWidth + ' in ' + el.clientWidth + ')');
  }
  const hidden = [...document.querySelectorAll('td, th')].filter((c) => c.textContent.trim() &&
      !c.closest('[hidden], details:not([open])') &&
      (getComputedStyle(c).display === 'none' || getComputedStyle(c).visibility === 'hidden' ||
       c.getClientRects().length === 0)).map((c) => c.textContent.trim().slice(0, 30));
  return {scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5), hidden};
}"""


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    server = KitProcess(tmp_path_factory.mktemp("phone-home"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, kit):
    contexts, outside = [], []

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or (parts.hostname == "127.0.0.1" and parts.port == kit.port):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    def make(locale="ar"):
        context = browser.new_context(locale=locale, viewport={"width": 360, "height": 740}, base_url=kit.url)
        context.set_default_timeout(20_000)
        context.route("**/*", guard)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not outside


def _pattern(path: str) -> str:
    return re.sub(r"/\d+", "/N", path)


def _links(page, kit) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.hostname == "127.0.0.1" and parts.port == kit.port and not SKIP.search(parts.path):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _problems(page, where: str) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        seen = page.evaluate(MEASURE)
        if seen["scroll"] > 0:
            found.append(f"{where} at {width} px: {seen['scroll']} px too wide: {seen['wide']}")
        if seen["hidden"]:
            found.append(f"{where} at {width} px: hidden data cells {seen['hidden'][:5]}")
    page.set_viewport_size({"width": 360, "height": 740})
    return found


def _crawl(page, kit, *starts: str) -> tuple[list[str], list[str]]:
    queue, seen_patterns, visited, problems, lessons = deque(starts), set(), [], [], 0
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        key = _pattern(path.split("?")[0])
        if key in seen_patterns:
            continue
        if key.startswith("/lessons/"):
            if lessons >= MAX_LESSON_PAGES:
                continue
            lessons += 1
        seen_patterns.add(key)
        response = _open(page, path)
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        problems += _problems(page, path)
        queue.extend(_links(page, kit))
    return visited, problems


def _open(page, path):
    """None for a download (a key, a bundle): not a page."""
    from playwright.sync_api import Error

    try:
        return page.goto(path, timeout=90_000)  # a notebook's first rendering imports nbconvert
    except Error as error:
        if "Download is starting" in str(error):
            return None
        raise


def _sign_in_staff(page, username, password):
    page.goto("/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state()


def _start_live_and_print_cards(page, kit) -> tuple[list[str], str]:
    """The teacher's pages behind forms: the live console and projector, and the printed cards."""
    problems = []
    page.goto("/teacher/classes")
    page.get_by_role("link", name=kit.demo["class_name"], exact=True).first.click()
    class_page = urlsplit(page.url).path.rstrip("/")
    page.goto(class_page + "/progress")
    start = page.locator('form[action$="/live"] button[type="submit"]')
    if start.count():
        start.click()
    else:
        page.locator('a[href*="/teacher/live/"]').first.click()
    page.wait_for_url(re.compile(r"/teacher/live/\d+$"))
    problems += _problems(page, "live console")
    console = page.url
    page.goto(page.locator('a[href$="/screen"]').get_attribute("href"))
    problems += _problems(page, "projector")
    page.goto(console)
    page.goto("/teacher/classes")
    page.get_by_role("link", name=kit.demo["class_name"], exact=True).first.click()
    page.locator('a[href$="/cards"]').first.click()
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_load_state()
    problems += _problems(page, "login cards")
    return problems, class_page


# First: printing the login cards (the teacher's test) gives every student a new PIN.
def test_student_and_visitor_pages_fit_a_phone(phone, kit):
    visitor = phone()
    _visited, problems = _crawl(visitor, kit, "/")
    page = phone()
    name, pin = next((n, p) for n, p in kit.demo["students"].items() if isinstance(p, str))
    page.goto(f"/join/{kit.demo['class_code']}")
    problems += _problems(page, "name picker")
    page.get_by_role("link", name=name, exact=True).click()
    page.fill('input[name="pin"]', pin)
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_load_state()
    assert "/join" not in page.url, "the student could not sign in"
    visited, more = _crawl(page, kit, "/me")
    assert len(visited) >= 8, visited
    assert not problems + more, "\n".join(problems + more)


def test_teacher_pages_fit_a_phone(phone, kit):
    page = phone()
    _sign_in_staff(page, "teacher", "demo-teacher-2026")
    problems, class_page = _start_live_and_print_cards(page, kit)
    # Until every tool is linked from the class page, the crawl also starts from each of them.
    tools = [class_page + tail for tail in ("/progress", "/assignments", "/notebooks")]
    visited, more = _crawl(page, kit, "/teacher/classes", *tools, "/teacher/guide/m1-meet-ai")
    assert len(visited) >= 10, visited  # classes, roster, progress, a student, assignments, live, guide…
    assert not problems + more, "\n".join(problems + more)


def test_admin_pages_fit_a_phone(phone, kit):
    page = phone("fr")
    _sign_in_staff(page, "admin", "demo-admin-2026")
    visited, problems = _crawl(page, kit, "/admin/")
    assert len(visited) >= 5, visited
    assert not problems, "\n".join(problems)
