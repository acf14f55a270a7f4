from __future__ import annotations

import pytest

from yanxiu_desktop.domain.names import matches, normalize_name, pinyin_of


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张三丰", "zhang san feng", "zsf"),
        ("曾国藩", "zeng guo fan", "zgf"),
        ("单田芳", "shan tian fang", "stf"),
        ("解缙", "xie jin", "xj"),
        ("仇英", "qiu ying", "qy"),
        ("区家明", "ou jia ming", "ojm"),
        ("覃静", "qin jing", "qj"),
        ("查良镛", "zha liang yong", "zly"),
        ("欧阳修", "ou yang xiu", "oyx"),
        ("长孙无忌", "zhang sun wu ji", "zswj"),
        ("尉迟恭", "yu chi gong", "ycg"),
        ("万俟卨", "mo qi xie", "mqx"),
        ("朴正", "piao zheng", "pz"),
    ],
)
def test_surname_readings(name: str, full: str, initials: str) -> None:
    assert pinyin_of(name) == (full, initials)


def test_padding_and_fullwidth_are_folded_but_rare_chars_kept() -> None:
    assert normalize_name(" 张\u3000 三 ") == "张三"
    assert normalize_name("李𬭚") == "李𬭚"
    assert normalize_name("王犇") == "王犇"


@pytest.mark.parametrize("query", ["zsf", "zs", "sf", "zhangsanfeng", "zhangsf", "zhang san", "张三", "三丰"])
def test_search_finds(query: str) -> None:
    assert matches(query, "张三丰", "zhang san feng", "zsf")


@pytest.mark.parametrize("query", ["lsf", "zhangsi", "李"])
def test_search_rejects(query: str) -> None:
    assert not matches(query, "张三丰", "zhang san feng", "zsf")
