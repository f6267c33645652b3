"""The dashboard's "most common mistake": never a right option named as the wrong answer, the wrong
combination for tick-all items, orderings and numbers shown as the students gave them."""
import html as html_lib
import re

import pytest

from kit_server.dashboard.mistakes import common_mistakes

from ..conftest import quiz_lesson
from ..live.classroom import Classroom


def _item(step, item_id):
    return next(i for i in step.items if i.id == item_id)


def _first(answer, item):
    from kit_server.content import grade_item

    return {"answer": answer, "correct": grade_item(item, answer).correct}


def test_a_right_option_ticked_alone_is_a_combination_and_the_missed_one_is_named(app):
    _lesson, step = quiz_lesson(app)
    item = _item(step, "learned")  # right: spam-filter + voice-assistant
    firsts = [_first(a, item) for a in (["spam-filter"], ["spam-filter"], ["spam-filter", "voice-assistant"],
                                        ["kettle", "spam-filter", "voice-assistant"])]
    found = common_mistakes(item, firsts)
    assert found["wrong"] == 3
    assert found["combination"] == (["spam-filter"], 2)  # the set ticked, shown as a set
    assert found["missed"] == ("voice-assistant", 2)
    assert found["wrongly_ticked"] == ("kettle", 1)


def test_ticking_nothing_is_a_combination_too_and_ties_follow_the_item_order(app):
    _lesson, step = quiz_lesson(app)
    item = _item(step, "learned")
    found = common_mistakes(item, [_first([], item), _first(["traffic-light"], item)])
    assert found["combination"] == ([], 1)  # tie: the empty set sorts before any option
    assert found["missed"] == ("spam-filter", 2)
    single = _item(step, "which-ai")
    found = common_mistakes(single, [_first("alarm-clock", single), _first("calculator", single)])
    assert found["option"] == ("calculator", 1)  # calculator comes first among the options


def test_numbers_and_orders_are_counted_as_given(app):
    _lesson, step = quiz_lesson(app)
    numeric, ordering = _item(step, "test-score"), _item(step, "steps-order")
    found = common_mistakes(numeric, [_first(a, numeric) for a in (80, "٨٠", "80.0", 90, 70)])
    assert found == {"wrong": 4, "number": ("80", 3)}
    wrong = ["train", "test", "label", "collect"]
    found = common_mistakes(ordering, [_first(wrong, ordering), _first(wrong, ordering),
                                       _first(["collect", "label", "train", "test"], ordering)])
    assert found == {"wrong": 2, "order": (wrong, 2)}
    assert common_mistakes(ordering, [_first(["collect", "label", "train", "test"], ordering)]) == {"wrong": 0}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_dashboard_names_the_combination_and_shows_orders_as_text(app, client, school, login_as, lang):
    lesson, step = quiz_lesson(app)
    room = Classroom(app, school["teacher"], lesson, step, size=3)
    for sid in room.student_ids[:2]:
        room.answer(sid, ("learned", ["spam-filter"]), ("steps-order", ["train", "test", "label", "collect"]))
    room.answer(room.student_ids[2], ("learned", ["spam-filter", "voice-assistant"]),
                ("steps-order", ["collect", "label", "train", "test"]))
    login_as("teacher")
    html = client.get(f"/teacher/classes/{room.class_id}/progress", headers={"Accept-Language": lang}).get_data(as_text=True)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", html))
    learned, order = _item(step, "learned"), _item(step, "steps-order")
    spam, voice = (re.sub(r"<[^>]+>", "", learned.option(o).html[lang]).strip() for o in ("spam-filter", "voice-assistant"))
    missed_label = {"ar": "الخيار الصحيح الأكثر إغفالًا:", "fr": "Bonne option la plus souvent oubliée :"}[lang]
    combo_label = {"ar": "التركيبة الخاطئة الأكثر اختيارًا:", "fr": "Combinaison fausse la plus cochée :"}[lang]
    assert re.search(re.escape(combo_label) + r"\s*" + re.escape(spam), text)
    assert re.search(re.escape(missed_label) + r"\s*" + re.escape(voice), text)
    assert "train|test" not in html
    steps = [re.sub(r"<[^>]+>", "", order.option(o).html[lang]).strip() for o in ("train", "test", "label", "collect")]
    listed = re.findall(r'<ol class="order-list">(.*?)</ol>', html, re.S)[0]
    assert [html_lib.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in re.findall(r"<li>(.*?)</li>", listed, re.S)] == steps
    assert {"ar": "1 من 3", "fr": "1 sur 3"}[lang] in text  # ratios in words, never "1 / 3" (read "3 / 1" in Arabic)
    assert not re.search(r"\d+ / \d+", text)
