"""Browsers an account has signed in from before ("known devices").

After a good sign-in the browser keeps a signed cookie listing the accounts that signed in on it.
Their failures there count against a budget of their own, so an attacker who spends an account's
shared budget from elsewhere does not lock its owner out of their usual tablet or PC. The cookie is
signed with the school's secret key: nobody can add an account to it by hand.
"""
from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "kit_known"
MAX_ACCOUNTS = 40  # a lab PC used by a few classes
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kit-known-device")


def _accounts() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        accounts = _serializer().loads(raw)
    except BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def known_accounts() -> frozenset[str]:
    return frozenset(_accounts())


def remember(response, account: str) -> None:
    """Add the account to this browser's list (most recent last, oldest dropped)."""
    accounts = [a for a in _accounts() if a != account] + [account]
    response.set_cookie(COOKIE, _serializer().dumps(accounts[-MAX_ACCOUNTS:]), max_age=MAX_AGE,
                        httponly=True, samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))

