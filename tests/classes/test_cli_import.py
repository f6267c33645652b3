"""`kit classes list` and `kit classes import`: the IT person loads a class list from the command line."""
import sqlite3

from ..test_cli import kit

LIST = "الاسم;الجنس\nسارة;أنثى\nعمر;ذكر\n;أنثى\nسارة;أنثى\nكريم;ذكر\n".encode("cp1256")  # Excel on Arabic Windows


def _names(home, code):
    with sqlite3.connect(home / "kit.db") as db:
        return sorted(n for (n,) in db.execute(
            "SELECT s.display_name FROM student s JOIN school_class c ON c.id = s.class_id WHERE c.code = ?", (code,)))


def test_the_list_is_previewed_then_imported_in_one_go_after_confirming(tmp_path):
    kit("demo", home=tmp_path)
    listed = kit("classes", "list", home=tmp_path)
    assert listed.returncode == 0 and "246810" in listed.stdout
    before = _names(tmp_path, "246810")
    (tmp_path / "list.csv").write_bytes(LIST)

    declined = kit("classes", "import", "246810", str(tmp_path / "list.csv"), home=tmp_path, input_text="n\n")
    assert declined.returncode == 1 and _names(tmp_path, "246810") == before  # said no: nothing saved
    assert f"{tmp_path / 'list.csv'}:4: The name is missing." in declined.stderr
    assert f"{tmp_path / 'list.csv'}:5: Same name as row 2." in declined.stderr
    assert "3 to add, 1 skipped" in declined.stdout and "1 left out for a problem" in declined.stdout

    done = kit("classes", "import", "246810", str(tmp_path / "list.csv"), "--yes", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 students added" in done.stdout and "Adding" in done.stderr  # the progress bar, on stderr
    assert _names(tmp_path, "246810") == sorted([*before, "سارة", "عمر", "كريم"])

    again = kit("classes", "import", "246810", str(tmp_path / "list.csv"), "--yes", home=tmp_path)
    assert again.returncode == 0 and again.stdout.strip().endswith("Nobody to add.")
    assert "0 to add, 4 skipped" in again.stdout


def test_a_wrong_code_or_an_unreadable_file_is_one_clear_line(tmp_path):
    kit("demo", home=tmp_path)
    (tmp_path / "list.csv").write_bytes(LIST)
    wrong = kit("classes", "import", "999999", str(tmp_path / "list.csv"), home=tmp_path)
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == "kit: no class has the code 999999 (`kit classes list` shows them)"
    (tmp_path / "book.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    excel = kit("classes", "import", "246810", str(tmp_path / "book.xlsx"), home=tmp_path)
    assert excel.returncode == 1 and "This is an Excel workbook" in excel.stderr
    missing = kit("classes", "import", "246810", str(tmp_path / "nothing.csv"), home=tmp_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
