"""`eldercare` in scripts, run as a subprocess: --version, help on everything, --json, data on stdout and
messages on stderr, and a Chinese sentence with exit 2 (never a traceback) for bad arguments, paths and URLs."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

from eldercare import db
from eldercare.cli import parser
from eldercare.config import child_environment, get_settings


def _url() -> str:
    engine = db.get_engine()
    return f"sqlite:///{engine.path}" if db.is_sqlite(engine) else get_settings().database_url


async def eldercare(*args: str, url: str | None = None) -> subprocess.CompletedProcess:
    env = child_environment(ELDERCARE_DATABASE_URL=url or _url())
    cmd = [sys.executable, "-m", "eldercare.cli", *args]
    root = get_settings().project_root
    return await asyncio.to_thread(subprocess.run, cmd, cwd=root, env=env, capture_output=True, text=True,
                                   timeout=120)  # fmt: skip


def refused_in_chinese(result: subprocess.CompletedProcess) -> bool:
    return (result.returncode == 2 and "Traceback" not in result.stderr and result.stdout == ""
            and any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr))  # fmt: skip


def test_every_subcommand_and_option_has_help_text():
    missing = []

    def walk(p, where):
        for action in p._actions:
            if action.help is None and action.dest not in ("help",):
                missing.append(f"{where} {action.dest}")
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                helps = {a.dest: a.help for a in getattr(action, "_choices_actions", [])}
                for name, child in action.choices.items():
                    if not helps.get(name):
                        missing.append(f"{where} {name} (subcommand)")
                    walk(child, f"{where} {name}")

    walk(parser(), "eldercare")
    assert [m for m in missing if not m.endswith(" command") and "_command" not in m] == []


async def test_version_prints_the_version_on_stdout(database):
    result = await eldercare("--version")
    assert result.returncode == 0 and result.stdout.startswith("eldercare ") and result.stdout.strip()[-1].isdigit()


async def test_jobs_list_and_run_speak_json_on_stdout_and_messages_on_stderr(database):
    listing = await eldercare("jobs", "list", "--json")
    assert listing.returncode == 0
    jobs = json.loads(listing.stdout)
    assert {"name", "title", "next_run"} <= set(jobs[0]) and "monthly-payments" in {j["name"] for j in jobs}
    run = await eldercare("jobs", "run", "daily-checks", "--period", "2026-11-01", "--json")
    outcome = json.loads(run.stdout)
    assert run.returncode == 0 and outcome["job"] == "daily-checks" and outcome["period"] == "2026-11-01"
    assert outcome["status"] == "succeeded" and "完成" in run.stderr


async def test_bad_arguments_job_names_and_periods_get_a_chinese_sentence_and_exit_2(database):
    for args in (["serve", "--port", "eighty"], ["jobs", "run"], ["nonsense"], ["jobs", "run", "no-such-job"],
                 ["jobs", "run", "monthly-payments", "--period", "2026-13"]):  # fmt: skip
        result = await eldercare(*args)
        assert refused_in_chinese(result), (args, result.stderr)
    assert "参数有误" in (await eldercare("serve", "--port", "eighty")).stderr


async def test_backup_into_a_missing_folder_is_refused_without_a_traceback(database, tmp_path):
    result = await eldercare("backup", str(tmp_path / "no" / "such" / "copy.sqlite3"))
    assert refused_in_chinese(result) and "备份目录不存在" in result.stderr


async def test_a_bad_or_unreachable_database_url_is_refused_without_a_traceback(database):
    unknown = await eldercare("migrate", url="mysql://root@127.0.0.1/eldercare")
    assert refused_in_chinese(unknown) and "ELDERCARE_DATABASE_URL" in unknown.stderr
    bad_port = await eldercare("migrate", url="postgresql://postgres@127.0.0.1:notaport/x")
    assert refused_in_chinese(bad_port) and "端口" in bad_port.stderr
    unreachable = await eldercare("token", "create", "bureau", url="postgresql://postgres@127.0.0.1:1/nothing")
    assert refused_in_chinese(unreachable) and "无法连接数据库" in unreachable.stderr
    unknown_host = await eldercare("migrate", url="postgresql://postgres@no-such-host.invalid:5432/x")
    assert refused_in_chinese(unknown_host), unknown_host.stderr
