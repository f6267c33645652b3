"""A student takes the pre-test on a phone with the Wi-Fi down: it waits in the outbox, then the
kit grades it and shows the feedback; the page never held the answers."""
import sqlite3

from .conftest import PHONE
from .test_lesson_flow import _sign_in_student


def _attempts(kit):
    with sqlite3.connect(kit.home / "kit.db") as db:
        return db.execute("select phase, attempt, score, seconds from module_test_attempt").fetchall()


def test_a_pre_test_handed_in_offline_is_graded_when_the_wifi_is_back(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    _sign_in_student(page, kit, 8)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.get_by_role("link", name="ابدأوا باختبار قصير").first.click()
    form = page.locator("form#module-test")
    form.wait_for()
    assert "answer" not in page.locator("#test-data").text_content()
    before = len(_attempts(kit))

    page.context.set_offline(True)
    items = form.locator("fieldset.quiz-item")
    count = items.count()
    for index in range(count):
        item = items.nth(index)
        if item.locator("input[type=radio], input[type=checkbox]").count():
            item.locator("input").first.check()
        elif item.locator("input.numeric").count():
            item.locator("input.numeric").fill("٧٠")
    form.get_by_role("button", name="سلّموا إجاباتي").click()
    page.locator("#test-status:not([hidden])").wait_for()  # saved on the device, said so
    assert len(_attempts(kit)) == before

    page.context.set_offline(False)
    page.locator("ol.test-feedback").wait_for(timeout=60_000)  # sent, graded, feedback shown
    attempts = _attempts(kit)
    assert len(attempts) == before + 1
    phase, number, _score, seconds = attempts[-1]
    assert (phase, number) == ("pre", 1) and seconds is not None and seconds >= 0
    assert page.locator("ol.test-feedback > li").count() == count
    assert errors == []
