"""Excel in the civil-affairs layout: a title, a 统计单位/统计时间 line, headers, 合计 as the first data row,
then the rows, and 制表人 / 制表时间 under the table (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def civil_affairs_workbook(
    *,
    title: str,
    unit: str,
    period_text: str,
    headers: Sequence[str],
    total_row: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    maker: str,
    made_on: str,
    sheet: str = "Sheet1",
) -> bytes:
    """The workbook as bytes; numbers stay numbers (元 as exact Decimals, two places), text stays text."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    width = len(headers)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"统计单位：{unit}", *[""] * (width - 2), f"统计时间：{period_text}"])
    ws.append(list(headers))
    ws.append(list(total_row))
    for row in rows:
        ws.append(list(row))
    last = ws.max_row
    for r in range(3, last + 1):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = BOX
            if r == 3 or r == 4:
                cell.font = Font(bold=True)
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    ws.append([])
    ws.append([f"制表人：{maker}", *[""] * (width - 2), f"制表时间：{made_on}"])
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
