"""A student works through a lesson on a phone; the Wi-Fi drops; nothing is lost."""
import sqlite3

from .conftest import PHONE


def _sign_in_student(page, kit, index):
    """Each test signs in its own demo student, so tests do not move each other's resume points."""
    name, pin = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][index]
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    page.get_by_label("الرمز السري").fill(pin)
    page.get_by_role("button", name="تسجيل الدخول").click()
    return name


def _answers_on_server(kit, lesson_id):
    with sqlite3.connect(kit.home / "kit.db") as db:
        return db.execute("select uuid, payload from progress_event where kind='answer' and lesson_id=?",
                          (lesson_id,)).fetchall()


def _open_first_lesson(page):
    page.locator("a.lesson-link").first.click()
    page.locator("#lesson").wait_for()
    return page.url.split("/lessons/")[1].split("/")[0]


def _go_to_quiz(page):
    while not page.locator("section.step-quiz:not([hidden])").count():
        page.locator("section.step:not([hidden]) a[rel=next]").click()


def test_offline_answers_reach_the_server_exactly_once(open_page, kit, browser):
    page = open_page(locale="ar", viewport=PHONE)
    _sign_in_student(page, kit, 10)
    lesson_id = _open_first_lesson(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    _go_to_quiz(page)
    before = len(_answers_on_server(kit, lesson_id))

    page.context.set_offline(True)
    quiz = page.locator("section.step-quiz:not([hidden])")
    forms = quiz.locator("form.quiz-item")
    answered = 0
    for index in range(forms.count()):
        form = forms.nth(index)
        kind = form.get_attribute("data-type")
        if kind in ("single", "multiple"):
            form.locator("input").first.check()
        elif kind == "numeric":
            form.locator("input.numeric").fill("٤٢")  # Eastern Arabic digits are fine
        form.get_by_role("button", name="تحقّق من إجابتي").click()
        form.locator(".feedback").wait_for()  # instant feedback, with no network
        answered += 1
    forms.nth(0).get_by_role("button", name="تحقّق من إجابتي").click()  # a second try: recorded too
    answered += 1
    # Every answer is in the browser's outbox, counted on screen, before the tab goes away.
    page.wait_for_function(f"() => Number(document.getElementById('save-status').dataset.pending) >= {answered}")
    assert page.locator("#save-status").get_attribute("data-state") == "waiting"
    assert len(_answers_on_server(kit, lesson_id)) == before  # nothing could be sent

    page.close()  # the tab is closed while still offline: the answers wait in the browser
    page.context.set_offline(False)
    again = page.context.new_page()
    again.goto(f"/lessons/{lesson_id}")
    again.wait_for_function("() => document.getElementById('save-status').dataset.state === 'saved'")
    assert len(_answers_on_server(kit, lesson_id)) == before + answered


def test_continue_takes_the_student_back_to_where_they_stopped(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    _sign_in_student(page, kit, 11)
    lesson_id = _open_first_lesson(page)
    page.locator("section.step:not([hidden]) a[rel=next]").click()
    page.locator("section.step:not([hidden]) a[rel=next]").click()
    step_id = page.locator("section.step:not([hidden])").get_attribute("data-step")
    page.wait_for_function("() => document.getElementById('save-status').dataset.state === 'saved'")
    page.goto("/me")
    page.locator("a.lesson-link").first.click()
    page.locator("#lesson").wait_for()
    assert page.locator("section.step:not([hidden])").get_attribute("data-step") == step_id
    assert page.url.endswith(f"/lessons/{lesson_id}/{step_id}")


def test_a_lesson_reads_with_javascript_off(browser, kit):
    context = browser.new_context(locale="ar", viewport=PHONE, java_script_enabled=False, base_url=kit.url)
    page = context.new_page()
    _sign_in_student(page, kit, 12)
    page.locator("a.lesson-link").first.click()
    first = page.locator("section.step:not([hidden])").get_attribute("data-step")
    page.locator("section.step:not([hidden]) a[rel=next]").click()
    assert page.locator("section.step:not([hidden])").get_attribute("data-step") != first
    assert page.locator("section.step:not([hidden]) h2").is_visible()
    context.close()
