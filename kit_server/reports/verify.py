"""Checking a bundle: the signature over manifest.json, then every file against its SHA-256.
Any changed, missing or extra byte fails, with the reason in one line.

A bundle arrives as its folder or as the .zip the admin page downloads (one folder inside); both are
read into memory the same way and checked by the same code, so a zip is never unpacked to disk."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from . import signing
from .bundle import DATA_FILES, MANIFEST, SIGNATURE, read_bundle, sha256

# A real bundle is a few hundred KB; these bounds stop a zip bomb before it is inflated.
MAX_ZIP_ENTRIES = 16
MAX_ZIP_BYTES = 64 * 1024 * 1024


class BundleError(Exception):
    pass


def verify_bundle(path, public_pem: bytes | None) -> dict:
    """The manifest of a bundle (folder or .zip) that checks out; BundleError otherwise. With no key,
    only the file hashes are checked (for a quick look; the programme always passes the school's key)."""
    name, files = read_any(Path(path))
    return verify_files(name, files, public_pem)


def read_any(path: Path) -> tuple[str, dict[str, bytes]]:
    """(the bundle's name, its files) from a bundle folder or a zip of one."""
    if path.is_dir():
        return path.name, read_bundle(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return read_zip(path)
    raise BundleError(f"{path} is not a bundle folder or a bundle .zip")


def read_zip(path: Path) -> tuple[str, dict[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [info for info in archive.infolist() if not info.is_dir()]
            if len(entries) > MAX_ZIP_ENTRIES or sum(i.file_size for i in entries) > MAX_ZIP_BYTES:
                raise BundleError(f"{path.name}: too many or too big files for a report bundle")
            folder, files = _zip_layout(path.name, entries), {}
            for info in entries:
                files[PurePosixPath(info.filename).name] = archive.read(info)
    except (zipfile.BadZipFile, OSError) as error:
        raise BundleError(f"{path.name}: the zip cannot be read ({error})") from None
    return folder or path.stem, files


def _zip_layout(zip_name: str, entries) -> str | None:
    """The one folder the files sit in (None: at the top); anything deeper or elsewhere is refused."""
    folders = set()
    for info in entries:
        parts = PurePosixPath(info.filename).parts
        if len(parts) > 2 or ".." in parts or info.filename.startswith("/"):
            raise BundleError(f"{zip_name}: unexpected file {info.filename}")
        folders.add(parts[0] if len(parts) == 2 else None)
    if len(folders) > 1:
        raise BundleError(f"{zip_name}: holds more than one bundle")
    return next(iter(folders), None)


def verify_files(name: str, files: dict[str, bytes], public_pem: bytes | None) -> dict:
    for required in (*DATA_FILES, MANIFEST, SIGNATURE):
        if required not in files:
            raise BundleError(f"{name}: {required} is missing")
    extra = set(files) - {*DATA_FILES, MANIFEST, SIGNATURE}
    if extra:
        raise BundleError(f"{name}: unexpected file {sorted(extra)[0]}")
    try:
        manifest = json.loads(files[MANIFEST])
    except ValueError:
        raise BundleError(f"{name}: manifest.json is not JSON") from None
    if public_pem is not None:
        _check_signature(name, manifest, files, public_pem)
    listed = manifest.get("files") or {}
    if set(listed) != set(DATA_FILES):
        raise BundleError(f"{name}: the manifest lists other files")
    for file_name, digest in listed.items():
        if sha256(files[file_name]) != digest:
            raise BundleError(f"{name}: {file_name} was changed")
    report = json.loads(files["report.json"])
    if report.get("report_id") != manifest.get("report_id") or report.get("school_id") != manifest.get("school_id"):
        raise BundleError(f"{name}: report.json and manifest.json disagree")
    return manifest


def _check_signature(name: str, manifest: dict, files: dict[str, bytes], public_pem: bytes) -> None:
    try:
        key = signing.load_public(public_pem)
    except signing.KeyError_ as error:
        raise BundleError(f"the key: {error}") from None
    if manifest.get("key_id") != signing.fingerprint(key):
        raise BundleError(f"{name}: signed with another key ({manifest.get('key_id')})")
    if not signing.check(key, files[MANIFEST], files[SIGNATURE]):
        raise BundleError(f"{name}: the signature does not match manifest.json")
