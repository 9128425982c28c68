"""Users, API tokens (hashed), database-backed web sessions and per-account login throttling."""

from enum import Enum

from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Role(str, Enum):
    bureau = "bureau"
    director = "director"
    staff = "staff"
    city = "city"
    province = "province"


class User(Table, tablename="app_user"):
    username = Varchar(length=50, unique=True)
    password_hash = Varchar(length=200)
    role = Varchar(length=10, choices=Role)
    # A director's home and a staff member's record live in the user's county store: plain ids, no foreign key.
    home = Integer(null=True, default=None)
    staff = Integer(null=True, default=None)
    county_code = Varchar(length=6, null=True, default=None)
    """bureau, director, staff: their county. city: null (see `counties`). province: null."""
    counties = Varchar(length=2000, default="")
    """city: the comma-separated county codes it looks at; province: the two-digit province code."""
    display_name = Varchar(length=50, default="")
    active = Boolean(default=True)
    created_at = Timestamptz()
    totp_secret = Varchar(length=64, default="")  # base32; empty: no second factor


class ApiToken(Table, tablename="api_token"):
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False, index=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    expires_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    hint = Varchar(length=16, default="")  # the token's first characters, to tell tokens apart in a list


class WebSession(Table, tablename="web_session"):
    """A signed-in browser: the cookie holds a random id; only its SHA-256 is stored."""

    id_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False, index=True)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    mfa_pending = Boolean(default=False)  # password checked, the TOTP code not yet: not signed in


class LoginThrottle(Table, tablename="login_throttle"):
    """Login attempts in a window, one row per key: `u:<account>` (known or not, so the answer never tells
    which), `a:<client address>`, `*` (everyone). Counted atomically before the password is checked
    (auth/throttle.py). `username` is the key; `failures` the count; `window_start` epoch seconds."""

    username = Varchar(length=50, unique=True)
    failures = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)  # unused since the windowed counter
    window_start = BigInt(default=0)
