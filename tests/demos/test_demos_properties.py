"""Random and hostile settings thrown at every demo: the answer is always a result or a
DemoParamError naming fields, never another exception, and always within the time bound.

The bound is checked on the CPU time of the run in this thread, not on the wall clock: a busy
machine (other programs, other tests) stretches the wall clock, not the work a run does."""
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit_server import demos
from kit_server.demos import DemoParamError

HOSTILE = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "NaN", "1e309", "-0", "\ud800", "x" * 10_000, "٣", "$\\frac{", "<svg>"]),
    st.text(max_size=30),
    st.recursive(st.integers() | st.text(max_size=5),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5),
                                                                              inner, max_size=4),
                 max_leaves=12),
)


def valid_value(schema: dict, node: dict) -> st.SearchStrategy:
    """A value the schema allows: random slider positions that must all compute."""
    if "$ref" in node:
        return valid_value(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    if "anyOf" in node:
        return st.one_of([valid_value(schema, b) for b in node["anyOf"]])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(node["minimum"], node["maximum"])
    if kind == "number":
        return st.floats(node["minimum"], node["maximum"], allow_nan=False)
    if kind == "string":
        lo = node.get("minLength", 0)
        return st.text(min_size=lo, max_size=min(node.get("maxLength", 50), lo + 40))
    if kind == "array":
        lo = node.get("minItems", 0)
        return st.lists(valid_value(schema, node["items"]), min_size=lo,
                        max_size=min(node.get("maxItems", 20), lo + 6))
    if kind == "object":  # the params object itself may leave out fields (defaults apply)
        props = {k: valid_value(schema, v) for k, v in node["properties"].items()}
        required = set(node.get("required", []))
        return st.fixed_dictionaries({k: v for k, v in props.items() if k in required},
                                     optional={k: v for k, v in props.items() if k not in required})
    raise AssertionError(f"no strategy for {node}")


def params_for(demo_id: str) -> st.SearchStrategy:
    schema = demos.DEMOS[demo_id].params_schema()
    fields = {name: st.one_of(valid_value(schema, prop), valid_value(schema, prop), HOSTILE)
              for name, prop in schema["properties"].items()}
    known = st.fixed_dictionaries({}, optional=fields)
    extra = st.dictionaries(st.text(max_size=8), HOSTILE, max_size=2)
    return st.one_of(known, known, st.tuples(known, extra).map(lambda t: {**t[1], **t[0]}), HOSTILE)


def _within_bound(demo_id, raw):
    """What run_demo computes for raw (validated the same way), built in this thread so that
    its CPU time can be held to the demos' time bound."""
    params = demos.validate(demos.DEMOS[demo_id].Params, raw)
    started = time.thread_time()
    out = demos.build(demo_id, params, "test")
    assert time.thread_time() - started < demos.TIME_LIMIT_S
    return out


@pytest.mark.parametrize("demo_id", demos.demo_ids())
def test_any_setting_inside_the_bounds_computes(demo_id):
    """Sliders may go anywhere the schema allows: every such run must give a picture."""
    schema = demos.DEMOS[demo_id].params_schema()

    @settings(max_examples=15, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(raw=valid_value(schema, schema))
    def check(raw):
        out = _within_bound(demo_id, raw)
        assert out["svg"].startswith("<svg") and out["svg"].isascii()
        json.dumps(out, allow_nan=False)  # strict JSON: no NaN or Infinity leaks

    check()


@pytest.mark.parametrize("demo_id", demos.demo_ids())
def test_hostile_settings_give_a_result_or_a_named_error(demo_id):
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(raw=params_for(demo_id))
    def check(raw):
        try:
            out = _within_bound(demo_id, raw)
        except DemoParamError as exc:
            assert exc.errors and all(e["field"] and e["message"] for e in exc.errors)
            json.dumps(exc.errors)
        else:
            assert out["svg"].startswith("<svg")
            json.dumps(out, allow_nan=False)

    check()
