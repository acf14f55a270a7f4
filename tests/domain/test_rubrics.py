import pytest

from yanxiu_desktop.domain import rubrics
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.policy import preset


def test_presets_load_and_sum_to_100() -> None:
    ids = {r.id: r for r in rubrics.available_rubrics()}
    assert {"five_aspects_100", "five_items_100", "seven_items_100"} <= set(ids)
    for r in ids.values():
        assert r.max_total == 100
    assert [i.name for i in ids["five_aspects_100"].items] == ["导纲预学", "差异合作", "分层训练", "差异辅导",
                                                                "分层评价"]
    assert [i.max for i in ids["five_items_100"].items] == [10, 15, 25, 30, 20]
    assert [i.max for i in ids["seven_items_100"].items] == [10, 10, 20, 20, 10, 20, 10]


def test_policy_default_rubric_exists() -> None:
    assert rubrics.get_rubric(preset("fenxiang_40").rubric).id == "five_aspects_100"


def test_seven_item_bands_edges() -> None:
    r = rubrics.get_rubric("seven_items_100")
    assert r.band(85).label == "优秀"
    assert r.band(84.5).label == "良好"
    assert r.band(75).label == "良好"
    assert r.band(74.9).label == "一般"
    assert r.band(60).label == "一般"
    assert r.band(59.5).label == "待改进"
    assert r.band(0).level == "差"
    assert r.band(None) is None


def test_totals_bonus_and_cap() -> None:
    r = rubrics.get_rubric("five_items_100")
    assert r.total({}) is None
    assert r.total({"goal": 8, "content": 12.5}) == 20.5
    full = {i.key: i.max for i in r.items}
    assert r.total(full) == 100
    assert r.total({**full, "innovation": 5}) == 100  # capped
    assert r.total({"goal": 8, "innovation": 3}) == 11


def test_validate_scores_names_item() -> None:
    r = rubrics.get_rubric("five_items_100")
    problems = r.validate_scores({"goal": 11, "nope": 1})
    assert any("教学目标" in p and "0～10" in p for p in problems)
    assert any("nope" in p for p in problems)


def test_snapshot_keeps_old_version(db, tmp_path, monkeypatch) -> None:
    r = rubrics.get_rubric("seven_items_100")
    rubrics.remember(r)
    changed = tmp_path / "seven_items_100.toml"
    text = (rubrics.rubrics_dir() / "seven_items_100.toml").read_text(encoding="utf-8")
    changed.write_text(text.replace('version = "1"', 'version = "2"').replace("max = 10\n", "max = 15\n", 1),
                       encoding="utf-8")
    monkeypatch.setattr(rubrics, "rubrics_dir", lambda: tmp_path)
    assert rubrics.get_rubric("seven_items_100").version == "2"
    old = rubrics.get_rubric("seven_items_100", "1")
    assert old.items[0].max == 10 and old == r
    with pytest.raises(NotFound):
        rubrics.get_rubric("seven_items_100", "9")


def test_bad_rubric_file_is_named(tmp_path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text('id = "x"\nversion = "1"\nname = "坏"\n[[items]]\nkey = "a"\nname = "甲"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad\.toml"):
        rubrics.load_rubric_file(p)
