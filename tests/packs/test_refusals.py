"""Every bad pack is refused with a one-line reason and leaves the kit exactly as it was."""
from __future__ import annotations

import zipfile

import pytest

from kit_server.packs import PackError, generate_keypair, install_pack

from .conftest import NOTEBOOKS, build, craft_pack, set_version, snapshot

GOOD_NOTEBOOK = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


@pytest.fixture
def installed(home, key, source, tmp_path):
    """A kit with version 1.0 of a pack already installed, and version 1.1 built beside it."""
    install_pack(home, build(source, key, tmp_path / "v1.zip"), builtin_notebooks=NOTEBOOKS)
    set_version(source, "1.1")
    return build(source, key, tmp_path / "v2.zip")


def _refused(home, pack, match):
    before = snapshot(home)
    with pytest.raises(PackError, match=match) as caught:
        install_pack(home, pack, builtin_notebooks=NOTEBOOKS)
    assert "\n" not in str(caught.value)
    assert snapshot(home) == before, "a refused pack changed the kit"


def test_corrupt_file(home, installed, tmp_path):
    bad = tmp_path / "corrupt.zip"
    bad.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    _refused(home, bad, "not a complete zip")


def test_truncated_pack(home, installed, tmp_path):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(installed.read_bytes()[: installed.stat().st_size // 2])
    _refused(home, cut, "not a complete zip")


def test_unsigned_pack(home, installed, tmp_path):
    unsigned = tmp_path / "unsigned.zip"
    with zipfile.ZipFile(installed) as src, zipfile.ZipFile(unsigned, "w") as dst:
        for info in src.infolist():
            if info.filename != "manifest.sig":
                dst.writestr(info, src.read(info))
    _refused(home, unsigned, "not signed")


def test_pack_signed_by_an_untrusted_key(home, installed, source, tmp_path):
    stranger, _public = generate_keypair(tmp_path / "stranger")
    set_version(source, "1.2")
    _refused(home, build(source, stranger, tmp_path / "stranger.zip"), "does not match any key")


def _rewrite(pack, out, change):
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out


def test_tampered_lesson_file(home, installed, tmp_path):
    def change(name, data):
        return data.replace(b"duration: 45", b"duration: 44") if name.endswith("lesson.yaml") else data

    _refused(home, _rewrite(installed, tmp_path / "tampered.zip", change), "does not match its SHA-256")


def test_tampered_manifest(home, installed, tmp_path):
    def change(name, data):
        return data.replace(b'"1.1"', b'"9.9"') if name == "manifest.json" else data

    _refused(home, _rewrite(installed, tmp_path / "tampered.zip", change), "does not match any key")


def test_file_not_in_the_manifest(home, installed, key, tmp_path):
    pack = craft_pack(tmp_path / "p.zip", key, {"notebooks/a.en.ipynb": GOOD_NOTEBOOK},
                      extra={"notebooks/b.en.ipynb": GOOD_NOTEBOOK})
    _refused(home, pack, "not in the signed manifest")


@pytest.mark.parametrize("name,reason", [
    ("../../evil.txt", "leaves its folder"),
    ("lessons/../../../evil.txt", "leaves its folder"),
    ("/etc/evil.txt", "absolute path"),
    ("lessons\\..\\evil.txt", "forbidden character"),
    ("C:/evil.txt", "forbidden character"),
    ("kit.db", "outside lessons/ and notebooks/"),
])
def test_paths_that_escape_are_refused_even_when_signed(home, installed, key, tmp_path, name, reason):
    listed = craft_pack(tmp_path / "listed.zip", key, {name: b"x"})
    _refused(home, listed, reason)
    hidden = craft_pack(tmp_path / "hidden.zip", key, {"notebooks/a.en.ipynb": GOOD_NOTEBOOK}, extra={name: b"x"})
    _refused(home, hidden, reason)
    assert not (home.parent / "evil.txt").exists()


def test_symbolic_links_are_refused(home, installed, key, tmp_path):
    pack = craft_pack(tmp_path / "link.zip", key, {"notebooks/a.en.ipynb": GOOD_NOTEBOOK},
                      links=[("notebooks/db", "../../../kit.db")])
    _refused(home, pack, "symbolic link")


def test_a_file_larger_than_the_manifest_says(home, installed, key, tmp_path):
    entries = [{"path": "notebooks/a.en.ipynb", "sha256": "0" * 64, "size": 3}]
    pack = craft_pack(tmp_path / "big.zip", key, {"notebooks/a.en.ipynb": GOOD_NOTEBOOK}, manifest_files=entries)
    _refused(home, pack, "larger than the manifest says")


def test_a_lesson_that_fails_the_checks(home, installed, key, tmp_path):
    files = {"lessons/m9-broken/module.yaml": b"id: m9-broken\nversion: 1\n"}
    _refused(home, craft_pack(tmp_path / "broken.zip", key, files), "does not pass the checks")


def test_a_pack_for_a_newer_kit(home, installed, key, tmp_path):
    pack = craft_pack(tmp_path / "new.zip", key, {"notebooks/a.en.ipynb": GOOD_NOTEBOOK}, min_kit="99.0")
    _refused(home, pack, "needs kit 99.0 or newer")


def test_a_pack_that_would_fill_the_disk(home, installed, key, tmp_path):
    before = snapshot(home)
    with pytest.raises(PackError, match="not enough free disk"):
        install_pack(home, installed, builtin_notebooks=NOTEBOOKS, min_free_bytes=10**18)
    assert snapshot(home) == before


def test_no_trusted_key_at_all(tmp_path, key, source):
    empty_home = tmp_path / "empty-home"
    empty_home.mkdir()
    pack = build(source, key, tmp_path / "p.zip")
    _refused(empty_home, pack, "trusts no programme key")


def test_names_that_clash_on_disk(home, installed, key, tmp_path):
    files = {"notebooks/a": GOOD_NOTEBOOK, "notebooks/a/b.en.ipynb": GOOD_NOTEBOOK}
    _refused(home, craft_pack(tmp_path / "clash.zip", key, files), "cannot unpack")
