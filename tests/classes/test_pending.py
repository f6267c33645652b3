"""The server-side shelf that holds a previewed import until the teacher confirms it."""
import time

from kit_server.classes import pending
from kit_server.classes.csv_import import Row


def test_a_preview_is_claimed_once_by_its_own_teacher_and_class(tmp_path):
    token = pending.save(tmp_path, class_id=3, user_id=7, kind="pin", rows=[Row(number=2, name="ليلى")])
    assert pending.claim(tmp_path, token, class_id=3, user_id=8) is None  # another teacher
    assert pending.claim(tmp_path, token, class_id=4, user_id=7) is None  # another class
    data = pending.claim(tmp_path, token, class_id=3, user_id=7)
    assert data["kind"] == "pin" and data["rows"] == [Row(number=2, name="ليلى")]
    assert pending.claim(tmp_path, token, class_id=3, user_id=7) is None  # a second click gets nothing
    assert not list((tmp_path / "imports").iterdir())


def test_tokens_that_are_not_ours_never_become_paths(tmp_path):
    (tmp_path / "secret.json").write_text('{"class_id": 1, "user_id": 1, "rows": []}')
    for token in ("../secret", "..%2Fsecret", "/etc/passwd", "", "a" * 100):
        assert pending.load(tmp_path, token, 1, 1) is None


def test_old_previews_are_forgotten(tmp_path, monkeypatch):
    old = pending.save(tmp_path, 1, 1, "pin", [Row(number=2, name="A")])
    later = time.time() + pending.LIFETIME_SECONDS + 1
    monkeypatch.setattr(pending.time, "time", lambda: later)
    assert pending.load(tmp_path, old, 1, 1) is None
    assert not (tmp_path / "imports" / f"{old}.json").exists()
