"""Every pointer gesture of the demos, done with the keyboard alone: placing the nearest-neighbours
point, moving a regression point, painting the digits grid. A screen reader hears one summary."""
import json

from .conftest import PHONE
from .test_demo_flow import drawn, is_run, sign_in_teacher


def _sent(response, name, key, at_least) -> bool:
    """Whether this run was asked with params[name][key] (a point's x, or a point's y) >= at_least."""
    value = json.loads(response.request.post_data)["params"].get(name)
    if value is None:
        return False
    point = value[key] if isinstance(key, int) else value
    return (point["y"] if isinstance(key, int) else point[key]) >= at_least


def _press(page, key, times=1):
    for _ in range(times):
        page.keyboard.press(key)


def test_the_new_point_is_placed_with_the_keyboard(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    sign_in_teacher(page)
    page.goto("/lessons/m1-l2-nearest-neighbours/neighbours-demo")
    demo = drawn(page)
    mover = demo.locator("fieldset.demo-mover")
    across = mover.get_by_label("أفقيًا (من اليسار إلى اليمين)")
    start, step = float(across.input_value()), float(across.get_attribute("step"))
    across.focus()
    with page.expect_response(lambda r: is_run(r) and _sent(r, "query", "x", start + 9 * step), timeout=60_000) as placed:
        _press(page, "ArrowRight", 10)  # the point moves once the keys stop
    sent = json.loads(placed.value.request.post_data)["params"]["query"]
    assert abs(sent["x"] - (start + 10 * step)) < step / 2
    result = placed.value.json()["result"]
    assert result["query"]["prediction"] in (0, 1, 2)
    summary = demo.locator(".demo-summary")
    summary.filter(has_text="النقطة الجديدة").wait_for()  # one line, read out politely
    assert summary.get_attribute("aria-live") == "polite"
    assert demo.locator(".demo-figure").get_attribute("aria-live") is None  # no tick numbers read out
    label = demo.locator(".demo-figure svg").get_attribute("aria-label")
    assert "النقطة الجديدة" in label


def test_a_regression_point_is_moved_with_the_keyboard(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    sign_in_teacher(page)
    with page.expect_response(lambda r: is_run(r) and r.url.endswith("/regression"), timeout=120_000) as first:
        page.goto("/lessons/m2-l7-predicting-numbers/line-demo")
    demo = drawn(page)
    y0 = first.value.json()["result"]["points"][2][1]
    mover = demo.locator("fieldset.demo-mover")
    mover.get_by_label("النقطة التي تريدون تحريكها").select_option(label="النقطة 3")
    up = mover.get_by_label("عموديًا (من الأسفل إلى الأعلى)")
    assert abs(float(up.input_value()) - y0) < 1  # the sliders start where point 3 is
    step = float(up.get_attribute("step"))
    up.focus()
    with page.expect_response(lambda r: is_run(r) and _sent(r, "points", 2, y0 + 14 * step), timeout=60_000) as moved:
        _press(page, "ArrowUp", 15)
    sent = json.loads(moved.value.request.post_data)["params"]["points"]
    assert sent[2]["y"] > y0 and moved.value.ok
    assert moved.value.json()["result"]["points"][2][1] == sent[2]["y"]


def test_the_digits_grid_is_one_tab_stop_with_arrow_keys(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    sign_in_teacher(page)
    page.goto("/lessons/m2-l5-images-are-numbers/digits-demo")
    demo = drawn(page)
    grid = demo.locator(".pixel-grid")
    assert grid.locator("button[tabindex='0']").count() == 1
    grid.locator("button").first.focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "الصفّ 2، العمود 1"
    with page.expect_response(is_run, timeout=60_000) as painted:
        page.keyboard.press("Enter")
    pixels = json.loads(painted.value.request.post_data)["params"]["pixels"]
    assert pixels[8] == 16 and sum(pixels) == 16
