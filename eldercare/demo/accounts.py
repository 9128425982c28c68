"""Demo accounts: `bureau` and `bureau2` (who approves under the two-person rule), a director per home (`director01`…`director26`), every staff member (`staff001`…).

All share the demo password below (written in the README); the hash is computed once.
"""

from __future__ import annotations

from eldercare.auth.passwords import hash_password
from eldercare.auth.tables import User
from eldercare.db import Writer
from eldercare.demo.people import CREATED_AT

DEMO_PASSWORD = "eldercare2026"


async def load(w: Writer, county: dict) -> None:
    """The county's users, kept in `county["users"]`: users live in the directory (the main store), which
    load_demo writes after the county's own books (eldercare.stores)."""
    password_hash = await hash_password(DEMO_PASSWORD)
    code, suffix = county.get("code", "360827"), county.get("suffix", "")
    users = []
    if county.get("plain_names", True):
        users.append(User(username="bureau", password_hash=password_hash, role="bureau", county_code=code,
                          display_name=f"{county.get('name', '遂川县')}民政局", created_at=CREATED_AT))  # fmt: skip
        # the second bureau user: approves what `bureau` enters under the two-person rule (审核)
        users.append(User(username="bureau2", password_hash=password_hash, role="bureau", county_code=code,
                          display_name=f"{county.get('name', '遂川县')}民政局（复核）", created_at=CREATED_AT))  # fmt: skip
    if suffix:
        users.append(User(username=f"bureau{code}", password_hash=password_hash, role="bureau", county_code=code,
                          display_name=f"{county.get('name', '')}民政局", created_at=CREATED_AT))  # fmt: skip
    plain = county.get("plain_names", True)
    home_number = {home["id"]: i + 1 for i, home in enumerate(county["homes"])}
    staff_number = 0
    for staff in county["staff"]:
        tag = "" if plain else f"{code}_"
        if staff["is_director"]:
            username, role = f"director{tag}{home_number[staff['home']]:02d}", "director"
        else:
            staff_number += 1
            username, role = f"staff{tag}{staff_number:03d}", "staff"
        users.append(
            User(username=username, password_hash=password_hash, role=role, home=staff["home"],
                 staff=staff["id"], display_name=staff["name"], created_at=CREATED_AT, county_code=code)
        )  # fmt: skip
    county["users"] = users
