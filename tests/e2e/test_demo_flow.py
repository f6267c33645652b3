"""A student plays with a live demo on a phone, in Arabic: the chart answers each change."""
from .conftest import PHONE


def test_demo_updates_when_a_slider_moves(open_page, kit):
    name, pin = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][13]
    page = open_page(locale="ar", viewport=PHONE)
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    page.get_by_label("الرمز السري").fill(pin)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.locator("a.lesson-link").first.click()
    while not page.locator("section.step-demo:not([hidden])").count():
        page.locator("section.step:not([hidden]) a[rel=next]").click()
    demo = page.locator("section.step-demo:not([hidden]) .demo")
    demo.locator(".demo-figure svg").wait_for()
    runs = []
    page.on("response", lambda r: runs.append(r.status) if "/api/demos/" in r.url and r.request.method == "POST" else None)
    slider = demo.locator("input[type=range]").first
    label = demo.locator(".demo-field label").first.inner_text()
    assert label and not any("a" <= c.lower() <= "z" for c in label.replace("(k)", ""))  # an Arabic label
    slider.focus()
    page.keyboard.press("ArrowRight")  # keyboard works as well as touch
    page.wait_for_function("document.querySelectorAll('.demo.busy').length === 0")
    page.wait_for_timeout(800)
    assert runs and all(status == 200 for status in runs)
    assert demo.locator(".demo-figure svg").count() == 1
