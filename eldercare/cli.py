"""The `eldercare` command: each subcommand calls a service (see ../shared api.md, the command line).

For scripts: data on stdout, messages on stderr; exit 0 done, 1 refused or failed, 2 bad usage (an unknown
argument, a bad path, a bad or unreachable ELDERCARE_DATABASE_URL, an unknown job or period), each with a
Chinese message and never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sqlite3
import sys
import warnings
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from urllib.parse import urlparse

from eldercare.errors import DomainError


class BadUsage(DomainError):
    """Bad input to the command (a path, a URL, an argument): exit 2."""


class Parser(argparse.ArgumentParser):
    """argparse, with its complaints in Chinese (exit 2, the usage line first, no traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 参数有误：{_argparse_message(message)}\n")


def _argparse_message(message: str) -> str:
    replacements = [
        ("the following arguments are required: ", "缺少必填参数 "),
        ("unrecognized arguments: ", "无法识别的参数 "),
        ("invalid choice: ", "无效的选项 "),
        ("invalid int value: ", "应为整数，而不是 "),
        ("expected one argument", "需要一个值"),
        ("(choose from ", "（可选："),
        ("argument ", "参数 "),
    ]
    for english, chinese in replacements:
        message = message.replace(english, chinese)
    return message.replace("')", "'）") if "（可选：" in message else message


def version() -> str:
    try:
        return metadata.version("eldercare")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "0+unknown"


def database_problem(url: str) -> str | None:
    """Why ELDERCARE_DATABASE_URL cannot name a database (None when it can)."""
    shown = _without_password(url)
    if url.startswith("sqlite:///"):
        return None if url.removeprefix("sqlite:///") else f"ELDERCARE_DATABASE_URL 缺少 SQLite 文件路径：{shown}"
    parsed = urlparse(url)
    if parsed.scheme not in ("postgresql", "postgres"):
        return (f"ELDERCARE_DATABASE_URL 的类型不支持：{shown}"
                "（应为 sqlite:///路径 或 postgresql://用户@主机:端口/库名）")  # fmt: skip
    try:
        parsed.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        return f"ELDERCARE_DATABASE_URL 的端口不正确：{shown}"
    return None


def _without_password(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from eldercare.app import create_app
    from eldercare.schema import migrate

    asyncio.run(migrate())
    from eldercare.logs import logging_config

    app = create_app(with_scheduler=not args.no_scheduler)
    # What is loaded by now (modules, templates' code, the app) lives as long as the process: keep it out of
    # the collector's passes, so a full collection under load walks only what requests made (shorter pauses).
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", log_config=logging_config())
    return 0


def _scheduler(_: argparse.Namespace) -> int:
    try:
        from jobs.scheduler import run_forever
    except ImportError:
        print("eldercare scheduler: the scheduled jobs are not built yet", file=sys.stderr)
        return 2
    return run_forever()


def _migrate(_: argparse.Namespace) -> int:
    from eldercare.schema import migrate

    asyncio.run(migrate())
    print("数据库已是最新结构。", file=sys.stderr)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from eldercare.demo import load_demo

    jobs = max(1, args.jobs) if args.jobs is not None else min(os.cpu_count() or 1, 4)
    loaded = asyncio.run(load_demo(if_empty=args.if_empty, counties=args.counties, jobs=jobs))
    print("示例县已载入。" if loaded else "数据库不是空的，未载入示例县。", file=sys.stderr)
    return 0


def _createuser(args: argparse.Namespace) -> int:
    from eldercare.auth.services import create_user

    if not args.password_stdin:
        print("请用 --password-stdin 从标准输入提供密码。", file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\n")

    from eldercare import db

    print(asyncio.run(db.started(create_user(
        actor=None, username=args.username, password=password, role=args.role, home_code=args.home,
        staff_id=args.staff, county=args.county, counties=args.counties, province=args.province))))  # fmt: skip
    return 0


def _county(args: argparse.Namespace) -> int:
    from eldercare import db
    from eldercare.county.directory import add_county

    row = asyncio.run(db.started(add_county(actor=None, code=args.code, name=args.name)))
    print(f"已新增县：{row['code']} {row['name']}")
    return 0


def _defaults(args: argparse.Namespace) -> int:
    import json

    from eldercare.county.defaults import set_province_default
    from eldercare.errors import Invalid

    try:
        with open(args.file, encoding="utf-8") as f:
            body = json.load(f)
    except (OSError, ValueError) as exc:
        print(f"eldercare: 无法读取默认值文件 {args.file}：{exc}", file=sys.stderr)
        return 2

    from eldercare import db

    try:
        asyncio.run(db.started(set_province_default(province=args.province, year=args.year, body=body)))
    except Invalid as exc:  # a bad file is a usage error like an unreadable one: exit 2, nothing written
        print(f"eldercare: {exc.detail}", file=sys.stderr)
        for field, message in exc.fields.items():
            print(f"  {field}: {message}", file=sys.stderr)
        return 2
    print(f"已设定 {args.province} 省 {args.year} 年度的默认值。")
    return 0


def _token(args: argparse.Namespace) -> int:
    from eldercare import db
    from eldercare.auth.services import create_token

    print(asyncio.run(db.started(create_token(username=args.username, days=args.days))))
    return 0


def _jobs(args: argparse.Namespace) -> int:
    try:
        from jobs.manual import jobs_command
    except ImportError:
        print("eldercare jobs: the scheduled jobs are not built yet", file=sys.stderr)
        return 2
    return jobs_command(args)


def _backup(args: argparse.Namespace) -> int:
    from eldercare.backup import backup

    folder = Path(args.path).expanduser().resolve().parent
    if not folder.is_dir():
        raise BadUsage(f"备份目录不存在：{folder}（请先建好目录）。")
    print(backup(args.path))
    return 0


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="eldercare", description="敬老院运营管理系统",
               epilog="数据库由环境变量 ELDERCARE_DATABASE_URL 指定（默认 sqlite:///var/eldercare.sqlite3）。"
                      "数据写到标准输出，提示写到标准错误；退出码 0 成功，1 被拒绝或失败，2 用法有误。")  # fmt: skip
    p.add_argument("--version", action="version", version=f"eldercare {version()}", help="print the version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("serve", help="migrate, then serve (with the scheduler unless --no-scheduler)")
    s.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="the port to listen on (default 8000)")
    s.add_argument("--no-scheduler", action="store_true", help="serve only; run `eldercare scheduler` elsewhere")
    s.set_defaults(func=_serve)
    sub.add_parser("scheduler", help="the scheduler alone").set_defaults(func=_scheduler)
    sub.add_parser("migrate", help="bring the schema up to date").set_defaults(func=_migrate)
    d = sub.add_parser("demo", help="load the demo county")
    d.add_argument("--if-empty", action="store_true", help="do nothing when the database already holds data")
    d.add_argument("--counties", type=int, help="load N deterministic counties of 吉安市 (with city/province users)")
    d.add_argument("--jobs", type=int, help="with --counties: counties loaded at a time, each in its own process "
                   "(default: the number of cores, at most 4)")
    d.set_defaults(func=_demo)
    u = sub.add_parser("createuser", help="create a user (prints the new user's id)")
    u.add_argument("username", help="the sign-in name")
    u.add_argument("--role", required=True, choices=["bureau", "director", "staff", "city", "province"],
                   help="the user's role")
    u.add_argument("--county", help="the user's county (GB/T 2260, 6 digits); may be left out with one county")
    u.add_argument("--counties", help="city: the comma-separated county codes it looks at")
    u.add_argument("--province", help="province: its two-digit code (36) or six (360000)")
    u.add_argument("--home", help="director: the home's code within the county")
    u.add_argument("--staff", type=int, help="staff: the staff record's id")
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    u.set_defaults(func=_createuser)
    c = sub.add_parser("county", help="counties of a many-county deployment")
    csub = c.add_subparsers(dest="county_command", required=True)
    ca = csub.add_parser("add", help="add a county (GB/T 2260 six-digit code and its name)")
    ca.add_argument("code", help="six-digit county code, e.g. 360828")
    ca.add_argument("name", nargs="?", default="", help="its name, e.g. 万安县")
    ca.set_defaults(func=_county)
    df = sub.add_parser("defaults", help="a province's defaults for counties that set none")
    dsub = df.add_subparsers(dest="defaults_command", required=True)
    ds = dsub.add_parser("set", help="set a province's defaults for a year from a JSON file")
    ds.add_argument("province", help="two-digit province code, e.g. 36")
    ds.add_argument("year", type=int, help="the year, e.g. 2027")
    ds.add_argument("file", help='JSON: {"standard": {...}, "year_settings": {...}} (docs/domain-decisions.md)')
    ds.set_defaults(func=_defaults)
    t = sub.add_parser("token", help="API tokens")
    tsub = t.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    tc = tsub.add_parser("create", help="print a new API token for a user")
    tc.add_argument("username", help="whose token (it carries that user's role and scope)")
    tc.add_argument("--days", type=int, default=None, help="lifetime in days (default 90)")
    tc.set_defaults(func=_token)
    from eldercare.cli_access import register as register_access

    register_access(sub, tsub)  # token list|revoke, user deactivate
    j = sub.add_parser("jobs", help="the scheduled jobs, by hand")
    jsub = j.add_subparsers(dest="jobs_command", required=True, metavar="ACTION")
    jl = jsub.add_parser("list", help="every job with its next run")
    jl.add_argument("--json", action="store_true", help="a JSON array on stdout instead of tab-separated lines")
    jl.set_defaults(func=_jobs)
    jr = jsub.add_parser("run", help="run one job for a period now, through the same ledger (once per period)")
    jr.add_argument("name", help="the job's name (see `eldercare jobs list`)")
    jr.add_argument("--period", help="the period, in the job's own form (default: the latest due)")
    jr.add_argument("--preview", action="store_true", help="compute without recording the period as run")
    jr.add_argument("--json", action="store_true", help="the outcome as one JSON object on stdout")
    jr.add_argument("--county", help="only this county (GB/T 2260 code); every county when left out")
    jr.set_defaults(func=_jobs)
    b = sub.add_parser("backup", help="a consistent copy of the database")
    b.add_argument("path", help="the new file (SQLite copy or pg_dump archive); its folder must exist")
    b.set_defaults(func=_backup)
    from eldercare.verify import add_parser as add_verify

    add_verify(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from eldercare.config import SettingsError, get_settings

    try:
        url = get_settings().database_url
    except SettingsError as exc:
        print(f"eldercare: 环境变量设置有误：{_settings_message(str(exc))}", file=sys.stderr)
        return 2
    # Piccolo warns (in colour, in English) before the connection error that we turn into a sentence.
    warnings.filterwarnings("ignore", message=r".*Unable to (connect to database|fetch server version)")
    problem = database_problem(url)
    if problem:
        print(f"eldercare: {problem}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except BadUsage as exc:
        print(f"eldercare: {exc.detail}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"eldercare: {exc.detail}", file=sys.stderr)
        for field, message in exc.fields.items():
            print(f"  {field}: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 (a script gets a sentence and an exit code, not a traceback)
        message = _unreachable(exc, url)
        if message is None:
            print(f"eldercare: 出错了（{type(exc).__name__}: {exc}）", file=sys.stderr)
            return 1
        print(f"eldercare: {message}", file=sys.stderr)
        return 2


def _settings_message(message: str) -> str:
    if message.startswith("ELDERCARE_DATABASE_URL"):
        return "ELDERCARE_DATABASE_URL 应为 sqlite:///路径 或 postgresql://用户@主机:端口/库名"
    return (message.replace(" must be true or false, not ", " 应为 true 或 false，而不是 ")
            .replace(" must be an integer, not ", " 应为整数，而不是 "))  # fmt: skip


def _unreachable(exc: BaseException, url: str) -> str | None:
    """A Chinese sentence when `exc` says the database (or a file) cannot be reached; None for anything else."""
    import asyncpg

    shown = _without_password(url)
    if isinstance(exc, ConnectionError | TimeoutError | asyncpg.exceptions.CannotConnectNowError) or (
        isinstance(exc, OSError) and exc.errno is None and "connect" in str(exc).lower()
    ):
        return f"无法连接数据库 {shown}：{exc}"
    if isinstance(exc, asyncpg.exceptions.InvalidCatalogNameError | asyncpg.InvalidAuthorizationSpecificationError
                  | asyncpg.exceptions.InvalidPasswordError):  # fmt: skip
        return f"数据库拒绝连接 {shown}：{exc}"
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
        return f"无法打开 SQLite 数据库文件 {shown}（目录是否存在、是否有权限？）"
    if isinstance(exc, OSError):  # socket.gaierror (an unknown host), a missing folder, no permission
        where = f" {exc.filename}" if exc.filename else f" {shown}"
        return f"无法访问{where}：{exc.strerror or exc}"
    return None


if __name__ == "__main__":
    sys.exit(main())
