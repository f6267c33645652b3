"""The school's Ed25519 key pair for signing reports (made by `kit init`, or on first use).

The private key stays in KIT_HOME/keys (mode 0600); the programme registers the public key, which
`kit report key` prints and the admin page names by its fingerprint.
"""
from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PRIVATE_NAME, PUBLIC_NAME = "report_signing.key", "report_signing.pub"


class KeyError_(Exception):
    """A key file that cannot be used; the message says which and why."""


def key_dir(home) -> Path:
    return Path(home) / "keys"


def ensure_school_keys(home) -> Path:
    """Make the school's key pair if it does not exist yet; returns the public key's path. Safe to
    call at every start: an existing key is never replaced (reports already signed rely on it)."""
    folder = key_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    private_path, public_path = folder / PRIVATE_NAME, folder / PUBLIC_NAME
    if not private_path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:
            fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it a moment ago: use theirs
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
                f.flush()
                os.fsync(f.fileno())
    if not public_path.exists():
        public_path.write_bytes(public_pem(load_private(home).public_key()))
    return public_path


def load_private(home) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key((key_dir(home) / PRIVATE_NAME).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_("the school's signing key is not an Ed25519 key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def school_public_pem(home) -> bytes:
    ensure_school_keys(home)
    return (key_dir(home) / PUBLIC_NAME).read_bytes()


def load_public(data: bytes) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise KeyError_("not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyError_("not an Ed25519 public key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, as 8 groups of 4 hex digits: easy to read over the phone."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return ":".join(digest[k:k + 4] for k in range(0, 32, 4))


def school_fingerprint(home) -> str:
    return fingerprint(load_public(school_public_pem(home)))


def sign(home, data: bytes) -> bytes:
    """The signature as base64 text (a file anyone can open and copy)."""
    ensure_school_keys(home)
    return base64.b64encode(load_private(home).sign(data)) + b"\n"


def check(key: Ed25519PublicKey, data: bytes, signature_text: bytes) -> bool:
    try:
        key.verify(base64.b64decode(signature_text.strip(), validate=True), data)
    except (InvalidSignature, ValueError):
        return False
    return True
