"""Checked specs + Markdown sections -> the read-only Catalog objects."""
from __future__ import annotations

from types import MappingProxyType

from .model import (DemoQuestion, Lesson, Module, Objective, Option, QuizItem, Step,
                    TeacherNotes, frozen_map, make_catalog)
from .render import render_markdown
from .schema import LANGS


class _Renderer:
    """Renders one owner's sections (a lesson or a module) in every language."""

    def __init__(self, texts, owner: str, image_url):
        self.texts, self.owner, self.image_url = texts, owner, image_url

    def html(self, key: str):
        out = {}
        for lang in LANGS:
            section = self.texts[lang].get(key)
            if section is not None and section.text.strip():
                out[lang] = render_markdown(section.text, self.owner, self.image_url)
        return MappingProxyType(out)

    def plain(self, key: str):
        return MappingProxyType({lang: self.texts[lang][key].text.strip() for lang in LANGS if key in self.texts[lang]})


def _item(spec, prefix: str, r: _Renderer) -> QuizItem:
    options = tuple(Option(o, r.html(f"{prefix}.{o}"), r.html(f"{prefix}.{o}.feedback")) for o in spec.options)
    answer = {
        "single": lambda: spec.answer,
        "multiple": lambda: frozenset(spec.answer),
        "numeric": lambda: float(spec.answer),
        "ordering": lambda: tuple(spec.options),
    }[spec.type]()
    return QuizItem(spec.id, spec.type, r.html(prefix), options, answer, spec.tolerance,
                    r.html(f"{prefix}.explanation"), r.html(f"{prefix}.wrong"), tuple(spec.objectives))


def _step(spec, r: _Renderer) -> Step:
    sid = spec.id
    teacher = TeacherNotes(spec.minutes, r.html(f"{sid}.say"), r.html(f"{sid}.misconceptions"))
    extra = {}
    if spec.kind == "demo":
        extra = dict(demo=spec.demo, params=frozen_map(spec.params),
                     questions=tuple(DemoQuestion(q, r.html(f"{sid}.{q}")) for q in spec.questions))
    elif spec.kind == "quiz":
        extra = dict(items=tuple(_item(i, f"{sid}.{i.id}", r) for i in spec.items))
    elif spec.kind == "notebook":
        extra = dict(notebook=spec.notebook, mode=spec.mode)
    elif spec.kind == "reflection":
        extra = dict(max_chars=spec.max_chars)
    elif spec.kind == "unplugged":
        extra = dict(printable=spec.printable)
    return Step(sid, spec.kind, r.plain(f"{sid}.title"), r.html(sid), teacher, **extra)


def _lesson(result, image_url) -> Lesson:
    spec = result.spec
    r = _Renderer(result.texts, spec.id, image_url)
    return Lesson(
        id=spec.id, version=spec.version, module=spec.module, order=spec.order, duration=spec.duration,
        title=r.plain("title"),
        objectives=tuple(Objective(o, r.html(f"objective.{o}")) for o in spec.objectives),
        big_ideas=tuple(spec.big_ideas), competencies=tuple(spec.competencies), notebook=spec.notebook,
        steps=tuple(_step(s, r) for s in result.steps), path=result.shown, folder=result.folder,
    )


def _module(result, lessons, image_url) -> Module:
    spec = result.spec
    r = _Renderer(result.texts, spec.id, image_url)
    return Module(
        id=spec.id, version=spec.version, order=spec.order,
        title=MappingProxyType(spec.title.model_dump()),
        lessons=tuple(sorted(lessons, key=lambda lesson: lesson.order)),
        pre_test=tuple(_item(i, f"pre.{i.id}", r) for i in spec.pre_test),
        post_test=tuple(_item(i, f"post.{i.id}", r) for i in spec.post_test),
        folder=result.folder,
    )


def build_catalog(modules, loose, image_url):
    """Serve every clean lesson of every clean module; list the rest in broken."""
    broken: dict[str, tuple] = {}
    if loose:
        broken["(lessons)"] = tuple(loose)
    built = []
    for module in modules:
        lessons = []
        for lesson in module.lessons:
            if module.issues or lesson.issues:
                broken[lesson.key] = tuple(module.issues) + tuple(lesson.issues)
            else:
                lessons.append(_lesson(lesson, image_url))
        if module.issues:
            if not module.lessons:
                broken[module.key] = tuple(module.issues)
            continue
        built.append(_module(module, lessons, image_url))
    return make_catalog(built, broken)
