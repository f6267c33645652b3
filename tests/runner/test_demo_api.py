"""POST /api/demos/<id> as the lesson page calls it."""
from kit_server.demo_ids import DEMO_IDS

from ..conftest import csrf_token


def test_the_light_id_list_matches_the_demos():
    from kit_server.demos import DEMOS

    assert tuple(DEMOS) == DEMO_IDS


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
