"""Page layout and numbering for every printed PDF: 第 x 页 / 共 y 页, restarting for each document.

One PDF may hold several documents (a term's sign-in sheets, every teacher's 成长档案). Each document
comes with its :class:`Pages` (paper, margins, footer); a zero-size marker at the start of each document
tells the canvas which document a page belongs to, and numbers, footers and the "continued" header are
stamped when the canvas is saved, once every document's page count is known. A page belongs to the
document whose marker was drawn last on it, so a document's first page never carries the previous
document's footer.

    pdf = build_pdf([(Pages.of_form(form, data), flowables), …], title="…")      # any flowables
    pdf = render_documents([(load_form("signin"), data1), ("signin", data2)], progress=cb)   # forms

``progress(done, total)`` is called as each document starts being laid out and once at the end;
returning False cancels (``Cancelled`` is raised, nothing is written).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.flowables import DocIf

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.pdf.forms import FormData, FormDef, fill, load_form
from yanxiu_desktop.pdf.layout import Story, check_images, font_name, glyph_problems

ProgressFn = Callable[[int, int], "bool | None"]
PAGE_NUMBER = "第 {page} 页 / 共 {pages} 页"


class Cancelled(Exception):  # noqa: N818 - a user's choice, not an error
    """The progress callback asked to stop."""


@dataclass(frozen=True)
class Pages:
    """How one document's pages look: paper, margins (points) and what the margins print.

    ``number``, ``footer`` and ``continued`` are templates over ``values`` plus ``{page}``/``{pages}``.
    Without ``footer`` the number is centred in the bottom margin; with it, ``footer`` (e.g. the teacher's
    name) goes left under a thin rule and the number right. ``cover``: the first page is a cover, neither
    numbered nor counted.
    """

    size: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    font: str  # registered font name for the margins' text
    number: str = PAGE_NUMBER  # "" for none
    number_size: float = 9.0
    footer: str = ""
    continued: str = ""  # top margin of pages 2, 3 …
    cover: bool = False
    values: Mapping[str, Any] = field(default_factory=dict)
    blank: str = ""  # printed for an empty placeholder

    @classmethod
    def of_form(cls, form: FormDef, data: FormData) -> Pages:
        """The pages a form definition asks for (its [page] number and continued lines)."""
        return cls(size=(form.page_mm[0] * mm, form.page_mm[1] * mm),
                   margins=tuple(x * mm for x in form.margins_mm),  # type: ignore[arg-type]
                   font=font_name(form.font), number=form.page_number, number_size=form.page_number_size,
                   continued=form.continued, values=data.values, blank=form.blank)

    @property
    def frame_width(self) -> float:
        return self.size[0] - self.margins[1] - self.margins[3]

    @property
    def frame_height(self) -> float:
        return self.size[1] - self.margins[0] - self.margins[2]

    @property
    def template_id(self) -> str:
        return f"{self.size}-{self.margins}"

    def stamp(self, canv: Canvas, page: int, pages: int) -> None:
        """Draw the margins' text of page *page* of *pages* (a cover is page 0: nothing drawn)."""
        if page <= 0:
            return
        from yanxiu_desktop.pdf import fonts

        w, h = self.size
        top, right, bottom, left = self.margins
        values = {**self.values, "page": page, "pages": pages}

        def text(template: str) -> tuple[str, str]:
            s = fill(template, values, self.blank)
            return s, fonts.font_for(s, self.font)

        y = bottom / 2
        canv.saveState()
        if self.footer:
            s, face = text(self.footer)
            canv.setStrokeColor(colors.grey)
            canv.setLineWidth(0.5)
            canv.line(left, y + 5 * mm, w - right, y + 5 * mm)
            canv.setFont(face, self.number_size)
            canv.drawString(left, y, s)
        if self.number:
            s, face = text(self.number)
            canv.setFont(face, self.number_size)
            if self.footer:
                canv.drawRightString(w - right, y, s)
            else:
                canv.drawCentredString(left + (w - left - right) / 2, y, s)
        if self.continued and page > 1:
            s, face = text(self.continued)
            canv.setFont(face, self.number_size)
            canv.drawString(left, h - top / 2 - self.number_size / 2,
                            _fit(s, face, self.number_size, w - left - right))
        canv.restoreState()


def _fit(text: str, face: str, size: float, width: float) -> str:
    """*text* cut to *width* with … (a 90-character theme in the running header ran off the paper)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, face, size) <= width:
        return text
    while text and stringWidth(text + "…", face, size) > width:
        text = text[:-1]
    return text + "…"


class _DocStart(Flowable):
    """Zero-size marker: from here on, pages belong to document *index*."""

    def __init__(self, index: int, hook: Callable[[int], None] | None):
        super().__init__()
        self.index, self.hook = index, hook
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._yx_doc = self.index
        if self.hook is not None:
            self.hook(self.index)


class _BlankBack(Flowable):
    """Zero-size marker on the blank page that keeps the next document on a front side (双面打印)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._yx_blank = True


