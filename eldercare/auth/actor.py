"""Who is acting: the authenticated user with role and scope, a plain value passed to every service."""

from __future__ import annotations

from dataclasses import dataclass

BUREAU = "bureau"
DIRECTOR = "director"
STAFF = "staff"
ROLES = (BUREAU, DIRECTOR, STAFF)
ROLE_NAMES = {BUREAU: "县民政局", DIRECTOR: "敬老院院长", STAFF: "工作人员"}


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    role: str
    home_id: int | None = None
    staff_id: int | None = None
    display_name: str = ""
    via_token: bool = False

    @property
    def is_bureau(self) -> bool:
        return self.role == BUREAU

    @property
    def is_director(self) -> bool:
        return self.role == DIRECTOR

    @property
    def is_staff(self) -> bool:
        return self.role == STAFF

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)


SYSTEM = Actor(user_id=0, username="system", role=BUREAU, display_name="系统任务")
