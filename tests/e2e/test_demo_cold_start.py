"""The first class of the day: a kit started seconds before, ten students open a demo step at once.
Every demo draws; nobody is told "took too long, try smaller settings" (they touched nothing)."""
import html
import re

from .test_demo_flow import is_run

from .conftest import PHONE, KitProcess

TOO_LONG = "استغرق النشاط التفاعلي وقتًا طويلًا"
STUDENTS = 10
# Every text the demo's status line shows, kept for the test (the line changes while it waits).
WATCH_STATUS = """
window.__statuses = [];
new MutationObserver(() => {
  document.querySelectorAll('.demo-status').forEach(s => {
    if (s.textContent && window.__statuses.indexOf(s.textContent) < 0) window.__statuses.push(s.textContent);
  });
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def _sign_in(context, kit, name: str, pin: str) -> None:
    """Class code, name and PIN, posted the way the form does it (fast: the class arrives at once)."""
    names = context.request.get(f"/join/{kit.demo['class_code']}").text()
    href = next(h for h, n in re.findall(r'href="(/join/[^"]+/\d+)"[^>]*>(?:<[^>]+>)*([^<]+)<', names) if html.unescape(n) == name)
    form = context.request.get(href).text()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    answer = context.request.post(href, form={"csrf_token": token, "pin": pin}, max_redirects=0)
    assert answer.status == 302, answer.status


def test_ten_students_on_a_kit_started_seconds_before_all_get_their_demo(browser, tmp_path):
    kit = KitProcess(tmp_path / "home")  # returns as soon as the kit answers: demos are still cold
    contexts = []
    try:
        pins = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][:STUDENTS]
        pages, answers = [], []
        for name, pin in pins:
            context = browser.new_context(locale="ar", viewport=PHONE, base_url=kit.url)
            context.set_default_timeout(30_000)
            contexts.append(context)
            _sign_in(context, kit, name, pin)
            page = context.new_page()
            page.add_init_script(WATCH_STATUS)
            page.on("response", lambda r: answers.append((r.status, r.headers.get("content-type", ""))) if is_run(r) else None)
            pages.append(page)
        for page in pages:  # all ten open the step within a moment of each other
            page.goto("/lessons/m1-l2-nearest-neighbours/neighbours-demo", wait_until="commit")
        for page in pages:
            page.locator("section.step:not([hidden]) .demo-figure svg").wait_for(timeout=240_000)
        statuses = [s for page in pages for s in page.evaluate("window.__statuses")]
        assert not [s for s in statuses if TOO_LONG in s], statuses
        assert sum(1 for status, _ in answers if status == 200) >= STUDENTS
    finally:
        for context in contexts:
            context.close()
        log = kit.stop()
    assert "Traceback" not in log, log
