"""Per-person records in the demo, each part its own function: 代管金 ledgers in 泉江镇敬老院, a support
certificate (供养证) for every active person, the dispersed persons' three-party agreements and caretaker
visits (three of them not visited since July 2026, so the integrity check lists them), and the 2025 rating
process: self-assessments with one evidence photo, the 公示 and an objection, answered."""

from __future__ import annotations

import datetime as dt
import random

from eldercare.db import Writer
from eldercare.ratings.tables import RatingNotice, RatingObjection
from eldercare.residents.support import certificate_number

CHINA = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 1, 5, 9, tzinfo=CHINA)
PHOTO = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
         b"\x00\x00\x00\x0cIDATx\x9cc8s\xf7\x1d\x00\x05\x10\x02\x98\xcf\x9a\x06\xf8\x00\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip
CARETAKERS = "王秀兰 李桂英 刘冬梅 陈春生 张有福 黄金花 周建国 吴小平".split()


async def savings(w: Writer, county: dict) -> None:
    """Five residents of the first home: a deposit from relatives, then a witnessed withdrawal."""
    home = county["homes"][0]["id"]
    rows = await w.fetch("SELECT id FROM resident WHERE home = ? AND status = 'active' ORDER BY id LIMIT 5", home)
    lines = []
    for n, r in enumerate(rows):
        deposit, spent = 50_000 + n * 10_000, 8_650 + n * 1_000
        lines += [(r["id"], home, 1, dt.date(2026, 3, 2), "deposit", deposit, deposit, "", "亲属送来", AT),
                  (r["id"], home, 2, dt.date(2026, 6, 18), "withdrawal", spent, deposit - spent, "王护理", "购买衣物药品", AT)]  # fmt: skip
    await w.execute_many(
        "INSERT INTO savings_entry (resident, home, seq, dated_on, kind, amount_fen, balance_after_fen, witness, note, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", lines)  # fmt: skip


async def certificates(w: Writer, county: dict) -> None:
    """Every active or suspended person holds a certificate issued in 2025 (county + 2025 + sequence)."""
    rows = await w.fetch("SELECT r.id, t.code FROM resident r JOIN township t ON t.id = r.township "
                         "WHERE r.status IN ('active', 'suspended') ORDER BY r.id")  # fmt: skip
    await w.execute_many(
        "INSERT INTO support_certificate (resident, number, year, seq, issued_on) VALUES (?, ?, ?, ?, ?)",
        [(r["id"], certificate_number(county_code=r["code"][:6], year=2025, seq=n), 2025, n, dt.date(2025, 3, 1))
         for n, r in enumerate(rows, start=1)],
    )  # fmt: skip


async def dispersed_agreements(w: Writer, county: dict) -> None:
    """An agreement for every active dispersed person and visits in July, September and November 2026;
    the first three were visited only in July (overdue by the integrity check from mid-October)."""
    rng = random.Random(819)
    people = await w.fetch("SELECT id, township, admitted_on FROM resident WHERE mode = 'dispersed' "
                           "AND status = 'active' ORDER BY id")  # fmt: skip
    agreements = []
    for p in people:
        admitted = dt.date.fromisoformat(str(p["admitted_on"])[:10])
        agreements.append((p["id"], p["township"], rng.choice(CARETAKERS), f"139{rng.randrange(10**8):08d}",
                           max(admitted, dt.date(2025, 1, 10)), "每周探望，照料日常生活，生病及时送医并报告乡镇", AT))  # fmt: skip
    await w.execute_many(
        "INSERT INTO support_agreement (resident, township, caretaker_name, caretaker_phone, signed_on, duties, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", agreements)  # fmt: skip
    ids = {r["resident"]: r["id"] for r in await w.fetch("SELECT id, resident FROM support_agreement")}
    found = ["身体状况良好，米油充足", "房屋漏雨，已报乡镇", "感冒已好转，按时服药", "生活正常"]
    visits = []
    for n, (p, a) in enumerate(zip(people, agreements, strict=True)):
        days = [dt.date(2026, 7, 15)] if n < 3 else [dt.date(2026, 7, 15), dt.date(2026, 9, 15), dt.date(2026, 11, 10)]
        visits += [(p["id"], ids[p["id"]], d, rng.choice(found), AT) for d in days if d >= a[4]]
    await w.execute_many("INSERT INTO caretaker_visit (resident, agreement, dated_on, found, created_at) "
                         "VALUES (?, ?, ?, ?, ?)", visits)  # fmt: skip


async def rating_process(w: Writer, county: dict) -> None:
    """2025: the first three homes' self-assessments (a little above the county's score), a photo for one
    item, the 公示 (10–16 January 2026) with one objection, answered."""
    homes = [h["id"] for h in county["homes"][:3]]
    scores = await w.fetch("SELECT s.home, c.item, c.points_tenths, i.max_tenths FROM rating_score c "
                           "JOIN rating_sheet s ON s.id = c.sheet JOIN rubric_item i ON i.id = c.item ORDER BY c.id")  # fmt: skip
    rows = [(r["home"], r["item"], min(r["max_tenths"], r["points_tenths"] + (r["item"] % 3) * 5), "按细则自查", AT)
            for r in scores if r["home"] in homes]  # fmt: skip
    await w.execute_many("INSERT INTO rating_self_score (home, item, points_tenths, note, saved_at) "
                         "VALUES (?, ?, ?, ?, ?)", rows)  # fmt: skip
    await w.fetch("INSERT INTO rating_evidence (home, item, filename, content_type, size_bytes, data, uploaded_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", homes[0], rows[0][1], "房屋安全检查照片.png", "image/png",
                  len(PHOTO), PHOTO, AT)  # fmt: skip
    notice = await w.insert(RatingNotice, year=2025, starts_on=dt.date(2026, 1, 10), ends_on=dt.date(2026, 1, 16),
                            issuer="县民政局", object_to="县民政局社会救助股（来信来访均可）", published_at=AT)  # fmt: skip
    await w.insert(RatingObjection, notice=notice, home=homes[1], dated_on=dt.date(2026, 1, 12), objector="雩田镇敬老院",
                   content="庭院经济得分偏低，已补充鱼塘收入凭证。", answer="经复核，凭证收入已计入，维持原评分。",
                   answered_on=dt.date(2026, 1, 15), created_at=AT)  # fmt: skip


async def load(w: Writer, county: dict) -> None:
    await savings(w, county)
    await certificates(w, county)
    await dispersed_agreements(w, county)
    await rating_process(w, county)
