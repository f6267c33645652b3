"""Installed packs: KIT_HOME/packs/<id>/<version>/ plus one pointer file KIT_HOME/packs/<id>/current.

`current` is a small JSON file {"version": ..., "previous": ...} replaced atomically (write, fsync,
rename), so at every instant the kit sees either the old pack or the new one, never half of each.
A new version is unpacked and checked in a staging folder beside the packs; only when every check has
passed is it renamed into place and the pointer flipped. The previous version stays on disk for
`kit pack rollback`; older ones are removed.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kit_server import __version__

from .archive import extract_verified, open_pack, read_verified_manifest
from .errors import PackError
from .manifest import PACK_ID, Manifest, version_key
from .validate import check_lessons

POINTER = "current"
UPLOAD_PREFIX = ".upload-"  # a pack sent from the admin page, in KIT_HOME until its install ends
_lock = threading.Lock()  # one pack change at a time in this process


@dataclass(frozen=True)
class InstalledPack:
    id: str
    version: str
    previous: str | None
    languages: tuple[str, ...]
    files: int
    folder: Path


def packs_dir(home: Path) -> Path:
    return Path(home) / "packs"


def _read_pointer(pack_folder: Path) -> dict | None:
    try:
        data = json.loads((pack_folder / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("version"), str) else None


def _write_pointer(pack_folder: Path, version: str, previous: str | None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".current-", dir=pack_folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"version": version, "previous": previous}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, pack_folder / POINTER)
    _fsync_dir(pack_folder)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open folders; its renames are journalled by NTFS
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def _check_can_install(manifest: Manifest, pointer: dict | None) -> None:
    if version_key(manifest.min_kit_version) > version_key(__version__):
        raise PackError(f"the pack needs kit {manifest.min_kit_version} or newer (this kit is {__version__})")
    if pointer is None:
        return
    current = pointer["version"]
    if version_key(manifest.version) == version_key(current):
        raise PackError(f"version {manifest.version} of {manifest.id} is already installed")
    if version_key(manifest.version) < version_key(current):
        raise PackError(f"{manifest.id} {current} is installed, newer than {manifest.version}; "
                        f"use `kit pack rollback {manifest.id}` to go back")


def install_pack(home: Path, pack_file: Path, *, builtin_notebooks: Path | None = None,
                 min_free_bytes: int = 0, progress: Callable[[int], None] | None = None,
                 on_manifest: Callable[[Manifest], None] | None = None,
                 on_phase: Callable[[str], None] | None = None) -> InstalledPack:
    """Verify and install a pack, all or nothing. Raises PackError with the reason; the kit is then unchanged.

    `progress(n)` is called with bytes written; `on_manifest` once the signed manifest is known
    (e.g. to size a progress bar); `on_phase` with "unpack", then "lessons" once the files are out.
    """
    on_phase = on_phase or (lambda _name: None)
    root = packs_dir(home)
    with _lock, open_pack(pack_file) as archive:
        manifest, _signer = read_verified_manifest(archive, home)
        pack_folder = root / manifest.id
        pointer = _read_pointer(pack_folder)
        _check_can_install(manifest, pointer)
        needed = sum(entry.size for entry in manifest.files)
        if _free_bytes(home) - needed < min_free_bytes:
            raise PackError(f"not enough free disk: the pack needs {needed // 1_000_000 + 1} MB "
                            "and the kit keeps a reserve; free some space first")
        if on_manifest:
            on_manifest(manifest)
        on_phase("unpack")
        _unpack_and_place(archive, manifest, pointer, root, builtin_notebooks, progress, on_phase)
    return _describe(pack_folder)


def _unpack_and_place(archive, manifest: Manifest, pointer: dict | None, root: Path,
                      builtin_notebooks: Path | None, progress, on_phase) -> None:
    """Unpack into a staging folder, check the lessons there, then move it into place; on any failure
    remove every trace (even the packs folder when this install created it)."""
    made_root = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        try:
            extract_verified(archive, manifest, staging, progress)
        except OSError as error:  # a full disk, or names that clash (a file and a folder of one name)
            raise PackError(f"cannot unpack the pack: {error.strerror or error}") from None
        on_phase("lessons")
        check_lessons(staging, builtin_notebooks)
        (staging / "manifest.json").write_bytes(manifest.to_bytes())
        _put_in_place(staging, root / manifest.id, manifest, pointer)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if made_root and not any(root.iterdir()):
            root.rmdir()
        raise


def _put_in_place(staging: Path, pack_folder: Path, manifest: Manifest, pointer: dict | None) -> None:
    pack_folder.mkdir(exist_ok=True)
    target = pack_folder / manifest.version
    if target.exists():  # a leftover of an install cut short before its pointer flip
        shutil.rmtree(target)
    os.rename(staging, target)
    _fsync_dir(pack_folder)
    _write_pointer(pack_folder, manifest.version, pointer["version"] if pointer else None)
    _prune(pack_folder)


def _prune(pack_folder: Path) -> None:
    """Keep the current and the previous version only."""
    pointer = _read_pointer(pack_folder) or {}
    keep = {pointer.get("version"), pointer.get("previous"), POINTER}
    for child in pack_folder.iterdir():
        if child.name not in keep and child.is_dir() and not child.name.startswith("."):
            shutil.rmtree(child, ignore_errors=True)


def rollback_pack(home: Path, pack_id: str) -> tuple[str, str]:
    """Switch a pack back to its previous version; returns (from, to). Rolling back twice goes forward again."""
    with _lock:
        pack_folder = _existing(home, pack_id)
        pointer = _read_pointer(pack_folder)
        previous = pointer.get("previous") if pointer else None
        if not previous or not (pack_folder / previous).is_dir():
            raise PackError(f"{pack_id} has no previous version to go back to")
        _write_pointer(pack_folder, previous, pointer["version"])
        return pointer["version"], previous


def remove_pack(home: Path, pack_id: str) -> None:
    """Remove every version of a pack. Progress keeps its history (it stores lesson ids, not text)."""
    with _lock:
        pack_folder = _existing(home, pack_id)
        trash = pack_folder.with_name(f".removed-{pack_id}-{os.getpid()}")
        os.rename(pack_folder, trash)  # atomic: the pack disappears at once, then the files go
        shutil.rmtree(trash, ignore_errors=True)


def _existing(home: Path, pack_id: str) -> Path:
    folder = packs_dir(home) / pack_id
    if not PACK_ID.match(pack_id) or not folder.is_dir():
        raise PackError(f"no pack named {pack_id!r} is installed")
    return folder


def _describe(pack_folder: Path) -> InstalledPack | None:
    pointer = _read_pointer(pack_folder)
    if pointer is None or not (pack_folder / pointer["version"]).is_dir():
        return None
    folder = pack_folder / pointer["version"]
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    return InstalledPack(pack_folder.name, pointer["version"], pointer.get("previous"),
                         tuple(manifest.get("languages", ())), len(manifest.get("files", ())), folder)


def list_packs(home: Path) -> list[InstalledPack]:
    root = packs_dir(home)
    if not root.is_dir():
        return []
    found = (_describe(child) for child in sorted(root.iterdir())
             if child.is_dir() and not child.name.startswith("."))
    return [pack for pack in found if pack is not None]


def installed_lesson_dirs(home: Path) -> list[Path]:
    """The lessons/ folder of the current version of every installed pack (to load with the built-in ones)."""
    return [p.folder / "lessons" for p in list_packs(home) if (p.folder / "lessons").is_dir()]


def installed_notebook_dirs(home: Path) -> list[Path]:
    """The notebooks/ folder of the current version of every installed pack."""
    return [p.folder / "notebooks" for p in list_packs(home) if (p.folder / "notebooks").is_dir()]


def clear_leftovers(home: Path) -> None:
    """Remove staging folders and uploaded pack files left by an install cut short (power cut); call once at start."""
    root = packs_dir(home)
    with _lock:
        for child in root.glob(".staging-*") if root.is_dir() else []:
            shutil.rmtree(child, ignore_errors=True)
        for upload in Path(home).glob(UPLOAD_PREFIX + "*"):
            upload.unlink(missing_ok=True)
