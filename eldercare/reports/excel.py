"""Excel in the civil-affairs layout: title, 统计单位/统计时间 line, grouped headers, 合计 as the first data row,
制表人/制表时间 under the table (openpyxl). Money cells are exact Decimal 元 (fen ÷ 100), never float."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from eldercare.errors import Invalid

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MONEY = "#,##0.00"


def yuan(fen: int) -> Decimal:
    """Fen as exact 元 for a cell: 123456 → Decimal('1234.56')."""
    return Decimal(fen) / 100


@dataclass
class Sheet:
    title: str
    unit: str  # 统计单位
    period: str  # 统计时间
    headers: list[str]
    rows: list[list[Any]]
    total: list[Any]  # the 合计 row, written first
    groups: list[tuple[str, int]] = field(default_factory=list)  # grouped header: (label, columns spanned)
    money_columns: set[int] = field(default_factory=set)  # 0-based columns holding 元
    prepared_by: str = ""
    prepared_on: dt.date | None = None


def write_sheet(sheet: Sheet) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.title[:31]
    width = len(sheet.headers)
    ws.cell(row=1, column=1, value=sheet.title).font = Font(bold=True, size=16)
    ws.cell(row=1, column=1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=2, column=1, value=f"统计单位：{sheet.unit}")
    ws.cell(row=2, column=width, value=f"统计时间：{sheet.period}").alignment = Alignment(horizontal="right")
    row = 3
    if sheet.groups:
        column = 1
        for label, span in sheet.groups:
            ws.cell(row=row, column=column, value=label)
            if span > 1:
                ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)
            column += span
        row += 1
    header_row = row
    _write_row(ws, header_row, sheet.headers, bold=True)
    for r in range(3, header_row + 1):
        for c in range(1, width + 1):
            ws.cell(row=r, column=c).border, ws.cell(row=r, column=c).alignment = BOX, CENTER
            ws.cell(row=r, column=c).font = Font(bold=True)
    _write_row(ws, header_row + 1, sheet.total, bold=True, money=sheet.money_columns)
    for i, values in enumerate(sheet.rows, start=header_row + 2):
        _write_row(ws, i, values, money=sheet.money_columns)
    below = header_row + 2 + len(sheet.rows) + 1
    ws.cell(row=below, column=1, value=f"制表人：{sheet.prepared_by}")
    prepared = sheet.prepared_on.isoformat() if sheet.prepared_on else ""
    ws.cell(row=below, column=width, value=f"制表时间：{prepared}").alignment = Alignment(horizontal="right")
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 18 if c > 1 else 8
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_row(
    ws, row: int, values: Sequence[Any], *, bold: bool = False, money: set[int] | None = None
) -> None:
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=c, value=value)
        cell.border = BOX
        if bold:
            cell.font = Font(bold=True)
        if money and (c - 1) in money:
            cell.number_format = MONEY


TOTAL_LABEL = "合计"
MADE_BY_LABEL = "制表人"


def read_table(data: bytes, *, headers: Sequence[str]) -> Iterator[tuple[int, list[Any]]]:
    """Read the layout back, streaming (read-only mode): (Excel row number, cells) for each data row after the
    header row, skipping the 合计 row and blank rows, up to 制表人."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise Invalid(
            "无法读取该文件，请上传 .xlsx 格式的表格。", fields={"file": "文件不是有效的 .xlsx 表格。"}
        ) from None
    ws = wb.worksheets[0]
    width = len(headers)
    seen_header = False
    try:
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_clean(c) for c in (list(row) + [None] * width)[:width]]
            if not seen_header:
                seen_header = [str(c or "") for c in cells] == list(headers)
                continue
            first = str(cells[0] or "")
            if first.startswith(MADE_BY_LABEL):
                break
            if first == TOTAL_LABEL or all(c in (None, "") for c in cells):
                continue
            yield number, cells
    finally:
        wb.close()
    if not seen_header:
        raise Invalid("表格中找不到表头行。", fields={"file": "表头应为：" + "、".join(headers)})


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value
