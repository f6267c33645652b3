"""Ed25519 keys for content packs: the programme signs, each kit trusts a few public keys.

Private keys are PEM (PKCS#8, unencrypted, file mode 0600); public keys are PEM
(SubjectPublicKeyInfo). A kit's trusted keys live in KIT_HOME/trusted_keys/<fingerprint>.pub.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import PackError


def generate_keypair(out: Path) -> tuple[Path, Path]:
    """Write OUT (private, 0600) and OUT.pub; refuse to overwrite a key someone may rely on."""
    out = Path(out)
    public_path = out.with_name(out.name + ".pub")
    for path in (out, public_path):
        if path.exists():
            raise PackError(f"{path} already exists; choose another name")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(private_pem)
    public_path.write_bytes(public_pem(key.public_key()))
    return out, public_path


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise PackError(f"cannot read the private key {path}: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(data: bytes, shown: str = "the key") -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise PackError(f"{shown} is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise PackError(f"{shown} is not an Ed25519 public key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """A short, stable name for a key (first 16 hex digits of the SHA-256 of its raw bytes)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def trusted_dir(home: Path) -> Path:
    return Path(home) / "trusted_keys"


def trust_key(home: Path, public_key_file: Path) -> str:
    """Copy a programme public key into the kit's trusted keys; returns its fingerprint."""
    try:
        data = Path(public_key_file).read_bytes()
    except OSError as error:
        raise PackError(f"cannot read {public_key_file}: {error.strerror}") from None
    key = load_public_key(data, str(public_key_file))
    name = fingerprint(key)
    folder = trusted_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.pub").write_bytes(public_pem(key))
    return name


def trusted_keys(home: Path) -> list[Ed25519PublicKey]:
    """Every readable trusted key; a damaged key file is skipped (it can never verify anything)."""
    keys = []
    folder = trusted_dir(home)
    for path in sorted(folder.glob("*.pub")) if folder.is_dir() else []:
        try:
            keys.append(load_public_key(path.read_bytes(), path.name))
        except PackError:
            continue
    return keys


def verify(home: Path, message: bytes, signature: bytes) -> str:
    """The fingerprint of the trusted key that signed `message`, or PackError."""
    keys = trusted_keys(home)
    if not keys:
        raise PackError("this kit trusts no programme key yet: run `kit pack trust PUBKEY` first")
    for key in keys:
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        return fingerprint(key)
    raise PackError("the signature does not match any key this kit trusts (tampered or unknown signer)")
