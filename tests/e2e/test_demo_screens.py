"""Every demo figure on a 360 px phone in Arabic: drawn left to right, as wide as the screen at
most, and no text in it smaller than 12 px as the child sees it."""
import pytest

from .conftest import PHONE
from .test_demo_flow import demo_steps, drawn, sign_in_teacher

# Rendered size of a <text> = its font size in SVG units x (drawn width / viewBox width).
MEASURE = """(figure) => {
  const svg = figure.querySelector('svg'), box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {dir: figure.getAttribute('dir'), direction: getComputedStyle(svg).direction,
          width: box.width, left: box.left, right: box.right, page: document.documentElement.clientWidth,
          scroll: document.documentElement.scrollWidth, smallest: sizes.length ? Math.min(...sizes) : null,
          role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'),
          ranges: [...document.querySelectorAll('section.step:not([hidden]) .demo input[type=range]')]
                  .map(r => r.getAttribute('dir'))};
}"""


@pytest.fixture(scope="module")
def phone(browser, kit):
    context = browser.new_context(locale="ar", viewport=PHONE, base_url=kit.url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    sign_in_teacher(page)
    yield page
    context.close()


@pytest.mark.parametrize("lesson,step,demo", demo_steps())
def test_every_demo_figure_fits_a_phone_in_arabic_and_reads_at_12px(phone, lesson, step, demo):
    phone.goto(f"/lessons/{lesson}/{step}")
    figure = drawn(phone).locator(".demo-figure")
    m = figure.evaluate(MEASURE)
    assert m["dir"] == "ltr" and m["direction"] == "ltr"  # axes and labels are not mirrored
    assert m["left"] >= 0 and m["right"] <= m["page"] and m["scroll"] <= PHONE["width"]
    if m["smallest"] is not None:
        assert m["smallest"] >= 12 - 0.01, f"{demo}: text drawn at {m['smallest']:.1f} px"
    assert m["role"] == "img" and m["label"] and len(m["label"]) > len("رسم بياني.")
    assert all(d == "ltr" for d in m["ranges"])  # sliders move the same way as the chart's axes
