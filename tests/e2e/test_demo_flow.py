"""A student plays with a live demo on a phone, in Arabic: the chart answers each change.

No fixed sleeps: each test waits for the demo's own answer (expect_response) or a condition."""
import json
import re
from pathlib import Path

import yaml

from .conftest import PHONE

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
DEMO_POST = re.compile(r"/api/demos/[a-z_]+$")


def demo_steps() -> list[tuple[str, str, str]]:
    """(lesson id, step id, demo id) of every demo step in the lessons, in lesson order."""
    found = []
    for path in sorted(LESSONS.glob("*/*/lesson.yaml")):
        lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(lesson["id"], s["id"], s["demo"]) for s in lesson["steps"] if s["kind"] == "demo"]
    return found


def is_run(response) -> bool:
    return response.request.method == "POST" and bool(DEMO_POST.search(response.url))


def sign_in_teacher(page) -> None:
    page.goto("/login")
    page.get_by_label("اسم المستخدم").fill("teacher")
    page.get_by_label("كلمة المرور").fill("demo-teacher-2026")
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url(re.compile(r"/(?!login)"))


def sign_in_student(page, kit, index: int) -> str:
    """Sign a PIN student in as a child does (class code, name, PIN); returns their name."""
    name, pin = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][index]
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    page.get_by_label("الرمز السري").fill(pin)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.locator("a.lesson-link").first.wait_for()
    return name


def drawn(page):
    """The demo of the step on screen, once its figure is there."""
    demo = page.locator("section.step:not([hidden]) .demo")
    demo.locator(".demo-figure svg").wait_for(timeout=120_000)
    return demo


def test_demo_updates_when_a_slider_moves(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    sign_in_student(page, kit, 13)
    page.locator("a.lesson-link").first.click()
    while not page.locator("section.step-demo:not([hidden])").count():
        page.locator("section.step:not([hidden]) a[rel=next]").click()
    demo = drawn(page)
    slider = demo.locator("input[type=range]").first
    label = demo.locator(".demo-field label").first.inner_text()
    assert label and not any("a" <= c.lower() <= "z" for c in label.replace("(k)", ""))  # an Arabic label
    before = demo.locator(".demo-field output").first.inner_text()
    slider.focus()
    with page.expect_response(is_run, timeout=60_000) as moved:
        page.keyboard.press("ArrowRight")  # keyboard works as well as touch
    assert moved.value.status == 200
    page.wait_for_function("() => !document.querySelector('section.step:not([hidden]) .demo.busy')")
    assert demo.locator(".demo-figure svg").count() == 1
    assert demo.locator(".demo-field output").first.inner_text() != before  # the slider shows its value
    assert slider.get_attribute("dir") == "ltr"


def test_dragging_a_point_refits_the_line(open_page, kit):
    page = open_page(locale="ar")
    sign_in_teacher(page)
    with page.expect_response(lambda r: is_run(r) and r.url.endswith("/regression"), timeout=120_000) as first:
        page.goto("/lessons/m2-l7-predicting-numbers/line-demo")
    figure = drawn(page).locator(".demo-figure")
    result = first.value.json()["result"]
    plot, (x, y) = result["plot"], result["points"][0]
    figure.locator("svg").scroll_into_view_if_needed()
    box = figure.locator("svg").bounding_box()

    def at(px, py):
        fx = plot["left"] + (px - plot["xlim"][0]) / (plot["xlim"][1] - plot["xlim"][0]) * (plot["right"] - plot["left"])
        fy = plot["top"] + (plot["ylim"][1] - py) / (plot["ylim"][1] - plot["ylim"][0]) * (plot["bottom"] - plot["top"])
        return box["x"] + fx * box["width"], box["y"] + fy * box["height"]

    page.mouse.move(*at(x, y))
    page.mouse.down()
    page.mouse.move(*at(x, y + (plot["ylim"][1] - y) * 0.8), steps=5)
    with page.expect_response(is_run, timeout=60_000) as refit:
        page.mouse.up()
    sent = json.loads(refit.value.request.post_data)["params"]["points"]
    assert sent[0]["y"] > y and refit.value.ok  # the dragged point went up, and the line was refitted


def test_hidden_steps_do_not_run_their_demos(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    runs = []
    page.on("request", lambda r: runs.append(r.url) if "/api/demos/" in r.url else None)
    sign_in_teacher(page)
    page.goto("/lessons/m1-l1-rules-vs-learning")
    page.locator("section.step:not([hidden]) h2").wait_for()
    page.wait_for_load_state("networkidle")
    assert not page.locator("section.step-demo:not([hidden])").count()
    assert runs == []  # the demo step is further on: nothing asked for it yet
    while not page.locator("section.step-demo:not([hidden])").count():
        page.locator("section.step:not([hidden]) a[rel=next]").click()
    drawn(page)
    assert any(u.endswith("/api/demos/rules_vs_learning") for u in runs)


def test_a_child_answers_the_demo_questions_and_the_teacher_sees_them(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    name = sign_in_student(page, kit, 14)
    page.goto("/lessons/m1-l3-training-data-and-bias/bias-demo")
    drawn(page)
    question = page.locator("section.step:not([hidden]) .demo-questions li").first
    question.get_by_role("textbox").first.fill("ستنخفض الدقّة للمجموعة B")
    with page.expect_response(lambda r: r.url.endswith("/api/events") and r.ok, timeout=60_000):
        question.get_by_role("button", name="حفظ توقّعي").click()
    after = question.locator("form[data-phase=result]")
    after.wait_for()  # what happened is asked only after the guess
    after.get_by_role("textbox").fill("نزلت الدقّة كثيرًا")
    with page.expect_response(lambda r: r.url.endswith("/api/events") and r.ok, timeout=60_000) as sent:
        after.get_by_role("button", name="حفظ ما حدث").click()
    assert not sent.value.json()["rejected"]

    teacher = open_page(locale="ar")
    sign_in_teacher(teacher)
    teacher.goto("/teacher/classes/1/progress")  # the demo school's class, made first
    teacher.get_by_role("link", name=name, exact=True).first.click()
    assert teacher.get_by_text("ستنخفض الدقّة للمجموعة B").is_visible()
    assert teacher.get_by_text("نزلت الدقّة كثيرًا").is_visible()
