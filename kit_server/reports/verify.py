"""Checking a bundle: the signature over manifest.json, then every file against its SHA-256.
Any changed, missing or extra byte fails, with the reason in one line."""
from __future__ import annotations

import json
from pathlib import Path

from . import signing
from .bundle import DATA_FILES, MANIFEST, SIGNATURE, read_bundle, sha256


class BundleError(Exception):
    pass


def verify_bundle(folder, public_pem: bytes | None) -> dict:
    """The manifest of a bundle that checks out; BundleError otherwise. With no key, only the file
    hashes are checked (for a quick look; the programme always passes the school's key)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BundleError(f"{folder} is not a bundle folder")
    files = read_bundle(folder)
    for name in (*DATA_FILES, MANIFEST, SIGNATURE):
        if name not in files:
            raise BundleError(f"{folder.name}: {name} is missing")
    extra = set(files) - {*DATA_FILES, MANIFEST, SIGNATURE}
    if extra:
        raise BundleError(f"{folder.name}: unexpected file {sorted(extra)[0]}")
    try:
        manifest = json.loads(files[MANIFEST])
    except ValueError:
        raise BundleError(f"{folder.name}: manifest.json is not JSON") from None
    if public_pem is not None:
        try:
            key = signing.load_public(public_pem)
        except signing.KeyError_ as error:
            raise BundleError(f"the key: {error}") from None
        if manifest.get("key_id") != signing.fingerprint(key):
            raise BundleError(f"{folder.name}: signed with another key ({manifest.get('key_id')})")
        if not signing.check(key, files[MANIFEST], files[SIGNATURE]):
            raise BundleError(f"{folder.name}: the signature does not match manifest.json")
    listed = manifest.get("files") or {}
    if set(listed) != set(DATA_FILES):
        raise BundleError(f"{folder.name}: the manifest lists other files")
    for name, digest in listed.items():
        if sha256(files[name]) != digest:
            raise BundleError(f"{folder.name}: {name} was changed")
    report = json.loads(files["report.json"])
    if report.get("report_id") != manifest.get("report_id") or report.get("school_id") != manifest.get("school_id"):
        raise BundleError(f"{folder.name}: report.json and manifest.json disagree")
    return manifest
