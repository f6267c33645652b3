"""Languages: Arabic first (right-to-left), French and English. The one home of the kit's locales
and of text direction: everything else asks here (`LOCALES`, `direction_of`).

Which language a page speaks, first match wins:
- the signed-in person's own choice (the language buttons save it to their account);
- for a student, their class's language: a child whose phone is set to French in an Arabic class
  gets the Arabic lessons the teacher teaches from, unless the child chose French;
- for a visitor or a teacher, this browser session's choice (made before signing in);
- the browser's languages;
- the school's default (Arabic unless the admin changed it).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from .auth.access import public
from .extensions import db

bp = Blueprint("i18n", __name__)

LOCALES = ("ar", "fr", "en")  # the order of the language buttons, too
DEFAULT_LOCALE = "ar"
SUPPORTED_LOCALES = LOCALES  # the older name, kept for callers outside this module
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}
RTL = frozenset({"ar"})


def direction_of(locale) -> str:
    """"rtl" or "ltr" for a locale code (or a babel Locale): every page, guide and report asks here."""
    return "rtl" if str(locale).split("_")[0] in RTL else "ltr"


def select_locale() -> str:
    for candidate in _candidates():
        if candidate in LOCALES:
            return candidate
    return school_default_locale()


def _candidates():
    """The chain of the module docstring, lazily: the browser is asked only if nothing before it chose."""
    user = current_user if current_user and current_user.is_authenticated else None
    yield getattr(user, "locale", None)
    if user is not None and getattr(user, "role", None) == "student":
        yield getattr(user.school_class, "locale", None)
    else:
        yield session.get("locale")
    if request:
        yield request.accept_languages.best_match(LOCALES)


def school_default_locale() -> str:
    if "school_locale" not in g:
        from .school.service import get_school

        school = get_school()
        g.school_locale = school.default_locale if school else "ar"
    return g.school_locale


def text_direction() -> str:
    return direction_of(get_locale())


def is_safe_next(target: str | None) -> bool:
    """Only same-site paths: never redirect a child to another host after a form."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
        and "\\" not in target


@bp.post("/language")
@public
def set_language():
    lang = request.form.get("lang", "")
    if lang in LOCALES:
        session["locale"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("main.index"))


def template_globals() -> dict:
    return {
        "text_direction": text_direction,
        "direction_of": direction_of,
        "language_names": LANGUAGE_NAMES,
        "current_locale": lambda: str(get_locale()),
    }
