"""Reading a class list exported from Excel (or typed in Notepad) and planning what importing it does.

Pure functions only: bytes in, a plan out. Nothing here touches the database or Flask, so every
rule can be tested with plain files. The plan lists every row with what will happen to it (add, or
skip as a duplicate) and every problem with its row number, before anything is saved.

Files come from Excel on Arabic Windows, so we accept UTF-8 (with or without a BOM), UTF-16 with a
BOM (Excel's "Unicode text") and Windows-1256 (Excel's "CSV" on Arabic Windows), separated by
commas, semicolons or tabs. Headers may be Arabic, French or English.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

MAX_BYTES = 512 * 1024  # a class list of 60 names is about 3 KB; this leaves room for big schools
MAX_ROWS = 500
MAX_NAME = 120

# Problems and notes are codes, not sentences: the route turns them into translated text.
NO_NAME, TOO_LONG, DUP_FILE, DUP_CLASS = "no_name", "too_long", "dup_file", "dup_class"
BAD_SEX, BAD_YEAR, BAD_GRADE = "bad_sex", "bad_year", "bad_grade"
ADD, SKIP, ERROR = "add", "skip", "error"


class UnreadableFile(ValueError):
    """The whole file cannot be read; `code` says why (see file_error_message below)."""

    def __init__(self, code: str, line: int | None = None):
        super().__init__(code)
        self.code = code
        self.line = line  # the first line that shows the problem, when one line does


# ---- decoding ---------------------------------------------------------------------------------

def decode(raw: bytes) -> str:
    """Bytes → text, trying the encodings Excel and Notepad write, in an order that cannot mislead."""
    if not raw.strip():
        raise UnreadableFile("empty")
    if raw[:4] == b"PK\x03\x04" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile("excel")  # .xlsx (a zip) or old .xls: not a CSV at all
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return _checked_text(_strict(raw, encoding))
    text = _strict(raw, "utf-8")
    if text is None:
        # Windows-1256 maps almost every byte, so it comes last; control bytes then mean junk.
        text = _checked_text(_strict(raw, "cp1256"))
        _refuse_mixed(raw)
        return text
    return _checked_text(text)


def _refuse_mixed(raw: bytes) -> None:
    """A list pasted together from two files can hold UTF-8 lines and Windows-1256 lines. Read as
    either, part of it becomes garbled names (ظ…ط±ظٹظ…) that nobody notices until the cards are
    printed: refuse it, naming the first line not in the file's first encoding."""
    first = None  # the encoding of the first line with letters beyond ASCII
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        kind = "utf-8" if _strict(line, "utf-8") is not None else "other"
        if first is None:
            first = kind
        elif kind != first:
            raise UnreadableFile("mixed_encoding", line=number)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _checked_text(text: str | None) -> str:
    if text is None or any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in text):
        raise UnreadableFile("not_text")
    if not text.strip():
        raise UnreadableFile("empty")
    return text


# ---- header names -----------------------------------------------------------------------------

_ALIASES = {
    "name": ("name", "full name", "student", "student name", "nom", "nom complet", "élève", "eleve",
             "nom de l'élève", "الاسم", "اسم", "الاسم الكامل", "اسم التلميذ", "اسم التلميذة", "التلميذ"),
    "first_name": ("first name", "given name", "prénom", "prenom", "الاسم الأول", "الاسم الاول"),
    "last_name": ("last name", "surname", "family name", "nom de famille", "الشهرة", "اسم العائلة",
                  "الكنية", "العائلة"),
    "sex": ("sex", "gender", "sexe", "genre", "الجنس", "النوع"),
    "birth_year": ("birth year", "year of birth", "birthyear", "année de naissance", "annee de naissance",
                   "année", "سنة الميلاد", "سنة الولادة", "تاريخ الميلاد"),
    "grade": ("grade", "level", "niveau", "classe", "المستوى", "الصف"),
}
_HEADER_OF = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}


