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

# The account-wide budget (the per-device and per-address ones are in config.py): slower than the
# per-device one, so one child mistyping on their own tablet never reaches it.
DEFAULTS = {"SIGNIN_MAX_FAILURES_GLOBAL": 30, "SIGNIN_GLOBAL_WINDOW_SECONDS": 3600}
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A bad value for an account, with a message meant for the person who typed it."""


@dataclass
class SignInResult:
    user: object | None = None
    wait_seconds: int = 0
    account_locked: bool = False  # the account-wide budget is spent (not only this device's)


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
    """A new password ends every open session of the account and lets it sign in again at once."""
    user.password_hash = kit_secrets.hash_password(validate_password(password))
    end_sessions(user)
    ratelimit.forget_account(staff_account(user.username))


def end_sessions(user) -> None:
    """Every cookie issued before now stops working (the session id carries this number)."""
    user.session_version = (user.session_version or 0) + 1


def staff_account(username: str) -> str:
    return f"staff:{username.strip().lower()}"


def student_account(student_id: int) -> str:
    return f"student:{student_id}"


def _budgets(account: str, address: str, known_device: bool) -> list[ratelimit.Budget]:
    """Three budgets, so that guessing is slow and the rightful owner is not locked out:
    - (account, address): a few tries per device; someone else's wrong guesses elsewhere cost
      the owner nothing;
    - the account over a longer window, whatever the address: guessing from many devices stays
      slow. A browser this account has signed in from before has its own such budget, so an
      attacker spending the shared one does not lock the owner out of their usual device;
    - the address, with staff and students counted apart: children's failures on a lab PC never
      close the door to the teacher's password there."""
    cfg = {**DEFAULTS, **current_app.config}
    short = cfg["SIGNIN_WINDOW_SECONDS"]
    group = account.partition(":")[0]
    return [ratelimit.Budget(f"{account}@known" if known_device else account, cfg["SIGNIN_MAX_FAILURES_GLOBAL"],
                             cfg["SIGNIN_GLOBAL_WINDOW_SECONDS"]),
            ratelimit.Budget(f"{account}@{ratelimit.address_tag(address)}", cfg["SIGNIN_MAX_FAILURES_ACCOUNT"], short),
            ratelimit.Budget(f"addr:{group}:{address}", cfg["SIGNIN_MAX_FAILURES_ADDRESS"], short)]


def _result_when_blocked(budgets: list[ratelimit.Budget]) -> SignInResult:
    blocked = ratelimit.blocked_budgets(budgets)
    return SignInResult(wait_seconds=ratelimit.seconds_blocked(blocked),
                        account_locked=budgets[0] in blocked)


def _attempt(account: str, address: str, check, known_device: bool) -> SignInResult:
    """Run `check()` unless one of the budgets is spent; count a failure against all of them."""
    budgets = _budgets(account, address, known_device)
    if ratelimit.seconds_blocked(budgets):
        return _result_when_blocked(budgets)
    user = check()
    if user is None:
        ratelimit.record([budget.key for budget in budgets])
        return _result_when_blocked(budgets)
    # A class of 30 signs in within seconds: write only what is needed, since every commit waits
    # for the disk and writers take turns. Only this device's own typos are forgotten: clearing the
    # account-wide count would hand a guesser a fresh budget each time the owner signs in.
    cleared = ratelimit.clear(budgets[1].key)
    if isinstance(user, StaffUser):
        user.last_login_at = utcnow()
    if cleared or isinstance(user, StaffUser):
        db.session.commit()
    return SignInResult(user=user)


def sign_in_staff(username: str, password: str, address: str, known: frozenset = frozenset()) -> SignInResult:
    username = username.strip().lower()

    def check():
        user = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username))
        if user is None or not user.active:
            # Same work as a real check, so timing does not tell which usernames exist.
            kit_secrets.check_password(_dummy_hash(), password)
            return None
        return user if kit_secrets.check_password(user.password_hash, password) else None

    account = staff_account(username)
    return _attempt(account, address, check, account in known)


def sign_in_student(student: Student, secret: str, address: str, known: frozenset = frozenset()) -> SignInResult:
    def check():
        if not student.active:
            return None
        ok = kit_secrets.check_student_secret(student.secret_salt, student.secret_hash, secret)
        return student if ok else None

    account = student_account(student.id)
    return _attempt(account, address, check, account in known)


def _code_budget(address: str) -> ratelimit.Budget:
    cfg = {**DEFAULTS, **current_app.config}
    return ratelimit.Budget(f"code:{address}", cfg["SIGNIN_MAX_FAILURES_ADDRESS"], cfg["SIGNIN_WINDOW_SECONDS"])


def class_code_blocked(address: str) -> int:
    """Wrong class codes, typed in the form or tried in the address bar, share one budget per address."""
    return ratelimit.seconds_blocked([_code_budget(address)])


def record_bad_class_code(address: str) -> None:
    ratelimit.record([_code_budget(address).key])


def locked_students(student_ids: list[int]) -> set[int]:
    """The students whose sign-in is resting now, on some device or everywhere (for the teacher)."""
    cfg = {**DEFAULTS, **current_app.config}
    short, long = cfg["SIGNIN_WINDOW_SECONDS"], cfg["SIGNIN_GLOBAL_WINDOW_SECONDS"]
    counts = ratelimit.recent_counts("student:", {short, long})
    wanted = {student_account(sid): sid for sid in student_ids}
    locked = set()
    for key, by_window in counts.items():
        account, _at, where = key.partition("@")
        if account not in wanted:
            continue
        account_wide = where in ("", "known")
        if account_wide and by_window[long] >= cfg["SIGNIN_MAX_FAILURES_GLOBAL"] or \
                not account_wide and by_window[short] >= cfg["SIGNIN_MAX_FAILURES_ACCOUNT"]:
            locked.add(wanted[account])
    return locked


def unlock_students(student_ids: list[int]) -> int:
    """A teacher lets their students try again at once; returns how many failures were forgotten."""
    return sum(ratelimit.forget_account(student_account(sid)) for sid in student_ids)


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
    if student.id is not None:  # a new PIN for a lost card: whoever holds the old one is signed out
        end_sessions(student)
        ratelimit.forget_account(student_account(student.id))


@functools.cache
def _dummy_hash() -> str:
    """A real scrypt hash to check against when the username is unknown (made once, on first use)."""
    return kit_secrets.hash_password("not-a-real-password")
