"""Reading class lists as Excel and Notepad write them on Arabic Windows, and planning the import."""
import codecs

import pytest

from kit_server.classes import csv_import as ci

YEAR = 2026  # the plan takes the current year as a parameter, so these tests never go stale

ARABIC_SEMICOLON = "الاسم;الجنس;سنة الميلاد\r\nليلى حداد;أنثى;2013\r\nمحمد خليل;ذكر;2012\r\nسلمى غصن;;\r\n"
NAMES = ["ليلى حداد", "محمد خليل", "سلمى غصن"]


def _plan(raw: bytes, existing=()):
    return ci.plan_import(raw, list(existing), YEAR)


@pytest.mark.parametrize("raw", [
    ARABIC_SEMICOLON.encode("utf-8"),
    codecs.BOM_UTF8 + ARABIC_SEMICOLON.encode("utf-8"),
    codecs.BOM_UTF16_LE + ARABIC_SEMICOLON.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + ARABIC_SEMICOLON.encode("utf-16-be"),
    ARABIC_SEMICOLON.encode("cp1256"),
    ARABIC_SEMICOLON.replace(";", ",").encode("cp1256"),
    ARABIC_SEMICOLON.replace(";", "\t").encode("utf-16"),  # Excel's "Unicode text" (tab separated)
], ids=["utf8", "utf8-bom", "utf16-le", "utf16-be", "cp1256-semicolon", "cp1256-comma", "utf16-tabs"])
def test_arabic_names_read_the_same_from_every_encoding_excel_writes(raw):
    plan = _plan(raw)
    assert [r.name for r in plan.rows] == NAMES
    assert [r.sex for r in plan.rows] == ["female", "male", "not_stated"]
    assert [r.birth_year for r in plan.rows] == [2013, 2012, None]
    assert all(r.action == ci.ADD for r in plan.rows)


def test_french_and_english_headers_and_values():
    # Windows-1256 also holds French's lower-case accents: what Excel on Arabic Windows writes.
    fr = "Nom;Sexe;Année de naissance\nHélène Haddad;F;2014\nKarim Aoun;garçon;2013\n".encode("cp1256")
    plan = _plan(fr)
    assert [(r.name, r.sex, r.birth_year) for r in plan.rows] == [
        ("Hélène Haddad", "female", 2014), ("Karim Aoun", "male", 2013)]
    en = b"Name,Gender,Year of birth\nLina Saad,girl,2012\n"
    assert [(r.name, r.sex) for r in _plan(en).rows] == [("Lina Saad", "female")]


def test_first_and_last_name_columns_are_joined():
    plan = _plan("Prénom;Nom\nNour;Sleiman\n".encode())
    assert plan.rows[0].name == "Nour Sleiman"
    plan = _plan("الاسم;الشهرة\nنور;سليمان\n".encode())
    assert plan.rows[0].name == "نور سليمان"


def test_eastern_arabic_digits_in_years_and_grades():
    plan = _plan("الاسم,سنة الميلاد,المستوى\nنور,٢٠١٣,٧\n".encode())
    assert (plan.rows[0].birth_year, plan.rows[0].grade) == (2013, 7)


def test_every_problem_is_reported_with_its_row_number():
    text = ("name;sex;birth year;grade\n"
            "Ali;m;2012;7\n"       # row 2: fine
            ";f;2012;7\n"          # row 3: no name
            "Rana;x;2012;7\n"      # row 4: bad sex
            "Omar;m;1812;7\n"      # row 5: bad birth year
            "Hiba;f;2012;15\n"     # row 6: bad grade
            "ali ;M;2012;7\n"      # row 7: same as row 2 (case and spaces ignored)
            "Maya;f;soon;seven\n"  # row 8: two problems
            "Jad;m;2013;7\n")      # row 9: already in the class
    plan = _plan(text.encode(), existing=["JAD"])
    found = {r.number: (r.action, r.problems) for r in plan.rows}
    assert found == {
        2: (ci.ADD, []),
        3: (ci.ERROR, [ci.NO_NAME]),
        4: (ci.ERROR, [ci.BAD_SEX]),
        5: (ci.ERROR, [ci.BAD_YEAR]),
        6: (ci.ERROR, [ci.BAD_GRADE]),
        7: (ci.SKIP, [ci.DUP_FILE]),
        8: (ci.ERROR, [ci.BAD_YEAR, ci.BAD_GRADE]),
        9: (ci.SKIP, [ci.DUP_CLASS]),
    }
    assert plan.rows[5].same_as == 2
    assert [r.name for r in plan.to_add] == ["Ali"]


def test_arabic_duplicates_ignore_diacritics_tatweel_and_hamza_forms():
    plan = _plan("الاسم\nأحمد قاسم\nاحمد  قاسم\nأحمـــد قَاسِم\n".encode())
    assert [r.action for r in plan.rows] == [ci.ADD, ci.SKIP, ci.SKIP]


def test_blank_lines_are_ignored_and_row_numbers_stay_those_of_the_spreadsheet():
    plan = _plan(b"\nname,sex\n\nAli,\n,\n\nRana,\n\n")
    assert [(r.number, r.name) for r in plan.rows] == [(4, "Ali"), (7, "Rana")]


