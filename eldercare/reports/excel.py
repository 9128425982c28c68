"""The one civil-affairs Excel writer (every export) and its streaming reader.

Layout: the title; 统计单位 … 统计时间; the header (one row, or two when columns are grouped: an ungrouped column's
label spans both rows); 合计 as the first data row; the data; 制表人 … 制表时间 (now, in the county's time zone).
Print: A4, landscape when wide, fit to one page wide, the header rows repeated on every page, the header frozen.
Cells: real dates shown 年月日, ID numbers as text (masked in anything meant to be posted), money in 元 exact from
fen (`#,##0.00`), rates as real fractions with a % format, one CJK font named on every style, and no cell is ever
a live formula (a text starting with =, +, -, @, tab or CR is written as text with Excel's quote prefix).
Written with openpyxl's write-only workbook: rows stream out, whatever their number. Read back with
python-calamine (read_rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties

from eldercare import idnumber
from eldercare.config import get_settings
from eldercare.errors import Invalid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_NAME = "宋体"
TOTAL_LABEL = "合计"
MADE_BY_LABEL = "制表人"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
MONEY = "#,##0.00"
DATE_CN = 'yyyy"年"m"月"d"日"'
FORMATS = {"fen": MONEY, "permille": "0.0%", "tenths": "0.0", "int": "0", "date": DATE_CN, "id": "@", "text": "@"}
WIDTHS = {"text": 12, "int": 9, "fen": 14, "permille": 10, "tenths": 9, "bool": 8, "date": 16, "id": 21, "sign": 18}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # what openpyxl refuses in a cell
PORTRAIT_WIDTH = 95  # about what fits across A4 portrait at 100 % (character widths)
SIGN_ROW_HEIGHT = 32  # points: room for a signature or a thumbprint


@dataclass(frozen=True)
class Column:
    """key: the row dict's key (rows may also be sequences, in column order); kind: text | int | fen | permille
    (‰ as an integer, written as a fraction with a % format) | tenths | bool | date | id | sign (blank, to sign)."""

    key: str
    label: str
    kind: str = "int"
    group: str = ""  # neighbouring columns with the same group share one header cell above
    width: float | None = None


@dataclass
class Report:
    key: str
    title: str
    unit: str  # 统计单位
    period: str  # 统计时间
    columns: list[Column]
    total: dict[str, Any] | Sequence[Any]  # the 合计 row, written first
    rows: Iterable[dict[str, Any] | Sequence[Any]]
    prepared_by: str = ""
    prepared_at: dt.datetime | None = None  # default: now in the county's time zone
    posted: bool = False  # meant to be posted or handed out: ID numbers masked
    draft: str = ""  # 草稿 or 试算 while the document is not final: written after the title, （草稿）

    @property
    def full_title(self) -> str:
        return f"{self.title}（{self.draft}）" if self.draft else self.title

    @property
    def prepared_on(self) -> dt.date:
        return (self.prepared_at or now()).date()


def now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo(get_settings().timezone))


def date_cn(on: dt.date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def yuan(fen: int) -> Decimal:
    """Fen as exact 元 for a cell: 123456 → Decimal('1234.56')."""
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def excel_value(kind: str, value: Any) -> Any:
    """A cell's value: fen → 元 as an exact Decimal; permille → a fraction (862 → 0.862); tenths → points."""
    if value is None or value == "":
        return None
    if kind == "fen":
        return yuan(value)
    if kind == "permille":
        return (Decimal(int(value)) / 1000).quantize(Decimal("0.001"))
    if kind == "tenths":
        return (Decimal(int(value)) / 10).quantize(Decimal("0.1"))
    if kind == "bool":
        return "是" if value else "否"
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    return value


def header_spans(columns: Sequence[Column]) -> list[tuple[str, int, int]]:
    """(group label, first column, last column) for each run of columns with the same non-empty group (1-based)."""
    spans: list[tuple[str, int, int]] = []
    for i, column in enumerate(columns, start=1):
        if column.group and spans and spans[-1][0] == column.group and spans[-1][2] == i - 1:
            spans[-1] = (column.group, spans[-1][1], i)
        elif column.group:
            spans.append((column.group, i, i))
    return spans


def safe_text(value: str) -> str:
    return ILLEGAL.sub("", value)


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


