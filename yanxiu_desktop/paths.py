"""Where data, backups and attachments live, and where bundled resources/ and forms/ are found.

Resources are looked up in this order so that a source checkout, an installed wheel and a
PyInstaller bundle behave alike:
1. a PyInstaller bundle (``sys._MEIPASS``/resources),
2. data shipped inside the installed package (``yanxiu_desktop/_data/resources``),
3. the source tree (``<repo>/resources``).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_DIR_NAME = "yanxiu_desktop"
DB_FILE_NAME = "yanxiu.sqlite3"
_PKG_DIR = Path(__file__).resolve().parent


def _candidates(top: str) -> list[Path]:
    out: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        out.append(Path(frozen) / top)
    out.append(_PKG_DIR / "_data" / top)
    out.append(_PKG_DIR.parent / top)
    return out


@cache
def _root(top: str) -> Path:
    for cand in _candidates(top):
        if cand.is_dir():
            return cand
    raise FileNotFoundError(f"找不到程序资源目录 {top}/（安装不完整？）")


def resource_path(*parts: str) -> Path:
    """A file or folder under the bundled ``resources/`` directory."""
    return _root("resources").joinpath(*parts)


def forms_path(*parts: str) -> Path:
    """A file or folder under the bundled ``forms/`` directory (printable form definitions)."""
    return _root("forms").joinpath(*parts)


def data_dir() -> Path:
    """The per-user data folder (database, backups, attachment archive)."""
    override = os.environ.get("YANXIU_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """``--db`` beats ``YANXIU_DB`` beats the user data folder."""
    env = os.environ.get("YANXIU_DB")
    if env:
        return Path(env)
    return data_dir() / DB_FILE_NAME


def archive_dir(db_path: Path) -> Path:
    """Attachments are kept next to the database they belong to, so a backup can carry both."""
    return db_path.with_name(db_path.stem + "-archive")


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-backups")
