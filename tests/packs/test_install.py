"""Installing, upgrading, rolling back and removing real signed packs."""
from __future__ import annotations

import os
import stat

import pytest

from kit_server.content import load_catalog
from kit_server.packs import (PackError, clear_leftovers, generate_keypair, install_pack, installed_lesson_dirs,
                              list_packs, remove_pack, rollback_pack)

from .conftest import NOTEBOOKS, build, set_version


def _install(home, pack):
    return install_pack(home, pack, builtin_notebooks=NOTEBOOKS)


def test_a_signed_pack_installs_and_its_lessons_load(home, key, source, tmp_path):
    pack = _install(home, build(source, key, tmp_path / "meet-ai-1.0.zip"))

    assert (pack.id, pack.version, pack.previous) == ("meet-ai", "1.0", None)
    [lessons] = installed_lesson_dirs(home)
    assert lessons == home / "packs" / "meet-ai" / "1.0" / "lessons"
    catalog = load_catalog(lessons, None, NOTEBOOKS)
    shipped = sorted(p.name for p in (source / "lessons" / "m1-meet-ai").iterdir() if (p / "lesson.yaml").exists())
    assert sorted(lesson.id for lesson in catalog.lessons) == shipped  # every lesson of the pack, no more
    assert [(p.id, p.version) for p in list_packs(home)] == [("meet-ai", "1.0")]


def test_an_upgrade_keeps_the_previous_version_for_rollback(home, key, source, tmp_path):
    _install(home, build(source, key, tmp_path / "v1.zip"))
    set_version(source, "1.1")
    (source / "lessons" / "m1-meet-ai" / "en.md").write_text(
        (source / "lessons" / "m1-meet-ai" / "en.md").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    upgraded = _install(home, build(source, key, tmp_path / "v2.zip"))
    assert (upgraded.version, upgraded.previous) == ("1.1", "1.0")
    assert installed_lesson_dirs(home) == [home / "packs" / "meet-ai" / "1.1" / "lessons"]

    assert rollback_pack(home, "meet-ai") == ("1.1", "1.0")
    assert installed_lesson_dirs(home) == [home / "packs" / "meet-ai" / "1.0" / "lessons"]
    assert rollback_pack(home, "meet-ai") == ("1.0", "1.1")  # and forward again


def test_only_the_current_and_previous_versions_stay_on_disk(home, key, source, tmp_path):
    for version in ("1.0", "1.1", "1.2"):
        set_version(source, version)
        _install(home, build(source, key, tmp_path / f"{version}.zip"))
    kept = sorted(p.name for p in (home / "packs" / "meet-ai").iterdir() if p.is_dir())
    assert kept == ["1.1", "1.2"]


def test_the_same_or_an_older_version_is_refused(home, key, source, tmp_path):
    set_version(source, "2.0")
    _install(home, build(source, key, tmp_path / "v2.zip"))
    with pytest.raises(PackError, match="already installed"):
        _install(home, tmp_path / "v2.zip")
    set_version(source, "1.9")
    with pytest.raises(PackError, match="rollback"):
        _install(home, build(source, key, tmp_path / "v1.zip"))


def test_rollback_without_a_previous_version_and_unknown_packs_are_refused(home, key, source, tmp_path):
    _install(home, build(source, key, tmp_path / "v1.zip"))
    with pytest.raises(PackError, match="no previous version"):
        rollback_pack(home, "meet-ai")
    with pytest.raises(PackError, match="no pack named"):
        rollback_pack(home, "../meet-ai")


def test_remove_takes_every_version_away(home, key, source, tmp_path):
    _install(home, build(source, key, tmp_path / "v1.zip"))
    remove_pack(home, "meet-ai")
    assert list_packs(home) == [] and installed_lesson_dirs(home) == []
    assert not (home / "packs" / "meet-ai").exists()
    with pytest.raises(PackError):
        remove_pack(home, "meet-ai")


def test_keygen_keeps_the_private_key_private_and_never_overwrites(tmp_path):
    private, public = generate_keypair(tmp_path / "k")
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    before = private.read_bytes()
    with pytest.raises(PackError, match="already exists"):
        generate_keypair(tmp_path / "k")
    assert private.read_bytes() == before


def test_build_refuses_a_folder_whose_lessons_fail_the_checks(key, source, tmp_path):
    lesson = source / "lessons" / "m1-meet-ai" / "m1-l1-rules-vs-learning" / "lesson.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("duration: 45", "duration: lots"), encoding="utf-8")
    with pytest.raises(PackError, match="lesson.yaml"):
        build(source, key, tmp_path / "broken.zip")
    assert not (tmp_path / "broken.zip").exists()


def test_build_refuses_symbolic_links(key, source, tmp_path):
    (tmp_path / "secret.txt").write_text("not for the pack")
    (source / "lessons" / "m1-meet-ai" / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(PackError, match="symbolic link"):
        build(source, key, tmp_path / "linked.zip")


def test_what_an_install_cut_short_left_is_cleared_at_start_and_the_installed_pack_stays(home, key, source, tmp_path):
    _install(home, build(source, key, tmp_path / "p.zip"))
    (home / "packs" / ".staging-x1" / "lessons").mkdir(parents=True)  # the power went mid-unpack
    (home / ".upload-x2.zip").write_bytes(b"PK half a pack")  # and mid-install of an uploaded pack
    clear_leftovers(home)
    assert not list((home / "packs").glob(".staging-*")) and not list(home.glob(".upload-*"))
    assert [(p.id, p.version) for p in list_packs(home)] == [("meet-ai", "1.0")]
