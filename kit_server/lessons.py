"""The lesson catalog the running kit serves: loaded once at start, read-only afterwards."""
from __future__ import annotations

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


def load_for_app(app) -> Catalog:
    """Validate every lesson; raises ContentError listing all problems unless skip_broken is set.

    A pack's module replaces a built-in module with the same id (that is how a pack upgrades
    content); progress is keyed by lesson id and version, so students keep their work."""
    from .content.model import make_catalog
    from .demo_ids import DEMO_IDS

    modules, broken = {}, {}
    for folder in lesson_dirs(app):
        part = load_catalog(folder, list(DEMO_IDS), Path(app.config["NOTEBOOKS_DIR"]),
                            skip_broken=app.config.get("SKIP_BROKEN_LESSONS", False), image_url=image_url)
        modules.update({module.id: module for module in part.modules})
        broken.update(part.broken)
    catalog = make_catalog(modules.values(), broken)
    app.extensions["kit_catalog"] = catalog
    return catalog


def catalog() -> Catalog:
    return current_app.extensions["kit_catalog"]
