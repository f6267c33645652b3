"""A teacher, in Arabic on a phone, makes a class from an Excel CSV (Windows-1256, semicolons), checks the
preview, confirms, prints the login cards, and a student signs in with a printed PIN."""
import re

from .conftest import LAB_PC, PHONE

CLASS_NAME = "الصف الثامن - ب"
# Exactly what Excel on Arabic Windows writes with "Save As → CSV": Windows-1256, ';', CRLF.
CSV_ROWS = [
    "الاسم;الجنس;سنة الميلاد",
    "رامي طربيه;ذكر;2012",
    "لين الأسعد;أنثى;2013",
    "مازن درويش;;",
    "لين الأسعد;أنثى;2013",  # row 5: the same name again
    "جنى عطوي;أنثى;1850",  # row 6: a birth year that cannot be a child's
]
CSV_BYTES = ("\r\n".join(CSV_ROWS) + "\r\n").encode("cp1256")
ADDED = ["رامي طربيه", "لين الأسعد", "مازن درويش"]


def _sign_in_teacher(page):
    page.goto("/login")
    page.get_by_label("اسم المستخدم").fill("teacher")
    page.get_by_label("كلمة المرور").fill("demo-teacher-2026")
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.get_by_role("heading", name="صفوفي").wait_for()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_teacher_imports_an_arabic_excel_csv_and_prints_login_cards(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    _sign_in_teacher(page)
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.get_by_label("اسم الصف").fill(CLASS_NAME)
    page.get_by_label("المستوى").fill("8")
    page.get_by_role("button", name="أنشئ الصف").click()
    page.get_by_role("heading", name=CLASS_NAME).wait_for()
    code = page.locator(".lead .code").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)

    page.get_by_role("link", name="استيراد التلاميذ من ملف").click()
    page.get_by_label("ملف قائمة الصف").set_input_files(
        {"name": "قائمة الصف.csv", "mimeType": "text/csv", "buffer": CSV_BYTES})
    page.get_by_role("button", name="تحقّقوا من الملف").click()

    # The preview: every row, what will happen, each problem with its row number; nothing saved yet.
    page.get_by_role("heading", name="تحقّقوا من الاستيراد").wait_for()
    assert "سيُضاف 3 تلاميذ." in page.get_by_role("status").inner_text()
    for name in ADDED:
        assert page.get_by_role("cell", name=name).first.is_visible()
    assert "الاسم نفسه في السطر 3." in page.locator('tr[data-row="5"]').inner_text()
    assert "يجب أن تكون سنة الميلاد سنة مثل 2013." in page.locator('tr[data-row="6"]').inner_text()
    assert _fits_the_screen(page)
    page.get_by_role("button", name="أضيفوا 3 تلاميذ").click()

    page.get_by_role("heading", name=CLASS_NAME).wait_for()
    assert "أُضيف 3 تلاميذ." in page.locator(".flash").inner_text()
    for name in ADDED:
        assert page.get_by_role("cell", name=name).is_visible()
    assert page.get_by_role("cell", name="جنى عطوي").count() == 0
    assert _fits_the_screen(page)

    page.get_by_role("link", name="طباعة بطاقات الدخول").click()
    assert "رمزًا سريًا أو كلمة سر بالصور جديدة" in page.locator(".warning").inner_text()
    page.get_by_role("button", name="أعطوا رموزًا جديدة واعرضوا البطاقات").click()

    cards = page.locator("article.login-card")
    cards.first.wait_for()
    assert cards.count() == 3
    assert sorted(cards.locator("h2").all_inner_texts()) == sorted(ADDED)
    assert page.locator("article.login-card svg.qr").count() == 3
    join_url = f"{kit.url}/join/{code}"
    assert page.locator(".qr-box").first.get_attribute("data-url") == join_url
    card = cards.filter(has_text="رامي طربيه")
    pin = card.locator("[data-pin]").inner_text().strip()
    assert re.fullmatch(r"\d{4}", pin)

    # On paper: no site header, cards two to a row.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    boxes = [cards.nth(i).bounding_box() for i in range(2)]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and boxes[0]["x"] != boxes[1]["x"]

    # The printed card works: the student opens the address of the QR code and signs in with the PIN.
    student = open_page(locale="ar", viewport=PHONE)
    student.goto(join_url)
    student.get_by_role("link", name="رامي طربيه").click()
    student.get_by_label("الرمز السري").fill(pin)
    student.get_by_role("button", name="تسجيل الدخول").click()
    assert "رامي طربيه" in student.get_by_role("heading", level=1).inner_text()


def test_a_teacher_sees_problems_before_anything_is_saved_on_a_lab_pc(open_page, kit):
    page = open_page(locale="ar", viewport=LAB_PC)
    _sign_in_teacher(page)
    page.get_by_role("link", name=re.compile("الصف السابع")).first.click()
    page.get_by_role("link", name="استيراد التلاميذ من ملف").click()
    page.get_by_label("ملف قائمة الصف").set_input_files(
        {"name": "book.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04" + bytes(64)})
    page.get_by_role("button", name="تحقّقوا من الملف").click()
    assert "هذا مصنَّف إكسل" in page.get_by_role("alert").inner_text()
