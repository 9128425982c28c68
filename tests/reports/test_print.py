"""The roster and the pay list printed through LibreOffice to PDF: A4, a sensible page count, and every page holds
the whole width of the table (the repeated header's first and last column on each page, never one column alone)."""

import datetime as dt
import shutil
import subprocess

from eldercare.county.tables import Home
from eldercare.residents import excel_io
from tests.conftest import skip_or_fail
from tests.factories import make_resident
from tests.payments.helpers import fund, pay, standard
from tests.residents.helpers import actor


def pdf_pages(xlsx: bytes, tmp_path) -> list[str]:
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        skip_or_fail("LibreOffice (soffice) or poppler-utils (pdftotext) is not installed")
    source = tmp_path / "sheet.xlsx"
    source.write_bytes(xlsx)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "sheet.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info, info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


async def test_the_roster_prints_a_few_whole_width_pages(county, tmp_path):
    for i in range(120):
        await make_resident(township=county.township_a, home=county.home_a if i % 2 else None,
                            mode="centralized" if i % 2 else "dispersed", name=f"张{i:03d}")  # fmt: skip
    data = await excel_io.export_roster(actor=actor(county, "bureau"), on=dt.date(2026, 3, 1))
    pages = pdf_pages(data, tmp_path)
    assert 2 <= len(pages) <= 6, len(pages)  # 120 rows on landscape A4, not 108 portrait pages
    for page in pages:
        assert "序号" in page and "年审时间" in page, page[:400]  # the whole header on every page


async def test_the_pay_list_prints_the_signature_beside_the_name_on_every_page(client_for, county, tmp_path):
    await Home.update({Home.beds: 100}).where(Home.id == county.home_a)
    await standard(2025, centralized=192_000, full=0)
    await fund()
    for i in range(40):
        await make_resident(township=county.township_a, home=county.home_a, admitted_on=dt.date(2024, 1, 1),
                            name=f"李{i:02d}")  # fmt: skip
    await pay("2025-01")
    client = await client_for("bureau")
    response = await client.get(f"/payments/batches/2025-01/homes/{county.home_a}/xlsx")
    assert response.status_code == 200
    pages = pdf_pages(response.content, tmp_path)
    assert 1 <= len(pages) <= 4, len(pages)
    for page in pages:
        assert "领款人签名" in page and "类别" in page, page[:400]
    assert "合计" in pages[0] and "制表人" in pages[-1]
