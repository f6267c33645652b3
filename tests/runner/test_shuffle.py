"""Choice options are shuffled per student and item: uniform over positions, stable on reload."""
import re
from collections import Counter

import pytest
from scipy.stats import chisquare

from kit_server.content import load_catalog
from kit_server.runner.shuffle import item_order
from kit_server.guide.printout import Printout
from pathlib import Path



PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SECRET = "a-school-secret"
STUDENTS = 200


def _choice_items():
    catalog = load_catalog(PROJECT_ROOT / "lessons", None, None)
    for lesson in catalog.lessons:
        for step in lesson.steps:
            for item in step.items:
                yield f"{lesson.id}/{step.id}/{item.id}", item
    for module in catalog.modules:
        for phase, items in (("pre", module.pre_test), ("post", module.post_test)):
            for item in items:
                yield f"{module.id}/{phase}/{item.id}", item


CHOICE_ITEMS = [(key, item) for key, item in _choice_items() if item.type in ("single", "multiple")]


def test_there_are_choice_items_to_check():
    assert len(CHOICE_ITEMS) > 50


# One chi-square test per option of every item: about 300 tests. At p > 0.01 each, a fair shuffle
# would fail about 3 of them by chance alone, so the 0.01 is for the whole family (Bonferroni).
OPTION_TESTS = sum(len(item.options) for _key, item in CHOICE_ITEMS)


def _position_counts(item, key, order=item_order) -> dict[str, list[int]]:
    positions = {o.id: [0] * len(item.options) for o in item.options}
    for student in range(1, STUDENTS + 1):
        for position, option in enumerate(order(item, SECRET, f"student:{student}", key)):
            positions[option.id][position] += 1
    return positions


def _uneven_options(item, key, order=item_order) -> list[str]:
    return [f"{option_id} at {observed}" for option_id, observed in _position_counts(item, key, order).items()
            if chisquare(observed).pvalue <= 0.01 / OPTION_TESTS]


@pytest.mark.parametrize("key,item", CHOICE_ITEMS, ids=[key for key, _ in CHOICE_ITEMS])
def test_every_option_is_shown_at_every_position_about_equally(key, item):
    assert _uneven_options(item, key) == []


def test_the_right_option_is_at_each_position_equally_often_over_all_items():
    share = Counter()
    for key, item in CHOICE_ITEMS:
        if len(item.options) != 4:
            continue
        right = {item.answer} if isinstance(item.answer, str) else set(item.answer)
        for option_id, counts in _position_counts(item, key).items():
            if option_id in right:
                for position, n in enumerate(counts):
                    share[position] += n
    assert chisquare([share[p] for p in range(4)]).pvalue > 0.01


def test_the_check_catches_an_order_that_favours_the_first_option():
    key, item = next((k, i) for k, i in CHOICE_ITEMS if len(i.options) == 4)

    def lazy(item, secret, who, key):  # keeps the authored order for one student in three
        order = item_order(item, secret, who, key)
        return list(item.options) if int(who.split(":")[1]) % 3 == 0 else order

    assert _uneven_options(item, key, lazy)


def test_the_same_student_sees_the_same_order_twice_and_others_differ():
    orders = []
    for key, item in CHOICE_ITEMS:
        first = [o.id for o in item_order(item, SECRET, "student:7", key)]
        assert first == [o.id for o in item_order(item, SECRET, "student:7", key)]
        orders.append(first == [o.id for o in item_order(item, SECRET, "student:8", key)])
    assert not all(orders)  # another student gets other orders


def test_ordering_items_never_start_in_the_right_order():
    for key, item in _choice_items():
        if item.type == "ordering":
            for student in range(50):
                assert [o.id for o in item_order(item, SECRET, student, key)] != list(item.answer)


def test_a_printout_letters_the_options_and_its_key_matches_its_own_order():
    key, item = next((k, i) for k, i in CHOICE_ITEMS if i.type == "single")
    printout = Printout("abc123")
    letters = {option.id: letter for letter, option in printout.choices(item, key)}
    assert printout.key(item, key) == letters[item.answer]
    firsts = {Printout(f"p{n}").choices(item, key)[0][1].id for n in range(40)}
    assert len(firsts) > 1  # each printout draws its own order


OPTION_VALUES = re.compile(r'name="answer" value="([^"]+)"')


def test_a_student_gets_the_same_order_on_reload(app, client, login_as, assigned):
    lesson, step = assigned
    login_as("student")
    url = f"/lessons/{lesson.id}/{step.id}"
    first = OPTION_VALUES.findall(client.get(url).get_data(as_text=True))
    assert first and first == OPTION_VALUES.findall(client.get(url).get_data(as_text=True))
    authored = [o.id for item in step.items if item.type in ("single", "multiple") for o in item.options]
    assert sorted(first) == sorted(authored)
