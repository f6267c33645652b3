"""Each printed guide shuffles the options once, letters them, and keeps the key in its own section."""
import html
import re

from kit_server.lessons import catalog


def test_each_printout_has_its_own_order_and_a_separate_key(app, client, login_as):
    login_as("teacher")
    pages = [client.get("/teacher/guide/m1-meet-ai", headers={"Accept-Language": "en"}).get_data(as_text=True)
             for _ in range(2)]
    codes = [re.findall(r"<bdi>(\d{6})</bdi>", page) for page in pages]
    assert all(len(set(c)) == 1 and len(c) == 4 for c in codes)  # the code on both tests and both keys
    assert codes[0][0] != codes[1][0]
    page = pages[0]
    paper = page.split('class="lesson paper-test"')[1].split('class="lesson answer-key"')[0]
    assert 'class="answer"' not in paper  # the students' paper carries no key
    with app.app_context():
        item = catalog().module("m1-meet-ai").pre_test[0]
    question = re.search(r"<li dir=\"auto\">" + re.escape(item.prompt["en"].replace("<p>", "").replace("</p>", "").strip())
                         + r".*?</ol>", paper, re.S).group(0)
    letters = dict(re.findall(r"<strong>([A-D])</strong> ([^<]+)</li>", question))
    right = re.sub(r"<[^>]+>", "", item.option(item.answer).html["en"]).strip()
    key = page.split('class="lesson answer-key"')[1]
    expected = next(letter for letter, text in letters.items() if html.unescape(text).strip() == html.unescape(right))
    assert f'<span class="answer">{expected} · ' in key
