"""Caps on every JSON body the kit accepts: its size and how deeply it nests.

Parsing runs once, before any view, for every request that says it carries JSON. A body that is too
big gets 413 and one that is not JSON, or nests deeper than any real request does, gets 400, with
a short reason. 100,000 nested `[` used to end in a RecursionError (HTTP 500) inside `get_json`.
The parsed value is cached on the request, so views keep calling `request.get_json(silent=True)`.
"""
from __future__ import annotations

from flask import abort, current_app, request

# The largest legitimate bodies are an outbox batch (200 events) and a class's digit drawings.
DEFAULT_MAX_BYTES = 1024 * 1024
# Real bodies nest about 5 deep ({"events": [{"data": {"answer": [...]}}]}); 32 leaves room.
MAX_DEPTH = 32


def too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """True when lists/objects nest more than `limit` levels (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _refuse(code: int, reason: str, **extra):
    abort(code, description={"reason": reason, **extra})


def check_body(max_bytes: int | None = None):
    """Parse the request's JSON body within the caps, or abort 400/413. Returns the value (None when
    the request does not say it is JSON: the view then refuses it in its own words)."""
    if not request.is_json:
        return None
    limit = max_bytes or current_app.config.get("MAX_JSON_BYTES", DEFAULT_MAX_BYTES)
    if (request.content_length or 0) > limit:
        _refuse(413, f"the body is larger than {limit} bytes", max_bytes=limit)
    request.max_content_length = limit  # also bounds a body sent without Content-Length
    data = request.get_data(cache=True)
    if len(data) > limit:
        _refuse(413, f"the body is larger than {limit} bytes", max_bytes=limit)
    try:
        value = request.get_json(silent=False)
    except RecursionError:
        _refuse(400, f"the body nests more than {MAX_DEPTH} levels deep")
    except Exception:  # werkzeug's BadRequest for text that is not JSON, or not UTF-8
        _refuse(400, "the body is not valid JSON")
    if too_deep(value):
        _refuse(400, f"the body nests more than {MAX_DEPTH} levels deep")
    return value


def init_app(app) -> None:
    @app.before_request
    def _cap_json_bodies():
        if request.method not in ("POST", "PUT", "PATCH") or not request.is_json:
            return
        if not request.path.startswith("/api/"):
            # Pages take forms. Flask-WTF would read a JSON body as the form's fields and a list
            # or a number there ends in a 500; no page of the kit is meant to be posted JSON.
            _refuse(400, "this page takes a form, not JSON")
        check_body()