class _Cells:
    """A styled cell per column, reused row after row (write-only rows are serialised on append)."""

    def __init__(self, ws: Any, *, font: Font, alignment: Alignment, number_format: str | None = None) -> None:
        self.ws, self.font, self.alignment, self.number_format = ws, font, alignment, number_format
        self.plain: WriteOnlyCell | None = None
        self.quoted: WriteOnlyCell | None = None

    def _make(self, quoted: bool) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        cell.font, cell.border, cell.alignment = self.font, BOX, self.alignment
        if self.number_format:
            cell.number_format = self.number_format
        if quoted:
            cell.quotePrefix = True
        return cell

    def cell(self, value: Any) -> WriteOnlyCell:
        if isinstance(value, str):
            value = safe_text(value)
            if is_formula_like(value):
                self.quoted = self.quoted or self._make(True)
                self.quoted.value = value
                self.quoted.data_type = "s"  # never a formula
                return self.quoted
        self.plain = self.plain or self._make(False)
        self.plain.value = value
        if isinstance(value, str):
            self.plain.data_type = "s"
        return self.plain


def _cells_to_row(cells: Sequence[WriteOnlyCell | None], row_idx: int) -> Iterator[WriteOnlyCell]:
    for col_idx, cell in enumerate(cells, 1):
        if cell is not None:
            cell.column, cell.row = col_idx, row_idx
            yield cell


def _font(**kw: Any) -> Font:
    return Font(name=FONT_NAME, **kw)


