"""Chinese line breaking for ReportLab (GB/T 15834 标点符号用法): no line starts with a closing mark
(避头: ，；：？！% beyond ReportLab's own list) and none but the last ends with an opening bracket or quote
(避尾: （《“【…, which ReportLab lists but never applies). Installed once, when the fonts are registered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Characters a Chinese line must not start with (GB/T 15834 标点符号用法, 避头点号) that ReportLab's
# CJK wrapping does not list: it has 。、）％ but not the full-width comma, semicolon, colon, ? and !,
# nor the ASCII % every report writes after a number ("占60" / "%…").
LINE_START_FORBIDDEN = "，；：？！%"


def extend_line_breaking_rules() -> None:
    """Teach ReportLab's CJK line breaking the rest of the 避头 punctuation (idempotent). Both copies:
    one-font paragraphs break in ``textsplit.dumbSplit``, mixed ones in ``paragraph.cjkFragSplit``.
    Both also get the 避尾 rule ReportLab lists but never applies (``_keep_openers``, ``_keep_openers_mixed``)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):
        missing = "".join(c for c in LINE_START_FORBIDDEN if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + missing
    if not getattr(textsplit.dumbSplit, "_yanxiu_keeps_openers", False):
        textsplit.dumbSplit = _keep_openers(textsplit.dumbSplit)
    if not getattr(paragraph.cjkFragSplit, "_yanxiu_keeps_openers", False):
        paragraph.cjkFragSplit = _keep_openers_mixed(paragraph.cjkFragSplit)


def _keep_openers(split: Callable[..., list]) -> Callable[..., list]:
    """Wrap ReportLab's character splitter so no line but the last ends with an opening bracket or quote
    (（《“‘【 …, its ``ALL_CANNOT_END``): such a character moves down to start the next line, and the rest
    of the text is split again from there. A narrow table cell printed "有感”（" / "读…" before."""
    from reportlab.lib.textsplit import ALL_CANNOT_END

    def keep_openers(word: str, widths: list[float], max_widths: Any) -> list:
        lines = split(word, widths, max_widths)
        if len(lines) < 2 or not any(t and t[-1] in ALL_CANNOT_END for _x, t in lines[:-1]):
            return lines  # the usual case: nothing to move
        wanted = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
        out: list = []
        cursor = 0
        while True:
            for k, (extra, text) in enumerate(lines):
                start = word.find(text, cursor) if text else cursor
                end = start + len(text)
                if k < len(lines) - 1 and len(text) >= 2 and text[-1] in ALL_CANNOT_END:
                    keep = len(text.rstrip(ALL_CANNOT_END)) or 1  # 《“ together go down; a line keeps ≥ 1
                    n = len(out)
                    width = wanted[min(n, len(wanted) - 1)]
                    out.append([width - sum(widths[start:start + keep]), word[start:start + keep]])
                    cursor = start + keep
                    lines = split(word[cursor:], widths[cursor:], wanted[min(n + 1, len(wanted) - 1):])
                    break
                out.append([extra, text])
                cursor = end
            else:
                return out

    keep_openers._yanxiu_keeps_openers = True  # type: ignore[attr-defined]
    return keep_openers


def _keep_openers_mixed(split: Callable[..., Any]) -> Callable[..., Any]:
    """The 避尾 rule for paragraphs mixing fonts (``paragraph.cjkFragSplit``, lines of fragments): a line
    that would end with an opening bracket or quote is split again with that line made just too narrow
    for it, so the opener starts the next line; the line keeps its real width for alignment."""
    from reportlab.lib.textsplit import ALL_CANNOT_END
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def keep_openers(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
        widths = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
        narrowed: dict[int, float] = {}
        for _attempt in range(50):  # each round moves one opener down: a paragraph has few
            paras = split(frags, widths, calc_bounds, encoding)
            lines = paras.lines
            for k, line in enumerate(lines[:-1]):
                words = [w for w in line.words if getattr(w, "text", "")]
                text = "".join(w.text for w in words)
                if len(text) < 2 or text[-1] not in ALL_CANNOT_END:
                    continue
                last = words[-1]
                tail = len(text) - len(text.rstrip(ALL_CANNOT_END))
                opener = stringWidth(text[-tail:] if tail < len(last.text) else last.text,
                                     last.fontName, last.fontSize)
                while len(widths) < k + 2:
                    widths.append(widths[-1])
                narrowed.setdefault(k, widths[k])
                widths[k] = line.currentWidth - opener - 0.01
                break
            else:
                for k, real in narrowed.items():  # report the true width: justified text stays even
                    lines[k].extraSpace += real - lines[k].maxWidth
                    lines[k].maxWidth = real
                return paras
        return paras

    keep_openers._yanxiu_keeps_openers = True  # type: ignore[attr-defined]
    return keep_openers
