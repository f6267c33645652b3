"""Files -> checked specs -> Catalog. Every problem is collected, none skipped.

Layout: lessons/<module>/module.yaml + ar.md fr.md en.md (pre/post-test text),
lessons/<module>/<lesson>/lesson.yaml + ar.md fr.md en.md + images.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .checks import check_ids, check_item, check_item_objectives, lesson_keys, module_keys
from .issues import ContentError, ContentIssue, sort_issues
from .render import ImageUrl
from .schema import LANGS, STEP_SPECS, LessonSpec, ModuleSpec
from .texts import read_texts
from .validation import validate
from .yamlload import key_name, line_of, load_yaml, plain


@dataclass
class _Ctx:
    base: Path  # paths in messages are relative to this (the lessons folder's parent)
    known_demos: frozenset | None
    notebooks_dir: Path | None
    demo_params: Mapping = field(default_factory=dict)  # demo id -> pydantic Params model, when known

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.base).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class LessonResult:
    folder: Path
    key: str  # lesson id when known, else the folder path
    shown: str = ""  # folder path as shown in messages
    spec: LessonSpec | None = None
    data: object = None  # the line-tracked YAML, to locate later problems
    steps: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)
    issues: list = field(default_factory=list)


@dataclass
class ModuleResult:
    folder: Path
    key: str
    spec: ModuleSpec | None = None
    data: object = None
    texts: dict = field(default_factory=dict)
    issues: list = field(default_factory=list)
    lessons: list = field(default_factory=list)


def _read_yaml(path: Path, model, ctx: _Ctx):
    """(spec or None, line-tracked data, issues) for one YAML file."""
    shown = ctx.rel(path)
    if not path.is_file():
        return None, None, [ContentIssue(shown, None, "(file)", f"{path.name} is missing")]
    data, problems = load_yaml(path.read_text(encoding="utf-8"))
    issues = [ContentIssue(shown, line, key, message) for line, key, message in problems]
    if data is None and not problems:
        issues.append(ContentIssue(shown, 1, "(file)", "the file is empty"))
    if not isinstance(data, dict):
        if data is not None:
            issues.append(ContentIssue(shown, 1, "(file)", "the file must be a list of `key: value` lines"))
        return None, data, issues
    spec, errors = validate(model, plain(data), data, shown)
    return spec, data, issues + errors


def _at(ctx, path: Path, data, problems) -> list[ContentIssue]:
    """Locate (loc, message) problems in a YAML file."""
    shown = ctx.rel(path)
    return [ContentIssue(shown, line_of(data, loc), key_name(loc), msg) for loc, msg in problems]


def _notebook_problem(slug: str, ctx: _Ctx) -> str | None:
    if ctx.notebooks_dir is None:
        return None
    missing = [f"{slug}.{lang}.ipynb" for lang in LANGS if not (ctx.notebooks_dir / f"{slug}.{lang}.ipynb").is_file()]
    if missing:
        return f"notebook file(s) not found in {ctx.rel(ctx.notebooks_dir)}/: {', '.join(missing)}"
    return None


def _demo_param_problems(step, loc: tuple, ctx: _Ctx) -> list:
    """Check the starting settings against the demo's own bounds, when the demo says them."""
    model = ctx.demo_params.get(step.demo)
    if model is None:
        return []
    try:
        model.model_validate(dict(step.params))
    except ValidationError as exc:
        return [(loc + ("params",) + tuple(e["loc"]), e["msg"] if e["type"] != "extra_forbidden" else "unknown setting for this demo")
                for e in exc.errors()]
    return []


def _check_step(step, index: int, ctx: _Ctx) -> list:
    loc = ("steps", index)
    problems = []
    if step.kind == "demo":
        if ctx.known_demos is not None and step.demo not in ctx.known_demos:
            problems.append((loc + ("demo",), f"unknown demo {step.demo!r} (known: {', '.join(sorted(ctx.known_demos))})"))
        problems += check_ids(step.questions, loc + ("questions",), "question")
        problems += _demo_param_problems(step, loc, ctx)
    elif step.kind == "notebook":
        message = _notebook_problem(step.notebook, ctx)
        if message:
            problems.append((loc + ("notebook",), message))
    elif step.kind == "quiz":
        for n, item in enumerate(step.items):
            problems += check_item(item, loc + ("items", n))
        problems += [(where + ("id",), msg) for where, msg in check_ids([i.id for i in step.items], loc + ("items",), "item")]
    return problems


