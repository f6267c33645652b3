"""Split a per-language Markdown file into sections keyed by id.

A section starts with a marker line `:: key` (for example `:: intro.title`)
and runs to the next marker. The marker is not Markdown, so authors can use
headings, lists and images freely inside a section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = re.compile(r"^::(?P<key>.*)$")
KEY = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


@dataclass(frozen=True)
class Section:
    key: str
    line: int  # line of the marker, 1-based
    text: str  # the body, stripped of blank lines around it
    body_line: int  # line where the stripped body starts, for image errors


def split_sections(text: str):
    """Return ({key: Section}, problems) where problems are (line, key, message)."""
    sections: dict[str, Section] = {}
    problems: list[tuple[int, str, str]] = []
    current_key, current_line, body = None, 0, []

    def close():
        if current_key is None or not KEY.match(current_key):
            return  # a bad marker was reported when it was read
        leading = next((n for n, text in enumerate(body) if text.strip()), 0)
        section = Section(current_key, current_line, "\n".join(body).strip("\n"), current_line + 1 + leading)
        if current_key in sections:
            first = sections[current_key].line
            problems.append((current_line, current_key, f"duplicate section (first on line {first})"))
        else:
            sections[current_key] = section

    for number, line in enumerate(text.splitlines(), start=1):
        match = MARKER.match(line)
        if match:
            close()
            current_key, current_line, body = match["key"].strip(), number, []
            if not KEY.match(current_key):
                problems.append((number, current_key or "(empty)", "a section name is ids joined by dots, like `intro.title`"))
            continue
        if current_key is None:
            if line.strip():
                problems.append((number, "(file)", "text before the first `:: key` line belongs to no step"))
            continue
        body.append(line)
    close()
    return sections, problems
