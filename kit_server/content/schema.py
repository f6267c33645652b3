"""The declared shape of module.yaml and lesson.yaml (structure only, no prose).

Prose lives in the per-language Markdown files so translators never touch YAML.
Every model forbids unknown keys: a typo such as `minuts:` must be an error,
not a silently ignored line.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

LANGS = ("ar", "fr", "en")
LANG_NAMES = {"ar": "Arabic", "fr": "French", "en": "English"}

# Exact names from the AI4K12 Five Big Ideas.
BIG_IDEAS = (
    "Perception",
    "Representation & Reasoning",
    "Learning",
    "Natural Interaction",
    "Societal Impact",
)
# Exact names from the UNESCO AI Competency Framework for Students (2024).
COMPETENCIES = (
    "Human agency",
    "Human accountability",
    "Citizenship in the era of AI",
    "Embodied ethics",
    "Safe and responsible use",
    "Ethics by design",
    "AI foundations",
    "Application skills",
    "Creating AI tools",
    "Problem scoping",
    "Architecture design",
    "Iteration and feedback loops",
)
# Words the Markdown keys use for their own parts; an id may not be one of them,
# otherwise `intro.title` could mean a step title or a quiz item called "title".
RESERVED = frozenset(
    {"title", "say", "misconceptions", "explanation", "feedback", "wrong", "objective", "pre", "post"}
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=64)]
Minutes = Annotated[int, Field(ge=1, le=240)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Titles(Strict):
    ar: Annotated[str, StringConstraints(min_length=1)]
    fr: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)]


class QuizItemSpec(Strict):
    """One question. `answer` names option ids (or is a number for numeric).

    single: one option id; multiple: a list of option ids (the exact set);
    numeric: a number, right when within `tolerance`; ordering: `options` are
    written in the right order and shown shuffled, so no `answer` is needed.
    """

    id: Id
    type: Literal["single", "multiple", "numeric", "ordering"]
    options: list[Id] = []
    answer: Any = None  # checked per type by the loader, for plain messages
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    # The lesson objective(s) this item measures (ids from the lesson's `objectives`);
    # `kit lessons check` requires them, so a test's coverage can be checked.
    objectives: list[Id] = []


class StepSpec(Strict):
    id: Id
    kind: str
    minutes: Minutes


class TextStepSpec(StepSpec):
    kind: Literal["text"]


class DemoStepSpec(StepSpec):
    kind: Literal["demo"]
    demo: Id
    params: dict[str, Any] = {}
    questions: list[Id] = Field(min_length=1)


class QuizStepSpec(StepSpec):
    kind: Literal["quiz"]
    items: list[QuizItemSpec] = Field(min_length=1)


class ReflectionStepSpec(StepSpec):
    kind: Literal["reflection"]
    max_chars: Annotated[int, Field(ge=20, le=2000)] = 500


class NotebookStepSpec(StepSpec):
    kind: Literal["notebook"]
    notebook: Id
    mode: Literal["read", "run"] = "read"


class UnpluggedStepSpec(StepSpec):
    kind: Literal["unplugged"]
    printable: bool = True


STEP_SPECS: dict[str, type[StepSpec]] = {
    "text": TextStepSpec,
    "demo": DemoStepSpec,
    "quiz": QuizStepSpec,
    "reflection": ReflectionStepSpec,
    "notebook": NotebookStepSpec,
    "unplugged": UnpluggedStepSpec,
}

BigIdea = Literal[BIG_IDEAS]  # type: ignore[valid-type]
Competency = Literal[COMPETENCIES]  # type: ignore[valid-type]


class LessonSpec(Strict):
    id: Id
    version: Annotated[int, Field(ge=1)]
    module: Id
    order: Annotated[int, Field(ge=1)]
    duration: Minutes
    objectives: list[Id] = Field(min_length=1)
    big_ideas: list[BigIdea] = Field(min_length=1)
    competencies: list[Competency] = Field(min_length=1)
    notebook: Id | None = None
    # Steps are checked one by one against STEP_SPECS[kind] so that an error
    # points at the step's own keys, and an unknown kind gets a plain message.
    steps: list[dict[str, Any]] = Field(min_length=1)


class ModuleSpec(Strict):
    id: Id
    version: Annotated[int, Field(ge=1)]
    order: Annotated[int, Field(ge=1)]
    title: Titles
    lessons: list[Id] = Field(min_length=1)
    pre_test: list[QuizItemSpec] = Field(min_length=1)
    post_test: list[QuizItemSpec] = Field(min_length=1)
