"""The one strict reader of report bundles, for `kit report merge`, `kit report verify` and the hub.

A bundle arrives from outside (a USB stick, the network) and may be hostile, so nothing in it is
trusted before it is checked here: the files are read with size limits (a folder without following
links; a zip without trusting its declared sizes, so a zip bomb stops at the limit), then the
signature, the hashes, and a schema in which every field that could reach a path, a page or a
database has a fixed shape (ids are canonical UUIDs, counts are integers, labels are short codes).
Every refusal is one line saying which bundle and why.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import uuid
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from pathlib import Path

from . import signing

DATA_FILES = ("report.json", "report.csv", "summary.html")
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
NAMES = (*DATA_FILES, MANIFEST, SIGNATURE)
# Real bundles are a few kB to a few hundred kB; these limits leave a wide margin and no more.
MAX_FILE = {"report.json": 2_000_000, "report.csv": 4_000_000, "summary.html": 4_000_000,
            MANIFEST: 16_000, SIGNATURE: 1_000}
MAX_ZIP_BYTES = 8_000_000  # the zip as sent
MAX_ZIP_ENTRIES = 12
MAX_RATIO = 200  # uncompressed ÷ compressed of one entry; text of reports compresses ~10×
MAX_REVISION = 100_000
# Must match builder.REPORT_NAMESPACE: the id is recomputed from the school, period and revision.
REPORT_NAMESPACE = uuid.UUID("6c1f0b9e-3d5a-5e59-9a57-2b1c8f0e4d21")

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
KEY_ID_RE = re.compile(r"^[0-9a-f]{4}(:[0-9a-f]{4}){7}$")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")  # sexes, bands, column and module codes (no leading - : never a formula)
TABLE_RE = re.compile(r"^(reach|completion_all|(progress|tests|pre_only):[a-z0-9][a-z0-9_.-]{0,79})$")
MARK_RE = re.compile(r"^(x|<[0-9]{1,3})$")
STAMP_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
KINDS = ("month", "term", "year", "custom")
INDICATORS = ("teachers_active", "classes_active", "live_sessions", "instruction_hours", "learning_hours",
              "gpi_reach", "gpi_completion")
# Indicators added later: a bundle from an older kit is still accepted without them.
LATER_INDICATORS = ("model_makers",)
MODULE_FIELDS = {"completion", "pre_only", "gain", "gain_by_sex"}
LATER_MODULE_FIELDS = {"learning_gain", "item_statistics"}  # item analysis: numbers, codes and marks only


class BundleError(Exception):
    """A bundle that cannot be accepted; the message is one line."""


@dataclass
class Bundle:
    """A bundle that passed every check."""

    files: dict[str, bytes]
    manifest: dict
    report: dict

    @property
    def digest(self) -> str:
        return sha256(self.files[MANIFEST])

    @property
    def report_id(self) -> str:
        return self.manifest["report_id"]

    @property
    def school_id(self) -> str:
        return self.manifest["school_id"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_uuid(value) -> bool:
    return isinstance(value, str) and UUID_RE.match(value) is not None


# ---- reading ---------------------------------------------------------------------------------


def read_folder(folder, name: str | None = None) -> dict[str, bytes]:
    """The files of a bundle folder. Links are refused (never followed), as are sub-folders, other
    names and files over their limit."""
    folder = Path(folder)
    name = name or folder.name
    try:
        info = os.lstat(folder)
    except OSError:
        raise BundleError(f"{name}: not found") from None
    if not stat.S_ISDIR(info.st_mode):
        raise BundleError(f"{name}: not a bundle folder")
    files = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
            raise BundleError(f"{name}: unexpected entry {_safe(entry.name)} (links and folders are refused)")
        if entry.name not in NAMES:
            raise BundleError(f"{name}: unexpected file {_safe(entry.name)}")
        if entry.stat(follow_symlinks=False).st_size > MAX_FILE[entry.name]:
            raise BundleError(f"{name}: {entry.name} is too large")
        fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            files[entry.name] = _bounded(f, entry.name, name)
    return files


def read_zip(data: bytes, name: str = "upload") -> dict[str, bytes]:
    """The files of a zipped bundle (as `zip_bundle` makes it: the five files, at the top or in one
    folder). The declared sizes are not trusted: each entry is read up to its limit and no further."""
    if len(data) > MAX_ZIP_BYTES:
        raise BundleError(f"{name}: the file is too large ({len(data)} bytes)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BundleError(f"{name}: not a zip file") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise BundleError(f"{name}: too many entries in the zip")
    files: dict[str, bytes] = {}
    folders = set()
    for entry in entries:
        if entry.is_dir():
            continue
        parts = entry.filename.split("/")
        if len(parts) > 2 or "\\" in entry.filename or parts[-1] not in NAMES or parts[0] in ("", "..", "."):
            raise BundleError(f"{name}: unexpected entry {_safe(entry.filename)} in the zip")
        folders.add(parts[0] if len(parts) == 2 else "")
        if parts[-1] in files:
            raise BundleError(f"{name}: {parts[-1]} appears twice in the zip")
        limit = MAX_FILE[parts[-1]]
        if entry.file_size > limit or entry.file_size > MAX_RATIO * max(entry.compress_size, 1) + 1000:
            raise BundleError(f"{name}: {parts[-1]} is too large once unpacked")
        try:
            with archive.open(entry) as f:
                files[parts[-1]] = _bounded(f, parts[-1], name)
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
            raise BundleError(f"{name}: {parts[-1]} cannot be unpacked") from None
    if len(folders) > 1:
        raise BundleError(f"{name}: the zip holds more than one bundle")
    return files


def _bounded(f, filename: str, name: str) -> bytes:
    data = f.read(MAX_FILE[filename] + 1)
    if len(data) > MAX_FILE[filename]:
        raise BundleError(f"{name}: {filename} is too large")
    return data


def _safe(text: str) -> str:
    """A name from the bundle, fit for one line of a message (no control characters, not too long)."""
    return repr(text[:80])


# ---- checking --------------------------------------------------------------------------------


def check(files: dict[str, bytes], public_pem: bytes | None, name: str = "bundle") -> Bundle:
    """Every check, in an order that never parses more than it must: presence, manifest schema,
    signature (when a key is given), hashes, then the report's schema."""
    for filename in NAMES:
        if filename not in files:
            raise BundleError(f"{name}: {filename} is missing")
    extra = set(files) - set(NAMES)
    if extra:
        raise BundleError(f"{name}: unexpected file {_safe(sorted(extra)[0])}")
    manifest = _json(files[MANIFEST], MANIFEST, name)
    _check_manifest(manifest, name)
    if public_pem is not None:
        key, key_id = _key(public_pem)
        if manifest["key_id"] != key_id:
            raise BundleError(f"{name}: signed with another key ({manifest['key_id']})")
        if not signing.check(key, files[MANIFEST], files[SIGNATURE]):
            raise BundleError(f"{name}: the signature does not match manifest.json")
    for filename, digest in manifest["files"].items():
        if sha256(files[filename]) != digest:
            raise BundleError(f"{name}: {filename} was changed")
    report = _json(files["report.json"], "report.json", name)
    _check_report(report, manifest, name)
    return Bundle(files=files, manifest=manifest, report=report)


