"""The civil-affairs Excel layout, written and read back (openpyxl, streaming both ways).

Layout: a title row, a line with 统计单位 and 统计时间, the header row, 合计 as the first data row, the data,
then 制表人 / 制表时间 under the table.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook

from eldercare.errors import Invalid

TOTAL_LABEL = "合计"
MADE_BY_LABEL = "制表人"


def write_table(
    *,
    title: str,
    unit: str,
    as_of: dt.date,
    headers: Sequence[str],
    total_row: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    made_by: str,
    made_on: dt.date,
) -> bytes:
    """A workbook in the layout, written in write-only mode (rows stream out, memory stays flat)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append([title])
    ws.append([f"统计单位：{unit}", None, None, None, f"统计时间：{as_of.isoformat()}"])
    ws.append(list(headers))
    ws.append(list(total_row))
    for row in rows:
        ws.append(list(row))
    ws.append([])
    ws.append([f"{MADE_BY_LABEL}：{made_by}", None, None, None, f"制表时间：{made_on.isoformat()}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_table(data: bytes, *, headers: Sequence[str]) -> Iterator[tuple[int, list[Any]]]:
    """(Excel row number, cells) for each data row: after the header row and its 合计 row, up to 制表人."""
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
