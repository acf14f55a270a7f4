"""Spreadsheets in and out: a safe reader shared by every import (reader.py), the roster import, and
(later) the district workbook export. No Qt here; callers get plain dataclasses."""
