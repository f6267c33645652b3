"""Browsers an account has signed in from before ("known devices").

After a good sign-in the browser keeps a signed cookie listing the accounts that signed in on it.
Their failures there count against an account-wide budget of their own, so an attacker who spends
an account's shared budget from elsewhere does not lock its owner out of their usual tablet or PC.
The cookie is signed with the school's secret key (nobody can add an account to it by hand) and
holds keyed tags, not usernames: a shared lab PC's cookie does not tell who used it.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "kit_known"
MAX_ACCOUNTS = 40  # a lab PC used by a few classes
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kit-known-device")


def _tag(account: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"known-device:{account}".encode(), hashlib.sha256).hexdigest()[:16]


def _tags() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        tags = _serializer().loads(raw)
    except BadSignature:
        return []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def knows(account: str) -> bool:
    """Has this account signed in from this browser before?"""
    return _tag(account) in _tags()


def remember(response, account: str) -> None:
    """Add the account to this browser's list (most recent last, oldest dropped)."""
    tag = _tag(account)
    tags = [t for t in _tags() if t != tag] + [tag]
    response.set_cookie(COOKIE, _serializer().dumps(tags[-MAX_ACCOUNTS:]), max_age=MAX_AGE,
                        httponly=True, samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
