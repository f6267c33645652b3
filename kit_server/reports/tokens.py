"""API tokens for the programme's downloads.

A token reads `kit_<prefix>_<secret>`. Only the SHA-256 of the whole token is stored; the prefix
finds the row without scanning, and the hashes are compared in constant time. The token is shown
once, when it is made.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa

from ..extensions import db
from ..timeutil import utcnow
from .models import ApiToken

SCOPE = "reports"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(label: str, *, days: int | None = 365, created_by: int | None = None) -> tuple[ApiToken, str]:
    prefix = secrets.token_hex(4)
    token = f"kit_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken(prefix=prefix, token_hash=_hash(token), label=label.strip()[:80] or "token", scope=SCOPE,
                   created_by=created_by, expires_at=utcnow() + timedelta(days=days) if days else None)
    db.session.add(row)
    db.session.flush()
    return row, token


def check_token(token: str | None) -> ApiToken | None:
    """The live token row for a bearer token, or None (unknown, wrong, expired or revoked)."""
    if not token or not token.startswith("kit_"):
        return None
    prefix = token[4:].split("_", 1)[0]
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.prefix == prefix))
    if row is None or not hmac.compare_digest(row.token_hash, _hash(token)):
        return None
    if row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= utcnow()):
        return None
    return row


def revoke(token_id: int) -> bool:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True
