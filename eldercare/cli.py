"""The `eldercare` command: each subcommand calls a service (see ../shared api.md, the command line)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from eldercare.errors import DomainError


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from eldercare.app import create_app
    from eldercare.schema import migrate

    asyncio.run(migrate())
    from eldercare.logs import logging_config

    app = create_app(with_scheduler=not args.no_scheduler)
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
    print("数据库已是最新结构。")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from eldercare.demo import load_demo

    loaded = asyncio.run(load_demo(if_empty=args.if_empty))
    print("示例县已载入。" if loaded else "数据库不是空的，未载入示例县。")
    return 0


def _createuser(args: argparse.Namespace) -> int:
    from eldercare.auth.services import create_user

    if not args.password_stdin:
        print("请用 --password-stdin 从标准输入提供密码。", file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\n")

    async def run() -> int:
        from eldercare import db

        await db.start()
        try:
            return await create_user(actor=None, username=args.username, password=password, role=args.role,
                                     home_code=args.home, staff_id=args.staff)  # fmt: skip
        finally:
            await db.stop()

    print(asyncio.run(run()))
    return 0


def _token(args: argparse.Namespace) -> int:
    from eldercare.auth.services import create_token

    async def run() -> str:
        from eldercare import db

        await db.start()
        try:
            return await create_token(username=args.username, days=args.days)
        finally:
            await db.stop()

    print(asyncio.run(run()))
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

    print(backup(args.path))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="eldercare", description="敬老院运营管理系统")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="migrate, then serve (with the scheduler unless --no-scheduler)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--no-scheduler", action="store_true")
    s.set_defaults(func=_serve)
    sub.add_parser("scheduler", help="the scheduler alone").set_defaults(func=_scheduler)
    sub.add_parser("migrate", help="bring the schema up to date").set_defaults(func=_migrate)
    d = sub.add_parser("demo", help="load the demo county")
    d.add_argument("--if-empty", action="store_true")
    d.set_defaults(func=_demo)
    u = sub.add_parser("createuser", help="create a user")
    u.add_argument("username")
    u.add_argument("--role", required=True, choices=["bureau", "director", "staff"])
    u.add_argument("--home")
    u.add_argument("--staff", type=int)
    u.add_argument("--password-stdin", action="store_true")
    u.set_defaults(func=_createuser)
    t = sub.add_parser("token", help="API tokens")
    tsub = t.add_subparsers(dest="token_command", required=True)
    tc = tsub.add_parser("create", help="print a new API token for a user")
    tc.add_argument("username")
    tc.add_argument("--days", type=int, default=None)
    tc.set_defaults(func=_token)
    j = sub.add_parser("jobs", help="the scheduled jobs, by hand")
    jsub = j.add_subparsers(dest="jobs_command", required=True)
    jsub.add_parser("list").set_defaults(func=_jobs)
    jr = jsub.add_parser("run")
    jr.add_argument("name")
    jr.add_argument("--period")
    jr.add_argument("--preview", action="store_true")
    jr.set_defaults(func=_jobs)
    b = sub.add_parser("backup", help="a consistent copy of the database")
    b.add_argument("path")
    b.set_defaults(func=_backup)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DomainError as exc:
        print(f"eldercare: {exc.detail}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
