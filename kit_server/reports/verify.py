"""Checking a bundle: the signature over manifest.json, then every file against its SHA-256, then
the report's schema (bundlecheck.py, shared with the merge and the hub). Any changed, missing or
extra byte fails, with the reason in one line.

A bundle arrives as its folder or as the .zip the admin page downloads; both are read into memory
and checked by the same code, so a zip is never unpacked to disk."""
from __future__ import annotations

import zipfile
from pathlib import Path

from .bundlecheck import MAX_ZIP_BYTES, BundleError, check, read_folder, read_zip

__all__ = ["BundleError", "verify_bundle"]


def verify_bundle(path, public_pem: bytes | None) -> dict:
    """The manifest of a bundle (folder or .zip) that checks out; BundleError otherwise. With no key,
    only the file hashes and the schema are checked (for a quick look; the programme always passes
    the school's key)."""
    path = Path(path)
    if path.is_dir():
        return check(read_folder(path), public_pem, path.name).manifest
    if path.is_file() and zipfile.is_zipfile(path):
        if path.stat().st_size > MAX_ZIP_BYTES:
            raise BundleError(f"{path.name}: too big for a report bundle")
        return check(read_zip(path.read_bytes(), path.name), public_pem, path.stem).manifest
    raise BundleError(f"{path} is not a bundle folder or a bundle .zip")
