"""Students' folders as the kit sees them from outside the sandbox, every access through safefs.

  KIT_HOME/notebooks/<student id>/        the student's own folder (their HOME; the only writable place)
      work/                                what JupyterLab shows: the student's copies of notebooks
  KIT_HOME/notebook-servers/<student id>/ written by the kit at each start, read-only for the server
"""

from __future__ import annotations

import os
from pathlib import Path

from . import safefs

MB = 1024 * 1024
MAX_READ = 20 * MB  # the biggest copy the kit reads into memory to show or compare
# Folders the server needs in the student's home (the environment in serverconf.py points there).
HOME_FOLDERS = ("work", ".rt", ".ipython", ".config/matplotlib", ".local/share/jupyter",
                ".jupyter/lab/user-settings", ".jupyter/lab/workspaces")


class StudentFolders:
    def __init__(self, home):
        self.home = Path(home)

    def student_dir(self, student_id: int) -> Path:
        return self.home / "notebooks" / str(int(student_id))

    def work_dir(self, student_id: int) -> Path:
        return self.student_dir(student_id) / "work"

    def run_dir(self, student_id: int) -> Path:
        return self.home / "notebook-servers" / str(int(student_id))

    def copy_path(self, student_id: int, source: Path) -> Path:
        return self.work_dir(student_id) / Path(source).name

    def _root(self, student_id: int) -> Path:
        """The student's folder, made if missing (its parents are the kit's own)."""
        root = self.student_dir(student_id)
        root.parent.mkdir(parents=True, exist_ok=True)
        try:
            root.mkdir(mode=0o755)
        except FileExistsError:
            pass
        return root

    def ensure_copy(self, student_id: int, source: Path) -> Path:
        """The student's own copy of `source`, made the first time; never overwritten. A link (or a
        folder) in its place is moved aside, never written through."""
        name = Path(source).name
        safefs.write_new(self._root(student_id), f"work/{name}", Path(source).read_bytes(), keep=True)
        return self.copy_path(student_id, source)

    def reset_copy(self, student_id: int, source: Path) -> Path:
        """A fresh copy; the old one is kept once as `<name>.old` in case the reset was a mistake.
        What is renamed is the entry itself: a link stays a link, it is not followed."""
        name = Path(source).name
        safefs.rename(self._root(student_id), f"work/{name}", name + ".old")
        return self.ensure_copy(student_id, source)

    def read_copy(self, student_id: int, name: str, max_bytes: int = MAX_READ) -> bytes | None:
        """A copy's content, None when there is none; LinkRefused for a link, TooLarge past max_bytes."""
        return safefs.read_bytes(self.student_dir(student_id), f"work/{name}", max_bytes)

    def copy_stat(self, student_id: int, name: str) -> os.stat_result | None:
        """The copy's own stat (None when missing); LinkRefused when it is not a plain file."""
        if not self.student_dir(student_id).is_dir():
            return None
        return safefs.file_stat(self.student_dir(student_id), f"work/{name}")

    def prepare_home(self, student_id: int) -> Path:
        """Every folder the server needs; a link or a file in the way is moved aside (so no link a
        student plants can make the kit write elsewhere, nor stop their server from starting)."""
        root = self._root(student_id)
        for sub in HOME_FOLDERS:
            os.close(safefs.open_dir(root, sub, create=True))
        return root

    def usage(self, student_id: int) -> tuple[int, int]:
        """(bytes, entries) in the student's folder; (0, 0) before it exists."""
        if not self.student_dir(student_id).is_dir():
            return 0, 0
        return safefs.usage(self.student_dir(student_id))