def _load_steps(result: LessonResult, raw_steps, data, ctx: _Ctx) -> set[str]:
    """Validate each step against its kind; return ids of steps that failed.

    Runs even when the lesson's own keys are wrong, so one typo at the top
    does not hide the problems in the steps.
    """
    shown, failed = ctx.rel(result.folder / "lesson.yaml"), set()
    for index, raw in enumerate(raw_steps):
        if not isinstance(raw, dict):
            continue  # reported by the lesson schema (steps: list of mappings)
        kind = raw.get("kind")
        model = STEP_SPECS.get(kind) if isinstance(kind, str) else None
        if model is None:
            loc = ("steps", index, "kind") if "kind" in raw else ("steps", index)
            message = f"unknown step kind {kind!r} (allowed: {', '.join(STEP_SPECS)})" if "kind" in raw else "missing required key"
            result.issues.append(ContentIssue(shown, line_of(data, loc), key_name(loc), message))
            failed.add(str(raw.get("id")))
            continue
        step, errors = validate(model, raw, data, shown, ("steps", index))
        result.issues += errors
        if step is None:
            failed.add(str(raw.get("id")))
        else:
            result.issues += _at(ctx, result.folder / "lesson.yaml", data, _check_step(step, index, ctx))
            result.steps.append(step)
    return failed


def _check_lesson(result: LessonResult, module_id: str | None, position: int | None, ctx: _Ctx) -> list:
    spec, problems = result.spec, []
    if spec.id != result.folder.name:
        problems.append((("id",), f"lesson id {spec.id!r} must be the same as its folder name {result.folder.name!r}"))
    if module_id is not None and spec.module != module_id:
        problems.append((("module",), f"this lesson is in module folder {module_id!r}, not {spec.module!r}"))
    if position is not None and spec.order != position:
        problems.append((("order",), f"order is {spec.order} but module.yaml lists this lesson as number {position}"))
    problems += check_ids(spec.objectives, ("objectives",), "objective")
    problems += [(loc, msg) for loc, msg in check_ids(spec.big_ideas, ("big_ideas",), "big idea") if "duplicate" in msg]
    problems += [(loc, msg) for loc, msg in check_ids(spec.competencies, ("competencies",), "competency") if "duplicate" in msg]
    step_ids = [str(raw.get("id")) for raw in spec.steps]
    problems += [(loc + ("id",), msg) for loc, msg in check_ids(step_ids, ("steps",), "step")]
    if spec.notebook:
        message = _notebook_problem(spec.notebook, ctx)
        if message:
            problems.append((("notebook",), message))
    known = set(spec.objectives)
    for step in result.steps:
        index = step_ids.index(step.id)
        for n, item in enumerate(getattr(step, "items", ())):
            problems += check_item_objectives(item, ("steps", index, "items", n), known, "this lesson")
    total = sum(step.minutes for step in result.steps)
    if total > spec.duration:
        problems.append((("duration",), f"the steps add up to {total} minutes, more than the lesson's {spec.duration}"))
    return problems


def load_lesson(folder: Path, module_id: str | None, position: int | None, ctx: _Ctx) -> LessonResult:
    result = LessonResult(folder, ctx.rel(folder), ctx.rel(folder))
    result.spec, data, result.issues = _read_yaml(folder / "lesson.yaml", LessonSpec, ctx)
    result.data = data
    if not isinstance(data, dict):
        return result  # nothing readable: the YAML problem is already reported
    raw = plain(data)
    if isinstance(raw.get("id"), str):
        result.key = raw["id"]  # name the lesson the admin knows, even when its file is broken
    raw_steps = raw.get("steps") if isinstance(raw.get("steps"), list) else []
    failed = _load_steps(result, raw_steps, data, ctx)
    objectives = raw.get("objectives")
    if result.spec is not None:
        result.key = result.spec.id
        result.issues += _at(ctx, folder / "lesson.yaml", data, _check_lesson(result, module_id, position, ctx))
    elif not (isinstance(objectives, list) and all(isinstance(o, str) for o in objectives)):
        objectives, failed = [], failed | {"objective"}
    keys = lesson_keys(objectives, result.steps)
    result.texts, text_issues = read_texts(folder, keys, failed, ctx.rel)
    result.issues += text_issues
    return result


def _lesson_folders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")) and p.name != "images")


