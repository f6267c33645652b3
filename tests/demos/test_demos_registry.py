import importlib
import threading
from concurrent.futures import Future

import pytest

from kit_server import demos
from kit_server.demos import DemoNotFound, DemoParamError, DemoTooSlow
from kit_server.demos.engine import FutureLRU

ALL = ["rules_vs_learning", "nearest_neighbours", "bias", "overfitting", "digits", "class_data",
       "clustering", "regression", "text_classifier", "next_word", "threshold"]


def test_every_curriculum_demo_is_registered_in_lesson_order():
    assert demos.demo_ids() == ALL and list(demos.DEMOS) == ALL == list(demos.DEMO_IDS)
    for demo_id in ALL:  # each module's settings are the registry's, written once
        module = importlib.import_module(f"kit_server.demos.{demo_id}")
        assert module.ID == demo_id and module.Params is demos.DEMOS[demo_id].Params


def test_unknown_demo_is_not_found(run):
    with pytest.raises(DemoNotFound) as exc:
        run("no_such_demo", {})
    assert exc.value.demo_id == "no_such_demo"


def test_payload_echoes_validated_params_with_defaults(run):
    out = run("nearest_neighbours", {"k": "7"})
    assert set(out) == {"demo", "params", "result", "svg"}
    assert out["demo"] == "nearest_neighbours"
    assert out["params"]["k"] == 7  # the slider's string became a number
    assert out["params"]["dataset"] == "blobs"  # defaults filled in
    assert out["svg"].startswith("<svg")


@pytest.mark.parametrize("demo_id", ALL)
def test_schema_gives_every_slider_its_bounds(demo_id):
    schema = demos.DEMOS[demo_id].params_schema()
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        if prop.get("type") in ("integer", "number"):
            assert "minimum" in prop and "maximum" in prop and "default" in prop, name


@pytest.mark.parametrize("demo_id,field,value,bounds", [
    ("rules_vs_learning", "depth", 9, "1 to 5"),
    ("nearest_neighbours", "k", 0, "1 to 15"),
    ("nearest_neighbours", "k", 2.5, "1 to 15"),
    ("bias", "keep_b", 1.5, "0.0 to 1.0"),
    ("overfitting", "noise", float("nan"), "0.0 to 0.6"),
    ("digits", "sample", 10**30, "0 to 449"),
    ("class_data", "holdout", -1, "0.2 to 0.5"),
    ("clustering", "k", 99, "1 to 8"),
    ("regression", "degree", "many", "1 to 8"),
    ("text_classifier", "ngram_max", 6, "1 to 5"),
    ("next_word", "context", 4, "1 to 3"),
    ("threshold", "threshold", float("inf"), "0.01 to 0.99"),
])
def test_out_of_bounds_value_names_field_and_range(run, demo_id, field, value, bounds):
    with pytest.raises(DemoParamError) as exc:
        run(demo_id, {field: value})
    [error] = exc.value.errors
    assert error["field"] == field
    assert field in error["message"] and bounds in error["message"]


@pytest.mark.parametrize("raw,field,words", [
    ({"colour": "red"}, "colour", "not a known setting"),
    ({"dataset": "mnist"}, "dataset", "blobs, iris"),
    ({"query": {"x": 50, "y": 0}}, "query.x", "-20.0 to 20.0"),
    ({"query": [1, 2]}, "query", "object"),
    ({"extra_points": [{"x": 0, "y": 0}]}, "extra_points.0.label", "required"),
    ({"extra_points": [{"x": 0, "y": 0, "label": 1}] * 51}, "extra_points", "0 to 50 items"),
])
def test_nested_and_unknown_fields_are_named(run, raw, field, words):
    with pytest.raises(DemoParamError) as exc:
        run("nearest_neighbours", raw)
    assert {"field": field, "message": exc.value.errors[0]["message"]} in exc.value.errors
    assert words in exc.value.errors[0]["message"]


def test_one_error_per_bad_pixel_names_its_position(run):
    pixels = [0] * 64
    pixels[5] = 17
    with pytest.raises(DemoParamError) as exc:
        run("digits", {"pixels": pixels})
    assert exc.value.errors == [{"field": "pixels.5",
                                 "message": "pixels.5 must be a whole number from 0 to 16."}]


@pytest.mark.parametrize("raw", [[1, 2], "k=3", 7])
def test_settings_that_are_not_an_object_are_rejected(run, raw):
    with pytest.raises(DemoParamError) as exc:
        run("bias", raw)
    assert exc.value.errors[0]["field"] == "params"


def test_same_params_are_served_from_cache(run):
    first = run("overfitting", {"depth": 4})
    info = demos.cache_info()
    second = run("overfitting", {"depth": 4, "noise": 0.3})  # same after defaults are filled
    assert demos.cache_info()["hits"] == info["hits"] + 1
    assert second == first
    second["result"]["train_accuracy"] = -1  # a caller changing its copy must not poison the cache
    again = run("overfitting", {"depth": 4})
    assert again["result"]["train_accuracy"] == first["result"]["train_accuracy"]


def test_thirty_identical_requests_compute_once(run):
    results, barrier = [], threading.Barrier(30)

    def student():
        barrier.wait()
        results.append(run("clustering", {"k": 5, "seed": 42})["result"]["inertia"])

    threads = [threading.Thread(target=student) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 30 and len(set(results)) == 1
    assert demos.cache_info()["misses"] == 1


def test_run_past_the_time_bound_raises_too_slow_and_a_retry_succeeds(run):
    # No wall-clock check here (a busy machine would fail it): the bound itself is held in
    # test_demos_warmth.py with runs that wait for an event.
    with pytest.raises(DemoTooSlow):
        run("class_data", {"seed": 7}, time_limit_s=0.001)
    assert run("class_data", {"seed": 7})["result"]["source"] == "example"


def test_lru_evicts_least_recently_used_and_never_serves_failures():
    lru = FutureLRU(maxsize=2)

    def done(value):
        f = Future()
        f.set_result(value)
        return lambda: f

    lru.get_or_submit("a", done(1))
    lru.get_or_submit("b", done(2))
    lru.get_or_submit("a", done(99))  # hit: "a" becomes most recent
    lru.get_or_submit("c", done(3))  # evicts "b"
    assert lru.get_or_submit("a", done(0)).result() == 1
    assert lru.get_or_submit("b", done(4)).result() == 4  # "b" was recomputed
    broken = Future()
    broken.set_exception(RuntimeError("bug"))
    lru.get_or_submit("d", lambda: broken)
    assert lru.get_or_submit("d", done(5)).result() == 5
    assert lru.info()["size"] == 2


def test_too_many_labels_is_refused_with_a_plain_message(run):
    sentences = [{"text": f"sentence {i}", "label": f"label {i}"} for i in range(11)]
    with pytest.raises(DemoParamError) as exc:
        run("text_classifier", {"sentences": sentences})
    assert exc.value.errors == [{"field": "sentences",
                                 "message": "sentences may use at most 10 different labels."}]
