"""Access hardening: atomic login counters (windowed), token revocation and hints, TOTP, pending sign-ins."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T22:17:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "access: login counter window, api_token revoked_at/hint, app_user totp_secret, web_session mfa_pending"

STATEMENTS = [
    "ALTER TABLE login_throttle ADD COLUMN window_start BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE api_token ADD COLUMN revoked_at TIMESTAMPTZ NULL",
    "ALTER TABLE api_token ADD COLUMN hint VARCHAR(16) NOT NULL DEFAULT ''",
    "ALTER TABLE app_user ADD COLUMN totp_secret VARCHAR(64) NOT NULL DEFAULT ''",
    "ALTER TABLE web_session ADD COLUMN mfa_pending BOOLEAN NOT NULL DEFAULT FALSE",
]
BACKWARDS = [
    "ALTER TABLE web_session DROP COLUMN mfa_pending",
    "ALTER TABLE app_user DROP COLUMN totp_secret",
    "ALTER TABLE api_token DROP COLUMN hint",
    "ALTER TABLE api_token DROP COLUMN revoked_at",
    "ALTER TABLE login_throttle DROP COLUMN window_start",
]


class RawTable(Table, tablename="login_throttle"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eldercare", description=DESCRIPTION)

    async def run():
        for sql in STATEMENTS:
            await RawTable.raw(sql)

    async def run_backwards():
        for sql in BACKWARDS:
            await RawTable.raw(sql)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
