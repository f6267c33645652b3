"""A teacher leads a lesson live from the front PC; students' phones follow."""
from .conftest import LAB_PC, PHONE


def _student(open_page, kit, index):
    name, pin = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][index]
    page = open_page(locale="ar", viewport=PHONE)
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    page.get_by_label("الرمز السري").fill(pin)
    page.get_by_role("button", name="تسجيل الدخول").click()
    return page


def test_follow_me_moves_students_and_the_teacher_sees_who_answered(open_page, kit):
    teacher = open_page(locale="ar", viewport=LAB_PC)
    teacher.goto("/login")
    teacher.get_by_label("اسم المستخدم").fill("teacher")
    teacher.get_by_label("كلمة المرور").fill("demo-teacher-2026")
    teacher.get_by_role("button", name="تسجيل الدخول").click()
    # Other browser tests may have made classes of their own: open the demo class by its name.
    teacher.get_by_role("link", name=kit.demo["class_name"], exact=True).click()
    class_url = teacher.url.rstrip("/")
    teacher.goto(f"{class_url}/progress")
    teacher.get_by_role("button", name="ابدأوا الحصة المباشرة").click()
    teacher.locator("#live-console").wait_for()

    students = [_student(open_page, kit, index) for index in (15, 16)]
    for page in students:
        page.get_by_role("link", name="انضمّوا إلى الدرس المباشر").click()
        page.locator("#lesson").wait_for()

    # The teacher moves to the quiz: within about 2 s every phone shows it.
    quiz_button = teacher.locator("section.card ol.live-steps li").nth(5).locator("button")
    target = quiz_button.inner_text()
    quiz_button.click()
    for page in students:
        page.wait_for_function(
            "() => document.querySelector('section.step:not([hidden]) h2').textContent.trim() === " + repr(target.strip()),
            timeout=6000)
        assert page.locator("section.step:not([hidden]) .step-nav").is_hidden()  # follow me: no free moving

    # One student answers; the console shows it, and the projector shows a count, never a name.
    form = students[0].locator("section.step:not([hidden]) form.quiz-item").first
    form.locator("input").first.check()
    form.get_by_role("button", name="تحقّق من إجابتي").click()
    teacher.wait_for_function("() => document.getElementById('count-answered').textContent.trim() === '1'", timeout=8000)
    assert teacher.locator("#live-students li.answered").count() == 1
    screen = open_page(locale="ar", viewport=LAB_PC)
    screen.context.add_cookies(teacher.context.cookies())
    screen.goto(teacher.url + "/screen")
    assert "1" in screen.locator("#count-answered").inner_text()
    for name in kit.demo["students"]:
        assert name not in screen.content()

    teacher.get_by_role("button", name="أنهوا الحصة").click()
    assert teacher.url.endswith("/progress")
