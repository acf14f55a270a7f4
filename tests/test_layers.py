"""Architecture rules that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "yanxiu_desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_ui_imports_pyside6() -> None:
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[0] == "ui":
            continue
        if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in _imports(path)):
            offenders.append(str(rel))
    assert offenders == [], f"PySide6 imported outside ui/: {offenders}"


def test_store_does_not_import_domain_or_ui() -> None:
    for path in (PKG / "store").rglob("*.py"):
        bad = [n for n in _imports(path) if n.startswith(("yanxiu_desktop.domain", "yanxiu_desktop.ui"))]
        assert bad == [], f"{path.name} imports {bad}"


def test_pdf_and_excel_do_not_import_ui() -> None:
    for sub in ("pdf", "excel", "domain"):
        for path in (PKG / sub).rglob("*.py"):
            bad = [n for n in _imports(path) if n.startswith("yanxiu_desktop.ui")]
            assert bad == [], f"{sub}/{path.name} imports {bad}"


def test_ui_does_not_import_commands() -> None:
    """The GUI calls the domain (and fileio) directly, never the command-line layer."""
    offenders = []
    for path in (PKG / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                bad = [a.name for a in node.names if a.name.startswith("yanxiu_desktop.commands")]
            elif isinstance(node, ast.ImportFrom) and node.module:
                bad = [node.module] if node.module.startswith("yanxiu_desktop.commands") else [
                    f"{node.module}.{a.name}" for a in node.names
                    if node.module == "yanxiu_desktop" and a.name == "commands"]
            else:
                continue
            offenders += [f"{path.relative_to(PKG)}: {b}" for b in bad]
    assert offenders == [], f"ui/ imports the command layer: {offenders}"
