"""Demo accounts: `bureau`, a director per home (`director01`…`director26`), every staff member (`staff001`…).

All share the demo password below (written in the README); the hash is computed once.
"""

from __future__ import annotations

from eldercare.auth.passwords import hash_password
from eldercare.auth.tables import User
from eldercare.db import Writer
from eldercare.demo.people import CREATED_AT

DEMO_PASSWORD = "eldercare2026"


async def load(w: Writer, county: dict) -> None:
    password_hash = await hash_password(DEMO_PASSWORD)
    users = [User(username="bureau", password_hash=password_hash, role="bureau", display_name="县民政局",
                  created_at=CREATED_AT)]  # fmt: skip
    home_number = {home["id"]: i + 1 for i, home in enumerate(county["homes"])}
    staff_number = 0
    for staff in county["staff"]:
        if staff["is_director"]:
            username, role = f"director{home_number[staff['home']]:02d}", "director"
        else:
            staff_number += 1
            username, role = f"staff{staff_number:03d}", "staff"
        users.append(
            User(username=username, password_hash=password_hash, role=role, home=staff["home"],
                 staff=staff["id"], display_name=staff["name"], created_at=CREATED_AT)
        )  # fmt: skip
    await User.insert(*users).run()
    await w.audit(table=User, row_id="demo", action="demo", before=None, after={"users": len(users)})
