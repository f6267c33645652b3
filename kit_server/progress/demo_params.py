"""A `demo_run` event's settings, checked against the demo's own settings class and bounds.

The classes come from the demo registry, so an event and a demo run can never disagree about a
bound. The web process must not load scikit-learn or matplotlib to check an event: the settings
classes live in a light module (`kit_server.demos.params`: pydantic only). Until that module
exists, the registry itself is used.
"""
from __future__ import annotations

import math

from pydantic import ValidationError

LONG = 200  # lists and texts longer than this are stored as their length only


class BadParams(ValueError):
    """The settings are not the demo's, or outside its bounds; the message names the fields."""


def params_class(demo_id: str):
    try:
        from ..demos.params import BY_ID  # light: the settings classes only
    except ImportError:  # the registry before the light module existed (loads the demo modules)
        from ..demos import DEMOS

        spec = DEMOS.get(demo_id)
        return spec.Params if spec else None
    return BY_ID.get(demo_id)


def validated(demo_id: str, raw) -> dict:
    """The settings as the demo would run them (defaults filled in), or BadParams."""
    cls = params_class(demo_id)
    if cls is None:
        raise BadParams(f"unknown demo {demo_id}")
    if not isinstance(raw, dict):
        raise BadParams("params must be an object")
    try:
        params = cls.model_validate(raw)
    except ValidationError as error:
        fields = sorted({".".join(str(p) for p in e["loc"]) or "params" for e in error.errors(include_url=False)})
        raise BadParams(f"settings outside the demo's bounds: {', '.join(fields)}") from None
    except (ValueError, TypeError, OverflowError, RecursionError):
        raise BadParams("settings are not valid") from None
    return _no_negative_zero(params.model_dump(mode="json"))


def _no_negative_zero(value):
    """-0.0 passes a bound of 0 but is not a number anyone chose; store it as 0."""
    if isinstance(value, float) and value == 0 and math.copysign(1, value) < 0:
        return 0.0
    if isinstance(value, dict):
        return {k: _no_negative_zero(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_negative_zero(v) for v in value]
    return value


def compact(params: dict) -> dict:
    """What is stored: every short setting as it is; long lists and texts (a class's drawings, a
    pasted text) only as their length, so a run costs the database a few hundred bytes."""
    stored, sizes = {}, {}
    for name, value in params.items():
        if isinstance(value, (list, str)) and len(value) > LONG or isinstance(value, list) and \
                any(isinstance(v, (list, dict)) for v in value):
            sizes[name] = len(value)
        else:
            stored[name] = value
    return {"params": stored, **({"sizes": sizes} if sizes else {})}
