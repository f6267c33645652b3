"""Copying bundles to a USB stick so that a pulled stick never holds half a report: each file goes
to a temporary name, is flushed to the device (fsync), renamed, the folder is flushed, and the copy
is read back and compared before we say it is safe to remove."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

EXPORT_FOLDER = "kit-reports"


class ExportError(Exception):
    pass


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; its rename is already durable
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_file(source: Path, target: Path) -> None:
    data = source.read_bytes()
    temp = target.with_name(f".{target.name}.partial")
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, target)
    _fsync_dir(target.parent)
    if hashlib.sha256(target.read_bytes()).digest() != hashlib.sha256(data).digest():
        raise ExportError(f"{target} reads back different: the stick may be failing")


def export_bundles(bundles: list[Path], destination, progress=None) -> list[Path]:
    """Copy each bundle folder into DESTINATION/kit-reports/<report id>/; returns the new folders.
    `progress(1)` is called after each file is written and read back."""
    root = Path(destination)
    if not root.is_dir():
        raise ExportError(f"{root} is not a folder (is the stick mounted?)")
    written = []
    try:
        for bundle in bundles:
            target = root / EXPORT_FOLDER / bundle.name
            target.mkdir(parents=True, exist_ok=True)
            _fsync_dir(target.parent)
            for source in sorted(p for p in bundle.iterdir() if p.is_file()):
                copy_file(source, target / source.name)
                if progress:
                    progress(1)
            written.append(target)
    except OSError as error:
        raise ExportError(f"cannot write to {root}: {error.strerror or error}") from None
    return written
