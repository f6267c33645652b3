"""Check the per-language Markdown files against the keys the YAML declares.

The rule that matters most: every language has every required section, so an
Arabic lesson never shows a French hole, and no text sits under a key that
names nothing (usually a typo that would otherwise vanish silently).
"""
from __future__ import annotations

from pathlib import Path

from .issues import ContentIssue
from .mdsections import split_sections
from .render import image_sources, is_local_image
from .schema import LANG_NAMES, LANGS


def _is_title(key: str) -> bool:
    return key == "title" or key.endswith(".title")


def _image_issues(folder: Path, section, shown: str) -> list[ContentIssue]:
    issues = []
    for offset, src in image_sources(section.text):
        line = section.body_line + offset
        if not is_local_image(src):
            issues.append(ContentIssue(shown, line, section.key, f"image {src!r} must be a file in this folder (no web addresses)"))
        elif not (folder / src).is_file():
            issues.append(ContentIssue(shown, line, section.key, f"image file {src!r} not found beside this file"))
    return issues


def _check_language(folder: Path, lang: str, keys: dict, failed: set[str], rel):
    path = folder / f"{lang}.md"
    shown = rel(path)
    if not path.is_file():
        return {}, [ContentIssue(shown, None, "(file)", f"{path.name} is missing: every lesson needs its {LANG_NAMES[lang]} text")]
    sections, problems = split_sections(path.read_text(encoding="utf-8"))
    issues = [ContentIssue(shown, line, key, message) for line, key, message in problems]
    for key, section in sections.items():
        if key not in keys:
            if key.split(".")[0] not in failed:  # the step itself is broken and already reported
                issues.append(ContentIssue(shown, section.line, key, "no step, question, item or option with this id in the YAML"))
            continue
        required, what = keys[key]
        if required and not section.text.strip():
            issues.append(ContentIssue(shown, section.line, key, f"empty section: write the {what}"))
        if _is_title(key) and "\n" in section.text:
            issues.append(ContentIssue(shown, section.line, key, "a title is one line"))
        issues += _image_issues(folder, section, shown)
    near = 1
    for key, (required, what) in keys.items():
        if key in sections:
            near = max(near, sections[key].line)
        elif required:
            # Point near where it belongs: the section before it that does exist.
            issues.append(ContentIssue(shown, near, key, f"missing section `:: {key}` ({what}) in {LANG_NAMES[lang]}"))
    return sections, issues


def read_texts(folder: Path, keys: dict, failed: set[str], rel):
    """({lang: {key: Section}}, issues) for the ar/fr/en files in folder."""
    texts, issues = {}, []
    for lang in LANGS:
        texts[lang], found = _check_language(folder, lang, keys, failed, rel)
        issues += found
    return texts, issues
