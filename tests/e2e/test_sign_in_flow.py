"""A teacher and a student sign in, in Arabic, French and English, on a phone and a lab PC."""
import pytest

from .conftest import LAB_PC, PHONE

TEXT = {
    "ar": {"student": "أنا تلميذ / تلميذة", "teacher": "أنا معلّم / معلّمة", "code": "رمز الصف", "next": "التالي",
           "pin": "الرمز السري", "sign_in": "تسجيل الدخول", "username": "اسم المستخدم", "password": "كلمة المرور",
           "classes": "صفوفي", "hello": "مرحبًا يا", "dir": "rtl"},
    "fr": {"student": "Je suis élève", "teacher": "Je suis enseignant·e", "code": "Code de la classe",
           "next": "Suivant", "pin": "Ton code secret", "sign_in": "Se connecter", "username": "Nom d'utilisateur",
           "password": "Mot de passe", "classes": "Mes classes", "hello": "Bonjour,", "dir": "ltr"},
    "en": {"student": "I am a student", "teacher": "I am a teacher", "code": "Class code", "next": "Next",
           "pin": "Your PIN", "sign_in": "Sign in", "username": "Username", "password": "Password",
           "classes": "My classes", "hello": "Hello,", "dir": "ltr"},
}


def _student_with_pin(kit):
    return next((name, pin) for name, pin in kit.demo["students"].items() if isinstance(pin, str))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_teacher_signs_in(lang, open_page, kit):
    t = TEXT[lang]
    page = open_page(locale=lang, viewport=LAB_PC)
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == t["dir"]
    page.get_by_role("link", name=t["teacher"]).click()
    page.get_by_label(t["username"]).fill("teacher")
    page.get_by_label(t["password"]).fill("demo-teacher-2026")
    page.get_by_role("button", name=t["sign_in"]).click()
    page.get_by_role("heading", name=t["classes"]).wait_for()
    assert page.get_by_text(kit.demo["class_code"]).first.is_visible()


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_student_signs_in_with_class_code_name_and_pin(lang, open_page, kit):
    t = TEXT[lang]
    name, pin = _student_with_pin(kit)
    page = open_page(locale=lang, viewport=PHONE)
    page.goto("/")
    page.get_by_role("link", name=t["student"]).click()
    page.get_by_label(t["code"]).fill(kit.demo["class_code"])
    page.get_by_role("button", name=t["next"]).click()
    page.get_by_role("link", name=name).click()
    page.get_by_label(t["pin"]).fill(pin)
    page.get_by_role("button", name=t["sign_in"]).click()
    # Signed in, the child gets the class's language (the demo class is Arabic), whatever the phone's.
    heading = page.get_by_role("heading", level=1)
    assert TEXT["ar"]["hello"] in heading.inner_text() and name in heading.inner_text()
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_student_signs_in_with_pictures_in_arabic(open_page, kit):
    name, pictures = next((n, p) for n, p in kit.demo["students"].items() if isinstance(p, list))
    names = {"sun": "شمس", "moon": "قمر", "star": "نجمة", "tree": "شجرة", "fish": "سمكة", "cat": "قطة",
             "house": "بيت", "heart": "قلب", "flower": "زهرة"}
    page = open_page(locale="ar")
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    for picture in pictures:
        page.get_by_role("button", name=names[picture], exact=True).click()
    assert name in page.get_by_role("heading", level=1).inner_text()


def test_wrong_pin_shows_a_clear_arabic_message(open_page, kit):
    name, pin = _student_with_pin(kit)
    page = open_page(locale="ar")
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    page.get_by_label("الرمز السري").fill(f"{(int(pin) + 1) % 10000:04d}")
    page.get_by_role("button", name="تسجيل الدخول").click()
    assert "ليس الرمز الصحيح" in page.get_by_role("alert").inner_text()


def test_language_switch_on_every_page(open_page):
    page = open_page(locale="ar")
    page.goto("/join")
    page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.url.endswith("/join")  # stays on the same page
    page.get_by_role("button", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_phone_layout_has_no_sideways_scroll_and_big_tap_targets(open_page, kit):
    page = open_page(locale="ar", viewport=PHONE)
    for path in ("/", "/join", f"/join/{kit.demo['class_code']}", "/login"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a 360 px phone"
        small = page.evaluate("""() => [...document.querySelectorAll('main button, main a.button, main a.name-button, main input')]
            .filter(e => e.offsetParent && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 60))""")
        assert not small, f"tap targets under 44 px on {path}: {small}"


def test_teacher_signs_in_with_keyboard_only(open_page):
    page = open_page(locale="ar", viewport=LAB_PC)
    page.goto("/login")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'username'")
    page.keyboard.type("teacher")  # the username field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type("demo-teacher-2026")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="صفوفي").wait_for()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focused element is visibly marked
