"""Dates and times in the forms schools type them into Excel and Word."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def stored_date(value: object) -> dt.date | None:
    """A DATE column as raw SQL returns it (ISO text, as peewee stores dates) → a date, without peewee's
    per-value format guessing; anything else goes through the model field's own conversion."""
    if type(value) is str and len(value) == 10:  # the usual case first: ~700 calls a statistics refresh
        return dt.date.fromisoformat(value)
    if value is None:
        return None
    from yanxiu_desktop.store.models import Teacher

    return Teacher.birth_date.python_value(value)


def fold(text: str) -> str:
    """Full-width digits, colons and the U+3000 space become ASCII; ends trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def from_excel_serial(value: float) -> dt.date | None:
    if 1 <= value < 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None


_YMD = re.compile(r"^(\d{4})\s*[年./\-—_ ]\s*(\d{1,2})\s*(?:[月./\-—_ ]\s*(\d{1,2})\s*日?)?\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: a real date, an Excel serial, "1985.03", "1985年3月", "1985-3-1", "19850301".

    A year-month without a day gives the 1st. Returns None when it is not a date at all.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return from_excel_serial(float(value))
    text = fold(str(value))
    if not text:
        return None
    m = _YMD.match(text) or _COMPACT.match(text)
    if m is None:
        try:
            serial = float(text)
        except ValueError:
            return None
        return from_excel_serial(serial) if serial >= 10000 else None
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: " "}
# "9月10日", "9.10", "9-10", optionally after a year ("2025.9.10") and before a theme ("9.17 听评课").
_MONTH_DAY = re.compile(r"^(?:(\d{4})\s*[年./\-])?\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?\s*(.*)$", re.S)


def split_month_day(text: str) -> tuple[int | None, int, int, str] | None:
    """"9月10日 集体备课" → (None, 9, 10, "集体备课"); "2025.9.10" → (2025, 9, 10, ""); None when the
    text does not start with a month and day. The numbers are not checked (2月30日 splits too)."""
    text = text.strip()
    # Full-width ASCII folded one character for one, so the theme is cut from the text as typed.
    m = _MONTH_DAY.match(text.translate(_FULL_WIDTH))
    if m is None:
        return None
    year = int(m.group(1)) if m.group(1) else None
    return year, int(m.group(2)), int(m.group(3)), text[m.start(4):].strip(" ：:\u3000")


def parse_month_day(text: str, semester_start: dt.date, semester_end: dt.date) -> dt.date | None:
    """A date as typed on a term's plan or attendance sheet, usually without a year ("9月10日", "1.5").

    Without a year, the year is the one that puts the date inside the term (a 第一学期 from September to
    January gives 9月 the first year and 1月 the next). With a year, that date. None when the text is no
    month/day, the day does not exist (2月30日) or, without a year, no such day falls inside the term.
    """
    parts = split_month_day(text)
    if parts is None:
        return None
    year, month, day, _rest = parts
    years = [year] if year is not None else range(semester_start.year, semester_end.year + 1)
    for y in years:
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue  # 2月29日 exists in some years only
        if year is not None or semester_start <= d <= semester_end:
            return d
    return None


_TIME = re.compile(r"(上午|下午|晚上)?\s*(\d{1,2})\s*[:：点时.]\s*(\d{1,2})?\s*分?")


def parse_time(text: str) -> str | None:
    """"15:30", "下午3:30", "3点半" is not accepted; returns "HH:MM" or None."""
    text = fold(text)
    m = _TIME.fullmatch(text)
    if not m:
        return None
    hour, minute = int(m.group(2)), int(m.group(3) or 0)
    if m.group(1) in ("下午", "晚上") and hour < 12:
        hour += 12
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_time_range(text: str) -> tuple[str, str] | None:
    """"15:30-17:00", "15：30—17：00", "下午3:30~5:00" → ("15:30", "17:00")."""
    text = fold(text)
    parts = re.split(r"\s*(?:-|—|–|~|～|至|到)+\s*", text)
    if len(parts) != 2:
        return None
    prefix = re.match(r"(上午|下午|晚上)", parts[0])
    start = parse_time(parts[0])
    end_text = parts[1] if re.match(r"(上午|下午|晚上)", parts[1]) or not prefix else prefix.group(1) + parts[1]
    end = parse_time(end_text)
    if start is None or end is None or end <= start:
        return None
    return start, end


def minutes_between(start: str, end: str) -> int:
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return (h2 * 60 + m2) - (h1 * 60 + m1)
