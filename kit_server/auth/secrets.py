"""Making and checking the secrets people sign in with.

Staff passwords use scrypt (slow on purpose). A student PIN has only 10,000 values, so no hash could
protect it from someone holding the database; what protects it is the class code and the sign-in rate
limit. A fast salted hash keeps 30 children signing in at once cheap on a 2-core PC.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

PICTURES = ("sun", "moon", "star", "tree", "fish", "cat", "house", "heart", "flower")
PICTURES_TO_PICK = 3
PIN_LENGTH = 4
CODE_LENGTH = 6

# Arabic keyboards type Eastern Arabic (and Persian) digits: accept them everywhere a number is typed.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalise_digits(text: str) -> str:
    return text.translate(_DIGITS).strip().replace(" ", "")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def check_password(stored_hash: str, password: str) -> bool:
    return check_password_hash(stored_hash, password)


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_student_secret(salt: str, secret: str) -> str:
    return hmac.new(bytes.fromhex(salt), secret.encode(), hashlib.sha256).hexdigest()


def check_student_secret(salt: str, stored_hash: str, secret: str) -> bool:
    return hmac.compare_digest(hash_student_secret(salt, secret), stored_hash)


def new_pin() -> str:
    return f"{secrets.randbelow(10 ** PIN_LENGTH):0{PIN_LENGTH}d}"


def new_picture_sequence() -> list[str]:
    """Three different pictures, in order."""
    pool = list(PICTURES)
    return [pool.pop(secrets.randbelow(len(pool))) for _ in range(PICTURES_TO_PICK)]


def picture_secret(sequence: list[str]) -> str:
    return "-".join(sequence)


def new_class_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_LENGTH):0{CODE_LENGTH}d}"


def is_valid_pin(text: str) -> bool:
    return len(text) == PIN_LENGTH and text.isascii() and text.isdigit()
