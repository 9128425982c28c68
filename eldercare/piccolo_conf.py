"""Piccolo's configuration: the one engine, chosen by ELDERCARE_DATABASE_URL (see eldercare.db)."""

from piccolo.conf.apps import AppRegistry

from eldercare.config import get_settings
from eldercare.db import engine_from_url

DB = engine_from_url(get_settings().database_url)

APP_REGISTRY = AppRegistry(apps=["eldercare.piccolo_app"])
