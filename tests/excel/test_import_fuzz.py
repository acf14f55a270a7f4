"""Import fuzzing: generated malformed rosters never crash the import and never store half of one."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

roster_import = pytest.importorskip("yanxiu_desktop.excel.roster_import")
openpyxl = pytest.importorskip("openpyxl")

from yanxiu_desktop.domain import imports  # noqa: E402
from yanxiu_desktop.domain.errors import DomainError  # noqa: E402
from yanxiu_desktop.excel.roster_fields import SYNONYMS  # noqa: E402
from yanxiu_desktop.store.models import AuditEntry, Honour, Teacher  # noqa: E402

HEADERS = [names[0] for names in SYNONYMS.values()] + [n for names in SYNONYMS.values() for n in names[1:3]]
_counter = itertools.count()

# Control characters cannot be written to a workbook at all (openpyxl refuses them).
text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
cell = st.one_of(
    st.none(),
    text,
    st.sampled_from(["张三", "李四", "男", "女", "1985.07", "1985年7月", "1990-02-30", "一级教师", "本科",
                     "是", "否", "骨干教师（县级）", "=1/0", "#N/A", " ", "\u3000", "𬭚", "x" * 300,
                     "11010519491231002X", "123", "-1", "2099-01-01"]),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.booleans(),
)
header_cell = st.one_of(st.sampled_from(HEADERS), text, st.none())


@st.composite
def workbook_bytes(draw) -> bytes:  # noqa: ANN001
    wb = openpyxl.Workbook()
    for s in range(draw(st.integers(1, 3))):
        ws = wb.active if s == 0 else wb.create_sheet(f"表{s}")
        for _ in range(draw(st.integers(0, 3))):  # title rows above the header
            ws.append([draw(cell)])
        width = draw(st.integers(1, 8))
        ws.append([draw(header_cell) for _ in range(width)])
        for _ in range(draw(st.integers(0, 12))):
            ws.append([draw(cell) for _ in range(draw(st.integers(0, width + 2)))])
    # Fixed timestamps: the same draws must give the same bytes (hypothesis replays examples).
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 9, 1, 8, 0)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    damage = draw(st.sampled_from(["none", "none", "truncate", "flip", "replace_sheet"]))
    if damage == "truncate":
        data = data[: int(draw(st.floats(0, 0.999)) * len(data))]
    elif damage == "flip":
        pos = int(draw(st.floats(0, 0.999)) * len(data))
        data = data[:pos] + bytes([data[pos] ^ 0xFF]) + data[pos + 1:]
    elif damage == "replace_sheet":
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
            for item in zin.infolist():
                body = zin.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    body = draw(st.sampled_from([b"", b"<worksheet>", b"<?xml version='1.0'?><x/>", body[:50]]))
                zout.writestr(item, body)
        data = out.getvalue()
    return data


def _state() -> tuple[int, int, int]:
    return Teacher.select().count(), Honour.select().count(), AuditEntry.select().count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=workbook_bytes(), skip_invalid=st.booleans())
def test_malformed_rosters_fail_cleanly_all_or_nothing(db: Path, tmp_path: Path, data: bytes,
                                                       skip_invalid: bool) -> None:
    path = tmp_path / f"花名册{next(_counter)}.xlsx"
    path.write_bytes(data)
    before = _state()
    try:
        preview = roster_import.preview_roster(path)
    except DomainError as exc:
        assert str(exc)  # a message the user can read
        assert _state() == before  # a preview writes nothing, even when it fails
        return
    assert _state() == before
    try:
        result = imports.commit_roster(preview, skip_invalid=skip_invalid)
    except DomainError as exc:
        assert str(exc)
        assert _state() == before  # refused: nothing of it stored
        return
    teachers = Teacher.select().count()
    assert teachers == before[0] + result.added
    assert result.added + result.updated + result.unchanged + result.skipped == len(preview.rows)


def test_damaged_sheet_member_is_reported_not_raised(db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别"])
    wb.active.append(["张三", "男"])
    buf = io.BytesIO()
    wb.save(buf)
    data = bytearray(buf.getvalue())
    # Corrupt the compressed bytes of the worksheet member (its local header stays intact).
    start = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    for i in range(start + 5, start + 40):
        data[i] ^= 0x5A
    path = tmp_path / "损坏的花名册.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(DomainError):
        roster_import.preview_roster(path)
