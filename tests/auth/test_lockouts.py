"""Guessing is slowed down without locking the rightful owner out (review M1, M2)."""
from ..conftest import csrf_token, make_student, post_form, sign_in_staff, sign_in_student


def _device(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 10000:04d}"


def test_wrong_pins_on_one_device_do_not_lock_the_student_out_of_another(app, school):
    attacker, own = _device(app, "10.0.0.66"), _device(app, "10.0.0.7")
    cls, student, pin = school["class"], school["student"], school["pin"]
    codes = [sign_in_student(attacker, cls, student, _wrong(pin)).status_code
             for _ in range(app.config["SIGNIN_MAX_FAILURES_ACCOUNT"])]
    assert codes[-1] == 429 and set(codes[:-1]) == {401}
    # The attacker is throttled: even the right PIN from that device waits, and the page says how long.
    refused = sign_in_student(attacker, cls, student, pin)
    assert refused.status_code == 429 and "5 دقائق" in refused.get_data(as_text=True)
    # The child, on their own tablet, signs in with the right PIN at once.
    assert sign_in_student(own, cls, student, pin).status_code == 302
    assert own.get("/me").status_code == 200


def test_guesses_from_many_addresses_are_bounded_and_the_teacher_unlocks(app, school, login_as):
    app.config["SIGNIN_MAX_FAILURES_GLOBAL"] = 8
    cls, student, pin = school["class"], school["student"], school["pin"]
    for n in range(4):  # four addresses, two guesses each: under every per-device budget
        guesser = _device(app, f"10.0.1.{n}")
        assert [sign_in_student(guesser, cls, student, _wrong(pin)).status_code for _ in range(2)][0] == 401
    fifth = _device(app, "10.0.1.99")
    refused = sign_in_student(fifth, cls, student, _wrong(pin))
    assert refused.status_code == 429  # the account-wide budget holds, whatever the address
    newcomer = _device(app, "10.0.2.1")
    locked = sign_in_student(newcomer, cls, student, pin)
    assert locked.status_code == 429
    assert "اطلب من معلّمك" in locked.get_data(as_text=True)  # who can help, not only how long

    teacher = login_as("teacher")
    roster = f"/teacher/classes/{cls.id}"
    page = teacher.get(roster).get_data(as_text=True)
    assert "data-locked" in page and student.display_name in page
    done = post_form(teacher, f"{roster}/unlock", {}, token_from=roster, follow_redirects=True)
    assert done.status_code == 200 and "data-locked" not in done.get_data(as_text=True)
    assert sign_in_student(newcomer, cls, student, pin).status_code == 302


def test_a_device_the_student_used_before_still_works_while_the_account_is_locked(app, school):
    app.config["SIGNIN_MAX_FAILURES_GLOBAL"] = 4
    cls, student, pin = school["class"], school["student"], school["pin"]
    own = _device(app, "10.0.0.7")
    assert sign_in_student(own, cls, student, pin).status_code == 302
    own.post("/logout", data={"csrf_token": csrf_token(own, "/me")})
    for n in range(4):
        sign_in_student(_device(app, f"10.0.3.{n}"), cls, student, _wrong(pin))
    assert sign_in_student(_device(app, "10.0.3.50"), cls, student, pin).status_code == 429
    assert sign_in_student(own, cls, student, pin).status_code == 302


def test_students_failures_on_a_lab_pc_never_block_the_teachers_password_there(app, school):
    app.config["SIGNIN_MAX_FAILURES_ADDRESS"] = 3
    lab_pc = _device(app, "10.0.5.5")
    cls = school["class"]
    for n in range(3):
        student, pin = make_student(cls, name=f"تلميذ {n}")
        sign_in_student(lab_pc, cls, student, _wrong(pin))
    other, other_pin = make_student(cls, name="رنا")
    assert sign_in_student(lab_pc, cls, other, other_pin).status_code == 429  # children's bucket spent
    assert sign_in_staff(lab_pc, "teacher").status_code == 302


def test_wrong_admin_passwords_from_elsewhere_do_not_lock_the_admin_out(app, school):
    attacker = _device(app, "10.0.9.9")
    for _ in range(app.config["SIGNIN_MAX_FAILURES_ACCOUNT"]):
        sign_in_staff(attacker, "admin", "not-the-password")
    assert sign_in_staff(attacker, "admin").status_code == 429
    assert sign_in_staff(_device(app, "10.0.0.1"), "admin").status_code == 302


def test_a_teacher_cannot_unlock_another_teachers_class(school, login_as):
    teacher = login_as("teacher")
    other = f"/teacher/classes/{school['other_class'].id}/unlock"
    response = teacher.post(other, data={"csrf_token": csrf_token(teacher, "/teacher/classes")})
    assert response.status_code == 404


def test_a_new_pin_lets_a_locked_student_sign_in_at_once(app, school, login_as):
    app.config["SIGNIN_MAX_FAILURES_GLOBAL"] = 2
    cls, student, pin = school["class"], school["student"], school["pin"]
    for n in range(2):
        sign_in_student(_device(app, f"10.0.4.{n}"), cls, student, _wrong(pin))
    teacher = login_as("teacher")
    roster = f"/teacher/classes/{cls.id}"
    page = post_form(teacher, f"{roster}/students/{student.id}/reset", {}, token_from=roster).get_data(as_text=True)
    import re

    new_pin = re.search(r"data-pin>(\d+)<", page).group(1)
    assert sign_in_student(_device(app, "10.0.4.9"), cls, student, new_pin).status_code == 302


# ---- class codes (M2) -------------------------------------------------------------------------

def _unused_code(school) -> str:
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in (school["class"].code,
                                                                        school["other_class"].code))


def test_class_codes_tried_in_the_address_bar_are_counted_and_refused(app, school):
    app.config["SIGNIN_MAX_FAILURES_ADDRESS"] = 5
    scanner = _device(app, "10.0.6.6")
    wrong = _unused_code(school)
    assert [scanner.get(f"/join/{wrong}").status_code for _ in range(5)] == [404] * 5
    refused = scanner.get(f"/join/{school['class'].code}")  # even a real code: nothing more to learn
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "5 دقائق" in text and school["student"].display_name not in text
    assert scanner.get(f"/join/{school['class'].code}/{school['student'].id}").status_code == 429
    assert post_form(scanner, "/join", {"code": school["class"].code}, token_from="/join").status_code == 429
    # Another device in the class is not affected.
    assert _device(app, "10.0.6.7").get(f"/join/{school['class'].code}").status_code == 200


def test_the_form_and_the_address_bar_share_one_budget(app, school):
    app.config["SIGNIN_MAX_FAILURES_ADDRESS"] = 4
    scanner = _device(app, "10.0.6.8")
    wrong = _unused_code(school)
    for _ in range(2):
        assert post_form(scanner, "/join", {"code": wrong}, token_from="/join").status_code == 404
        assert scanner.get(f"/join/{wrong}").status_code == 404
    assert scanner.get(f"/join/{wrong}").status_code == 429


def test_good_class_codes_are_never_counted(app, school):
    count = 3
    app.config["SIGNIN_MAX_FAILURES_ADDRESS"] = count
    device = _device(app, "10.0.6.9")
    assert all(device.get(f"/join/{school['class'].code}").status_code == 200 for _ in range(count * 3))
