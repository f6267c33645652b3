"""Helpers the notebook sources use to declare cells once for three languages.

A markdown cell has one text per language. A code cell has ONE program; only the
pieces marked <<name>> (comments and printed words) are translated, so the three
languages always run the very same code.
"""

LANGS = ("ar", "fr", "en")


def tr(ar: str, fr: str, en: str) -> dict:
    """One short piece of text in the three languages."""
    return {"ar": ar, "fr": fr, "en": en}


def md(ar: str, fr: str, en: str) -> tuple:
    """A markdown cell (texts are dedented and stripped by the builder)."""
    return ("markdown", tr(ar, fr, en))


def code(template: str, **pieces: dict) -> tuple:
    """A code cell; every <<name>> in the template is replaced by pieces[name][lang]."""
    return ("code", template, pieces)
