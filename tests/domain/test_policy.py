from __future__ import annotations

from pathlib import Path

import pytest

from yanxiu_desktop.domain import policy as pol
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.store.models import AuditEntry


def test_presets_are_valid_and_follow_the_seeds() -> None:
    for p in pol.PRESETS.values():
        p.validate()
    p16 = pol.preset("fenxiang_40")
    assert [(c.name, c.required) for c in p16.hours_categories] == [
        ("学校培训", 16), ("自主研修", 8), ("高效课堂探究", 8), ("小课题教研", 8)]
    assert p16.absence_rule_enabled and abs(p16.absence_rule_fraction - 1 / 3) < 1e-12
    p60 = pol.preset("zhidu_60")
    assert p60.required_hours == 60 and p60.observations_per_month == 4
    assert p60.quota_for_role("校级领导") == 30 and p60.quota_for_role("教研组长") == 20
    assert p60.quota_for_role("教师") == 15
    assert pol.preset("guanli_40").group_interval_days == 14


def test_default_then_save_and_reload(db: Path) -> None:
    assert pol.load_policy().preset == pol.DEFAULT_PRESET
    p = pol.preset("zhidu_60")
    p.required_hours = 72
    pol.save_policy(p)
    assert pol.load_policy().required_hours == 72
    assert AuditEntry.select().where(AuditEntry.table_name == "setting").count() == 1


def test_invalid_policy_is_refused_and_nothing_saved(db: Path) -> None:
    p = pol.preset("fenxiang_40")
    p.hours_categories[0].required = 100
    p.minutes_per_hour = 5
    with pytest.raises(ValidationError) as info:
        pol.save_policy(p)
    assert any("超过" in m for m in info.value.problems)
    assert any("分钟" in m for m in info.value.problems)
    assert pol.load_policy().hours_categories[0].required == 16


def test_unknown_preset() -> None:
    with pytest.raises(ValidationError, match="预设"):
        pol.preset("nope")


def test_nonsense_settings_are_refused_naming_the_field(db: Path) -> None:
    before = pol.load_policy()
    p = pol.preset("fenxiang_40")
    p.hours_categories[1].required = float("nan")
    p.mentor_observations = -5
    p.weight_hours = p.weight_attendance = p.weight_observations = p.weight_portfolio = 0
    p.hours_statuses = []
    p.portfolio_requirements = [pol.PortfolioRequirement("日记", -2, "年")]
    with pytest.raises(ValidationError) as info:
        pol.save_policy(p)
    text = "\n".join(info.value.problems)
    for words in (f"学时类别「{p.hours_categories[1].name}」的要求不是有效的数字", "师徒互听节数不能为负数",
                  "四项权重不能都为 0", "计入学时的考勤状态", "档案材料要求第 1 行：材料类别「日记」无效",
                  "篇数至少为 1", "周期「年」无效"):
        assert words in text, words
    assert pol.load_policy() == before  # nothing saved
    for name in ("zhidu_60", "guanli_40", "fenxiang_40"):  # the presets themselves pass
        pol.preset(name).validate()
