"""The lesson catalog the running kit serves: loaded once at start, read-only afterwards."""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from flask import current_app

from .content import Catalog, load_catalog

LESSON_FILES_PREFIX = "/lesson-files"


def image_url(owner_id: str, filename: str) -> str:
    # A fixed prefix (the route in runner/routes.py) because the catalog is built before any request.
    return f"{LESSON_FILES_PREFIX}/{owner_id}/{filename}"


def lesson_dirs(app) -> list[Path]:
    """The kit's own lessons, then those of every installed content pack."""
    from .packs.install import installed_lesson_dirs

    return [Path(app.config["LESSONS_DIR"]), *installed_lesson_dirs(Path(app.config["KIT_HOME"]))]


# Built catalogs by the fingerprint of the files they were built from. Reading and rendering every
# lesson takes seconds on a weak PC; an app built again over unchanged files (tests, a pack reload
# that failed, a second app in one process) reuses the catalog, which is read-only.
_BUILT: OrderedDict[tuple, Catalog] = OrderedDict()
_KEEP = 4


def _fingerprint(folders: list[Path], *extra) -> tuple:
    """Every file's path, size and modification time: any edit, addition or removal changes it."""
    files = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return (tuple(str(f) for f in folders), tuple(files), *extra)


def load_for_app(app) -> Catalog:
    """Validate every lesson; raises ContentError listing all problems unless skip_broken is set.

    A pack's module replaces a built-in module with the same id (that is how a pack upgrades
    content); progress is keyed by lesson id and version, so students keep their work."""
    from .demos import DEMO_IDS

    folders = lesson_dirs(app)
    notebooks = Path(app.config["NOTEBOOKS_DIR"])
    skip_broken = app.config.get("SKIP_BROKEN_LESSONS", False)
    key = _fingerprint([*folders, notebooks], skip_broken, tuple(DEMO_IDS))
    if key not in _BUILT:
        _BUILT[key] = _build(folders, notebooks, skip_broken, DEMO_IDS)
        while len(_BUILT) > _KEEP:
            _BUILT.popitem(last=False)
    app.extensions["kit_catalog"] = _BUILT[key]
    return _BUILT[key]


def _build(folders, notebooks, skip_broken, demo_ids) -> Catalog:
    from .content.model import make_catalog

    modules, broken = {}, {}
    for folder in folders:
        part = load_catalog(folder, list(demo_ids), notebooks, skip_broken=skip_broken, image_url=image_url)
        modules.update({module.id: module for module in part.modules})
        broken.update(part.broken)
    return make_catalog(modules.values(), broken)


def catalog() -> Catalog:
    return current_app.extensions["kit_catalog"]
