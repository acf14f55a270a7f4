"""Printable form definitions (``forms/*.toml``) and the one call that turns one into a PDF.

A form is data: a school copies ``forms/signin.toml`` into ``<data_dir>/forms/``, edits the title,
columns, widths or footer lines, and the program uses its copy from then on (``load_form`` looks in
the user folder first). The schema is documented in ``forms/README.md``.

    form = load_form("signin")
    pdf = render_form(form, FormData(values={"theme": "…"}, rows={"rows": [{"name": "张三"}]}))

Rendering is in ``pdf/layout.py`` (blocks → flowables) and ``pdf/document.py`` (pages, numbering,
several documents in one PDF).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain.errors import ValidationError

# Chinese type sizes (字号) in points, as Word/WPS name them.
TYPE_SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}
FONT_KEYS = ("song", "hei")
BLOCK_TYPES = ("title", "fields", "table", "lines", "signatures", "text", "images", "spacer")
ALIGNS = ("left", "center", "right")
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "B5": (176.0, 250.0)}


def type_size(value: Any, where: str = "") -> float:
    """"小四" → 12.0; a number is taken as points."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 4 <= value <= 72:
        return float(value)
    if isinstance(value, str) and value in TYPE_SIZES:
        return TYPE_SIZES[value]
    raise ValidationError(f"{where}字号「{value}」无法识别，应为 初号…八号、小四 等，或 4～72 的磅值")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width_mm: float | None = None  # fixed width
    share: float = 1.0  # otherwise a share of what the fixed columns leave
    align: str = "center"
    wrap: bool = False  # long text wraps onto several lines (slower; for notes)


