"""POST /api/demos/<id> as the lesson page calls it."""
from ..conftest import csrf_token


def run(client, demo_id, params, lang="ar"):
    token = csrf_token(client, "/me")
    return client.post(f"/api/demos/{demo_id}", json={"params": params},
                       headers={"X-CSRFToken": token, "Accept-Language": lang})


def test_a_demo_runs_and_returns_its_figure(client, login_as):
    login_as("student")
    answer = run(client, "nearest_neighbours", {"k": 1})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["params"]["k"] == 1 and body["svg"].lstrip().startswith(("<svg", "<?xml"))
    assert body["result"]["train_accuracy"] == 1.0  # k = 1 reproduces its own training labels


def test_out_of_bounds_settings_get_400_naming_the_field_in_arabic(client, login_as):
    login_as("student")
    answer = run(client, "nearest_neighbours", {"k": 999})
    assert answer.status_code == 400
    errors = answer.get_json()["errors"]
    assert errors[0]["field"] == "k" and "يجب" in errors[0]["message"]


def test_unknown_demo_is_404(client, login_as):
    login_as("student")
    assert run(client, "no_such_demo", {}).status_code == 404


def test_schema_gives_the_bounds_for_sliders(client, login_as):
    login_as("student")
    schema = client.get("/api/demos/overfitting/schema").get_json()
    assert schema["properties"]["depth"]["minimum"] == 1 and schema["properties"]["depth"]["maximum"] >= 5


def test_regression_points_can_be_moved_and_the_line_refits(client, login_as):
    login_as("student")
    first = run(client, "regression", {"degree": 1}).get_json()["result"]
    points = [{"x": x, "y": y} for x, y in first["points"]]
    points[0] = {"x": points[0]["x"], "y": 290.0}  # drag one point far up
    moved = run(client, "regression", {"degree": 1, "points": points}).get_json()["result"]
    assert moved["points"][0][1] == 290.0
    assert moved["mean_abs_error"] > first["mean_abs_error"]  # the line now misses that point


def test_the_web_process_serves_schemas_and_checks_settings_without_heavy_libraries():
    import subprocess
    import sys

    code = ("import sys\n"
            "from kit_server.runner import demo_api\n"
            "from kit_server.demos import DEMOS, DemoParamError, run_demo\n"
            "[spec.params_schema() for spec in DEMOS.values()]\n"
            "try:\n    run_demo('bias', {'keep_b': 5})\nexcept DemoParamError:\n    pass\n"
            "print(sorted(m for m in ('numpy', 'sklearn', 'matplotlib') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_starting_and_unavailable_demos_say_so_in_the_students_language(app, client, login_as, school):
    from kit_server.auth.models import Student
    from kit_server.demos import engine
    from kit_server.extensions import db

    with app.app_context():  # the student's own choice comes before the class's Arabic
        db.session.get(Student, school["student"].id).locale = "en"
        db.session.commit()
    login_as("student")
    before = engine.warmth()
    try:
        engine.set_warmth("failed", "no memory")
        answer = run(client, "bias", {}, lang="en")
        assert answer.status_code == 503 and answer.get_json()["state"] == "unavailable"
        assert "lesson continues" in answer.get_json()["error"]
    finally:
        engine.set_warmth(before)


def test_a_figure_is_drawn_for_the_width_the_page_has(client, login_as):
    login_as("student")
    token = csrf_token(client, "/me")
    phone = client.post("/api/demos/bias", json={"params": {}, "width": 333},
                        headers={"X-CSRFToken": token}).get_json()["svg"]
    assert 'viewBox="0 0 320 ' in phone  # snapped down to a known width, never wider than the page
    bad = client.post("/api/demos/bias", json={"params": {}, "width": "wide"}, headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and bad.get_json()["errors"][0]["field"] == "width"