def load_module(folder: Path, ctx: _Ctx) -> ModuleResult:
    result = ModuleResult(folder, ctx.rel(folder))
    path = folder / "module.yaml"
    result.spec, data, result.issues = _read_yaml(path, ModuleSpec, ctx)
    result.data = data
    spec = result.spec
    listed: list[str] = []
    if spec is not None:
        result.key = spec.id
        listed = list(spec.lessons)
        problems = [] if spec.id == folder.name else [(("id",), f"module id {spec.id!r} must be the same as its folder name {folder.name!r}")]
        problems += check_ids(listed, ("lessons",), "lesson")
        for name, items in (("pre_test", spec.pre_test), ("post_test", spec.post_test)):
            for n, item in enumerate(items):
                problems += check_item(item, (name, n))
            problems += [(loc + ("id",), msg) for loc, msg in check_ids([i.id for i in items], (name,), "item")]
        folders = {p.name for p in _lesson_folders(folder)}
        problems += [(("lessons", n), f"no lesson folder {lesson!r} beside module.yaml") for n, lesson in enumerate(listed) if lesson not in folders]
        result.issues += _at(ctx, path, data, problems)
        result.texts, text_issues = read_texts(folder, module_keys(spec), set(), ctx.rel)
        result.issues += text_issues
    for lesson_folder in _lesson_folders(folder):
        position = listed.index(lesson_folder.name) + 1 if lesson_folder.name in listed else None
        lesson = load_lesson(lesson_folder, spec.id if spec else None, position, ctx)
        if spec is not None and position is None:
            lesson.issues.append(ContentIssue(ctx.rel(lesson_folder / "lesson.yaml"), None, "(folder)", "this lesson folder is not listed in module.yaml `lessons`"))
        result.lessons.append(lesson)
    if spec is not None:
        result.issues += _at(ctx, path, data, _test_objective_problems(spec, result.lessons))
    return result


def _test_objective_problems(spec, lessons) -> list:
    """Test items name objectives of the module's own lessons (when those lessons could be read)."""
    known = {o for lesson in lessons if lesson.spec is not None for o in lesson.spec.objectives}
    if not known:
        return []
    return [problem for name, items in (("pre_test", spec.pre_test), ("post_test", spec.post_test))
            for n, item in enumerate(items) for problem in check_item_objectives(item, (name, n), known, "this module's lessons")]


def scan(lessons_dir, known_demos, notebooks_dir) -> tuple[list[ModuleResult], list[ContentIssue]]:
    """Read everything; return module results and issues that belong to no module."""
    lessons_dir = Path(lessons_dir)
    ctx = _Ctx(lessons_dir.resolve().parent, None if known_demos is None else frozenset(known_demos),
               None if notebooks_dir is None else Path(notebooks_dir).resolve(), _param_models(known_demos))
    if not lessons_dir.is_dir():
        return [], [ContentIssue(str(lessons_dir), None, "(folder)", "the lessons folder does not exist")]
    lessons_dir = lessons_dir.resolve()
    modules = [load_module(p, ctx) for p in sorted(lessons_dir.iterdir()) if p.is_dir() and not p.name.startswith((".", "_"))]
    _check_across(modules, ctx)
    return modules, []


def _param_models(known_demos) -> dict:
    """known_demos may be a list of ids, or the demos registry {id: spec with .Params}."""
    if not isinstance(known_demos, Mapping):
        return {}
    models = {}
    for demo_id, spec in known_demos.items():
        model = getattr(spec, "Params", None)
        if isinstance(model, type) and issubclass(model, BaseModel):
            models[demo_id] = model
    return models


def _check_across(modules: list[ModuleResult], ctx: _Ctx) -> None:
    """Ids and orders must be unique across the whole catalog."""
    orders, lesson_ids = {}, {}
    for module in modules:
        if module.spec is not None:
            first = orders.setdefault(module.spec.order, module.key)
            if first != module.key:
                module.issues.append(ContentIssue(ctx.rel(module.folder / "module.yaml"), line_of(module.data, ("order",)),
                                                  "order", f"module {first!r} has the same order {module.spec.order}"))
        for lesson in module.lessons:
            if lesson.spec is not None:
                first = lesson_ids.setdefault(lesson.spec.id, ctx.rel(lesson.folder))
                if first != ctx.rel(lesson.folder):
                    lesson.issues.append(ContentIssue(ctx.rel(lesson.folder / "lesson.yaml"), line_of(lesson.data, ("id",)),
                                                      "id", f"duplicate lesson id, also used in {first}"))


def all_issues(modules, loose) -> list[ContentIssue]:
    found = list(loose)
    for module in modules:
        found += module.issues
        for lesson in module.lessons:
            found += lesson.issues
    return sort_issues(found)


def check(lessons_dir, known_demos, notebooks_dir) -> list[ContentIssue]:
    """Every problem in the lessons folder, sorted by file and line."""
    return all_issues(*scan(lessons_dir, known_demos, notebooks_dir))


def load_catalog(lessons_dir, known_demos, notebooks_dir, *, skip_broken: bool = False, image_url: ImageUrl | None = None):
    """Build the Catalog; raise ContentError with every issue unless skip_broken.

    With skip_broken=True the good lessons are served and catalog.broken maps
    each lesson left out (its id, or its folder when the id is unknown) to its issues.
    """
    from .build import build_catalog

    modules, loose = scan(lessons_dir, known_demos, notebooks_dir)
    issues = all_issues(modules, loose)
    if issues and not skip_broken:
        raise ContentError(issues)
    return build_catalog(modules, loose, image_url)
