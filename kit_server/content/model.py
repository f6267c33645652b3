"""The read-only, in-memory catalog the runner serves lessons from.

Built once at start by the loader; frozen dataclasses, tuples and read-only
mappings so no request can change what another request sees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

IMAGE_SUFFIXES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"})
Text = Mapping[str, str]  # language code -> text (HTML, or plain for titles)


def frozen_map(data: dict | None = None) -> Mapping:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class Option:
    id: str
    html: Text
    feedback: Text  # empty mapping when the author gave none


@dataclass(frozen=True)
class QuizItem:
    id: str
    type: str  # single | multiple | numeric | ordering
    prompt: Text
    options: tuple[Option, ...]
    answer: Any  # str | frozenset[str] | float | tuple[str, ...]
    tolerance: float
    explanation: Text
    wrong: Text  # feedback for a wrong numeric/ordering answer
    objectives: tuple[str, ...] = ()  # the lesson objectives it measures

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class TeacherNotes:
    minutes: int
    say: Text
    misconceptions: Text


@dataclass(frozen=True)
class DemoQuestion:
    id: str
    html: Text


@dataclass(frozen=True)
class Step:
    id: str
    kind: str  # text | demo | quiz | reflection | notebook | unplugged
    title: Text
    html: Text
    teacher: TeacherNotes
    demo: str | None = None
    params: Mapping[str, Any] = field(default_factory=frozen_map)
    questions: tuple[DemoQuestion, ...] = ()
    items: tuple[QuizItem, ...] = ()
    notebook: str | None = None
    mode: str | None = None  # notebook: read | run
    max_chars: int | None = None  # reflection
    printable: bool = False  # unplugged

    def item(self, item_id: str) -> QuizItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Objective:
    id: str
    html: Text


@dataclass(frozen=True)
class Lesson:
    id: str
    version: int
    module: str
    order: int
    duration: int
    title: Text
    objectives: tuple[Objective, ...]
    big_ideas: tuple[str, ...]
    competencies: tuple[str, ...]
    notebook: str | None
    steps: tuple[Step, ...]
    path: str  # folder, relative to the lessons folder's parent (for messages)
    folder: Path = field(default=Path(), compare=False)  # absolute, for serving its images

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_index(self, step_id: str) -> int | None:
        return next((n for n, s in enumerate(self.steps) if s.id == step_id), None)


@dataclass(frozen=True)
class Module:
    id: str
    version: int
    order: int
    title: Text
    lessons: tuple[Lesson, ...]
    pre_test: tuple[QuizItem, ...]
    post_test: tuple[QuizItem, ...]
    folder: Path = field(default=Path(), compare=False)


@dataclass(frozen=True)
class Catalog:
    modules: tuple[Module, ...]
    # lesson id (or folder when the id is unknown) -> its issues; only filled
    # with skip_broken=True, so the admin can be told which lessons are off.
    broken: Mapping[str, tuple] = field(default_factory=frozen_map)
    _by_id: Mapping[str, Lesson] = field(default_factory=frozen_map, repr=False)

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(lesson for module in self.modules for lesson in module.lessons)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self._by_id.get(lesson_id)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def image_path(self, owner_id: str, filename: str) -> Path | None:
        """The image file a lesson (or module) shows, or None.

        For the route that serves lesson images: only image files inside that
        lesson's own folder, so a crafted name like `../../kit.db` gets nothing.
        """
        owner = self.lesson(owner_id) or self.module(owner_id)
        if owner is None or Path(filename).suffix.lower() not in IMAGE_SUFFIXES:
            return None
        folder = owner.folder.resolve()
        path = (folder / filename).resolve()
        if folder not in path.parents or not path.is_file():
            return None
        return path


def make_catalog(modules, broken) -> Catalog:
    modules = tuple(sorted(modules, key=lambda m: m.order))
    by_id = {lesson.id: lesson for module in modules for lesson in module.lessons}
    return Catalog(modules, frozen_map(broken), frozen_map(by_id))
