"""Several filled forms as ONE PDF (a whole term's sign-in sheets), each numbered 第 x 页 / 共 y 页 on its own.

Single pass: a marker flowable at the start of each document tells the canvas which document a page
belongs to; page numbers and the "continued" header are drawn when the canvas is saved, once every
document's page count is known.

    pdf = render_documents([(load_form("signin"), data1), ("signin", data2)], progress=cb)

``progress(done, total)`` is called as each document starts being laid out and once at the end;
returning False cancels (``Cancelled`` is raised, nothing is written).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.pdf.forms import FormData, FormDef, fill, load_form
from yanxiu_desktop.pdf.layout import Story, check_images, font_name, glyph_problems

ProgressFn = Callable[[int, int], "bool | None"]


class Cancelled(Exception):  # noqa: N818 - a user's choice, not an error
    """The progress callback asked to stop."""


class _DocStart(Flowable):
    """Zero-size marker: from here on, pages belong to document *index*."""

    def __init__(self, index: int, hook: Callable[[int], None]):
        super().__init__()
        self.index, self.hook = index, hook
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._yx_doc = self.index
        self.hook(self.index)


class _NumberingCanvas(Canvas):
    """Keeps each page's state until save(), then stamps numbers per document."""

    def __init__(self, *args, docs: Sequence[tuple[FormDef, FormData]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._yx_docs = docs
        self._yx_doc = 0
        self._yx_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._yx_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(p["_yx_doc"] for p in self._yx_pages)
        seen: Counter[int] = Counter()
        for state in self._yx_pages:
            self.__dict__.update(state)
            doc = state["_yx_doc"]
            seen[doc] += 1
            self._stamp(doc, seen[doc], totals[doc])
            Canvas.showPage(self)
        Canvas.save(self)

    def _stamp(self, doc: int, page: int, pages: int) -> None:
        if not self._yx_docs:
            return
        form, data = self._yx_docs[doc]
        w, h = form.page_mm[0] * mm, form.page_mm[1] * mm
        top, right, bottom, left = (x * mm for x in form.margins_mm)
        values = {**data.values, "page": page, "pages": pages}
        if form.page_number:
            self.setFont(font_name(form.font), form.page_number_size)
            self.drawCentredString(left + (w - left - right) / 2, bottom / 2,
                                   fill(form.page_number, values, form.blank))
        if form.continued and page > 1:
            self.setFont(font_name(form.font), form.page_number_size)
            self.drawString(left, h - top / 2 - form.page_number_size / 2,
                            fill(form.continued, values, form.blank))


def _template_id(form: FormDef) -> str:
    return f"{form.page_mm}-{form.margins_mm}"


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

    templates: dict[str, PageTemplate] = {}
    for form, _ in docs:
        tid = _template_id(form)
        if tid not in templates:
            w, h = form.page_mm[0] * mm, form.page_mm[1] * mm
            top, right, bottom, left = (x * mm for x in form.margins_mm)
            frame = Frame(left, bottom, w - left - right, h - top - bottom, id=tid,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates[tid] = PageTemplate(id=tid, frames=[frame], pagesize=(w, h))

    total = len(docs)

    def started(index: int) -> None:
        if progress is not None and progress(index, total) is False:
            raise Cancelled()

    first = docs[0][0]
    buf = BytesIO()
    doc = BaseDocTemplate(buf, pagesize=(first.page_mm[0] * mm, first.page_mm[1] * mm),
                          title=title or first.title, author="研修通", creator="研修通",
                          pageTemplates=[templates[_template_id(first)]]
                          + [t for k, t in templates.items() if k != _template_id(first)])
    story: list[Flowable] = []
    for i, (form, data) in enumerate(docs):
        if i:
            story += [NextPageTemplate(_template_id(form)), PageBreak()]
        frame_w = (form.page_mm[0] - form.margins_mm[1] - form.margins_mm[3]) * mm
        frame_h = (form.page_mm[1] - form.margins_mm[0] - form.margins_mm[2]) * mm
        story.append(_DocStart(i, started))
        story += Story(form, data, frame_w, frame_h).flowables()
    doc.build(story, canvasmaker=lambda *a, **kw: _NumberingCanvas(*a, docs=docs, **kw))
    if progress is not None:
        progress(total, total)
    return fonts.fix_tounicode(buf.getvalue())
