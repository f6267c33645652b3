"""HTML summaries of a report (one school) and of a merge (many): one self-contained, printable page,
charts as inline SVG drawn with matplotlib. Charts carry numbers and colours only; every word is in
the HTML around them, so Arabic is shaped by the browser, never by matplotlib."""
from __future__ import annotations

import io
import re
from html import escape

from matplotlib import rc_context
from matplotlib.figure import Figure

from ..i18n import direction_of
from .labels import label

COLOURS = {"female": "#b5446e", "male": "#2f6690", "not_stated": "#8a8a8a"}
STYLE = """body{font-family:system-ui,"Segoe UI",Tahoma,Arial,sans-serif;margin:1.5rem;color:#1d1d1d}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:center}
th{background:#eef4f3}.key span{display:inline-block;width:1em;height:1em;vertical-align:middle;margin-inline:.3em}
figure{margin:0 0 1.5rem}svg{max-width:100%;height:auto}@media print{body{margin:0}figure,table{break-inside:avoid}}"""


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    # Fixed ids and no date: the same report always gives the same bytes.
    with rc_context({"svg.hashsalt": "kit-report", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = buffer.getvalue()
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)  # licence URIs, nothing to show
    return text[text.index("<svg"):]


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def grouped_bars(groups: list[str], series: dict[str, list], *, percent=False) -> str:
    """Bars per group (x ticks are the group codes: digits or ids, never words)."""
    fig = Figure(figsize=(max(4.0, 0.6 * len(groups) + 2), 2.8))
    ax = fig.add_subplot()
    width = 0.8 / max(1, len(series))
    for k, (name, values) in enumerate(series.items()):
        xs = [i + k * width for i in range(len(groups))]
        ax.bar(xs, [_number(v) * (100 if percent else 1) for v in values], width, color=COLOURS.get(name, "#0f6e66"))
    ax.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(groups))], groups)
    if percent:
        ax.set_ylim(0, 100)  # a share is read against the whole scale, even when every bar is 0 %
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def _key(names, locale) -> str:
    items = "".join(f'<span style="background:{COLOURS.get(n, "#0f6e66")}"></span>{escape(label(n, locale))}'
                    for n in names)
    return f'<p class="key">{escape(label("chart_key", locale))}: {items}</p>'


def _table(table: dict, locale: str) -> str:
    head = "".join(f"<th>{escape(label(c, locale))}</th>" for c in table["cols"])
    body = "".join(
        f"<tr><th>{escape(label(r, locale))}</th>" + "".join(f"<td dir=\"ltr\">{escape(str(v))}</td>" for v in row)
        + "</tr>" for r, row in zip(table["rows"], table["cells"]))
    return f"<table><tr><th></th>{head}</tr>{body}</table>"