def _fold(text: str) -> str:
    """Compare names and headers the way a person would: case, spacing, diacritics and tatweel ignored."""
    text = unicodedata.normalize("NFKC", text).replace("\u0640", "")  # tatweel
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Cf"))  # harakat, marks
    text = text.translate(str.maketrans("أإآ", "ااا"))
    return " ".join(text.replace("_", " ").split()).casefold()


def header_key(cell: str) -> str | None:
    folded = _fold(cell)
    return _HEADER_OF.get(folded) or _HEADER_OF.get(unicodedata.normalize("NFKC", cell).strip().casefold())


# ---- values -----------------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEX_VALUES = {
    "female": ("f", "female", "girl", "woman", "fille", "femme", "féminin", "feminin", "fém", "ف",
               "أنثى", "انثى", "أنثي", "بنت", "فتاة"),
    "male": ("m", "male", "boy", "man", "g", "garçon", "garcon", "homme", "masculin", "masc", "ذ",
             "ذكر", "صبي", "ولد"),
    "not_stated": ("", "-", "not stated", "unknown", "non précisé", "non precise", "non indiqué",
                   "non indique", "غير محدد", "غير محدّد"),
}
_SEX_OF = {_fold(v): key for key, values in _SEX_VALUES.items() for v in values}


def parse_sex(value: str) -> str | None:
    return _SEX_OF.get(_fold(value))


def parse_year(value: str, this_year: int) -> int | None | bool:
    """None when blank, the year when plausible for a school child, False when not."""
    value = value.translate(_DIGITS).strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}", value):
        return False
    year = int(value)
    return year if plausible_birth_year(year, this_year) else False


def plausible_birth_year(year: int, this_year: int) -> bool:
    """School children are 3 to 30 years old (adult classes included); anything else is a typo."""
    return this_year - 30 <= year <= this_year - 3


def parse_grade(value: str) -> int | None | bool:
    value = value.translate(_DIGITS).strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{1,2}", value) or not 1 <= int(value) <= 12:
        return False
    return int(value)


def clean_name(value: str) -> str:
    """Spaces collapsed; the text itself is kept exactly (a name like "=cmd" stays plain text)."""
    return " ".join(value.split())


def name_key(name: str) -> str:
    return _fold(name)


# ---- the plan ---------------------------------------------------------------------------------

@dataclass
class Row:
    number: int  # the row number a spreadsheet shows (the header is row 1)
    name: str
    sex: str = "not_stated"
    birth_year: int | None = None
    grade: int | None = None
    action: str = ADD
    problems: list[str] = field(default_factory=list)
    same_as: int | None = None  # for a duplicate in the file: the earlier row


@dataclass
class Plan:
    delimiter: str
    columns: list[str]
    ignored_columns: list[str]
    rows: list[Row]

    @property
    def to_add(self) -> list[Row]:
        return [r for r in self.rows if r.action == ADD]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def sniff_delimiter(first_line: str) -> str:
    """The separator used most in the header line; Excel writes ';' where ',' is the decimal mark."""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(text: str) -> tuple[str, list[list[str]]]:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = sniff_delimiter(first)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise UnreadableFile("too_many_rows")
    except csv.Error as error:
        raise UnreadableFile("not_text") from error
    return delimiter, rows


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found, ignored = {}, []
    for index, cell in enumerate(header):
        key = header_key(cell)
        if key and key not in found:
            found[key] = index
        elif cell.strip():
            ignored.append(cell.strip())
    # "Prénom" + "Nom", or "الاسم" + "الشهرة": then "Nom" is the family name and "الاسم" the given name.
    if "first_name" in found and "name" in found and "last_name" not in found:
        found["last_name"] = found.pop("name")
    elif "last_name" in found and "name" in found and "first_name" not in found:
        found["first_name"] = found.pop("name")
    if "name" not in found and "first_name" not in found and "last_name" not in found:
        raise UnreadableFile("no_name_column")
    return found, ignored


