"""The generic form engine: schema checks, user override folder, sizes, two-block layout, multi-document."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.pdf.document import Cancelled, render_documents
from yanxiu_desktop.pdf.forms import FormData, load_form, parse_form, render_form, type_size, user_forms_dir

FORM = """
[form]
title = "测试表"
size = "小四"
[page]
number = "第 {page} 页 / 共 {pages} 页"
[[block]]
type = "title"
text = "{school}测试表"
[[block]]
type = "table"
two_blocks_over = 5
columns = [{ key = "#", header = "序号", width_mm = 10 }, { key = "name", header = "姓名", share = 2 }]
[[block]]
type = "lines"
lines = ["共 {n} 人，签名 {sign}"]
"""


def test_type_sizes() -> None:
    assert (type_size("四号"), type_size("小四"), type_size("五号"), type_size("小五")) == (14, 12, 10.5, 9)
    with pytest.raises(ValidationError):
        type_size("大四")


def test_schema_errors_named_in_chinese() -> None:
    bad = FORM.replace('type = "title"', 'type = "banner"').replace('size = "小四"', 'size = "特大"')
    with pytest.raises(ValidationError) as exc:
        parse_form(bad, name="x")
    text = "\n".join(exc.value.problems)
    assert "x.toml" in text and "banner" in text and "特大" in text
    with pytest.raises(ValidationError, match="格式有误"):
        parse_form("[form", name="x")


def test_render_two_blocks_blank_placeholder_and_pages(db) -> None:
    form = parse_form(FORM, name="t")
    rows = [{"name": f"人员{i}"} for i in range(1, 13)]
    pdf = render_form(form, FormData(values={"school": "甲校", "n": 12}, rows={"rows": rows}))
    r = PdfReader(io.BytesIO(pdf))
    text = r.pages[0].extract_text()
    assert "甲校测试表" in text and "共 12 人，签名 ＿＿＿" in text and "第 1 页 / 共 1 页" in text
    assert all(text.count(f"人员{i}") == 1 for i in range(2, 13))  # "人员1" is inside "人员10"…
    assert text.count("姓名") == 2  # two blocks side by side, each with its header


def test_user_override_folder_wins(db) -> None:
    bundled = load_form("signin")
    own = user_forms_dir()
    own.mkdir(parents=True, exist_ok=True)
    (own / "signin.toml").write_text(bundled.path.read_text(encoding="utf-8").replace(
        "校本研修活动签到表", "教研活动签到册"), encoding="utf-8")
    assert load_form("signin").path.parent == own
    pdf = render_form("signin", FormData(values={"school": "乙校"}, rows={"rows": [{"name": "张三"}]}))
    assert "乙校教研活动签到册" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_documents_numbered_separately_and_cancellable(db) -> None:
    form = parse_form(FORM, name="t")
    items = [(form, FormData(values={"school": s}, rows={"rows": [{"name": "某"}]})) for s in "甲乙丙"]
    r = PdfReader(io.BytesIO(render_documents(items)))
    assert len(r.pages) == 3 and all("第 1 页 / 共 1 页" in p.extract_text() for p in r.pages)
    with pytest.raises(Cancelled):
        render_documents(items, progress=lambda i, n: i < 1)
