"""Login cards: every active student, a PIN that really signs them in, and a QR code to the class."""
import re

from kit_server.classes.cards import CARDS_PER_PAGE, only_this_computer

from ..conftest import csrf_token, make_student, sign_in_student


def _print_all(client, class_id):
    path = f"/teacher/classes/{class_id}/cards"
    return client.post(path, data={"csrf_token": csrf_token(client, path)})


def _cards(page: str) -> dict[int, str]:
    """student id → the PIN (or space-separated pictures) printed on their card."""
    found = {}
    for article in re.findall(r'<article class="login-card".*?</article>', page, re.S):
        student_id = int(re.search(r'data-student="(\d+)"', article).group(1))
        pin = re.search(r'data-pin>(\d{4})<', article)
        pictures = re.search(r'data-pictures="([a-z ]+)"', article)
        found[student_id] = pin.group(1) if pin else pictures.group(1)
    return found


def test_confirm_page_warns_that_new_secrets_replace_the_old(teacher_client, school):
    page = teacher_client.get(f"/teacher/classes/{school['class'].id}/cards").get_data(as_text=True)
    assert "NEW PIN or picture password" in page and "The old ones stop working" in page


def test_cards_show_every_active_student_with_a_pin_that_signs_them_in(app, teacher_client, school):
    school_class = school["class"]
    others = [make_student(school_class, name=f"تلميذ {i}")[0] for i in range(11)]
    gone, _ = make_student(school_class, name="غادر الصف")
    path = f"/teacher/classes/{school_class.id}/students/{gone.id}/active"
    teacher_client.post(path, data={"active": "0", "csrf_token": csrf_token(teacher_client, "/teacher/classes")})

    response = _print_all(teacher_client, school_class.id)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    cards = _cards(page)
    students = [school["student"], *others]
    assert set(cards) == {s.id for s in students}  # every active student, and not the one who left
    assert "غادر الصف" not in page
    for s in students:
        assert f'data-student="{s.id}"' in page
    assert page.count('class="sheet"') == -(-len(students) // CARDS_PER_PAGE)  # 12 cards → 2 sheets
    # The old PIN no longer works; the printed one does.
    if cards[school["student"].id] != school["pin"]:  # (1 chance in 10,000 that the new PIN is the same)
        assert sign_in_student(app.test_client(), school_class, school["student"], school["pin"]).status_code == 401
    for s in (school["student"], others[0], others[-1]):
        assert sign_in_student(app.test_client(), school_class, s, cards[s.id]).status_code == 302


def test_each_card_has_an_inline_qr_code_of_the_class_sign_in_address(teacher_client, school):
    page = _print_all(teacher_client, school["class"].id).get_data(as_text=True)
    url = f"http://localhost/join/{school['class'].code}"  # the address as this browser reached the kit
    assert f'data-url="{url}"' in page and f">{url}<" in page
    assert re.search(r'<svg aria-hidden="true" focusable="false" viewBox="0 0 \d+ \d+" class="qr">', page)
    assert not re.search(r'(src|href)="https?://', page)  # the QR is in the page: nothing is fetched


def test_picture_students_get_their_pictures_on_the_card(app, teacher_client, school):
    student, _ = make_student(school["class"], name="سلمى", kind="picture")
    cards = _cards(_print_all(teacher_client, school["class"].id).get_data(as_text=True))
    pictures = cards[student.id].split()
    assert len(pictures) == 3
    path = f"/join/{school['class'].code}/{student.id}"
    pupil = app.test_client()
    for picture in pictures:
        response = pupil.post(path, data={"picture": picture, "csrf_token": csrf_token(pupil, path)})
    assert response.status_code == 302


def test_print_one_card_again_resets_only_that_student(app, teacher_client, school):
    school_class = school["class"]
    other, other_pin = make_student(school_class, name="كريم")
    path = f"/teacher/classes/{school_class.id}/students/{school['student'].id}/card"
    page = teacher_client.post(path, data={"csrf_token": csrf_token(teacher_client, "/teacher/classes")}) \
        .get_data(as_text=True)
    cards = _cards(page)
    assert list(cards) == [school["student"].id]
    assert sign_in_student(app.test_client(), school_class, school["student"], cards[school["student"].id]) \
        .status_code == 302
    assert sign_in_student(app.test_client(), school_class, other, other_pin).status_code == 302  # untouched


def test_only_this_computer_recognises_loopback_addresses():
    for host in ("localhost", "localhost:8080", "127.0.0.1:8080", "127.1.2.3", "[::1]:8080", "::1", "kit.localhost"):
        assert only_this_computer(host), host
    for host in ("192.168.1.10:8080", "10.0.0.5", "kit.school.lan", "[fe80::1]:8080", "[2001:db8::1]"):
        assert not only_this_computer(host), host


def test_cards_warn_when_the_kit_was_opened_as_localhost_only(app, teacher_client, school):
    path = f"/teacher/classes/{school['class'].id}/cards"
    page = teacher_client.post(path, data={"csrf_token": csrf_token(teacher_client, path)}).get_data(as_text=True)
    assert "data-only-this-computer" in page  # the test client is "localhost"
    lan = app.test_client()  # a teacher who opened the kit at its LAN address, as students do
    base = "http://192.168.1.10:8080"
    login = lan.post(f"{base}/login", data={"username": "teacher", "password": "correct-horse-9",
                                            "csrf_token": csrf_token(lan, f"{base}/login")})
    assert login.status_code == 302
    page = lan.post(f"{base}{path}", data={"csrf_token": csrf_token(lan, f"{base}{path}")}).get_data(as_text=True)
    assert "data-only-this-computer" not in page
    assert f'data-url="{base}/join/{school["class"].code}"' in page
