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
