"""Shared fixtures: every test gets a fresh database created by the app's own init."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEMO_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user data folder from a test."""
    monkeypatch.setenv("YANXIU_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("YANXIU_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "yanxiu.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Path]:
    """An empty, migrated database bound to the models."""
    from yanxiu_desktop.store.db import close_database, open_database

    open_database(db_path)
    yield db_path
    close_database()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from yanxiu_desktop.domain.demo import build_demo
    from yanxiu_desktop.store.db import close_database, database, open_database

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    open_database(path)
    # A fixed "today" keeps demo data (terms, ages) stable whatever day the suite runs.
    build_demo(teachers=60, seed=7, today=DEMO_TODAY)
    # Checkpoint so the copied file holds everything (no -wal beside it).
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    return path


@pytest.fixture
def demo_db(_demo_template: Path, db_path: Path) -> Iterator[Path]:
    """A copy of the demo school (60 teachers, two terms, groups, mentor pairs)."""
    from yanxiu_desktop.store.db import close_database, open_database

    shutil.copyfile(_demo_template, db_path)
    open_database(db_path)
    yield db_path
    close_database()