def write_workbook(report: Report) -> bytes:
    """The report as an .xlsx file's bytes (write-only: the rows stream out)."""
    wb = Workbook(write_only=True)
    wb._fonts = IndexedList([_font(size=11)])  # the Normal style names the same font
    ws = wb.create_sheet(safe_text(report.title)[:31].replace("/", "-") or "Sheet1")
    ws._values_to_row = _cells_to_row  # every appended row is a list of ready cells (or None): skip the guessing
    columns = report.columns
    width = len(columns)
    grouped = any(c.group for c in columns)
    header_rows = 2 if grouped else 1
    first_header = 3
    last_header = first_header + header_rows - 1
    total_width = 0.0
    for i, column in enumerate(columns, start=1):
        w = column.width or WIDTHS.get(column.kind, 12)
        total_width += w
        ws.column_dimensions[get_column_letter(i)].width = w
    setup = ws.page_setup
    setup.paperSize = "9"  # A4
    setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = FONT_NAME
    ws.print_title_rows = f"{first_header}:{last_header}"
    ws.freeze_panes = f"A{last_header + 1}"
    signing = any(c.kind == "sign" for c in columns)
    half = max(1, width // 2)

    title_font, plain_font, bold_font = _font(size=16, bold=True), _font(size=11), _font(size=11, bold=True)

    def single(value: Any, font: Font = plain_font, alignment: Alignment = LEFT) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=safe_text(value))
        cell.font, cell.alignment = font, alignment
        cell.data_type = "s"
        return cell

    ws.merged_cells.add(f"A1:{get_column_letter(width)}1")
    ws.row_dimensions[1].height = 30
    ws.append([single(report.full_title, title_font, CENTER)])
    meta_left = single(f"统计单位：{report.unit}")
    meta_right = single(f"统计时间：{report.period}", alignment=RIGHT)
    if width > 1:
        ws.merged_cells.add(f"A2:{get_column_letter(half)}2")
        ws.merged_cells.add(f"{get_column_letter(half + 1)}2:{get_column_letter(width)}2")
        ws.append([meta_left] + [None] * (half - 1) + [meta_right])
    else:
        ws.append([meta_left])

    def header_cell(value: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        cell.font, cell.border, cell.alignment = bold_font, BOX, CENTER
        if value is not None:
            cell.data_type = "s"
        return cell

    if grouped:
        top: list[Any] = [None] * width
        bottom: list[Any] = [None] * width
        for i, column in enumerate(columns):
            if column.group:
                bottom[i] = column.label
            else:
                top[i] = column.label
                ws.merged_cells.add(f"{get_column_letter(i + 1)}{first_header}:{get_column_letter(i + 1)}{last_header}")
        for label, a, b in header_spans(columns):
            top[a - 1] = label
            if b > a:
                ws.merged_cells.add(f"{get_column_letter(a)}{first_header}:{get_column_letter(b)}{first_header}")
        ws.append([header_cell(v) for v in top])
        ws.append([header_cell(v) for v in bottom])
    else:
        ws.append([header_cell(c.label) for c in columns])

    def cells(font: Font) -> list[_Cells]:
        return [
            _Cells(ws, font=font, alignment=LEFT if c.kind in ("text", "id") else CENTER if c.kind in (
                "date", "bool", "sign") else RIGHT, number_format=FORMATS.get(c.kind)) for c in columns
        ]  # fmt: skip

    total_cells, body_cells = cells(bold_font), cells(plain_font)

    def values(row: dict[str, Any] | Sequence[Any]) -> list[Any]:
        if isinstance(row, dict):
            raw = [row.get(c.key) for c in columns]
        else:
            raw = list(row) + [None] * (width - len(row))
        out = []
        for c, v in zip(columns, raw, strict=False):
            if c.kind == "sign":
                out.append(None)
            elif c.kind == "id" and v:
                out.append(idnumber.mask(str(v)) if report.posted else str(v))
            else:
                out.append(excel_value(c.kind, v))
        return out

    total = values(report.total)
    if total[0] in (None, ""):
        total[0] = TOTAL_LABEL
    row_number = last_header + 1
    ws.append([total_cells[i].cell(v) for i, v in enumerate(total)])
    for row in report.rows:
        row_number += 1
        if signing:
            ws.row_dimensions[row_number].height = SIGN_ROW_HEIGHT
        ws.append([body_cells[i].cell(v) for i, v in enumerate(values(row))])
    ws.append([])
    prepared = report.prepared_at or now()
    foot_left = single(f"{MADE_BY_LABEL}：{report.prepared_by}")
    foot_right = single(f"制表时间：{date_cn(prepared.date())}", alignment=RIGHT)
    foot = row_number + 2
    if width > 1:
        ws.merged_cells.add(f"A{foot}:{get_column_letter(half)}{foot}")
        ws.merged_cells.add(f"{get_column_letter(half + 1)}{foot}:{get_column_letter(width)}{foot}")
        ws.append([foot_left] + [None] * (half - 1) + [foot_right])
    else:
        ws.append([foot_left])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def content_disposition(filename: str, fallback: str) -> str:
    """attachment with an ASCII fallback and the Chinese name as RFC 5987 filename*."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def download(report: Report, *, filename: str, fallback: str) -> Any:
    """The report as a download response (Litestar), named in Chinese: 发放花名册_泉江镇敬老院_2026年11月.xlsx."""
    from litestar import Response

    return Response(
        write_workbook(report),
        media_type=XLSX,
        headers={"Content-Disposition": content_disposition(filename, fallback)},
    )


def file_name(*parts: str) -> str:
    """发放花名册_泉江镇敬老院_2026年11月.xlsx: what and when, joined by _, without characters a file name refuses."""
    return "_".join(re.sub(r'[\\/:*?"<>|\s]+', "", p) for p in parts if p) + ".xlsx"


def read_rows(data: bytes, filename: str = "", *, is_header: Callable[[list[Any]], bool]) -> Iterator[list[Any]]:
    """Every row of the first sheet with a row that `is_header` recognises (a cover sheet is passed over), merged
    cells filled from their top-left cell: .xlsx/.xls/.ods through python-calamine (faster than openpyxl's
    read-only mode, docs/performance.md), .csv in UTF-8 or GBK. Runs in a worker thread: it never holds the loop."""
    if filename.lower().endswith(".csv") or data[:4] not in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        if filename.lower().endswith((".xlsx", ".xls", ".ods")) or b"\x00" in data[:1024]:
            raise _not_a_table()
        yield from _csv_rows(data)
        return
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own kinds for a damaged file
        raise _not_a_table() from None
    for index in range(len(book.sheet_names)):
        sheet = book.get_sheet_by_index(index)
        stream = sheet.iter_rows()  # row by row: converting the whole sheet at once would hold the GIL
        head = list(itertools.islice(stream, 50))
        if not any(is_header(r) for r in head):
            continue
        rows = itertools.chain(head, stream)
        fills: dict[int, list[tuple[int, int, int]]] = {}
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
            fills.setdefault(r0, []).append((r1, c0, c1))
        pending: dict[int, list[tuple[int, int, Any]]] = {}
        first_col = (sheet.start or (0, 0))[1]  # iter_rows begins at the first used column (rows from 1)
        for number, row in enumerate(rows):
            row = [None] * first_col + list(row)
            for c0, c1, value in pending.pop(number, []):
                for c in range(c0, c1 + 1):
                    if c < len(row):
                        row[c] = value
            for r1, c0, c1 in fills.get(number, []):
                value = row[c0] if c0 < len(row) else None
                for c in range(c0 + 1, min(c1 + 1, len(row))):
                    row[c] = value
                for r in range(number + 1, r1 + 1):
                    pending.setdefault(r, []).append((c0, c1, value))
            yield row
        return
    yield from ()


def _csv_rows(data: bytes) -> Any:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_a_table()
    yield from csv.reader(io.StringIO(text))


def _not_a_table() -> Invalid:
    return Invalid(
        "无法读取该文件，请上传 .xlsx 或 .csv 格式的花名册。", fields={"file": "文件不是有效的 .xlsx 或 .csv 表格。"}
    )
