"""The admin's packs page: list, upload with the same checks as the CLI, CSRF and a size limit."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from kit_server.packs import generate_keypair, list_packs, trust_key

from ..conftest import csrf_token, finish_job
from ..packs.conftest import PROJECT, build, set_version, snapshot


EN = {"Accept-Language": "en"}


@pytest.fixture
def pack_file(app, tmp_path):
    """A signed pack whose key the test kit trusts."""
    import shutil

    private, public = generate_keypair(tmp_path / "programme")
    trust_key(Path(app.config["KIT_HOME"]), public)
    source = tmp_path / "source"
    shutil.copytree(PROJECT / "lessons" / "m1-meet-ai", source / "lessons" / "m1-meet-ai")
    set_version(source, "1.0")
    return build(source, private, tmp_path / "meet-ai.zip")


def _upload(client, data: bytes, name="meet-ai.zip", token=None):
    token = token if token is not None else csrf_token(client, "/admin/packs")
    return client.post("/admin/packs/upload", data={"csrf_token": token, "pack": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", headers={"Accept-Language": "en"})


def _home(app):
    return Path(app.config["KIT_HOME"])


def test_an_admin_installs_a_signed_pack_from_the_page(app, client, login_as, pack_file):
    login_as("admin")
    done = finish_job(client, _upload(client, pack_file.read_bytes()), headers=EN)
    assert "The pack is installed and its lessons are ready." in done and "Back to the content packs" in done
    assert [(p.id, p.version) for p in list_packs(_home(app))] == [("meet-ai", "1.0")]
    page = client.get("/admin/packs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert ">meet-ai<" in page and ">1.0<" in page
    assert not list(_home(app).glob(".upload-*"))  # the uploaded file is not kept once installed


def test_the_installed_pack_is_served_at_once_without_a_restart(app, client, login_as, pack_file):
    def served_from():
        return app.extensions["kit_catalog"].lesson("m1-l1-rules-vs-learning").folder.as_posix()

    assert "/packs/" not in served_from()
    login_as("admin")
    finish_job(client, _upload(client, pack_file.read_bytes()), headers=EN)
    assert "/packs/meet-ai/1.0/lessons/" in served_from()


def test_a_tampered_upload_is_refused_with_its_reason_and_changes_nothing(app, client, login_as, pack_file):
    login_as("admin")
    before = snapshot(_home(app) / "trusted_keys")
    data = pack_file.read_bytes()
    html = finish_job(client, _upload(client, data[: len(data) // 2]), headers=EN)
    assert "It did not work. Nothing was changed." in html and "not a complete zip" in html
    assert not (_home(app) / "packs").exists()
    assert snapshot(_home(app) / "trusted_keys") == before
    assert not list(_home(app).glob(".upload-*"))  # the uploaded file was not left behind


def test_an_upload_without_a_file_or_without_csrf_is_refused(app, client, login_as):
    login_as("admin")
    token = csrf_token(client, "/admin/packs")
    no_file = client.post("/admin/packs/upload", data={"csrf_token": token}, headers={"Accept-Language": "en"})
    assert no_file.status_code == 400 and "Choose a pack file first." in no_file.get_data(as_text=True)
    assert _upload(client, b"PK", token="forged").status_code == 400


def test_an_upload_over_the_size_limit_is_refused(app, client, login_as, pack_file):
    app.config["KIT_MAX_PACK_MB"] = 0.001  # about 1 kB
    login_as("admin")
    assert _upload(client, pack_file.read_bytes()).status_code == 413
    assert not (_home(app) / "packs").exists()


def test_the_page_says_when_no_key_is_trusted(client, login_as):
    login_as("admin")
    html = client.get("/admin/packs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "trusts no programme key yet" in html and "No content packs are installed." in html


def test_the_page_shows_which_classes_use_a_pack(app, client, login_as, pack_file, assigned):
    login_as("admin")
    finish_job(client, _upload(client, pack_file.read_bytes()), headers=EN)
    page = client.get("/admin/packs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    lesson, _quiz = assigned
    assert lesson.module == "m1-meet-ai"
    assert "الصف السابع" in page  # the class with module 1 assigned
