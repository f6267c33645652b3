"""The pack manifest: what a pack claims to contain, checked before anything is written.

manifest.json (UTF-8 JSON, signed byte for byte by manifest.sig):
    {"format": 1, "id": "science-2027", "version": "1.2.0", "languages": ["ar", "fr", "en"],
     "min_kit_version": "0.1.0",
     "files": [{"path": "lessons/m9/module.yaml", "sha256": "<64 hex>", "size": 1234}, ...]}
Every file lives under lessons/ or notebooks/; nothing else may be in the zip.
"""
from __future__ import annotations

import json
import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import PackError

FORMAT = 1
TOP_FOLDERS = ("lessons", "notebooks")
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
VERSION = re.compile(r"^\d{1,6}(\.\d{1,6}){0,3}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def version_key(text: str) -> tuple[int, ...]:
    """'1.10' > '1.9'; trailing zeros do not matter ('1.0' == '1')."""
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def safe_member_path(path: str) -> str | None:
    """Why `path` cannot be installed (escapes, absolute, odd), or None when it is a plain relative path."""
    if not path or "\\" in path or "\x00" in path or ":" in path:
        return "has a forbidden character"
    if path.startswith("/"):
        return "is an absolute path"
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "leaves its folder (.. or empty part)"
    if parts[0] not in TOP_FOLDERS or len(parts) < 2:
        return "is outside lessons/ and notebooks/"
    return None


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    path: str
    sha256: str
    size: int = Field(ge=0)

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        problem = safe_member_path(value)
        if problem:
            raise ValueError(f"{value!r} {problem}")
        return value

    @field_validator("sha256")
    @classmethod
    def _hash(cls, value: str) -> str:
        if not SHA256.match(value):
            raise ValueError("not a SHA-256 hex digest")
        return value


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    format: int
    id: str
    version: str
    languages: list[str] = Field(min_length=1)
    min_kit_version: str
    files: list[FileEntry] = Field(min_length=1)

    @field_validator("format")
    @classmethod
    def _format(cls, value: int) -> int:
        if value != FORMAT:
            raise ValueError(f"format {value} is not known to this kit (expected {FORMAT})")
        return value

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not PACK_ID.match(value):
            raise ValueError("pack ids are 2-63 lowercase letters, digits and dashes")
        return value

    @field_validator("version", "min_kit_version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not VERSION.match(value):
            raise ValueError("versions look like 1.2.0")
        return value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - {"ar", "fr", "en"})
        if unknown:
            raise ValueError(f"unknown language(s): {', '.join(unknown)}")
        return value

    @field_validator("files")
    @classmethod
    def _unique(cls, value: list[FileEntry]) -> list[FileEntry]:
        seen = set()
        for entry in value:
            if entry.path.lower() in seen:  # also catches names that clash on Windows' disks
                raise ValueError(f"{entry.path!r} is listed twice")
            seen.add(entry.path.lower())
        return value

    def to_bytes(self) -> bytes:
        return json.dumps(self.model_dump(), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    try:
        raw = json.loads(data.decode("utf-8"))
        return Manifest.model_validate(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackError("manifest.json is not valid JSON") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "manifest"
        raise PackError(f"manifest.json: {where}: {first['msg']}") from None
