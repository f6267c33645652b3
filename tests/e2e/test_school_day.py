"""A whole school day in Arabic, by clicking only: each browser types the kit's address once, and from
then on every page is reached through the kit's own links and buttons.

The admin adds a teacher; the teacher makes a class, imports its list, prints login cards, assigns
module 1, leads lesson 1 live with three students on phones (one ticks two options of a
multiple-choice item), reads the dashboard and opens the guide; the admin builds, opens and
downloads the month's report.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from babel.support import Translations

from kit_server.reports import signing
from kit_server.reports.verify import verify_bundle

from .conftest import LAB_PC, PHONE

_AR = Translations.load(str(Path(__file__).resolve().parents[2] / "kit_server" / "translations"), ["ar"])
TEACHER = {"name": "رنا حدّاد", "username": "rana.haddad", "password": "school-day-2026"}
CLASS_NAME = "الصف السابع - أ"
STUDENTS = ["سارة خوري", "علي حمدان", "ماريا عون"]
CSV = ("الاسم,الجنس\n" + "\n".join(f"{name},{sex}" for name, sex in zip(STUDENTS, ("أنثى", "ذكر", "أنثى")))
       + "\n").encode("utf-8")


def ar(message: str, **values) -> str:
    """The Arabic the kit shows for an English message id (the test reads the same catalog as a child)."""
    return _AR.gettext(message) % values if values else _AR.gettext(message)


def _sign_in_staff(page, username, password):
    page.get_by_role("link", name=ar("I am a teacher")).click()
    page.get_by_label(ar("Username")).fill(username)
    page.get_by_label(ar("Password")).fill(password)
    page.get_by_role("button", name=ar("Sign in")).click()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_school_day_by_clicking_only(open_page, kit):
    admin = open_page(locale="ar", viewport=LAB_PC)
    admin.goto("/")
    _sign_in_staff(admin, "admin", "demo-admin-2026")
    assert admin.locator("html").get_attribute("dir") == "rtl"
    _admin_adds_the_teacher(admin)

    teacher = open_page(locale="ar", viewport=PHONE)
    teacher.goto("/")
    _sign_in_staff(teacher, TEACHER["username"], TEACHER["password"])
    code = _teacher_makes_the_class(teacher)
    pins = _teacher_prints_the_cards(teacher)
    _teacher_assigns_module_1(teacher)

    _teacher_starts_lesson_1_live(teacher)
    phones = [_student_signs_in(open_page, code, name, pins[name]) for name in STUDENTS]
    _class_answers_the_quiz(teacher, phones)
    _teacher_reads_the_dashboard(teacher)
    _teacher_opens_the_guide(teacher)

    _admin_builds_and_downloads_the_report(admin, kit)


def _admin_adds_the_teacher(admin):
    admin.get_by_role("link", name=ar("Manage teachers")).click()
    admin.get_by_label(ar("Full name")).fill(TEACHER["name"])
    admin.get_by_label(ar("Username")).fill(TEACHER["username"])
    admin.get_by_label(ar("First password")).fill(TEACHER["password"])
    admin.get_by_role("button", name=ar("Add the teacher")).click()
    admin.get_by_text(ar("Teacher added. They can sign in now.")).wait_for()
    assert admin.get_by_role("cell", name=TEACHER["name"]).is_visible()


def _teacher_makes_the_class(teacher) -> str:
    teacher.get_by_role("heading", name=ar("My classes"), exact=True).wait_for()
    teacher.get_by_label(ar("Class name")).fill(CLASS_NAME)
    teacher.get_by_label(ar("Grade")).fill("7")
    teacher.get_by_role("button", name=ar("Create the class")).click()
    teacher.get_by_role("heading", name=CLASS_NAME).wait_for()
    code = teacher.locator(".lead .code").inner_text().strip()
    # A new class has no students: the next step says so, in words a teacher understands.
    teacher.get_by_role("link", name=ar("Add your students from a class list")).click()
    teacher.get_by_label(ar("Class list file")).set_input_files(
        {"name": "قائمة الصف.csv", "mimeType": "text/csv", "buffer": CSV})
    teacher.get_by_role("button", name=ar("Check the file")).click()
    teacher.get_by_role("button", name=re.compile(r"^أضيفوا")).click()
    teacher.get_by_role("heading", name=CLASS_NAME).wait_for()
    for name in STUDENTS:
        assert teacher.get_by_role("cell", name=name).is_visible()
    assert _fits(teacher)
    return code


def _teacher_prints_the_cards(teacher) -> dict[str, str]:
    tools = teacher.get_by_role("navigation", name=ar("Tools for the class %(name)s", name=CLASS_NAME))
    tools.get_by_role("link", name=ar("Login cards")).click()
    teacher.get_by_role("button", name=ar("Give new secrets and show the cards")).click()
    cards = teacher.locator("article.login-card")
    cards.first.wait_for()
    pins = {card.locator("h2").inner_text().strip(): card.locator("[data-pin]").inner_text().strip()
            for card in cards.all()}
    assert sorted(pins) == sorted(STUDENTS) and all(re.fullmatch(r"\d{4}", pin) for pin in pins.values())
    teacher.get_by_role("link", name=ar("Back to the class")).click()
    return pins


def _teacher_assigns_module_1(teacher):
    teacher.get_by_role("heading", name=CLASS_NAME).wait_for()
    assert teacher.get_by_role("link", name=ar("Assign module %(num)s", num=1)).is_visible()
    teacher.get_by_role("link", name=ar("Assign module %(num)s", num=1)).click()
    teacher.get_by_label(ar("Module or lesson")).select_option(index=0)  # module 1, all its lessons
    teacher.get_by_role("button", name=ar("Assign"), exact=True).click()
    teacher.get_by_role("navigation", name=ar("Main menu")).get_by_role("link", name=ar("My classes")).click()
    card = teacher.locator(".class-cards li.card", has_text=CLASS_NAME)
    assert ar("Next step") in card.inner_text()
    assert card.get_by_role("button", name=ar("Lead lesson %(num)s live", num=1)).is_visible()
    assert _fits(teacher)  # the class card, its next step and its tools fit a 360 px phone


def _student_signs_in(open_page, code, name, pin):
    phone = open_page(locale="fr", viewport=PHONE)  # a phone set to French, in an Arabic class
    phone.goto("/")
    phone.get_by_role("link", name=re.compile("élève|Élève|تلميذ")).click()
    phone.locator("input[name=code]").fill(code)
    phone.locator("main form button[type=submit]").click()
    phone.get_by_role("link", name=name).click()
    phone.locator("input[name=pin]").fill(pin)
    phone.locator("main form button[type=submit]").click()
    phone.locator("html[lang=ar][dir=rtl]").wait_for()  # the class's language, not the phone's
    return phone


def _teacher_starts_lesson_1_live(teacher):
    card = teacher.locator(".class-cards li.card", has_text=CLASS_NAME)
    card.get_by_role("button", name=ar("Lead lesson %(num)s live", num=1)).click()
    teacher.locator("#live-console").wait_for()


def _class_answers_the_quiz(teacher, phones):
    for phone in phones:
        phone.get_by_role("link", name=ar("Join the live lesson")).click()
        phone.locator("#lesson").wait_for()
    quiz = teacher.locator("ol.live-steps li").nth(5).locator("button")
    title = quiz.inner_text().strip()
    quiz.click()
    for phone in phones:
        # Functions, not strings: the kit's CSP forbids eval, in tests as in class.
        phone.wait_for_function("(t) => document.querySelector('section.step:not([hidden]) h2').textContent.trim() === t",
                                arg=title, timeout=15_000)
    two_options = phones[0].locator("section.step:not([hidden]) form.quiz-item[data-type=multiple]").first
    boxes = two_options.locator("input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    two_options.get_by_role("button", name=ar("Check my answer")).click()
    for phone in phones[1:]:
        single = phone.locator("section.step:not([hidden]) form.quiz-item[data-type=single]").first
        single.locator("input").first.check()
        single.get_by_role("button", name=ar("Check my answer")).click()
    teacher.wait_for_function("() => document.getElementById('count-answered').textContent.trim() === '3'",
                              timeout=15_000)
    teacher.get_by_role("button", name=ar("End the session")).click()


def _teacher_reads_the_dashboard(teacher):
    teacher.get_by_role("heading", name=re.compile(re.escape(ar("Progress")))).wait_for()
    grid = teacher.locator("table.grid")
    for name in STUDENTS:
        assert grid.get_by_role("link", name=name).is_visible()
    assert grid.get_by_text(ar("In progress")).count() == len(STUDENTS)


def _teacher_opens_the_guide(teacher):
    teacher.get_by_role("navigation", name=ar("Main menu")).get_by_role("link", name=ar("My classes")).click()
    tools = teacher.get_by_role("navigation", name=ar("Tools for the class %(name)s", name=CLASS_NAME))
    tools.get_by_role("link", name=ar("Teacher guide")).click()
    teacher.get_by_role("heading", level=1).wait_for()
    text = teacher.locator("body").inner_text()
    assert ar("Teacher guide") in text and "الأفكار الخمس الكبرى (AI4K12)" in text and "· ·" not in text
    teacher.get_by_role("link", name=ar("Back to my classes")).click()
    teacher.get_by_role("heading", name=ar("My classes"), exact=True).wait_for()


def _admin_builds_and_downloads_the_report(admin, kit):
    admin.get_by_role("navigation", name=ar("Main menu")).get_by_role("link", name=ar("Reports")).click()
    admin.get_by_role("button", name=ar("Build the report")).first.click()
    admin.get_by_role("link", name=ar("Open the report")).click(timeout=60_000)
    admin.get_by_role("heading", name=ar("Usage report"), exact=True).wait_for()
    assert admin.get_by_role("navigation", name=ar("Main menu")).is_visible()  # inside the kit
    assert "m1-" not in admin.locator("main").inner_text()  # modules by title, never by id
    admin.set_viewport_size(PHONE)
    assert _fits(admin)  # the report's tables scroll inside their boxes on a 360 px phone
    admin.set_viewport_size(LAB_PC)
    with admin.expect_download() as download:
        admin.get_by_role("link", name=ar("Download the report (.zip)")).click()
    data = Path(download.value.path()).read_bytes()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(name.endswith("/manifest.sig") for name in names)
    zipped = kit.home / "downloaded-report.zip"
    zipped.write_bytes(data)
    assert verify_bundle(zipped, signing.school_public_pem(kit.home))["key_id"]
    admin.get_by_role("link", name=ar("Back to the reports")).first.click()
    admin.get_by_role("heading", name=ar("Usage reports")).wait_for()
