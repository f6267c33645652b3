"""Real keys, real zips, a real lesson: the kit's own module 1, copied into a pack folder."""
from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from kit_server.packs import build_pack, generate_keypair, trust_key
from kit_server.packs.signing import load_private_key

PROJECT = Path(__file__).resolve().parents[2]
NOTEBOOKS = PROJECT / "notebooks"


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def key(tmp_path, home):
    """The programme's private key; its public key is trusted by `home`."""
    private, public = generate_keypair(tmp_path / "programme")
    trust_key(home, public)
    return private


@pytest.fixture
def source(tmp_path):
    """A pack folder holding the real module 1, version 1.0."""
    folder = tmp_path / "source"
    shutil.copytree(PROJECT / "lessons" / "m1-meet-ai", folder / "lessons" / "m1-meet-ai")
    set_version(folder, "1.0")
    return folder


def set_version(folder: Path, version: str, pack_id: str = "meet-ai") -> None:
    (folder / "pack.yaml").write_text(f'id: {pack_id}\nversion: "{version}"\n', encoding="utf-8")


def build(source: Path, key: Path, out: Path) -> Path:
    build_pack(source, key, out, builtin_notebooks=NOTEBOOKS)
    return out


def snapshot(folder: Path) -> dict:
    """Every file under `folder` with its bytes: to prove a refusal changed nothing."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def craft_pack(out: Path, key_path: Path, files: dict[str, bytes], *, manifest_files=None, extra=None,
               pack_id="crafted", version="1.0", min_kit="0.1", signature=True, links=()) -> Path:
    """A pack written by hand (not by build_pack), so that a test can make it wrong on purpose.

    manifest_files overrides what the manifest lists; extra adds zip entries the manifest does not
    list; links adds symlink entries.
    """
    entries = manifest_files if manifest_files is not None else [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in files.items()]
    manifest = json.dumps({"format": 1, "id": pack_id, "version": version, "languages": ["ar", "fr", "en"],
                           "min_kit_version": min_kit, "files": entries}).encode()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", manifest)
        if signature:
            archive.writestr("manifest.sig", load_private_key(key_path).sign(manifest))
        for name, data in {**files, **(extra or {})}.items():
            archive.writestr(name, data)
        for name, target in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, target)
    return out
