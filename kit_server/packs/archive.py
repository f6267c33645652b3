"""Reading a pack zip safely: signature first, then names, then each file's bytes against its hash.

Nothing here trusts the zip: names are checked before use (no absolute paths, no `..`, no symlinks,
nothing unlisted), sizes are capped by what the signed manifest declares, and every byte written is
hashed on the way to disk.
"""
from __future__ import annotations

import hashlib
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

from .errors import PackError
from .manifest import Manifest, parse_manifest, safe_member_path
from .signing import verify

MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
CHUNK = 1024 * 1024


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackError(f"{path} does not exist") from None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise PackError("the file is not a complete zip (damaged or truncated)") from None


def _read_small(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise PackError(f"{name} is too large")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise PackError(f"{name} is damaged inside the zip") from None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _check_names(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(names) != len(set(names)):
        raise PackError("the zip holds two entries with the same name")
    listed = {entry.path for entry in manifest.files}
    for info in infos:
        name = info.filename
        if name in (MANIFEST, SIGNATURE):
            continue
        if _is_symlink(info):
            raise PackError(f"{name} is a symbolic link; packs may not contain links")
        if name.endswith("/") and not safe_member_path(name.rstrip("/") + "/x"):
            continue  # a plain folder entry some zip tools add
        problem = safe_member_path(name)
        if problem:
            raise PackError(f"{name} {problem}")
        if name not in listed:
            raise PackError(f"{name} is in the zip but not in the signed manifest")
    missing = listed - set(names)
    if missing:
        raise PackError(f"{sorted(missing)[0]} is listed in the manifest but missing from the zip")


def read_verified_manifest(archive: zipfile.ZipFile, home: Path) -> tuple[Manifest, str]:
    """The manifest once its signature verifies against a trusted key, and that key's fingerprint."""
    names = set(archive.namelist())
    if MANIFEST not in names:
        raise PackError("no manifest.json: this is not a content pack")
    if SIGNATURE not in names:
        raise PackError("the pack is not signed (no manifest.sig)")
    manifest_bytes = _read_small(archive, MANIFEST, MAX_MANIFEST_BYTES)
    signature = _read_small(archive, SIGNATURE, 1024)
    signer = verify(home, manifest_bytes, signature)
    manifest = parse_manifest(manifest_bytes)
    _check_names(archive, manifest)
    return manifest, signer


def extract_verified(archive: zipfile.ZipFile, manifest: Manifest, target: Path,
                     progress: Callable[[int], None] | None = None) -> None:
    """Write every listed file under `target`, refusing on the first byte that differs from the manifest."""
    for entry in manifest.files:
        destination = target.joinpath(*entry.path.split("/"))
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest, written = hashlib.sha256(), 0
        try:
            with archive.open(entry.path) as source, open(destination, "xb") as out:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if written > entry.size:
                        raise PackError(f"{entry.path} is larger than the manifest says")
                    digest.update(chunk)
                    out.write(chunk)
        except (zipfile.BadZipFile, EOFError, ValueError, zipfile.LargeZipFile):
            raise PackError(f"{entry.path} is damaged inside the zip") from None
        if written != entry.size or digest.hexdigest() != entry.sha256:
            raise PackError(f"{entry.path} does not match its SHA-256 in the manifest (tampered or damaged)")
        if progress:
            progress(entry.size)


def open_pack(path: Path) -> zipfile.ZipFile:
    return _open_zip(Path(path))