def test_unknown_columns_are_listed_as_ignored():
    plan = _plan("name,phone,notes\nAli,0301234,x\n".encode())
    assert plan.ignored_columns == ["phone", "notes"]
    assert plan.rows[0].name == "Ali"


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@HYPERLINK(\"x\")",
                                  "<script>alert(1)</script>"])
def test_formula_like_names_are_kept_as_plain_text(name):
    raw = ("name;sex\n\"" + name.replace('"', '""') + "\";f\n").encode()
    plan = _plan(raw)
    assert plan.rows[0].name == name and plan.rows[0].action == ci.ADD


@pytest.mark.parametrize("raw,code", [
    (b"", "empty"),
    (b"   \r\n \n", "empty"),
    (codecs.BOM_UTF8, "empty"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "excel"),
    (bytes(range(256)) * 4, "not_text"),
    (b"\x00\x01\x02name\nAli\n", "not_text"),
    (b"phone,notes\n0301,x\n", "no_name_column"),
    (b"name;sex\n", "no_rows"),
    (b"name\n" + b"A" * ci.MAX_BYTES, "too_big"),
])
def test_unusable_files_get_one_clear_reason(raw, code):
    with pytest.raises(ci.UnreadableFile) as error:
        _plan(raw)
    assert error.value.code == code


def test_ten_thousand_rows_are_refused_quickly():
    raw = ("name\n" + "".join(f"Student {i}\n" for i in range(10_000))).encode()
    assert len(raw) < ci.MAX_BYTES  # it is the row count, not the size, that stops it
    with pytest.raises(ci.UnreadableFile) as error:
        _plan(raw)
    assert error.value.code == "too_many_rows"


def test_a_full_class_at_the_limit_is_accepted():
    raw = ("name\n" + "".join(f"Student {i}\n" for i in range(ci.MAX_ROWS))).encode()
    assert len(_plan(raw).to_add) == ci.MAX_ROWS


def test_delimiter_is_sniffed_from_the_header():
    assert ci.sniff_delimiter("الاسم;الجنس") == ";"
    assert ci.sniff_delimiter("name,sex") == ","
    assert ci.sniff_delimiter("name\tsex") == "\t"
    assert ci.sniff_delimiter("name") == ","
    # A comma inside a quoted name does not confuse a semicolon file.
    plan = _plan('name;sex\n"Haddad, Layla";f\n'.encode())
    assert plan.rows[0].name == "Haddad, Layla"


def test_any_bytes_either_plan_or_give_one_known_reason():
    """Whatever a teacher's PC (or an attacker) uploads, the import never crashes."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    known = {"empty", "excel", "not_text", "too_big", "too_many_rows", "no_name_column", "no_rows", "mixed_encoding"}
    texts = st.text(alphabet=st.sampled_from(list("الاسمليىaAb;,\t\"\r\n =+-0123456789٣")), max_size=300)

    @settings(max_examples=150, deadline=None, derandomize=True, database=None)
    @given(st.one_of(st.binary(max_size=400), texts.map(lambda t: t.encode("utf-8")),
                     texts.map(lambda t: ("name;sex\n" + t).encode("cp1256", "replace"))))
    def check(raw):
        try:
            plan = _plan(raw)
        except ci.UnreadableFile as error:
            assert error.code in known
        else:
            assert plan.rows and all(r.action in (ci.ADD, ci.SKIP, ci.ERROR) for r in plan.rows)
            assert all(r.problems for r in plan.rows if r.action != ci.ADD)

    check()


def test_a_list_mixing_utf8_and_windows_1256_lines_is_refused_naming_the_first_bad_line():
    """Two lists pasted together in Notepad (review L8): read as either encoding, half the names would
    be garbled. The import stops and says which line differs."""
    raw = "الاسم;الجنس\nمريم حداد;أنثى\n".encode() + "علي خليل;ذكر\n".encode("cp1256") + "رنا;أنثى\n".encode()
    with pytest.raises(ci.UnreadableFile) as error:
        _plan(raw)
    assert (error.value.code, error.value.line) == ("mixed_encoding", 3)
    # The other way round too: a Windows-1256 list with one UTF-8 line.
    raw = "الاسم\nمريم\n".encode("cp1256") + "علي\n".encode()
    with pytest.raises(ci.UnreadableFile) as error:
        _plan(raw)
    assert (error.value.code, error.value.line) == ("mixed_encoding", 3)


def test_latin_only_lines_do_not_count_as_another_encoding():
    raw = "name\nAli Haddad\n".encode() + "Hélène Aoun\n".encode("cp1256") + b"Rami\n"
    assert [r.name for r in _plan(raw).rows] == ["Ali Haddad", "Hélène Aoun", "Rami"]


def test_the_teacher_is_told_which_line_to_fix_in_their_language(app, school, login_as):
    from .conftest import upload

    teacher = login_as("teacher")
    raw = "الاسم\nمريم حداد\n".encode() + "علي خليل\n".encode("cp1256")
    response = upload(teacher, school["class"].id, raw)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "السطر 3 من الملف" in page and "CSV UTF-8" in page
    assert "ظ…" not in page  # no garbled preview
