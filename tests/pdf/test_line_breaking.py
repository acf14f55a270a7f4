"""Chinese line breaking in printed paragraphs: no line starts with ，；：？！% or 。 (避头点号)."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from yanxiu_desktop.pdf import fonts
from yanxiu_desktop.pdf.linebreak import LINE_START_FORBIDDEN

TEXT = ("研究生学历8人，占4%，本科学历120人，占60%；专科学历72人，占36%。是否达标？"
        "达标率100%！其中：教研组长12人，备课组长20人。")


def _lines(markup: str, width: float) -> list[str]:
    """The text of each printed line of *markup* wrapped at *width* points."""
    style = ParagraphStyle("p", fontName=fonts.SONG, fontSize=12, leading=18, wordWrap="CJK")
    para = Paragraph(markup, style)
    para.wrap(width, 10_000)
    return ["".join(line[1]) if isinstance(line, tuple)  # one-font paragraph: (extra space, [text])
            else "".join(w.text for w in line.words)  # several fonts: a line of fragments
            for line in para.blPara.lines]


def _line_starts(markup: str, width: float) -> list[str]:
    return [text[:1] for text in _lines(markup, width)[1:]]


@pytest.mark.parametrize("markup", [TEXT, TEXT.replace("占60%", f'<font name="{fonts.HEI}">占60%</font>')],
                         ids=["one font", "mixed fonts"])
def test_no_line_starts_with_forbidden_punctuation(markup: str) -> None:
    fonts.register_fonts()
    forbidden = set(LINE_START_FORBIDDEN) | set("。、）")
    checked = 0
    for width in range(120, 460, 2):  # ten characters a line and up: every break position the text meets
        starts = _line_starts(markup, width)
        assert not forbidden & set(starts), (width, starts)
        checked += len(starts)
    assert checked > 150  # the text really was broken into many lines


def test_markup_escape_is_the_standard_one() -> None:
    from xml.sax.saxutils import escape as standard

    from yanxiu_desktop.pdf.layout import escape

    for text in ("课题<研究>&反思", "A&amp;B", "<br/>", "无特殊字符", "&&<<>>", ""):
        assert escape(text) == standard(text)


OPENERS = "（《“【"
BRACKETED = ("学习心得《“双减”背景下的作业设计》读后感（一万字），案例评析【县级】“一次课堂意外的处理”（已交），"
             "读书笔记《给教师的建议》（苏霍姆林斯基）有感“教师的时间从哪里来”（二）。")


@pytest.mark.parametrize("markup", [BRACKETED, BRACKETED.replace("案例评析", f'<font name="{fonts.HEI}">案例评析</font>')],
                         ids=["one font", "mixed fonts"])
def test_no_line_ends_with_an_opening_bracket_or_quote(markup: str) -> None:
    fonts.register_fonts()
    fonts.register_fonts()  # idempotent: the splitters are wrapped once
    checked = 0
    for width in range(60, 400, 1):  # five characters a line and up
        ends = [text[-1:] for text in _lines(markup, width)[:-1]]
        assert not set(OPENERS) & set(ends), (width, ends)
        assert "".join(_lines(markup, width)).replace(" ", "") == _plain(markup)  # nothing lost or doubled
        checked += len(ends)
    assert checked > 300


def _plain(markup: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", markup).replace(" ", "")


def test_moving_an_opener_down_keeps_every_character_in_order() -> None:
    from reportlab.lib import textsplit

    fonts.register_fonts()
    lines = textsplit.dumbSplit("甲乙（丙丁戊己", [10.0] * 7, 30)
    assert [t for _x, t in lines] == ["甲乙", "（丙丁", "戊己"]
    assert [x for x, _t in lines] == [10.0, 0.0, 10.0]  # the room left on each line
    assert textsplit.dumbSplit("甲乙丙丁", [10.0] * 4, 30) == [[0.0, "甲乙丙"], [20.0, "丁"]]  # untouched
