"""pdf/ draws plain data: no module there queries the database, imports Qt or another module's private names."""

from __future__ import annotations

import ast
import datetime as dt
from io import BytesIO
from pathlib import Path

import peewee
import pytest
from pypdf import PdfReader

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import roster, rubrics, semesters
from yanxiu_desktop.domain.observations import ObservationInput, create_observation, observation_print_data
from yanxiu_desktop.domain.plan_table import plan_print_data
from yanxiu_desktop.pdf.observation import render_observation
from yanxiu_desktop.pdf.plan import render_plan

PDF_DIR = Path(__file__).resolve().parents[2] / "yanxiu_desktop" / "pdf"


def _runtime_imports(tree: ast.Module) -> list[ast.ImportFrom | ast.Import]:
    """Imports outside ``if TYPE_CHECKING:`` blocks."""
    out: list[ast.ImportFrom | ast.Import] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                out.append(child)
            walk(child)

    walk(tree)
    return out


@pytest.mark.parametrize("path", sorted(PDF_DIR.glob("*.py")), ids=lambda p: p.name)
def test_pdf_module_imports(path: Path) -> None:
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        for name in names:
            assert not name.startswith(("yanxiu_desktop.store", "peewee", "PySide6", "yanxiu_desktop.ui")), \
                f"{path.name}:{node.lineno} imports {name}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("yanxiu_desktop"):
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{path.name}:{node.lineno} imports private {private} from {node.module}"


def _no_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("pdf/ queried the database")

    monkeypatch.setattr(peewee.Database, "execute_sql", refuse)


def test_observation_and_plan_render_without_the_database(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sem = semesters.current_semester(DEMO_TODAY)
    a, b = roster.list_teachers()[:2]
    o = create_observation(sem, ObservationInput(
        observer_id=a.id, observed_id=b.id, date=sem.start_date + dt.timedelta(days=10), period=11,
        topic="《秋天的雨》", rubric_id=rubrics.default_rubric().id, st_samples="TTSSTTSSTT" * 3))
    obs, plan = observation_print_data(o.id), plan_print_data(sem, DEMO_TODAY)
    _no_queries(monkeypatch)
    obs_text = "".join(p.extract_text() for p in PdfReader(BytesIO(render_observation(obs))).pages)
    assert "《秋天的雨》" in obs_text and b.name in obs_text and "第 1 页 / 共" in obs_text
    plan_text = "".join(p.extract_text() for p in PdfReader(BytesIO(render_plan(plan))).pages)
    assert plan.school in plan_text and plan.months[0].label in plan_text
