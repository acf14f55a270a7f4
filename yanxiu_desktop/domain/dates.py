"""Dates and times in the forms schools type them into Excel and Word."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


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
