"""Every number a teacher reads equals a recount from the stored events.

Random students give random answers (changes of mind included) to the four kinds of quiz item in a
live session; then the dashboard (grid scores, difficult questions, most common mistakes), the live
console and the projector (HTML and the state they poll) are read as a teacher's browser gets them,
and each number is compared with a count made here, straight from `progress_event`, with this file's
own reading of answers (not the kit's grader or tally code).
"""
from __future__ import annotations

import html as html_lib
import re
from collections import Counter

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kit_server.extensions import db

from .conftest import quiz_lesson
from .live.classroom import Classroom

EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫,", "01234567890123456789..")


# ---- what students do -------------------------------------------------------------------------

def _answer_strategy(item):
    ids = [o.id for o in item.options]
    if item.type == "single":
        return st.sampled_from(ids)
    if item.type == "multiple":
        return st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))
    if item.type == "ordering":
        return st.permutations(ids).map(list)
    exact = item.answer
    return st.one_of(st.integers(0, 120), st.integers(0, 5000),
                     st.sampled_from([exact, exact + item.tolerance, exact - item.tolerance - 1, f" {exact:g} ",
                                      "٩٠", "85,5", str(exact).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))]))


def _class_work(step):
    action = st.sampled_from(step.items).flatmap(lambda item: st.tuples(st.just(item.id), _answer_strategy(item)))
    student = st.fixed_dictionaries({"answers": st.lists(action, max_size=5), "complete": st.booleans(),
                                     "polls": st.booleans()})
    return st.fixed_dictionaries({"students": st.lists(student, min_size=1, max_size=6),
                                  "revealed": st.booleans()})


# ---- the recount ------------------------------------------------------------------------------

def _number(answer) -> float:
    return float(answer) if not isinstance(answer, str) else float(answer.strip().translate(EASTERN).replace(" ", ""))


def _is_right(item, answer) -> bool:
    if item.type == "single":
        return answer == item.answer
    if item.type == "multiple":
        return set(answer) == set(item.answer)
    if item.type == "ordering":
        return list(answer) == list(item.answer)
    return abs(_number(answer) - item.answer) <= item.tolerance + 1e-9


def _stored_answers(app, room) -> dict[tuple[int, str], list]:
    """(student, item) → the answers in the student's own order (client seq), from the event log."""
    from kit_server.progress.models import ProgressEvent

    with app.app_context():
        rows = db.session.execute(sa.select(ProgressEvent.student_id, ProgressEvent.payload).where(
            ProgressEvent.student_id.in_(room.student_ids), ProgressEvent.kind == "answer",
            ProgressEvent.lesson_id == room.lesson.id).order_by(ProgressEvent.client_seq)).all()
    found: dict[tuple[int, str], list] = {}
    for student_id, payload in rows:
        found.setdefault((student_id, payload["item"]), []).append(payload["answer"])
    return found


def _completed(app, room) -> set[int]:
    from kit_server.progress.models import ProgressEvent

    with app.app_context():
        return set(db.session.scalars(sa.select(ProgressEvent.student_id).where(
            ProgressEvent.student_id.in_(room.student_ids), ProgressEvent.kind == "lesson_completed")))


# ---- reading pages ----------------------------------------------------------------------------

def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _grid_cells(page: str, room) -> dict[int, tuple[str, str]]:
    cells = {}
    for sid in room.student_ids:
        match = re.search(rf'students/{sid}/progress">.*?</th>\s*<td class="state-(\w+)">(.*?)</td>', page, re.S)
        cells[sid] = (match.group(1), " ".join(_text(match.group(2)).split()))
    return cells


def _difficult_rows(page: str) -> dict[str, str]:
    return {key: row for key, row in re.findall(r'<tr data-item="([^"]+)">(.*?)</tr>', page, re.S)}


def _projector_counts(page: str, item_id: str) -> tuple[int, dict[str, int]]:
    box = page[page.index(f'data-item="{item_id}"'):]
    box = box[:box.index("</section>")]
    total = int(re.search(r"<strong data-total>(\d+)</strong>", box).group(1))
    rows = {k: int(n) for k, n in re.findall(r'data-row="([^"]+)".*?<strong class="tally-count">(\d+)</strong>', box, re.S)}
    return total, rows


# ---- the checks -------------------------------------------------------------------------------

def _check_live(item, latest: dict[int, object], tally: dict, page: str, revealed: bool):
    answers = list(latest.values())
    assert tally["total"] == len(answers)
    rows = {r["key"]: r for r in tally["rows"]}
    if item.type in ("single", "multiple"):
        ticked = Counter(o for a in answers for o in ({a} if isinstance(a, str) else set(a)))
        assert {k: r["count"] for k, r in rows.items()} == {o.id: ticked[o.id] for o in item.options}
    elif item.type == "ordering":
        in_place = Counter(o for a in answers for pos, o in enumerate(a) if item.answer[pos] == o)
        assert {k: r["count"] for k, r in rows.items()} == {o.id: in_place[o.id] for o in item.options}
    else:
        values = [_number(a) for a in answers]
        for r in tally["rows"]:
            inside = [v for v in values if r["low"] <= v and (v <= r["high"] if r["closed"] else v < r["high"])]
            assert r["count"] == len(inside), (r, values)
        assert sum(r["count"] for r in tally["rows"]) == len(values)
    if revealed:
        assert tally["right_count"] == sum(_is_right(item, a) for a in answers)
    else:
        assert "right_count" not in tally and not any("right" in r for r in tally["rows"])
    total, drawn = _projector_counts(page, item.id)
    assert total == len(answers) and drawn == {k: r["count"] for k, r in rows.items()}


