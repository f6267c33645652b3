"""For the programme: merging bundles from many schools into one combined report.

The output folder keeps every accepted bundle under bundles/<report id>/, so merging is idempotent:
the same bundle given three times (or again next week) counts once, the same report id with other
contents is refused, and a higher revision of a school's period replaces the lower one. The combined
files are recomputed from the kept bundles each time, in a fixed order, so they never depend on the
order of the arguments.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from collections import defaultdict
from pathlib import Path

from . import signing
from .bundle import MANIFEST, read_bundle, sha256, write_folder
from .builder import canonical_json
from .summary import render_merged
from .verify import BundleError, verify_bundle

KEPT = "bundles"


class MergeError(Exception):
    pass


def find_bundles(paths) -> list[Path]:
    """Bundle folders among the paths: a bundle itself, or a folder holding bundles (a USB stick)."""
    found = []
    for path in map(Path, paths):
        if (path / MANIFEST).is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p.parent for p in path.rglob(MANIFEST) if KEPT not in p.parts[len(path.parts):]))
        else:
            raise MergeError(f"{path} is neither a bundle nor a folder of bundles")
    return found


def load_keys(folder) -> dict[str, bytes]:
    """fingerprint -> PEM for every *.pub in the folder (the schools the programme registered)."""
    keys = {}
    for path in sorted(Path(folder).glob("*.pub")):
        data = path.read_bytes()
        try:
            keys[signing.fingerprint(signing.load_public(data))] = data
        except signing.KeyError_ as error:
            raise MergeError(f"{path.name}: {error}") from None
    return keys


def merge(paths, out, keys: dict[str, bytes] | None) -> dict:
    """Check and keep the bundles, then write combined.json, combined.csv and summary.html into OUT."""
    out = Path(out)
    kept_dir = out / KEPT
    kept = _kept(kept_dir)
    added = 0
    for folder in find_bundles(paths):
        manifest = _check(folder, keys)
        digest = sha256(read_bundle(folder)[MANIFEST])
        same = kept.get(manifest["report_id"])
        if same is not None:
            if same["digest"] != digest:
                raise MergeError(f"report {manifest['report_id']} was given twice with different contents "
                                 f"({folder}); nothing was merged from it")
            continue
        kept[manifest["report_id"]] = {"digest": digest, "report": json.loads((folder / "report.json").read_bytes())}
        write_folder(kept_dir / manifest["report_id"], read_bundle(folder))
        added += 1
    current = _latest_revisions(kept, kept_dir)
    combined = combine([current[k] for k in sorted(current)])
    out.mkdir(parents=True, exist_ok=True)
    write_folder(out / "combined", {
        "combined.json": canonical_json(combined),
        "combined.csv": _combined_csv(kept_dir, sorted(current)),
        "summary.html": render_merged(combined).encode("utf-8"),
    })
    return {"added": added, "reports": len(current), "folder": out / "combined"}


def _check(folder: Path, keys) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        key = None if keys is None else keys.get(manifest.get("key_id"))
        if keys is not None and key is None:
            raise MergeError(f"{folder}: signed by an unknown key {manifest.get('key_id')}; register it first")
        return verify_bundle(folder, key)
    except BundleError as error:
        raise MergeError(f"refused: {error}") from None
    except ValueError:
        raise MergeError(f"refused: {folder}: manifest.json is not JSON") from None


def _kept(kept_dir: Path) -> dict:
    kept = {}
    if kept_dir.is_dir():
        for folder in sorted(kept_dir.iterdir()):
            if (folder / MANIFEST).is_file():
                kept[folder.name] = {"digest": sha256((folder / MANIFEST).read_bytes()),
                                     "report": json.loads((folder / "report.json").read_bytes())}
    return kept


def _latest_revisions(kept: dict, kept_dir: Path) -> dict:
    """report id -> report, keeping only the highest revision of each school's period; lower
    revisions leave the store for good (a later import of them is then simply kept aside again)."""
    best = {}
    for report_id, item in kept.items():
        report = item["report"]
        slot = (report["school_id"], report["type"], report["period"]["start"], report["period"]["end"])
        if slot not in best or report["revision"] > best[slot]["revision"]:
            best[slot] = report
    current = {r["report_id"]: r for r in best.values()}
    for report_id in list(kept):
        if report_id not in current:
            shutil.rmtree(kept_dir / report_id, ignore_errors=True)
    return current


def combine(reports: list[dict]) -> dict:
    schools, modules = [], defaultdict(lambda: {"started": 0, "completed": 0, "hidden": 0})
    sexes = defaultdict(lambda: {"shown": 0, "hidden": 0})
    for report in reports:
        reach = report["tables"]["reach"]
        total = reach["cells"][-1][-1]
        schools.append({"school_id": report["school_id"], "report_id": report["report_id"],
                        "revision": report["revision"],
                        "period": f"{report['period']['start']}..{report['period']['end']}",
                        "reach": total, "indicators": report["indicators"]})
        for sex, row in zip(reach["rows"][:-1], reach["cells"][:-1]):
            _add(sexes[sex], row[-1])
        for key, table in report["tables"].items():
            if key.startswith("progress:"):
                totals = table["cells"][-1]
                item = modules[key.split(":", 1)[1]]
                for name, value in zip(table["cols"], totals):
                    if name in ("started", "completed"):
                        if isinstance(value, int):
                            item[name] += value
                        else:
                            item["hidden"] += 1
    for item in modules.values():
        item["rate"] = round(item["completed"] / item["started"], 2) if item["started"] else None
    return {"schema_version": 1, "reports": [{"report_id": r["report_id"], "school_id": r["school_id"],
                                              "revision": r["revision"], "period": r["period"]} for r in reports],
            "schools": schools, "reach_by_sex": dict(sorted(sexes.items())),
            "modules": dict(sorted(modules.items())),
            "note": "sums of shown cells; hidden counts the cells that were suppressed in a school's report"}


def _add(slot: dict, value) -> None:
    if isinstance(value, int):
        slot["shown"] += value
    else:
        slot["hidden"] += 1


def _combined_csv(kept_dir: Path, report_ids: list[str]) -> bytes:
    out = io.StringIO()
    writer = None
    for report_id in report_ids:
        rows = list(csv.reader(io.StringIO((kept_dir / report_id / "report.csv").read_text("utf-8"))))
        if writer is None:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(rows[0])
        writer.writerows(rows[1:])
    return out.getvalue().encode("utf-8")
