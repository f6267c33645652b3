"""Small-cell suppression for the count tables of a report.

Three rules, applied until nothing changes:
1. primary: a count from 1 to the threshold is shown as "<threshold+1" (e.g. "<10");
2. consecutive periods: a cell whose difference from the same cell of an earlier report over a nested
   period (the school year so far, a new revision of the same month) is from 1 to the threshold is
   hidden, so subtracting the two reports never shows a small group;
3. complementary: a hidden cell that could be worked out from the row and column totals (the table's
   equations plus what its mark says: "<10" means 1..9, "x" means any count) gets a neighbour hidden
   too. The check is exact: for every hidden cell we ask a linear program for its smallest and largest
   possible value; a count table with totals is a transportation problem, so those bounds are whole
   numbers and a cell is exposed exactly when they meet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

COMPLEMENT = "x"  # hidden to protect another cell; says nothing about its size
TOTAL = "total"


def small_mark(threshold: int) -> str:
    return f"<{threshold + 1}"


@dataclass
class Grid:
    """A count table with its totals: the last column holds row sums when `row_sums`, the last row
    holds column sums when `col_sums` (a table of measures side by side has no row sums)."""

    rows: list[str]
    cols: list[str]
    values: list[list[int]]
    row_sums: bool = True
    col_sums: bool = True
    hidden: dict = field(default_factory=dict)  # (i, j) -> mark


def make_grid(rows, cols, counts, *, row_sums=True, col_sums=True) -> Grid:
    """Add the totals to a rows × cols table of counts."""
    values = [list(map(int, row)) for row in counts]
    rows, cols = list(rows), list(cols)
    if row_sums:
        values = [row + [sum(row)] for row in values]
        cols.append(TOTAL)
    if col_sums:
        values.append([sum(column) for column in zip(*values)] if values else [0] * len(cols))
        rows.append(TOTAL)
    return Grid(rows, cols, values, row_sums, col_sums)


def equations(grid: Grid) -> list[dict]:
    """Each equation as {cell: coefficient} summing to zero."""
    n, m = len(grid.rows), len(grid.cols)
    found = []
    if grid.row_sums:
        for i in range(n):
            eq = {(i, j): 1 for j in range(m - 1)}
            eq[(i, m - 1)] = -1
            found.append(eq)
    if grid.col_sums:
        for j in range(m):
            eq = {(i, j): 1 for i in range(n - 1)}
            eq[(n - 1, j)] = -1
            found.append(eq)
    return found


def published(grid: Grid, threshold: int) -> list[list]:
    """The table as it appears in a report: numbers, "<10" or "x"."""
    return [[grid.hidden.get((i, j), value) for j, value in enumerate(row)] for i, row in enumerate(grid.values)]


def suppress(grid: Grid, threshold: int, previous: list[list[list]] = ()) -> list[list]:
    """Hide what must be hidden and return the published table. `previous`: the published cells of
    earlier reports over nested periods, same shape."""
    mark = small_mark(threshold)
    for i, row in enumerate(grid.values):
        for j, value in enumerate(row):
            if 1 <= value <= threshold:
                grid.hidden[(i, j)] = mark
    for earlier in previous:
        _hide_small_differences(grid, earlier, threshold)
    _protect(grid, threshold)
    return published(grid, threshold)


def _hide_small_differences(grid: Grid, earlier: list[list], threshold: int) -> None:
    for i, row in enumerate(grid.values):
        for j, value in enumerate(row):
            try:
                before = earlier[i][j]
            except (IndexError, TypeError):
                continue
            if isinstance(before, int) and (i, j) not in grid.hidden and 1 <= abs(value - before) <= threshold:
                grid.hidden[(i, j)] = COMPLEMENT


def _protect(grid: Grid, threshold: int) -> None:
    relabelled = False
    while True:
        exposed = exposed_cells(grid, threshold)
        if not exposed:
            return
        partner = _partner(grid, min(exposed, key=lambda cell: _hidden_company(grid, cell)))
        if partner is not None:
            grid.hidden[partner] = COMPLEMENT
        elif not relabelled:
            # Everything is hidden and the marks alone pin a cell (nine cells of "<10" under a total
            # of "<10"): say nothing about sizes at all.
            grid.hidden = {cell: COMPLEMENT for cell in grid.hidden}
            relabelled = True
        else:
            return


def _hidden_company(grid: Grid, cell) -> int:
    """How many other hidden cells share the cell's least crowded line; 0 names the line to fix."""
    i, j = cell
    row = sum(1 for (a, _b) in grid.hidden if a == i) - 1 if grid.row_sums else 99
    col = sum(1 for (_a, b) in grid.hidden if b == j) - 1 if grid.col_sums else 99
    return min(row, col)