def _page(title: str, locale: str, body: str) -> str:
    direction = direction_of(locale)
    return (f'<!doctype html>\n<html lang="{locale}" dir="{direction}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def render_school(report: dict, locale: str = "ar") -> str:
    t = report["threshold"]
    reach = report["tables"]["reach"]
    period = report["period"]
    facts = [("school_id", report["school_id"]), ("report_id", report["report_id"]),
             ("revision", report["revision"]), ("period", f"{period['start']} – {period['end']}"),
             ("generated", report["generated_at"][:10]), ("days_up", report["completeness"]["days_up"]),
             ("first_last", f"{report['completeness']['first_event_date'] or '—'} – "
                            f"{report['completeness']['last_event_date'] or '—'}")]
    parts = [f"<h1>{escape(label('title', locale))}</h1><dl>"]
    parts += [f"<dt>{escape(label(k, locale))}</dt><dd dir=\"ltr\">{escape(str(v))}</dd>" for k, v in facts]
    parts.append(f"</dl><p>{escape(label('suppressed_note', locale).format(t=t, n=t + 1))}</p>")
    parts.append(f"<h2>{escape(label('indicators', locale))}</h2><table>")
    for key, value in report["indicators"].items():
        parts.append(f"<tr><th>{escape(label(key, locale))}</th><td dir=\"ltr\">{escape(_show(value))}</td></tr>")
    parts.append(f"</table><h2>{escape(label('reach', locale))}</h2>{_table(reach, locale)}")
    sexes = reach["rows"][:-1]
    bands = reach["cols"][:-2]
    series = {s: reach["cells"][k][:-2] for k, s in enumerate(sexes)}
    if _has_data(series.values()):  # an empty chart only shows a meaningless axis
        parts.append("<figure>" + grouped_bars(bands, series))
        parts.append(_key(sexes, locale) + "</figure>")
    else:
        parts.append(f"<p>{escape(label('no_data', locale))}</p>")
    parts.append(_modules_section(report, locale))
    return _page(label("title", locale), locale, "".join(parts))


def _modules_section(report: dict, locale: str) -> str:
    modules = report["modules"]
    if not modules:
        return ""
    head = "".join(f"<th>{escape(label(k, locale))}</th>" for k in
                   ("module", "completed", "started", "completion_rate", "matched", "pre_only", "mean_pre",
                    "mean_post", "gain_points", "normalised_gain", "pass_share"))
    rows = []
    for number, (module_id, info) in enumerate(modules.items(), start=1):
        gain = info["gain"]
        cells = [f"{number}. {module_id}", info["completion"]["numerator"], info["completion"]["denominator"],
                 info["completion"]["rate"], gain["matched"], info["pre_only"], gain["mean_pre"], gain["mean_post"],
                 gain["gain_points"], gain["normalised_gain"], gain["pass_share"]]
        rows.append("<tr>" + "".join(f'<td dir="ltr">{escape(_show(c))}</td>' for c in cells) + "</tr>")
    rates = [m["completion"]["rate"] for m in modules.values()]
    chart = grouped_bars([str(n) for n in range(1, len(modules) + 1)], {"completion_rate": rates}, percent=True) \
        if any(rate is not None for rate in rates) else ""
    return (f"<h2>{escape(label('by_module', locale))}</h2><table><tr>{head}</tr>{''.join(rows)}</table>"
            + (f"<figure>{chart}</figure>" if chart else ""))


def _has_data(rows) -> bool:
    return any(isinstance(v, (int, float)) and v > 0 for row in rows for v in row)


def _e(value) -> str:
    """Every value from a bundle is escaped, even one checked to be a number: the page must not
    depend on every checker upstream being right."""
    return escape(str(value))


def _show(value) -> str:
    return "—" if value is None else str(value)


def render_merged(merged: dict, locale: str = "ar") -> str:
    schools = merged["schools"]
    parts = [f"<h1>{escape(label('merged_title', locale))}</h1>"]
    parts.append(f"<h2>{escape(label('by_school', locale))}</h2><table><tr><th>#</th>"
                 f"<th>{escape(label('school_id', locale))}</th><th>{escape(label('period', locale))}</th>"
                 f"<th>{escape(label('revision', locale))}</th><th>{escape(label('reach', locale))}</th></tr>")
    for number, school in enumerate(schools, start=1):
        cells = (school["school_id"], school["period"], school["revision"], _show(school["reach"]))
        parts.append(f"<tr><td>{number}</td>" + "".join(f'<td dir="ltr">{_e(c)}</td>' for c in cells) + "</tr>")
    parts.append("</table>")
    if schools:
        parts.append("<figure>" + grouped_bars([str(n) for n in range(1, len(schools) + 1)],
                                               {"total": [s["reach"] for s in schools]}) + "</figure>")
    sexes = merged["reach_by_sex"]
    parts.append(f"<h2>{escape(label('by_sex', locale))}</h2><table>")
    for sex, value in sexes.items():
        parts.append(f'<tr><th>{escape(label(sex, locale))}</th><td dir="ltr">{_e(value["shown"])}</td>'
                     f'<td>{escape(label("suppressed_schools", locale))}: {_e(value["hidden"])}</td></tr>')
    parts.append("</table><figure>" + grouped_bars(["1"], {s: [v["shown"]] for s, v in sexes.items()}))
    parts.append(_key(list(sexes), locale) + "</figure>")
    modules = merged["modules"]
    parts.append(f"<h2>{escape(label('by_module', locale))}</h2><table><tr><th>{escape(label('module', locale))}</th>"
                 f"<th>{escape(label('started', locale))}</th><th>{escape(label('completed', locale))}</th>"
                 f"<th>{escape(label('completion_rate', locale))}</th></tr>")
    for number, (module_id, info) in enumerate(modules.items(), start=1):
        parts.append(f'<tr><td dir="ltr">{number}. {_e(module_id)}</td><td>{_e(info["started"])}</td>'
                     f'<td>{_e(info["completed"])}</td><td>{_e(_show(info["rate"]))}</td></tr>')
    parts.append("</table>")
    if modules:
        parts.append("<figure>" + grouped_bars([str(n) for n in range(1, len(modules) + 1)],
                                               {"completion_rate": [m["rate"] for m in modules.values()]},
                                               percent=True) + "</figure>")
    return _page(label("merged_title", locale), locale, "".join(parts))
