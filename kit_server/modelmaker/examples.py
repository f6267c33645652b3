"""What one example of each kind of project may be, checked before anything is stored.

Light on purpose: the web process imports this, never scikit-learn. Each refusal is an
ExampleError whose code the page turns into a sentence in the student's language.
"""
from __future__ import annotations

import hashlib
import json
import math

KINDS = ("words", "drawings", "numbers", "photos")
MIN_LABELS, MAX_LABELS = 2, 6
MAX_LABEL_CHARS = 30
MAX_NAME_CHARS = 60
MAX_TEXT_CHARS = 200
GRID = 16                      # drawings arrive as a 16 × 16 grid of ink levels 0–16
MIN_INK_CELLS = 3              # fewer inked cells is an empty drawing
MAX_COLUMNS = 4
MAX_NUMBER = 1_000_000
MIN_PER_LABEL = 3              # training needs a few examples of every label
PHOTO = 16                     # photos arrive reduced in the browser to 16 × 16 colour pixels: the photo
                               # itself never leaves the phone, and there is no image for the kit to decode


class ExampleError(ValueError):
    """Something a student sent that cannot be kept; str(error) is a code such as 'text_empty'."""


def clean_name(raw) -> str:
    name = raw.strip() if isinstance(raw, str) else ""
    if not name or len(name) > MAX_NAME_CHARS:
        raise ExampleError("name")
    if "<" in name or ">" in name:
        raise ExampleError("markup")
    return name


def _names(raw, low: int, high: int, count_code: str, each_code: str) -> list[str]:
    """low to high names of 1 to 30 characters, no markup (labels, column names)."""
    if not isinstance(raw, list) or not low <= len(raw) <= high:
        raise ExampleError(count_code)
    names = [name.strip() if isinstance(name, str) else "" for name in raw]
    if any(not name or len(name) > MAX_LABEL_CHARS for name in names):
        raise ExampleError(each_code)
    if any("<" in name or ">" in name for name in names):
        raise ExampleError("markup")
    return names


def clean_labels(raw) -> list[str]:
    """2 to 6 distinct labels."""
    labels = _names(raw, MIN_LABELS, MAX_LABELS, "label_count", "label")
    if len({label.casefold() for label in labels}) != len(labels):
        raise ExampleError("label_twice")
    return labels


def clean_columns(raw) -> list[str]:
    """The names of a numbers project's columns (1 to 4), e.g. 'hours of sleep'."""
    return _names(raw, 1, MAX_COLUMNS, "column_count", "column")


def clean_example(kind: str, data, columns: list[str] | None = None) -> dict:
    """The example as it is stored: {"text"}, {"pixels"} or {"values"}."""
    if not isinstance(data, dict):
        raise ExampleError("data")
    if kind == "words":
        return {"text": _text(data.get("text"))}
    if kind == "drawings":
        return {"pixels": _pixels(data.get("pixels"))}
    if kind == "numbers":
        return {"values": _values(data.get("values"), len(columns or []))}
    if kind == "photos":
        return {"rgb": _rgb(data.get("rgb"))}
    raise ExampleError("kind")


def _text(raw) -> str:
    text = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not text:
        raise ExampleError("text_empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ExampleError("text_long")
    return text


def _pixels(raw) -> list[int]:
    if not (isinstance(raw, list) and len(raw) == GRID * GRID
            and all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= 16 for p in raw)):
        raise ExampleError("pixels")
    if sum(1 for p in raw if p) < MIN_INK_CELLS:
        raise ExampleError("drawing_empty")
    return raw


def _rgb(raw) -> list[int]:
    if not (isinstance(raw, list) and len(raw) == PHOTO * PHOTO * 3
            and all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= 255 for p in raw)):
        raise ExampleError("photo")
    return raw


def _values(raw, count: int) -> list[float]:
    if not isinstance(raw, list) or len(raw) != count:
        raise ExampleError("values")
    values = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or abs(value) > MAX_NUMBER:
            raise ExampleError("values")
        values.append(float(value))
    return values


def size_of(data: dict) -> int:
    """Bytes an example takes, roughly as stored (for the per-student quota)."""
    if "text" in data:
        return len(data["text"].encode("utf-8"))
    return 4 * len(data.get("pixels") or data.get("values") or data.get("rgb") or [])


def digest(kind: str, rows: list) -> str:
    """The identity of a set of examples (id, label, data): one version's, or one input's."""
    text = json.dumps([kind, [list(row) for row in rows]], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()
