"""Turn pydantic errors into ContentIssues with the line of the key at fault."""
from __future__ import annotations

import typing

from pydantic import BaseModel, ValidationError

from .issues import ContentIssue
from .yamlload import key_name, line_of


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that holds the last key of loc, to list its keys."""
    current: typing.Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
        while typing.get_origin(current) in (list, typing.Union, typing.Annotated):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _message(error: dict, model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        owner = _model_at(model, error["loc"][:-1])
        allowed = f" (allowed: {', '.join(owner.model_fields)})" if owner else ""
        return f"unknown key{allowed}"
    if kind == "missing":
        return "missing required key"
    if kind == "string_pattern_mismatch":
        return "an id uses only small letters a-z, digits and single - or _ between them"
    return error["msg"]


def issues_from(exc: ValidationError, model, data, path: str, prefix: tuple = ()) -> list[ContentIssue]:
    issues = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        issues.append(ContentIssue(path, line_of(data, loc), key_name(loc), _message(error, model)))
    return issues


def validate(model, raw, data, path: str, prefix: tuple = ()):
    """Validate raw (plain) data; return (spec or None, issues)."""
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, issues_from(exc, model, data, path, prefix)