class _NumberingCanvas(Canvas):
    """Keeps each page's state until save(), then stamps each page with its document's numbers."""

    def __init__(self, *args: Any, pages: Sequence[Pages] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._yx_layouts = pages
        self._yx_doc = 0
        self._yx_blank = False
        self._yx_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._yx_pages.append(dict(self.__dict__))
        self._yx_blank = False
        self._startPage()

    def save(self) -> None:
        totals = Counter(p["_yx_doc"] for p in self._yx_pages if not p["_yx_blank"])
        seen: Counter[int] = Counter()
        for state in self._yx_pages:
            self.__dict__.update(state)
            if state["_yx_blank"]:  # the back of a document's last page: left empty, not numbered
                Canvas.showPage(self)
                continue
            doc = state["_yx_doc"]
            seen[doc] += 1
            layout = self._yx_layouts[doc]
            skip = 1 if layout.cover else 0
            layout.stamp(self, seen[doc] - skip, totals[doc] - skip)
            Canvas.showPage(self)
        Canvas.save(self)


def build_pdf(parts: Sequence[tuple[Pages, Sequence[Flowable]]], *, title: str, author: str = "研修通",
              subject: str = "", started: Callable[[int], None] | None = None, duplex: bool = False) -> bytes:
    """One PDF of several documents (*pages*, *flowables*), each starting on a new page, numbered on its own.

    Size flowables to ``pages.frame_width``. *started(i)* is called as document *i* starts being laid out.
    *duplex*: every document starts on a front side (an odd page), a blank back added where needed, so a
    stack printed 双面 separates into the documents.
    """
    from yanxiu_desktop.pdf import fonts

    fonts.register_fonts()
    if not parts:
        raise ValidationError("没有需要打印的内容")
    templates: dict[str, PageTemplate] = {}
    for pages, _ in parts:
        if pages.template_id not in templates:
            bottom, left = pages.margins[2], pages.margins[3]
            frame = Frame(left, bottom, pages.frame_width, pages.frame_height, id=pages.template_id,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates[pages.template_id] = PageTemplate(id=pages.template_id, frames=[frame], pagesize=pages.size)
    story: list[Flowable] = []
    for i, (pages, flowables) in enumerate(parts):
        if i:
            if duplex:
                story.append(DocIf("doc.page % 2 == 1", [PageBreak(), _BlankBack()]))
            story += [NextPageTemplate(pages.template_id), PageBreak()]
        story.append(_DocStart(i, started))
        story += flowables
    first = parts[0][0]
    buf = BytesIO()
    doc = BaseDocTemplate(buf, pagesize=first.size, title=title, author=author, subject=subject,
                          creator="研修通", pageTemplates=[templates[first.template_id]]
                          + [t for k, t in templates.items() if k != first.template_id])
    layouts = [p for p, _ in parts]
    doc.build(story, canvasmaker=lambda *a, **kw: _NumberingCanvas(*a, pages=layouts, **kw))
    return fonts.fix_tounicode(buf.getvalue())


def render_documents(items: Sequence[tuple[FormDef | str, FormData]], *, progress: ProgressFn | None = None,
                     check_glyphs: bool = True, labels: Sequence[str] = (), title: str = "") -> bytes:
    """All *items* (form, data) as one PDF; each document starts on a new page.

    *labels* name each document in error messages (e.g. the activity), so a missing glyph in the
    12th sheet of a term says which sheet. Raises ValidationError before anything is laid out.
    """
    from yanxiu_desktop.pdf import fonts

    fonts.register_fonts()
    docs = [(load_form(f) if isinstance(f, str) else f, d) for f, d in items]
    if not docs:
        raise ValidationError("没有需要打印的内容")
    problems: list[str] = []
    for i, (form, data) in enumerate(docs):
        found = (glyph_problems(form, data) if check_glyphs else []) + check_images(data)
        label = labels[i] if i < len(labels) else ""
        problems += [f"{label}：{p}" if label else p for p in found]
    if problems:
        raise ValidationError(problems)
    total = len(docs)

    def started(index: int) -> None:
        if progress is not None and progress(index, total) is False:
            raise Cancelled()

    parts = []
    for form, data in docs:
        pages = Pages.of_form(form, data)
        parts.append((pages, Story(form, data, pages.frame_width, pages.frame_height).flowables()))
    pdf = build_pdf(parts, title=title or docs[0][0].title, started=started)
    if progress is not None:
        progress(total, total)
    return pdf
