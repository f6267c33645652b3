"""The limits every student server starts under (limits.py, limit_exec.py), checked on real processes."""

from __future__ import annotations

import os
import subprocess
import sys

from kit_server.notebooks import limits, sandbox
from kit_server.notebooks.settings import NotebookSettings, load_settings, save_settings

SHOW = ("import resource; print(*(resource.getrlimit(getattr(resource, n)) for n in "
        "('RLIMIT_AS', 'RLIMIT_NPROC', 'RLIMIT_FSIZE', 'RLIMIT_CORE')))")


def test_the_server_process_starts_with_the_limits_and_cannot_raise_them():
    cap = limits.Limits(memory_mb=512, processes=77, folder_mb=33)
    argv = limits.wrap([sys.executable, "-c", SHOW + "; resource.setrlimit(resource.RLIMIT_FSIZE, (-1, -1))"],
                       sys.executable, cap, [], nproc=True)
    run = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert str((cap.address_space, cap.address_space)) in run.stdout
    assert "(77, 77)" in run.stdout and f"({33 << 20}, {33 << 20})" in run.stdout and "(0, 0)" in run.stdout
    assert run.returncode != 0 and "ValueError" in run.stderr  # raising the hard limit back is refused


def test_one_huge_allocation_fails_inside_and_the_process_lives_on():
    argv = limits.wrap([sys.executable, "-c", "try:\n b = b'x' * (3 << 30)\nexcept MemoryError:\n print('REFUSED')"],
                       sys.executable, limits.Limits(memory_mb=256), [], nproc=False)
    assert subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip() == "REFUSED"


def test_the_process_cap_is_left_out_where_it_would_count_every_student():
    assert not limits.nproc_is_per_sandbox(False, sandbox.bwrap_path())  # no sandbox: the kit's user
    assert not limits.nproc_is_per_sandbox(True, None)
    assert "RLIMIT_NPROC" not in limits.Limits().rlimits(nproc=False)
    if sandbox.bwrap_path() and not os.stat(sandbox.bwrap_path()).st_mode & 0o4000:
        assert limits.nproc_is_per_sandbox(True, sandbox.bwrap_path())


def test_limits_are_stored_with_the_settings_and_bad_values_fall_back(tmp_path):
    save_settings(tmp_path, NotebookSettings(memory_mb=700, folder_mb=50))
    assert load_settings(tmp_path).limits() == limits.Limits(memory_mb=700, folder_mb=50)
    (tmp_path / "notebooks.json").write_text('{"memory_mb": 1, "processes": true, "folder_mb": "9"}')
    assert load_settings(tmp_path).limits() == limits.Limits()
    (tmp_path / "notebooks.json").write_text("[]")
    assert load_settings(tmp_path) == NotebookSettings()


def test_the_sandbox_has_sized_tmp_and_shm_a_read_only_dev_and_no_proc(tmp_path):
    cmd = sandbox.bwrap_command(["python"], tmp_path / "h", tmp_path / "r", {}, tmp_mb=32)
    size = str(32 << 20)
    assert cmd[cmd.index("/tmp") - 3: cmd.index("/tmp") + 1] == ["--size", size, "--tmpfs", "/tmp"]
    assert ["--size", size, "--tmpfs", "/dev/shm", "--remount-ro", "/dev"] == \
        cmd[cmd.index("/dev/shm") - 3: cmd.index("/dev/shm") + 3]
    assert "--proc" not in cmd
