"""Counting failures (and API calls) per key in a time window, in the database.

The counts live in the `sign_in_attempt` table, not in memory: they hold across every gunicorn
worker, on SQLite and on PostgreSQL, and a restart (or a power cut) does not reopen the door.
A key names what is counted (`student:12@<address hash>`, `addr:staff:10.0.0.7`, `api:10.0.0.7`...);
a Budget says how many rows that key may have in how many seconds.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from ..extensions import db
from ..timeutil import utcnow
from .models import SignInAttempt

MAX_KEY = 160  # the column's width (migration 0009)
PRUNE_AFTER = 24 * 3600  # longer than any window


@dataclass(frozen=True)
class Budget:
    key: str
    limit: int
    seconds: int


def address_tag(address: str) -> str:
    """A short, fixed-length stand-in for an address inside a longer key (IPv6 is long)."""
    return hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()[:16]


def _key(key: str) -> str:
    # Usernames typed at the sign-in form can be up to 64 characters: never overflow the column.
    return key if len(key) <= MAX_KEY else key[:MAX_KEY - 17] + "#" + address_tag(key)


def _wait(budget: Budget) -> int:
    """0 under the budget, else seconds until the oldest counted row leaves the window."""
    now = utcnow()
    window = timedelta(seconds=budget.seconds)
    times = db.session.scalars(
        sa.select(SignInAttempt.created_at)
        .where(SignInAttempt.key == _key(budget.key), SignInAttempt.created_at > now - window)
        .order_by(SignInAttempt.created_at.desc())
        .limit(budget.limit)
    ).all()
    if len(times) < budget.limit:
        return 0
    return max(1, int((times[-1] + window - now).total_seconds()) + 1)


def seconds_blocked(budgets: list[Budget]) -> int:
    """0 if every budget has room left, else the longest wait among those that are spent."""
    return max((_wait(budget) for budget in budgets), default=0)


def blocked_budgets(budgets: list[Budget]) -> list[Budget]:
    return [budget for budget in budgets if _wait(budget)]


def record(keys: list[str]) -> None:
    """Count one failure (or one call) against each key; committed at once, so every worker sees it."""
    for key in keys:
        db.session.add(SignInAttempt(key=_key(key)))
    if secrets.randbelow(50) == 0:
        prune(PRUNE_AFTER)  # now and then, so the table never grows with old rows
    db.session.commit()


def record_failure(keys: list[str]) -> None:
    record(keys)


def hit(budget: Budget) -> bool:
    """Count one call against the budget; False (and nothing counted) when it is already spent."""
    if _wait(budget):
        return False
    record([budget.key])
    return True


def clear(key: str) -> int:
    """Forget one key's rows; returns how many there were. No write when there is nothing to forget,
    so a class signing in at once does not wait for the disk."""
    key = _key(key)
    if db.session.scalar(sa.select(SignInAttempt.id).where(SignInAttempt.key == key).limit(1)) is None:
        return 0
    return db.session.execute(sa.delete(SignInAttempt).where(SignInAttempt.key == key)).rowcount


def forget_account(account: str) -> int:
    """Forget every failure counted for an account: its own key and its (account, address) keys."""
    condition = sa.or_(SignInAttempt.key == account,
                       SignInAttempt.key.startswith(f"{account}@", autoescape=True))
    return db.session.execute(sa.delete(SignInAttempt).where(condition)).rowcount


def recent_counts(prefix: str, windows: set[int]) -> dict[str, dict[int, int]]:
    """For every key starting with `prefix`: how many rows it has in each of the windows (seconds).
    One query for a whole class, for the teacher's roster."""
    now = utcnow()
    rows = db.session.execute(
        sa.select(SignInAttempt.key, SignInAttempt.created_at)
        .where(SignInAttempt.key.startswith(prefix, autoescape=True),
               SignInAttempt.created_at > now - timedelta(seconds=max(windows)))).all()
    counts: dict[str, dict[int, int]] = {}
    for key, created in rows:
        by_window = counts.setdefault(key, dict.fromkeys(windows, 0))
        for seconds in windows:
            by_window[seconds] += created > now - timedelta(seconds=seconds)
    return counts


def prune(older_than_seconds: int) -> None:
    """Forget rows older than the longest window (keeps the table tiny)."""
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    db.session.execute(sa.delete(SignInAttempt).where(SignInAttempt.created_at < cutoff))
