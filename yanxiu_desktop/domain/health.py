"""Database checks: integrity, foreign keys, schema version, audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import current_path, database
from yanxiu_desktop.store.migrations import LATEST, schema_version


@dataclass
class HealthReport:
    path: str
    schema_version: int
    latest_version: int
    problems: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "schema_version": self.schema_version, "latest_version": self.latest_version,
                "ok": self.ok, "problems": self.problems, "details": self.details}


def check_database(quick: bool = False) -> HealthReport:
    db = database.obj
    version = schema_version(db)
    report = HealthReport(str(current_path()), version, LATEST)
    pragma = "quick_check" if quick else "integrity_check"
    rows = [r[0] for r in db.execute_sql(f"PRAGMA {pragma}").fetchall()]
    if rows != ["ok"]:
        report.problems.extend(f"完整性检查：{r}" for r in rows[:20])
    else:
        report.details.append("完整性检查：通过")
    fk = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if fk:
        report.problems.extend(f"外键不一致：表 {r[0]} 第 {r[1]} 行引用了不存在的 {r[2]}" for r in fk[:20])
    else:
        report.details.append("外键检查：通过")
    if version != LATEST:
        report.problems.append(f"架构版本 {version} 与程序版本 {LATEST} 不一致")
    chain = audit.verify_chain()
    if chain:
        report.problems.extend(p.message for p in chain[:20])
    else:
        report.details.append("审计日志链：完整")
    if not quick:
        _check_archive(report)
    return report


def _check_archive(report: HealthReport) -> None:
    """Attachment files present with their recorded hashes (when the attachments feature is installed)."""
    import importlib

    try:
        attachments = importlib.import_module("yanxiu_desktop.domain.attachments")
    except ModuleNotFoundError:
        return
    verify = getattr(attachments, "verify_archive", None)
    if verify is None:
        return
    archive = verify()
    messages = archive.messages()
    broken = len(archive.missing) + len(archive.corrupt)
    report.problems.extend(messages[:broken])
    report.details.extend(messages[broken:])
    if archive.ok:
        report.details.append(f"附件存档：{archive.checked} 个文件完好")
