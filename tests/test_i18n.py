"""Every screen in Arabic (default, right-to-left), French and English."""
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kit_server.extensions import db

from .conftest import csrf_token
from .test_access_matrix import MATRIX, ROLES, _url_values

TRANSLATIONS = Path(__file__).resolve().parent.parent / "kit_server" / "translations"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# The glossary puts the English term in brackets after an Arabic one: «نموذج (model)». Those, code,
# keys and product names are meant to be Latin.
BRACKETED = re.compile(r"\([^()]*\)")
PROPER_NAMES = {"Jupyter", "JavaScript", "Enter", "Shift", "Tab", "Python", "scikit", "learn", "matplotlib"}
CODE_TAGS = ("script", "style", "pre", "code", "kbd")


def _catalog(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def _source_messages() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(TRANSLATIONS.parent), method_map, keywords={"_": None, "_l": None, "gettext": None,
                                                            "ngettext": (1, 2), "lazy_gettext": None}):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_string_in_the_code_is_translated(lang):
    catalog = _catalog(lang)
    translated = {(m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog
                  if m.id and all(m.string if isinstance(m.string, tuple) else [m.string]) and "fuzzy" not in m.flags}
    missing = _source_messages() - translated
    assert not missing, f"untranslated in {lang} (run `kit translate extract` and `update`): {sorted(missing)[:10]}"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_compiled_catalog_matches_its_source(lang):
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(lang), use_fuzzy=True)
    compiled = (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert buffer.getvalue() == compiled, "run `kit translate compile` and commit the .mo file"


class _VisibleText(HTMLParser):
    """Collects text a person sees or hears, skipping data marked translate="no" and other languages."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = (tag in CODE_TAGS or attrs.get("translate") == "no" or "prompt" in attrs.get("class", "")
                or attrs.get("lang", "ar") not in ("ar",) and tag != "html")
        inherited = bool(self.stack) and self.stack[-1][1]
        self.stack.append((tag, bool(skip or inherited)))
        if not self.stack[-1][1]:
            for name in ("aria-label", "title", "alt", "placeholder"):
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        hidden = bool(self.stack) and self.stack[-1][1]
        if not hidden and data.strip():
            self.texts.append(data.strip())


def _latin_words(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [w for text in parser.texts for w in LATIN_WORD.findall(BRACKETED.sub("", text))
            if w not in PROPER_NAMES]


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_no_english_on_arabic_pages(role_index, role, app, client, school, login_as, assigned):
    values = _url_values(app, school, assigned)
    login_as(role)
    pages = [t.format(**values) for _e, (method, t, expected) in MATRIX.items()
             if method == "GET" and expected[role_index] in (200, 403, 404)
             and not t.startswith(("/static", "/api/", "/lesson-files"))]
    pages.append("/no-such-page")
    found = {}
    for path in pages:
        response = client.get(path, headers={"Accept-Language": "ar"})
        if response.mimetype != "text/html":
            continue  # data (JSON, CSV with fixed English column names), not text for people
        words = _latin_words(response.get_data(as_text=True))
        if words:
            found[path] = words
    assert not found, f"English left on Arabic pages: {found}"


def test_untranslated_scan_finds_english(app):
    """The scanner itself: English text is caught, data marked translate="no" is not."""
    assert _latin_words('<html lang="ar"><p>Sign in</p><td translate="no">admin</td></html>') == ["Sign", "in"]
    assert _latin_words('<p>نموذج (model)</p><pre>import numpy</pre><p>model</p>') == ["model"]


def test_pages_are_rtl_in_arabic_and_ltr_otherwise(client, school):
    for lang, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        html = client.get("/join", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{direction}">' in html


def test_french_pages_show_french(client, school):
    html = client.get("/join", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Trouve ta classe" in html and "Find your class" not in html


def test_locale_chain_user_then_session_then_browser_then_school(app, client, school, login_as):
    # School default when the browser asks for a language we do not have.
    assert 'lang="ar"' in client.get("/join", headers={"Accept-Language": "de"}).get_data(as_text=True)
    # The browser's language beats the school default.
    assert 'lang="en"' in client.get("/join", headers={"Accept-Language": "en"}).get_data(as_text=True)
    # The language switch (session) beats the browser.
    client.post("/language", data={"lang": "fr", "csrf_token": csrf_token(client, "/join")})
    assert 'lang="fr"' in client.get("/join", headers={"Accept-Language": "en"}).get_data(as_text=True)
    # A signed-in user's own setting beats the session.
    login_as("teacher")
    with app.app_context():
        from kit_server.auth.models import StaffUser

        db.session.get(StaffUser, school["teacher"].id).locale = "en"
        db.session.commit()
    assert 'lang="en"' in client.get("/teacher/classes", headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_language_switch_remembers_choice_for_signed_in_user(app, client, school, login_as):
    login_as("teacher")
    client.post("/language", data={"lang": "fr", "next": "/teacher/classes",
                                   "csrf_token": csrf_token(client, "/teacher/classes")})
    with app.app_context():
        from kit_server.auth.models import StaffUser

        assert db.session.get(StaffUser, school["teacher"].id).locale == "fr"


def test_plural_forms_follow_arabic_grammar(client, school, login_as):
    login_as("teacher")
    html = client.get("/teacher/classes", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "تلميذ واحد" in html  # one student: the Arabic singular form, not "1 تلاميذ"


def test_error_pages_are_friendly_and_translated(client):
    for lang, words in (("ar", "لم نجد هذه الصفحة"), ("fr", "Page introuvable"), ("en", "We could not find this page")):
        response = client.get("/missing", headers={"Accept-Language": lang})
        assert response.status_code == 404 and words in response.get_data(as_text=True)
    response = client.put("/join", headers={"Accept-Language": "fr"})
    assert response.status_code == 405 and "pas possible ici" in response.get_data(as_text=True)
