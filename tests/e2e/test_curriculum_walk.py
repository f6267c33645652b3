"""Every lesson of the curriculum, walked step by step in Arabic in a real browser."""
import re

from kit_server import create_app
from kit_server.lessons import catalog

from .conftest import LAB_PC

LATIN = re.compile(r"[A-Za-z]{2,}")
ALLOWED = {"Jupyter", "JavaScript", "Python", "scikit", "learn", "AI", "k"}


def _lesson_ids(kit):
    app = create_app({"KIT_HOME": str(kit.home)})
    with app.app_context():
        return [(lesson.id, len(lesson.steps)) for lesson in catalog().lessons]


def test_every_step_of_every_lesson_shows_its_arabic_text(open_page, kit):
    page = open_page(locale="ar", viewport=LAB_PC)
    page.goto("/login")
    page.get_by_label("اسم المستخدم").fill("teacher")
    page.get_by_label("كلمة المرور").fill("demo-teacher-2026")
    page.get_by_role("button", name="تسجيل الدخول").click()
    problems = []
    lessons = _lesson_ids(kit)
    assert len(lessons) >= 12
    for lesson_id, count in lessons:
        page.goto(f"/lessons/{lesson_id}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        for index in range(count):
            step = page.locator("section.step:not([hidden])")
            title = step.locator("h2").inner_text().strip()
            # Words in code (Arabizi examples, Python names) are meant to be Latin: leave them out.
            text = step.locator(".step-text").evaluate(
                "el => { const c = el.cloneNode(true); c.querySelectorAll('code, pre, kbd').forEach(n => n.remove());"
                " return c.textContent; }").strip()
            words = [w for w in LATIN.findall(re.sub(r"\([^()]*\)", "", title + " " + text)) if w not in ALLOWED]
            if not title or len(text) < 20 or words:
                problems.append(f"{lesson_id} step {index + 1}: title={title!r} text={len(text)} latin={words[:5]}")
            broken = page.evaluate("[...document.querySelectorAll('section.step:not([hidden]) img')]"
                                   ".filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
            problems.extend(f"{lesson_id}: broken picture {src}" for src in broken)
            if index < count - 1:
                step.locator("a[rel=next]").click()
    assert not problems, "\n".join(problems)
