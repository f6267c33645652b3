"""For the programme: merging bundles from many schools into one combined report.

The output folder keeps every accepted bundle under bundles/<report id>/, so merging is idempotent:
the same bundle given three times (or again next week) counts once, the same report id with other
contents is refused, and a higher revision of a school's period replaces the lower one. The combined
files are recomputed from the kept bundles each time, in a fixed order, so they never depend on the
order of the arguments.

Bundles come from outside, so every one goes through bundlecheck (sizes, schema, signature) before
anything is written, and no path is ever built from a bundle's field without checking it is a UUID
and that the folder stays inside OUT/bundles. Each registered key is bound to its school: the key
file is named after the school id (`<school id>.pub`, as the kit's admin page downloads it).
"""
from __future__ import annotations

import os
import shutil
from collections import defaultdict
from pathlib import Path

from . import signing
from .builder import canonical_json
from .bundle import to_csv, write_folder
from .bundlecheck import MANIFEST, Bundle, BundleError, check, check_signed, is_uuid, read_folder, read_zip
from .summary import render_merged

KEPT = "bundles"


class MergeError(Exception):
    pass


def find_bundles(paths) -> list[Path]:
    """Bundles among the paths: a bundle folder, a zipped bundle, or a folder holding them (a USB
    stick). Links inside the folders are not followed."""
    found = []
    for path in (Path(p).resolve() for p in paths):
        if path.is_file() and path.suffix == ".zip":
            found.append(path)
        elif (path / MANIFEST).is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(_walk(path))
        else:
            raise MergeError(f"{path} is neither a bundle nor a folder of bundles")
    return found


def _walk(top: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not (folder == str(top) and d == KEPT))
        if MANIFEST in files:
            found.append(Path(folder))
            dirs[:] = []
    return sorted(found)


def load_keys(folder) -> dict[str, bytes]:
    """school id -> PEM for every `<school id>.pub` in the folder (the schools the programme registered)."""
    keys = {}
    for path in sorted(Path(folder).glob("*.pub")):
        if not is_uuid(path.stem):
            raise MergeError(f"{path.name}: name each key file after its school id, like "
                             "3f2b…-….pub (the kit's admin page downloads it with that name)")
        data = path.read_bytes()[:10_000]
        try:
            signing.load_public(data)
        except signing.KeyError_ as error:
            raise MergeError(f"{path.name}: {error}") from None
        keys[path.stem] = data
    return keys


def load_bundle(source: Path, keys: dict[str, bytes] | None) -> Bundle:
    """Read and check one bundle; MergeError (one line) if anything is wrong with it."""
    try:
        files = read_zip(source.read_bytes()[: 8_000_001], source.name) if source.is_file() else read_folder(source)
        return check(files, None, source.name) if keys is None else check_signed(files, keys.get, source.name)
    except BundleError as error:
        raise MergeError(f"refused: {error}") from None
    except OSError as error:
        raise MergeError(f"refused: {source.name}: cannot be read ({error.strerror})") from None


def merge(paths, out, keys: dict[str, bytes] | None, *, unsigned: bool = False) -> dict:
    """Check and keep the bundles, then write combined.json, combined.csv and summary.html into OUT.
    Without keys the merge is refused unless `unsigned` says the caller means it."""
    if keys is None and not unsigned:
        raise MergeError("give --keys (the schools' public keys) or, to merge without checking any "
                         "signature, --unsigned")
    out = Path(out)
    kept_dir = out / KEPT
    kept = _kept(kept_dir)
    bundles = [load_bundle(source, keys) for source in find_bundles(paths)]  # all checked before any write
    added = 0
    for bundle in bundles:
        same = kept.get(bundle.report_id)
        if same is not None:
            if same["digest"] != bundle.digest:
                raise MergeError(f"report {bundle.report_id} was given twice with different contents; "
                                 "nothing was merged from it")
            continue
        kept[bundle.report_id] = {"digest": bundle.digest, "report": bundle.report}
        write_folder(_inside(kept_dir, bundle.report_id), bundle.files)
        added += 1
    current = _latest_revisions(kept, kept_dir)
    combined = combine([current[k] for k in sorted(current)])
    out.mkdir(parents=True, exist_ok=True)
    write_folder(out / "combined", {
        "combined.json": canonical_json(combined),
        "combined.csv": _combined_csv([current[k] for k in sorted(current)]),
        "summary.html": render_merged(combined).encode("utf-8"),
    })
    return {"added": added, "reports": len(current), "folder": out / "combined"}


def _inside(kept_dir: Path, report_id: str) -> Path:
    """The kept folder of a report, after checking the id cannot lead anywhere else."""
    if not is_uuid(report_id):
        raise MergeError(f"refused: {report_id!r:.80} is not a report id")
    base = kept_dir.resolve() if kept_dir.exists() else kept_dir.absolute()
    target = base / report_id
    if target.parent != base or (target.exists() and (target.is_symlink() or target.resolve().parent != base)):
        raise MergeError(f"refused: {report_id} would leave {kept_dir}")
    return target


def _kept(kept_dir: Path) -> dict:
    kept = {}
    if kept_dir.is_dir():
        for entry in sorted(os.scandir(kept_dir), key=lambda e: e.name):
            if not is_uuid(entry.name) or entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                continue  # not ours: never read, never deleted
            try:
                bundle = check(read_folder(entry.path), None, entry.name)
            except BundleError as error:
                raise MergeError(f"a kept bundle is damaged: {error}") from None
            kept[entry.name] = {"digest": bundle.digest, "report": bundle.report}
    return kept


def _latest_revisions(kept: dict, kept_dir: Path) -> dict:
    """report id -> report, keeping only the highest revision of each school's period; lower
    revisions leave the store for good (a later import of them is then simply kept aside again)."""
    best = {}
    for item in kept.values():
        report = item["report"]
        slot = (report["school_id"], report["type"], report["period"]["start"], report["period"]["end"])
        if slot not in best or report["revision"] > best[slot]["revision"]:
            best[slot] = report
    current = {r["report_id"]: r for r in best.values()}
    for report_id in list(kept):
        if report_id not in current:
            shutil.rmtree(_inside(kept_dir, report_id), ignore_errors=True)
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


def _combined_csv(reports: list[dict]) -> bytes:
    """Made again from each checked report.json, never copied from a bundle's report.csv (which only
    its hash vouches for), so no text from a bundle reaches the programme's spreadsheet."""
    lines = []
    for number, report in enumerate(reports):
        rows = to_csv(report).decode("utf-8").splitlines(keepends=True)
        lines.extend(rows if number == 0 else rows[1:])
    return "".join(lines).encode("utf-8")
