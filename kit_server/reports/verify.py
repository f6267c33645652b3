"""Checking a bundle: the signature over manifest.json, then every file against its SHA-256, then
the report's schema (bundlecheck.py, shared with the merge and the hub). Any changed, missing or
extra byte fails, with the reason in one line."""
from __future__ import annotations

from pathlib import Path

from .bundlecheck import BundleError, check, read_folder

__all__ = ["BundleError", "verify_bundle"]


def verify_bundle(folder, public_pem: bytes | None) -> dict:
    """The manifest of a bundle that checks out; BundleError otherwise. With no key, only the file
    hashes and the schema are checked (for a quick look; the programme always passes the school's key)."""
    folder = Path(folder)
    return check(read_folder(folder), public_pem, folder.name).manifest