@lru_cache(maxsize=4096)
def _key_cached(public_pem: bytes):
    key = signing.load_public(public_pem)
    return key, signing.fingerprint(key)


def _key(public_pem: bytes):
    """The key and its fingerprint; a hub checks thousands of bundles from the same schools."""
    try:
        return _key_cached(bytes(public_pem))
    except signing.KeyError_ as error:
        raise BundleError(f"the key: {error}") from None


def _json(data: bytes, filename: str, name: str):
    try:
        value = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise BundleError(f"{name}: {filename} is not JSON") from None
    if not isinstance(value, dict):
        raise BundleError(f"{name}: {filename} is not a JSON object")
    return value


def _require(ok: bool, name: str, what: str) -> None:
    if not ok:
        raise BundleError(f"{name}: malformed bundle: {what}")


def _int(value, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _check_manifest(m: dict, name: str) -> None:
    _require(m.get("schema_version") == 1 and m.get("type") == "usage", name, "unknown schema or type")
    _require(is_uuid(m.get("report_id")), name, "report_id is not a UUID")
    _require(is_uuid(m.get("school_id")), name, "school_id is not a UUID")
    _require(_int(m.get("revision"), 1, MAX_REVISION), name, "revision is not a whole number")
    _require(isinstance(m.get("key_id"), str) and KEY_ID_RE.match(m["key_id"]) is not None, name, "bad key_id")
    previous = m.get("previous_report_sha256")
    _require(previous is None or (isinstance(previous, str) and HEX64_RE.match(previous) is not None),
             name, "bad previous_report_sha256")
    listed = m.get("files")
    _require(isinstance(listed, dict) and set(listed) == set(DATA_FILES), name, "the manifest lists other files")
    _require(all(isinstance(v, str) and HEX64_RE.match(v) for v in listed.values()), name, "bad file hash")
    _require(set(m) <= {"schema_version", "type", "report_id", "school_id", "revision", "key_id",
                        "previous_report_sha256", "files"}, name, "unknown manifest field")


def expected_report_id(school_id: str, start: str, end: str, revision: int) -> str:
    return str(uuid.uuid5(REPORT_NAMESPACE, f"{school_id}|{start}|{end}|usage|{revision}"))


def _check_report(r: dict, m: dict, name: str) -> None:
    for field in ("report_id", "school_id", "revision", "type", "schema_version"):
        if r.get(field) != m.get(field) or type(r.get(field)) is not type(m.get(field)):
            raise BundleError(f"{name}: report.json and manifest.json disagree")
    period = r.get("period")
    _require(isinstance(period, dict) and period.get("kind") in KINDS, name, "bad period")
    start, end = _date(period.get("start")), _date(period.get("end"))
    _require(start is not None and end is not None and start <= end, name, "bad period dates")
    _require(r["report_id"] == expected_report_id(r["school_id"], period["start"], period["end"], r["revision"]),
             name, "report_id does not match the school, period and revision")
    _require(_int(r.get("threshold"), 0, 1000), name, "bad threshold")
    _require(isinstance(r.get("kit_version"), str) and re.match(r"^[0-9A-Za-z.+-]{1,30}$", r["kit_version"]),
             name, "bad kit_version")
    _require(isinstance(r.get("generated_at"), str) and STAMP_RE.match(r["generated_at"]), name, "bad generated_at")
    _check_completeness(r.get("completeness"), name)
    tables = r.get("tables")
    _require(isinstance(tables, dict) and "reach" in tables and "completion_all" in tables, name, "tables missing")
    for key, table in tables.items():
        _require(isinstance(key, str) and TABLE_RE.match(key) is not None, name, "bad table name")
        _check_table(table, name)
    reach = tables["reach"]
    _require(len(reach["rows"]) >= 2 and len(reach["cols"]) >= 2, name, "reach table too small")
    indicators = r.get("indicators")
    _require(isinstance(indicators, dict) and set(INDICATORS) <= set(indicators) <= {*INDICATORS, *LATER_INDICATORS},
             name, "bad indicators")
    _require(all(_scalar(v) for v in indicators.values()), name, "bad indicator value")
    _check_modules(r.get("modules"), name)
    _require(set(r) <= {"schema_version", "type", "report_id", "revision", "school_id", "kit_version",
                        "generated_at", "period", "threshold", "completeness", "tables", "indicators",
                        "modules"}, name, "unknown report field")


def _date(value) -> date | None:
    if not isinstance(value, str) or not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _check_completeness(c, name: str) -> None:
    _require(isinstance(c, dict) and _int(c.get("days_up"), 0, 400), name, "bad completeness")
    for field in ("first_event_date", "last_event_date"):
        _require(c.get(field) is None or _date(c.get(field)) is not None, name, "bad completeness date")


def _cell(value) -> bool:
    return _int(value, 0, 10_000_000) or (isinstance(value, str) and MARK_RE.match(value) is not None)


def _scalar(value) -> bool:
    if value is None or (isinstance(value, str) and MARK_RE.match(value)):
        return True
    return type(value) in (int, float) and 0 <= value < 1e9 and value == value


def _check_table(table, name: str) -> None:
    _require(isinstance(table, dict) and set(table) == {"rows", "cols", "cells"}, name, "bad table")
    rows, cols, cells = table["rows"], table["cols"], table["cells"]
    _require(isinstance(rows, list) and isinstance(cols, list) and 1 <= len(rows) <= 20 and 1 <= len(cols) <= 20,
             name, "bad table shape")
    _require(all(isinstance(v, str) and CODE_RE.match(v) for v in (*rows, *cols)), name, "bad table label")
    _require(isinstance(cells, list) and len(cells) == len(rows)
             and all(isinstance(row, list) and len(row) == len(cols) for row in cells), name, "bad table cells")
    _require(all(_cell(v) for row in cells for v in row), name, "a table cell is not a count")


def _plain(value, depth: int = 0) -> bool:
    """Nested data of numbers, short codes and suppression marks, nothing else (no free text)."""
    if depth > 4:
        return False
    if isinstance(value, dict):
        return len(value) <= 200 and all(isinstance(k, str) and CODE_RE.match(k) and _plain(v, depth + 1)
                                         for k, v in value.items())
    if isinstance(value, list):
        return len(value) <= 200 and all(_plain(v, depth + 1) for v in value)
    if isinstance(value, str):
        return bool(CODE_RE.match(value) or MARK_RE.match(value))
    return value is None or (type(value) in (int, float, bool) and value == value and abs(value) < 1e12)


def _check_modules(modules, name: str) -> None:
    _require(isinstance(modules, dict) and len(modules) <= 200, name, "bad modules")
    for module_id, info in modules.items():
        _require(CODE_RE.match(module_id) is not None and isinstance(info, dict), name, "bad module id")
        _require(MODULE_FIELDS <= set(info) <= MODULE_FIELDS | LATER_MODULE_FIELDS, name, "bad module fields")
        _require(all(_plain(info[field]) for field in LATER_MODULE_FIELDS & set(info)), name, "bad module fields")
        _require(isinstance(info["completion"], dict) and set(info["completion"]) == {"numerator", "denominator",
                                                                                      "rate"}, name, "bad completion")
        _require(all(_scalar(v) for v in info["completion"].values()) and _scalar(info["pre_only"]), name,
                 "bad completion value")
        gains = [info["gain"], *((info["gain_by_sex"] or {}).values())]
        _require(info["gain_by_sex"] is None or (isinstance(info["gain_by_sex"], dict)
                                                 and all(CODE_RE.match(k) for k in info["gain_by_sex"])),
                 name, "bad gain_by_sex")
        for gain in gains:
            _require(isinstance(gain, dict) and all(isinstance(k, str) and CODE_RE.match(k) and _signed(v)
                                                    for k, v in gain.items()), name, "bad gain")


def _signed(value) -> bool:
    """Gains may be negative (a post-test below the pre-test)."""
    if value is None or (isinstance(value, str) and MARK_RE.match(value)):
        return True
    return type(value) in (int, float) and -1e9 < value < 1e9 and value == value


def check_signed(files: dict[str, bytes], key_for, name: str = "bundle") -> Bundle:
    """Check a bundle against the key registered for the school it names: `key_for(school_id)` gives
    that school's PEM or None. So a key speaks only for its own school: a bundle signed by school B
    but naming school A is checked against A's key, and fails."""
    for filename in NAMES:
        if filename not in files:
            raise BundleError(f"{name}: {filename} is missing")
    manifest = _json(files[MANIFEST], MANIFEST, name)
    _check_manifest(manifest, name)
    pem = key_for(manifest["school_id"])
    if pem is None:
        raise BundleError(f"{name}: school {manifest['school_id']} is not registered (no key for it)")
    return check(files, pem, name)