def _cell(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def _row(number: int, cells: list[str], columns: dict[str, int], this_year: int) -> Row:
    if "name" in columns:
        name = clean_name(_cell(cells, columns, "name"))
    else:
        name = clean_name(f"{_cell(cells, columns, 'first_name')} {_cell(cells, columns, 'last_name')}")
    row = Row(number=number, name=name)
    if not name:
        row.problems.append(NO_NAME)
    elif len(name) > MAX_NAME:
        row.problems.append(TOO_LONG)
    sex = parse_sex(_cell(cells, columns, "sex"))
    if sex is None:
        row.problems.append(BAD_SEX)
    else:
        row.sex = sex
    year = parse_year(_cell(cells, columns, "birth_year"), this_year)
    if year is False:
        row.problems.append(BAD_YEAR)
    else:
        row.birth_year = year
    grade = parse_grade(_cell(cells, columns, "grade"))
    if grade is False:
        row.problems.append(BAD_GRADE)
    else:
        row.grade = grade
    return row


def plan_import(raw: bytes, existing_names: list[str], this_year: int) -> Plan:
    """Everything the import would do, row by row; raises UnreadableFile when the file is unusable."""
    if len(raw) > MAX_BYTES:
        raise UnreadableFile("too_big")
    delimiter, table = read_table(decode(raw))
    header_index = next((i for i, r in enumerate(table) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise UnreadableFile("empty")
    columns, ignored = _columns(table[header_index])
    in_class = {name_key(n) for n in existing_names}
    seen: dict[str, int] = {}
    rows = []
    for index in range(header_index + 1, len(table)):
        cells = table[index]
        if not any(c.strip() for c in cells):
            continue  # blank lines at the end of Excel files are not rows anyone meant
        row = _row(index + 1, cells, columns, this_year)
        _decide(row, in_class, seen)
        rows.append(row)
    if not rows:
        raise UnreadableFile("no_rows")
    return Plan(delimiter=delimiter, columns=sorted(columns), ignored_columns=ignored, rows=rows)


def _decide(row: Row, in_class: set[str], seen: dict[str, int]) -> None:
    if row.problems:
        row.action = ERROR
        return
    key = name_key(row.name)
    if key in in_class:
        row.action = SKIP
        row.problems.append(DUP_CLASS)
    elif key in seen:
        row.action = SKIP
        row.problems.append(DUP_FILE)
        row.same_as = seen[key]
    else:
        seen[key] = row.number


# ---- messages ---------------------------------------------------------------------------------
# The codes above in the reader's language, for the import page and `kit classes import` alike.
# flask_babel is imported inside, so the rules above stay importable (and testable) without Flask.

def file_error_message(code: str, line: int | None = None) -> str:
    from flask_babel import gettext as _

    messages = {
        "mixed_encoding": lambda: _("Line %(num)s of the file is saved in a different text encoding from the "
                                    "lines before it, so its names would be garbled. Save the whole list "
                                    "again as \"CSV UTF-8\" and upload it again.", num=line),
        "empty": lambda: _("The file is empty."),
        "excel": lambda: _("This is an Excel workbook. In Excel, choose Save As, then CSV, and upload that file."),
        "not_text": lambda: _("This file is not a table saved as text (CSV)."),
        "too_big": lambda: _("The file is too big. A class list must be under %(num)s KB.", num=MAX_BYTES // 1024),
        "too_many_rows": lambda: _("The file has more than %(num)s rows. A class list should be shorter.",
                                   num=MAX_ROWS),
        "no_name_column": lambda: _("The first row must give the column names, with one for the name (%(names)s).",
                                    names="الاسم, nom, name"),
        "no_rows": lambda: _("The file has column names but no students."),
    }
    return messages[code]()


def problem_message(code: str, row: Row) -> str:
    from flask_babel import gettext as _

    messages = {
        NO_NAME: lambda: _("The name is missing."),
        TOO_LONG: lambda: _("The name is too long (at most %(num)s characters).", num=MAX_NAME),
        DUP_FILE: lambda: _("Same name as row %(num)s.", num=row.same_as),
        DUP_CLASS: lambda: _("Already in this class."),
        BAD_SEX: lambda: _("Sex must be female, male, or left empty."),
        BAD_YEAR: lambda: _("The birth year must be a year like 2013."),
        BAD_GRADE: lambda: _("Grade must be 1 to 12."),
    }
    return messages[code]()
