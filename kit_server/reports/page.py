"""What the admin sees when opening a report inside the kit: the bundle's report.json turned into
rows and bars for a Jinja page. Module ids become their titles (from the catalog, in the reader's
language); a chart is drawn only when it has something to show, else the page says "no data yet".

Bars are <progress> elements: no chart library in the web process, readable at 360 px and in print.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .labels import label

MODULE_COLUMNS = ("started", "completed", "completion_rate", "matched", "mean_pre", "mean_post", "gain_points")


@dataclass
class Bar:
    name: str
    shown: str  # the number as written in the report ("12", "<10", "57 %")
    value: float | None = None  # None: not a number (a hidden small count); no bar, only the text
    maximum: float = 100


@dataclass
class ReportPage:
    report_id: str
    period: tuple[str, str]
    revision: int
    facts: list[tuple[str, str]]
    indicators: list[tuple[str, str]]
    note: str
    reach_table: dict
    reach_bars: list[Bar] = field(default_factory=list)
    module_head: list[str] = field(default_factory=list)
    module_rows: list[list[str]] = field(default_factory=list)
    module_bars: list[Bar] = field(default_factory=list)


def load_report(folder) -> dict | None:
    path = Path(folder) / "report.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _percent(rate) -> str:
    return "—" if rate is None else f"{round(rate * 100)} %"


def build_page(report: dict, module_titles: dict[str, str], locale: str) -> ReportPage:
    threshold = report.get("threshold", 9)
    completeness = report.get("completeness", {})
    facts = [(label("generated", locale), report["generated_at"][:10]),
             (label("days_up", locale), show(completeness.get("days_up"))),
             (label("first_last", locale), f"{completeness.get('first_event_date') or '—'} – "
                                           f"{completeness.get('last_event_date') or '—'}"),
             (label("report_id", locale), report["report_id"])]
    indicators = [(label(key, locale), show(value)) for key, value in report.get("indicators", {}).items()]
    page = ReportPage(report_id=report["report_id"], period=(report["period"]["start"], report["period"]["end"]),
                      revision=report.get("revision", 1), facts=facts, indicators=indicators,
                      note=label("suppressed_note", locale).format(t=threshold, n=threshold + 1),
                      reach_table=_table(report["tables"]["reach"], locale))
    page.reach_bars = _reach_bars(report["tables"]["reach"], locale)
    _add_modules(page, report.get("modules", {}), module_titles, locale)
    return page


def _table(table: dict, locale: str) -> dict:
    return {"cols": [label(c, locale) for c in table["cols"]],
            "rows": [(label(r, locale), [show(v) for v in cells]) for r, cells in zip(table["rows"], table["cells"])]}


def _reach_bars(table: dict, locale: str) -> list[Bar]:
    """Students reached per sex (the total column); none when nobody took part."""
    totals = [(row, cells[-1]) for row, cells in zip(table["rows"], table["cells"]) if row != "total"]
    if all(value in (0, None) for _row, value in totals):
        return []
    top = max((value for _row, value in totals if isinstance(value, (int, float))), default=0) or 1
    return [Bar(label(row, locale), show(value), float(value) if isinstance(value, (int, float)) else None, top)
            for row, value in totals]


def _add_modules(page: ReportPage, modules: dict, titles: dict[str, str], locale: str) -> None:
    page.module_head = [label("module", locale)] + [label(key, locale) for key in MODULE_COLUMNS]
    for number, (module_id, info) in enumerate(modules.items(), start=1):
        completion, gain = info["completion"], info["gain"]
        title = f"{number}. {titles.get(module_id, module_id)}"
        page.module_rows.append([title, show(completion["denominator"]), show(completion["numerator"]),
                                 _percent(completion["rate"]), show(gain["matched"]), show(gain["mean_pre"]),
                                 show(gain["mean_post"]), show(gain["gain_points"])])
        if completion["rate"] is not None:
            page.module_bars.append(Bar(title, _percent(completion["rate"]), completion["rate"] * 100))
