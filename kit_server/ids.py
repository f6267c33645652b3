"""Record ids from the outside world (URL parts and form fields): ASCII digits within BIGINT range.

Python's `str.isdigit()`, `int()` and the regex `\\d` all accept far more than 0-9: `int("𝟙")` is 1,
`"²".isdigit()` is True but `int("²")` fails, and a 30-digit id overflows SQLite's INTEGER and
PostgreSQL's BIGINT. One such id reset the admin's own password from a form meant for another
user. Every id the kit reads from a request goes through `parse_id` (forms) or the `id` URL
converter, so anything else is "not found" or "bad request", never a wrong row or a 500.
"""
from __future__ import annotations

import re

from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2 ** 63 - 1  # SQLite INTEGER and PostgreSQL BIGINT
_DIGITS = re.compile(r"[0-9]{1,19}")  # re.fullmatch with an explicit class: never Unicode digits


def parse_id(value) -> int | None:
    """The id written in `value`, or None when it is not plain ASCII digits in range."""
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def parse_ids(values) -> set[int]:
    """Every valid id among repeated form values (e.g. ticked students); the others are dropped."""
    return {number for number in map(parse_id, values) if number is not None}


class IdConverter(IntegerConverter):
    """`<id:name>` in a route: ASCII digits only, at most MAX_ID; anything else does not match (404)."""

    regex = r"[0-9]+"  # not \d: that matches every Unicode decimal digit

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return super().to_python(str(number))


def register(app) -> None:
    """Register `<id:...>`, and make `<id:...>` the same safe converter, so a route added later
    with the usual `<id:...>` cannot bring the overflow and Unicode-digit bugs back.
    Must run before blueprints are registered (rules compile their converters when added)."""
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["int"] = IdConverter
