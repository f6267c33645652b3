"""Which language a student's pages speak: their own choice, then the class's language, then the
browser, then the school default (kit_server/i18n.py)."""
import re

import pytest

from kit_server.auth.models import Student
from kit_server.classes.models import SchoolClass
from kit_server.extensions import db
from kit_server.i18n import LOCALES, direction_of
from kit_server.school.service import get_school

from .conftest import csrf_token, make_class, make_student, make_staff, sign_in_student


def _lang(client, path="/me", browser="fr"):
    html = client.get(path, headers={"Accept-Language": browser}).get_data(as_text=True)
    return re.search(r'<html lang="(\w+)" dir="(\w+)"', html).groups()


def _set(app, model, row_id, **values):
    with app.app_context():
        row = db.session.get(model, row_id)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


def test_a_french_phone_in_an_arabic_class_gets_arabic(client, school):
    sign_in_student(client, school["class"], school["student"], school["pin"])
    assert _lang(client, browser="fr") == ("ar", "rtl")


def test_the_class_language_beats_the_browser_and_the_school_default(app, client):
    teacher = make_staff("teacher", "t-fr")
    french_class = make_class(teacher, name="CM2 B")
    _set(app, SchoolClass, french_class.id, locale="fr")
    student, pin = make_student(french_class, name="Lina")
    sign_in_student(client, french_class, student, pin)
    assert _lang(client, browser="ar") == ("fr", "ltr")
    assert _lang(client, "/notebooks", browser="en") == ("fr", "ltr")


def test_the_students_own_choice_beats_the_class_language(app, client, school):
    sign_in_student(client, school["class"], school["student"], school["pin"])
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client, "/me")})
    assert _lang(client, browser="fr") == ("en", "ltr")
    with app.app_context():
        assert db.session.get(Student, school["student"].id).locale == "en"  # kept for the next sign-in


def test_a_choice_left_in_a_shared_browser_does_not_override_the_class(client, school):
    # Someone pressed Français on the welcome page of a lab PC; the next child signs in there.
    client.post("/language", data={"lang": "fr", "csrf_token": csrf_token(client, "/join")})
    sign_in_student(client, school["class"], school["student"], school["pin"])
    assert _lang(client, browser="en") == ("ar", "rtl")


def test_visitors_follow_the_browser_then_the_school_default(app, client, school):
    assert _lang(client, "/join", browser="fr") == ("fr", "ltr")
    with app.app_context():
        get_school().default_locale = "en"
        db.session.commit()
    assert _lang(client, "/join", browser="de") == ("en", "ltr")


@pytest.mark.parametrize("locale,direction", [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr"), ("ar_LB", "rtl")])
def test_text_direction_has_one_answer(locale, direction):
    assert direction_of(locale) == direction
    assert set(LOCALES) == {"ar", "fr", "en"}
