"""Counting failed sign-ins so that nobody can guess a PIN or a password by trying them all.

Failures are stored in the database, so a restart (or a power cut) does not reopen the door.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..timeutil import utcnow
from .models import SignInAttempt


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["SIGNIN_WINDOW_SECONDS"])


def seconds_blocked(keys_and_limits: list[tuple[str, int]]) -> int:
    """0 if every key is under its limit, else how long until the oldest failure leaves the window."""
    since = utcnow() - _window()
    wait = 0
    for key, limit in keys_and_limits:
        times = db.session.scalars(
            sa.select(SignInAttempt.created_at)
            .where(SignInAttempt.key == key, SignInAttempt.created_at > since)
            .order_by(SignInAttempt.created_at.desc())
            .limit(limit)
        ).all()
        if len(times) >= limit:
            oldest = times[-1]
            wait = max(wait, int((oldest + _window() - utcnow()).total_seconds()) + 1)
    return wait


def record_failure(keys: list[str]) -> None:
    for key in keys:
        db.session.add(SignInAttempt(key=key))
    db.session.commit()


def clear(key: str) -> int:
    """Forget an account's failures after a good sign-in; returns how many there were."""
    if db.session.scalar(sa.select(SignInAttempt.id).where(SignInAttempt.key == key).limit(1)) is None:
        return 0  # nothing to forget: no write, so no wait for the disk
    return db.session.execute(sa.delete(SignInAttempt).where(SignInAttempt.key == key)).rowcount


def prune() -> None:
    """Forget failures older than the window (called now and then, keeps the table tiny)."""
    db.session.execute(sa.delete(SignInAttempt).where(SignInAttempt.created_at < utcnow() - _window()))
