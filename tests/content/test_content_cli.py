"""`kit lessons check`: one line per problem, exit code 1; a one-line OK otherwise."""
from __future__ import annotations

from click.testing import CliRunner

from kit_server.content.cli import lessons

from .conftest import BROKEN, GOOD, NOTEBOOKS


def test_check_ok():
    result = CliRunner().invoke(lessons, ["check", str(GOOD), "--notebooks", str(NOTEBOOKS), "--structure-only"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 modules, 1 lessons OK\n"


def test_check_lists_every_problem_and_fails():
    result = CliRunner().invoke(lessons, ["check", str(BROKEN), "--notebooks", str(NOTEBOOKS)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 26
    assert "broken/mod-b/unknown-key/lesson.yaml:13: steps[0].minuts: unknown key (allowed: id, kind, minutes)" in lines
    assert "26 problem(s) found" in result.stderr


def test_notebooks_default_to_the_folder_beside_lessons(tmp_path):
    import shutil

    shutil.copytree(GOOD, tmp_path / "lessons")
    result = CliRunner().invoke(lessons, ["check", str(tmp_path / "lessons")], env={"KIT_NOTEBOOKS_DIR": ""})
    assert result.exit_code == 1
    assert "lessons/mod-a/les-a/lesson.yaml:9: notebook: notebook file(s) not found in notebooks/" in result.stdout
    shutil.copytree(NOTEBOOKS, tmp_path / "notebooks")
    assert CliRunner().invoke(lessons, ["check", str(tmp_path / "lessons"), "--structure-only"],
                              env={"KIT_NOTEBOOKS_DIR": ""}).exit_code == 0
