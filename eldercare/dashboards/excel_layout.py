"""The civil-affairs Excel layout: title, 统计单位/统计时间 line, grouped headers, 合计 first, 制表人/制表时间 under.

Money is written as 元 (exact Decimal, two places), rates as percent with one place, points as tenths ÷ 10.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

TOTAL_LABEL = "合计"
HEADER_ROWS = (3, 4)
FIRST_DATA_ROW = 5
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
FORMATS = {"fen": "#,##0.00", "permille": '0.0"%"', "tenths": "0.0", "int": "0"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # text | int | fen | permille | tenths | bool
    group: str = ""  # columns next to each other with the same group share one header cell above


@dataclass
class Report:
    key: str
    title: str
    unit: str
    period: str
    columns: list[Column]
    total: dict[str, Any]
    rows: list[dict[str, Any]]
    prepared_by: str = ""
    prepared_on: dt.date = field(default_factory=dt.date.today)


def excel_value(kind: str, value: Any) -> Any:
    """A cell's value: fen → 元 as an exact Decimal; permille → percent; tenths → points."""
    if value is None:
        return None
    if kind == "fen":
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))
    if kind == "permille":
        return (Decimal(int(value)) / 10).quantize(Decimal("0.1"))
    if kind == "tenths":
        return (Decimal(int(value)) / 10).quantize(Decimal("0.1"))
    if kind == "bool":
        return "是" if value else "否"
    return value


def header_spans(columns: list[Column]) -> list[tuple[str, int, int]]:
    """(group label, first column, last column) for each run of columns with the same non-empty group (1-based)."""
    spans: list[tuple[str, int, int]] = []
    for i, column in enumerate(columns, start=1):
        if column.group and spans and spans[-1][0] == column.group and spans[-1][2] == i - 1:
            spans[-1] = (column.group, spans[-1][1], i)
        elif column.group:
            spans.append((column.group, i, i))
    return spans


def _write_headers(ws: Any, columns: list[Column]) -> None:
    top, bottom = HEADER_ROWS
    for i, column in enumerate(columns, start=1):
        for row in HEADER_ROWS:
            ws.cell(row=row, column=i).border = BOX
            ws.cell(row=row, column=i).alignment = CENTER
            ws.cell(row=row, column=i).font = Font(bold=True)
        if column.group:
            ws.cell(row=bottom, column=i, value=column.label)
        else:
            ws.cell(row=top, column=i, value=column.label)
            ws.merge_cells(start_row=top, start_column=i, end_row=bottom, end_column=i)
    for label, first, last in header_spans(columns):
        ws.cell(row=top, column=first, value=label)
        if last > first:
            ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)


def _write_row(
    ws: Any, row: int, columns: list[Column], values: dict[str, Any], *, bold: bool = False
) -> None:
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=i, value=excel_value(column.kind, values.get(column.key)))
        cell.border = BOX
        if column.kind in FORMATS:
            cell.number_format = FORMATS[column.kind]
        if bold:
            cell.font = Font(bold=True)


def write_workbook(report: Report) -> bytes:
    """The report as an .xlsx file's bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = report.title[:31]
    width = len(report.columns)
    half = max(1, width // 2)
    ws.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=16)
    ws.cell(row=1, column=1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=2, column=1, value=f"统计单位：{report.unit}")
    ws.cell(row=2, column=half + 1, value=f"统计时间：{report.period}")
    _write_headers(ws, report.columns)
    _write_row(
        ws, FIRST_DATA_ROW, report.columns, {report.columns[0].key: TOTAL_LABEL, **report.total}, bold=True
    )
    for n, values in enumerate(report.rows, start=FIRST_DATA_ROW + 1):
        _write_row(ws, n, report.columns, values)
    foot = FIRST_DATA_ROW + len(report.rows) + 2
    ws.cell(row=foot, column=1, value=f"制表人：{report.prepared_by}")
    on = report.prepared_on
    ws.cell(row=foot, column=half + 1, value=f"制表时间：{on.year}年{on.month}月{on.day}日")
    for i, column in enumerate(report.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 22 if column.kind == "text" else 14
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if width > 8 else "portrait"
    ws.print_title_rows = "3:4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
