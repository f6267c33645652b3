"""The main pages of every role work in a real Chromium under the Content-Security-Policy: no
script or style is refused, the pages' own scripts run (review L5)."""
import re

from .conftest import LAB_PC


def _watch(page) -> list[str]:
    """Chromium reports every refused script, style or fetch as a console error naming the policy."""
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    return problems


def _sign_in_staff(page, username, password):
    page.goto("/login")
    page.get_by_label("اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_load_state()


def _visit(page, path):
    response = page.goto(path)
    assert response.ok, f"{path}: {response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_load_state("load")


def test_admin_and_teacher_pages_run_their_scripts_under_the_policy(open_page, kit):
    admin = open_page(locale="ar", viewport=LAB_PC)
    problems = _watch(admin)
    _sign_in_staff(admin, "admin", "demo-admin-2026")
    for path in ("/admin/", "/admin/teachers", "/admin/settings", "/admin/packs", "/admin/reports",
                 "/admin/notebooks", "/privacy"):
        _visit(admin, path)
    _visit(admin, "/admin/health")
    # health.js (moved out of the page) compared the clocks and wrote its answer.
    admin.wait_for_function("() => document.getElementById('clock-state').textContent.trim() !== '…'")

    teacher = open_page(locale="ar", viewport=LAB_PC)
    problems += _watch(teacher)
    _sign_in_staff(teacher, "teacher", "demo-teacher-2026")
    _visit(teacher, "/teacher/classes")
    roster = next(href for href in teacher.locator("a[href^='/teacher/classes/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))") if re.fullmatch(r"/teacher/classes/\d+", href))
    for path in (roster, f"{roster}/progress", f"{roster}/assignments", f"{roster}/import", f"{roster}/cards",
                 f"{roster}/notebooks", "/teacher/guide/m1-meet-ai"):
        _visit(teacher, path)
    # (Printing the cards is not tried: it gives the class new PINs, which other browser tests use.)
    assert teacher.evaluate("Array.from(document.scripts).every(s => s.src || s.type === 'application/json')")
    assert not problems, "\n".join(problems)


def test_a_student_lesson_and_its_demo_work_under_the_policy(open_page, kit):
    name, pin = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][3]
    page = open_page(locale="ar")
    problems = _watch(page)
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    page.get_by_label("الرمز السري").fill(pin)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.locator("a.lesson-link").first.click()
    while not page.locator("section.step-demo:not([hidden])").count():  # lesson.js shows one step at a time
        page.locator("section.step:not([hidden]) a[rel=next]").click()
    # demos.js ran: it fetched the demo's schema and drew its controls (the chart itself waits for the
    # demo workers, which a busy test machine may still be warming: not what this test is about).
    page.locator("section.step-demo:not([hidden]) .demo-controls input").first.wait_for(timeout=60_000)
    _visit(page, "/me")
    assert not problems, "\n".join(problems)


# A pack's SVG as the review planted it: a script that marks the page and calls home with the session.
EVIL_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/>'
            '<script>document.title = "script ran"; fetch("/evil-ran");</script></svg>')
LESSON_SVG = "/lesson-files/m1-l1-rules-vs-learning/rules-vs-learning.svg"


def _open_svg(page, keep_policy: bool):
    """Open a real lesson file of the kit, with its real headers, but the body swapped for EVIL_SVG."""
    def swap(route):
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-encoding")}
        assert "sandbox" in headers["content-security-policy"]
        if not keep_policy:
            headers.pop("content-security-policy")
        route.fulfill(status=200, headers=headers, body=EVIL_SVG)

    page.route("**/lesson-files/**", swap)
    page.goto(LESSON_SVG)
    page.wait_for_load_state("load")
    page.unroute("**/lesson-files/**")


def test_a_pack_svg_opened_in_a_tab_runs_no_script(open_page, kit):
    page = open_page(locale="ar", viewport=LAB_PC)
    _sign_in_staff(page, "teacher", "demo-teacher-2026")
    called_home = []
    page.on("request", lambda r: called_home.append(r.url) if r.url.endswith("/evil-ran") else None)
    _open_svg(page, keep_policy=True)
    assert page.title() != "script ran" and not called_home
    # The same file without the policy does run its script: the check above can see a script run.
    _open_svg(page, keep_policy=False)
    page.wait_for_function("() => document.title === 'script ran'")
