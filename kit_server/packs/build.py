"""`kit pack build`: turn a folder into a signed pack zip.

The folder holds pack.yaml (id, version, and optionally languages and min_kit_version) and the
folders lessons/ and/or notebooks/. Lessons are checked first, so a broken pack never leaves the
author's machine.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml
from pydantic import ValidationError

from kit_server import __version__

from .archive import MANIFEST, SIGNATURE
from .errors import PackError
from .manifest import FORMAT, TOP_FOLDERS, FileEntry, Manifest
from .signing import load_private_key
from .validate import check_lessons

FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # same input, same zip bytes


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _pack_info(folder: Path) -> dict:
    path = folder / "pack.yaml"
    try:
        info = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"{path} is missing (it gives the pack's id and version)") from None
    except yaml.YAMLError as error:
        raise PackError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(info, dict) or not {"id", "version"} <= set(info):
        raise PackError(f"{path} must give at least `id:` and `version:`")
    return info


def collect_files(folder: Path) -> list[Path]:
    """Regular files under lessons/ and notebooks/, refusing links (they could point anywhere)."""
    files = []
    for top in TOP_FOLDERS:
        base = folder / top
        if base.is_symlink():
            raise PackError(f"{base} is a symbolic link; packs may not contain links")
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames) + [d for d in dirnames if (Path(dirpath) / d).is_symlink()]:
                path = Path(dirpath) / name
                if path.is_symlink():
                    raise PackError(f"{path} is a symbolic link; packs may not contain links")
                if name.startswith(".") or name.endswith((".pyc", "~")):
                    continue  # editor and cache litter
                files.append(path)
    if not files:
        raise PackError(f"{folder} has no files under lessons/ or notebooks/")
    return files


def make_manifest(folder: Path, files: list[Path]) -> Manifest:
    info = _pack_info(folder)
    entries = [FileEntry(path=p.relative_to(folder).as_posix(), sha256=_sha256(p), size=p.stat().st_size)
               for p in files]
    try:
        return Manifest(format=FORMAT, id=str(info["id"]), version=str(info["version"]),
                        languages=list(info.get("languages") or ["ar", "fr", "en"]),
                        min_kit_version=str(info.get("min_kit_version") or __version__), files=entries)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PackError(f"pack.yaml: {where}: {first['msg']}") from None


def build_pack(folder: Path, key_path: Path, out: Path, *, builtin_notebooks: Path | None = None,
               progress: Callable[[int], None] | None = None) -> Manifest:
    """Check, hash, sign and zip `folder` into `out` (written whole or not at all)."""
    folder, out = Path(folder), Path(out)
    key = load_private_key(key_path)
    files = collect_files(folder)
    check_lessons(folder, builtin_notebooks)
    manifest = make_manifest(folder, files)
    manifest_bytes = manifest.to_bytes()
    fd, tmp = tempfile.mkstemp(prefix=".pack-", suffix=".zip", dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            _add(archive, MANIFEST, manifest_bytes)
            _add(archive, SIGNATURE, key.sign(manifest_bytes))
            for path, entry in zip(files, manifest.files):
                _add(archive, entry.path, path.read_bytes())
                if progress:
                    progress(1)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return manifest


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o100644 << 16  # a regular file, readable by all
    archive.writestr(info, data)
