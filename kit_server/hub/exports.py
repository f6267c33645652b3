"""The dashboard's tables as CSV and XLSX: the same published (suppressed) numbers, fixed English
column names so files from month to month stack. No cell can begin with = + - @ (codes and numbers
only reach these files), so a spreadsheet never reads one as a formula."""
from __future__ import annotations

import csv
import io

from .dashboard import Dashboard

COLUMNS = ("table", "month", "area", "row", "col", "value")
FIGURES = ("schools", "reach", "teachers", "instruction_hours", "learning_hours", "started", "completed",
           "completion")


def rows(board: Dashboard):
    scope = board.filters.district or board.filters.governorate or "national"
    for sex, cells in zip(board.reach["rows"], board.reach["cells"]):
        for band, value in zip(board.reach["cols"], cells):
            yield ("reach", board.month, scope, sex, band, _cell(value))
    for item in board.by_month:
        for name in FIGURES:
            yield ("by_month", item["month"], scope, item["month"], name, _cell(item[name]))
    for item in board.by_area:
        for name in FIGURES:
            yield ("by_area", board.month, item["area"], item["area"], name, _cell(item[name]))


def _cell(value):
    return "" if value is None else value


def to_csv(board: Dashboard) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(board))
    return out.getvalue().encode("utf-8")


def to_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheets = {}
    for row in rows(board):
        sheet = sheets.get(row[0])
        if sheet is None:
            sheet = sheets[row[0]] = book.create_sheet(row[0])
            sheet.append(list(COLUMNS[1:]))
        sheet.append(list(row[1:]))
    if not sheets:
        book.create_sheet("empty").append(list(COLUMNS[1:]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
