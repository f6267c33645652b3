"""Languages: Arabic first (right-to-left), French and English.

The locale chain is: the signed-in user's own setting, then this browser session's choice, then the
browser's languages, then the school's default (Arabic).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from .auth.access import public
from .config import SUPPORTED_LOCALES
from .extensions import db

bp = Blueprint("i18n", __name__)

LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}
RTL = {"ar"}


def select_locale() -> str:
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in SUPPORTED_LOCALES:
        return user_locale
    if session.get("locale") in SUPPORTED_LOCALES:
        return session["locale"]
    browser = request.accept_languages.best_match(SUPPORTED_LOCALES) if request else None
    return browser or school_default_locale()


def school_default_locale() -> str:
    if "school_locale" not in g:
        from .school.service import get_school

        school = get_school()
        g.school_locale = school.default_locale if school else "ar"
    return g.school_locale


def text_direction() -> str:
    return "rtl" if str(get_locale()) in RTL else "ltr"


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
    if lang in SUPPORTED_LOCALES:
        session["locale"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("main.index"))


def template_globals() -> dict:
    return {
        "text_direction": text_direction,
        "language_names": LANGUAGE_NAMES,
        "current_locale": lambda: str(get_locale()),
    }
