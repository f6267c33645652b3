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


def _sign_in_student(page, kit, which: int) -> int:
    """Sign in the demo class's which-th PIN student by clicking; returns their id."""
    name, pin = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][which]
    page.goto(f"/join/{kit.demo['class_code']}")
    link = page.get_by_role("link", name=name, exact=True)
    student_id = int(link.get_attribute("href").rstrip("/").split("/")[-1])
    link.click()
    page.fill('input[name="pin"]', pin)
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_load_state()
    assert "/join" not in page.url, "the student could not sign in"
    return student_id


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
    page.goto(f"/join/{kit.demo['class_code']}")
    problems += _problems(page, "name picker")
    _sign_in_student(page, kit, 0)
    visited, more = _crawl(page, kit, "/me")
    assert len(visited) >= 8, visited
    assert not problems + more, "\n".join(problems + more)


# The projector, from the back of a room: 1024 × 768, 32 px type, 3:1 contrast, counts that update
# in place (a reload would leave full screen), one question at a time, the answer only on reveal.
PROJECTOR_TEXT = """() => {
  const lum = (rgb) => { const c = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
      const b = getComputedStyle(e).backgroundColor; const a = b.match(/[\\d.]+/g);
      if (a && (a.length < 4 || Number(a[3]) > 0.5)) return b; } return 'rgb(255, 255, 255)'; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest('[hidden]')) continue;
    const style = getComputedStyle(el);
    found.push({text: el.textContent.trim().slice(0, 20), size: parseFloat(style.fontSize),
                contrast: ratio(style.color, background(el))});
  }
  const bar = document.querySelector('.tally:not([hidden]) .tally-bar');
  return {texts: found, bar: bar ? ratio(getComputedStyle(bar).backgroundColor, background(bar.parentElement)) : null,
          scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def _row_count(screen, item, option):
    return screen.locator(f'.tally[data-item="{item}"] [data-row="{option}"] .tally-count')


def test_the_projector_reads_from_the_back_of_the_room(browser, phone, kit):
    teacher = browser.new_context(locale="ar", viewport={"width": 1024, "height": 768}, base_url=kit.url)
    try:
        page = teacher.new_page()
        _sign_in_staff(page, "teacher", "demo-teacher-2026")
        page.goto("/teacher/classes")
        page.get_by_role("link", name=kit.demo["class_name"], exact=True).first.click()
        page.goto(urlsplit(page.url).path.rstrip("/") + "/progress")
        page.locator('form[action$="/live"] button[type="submit"]').click()
        page.wait_for_url(re.compile(r"/teacher/live/\d+$"))
        page.locator('form:has(input[name="step_id"][value="check"]) button').click()
        screen = teacher.new_page()
        screen.goto(page.url + "/screen")

        seen = screen.evaluate(PROJECTOR_TEXT)
        assert seen["scroll"] <= 0
        small = [t for t in seen["texts"] if t["size"] < 32]
        faint = [t for t in seen["texts"] if t["contrast"] < 3]
        assert not small and not faint, (small, faint)
        assert seen["bar"] is None or seen["bar"] >= 3
        visible = [box.get_attribute("data-item") for box in screen.locator(".tally").all() if box.is_visible()]
        assert visible == ["which-ai"]  # one question at a time
        screen.evaluate("() => { window.notReloaded = true; }")

        student = phone()
        student_id = _sign_in_student(student, kit, 1)
        student.goto("/lessons/m1-l1-rules-vs-learning/check")
        status = student.evaluate("""(sid) => fetch('/api/events', {method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json',
                      'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content},
            body: JSON.stringify({events: [{id: '6f1c1f0e-3a52-4c8e-9d5b-1c2d3e4f5a6b', student: sid,
              lesson: 'm1-l1-rules-vs-learning', version: 1, step: 'check', kind: 'answer', seq: 1,
              time: new Date().toISOString(), data: {item: 'learned', answer: ['spam-filter', 'voice-assistant']}}]})
          }).then((r) => r.status)""", student_id)
        assert status == 200

        screen.get_by_role("link", name="السؤال التالي").click()
        assert screen.locator('.tally[data-item="learned"]').is_visible()
        for option in ("spam-filter", "voice-assistant"):  # a tick-all answer counts for both
            _row_count(screen, "learned", option).filter(has_text="1").wait_for()
        assert _row_count(screen, "learned", "kettle").inner_text() == "0"
        assert screen.locator(".tally-row.right").count() == 0
        screen.get_by_role("button", name="اكشفوا الإجابة").click()
        screen.locator('.tally[data-item="learned"] .tally-row.right').first.wait_for()
        right = screen.locator('.tally[data-item="learned"] .tally-row.right').evaluate_all(
            "rows => rows.map(r => r.dataset.row)")
        assert sorted(right) == ["spam-filter", "voice-assistant"]
        assert screen.evaluate("() => window.notReloaded === true")  # still full screen
        names = [*kit.demo["students"], "teacher"]
        text = screen.locator("body").inner_text()
        assert not [n for n in names if n in text]
    finally:
        teacher.close()


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
