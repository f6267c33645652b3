"""The kit's file operations in a student's folder never follow a link (safefs.py), on a real disk.

Each test plants what student code could plant from inside the sandbox (a link to another student's
notebook, to a place outside, to nowhere; a fifo) and checks the kit neither reads nor writes through
it, and that what the kit needs still works afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kit_server.notebooks import safefs
from kit_server.notebooks.folders import StudentFolders

NOTEBOOK = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.en.ipynb"))[0]


@pytest.fixture
def folders(tmp_path):
    kit = StudentFolders(tmp_path / "kit")
    kit.ensure_copy(2, NOTEBOOK)
    (kit.work_dir(2) / NOTEBOOK.name).write_text("STUDENT-TWO-WORK", encoding="utf-8")
    return kit


def test_reading_a_link_to_another_students_copy_is_refused(folders):
    folders.ensure_copy(1, NOTEBOOK)
    mine = folders.work_dir(1) / NOTEBOOK.name
    mine.unlink()
    mine.symlink_to(folders.work_dir(2) / NOTEBOOK.name)
    with pytest.raises(safefs.LinkRefused):
        folders.read_copy(1, NOTEBOOK.name)
    with pytest.raises(safefs.LinkRefused):
        folders.copy_stat(1, NOTEBOOK.name)


def test_a_linked_work_folder_is_refused_for_reading(folders):
    root = folders.student_dir(1)
    root.mkdir(parents=True)
    (root / "work").symlink_to(folders.work_dir(2))
    with pytest.raises(safefs.LinkRefused):
        folders.read_copy(1, NOTEBOOK.name)


def test_handing_out_through_a_dangling_link_writes_nothing_outside(folders, tmp_path):
    outside = tmp_path / "elsewhere" / "written-by-kit.ipynb"
    folders.work_dir(1).mkdir(parents=True)
    (folders.work_dir(1) / NOTEBOOK.name).symlink_to(outside)
    copy = folders.ensure_copy(1, NOTEBOOK)
    assert not outside.exists() and not outside.parent.exists()
    assert not copy.is_symlink() and copy.read_bytes() == NOTEBOOK.read_bytes()
    moved = [p for p in folders.work_dir(1).iterdir() if ".moved-by-kit-" in p.name]
    assert len(moved) == 1 and moved[0].is_symlink()  # kept, renamed, never followed


def test_handing_out_keeps_a_students_real_work(folders):
    folders.ensure_copy(2, NOTEBOOK)
    assert (folders.work_dir(2) / NOTEBOOK.name).read_text() == "STUDENT-TWO-WORK"


def test_reset_through_a_linked_work_folder_never_touches_the_other_students_copy(folders):
    root = folders.student_dir(1)
    root.mkdir(parents=True)
    (root / "work").symlink_to(folders.work_dir(2))
    folders.reset_copy(1, NOTEBOOK)
    assert (folders.work_dir(2) / NOTEBOOK.name).read_text() == "STUDENT-TWO-WORK"
    assert not (folders.work_dir(2) / (NOTEBOOK.name + ".old")).exists()
    assert not (root / "work").is_symlink()
    assert (root / "work" / NOTEBOOK.name).read_bytes() == NOTEBOOK.read_bytes()


def test_prepare_moves_links_aside_so_the_server_can_always_start(folders, tmp_path):
    existing = tmp_path / "a-host-folder"
    existing.mkdir()
    root = folders.student_dir(1)
    root.mkdir(parents=True)
    (root / ".config").symlink_to(existing)  # the review's step 5: the kit made matplotlib/ in it
    (root / ".rt").symlink_to(tmp_path / "does-not-exist")  # and this blocked the server for good
    (root / ".ipython").write_text("a file where a folder belongs")
    folders.prepare_home(1)
    assert list(existing.iterdir()) == [] and not (tmp_path / "does-not-exist").exists()
    for sub in (".config/matplotlib", ".rt", ".ipython", "work"):
        assert (root / sub).is_dir() and not (root / sub).is_symlink(), sub


def test_a_fifo_is_refused_not_waited_on(folders):
    folders.ensure_copy(1, NOTEBOOK)
    copy = folders.work_dir(1) / NOTEBOOK.name
    copy.unlink()
    os.mkfifo(copy)
    with pytest.raises(safefs.LinkRefused):
        folders.read_copy(1, NOTEBOOK.name)


def test_a_huge_copy_is_not_read_into_memory(folders):
    with pytest.raises(safefs.TooLarge):
        folders.read_copy(2, NOTEBOOK.name, max_bytes=5)


def test_usage_counts_links_but_never_enters_them(folders, tmp_path):
    big = tmp_path / "big"
    big.mkdir()
    (big / "data").write_bytes(b"x" * 1_000_000)
    folders.ensure_copy(1, NOTEBOOK)
    before, entries = folders.usage(1)
    (folders.work_dir(1) / "link").symlink_to(big)
    after, more = folders.usage(1)
    assert more == entries + 1 and after - before < 100_000


def test_paths_cannot_climb_out(tmp_path):
    (tmp_path / "s").mkdir()
    for bad in ("../x", "work/../../x", "/etc/passwd"):
        with pytest.raises(ValueError):
            safefs.read_bytes(tmp_path / "s", bad, 10)
