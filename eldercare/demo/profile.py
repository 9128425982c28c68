"""The demo county's profile: its issuing unit, name, phone for objections and address (本县设置); 遂川县 has
the two-person rule for money on (审核: `bureau` enters, `bureau2` approves)."""

from __future__ import annotations

from typing import Any

from eldercare import db
from eldercare.profile.services import seed_profile


async def load(w: db.Writer, county: dict[str, Any]) -> None:
    name = county.get("name", "遂川县")
    if name == "遂川县":
        await seed_profile(w, issuing_unit="遂川县民政局", county_name="遂川县", objection_phone="0796-6322110",
                           address="江西省吉安市遂川县泉江镇民政局办公楼", two_person_rule=True)  # fmt: skip
        return
    await seed_profile(w, issuing_unit=f"{name}民政局", county_name=name, objection_phone="",
                       address=f"江西省{name}民政局")  # fmt: skip