def _partner(grid: Grid, cell) -> tuple | None:
    """The shown cell to hide with an exposed one. First in a line (row or column) where the exposed
    cell is the only hidden one, preferring a cell whose other line already has a hidden cell (that
    closes a cycle, which no total can open), then inner non-zero cells (hiding zeros or totals
    protects less), then the smallest so the table keeps the most."""
    i, j = cell
    n, m = len(grid.rows), len(grid.cols)
    shown = [(a, b) for a in range(n) for b in range(m) if (a, b) not in grid.hidden]
    if not shown:
        return None
    hidden_in_row = lambda a: sum(1 for (x, _y) in grid.hidden if x == a)  # noqa: E731
    hidden_in_col = lambda b: sum(1 for (_x, y) in grid.hidden if y == b)  # noqa: E731
    lonely_row = grid.row_sums and hidden_in_row(i) == 1
    lonely_col = grid.col_sums and hidden_in_col(j) == 1

    def rank(c):
        a, b = c
        in_lonely = (lonely_row and a == i) or (lonely_col and b == j)
        inline = a == i or b == j
        closes = (hidden_in_col(b) > 0) if a == i else (hidden_in_row(a) > 0) if b == j else False
        is_total = (grid.row_sums and b == m - 1) or (grid.col_sums and a == n - 1)
        value = grid.values[a][b]
        return (not in_lonely, not inline, not closes, is_total, value == 0, value)

    return min(shown, key=rank)


def bounds_for(mark, threshold: int) -> tuple[float, float | None]:
    return (1, threshold) if mark == small_mark(threshold) else (0, None)


def exposed_cells(grid: Grid, threshold: int) -> list[tuple]:
    """Hidden cells whose value follows from the shown ones, the equations and the marks."""
    hidden = sorted(grid.hidden)
    if not hidden:
        return []
    known = {(i, j): v for i, row in enumerate(grid.values) for j, v in enumerate(row) if (i, j) not in grid.hidden}
    bounds = [bounds_for(grid.hidden[c], threshold) for c in hidden]
    return [hidden[k] for k in pinned_variables(hidden, known, equations(grid), bounds)]


def pinned_variables(unknowns: list, known: dict, eqs: list[dict], bounds: list) -> list[int]:
    """Indexes of unknowns that take a single value in every solution of the system."""
    from scipy.optimize import linprog

    index = {cell: k for k, cell in enumerate(unknowns)}
    rows, rhs = [], []
    for eq in eqs:
        coefs = np.zeros(len(unknowns))
        constant = 0.0
        for cell, c in eq.items():
            if cell in index:
                coefs[index[cell]] += c
            else:
                constant += c * known[cell]
        if coefs.any():
            rows.append(coefs)
            rhs.append(-constant)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    points: list[np.ndarray] = []

    def solve(objective):
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if result.status == 0:
            points.append(result.x)
            return result.fun
        return None if result.status == 2 else -np.inf  # infeasible / unbounded

    # Two cheap probes find most free cells: any two solutions that differ in a cell prove it free.
    solve(np.ones(len(unknowns)))
    solve(-np.ones(len(unknowns)))
    pinned = []
    for k in range(len(unknowns)):
        if _spread(points, k) >= 0.5:
            continue
        unit = np.zeros(len(unknowns))
        unit[k] = 1
        low, high = solve(unit), solve(-unit)
        if low is None or high is None:
            continue  # no solution at all: nothing to learn
        if high == -np.inf or low == -np.inf:
            continue
        if abs(-high - low) < 0.5:
            pinned.append(k)
    return pinned


def _spread(points, k) -> float:
    if len(points) < 2:
        return 0.0
    values = [p[k] for p in points]
    return max(values) - min(values)
