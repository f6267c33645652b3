"""Programme staff on the hub (viewer: sees; manager: also uploads, makes enrolment codes, reads the
refusal log), with the kit's rules: scrypt hashes, CSRF on every form, rate-limited sign-in that
counts failures per (account, address) and per address, so a stranger cannot lock a manager out
from elsewhere, and a session that ends when the password changes."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ..auth import secrets as kit_secrets
from ..auth.service import AccountError, validate_password, validate_username
from ..timeutil import utcnow
from .db import session
from .models import ROLES, HubFailure, HubUser

WINDOW = timedelta(minutes=5)
PER_ACCOUNT_ADDRESS, PER_ADDRESS = 5, 30
_DUMMY = {}


def create_user(username: str, display_name: str, password: str, role: str) -> HubUser:
    if role not in ROLES:
        raise AccountError("role")
    username = validate_username(username)
    db = session()
    if db.scalar(sa.select(HubUser.id).where(HubUser.username == username)):
        raise AccountError("username_taken")
    user = HubUser(username=username, display_name=(display_name or username).strip()[:120] or username,
                   password_hash=kit_secrets.hash_password(validate_password(password)), role=role)
    db.add(user)
    db.commit()
    return user


def load(user_id: str) -> HubUser | None:
    kind, _sep, rest = user_id.partition(":")
    number, _sep, version = rest.partition(":")
    if kind != "hub" or not number.isascii() or not number.isdigit() or len(number) > 12:
        return None
    user = session().get(HubUser, int(number))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def blocked(keys: list[tuple[str, int]]) -> bool:
    db = session()
    since = utcnow() - WINDOW
    for key, limit in keys:
        count = db.scalar(sa.select(sa.func.count()).select_from(HubFailure)
                          .where(HubFailure.key == key, HubFailure.at > since))
        if count >= limit:
            return True
    return False


def record_failure(keys: list[str]) -> None:
    db = session()
    db.add_all(HubFailure(key=key[:120]) for key in keys)
    db.execute(sa.delete(HubFailure).where(HubFailure.at < utcnow() - 4 * WINDOW))
    db.commit()


def sign_in(username: str, password: str, address: str) -> tuple[HubUser | None, bool]:
    """(user or None, whether the door is resting after too many failures)."""
    name = (username or "").strip().lower()[:64]
    keys = [(f"signin:{name}|{address}", PER_ACCOUNT_ADDRESS), (f"signin-addr:{address}", PER_ADDRESS)]
    if blocked(keys):
        return None, True
    user = session().scalar(sa.select(HubUser).where(HubUser.username == name))
    # Always run scrypt, so an unknown name answers as slowly as a known one.
    stored = user.password_hash if user is not None else _dummy_hash()
    ok = kit_secrets.check_password(stored, password or "") and user is not None and user.active
    if not ok:
        record_failure([key for key, _limit in keys])
        return None, blocked(keys)
    return user, False


def _dummy_hash() -> str:
    if "hash" not in _DUMMY:
        _DUMMY["hash"] = kit_secrets.hash_password("not-a-real-password")
    return _DUMMY["hash"]


def set_password(user: HubUser, password: str) -> None:
    user.password_hash = kit_secrets.hash_password(validate_password(password))
    user.session_version += 1
    session().commit()
