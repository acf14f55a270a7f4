"""课堂教学评价表 (lesson-evaluation rubrics) as data: TOML files in ``forms/rubrics/``.

A rubric file has ``id``, ``version``, ``name``, ``items`` (key, name, descriptor, max, optional
level_scores for 优/良/中/差), optional ``bonus`` items and an optional ``cap`` on the total, and grade
``bands`` listed from the top (a total gets the first band whose ``min`` it reaches, so each band's lower
edge is included and its upper edge excluded). The policy's ``rubric`` field names the default.

An observation keeps the rubric version it was scored with: the first time a version is used its full
definition is copied into ``Setting`` (key ``rubric_snapshot:<id>@<version>``), so a later edit of the
file never re-scores old records.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.paths import forms_path

_SNAPSHOT_PREFIX = "rubric_snapshot:"


@dataclass(frozen=True)
class RubricItem:
    key: str
    name: str
    max: float
    descriptor: str = ""
    level_scores: tuple[float, ...] = ()  # points for 优/良/中/差, when the form offers ticks


@dataclass(frozen=True)
class Band:
    min: float
    label: str  # 优秀 / 良好 …
    level: str = ""  # the 等级 (优/良/中/差) this band suggests


@dataclass(frozen=True)
class Rubric:
    id: str
    version: str
    name: str
    items: tuple[RubricItem, ...]
    bonus: tuple[RubricItem, ...] = ()
    bands: tuple[Band, ...] = ()
    cap: float | None = None
    source: str = ""
    levels: tuple[str, ...] = field(default=("优", "良", "中", "差"))

    @property
    def max_total(self) -> float:
        return sum(i.max for i in self.items)

    def all_items(self) -> tuple[RubricItem, ...]:
        return self.items + self.bonus

    def validate_scores(self, scores: dict[str, float]) -> list[str]:
        problems: list[str] = []
        known = {i.key: i for i in self.all_items()}
        for key, value in scores.items():
            item = known.get(key)
            if item is None:
                problems.append(f"评价表「{self.name}」没有评分项「{key}」")
                continue
            if not isinstance(value, int | float) or isinstance(value, bool):
                problems.append(f"评分项「{item.name}」的分数应为数字")
            elif not 0 <= value <= item.max:
                problems.append(f"评分项「{item.name}」的分数应在 0～{_num(item.max)} 之间，不是 {_num(value)}")
        return problems

    def total(self, scores: dict[str, float]) -> float | None:
        """Sum of the scored items (bonus included, capped); None when nothing is scored."""
        values = [float(scores[i.key]) for i in self.all_items() if scores.get(i.key) is not None]
        if not values:
            return None
        t = sum(values)
        if self.cap is not None:
            t = min(t, self.cap)
        return round(t, 2)

    def band(self, total: float | None) -> Band | None:
        if total is None:
            return None
        for b in self.bands:
            if total >= b.min:
                return b
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "") -> Rubric:
        problems: list[str] = []
        place = where or str(d.get("id", "评价表"))
        for key in ("id", "version", "name"):
            if not str(d.get(key, "")).strip():
                problems.append(f"{place}：缺少 {key}")

        def items(rows: list[dict[str, Any]], what: str) -> tuple[RubricItem, ...]:
            out: list[RubricItem] = []
            for n, row in enumerate(rows, 1):
                try:
                    mx = float(row["max"])
                    item = RubricItem(key=str(row["key"]), name=str(row["name"]), max=mx,
                                      descriptor=str(row.get("descriptor", "")),
                                      level_scores=tuple(float(x) for x in row.get("level_scores", ())))
                except (KeyError, TypeError, ValueError):
                    problems.append(f"{place}：第 {n} 个{what}缺少 key、name 或 max")
                    continue
                if mx <= 0:
                    problems.append(f"{place}：{what}「{item.name}」的满分应大于 0")
                if any(not 0 <= s <= mx for s in item.level_scores):
                    problems.append(f"{place}：{what}「{item.name}」的等级分超出满分")
                out.append(item)
            return tuple(out)

        main = items(list(d.get("items", [])), "评分项")
        bonus = items(list(d.get("bonus", [])), "加分项")
        if not main:
            problems.append(f"{place}：至少需要一个评分项")
        keys = [i.key for i in main + bonus]
        if len(set(keys)) != len(keys):
            problems.append(f"{place}：评分项 key 重复")
        bands = tuple(Band(float(b["min"]), str(b["label"]), str(b.get("level", ""))) for b in d.get("bands", []))
        if any(a.min <= b.min for a, b in itertools.pairwise(bands)):
            problems.append(f"{place}：等级分段应从高到低排列")
        if problems:
            raise ValidationError(problems)
        cap = d.get("cap")
        return cls(id=str(d["id"]), version=str(d["version"]), name=str(d["name"]), items=main, bonus=bonus,
                   bands=bands, cap=float(cap) if cap is not None else None, source=str(d.get("source", "")),
                   levels=tuple(d.get("levels", ("优", "良", "中", "差"))))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def load_rubric_file(path: Path) -> Rubric:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"评价表文件 {path.name} 无法读取：{exc}") from exc
    return Rubric.from_dict(data, where=path.name)


def rubrics_dir() -> Path:
    return forms_path("rubrics")


def available_rubrics() -> list[Rubric]:
    """Every rubric file shipped or added by the school, by name."""
    return sorted((load_rubric_file(p) for p in sorted(rubrics_dir().glob("*.toml"))), key=lambda r: r.id)


def _snapshot(rubric_id: str, version: str) -> Rubric | None:
    from yanxiu_desktop.store.models import Setting

    row = Setting.get_or_none(Setting.key == f"{_SNAPSHOT_PREFIX}{rubric_id}@{version}")
    return Rubric.from_dict(row.value) if row is not None and row.value else None


def get_rubric(rubric_id: str, version: str | None = None) -> Rubric:
    """The rubric as it was at *version* (from its snapshot), else the current file."""
    if version:
        snap = _snapshot(rubric_id, version)
        if snap is not None:
            return snap
    path = rubrics_dir() / f"{rubric_id}.toml"
    if not path.is_file():
        raise NotFound(f"找不到评价表「{rubric_id}」（forms/rubrics/{rubric_id}.toml）")
    rubric = load_rubric_file(path)
    if version and rubric.version != version:
        raise NotFound(f"评价表「{rubric.name}」的第 {version} 版已不存在（当前为第 {rubric.version} 版）")
    return rubric


def default_rubric() -> Rubric:
    from yanxiu_desktop.domain.policy import load_policy

    return get_rubric(load_policy().rubric)


def remember(rubric: Rubric) -> None:
    """Keep this version's definition in the database (call inside the observation's transaction)."""
    from yanxiu_desktop.store.models import Setting

    key = f"{_SNAPSHOT_PREFIX}{rubric.id}@{rubric.version}"
    if Setting.get_or_none(Setting.key == key) is None:
        Setting.create(key=key, value=rubric.to_dict())