@dataclass(frozen=True)
class Block:
    """One part of the page, top to bottom. ``opts`` keeps the type-specific settings as read."""

    type: str
    opts: Mapping[str, Any]
    columns: tuple[Column, ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return self.opts.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.opts

    def __getitem__(self, key: str) -> Any:
        return self.opts[key]


@dataclass(frozen=True)
class FormDef:
    name: str  # file stem, e.g. "signin"
    title: str  # human name, e.g. "签到表"
    path: Path
    page_mm: tuple[float, float]
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    font: str
    size: float
    leading: float
    blank: str  # what an unknown {placeholder} prints as: a line to write on
    page_number: str
    page_number_size: float
    continued: str  # drawn at the top of pages 2, 3 … of one document
    blocks: tuple[Block, ...]


@dataclass
class FormData:
    """What to fill in: ``values`` for {placeholders} and fields, ``rows`` per table ``source``,
    ``images`` (file paths or bytes) per images ``key``."""

    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    images: dict[str, Sequence[Path | bytes]] = field(default_factory=dict)


def user_forms_dir() -> Path:
    """Where a school's own copies live; checked before the bundled forms/."""
    from yanxiu_desktop.paths import data_dir

    return data_dir() / "forms"


def form_file(name: str) -> Path:
    """The definition file used for *name*: the school's copy if there is one, else the bundled one."""
    from yanxiu_desktop.paths import forms_path

    own = user_forms_dir() / f"{name}.toml"
    if own.is_file():
        return own
    bundled = forms_path(f"{name}.toml")
    if not bundled.is_file():
        raise ValidationError(f"找不到表格定义文件 {name}.toml（程序安装不完整？）")
    return bundled


_cache: dict[tuple[Path, float, int], FormDef] = {}


def load_form(name: str) -> FormDef:
    """Read and check ``<name>.toml``; cached until the file changes."""
    path = form_file(name)
    st = path.stat()
    key = (path, st.st_mtime, st.st_size)
    form = _cache.get(key)
    if form is None:
        form = parse_form(path.read_bytes(), name=name, path=path)
        _cache[key] = form
    return form


def parse_form(data: bytes | str, *, name: str, path: Path | None = None) -> FormDef:
    """Build a FormDef from TOML text; every mistake a school could make is named in Chinese."""
    path = path or Path(f"{name}.toml")
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"表格定义文件 {path.name} 格式有误：{exc}") from None
    except UnicodeDecodeError:
        raise ValidationError(f"表格定义文件 {path.name} 不是 UTF-8 编码的文本") from None
    problems: list[str] = []
    where = f"{path.name}："
    form = raw.get("form", {})
    page = raw.get("page", {})

    def size_of(value: Any, default: Any, ctx: str) -> float:
        try:
            return type_size(value if value is not None else default, where + ctx)
        except ValidationError as exc:
            problems.extend(exc.problems)
            return TYPE_SIZES["五号"]

    paper = form.get("paper", "A4")
    if paper not in PAGE_SIZES_MM:
        problems.append(f"{where}纸张「{paper}」不支持，可用 {'、'.join(PAGE_SIZES_MM)}")
        paper = "A4"
    w, h = PAGE_SIZES_MM[paper]
    if form.get("orientation", "portrait") == "landscape":
        w, h = h, w
    m = form.get("margins_mm", {})
    margins = tuple(float(m.get(k, 15)) for k in ("top", "right", "bottom", "left"))
    if any(x < 5 or x > 60 for x in margins):
        problems.append(f"{where}页边距应在 5～60 毫米之间")
    font = form.get("font", "song")
    if font not in FONT_KEYS:
        problems.append(f"{where}字体「{font}」无法识别，可用 song（宋体）或 hei（黑体）")
    blocks: list[Block] = []
    for i, b in enumerate(raw.get("block", []), start=1):
        btype = b.get("type", "")
        ctx = f"第 {i} 个 [[block]]（{btype or '未写 type'}）"
        if btype not in BLOCK_TYPES:
            problems.append(f"{where}{ctx} 的 type 应为 {'、'.join(BLOCK_TYPES)} 之一")
            continue
        for key in ("size", "header_size", "label_size"):
            if key in b:
                size_of(b[key], None, ctx)
        if b.get("font", "song") not in FONT_KEYS or b.get("header_font", "hei") not in FONT_KEYS:
            problems.append(f"{where}{ctx} 的字体应为 song 或 hei")
        if b.get("align", "left") not in ALIGNS:
            problems.append(f"{where}{ctx} 的 align 应为 left、center 或 right")
        columns: list[Column] = []
        if btype == "table":
            if not b.get("columns"):
                problems.append(f"{where}{ctx} 没有定义 columns")
            for j, c in enumerate(b.get("columns", []), start=1):
                if "key" not in c or "header" not in c:
                    problems.append(f"{where}{ctx} 第 {j} 列缺少 key 或 header")
                    continue
                if c.get("align", "center") not in ALIGNS:
                    problems.append(f"{where}{ctx} 第 {j} 列「{c['header']}」的 align 无效")
                width = c.get("width_mm")
                if width is not None and not (isinstance(width, int | float) and 3 <= width <= 400):
                    problems.append(f"{where}{ctx} 第 {j} 列「{c['header']}」的 width_mm 应在 3～400 之间")
                    width = None
                share = c.get("share", 1.0)
                if not isinstance(share, int | float) or share <= 0:
                    problems.append(f"{where}{ctx} 第 {j} 列「{c['header']}」的 share 应为正数")
                    share = 1.0
                columns.append(Column(str(c["key"]), str(c["header"]), float(width) if width else None,
                                      float(share), c.get("align", "center"), bool(c.get("wrap", False))))
        if btype == "fields" and not b.get("items"):
            problems.append(f"{where}{ctx} 没有定义 items")
        opts = {k: v for k, v in b.items() if k != "columns"}
        blocks.append(Block(btype, opts, tuple(columns)))
    size = size_of(form.get("size"), "五号", "[form] ")
    number_size = size_of(page.get("number_size"), "小五", "[page] ")
    for text in _templates(raw):
        try:
            text.format_map(_Probe())
        except (ValueError, IndexError, AttributeError) as exc:
            problems.append(f"{where}文字「{text}」中的大括号占位符写法有误（{exc}）")
    if problems:
        raise ValidationError(problems)
    return FormDef(
        name=name, title=str(form.get("title", name)), path=path, page_mm=(w, h),
        margins_mm=margins, font=font, size=size, leading=float(form.get("leading", 1.25)),
        blank=str(form.get("blank", "＿＿＿")), page_number=str(page.get("number", "")),
        page_number_size=number_size, continued=str(page.get("continued", "")), blocks=tuple(blocks),
    )


def _templates(raw: Mapping[str, Any]) -> list[str]:
    out = [raw.get("page", {}).get(k, "") for k in ("number", "continued")]
    for b in raw.get("block", []):
        out += [b.get("text", ""), b.get("value", ""), *b.get("lines", [])]
        out += [i if isinstance(i, str) else i.get("value", "") for i in b.get("items", [])]
    return [t for t in out if isinstance(t, str) and t]


class _Probe(dict):
    def __missing__(self, key: str) -> str:
        return ""


class Filler(dict):
    """``str.format_map`` values: an unknown or empty placeholder prints as the form's blank line."""

    def __init__(self, values: Mapping[str, Any], blank: str):
        super().__init__(values)
        self.blank = blank

    def __missing__(self, key: str) -> str:
        return self.blank

    def __getitem__(self, key: str) -> Any:
        value = super().get(key)
        return self.blank if value is None or value == "" else value


def fill(template: str, values: Mapping[str, Any], blank: str) -> str:
    return template.format_map(Filler(values, blank))


def render_form(form: FormDef | str, data: FormData, *, check_glyphs: bool = True) -> bytes:
    """One filled form as PDF bytes (A4 unless the form says otherwise, fonts embedded).

    Raises ValidationError naming every text with a character the font lacks (it would print blank).
    """
    from yanxiu_desktop.pdf.document import render_documents

    return render_documents([(form, data)], check_glyphs=check_glyphs)
