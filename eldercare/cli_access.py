"""`eldercare token list|revoke` and `eldercare user deactivate`: access by hand (registered in cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any


def _run(work: Callable[[], Awaitable[Any]]) -> Any:
    from eldercare import db

    return asyncio.run(db.started(work()))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def token_list(args: argparse.Namespace) -> int:
    from eldercare.auth.services import TOKEN_STATUS_NAMES, list_tokens

    rows = _run(lambda: list_tokens(username=args.username))
    if args.json:
        print(json.dumps([{"id": r["id"], "username": r["username"], "hint": r["hint"], "status": r["status"],
                           "created_at": _iso(r["created_at"]), "expires_at": _iso(r["expires_at"]),
                           "revoked_at": _iso(r["revoked_at"])} for r in rows], ensure_ascii=False))  # fmt: skip
        return 0
    print("编号\t用户\t开头\t状态\t创建\t到期")
    for r in rows:
        expires = r["expires_at"].date().isoformat() if r["expires_at"] else "不过期"
        print(f"{r['id']}\t{r['username']}\t{r['hint']}…\t{TOKEN_STATUS_NAMES[r['status']]}\t"
              f"{r['created_at'].date().isoformat()}\t{expires}")  # fmt: skip
    return 0


def token_revoke(args: argparse.Namespace) -> int:
    from eldercare.auth.services import revoke_token

    _run(lambda: revoke_token(actor=None, token_id=args.id))
    print(f"令牌 {args.id} 已吊销。")
    return 0


def user_deactivate(args: argparse.Namespace) -> int:
    from eldercare.auth.services import deactivate_user

    result = _run(lambda: deactivate_user(actor=None, username=args.username))
    print(f"用户 {args.username} 已停用：结束 {result['sessions']} 个登录，吊销 {result['tokens']} 个令牌。")
    return 0


def register(sub: Any, token_sub: Any) -> None:
    """Add the subcommands to the `eldercare` parser (`sub`) and its `token` group (`token_sub`)."""
    tl = token_sub.add_parser("list", help="list API tokens (never their secret)")
    tl.add_argument("username", nargs="?", help="only this user's tokens")
    tl.add_argument("--json", action="store_true", help="a JSON array on stdout")
    tl.set_defaults(func=token_list)
    tr = token_sub.add_parser("revoke", help="revoke an API token by its id")
    tr.add_argument("id", type=int, help="the token's id (see `eldercare token list`)")
    tr.set_defaults(func=token_revoke)
    u = sub.add_parser("user", help="user accounts")
    usub = u.add_subparsers(dest="user_command", required=True)
    ud = usub.add_parser("deactivate", help="refuse logins, end every session, revoke every token")
    ud.add_argument("username", help="whose sign-ins, sessions and tokens end")
    ud.set_defaults(func=user_deactivate)
