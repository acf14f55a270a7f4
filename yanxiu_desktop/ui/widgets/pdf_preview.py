"""Print preview for every document in the product.

    dlg = PdfPreviewDialog(pdf_bytes, "签到表", parent, suggested_name="签到表.pdf")
    dlg.exec()                                   # 打印 (QPrintDialog), 另存为PDF, zoom

    pdf = print_all_with_progress(parent, "正在生成本学期签到表…", lambda progress: build(progress=progress))
    if pdf is not None: PdfPreviewDialog(pdf, …).exec()

``print_all_with_progress`` passes a ``progress(done, total) -> bool`` callback (the one
``pdf.document.render_documents`` takes); pressing 取消 makes it return False and the result None.
QPdfView renders asynchronously: a grab right after show() may still be blank.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.widgets.common import initial_size


def load_pdf(pdf: bytes, parent: QWidget | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over *pdf* (keep the returned buffer alive as long as the document)."""
    doc = QPdfDocument(parent)
    buf = QBuffer(parent)
    buf.setData(QByteArray(pdf))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    return doc, buf


def print_document(doc: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of *doc* onto *printer* at its resolution; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法启动打印机")
    try:
        pages = doc.pageCount()
        for i in range(pages):
            if i:
                printer.newPage()
            target = painter.viewport()
            size_pt = doc.pagePointSize(i)
            dpi = printer.resolution()
            scale = min(target.width() / (size_pt.width() / 72 * dpi), target.height() / (size_pt.height() / 72 * dpi))
            px = QSize(int(size_pt.width() / 72 * dpi * scale), int(size_pt.height() / 72 * dpi * scale))
            image = doc.render(i, px)
            page = QImage(px, QImage.Format.Format_RGB32)
            page.fill(QColor("white"))  # QtPdf renders on a transparent background
            p2 = QPainter(page)
            p2.drawImage(0, 0, image)
            p2.end()
            painter.drawImage(0, 0, page)
    finally:
        painter.end()
    return doc.pageCount()


class PdfPreviewDialog(QDialog):
    """Shows *pdf_bytes*; 打印 opens the system print dialog, 另存为PDF writes the bytes as they are."""

    def __init__(self, pdf_bytes: bytes, title: str, parent: QWidget | None = None,
                 suggested_name: str = "文档.pdf"):
        super().__init__(parent)
        self.setWindowTitle(f"打印预览 - {title}")
        self.pdf_bytes = pdf_bytes
        self.suggested_name = suggested_name
        self.doc, self._buf = load_pdf(pdf_bytes, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.doc)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        bar = QHBoxLayout()
        self.print_button = QPushButton("打印(&P)…")
        self.save_button = QPushButton("另存为PDF(&S)…")
        zoom_in, zoom_out, fit = QPushButton("放大"), QPushButton("缩小"), QPushButton("适合宽度")
        close = QPushButton("关闭")
        self.pages_label = QLabel(f"共 {self.doc.pageCount()} 页")
        for w in (self.print_button, self.save_button, zoom_out, zoom_in, fit, self.pages_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(close)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_as)
        zoom_in.clicked.connect(lambda: self.zoom(1.25))
        zoom_out.clicked.connect(lambda: self.zoom(0.8))
        fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        close.clicked.connect(self.accept)
        zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        initial_size(self, 820, 900)

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def print_to(self, printer: QPrinter) -> int:
        return print_document(self.doc, printer)

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except Exception as exc:  # a printer problem must not lose the preview
            show_error(self, exc, "打印失败")

    def save_to(self, path: str | Path) -> Path:
        from yanxiu_desktop.fileio import write_atomic

        return write_atomic(path, lambda tmp: tmp.write_bytes(self.pdf_bytes))

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", self.suggested_name, "PDF 文件 (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            self.save_to(path)
        except OSError as exc:
            QMessageBox.warning(self, "保存失败", f"无法保存到 {path}：{exc}")


def print_all_with_progress(parent: QWidget | None, label: str,
                            build: Callable[[Callable[[int, int], bool]], bytes]) -> bytes | None:
    """Run *build(progress)* under a QProgressDialog; None if the user cancelled or it failed (shown)."""
    from yanxiu_desktop.pdf.document import Cancelled

    dlg = QProgressDialog(label, "取消", 0, 100, parent)
    dlg.setWindowTitle("正在生成")
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(300)

    def progress(done: int, total: int) -> bool:
        dlg.setMaximum(max(1, total))
        dlg.setValue(done)
        dlg.setLabelText(f"{label}（{done}/{total}）")
        QApplication.processEvents()
        return not dlg.wasCanceled()

    try:
        return build(progress)
    except Cancelled:
        return None
    except Exception as exc:
        show_error(parent, exc, "无法生成 PDF")
        return None
    finally:
        dlg.reset()
        dlg.deleteLater()
