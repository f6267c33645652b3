"""Enrolment: a school proves it holds a code the programme gave it and registers its key.

A code is random, shown once (paper or QR), kept as its SHA-256, limited in uses and time. A school
already enrolled may enrol again only with the same key: a leaked code cannot move a school to an
attacker's key. Wrong codes are counted per address like wrong passwords.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from ..reports import signing
from ..reports.bundlecheck import is_uuid
from ..timeutil import utcnow
from .db import session
from .models import EnrolmentCode, HubSchool
from .places import check_place

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from paper


class EnrolRefused(Exception):
    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason, self.status = reason, status


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def new_code(label: str, uses: int = 1, days: int = 90) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    session().add(EnrolmentCode(code_hash=_hash(raw), label=label[:80], uses_left=uses,
                                expires_at=utcnow() + timedelta(days=days)))
    session().commit()
    return "-".join(raw[k:k + 4] for k in range(0, 12, 4))


def enrol(payload: dict) -> HubSchool:
    """Register (or confirm) a school from the kit's enrolment request; EnrolRefused otherwise."""
    if not isinstance(payload, dict):
        raise EnrolRefused("the request is not a JSON object")
    fields = {k: payload.get(k) for k in ("code", "school_id", "public_key", "governorate", "district",
                                         "school_type")}
    if not all(isinstance(v, str) and len(v) <= 2000 for v in fields.values()):
        raise EnrolRefused("every field must be text")
    if not is_uuid(fields["school_id"]):
        raise EnrolRefused("school_id is not a UUID")
    wrong = check_place(fields["governorate"], fields["district"], fields["school_type"])
    if wrong:
        raise EnrolRefused(f"unknown {wrong}")
    try:
        key = signing.load_public(fields["public_key"].encode())
    except signing.KeyError_ as error:
        raise EnrolRefused(f"public_key: {error}") from None
    db = session()
    code = db.scalar(sa.select(EnrolmentCode).where(EnrolmentCode.code_hash == _hash(fields["code"])))
    if code is None or code.uses_left < 1 or code.expires_at < utcnow():
        raise EnrolRefused("unknown or used enrolment code", 403)
    pem = signing.public_pem(key).decode()
    school = db.scalar(sa.select(HubSchool).where(HubSchool.school_id == fields["school_id"]))
    if school is not None and school.key_pem != pem:
        raise EnrolRefused("this school is enrolled with another key; the programme must reset it first", 409)
    if school is None:
        school = HubSchool(school_id=fields["school_id"], key_pem=pem, key_id=signing.fingerprint(key))
        db.add(school)
        code.uses_left -= 1
    school.governorate, school.district, school.school_type = (fields["governorate"], fields["district"],
                                                               fields["school_type"])
    db.commit()
    return school
