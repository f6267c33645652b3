"""Files a person opens in Excel or LibreOffice: CSV that opens in columns on Arabic and French Windows,
and cells that are never run as formulas.

- A student's name such as `=HYPERLINK("http://…")`, `+cmd|…`, `-1+1` or `@SUM(…)` would be evaluated
  by the spreadsheet (OWASP "CSV injection"). Every text cell starting with = + - @, a tab or a
  carriage return gets a leading apostrophe, which Excel and LibreOffice show as text and hide.
  Numbers stay numbers (a score of -1 is not a formula).
- Excel picks the CSV separator from Windows' list separator: `;` on French and Arabic Windows
  (where `,` is the decimal comma or simply not the list separator), so a comma file opens in one
  column there. Excel on English Windows splits on `,` only; for it the .xlsx is the answer.
  The UTF-8 BOM makes Excel read Arabic names as UTF-8 instead of the ANSI code page.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Mapping, Sequence

RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


class ExcelSemicolon(csv.excel):
    """The CSV dialect Excel reads on Arabic and French Windows (CRLF lines, `;` between cells)."""

    delimiter = ";"


def neutralise(value):
    """The value as a spreadsheet cell that cannot start a formula."""
    if isinstance(value, str) and value.startswith(RISKY_FIRST):
        return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Iterable[Mapping]) -> str:
    """A CSV document for people: BOM, `;` separator, CRLF, every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), dialect=ExcelSemicolon)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return BOM + buffer.getvalue()


def xlsx_bytes(title: str, columns: Sequence[str], rows: Iterable[Mapping]) -> bytes:
    """The same table as an Excel workbook (opens the same in every Windows language), written with
    openpyxl. Text is stored as text cells, which are never evaluated (openpyxl would otherwise
    write "=…" as a formula); numbers stay numbers."""
    from openpyxl import Workbook  # only when someone downloads a workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])

    def cell(value):
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(sheet, value=value)
        text.data_type = "s"  # set after the value: openpyxl guesses "f" for a leading "="
        return text

    sheet.append(list(columns))
    for row in rows:
        sheet.append([cell(row.get(column)) for column in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