def _check_difficult(item, firsts: dict[int, object], row: str | None):
    if not firsts:
        assert row is None
        return
    answers = list(firsts.values())
    right = sum(_is_right(item, a) for a in answers)
    assert f"{right} من {len(answers)}" in _text(row)
    wrong = [a for a in answers if not _is_right(item, a)]
    shown = [int(n) for n in re.findall(r"عدد الطلاب: (\d+)", _text(row))]
    if not wrong:
        assert shown == []
        return
    if item.type == "single":
        expected = [max(Counter(wrong).values())]
    elif item.type == "ordering":
        expected = [max(Counter(tuple(a) for a in wrong).values())]
    elif item.type == "numeric":
        expected = [max(Counter(_number(a) for a in wrong).values())]
    else:
        combos = Counter(frozenset(a) for a in wrong)
        missed = Counter(o for a in answers for o in set(item.answer) - set(a))
        extra = Counter(o for a in answers for o in set(a) - set(item.answer))
        expected = [max(combos.values())] + [max(c.values()) for c in (missed, extra) if c]
        # the combination named is a wrong one: never the right set of options
        named = re.search(r'<span class="combo">(.*?)</span>\s*<span class="by">', row, re.S)
        right_texts = sorted(_text(item.option(o).html["ar"]).strip() for o in item.answer)
        if named:
            parts = sorted(" ".join(p.split()) for p in _text(named.group(1)).split(" + "))
            assert parts != [" ".join(t.split()) for t in right_texts]
    assert shown == expected


def _check_grid(lesson, room, stored, completed, cells):
    items = [(s, i) for s in lesson.steps if s.kind == "quiz" for i in s.items]
    for sid in room.student_ids:
        state, text = cells[sid]
        answered = any((sid, i.id) in stored for _s, i in items)
        if sid in completed and not answered:
            assert state == "completed" and "%" not in text
        elif sid in completed:
            right = sum(_is_right(i, stored[(sid, i.id)][0]) for _s, i in items if (sid, i.id) in stored)
            assert state == "completed" and text.endswith(f"{round(100 * right / len(items))}%"), (text, right)
        else:
            assert state == ("started" if answered else "none")


# No shrinking: each example builds a class and reads four pages, and shrinking a failure took over
# five minutes on the 2-core machine; the failing example is printed as found.
@settings(max_examples=25, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(work=st.data())
def test_every_number_a_teacher_reads_equals_a_recount(app, client, school, login_as, work):
    lesson, step = quiz_lesson(app)
    plan = work.draw(_class_work(step))
    room = Classroom(app, school["teacher"], lesson, step, size=len(plan["students"]))
    session_id = room.start_live(school["teacher"])
    for sid, student in zip(room.student_ids, plan["students"]):
        if student["answers"] or student["complete"]:
            room.answer(sid, *student["answers"], complete=student["complete"])
    _polls(app, room, session_id, [s["polls"] for s in plan["students"]])
    if not client.get("/teacher/classes").status_code == 200:
        login_as("teacher")
    if plan["revealed"]:
        _reveal(app, session_id)

    stored, completed = _stored_answers(app, room), _completed(app, room)
    state = client.get(f"/teacher/live/{session_id}/state?names=1").get_json()
    screen = client.get(f"/teacher/live/{session_id}/screen").get_data(as_text=True)
    console = client.get(f"/teacher/live/{session_id}").get_data(as_text=True)
    dashboard = client.get(f"/teacher/classes/{room.class_id}/progress").get_data(as_text=True)

    answered = {sid for (sid, _item) in stored}
    assert state["answered"] == len(answered)
    assert {s["id"] for s in state["students"] if s["answered"]} == answered
    assert state["connected"] == sum(s["polls"] for s in plan["students"])
    assert f'<strong id="count-answered">{len(answered)}</strong>' in console
    assert f'<strong id="count-answered">{len(answered)}</strong>' in screen
    assert console.count("✓") == len(answered)
    difficult = _difficult_rows(dashboard)
    for item in step.items:
        latest = {sid: stored[(sid, item.id)][-1] for sid in room.student_ids if (sid, item.id) in stored}
        firsts = {sid: stored[(sid, item.id)][0] for sid in room.student_ids if (sid, item.id) in stored}
        _check_live(item, latest, state["items"][item.id], screen, plan["revealed"])
        _check_difficult(item, firsts, difficult.get(f"{lesson.id}/{step.id}/{item.id}"))
    _check_grid(lesson, room, stored, completed, _grid_cells(dashboard, room))


def _polls(app, room, session_id, polled: list[bool]):
    """Some phones polled the live session (attendance), as /api/live does."""
    from kit_server.auth.models import Student
    from kit_server.live import service
    from kit_server.live.models import LiveSession

    with app.app_context():
        session = db.session.get(LiveSession, session_id)
        for sid, yes in zip(room.student_ids, polled):
            if yes:
                service.seen(session, db.session.get(Student, sid))
        db.session.commit()


def _reveal(app, session_id):
    from kit_server.live import service
    from kit_server.live.models import LiveSession

    with app.app_context():
        service.reveal(db.session.get(LiveSession, session_id))
        db.session.commit()
