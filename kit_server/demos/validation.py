"""Turn raw parameters into a validated Params object, or a DemoParamError a student can read.

Every message names the field and says what is allowed, read from the same JSON schema the page
uses for its sliders, so the error and the slider can never disagree about a bound.
"""
from __future__ import annotations

import math
from typing import Any

from flask_babel import gettext as _
from pydantic import ValidationError

from .base import DemoParams
from .errors import DemoParamError


def validate(params_cls: type[DemoParams], raw: Any) -> DemoParams:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DemoParamError([{"field": "params", "message": _("Settings must be a JSON object.")}])
    try:
        params = params_cls.model_validate(raw)
        dumped = params.model_dump()
        # -0 passes a bound of 0 (-0.0 >= 0.0) but numpy refuses it as a scale: run it as 0.
        return params_cls.model_validate(_no_negative_zero(dumped)) if _has_negative_zero(dumped) else params
    except ValidationError as exc:
        raise DemoParamError(_messages(params_cls, exc)) from None
    except (ValueError, TypeError, RecursionError):
        # pydantic can fail outside ValidationError on pathological input (e.g. absurd nesting).
        message = _("These settings are not valid.")
        raise DemoParamError([{"field": "params", "message": message}]) from None


def _has_negative_zero(value) -> bool:
    if isinstance(value, float):
        return value == 0 and math.copysign(1.0, value) < 0
    if isinstance(value, dict):
        return any(_has_negative_zero(v) for v in value.values())
    return isinstance(value, (list, tuple)) and any(_has_negative_zero(v) for v in value)


def _no_negative_zero(value):
    if isinstance(value, float) and value == 0:
        return 0.0
    if isinstance(value, dict):
        return {k: _no_negative_zero(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_no_negative_zero(v) for v in value]
    return value


def _messages(params_cls: type[DemoParams], exc: ValidationError) -> list[dict[str, str]]:
    schema = params_cls.model_json_schema()
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False, include_input=False):
        loc = [p for p in err["loc"] if isinstance(p, (str, int))]
        field = ".".join(str(p) for p in loc) or "params"
        if field in seen:
            continue
        seen.add(field)
        if err["type"] == "too_many_labels":
            message = _("%(field)s may use at most %(max)s different labels.",
                        field=field, max=err.get("ctx", {}).get("max"))
        else:
            message = _message(err["type"], field, _leaf(schema, loc))
        out.append({"field": field, "message": message})
    return out


def _resolve(schema: dict, node: dict | None) -> dict | None:
    """Follow $ref and take the non-null branch of Optional[...] (anyOf with null)."""
    while node is not None:
        if "$ref" in node:
            node = schema.get("$defs", {}).get(node["$ref"].rsplit("/", 1)[-1])
        elif "anyOf" in node:
            branches = [b for b in node["anyOf"] if b.get("type") != "null"]
            node = branches[0] if branches else None
        else:
            return node
    return None


def _leaf(schema: dict, loc: list) -> dict | None:
    """Walk the schema along an error location: names go into properties, numbers into items."""
    node: dict | None = schema
    for part in loc:
        node = _resolve(schema, node)
        if node is None:
            return None
        if isinstance(part, int):
            node = node.get("items")
        else:
            node = node.get("properties", {}).get(part)
    return _resolve(schema, node)


def _message(err_type: str, field: str, leaf: dict | None) -> str:
    if err_type == "extra_forbidden":
        return _("%(field)s is not a known setting.", field=field)
    if err_type == "missing":
        return _("%(field)s is required.", field=field)
    if leaf is None:
        return _("%(field)s is not valid.", field=field)
    kind = leaf.get("type")
    if "enum" in leaf or "const" in leaf:
        choices = ", ".join(str(c) for c in leaf.get("enum", [leaf.get("const")]))
        return _("%(field)s must be one of: %(choices)s.", field=field, choices=choices)
    if kind == "integer":
        return _("%(field)s must be a whole number from %(min)s to %(max)s.",
                 field=field, min=leaf.get("minimum"), max=leaf.get("maximum"))
    if kind == "number":
        return _("%(field)s must be a number from %(min)s to %(max)s.",
                 field=field, min=leaf.get("minimum"), max=leaf.get("maximum"))
    if kind == "boolean":
        return _("%(field)s must be true or false.", field=field)
    if kind == "string" and leaf.get("minLength", 0) > 0:
        return _("%(field)s must be text of %(min)s to %(max)s characters.",
                 field=field, min=leaf.get("minLength"), max=leaf.get("maxLength"))
    if kind == "string":
        return _("%(field)s must be text of at most %(max)s characters.",
                 field=field, max=leaf.get("maxLength"))
    if kind == "array":
        return _("%(field)s must be a list of %(min)s to %(max)s items.",
                 field=field, min=leaf.get("minItems", 0), max=leaf.get("maxItems"))
    if kind == "object":
        return _("%(field)s must be an object with the expected fields.", field=field)
    return _("%(field)s is not valid.", field=field)
