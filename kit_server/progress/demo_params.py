"""A `demo_run` event's settings, checked exactly as the demo itself checks them before a run.

The settings classes and the validation come from the demo registry, so an event and a demo run
can never disagree about a bound (or about -0). Both are light: pydantic only; scikit-learn and
matplotlib stay in the demo workers (tests/progress/test_event_limits.py checks this).
"""
from __future__ import annotations

from ..demos.errors import DemoParamError
from ..demos.params import BY_ID
from ..demos.validation import validate

LONG = 200  # lists and texts longer than this are stored as their length only


class BadParams(ValueError):
    """The settings are not the demo's, or outside its bounds; the message names the fields."""


def validated(demo_id: str, raw) -> dict:
    """The settings as the demo would run them (defaults filled in), or BadParams."""
    cls = BY_ID.get(demo_id)
    if cls is None:
        raise BadParams(f"unknown demo {demo_id}")
    if not isinstance(raw, dict):
        raise BadParams("params must be an object")
    try:
        return validate(cls, raw).model_dump(mode="json")
    except DemoParamError as error:
        fields = sorted({str(e.get("field", "params")) for e in error.errors})
        raise BadParams(f"settings outside the demo's bounds: {', '.join(fields)[:300]}") from None


def compact(params: dict) -> dict:
    """What is stored: every short setting as it is; long lists and texts (a class's drawings, a
    pasted text) only as their length, so a run costs the database a few hundred bytes."""
    stored, sizes = {}, {}
    for name, value in params.items():
        nested = isinstance(value, list) and any(isinstance(v, (list, dict)) for v in value)
        if nested or isinstance(value, (list, str)) and len(value) > LONG:
            sizes[name] = len(value)
        else:
            stored[name] = value
    return {"params": stored, **({"sizes": sizes} if sizes else {})}
