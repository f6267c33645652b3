"""The printable teacher guide: lesson plans, timings, answers and worksheets."""
import shutil

import pytest

from kit_server.guide.service import answer_text

from ..conftest import quiz_lesson
from ..test_cli import kit


def test_guide_page_has_timings_answers_and_worksheets(app, client, login_as):
    lesson, quiz = quiz_lesson(app)
    login_as("teacher")
    html = client.get(f"/teacher/guide/{lesson.module}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html and "دليل المعلّم" in html
    with app.app_context():
        for item in quiz.items:
            assert answer_text(item, "ar") in html  # every quiz answer, in words
        for step in lesson.steps:
            assert step.title["ar"] in html
    assert "ورقة عمل" in html  # the unplugged activity as a worksheet
    assert "@page" in html and "break-before: page" in html


def test_students_cannot_open_the_guide(app, client, login_as):
    lesson, _quiz = quiz_lesson(app)
    login_as("student")
    assert client.get(f"/teacher/guide/{lesson.module}").status_code == 403


@pytest.mark.slow
def test_kit_guide_build_writes_html_and_a_pdf(tmp_path):
    out = tmp_path / "guide"
    result = kit("guide", "build", "--out", str(out), "--lang", "fr", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    html_files = sorted(out.glob("*.fr.html"))
    assert html_files and "/lesson-files/" not in html_files[0].read_text()  # pictures are inside the file
    if shutil.which("chromium"):
        pdf = html_files[0].with_suffix(".pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-"
