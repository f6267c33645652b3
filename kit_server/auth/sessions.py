"""Which user a session cookie belongs to, and ending sessions.

Flask-Login's "alternative token" pattern: the id kept in the session is `kind:id:version`, and each
account has a session version. Signing out or a new password, PIN or picture sequence raises the
version, so every cookie issued before (one copied from a shared PC, one a thief kept) no longer
names a user: its holder is sent to sign in again.
"""
from __future__ import annotations

from ..extensions import db
from .models import StaffUser, Student

_MODELS = {"staff": StaffUser, "student": Student}


def _number(text: str) -> int | None:
    # ASCII digits only ("𝟙".isdigit() is True), and within SQLite's INTEGER.
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def load_user(session_id: str):
    kind, _sep, rest = session_id.partition(":")
    raw_id, _sep, raw_version = rest.partition(":")
    model = _MODELS.get(kind)
    user_id, version = _number(raw_id), _number(raw_version)
    if model is None or user_id is None or version is None:
        return None  # includes ids from before session versions: sign in again
    user = db.session.get(model, user_id)
    if user is None or not user.active or (user.session_version or 0) != version:
        return None
    return user
