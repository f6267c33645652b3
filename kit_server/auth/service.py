"""Sign-in logic, free of Flask request objects so that the CLI and tests use it too."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..timeutil import utcnow
from . import ratelimit
from . import secrets as kit_secrets
from .models import ADMIN, TEACHER, StaffUser, Student

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A bad value for an account, with a message meant for the person who typed it."""


@dataclass
class SignInResult:
    user: object | None = None
    wait_seconds: int = 0


def validate_username(username: str) -> str:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise AccountError("username")
    return username


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError("password")
    return password


def create_staff(role: str, username: str, display_name: str, password: str) -> StaffUser:
    if role not in (ADMIN, TEACHER):
        raise AccountError("role")
    username = validate_username(username)
    if db.session.scalar(sa.select(StaffUser.id).where(StaffUser.username == username)):
        raise AccountError("username_taken")
    if not display_name.strip():
        raise AccountError("display_name")
    user = StaffUser(role=role, username=username, display_name=display_name.strip(),
                     password_hash=kit_secrets.hash_password(validate_password(password)))
    db.session.add(user)
    db.session.flush()
    return user


def set_staff_password(user: StaffUser, password: str) -> None:
    user.password_hash = kit_secrets.hash_password(validate_password(password))


def _limits(account_key: str, address: str) -> list[tuple[str, int]]:
    cfg = current_app.config
    return [(account_key, cfg["SIGNIN_MAX_FAILURES_ACCOUNT"]),
            (f"addr:{address}", cfg["SIGNIN_MAX_FAILURES_ADDRESS"])]


def _attempt(account_key: str, address: str, check) -> SignInResult:
    """Run `check()` unless the account or the address is resting after too many failures."""
    limits = _limits(account_key, address)
    wait = ratelimit.seconds_blocked(limits)
    if wait:
        return SignInResult(wait_seconds=wait)
    user = check()
    if user is None:
        ratelimit.record_failure([key for key, _ in limits])
        return SignInResult(wait_seconds=ratelimit.seconds_blocked(limits))
    # A class of 30 signs in within seconds: write only what is needed, since every commit waits
    # for the disk and writers take turns. Staff show their last sign-in; students' activity is
    # already in their events.
    cleared = ratelimit.clear(account_key)
    if isinstance(user, StaffUser):
        user.last_login_at = utcnow()
    if cleared or isinstance(user, StaffUser):
        db.session.commit()
    return SignInResult(user=user)


def sign_in_staff(username: str, password: str, address: str) -> SignInResult:
    username = username.strip().lower()

    def check():
        user = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username))
        if user is None or not user.active:
            # Same work as a real check, so timing does not tell which usernames exist.
            kit_secrets.check_password(_dummy_hash(), password)
            return None
        return user if kit_secrets.check_password(user.password_hash, password) else None

    return _attempt(f"staff:{username}", address, check)


def sign_in_student(student: Student, secret: str, address: str) -> SignInResult:
    def check():
        if not student.active:
            return None
        ok = kit_secrets.check_student_secret(student.secret_salt, student.secret_hash, secret)
        return student if ok else None

    return _attempt(f"student:{student.id}", address, check)


def class_code_blocked(address: str) -> int:
    return ratelimit.seconds_blocked([(f"code:{address}", current_app.config["SIGNIN_MAX_FAILURES_ADDRESS"])])


def record_bad_class_code(address: str) -> None:
    ratelimit.record_failure([f"code:{address}"])


def set_student_secret(student: Student, kind: str) -> str | list[str]:
    """Give a student a fresh PIN or picture sequence; returns it so the teacher can hand it over."""
    secret = kit_secrets.new_picture_sequence() if kind == "picture" else kit_secrets.new_pin()
    store_student_secret(student, secret)
    return secret


def store_student_secret(student: Student, secret: str | list[str]) -> None:
    """Keep only a salted hash of a PIN (a string) or a picture sequence (a list)."""
    plain = kit_secrets.picture_secret(secret) if isinstance(secret, list) else secret
    student.secret_kind = "picture" if isinstance(secret, list) else "pin"
    student.secret_salt = kit_secrets.new_salt()
    student.secret_hash = kit_secrets.hash_student_secret(student.secret_salt, plain)


@functools.cache
def _dummy_hash() -> str:
    """A real scrypt hash to check against when the username is unknown (made once, on first use)."""
    return kit_secrets.hash_password("not-a-real-password")
