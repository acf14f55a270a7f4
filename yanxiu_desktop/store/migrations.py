"""Schema versions in ``PRAGMA user_version`` and an ordered list of steps, each in one transaction.

A step is never edited once a version has shipped: add a new step instead. A file written by a newer
program is refused, never "downgraded".
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import SqliteDatabase

from yanxiu_desktop.store.db import SchemaTooNewError, StoreError


def _v1_initial(db: SqliteDatabase) -> None:
    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.models import V1_MODELS

    db.create_tables(V1_MODELS, safe=False)
    audit.install_triggers(db)


def _v2_hours_credit(db: SqliteDatabase) -> None:
    from yanxiu_desktop.store.models import HoursCredit

    db.create_tables([HoursCredit], safe=False)


Step = tuple[int, str, Callable[[SqliteDatabase], None]]

STEPS: list[Step] = [
    (1, "initial schema", _v1_initial),
    (2, "学时认定 (hours_credit)", _v2_hours_credit),
]
LATEST = STEPS[-1][0]


def schema_version(db: SqliteDatabase) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def pending_steps(db: SqliteDatabase) -> list[Step]:
    version = schema_version(db)
    if version > LATEST:
        raise SchemaTooNewError(
            f"此数据库由更新版本的研修通创建（架构版本 {version}），当前程序只支持到版本 {LATEST}。"
            "请安装新版程序后再打开，文件未做任何修改。"
        )
    return [s for s in STEPS if s[0] > version]


def migrate(db: SqliteDatabase, before: Callable[[int, int], None] | None = None) -> int:
    """Apply pending steps; *before(old, new)* runs first when there is work (e.g. a backup)."""
    steps = pending_steps(db)
    if not steps:
        return schema_version(db)
    if before is not None and schema_version(db) > 0:
        before(schema_version(db), steps[-1][0])
    for version, title, func in steps:
        try:
            with db.atomic():
                func(db)
                db.execute_sql(f"PRAGMA user_version = {int(version)}")
        except Exception as exc:
            raise StoreError(f"数据库升级到版本 {version}（{title}）失败，已回滚：{exc}") from exc
    return schema_version(db)
