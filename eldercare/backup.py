"""A consistent copy of the database while it serves: SQLite's online backup API (never a file copy)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

from eldercare.config import get_settings
from eldercare.errors import DomainError


def backup(path: str) -> str:
    settings = get_settings()
    if settings.is_sqlite:
        source = settings.database_url.removeprefix("sqlite:///")
        if os.path.exists(path):
            raise DomainError(f"{path} 已存在，请换一个文件名。")
        with sqlite3.connect(source, timeout=5) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        return path
    if shutil.which("pg_dump") is None:
        raise DomainError("找不到 pg_dump，无法备份 PostgreSQL 数据库。")
    subprocess.run(["pg_dump", "--format=custom", f"--file={path}", settings.database_url], check=True)
    return path
