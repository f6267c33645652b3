"""`kit pack ...` as the IT person types it: keygen, build, trust, install, list, rollback, remove."""
from __future__ import annotations

from click.testing import CliRunner

from kit_server.packs.cli import pack_group

from .conftest import set_version


def _kit(home, *args, input=None):
    return CliRunner().invoke(pack_group, list(map(str, args)), input=input,
                              env={"KIT_HOME": str(home), "KIT_MIN_FREE_MB": "0"})


def test_the_whole_journey_from_keygen_to_remove(tmp_path, source):
    home = tmp_path / "school"
    key = tmp_path / "programme"
    assert _kit(home, "keygen", key).exit_code == 0
    assert "Trusted key" in _kit(home, "trust", f"{key}.pub").output

    built = _kit(home, "build", source, "--sign-with", key, "--out", tmp_path / "v1.zip")
    assert built.exit_code == 0, built.output
    assert "meet-ai 1.0" in built.output
    installed = _kit(home, "install", tmp_path / "v1.zip")
    assert installed.exit_code == 0, installed.output
    assert "Installed meet-ai 1.0" in installed.output

    set_version(source, "1.1")
    _kit(home, "build", source, "--sign-with", key, "--out", tmp_path / "v2.zip")
    assert "(previous: 1.0)" in _kit(home, "install", tmp_path / "v2.zip").output
    listing = _kit(home, "list").output
    assert "meet-ai" in listing and "1.1" in listing and "can roll back to 1.0" in listing

    assert "back from 1.1 to 1.0" in _kit(home, "rollback", "meet-ai").output
    assert _kit(home, "remove", "meet-ai", input="n\n").exit_code == 1
    assert (home / "packs" / "meet-ai").is_dir()
    assert _kit(home, "remove", "meet-ai", "--yes").exit_code == 0
    assert "No content packs installed." in _kit(home, "list").output


def test_a_refused_install_says_why_in_one_line_and_exits_1(tmp_path):
    home = tmp_path / "school"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    result = _kit(home, "install", bad)
    assert result.exit_code == 1
    assert "pack refused, nothing changed: the file is not a complete zip" in result.output
    assert not (home / "packs").exists()
