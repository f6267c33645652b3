"""Small-cell suppression, attacked.

The attacker here reads only what a report shows (numbers, "<10", "x") and knows how tables add up.
For every hidden cell it asks a linear program for the smallest and largest value that fits the
shown numbers, the totals and what the marks say; if they meet, the cell is recovered and the test
fails. It also subtracts two reports over nested periods, cell by cell, looking for a small group.
"""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from kit_server.reports.privacy import make_grid, suppress

THRESHOLDS = st.integers(min_value=2, max_value=9)


def tables(max_value=40):
    return st.integers(1, 4).flatmap(lambda n: st.integers(1, 5).flatmap(
        lambda m: st.lists(st.lists(st.integers(0, max_value), min_size=m, max_size=m), min_size=n, max_size=n)))


def attack(cells, threshold, row_sums=True, col_sums=True):
    """{(i, j): value} for every hidden cell the attacker can pin down from the published table."""
    n, m = len(cells), len(cells[0])
    hidden = [(i, j) for i in range(n) for j in range(m) if isinstance(cells[i][j], str)]
    if not hidden:
        return {}
    index = {c: k for k, c in enumerate(hidden)}
    lines = []
    if row_sums:
        lines += [[(i, j) for j in range(m - 1)] + [((i, m - 1), -1)] for i in range(n)]
    if col_sums:
        lines += [[(i, j) for i in range(n - 1)] + [((n - 1, j), -1)] for j in range(m)]
    a_eq, b_eq = [], []
    for line in lines:
        row, rhs = np.zeros(len(hidden)), 0.0
        for item in line:
            cell, coef = (item, 1) if isinstance(item[0], int) else item
            if cell in index:
                row[index[cell]] += coef
            else:
                rhs -= coef * cells[cell[0]][cell[1]]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    small = f"<{threshold + 1}"
    bounds = [(1, threshold) if cells[i][j] == small else (0, None) for i, j in hidden]
    found = {}
    for k, cell in enumerate(hidden):
        c = np.zeros(len(hidden))
        c[k] = 1
        low = linprog(c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
        assert low.status == 0, "the published table contradicts itself"
        if high.status == 0 and abs(low.fun + high.fun) < 1e-6:
            found[cell] = round(low.fun)
    return found


def known_values(cells, threshold, **kw):
    pinned = attack(cells, threshold, **kw)
    return {(i, j): (v if isinstance(v, int) else pinned.get((i, j)))
            for i, row in enumerate(cells) for j, v in enumerate(row)}


@settings(max_examples=150, deadline=None)
@given(tables(), THRESHOLDS)
def test_no_hidden_cell_can_be_worked_out_from_the_totals(counts, threshold):
    grid = make_grid([f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], counts)
    cells = suppress(grid, threshold)
    for (i, j), value in grid.hidden.items():
        assert cells[i][j] == value
    full = make_grid(grid.rows[:-1], grid.cols[:-1], counts).values
    for i, row in enumerate(cells):
        for j, shown in enumerate(row):
            true = full[i][j]
            if 1 <= true <= threshold:
                assert isinstance(shown, str), "a small count is shown"
            if isinstance(shown, int):
                assert shown == true, "a shown number is not the true count"
    assert attack(cells, threshold) == {}, f"recovered hidden cells from {cells}"


@settings(max_examples=60, deadline=None)
@given(tables(), THRESHOLDS)
def test_measure_tables_without_row_sums_are_safe_too(counts, threshold):
    grid = make_grid([f"r{i}" for i in range(len(counts))], [f"c{j}" for j in range(len(counts[0]))], counts, row_sums=False)
    cells = suppress(grid, threshold)
    assert attack(cells, threshold, row_sums=False) == {}


@settings(max_examples=120, deadline=None)
@given(tables(max_value=30), tables(max_value=12), THRESHOLDS)
def test_two_nested_periods_never_give_away_a_small_group(first, added, threshold):
    """October (year to date), then November (year to date = October + the new students)."""
    n, m = min(len(first), len(added)), min(len(first[0]), len(added[0]))
    before = [row[:m] for row in first[:n]]
    after = [[before[i][j] + added[i][j] for j in range(m)] for i in range(n)]
    names = ([f"r{i}" for i in range(n)], [f"c{j}" for j in range(m)])
    october = suppress(make_grid(*names, before), threshold)
    november = suppress(make_grid(*names, after), threshold, previous=[october])
    assert attack(october, threshold) == {} and attack(november, threshold) == {}
    old, new = known_values(october, threshold), known_values(november, threshold)
    for cell, value in new.items():
        if value is not None and old[cell] is not None:
            assert not 1 <= abs(value - old[cell]) <= threshold, f"the new students of {cell} are a small group"


def test_a_count_of_one_to_the_threshold_shows_as_below_threshold_plus_one():
    grid = make_grid(["female", "male"], ["7-9"], [[4], [25]])
    cells = suppress(grid, 9)
    assert cells[0][0] == "<10"
    assert cells[0] != [4, 4] and 4 not in cells[0]
    assert suppress(make_grid(["a"], ["b"], [[4]]), 3) == [[4, 4], [4, 4]]  # threshold 3: 4 is shown


def test_zero_is_shown_and_a_complement_protects_a_lonely_small_cell():
    cells = suppress(make_grid(["female", "male"], ["a", "b"], [[20, 3], [30, 40]]), 9)
    assert cells[0][1] == "<10"
    hidden = sum(isinstance(v, str) for row in cells for v in row)
    assert hidden >= 4  # a rectangle: the small cell, its row and column partners, the corner
    assert suppress(make_grid(["f"], ["a", "b"], [[0, 15]]), 9) == [[0, 15, 15], [0, 15, 15]]
