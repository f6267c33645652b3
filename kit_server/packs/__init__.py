"""Content packs: signed zips of modules, lessons and notebooks that travel between schools on a USB stick.

Public interface:
    generate_keypair(out) -> (private_path, public_path)
    trust_key(home, public_key_file) -> fingerprint
    build_pack(folder, key_path, out) -> Manifest
    install_pack(home, pack_file, *, builtin_notebooks=None, min_free_bytes=0) -> InstalledPack
    rollback_pack(home, pack_id) -> (from_version, to_version)
    remove_pack(home, pack_id)
    list_packs(home) -> list[InstalledPack]
    installed_lesson_dirs(home) -> list[Path]      (load these with the built-in lessons)
    installed_notebook_dirs(home) -> list[Path]
Every refusal is a PackError whose message is a one-line reason.
"""
from .build import build_pack
from .errors import PackError
from .install import (InstalledPack, clear_leftovers, install_pack, installed_lesson_dirs,
                      installed_notebook_dirs, list_packs, remove_pack, rollback_pack)
from .manifest import Manifest
from .signing import generate_keypair, trust_key

__all__ = [
    "InstalledPack", "Manifest", "PackError", "build_pack", "clear_leftovers", "generate_keypair",
    "install_pack", "installed_lesson_dirs", "installed_notebook_dirs", "list_packs", "remove_pack",
    "rollback_pack", "trust_key",
]
