"""Who is acting: the authenticated user with role and scope, a plain value passed to every service."""

from __future__ import annotations

from dataclasses import dataclass, replace

BUREAU = "bureau"
DIRECTOR = "director"
STAFF = "staff"
CITY = "city"
PROVINCE = "province"
COUNTY_ROLES = (BUREAU, DIRECTOR, STAFF)
READER_ROLES = (CITY, PROVINCE)
ROLES = (*COUNTY_ROLES, *READER_ROLES)
ROLE_NAMES = {BUREAU: "县民政局", DIRECTOR: "敬老院院长", STAFF: "工作人员", CITY: "市民政局", PROVINCE: "省民政厅"}


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    role: str
    home_id: int | None = None
    staff_id: int | None = None
    display_name: str = ""
    via_token: bool = False
    county_code: str | None = None
    """The county whose store this actor works in: their own, or the one a city/province user looks at."""
    counties: tuple[str, ...] = ()
    """City and province users: the counties they may look at (filled from the directory at sign-in)."""
    region_code: str | None = None
    """City (4 digits, e.g. 3608) or province (2 digits, e.g. 36) of a reader."""

    @property
    def is_reader(self) -> bool:
        return self.role in READER_ROLES

    @property
    def is_bureau(self) -> bool:
        """Sees the whole county: its bureau, or a city/province user looking at that county (read only)."""
        return self.role == BUREAU or (self.is_reader and self.county_code is not None)

    @property
    def is_director(self) -> bool:
        return self.role == DIRECTOR

    @property
    def is_staff(self) -> bool:
        return self.role == STAFF

    @property
    def can_write(self) -> bool:
        return self.role in COUNTY_ROLES

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    def looking_at(self, county_code: str | None) -> Actor:
        return replace(self, county_code=county_code)


SYSTEM = Actor(user_id=0, username="system", role=BUREAU, display_name="系统任务")
