"""Engine set-up and `write()`, the one way to write.

SQLite (see docs/architecture.md and ../shared pitfalls 1-5):
- WAL is set once on the file, foreign keys and a 5 s busy timeout on every connection;
- connections are kept open in a small per-loop pool instead of one new connection (and thread) per query;
- every write transaction is BEGIN IMMEDIATE, never nested by accident (allow_nested=False);
- a transaction whose COMMIT fails still resets the task's current transaction and drops its connection,
  so the next write in the task opens a fresh transaction instead of silently joining a dead one.
PostgreSQL: asyncpg pool, the same commit-failure guard.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import re
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlparse

import aiosqlite
import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.table import Table

from eldercare import stores
from eldercare.auth.actor import Actor
from eldercare.errors import CountyRequired, Forbidden

os.environ.setdefault("PICCOLO_CONF", "eldercare.piccolo_conf")

T = TypeVar("T")
BUSY_TIMEOUT_S = 5.0
DIRECTORY_TABLES = frozenset({"app_user", "api_token", "web_session", "login_throttle", "county",
                              "province_default"})


class GuardedSQLiteTransaction(SQLiteTransaction):
    """Piccolo's transaction with __aexit__ that always resets the context and releases the connection."""

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.engine.acquire()

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        healthy = False
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
            healthy = True
        finally:
            self.engine.current_transaction.reset(self.context)
            await self.engine.release(self.connection, healthy=healthy)
        return exception is None


class PooledSQLiteEngine(SQLiteEngine):
    """SQLiteEngine keeping a few open connections (per event loop and store file) instead of one per query.

    `path` is the main file; the current store (eldercare.stores) picks the file a connection opens.
    """

    MAX_IDLE_PER_LOOP = 16
    # Each connection's page cache, in KiB (SQLite's default is 2 MiB): a province's web node keeps idle
    # connections to many county stores, and the files' pages stay in the OS cache anyway.
    CACHE_KIB = 1024
    # Queries outside a transaction share open connections per loop and file, queued in each one's thread: one
    # while it keeps moving (a connection per query in flight made the threads fight over two cores' GIL,
    # docs/performance.md), up to READERS_PER_FILE while a query holds the line for over SLOW_QUERY_S.
    READERS_PER_FILE = 3
    SLOW_QUERY_S = 0.02
    MAX_READERS_PER_LOOP = 24

    def __init__(self, path: str, pool_size: int = 4, **kwargs: Any) -> None:
        self.pool_size = pool_size
        self._idle_by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._open_by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._readers_by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._queued: dict[aiosqlite.Connection, int] = {}  # queries queued on each read connection
        self._since: dict[aiosqlite.Connection, float] = {}  # when its running query started
        self._opening_by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        super().__init__(path=path, timeout=BUSY_TIMEOUT_S, **kwargs)

    def store_path(self, store: str | None = None) -> str:
        store = stores.current() if store is None else store
        if store == stores.NOWHERE:
            raise CountyRequired()
        return stores.sqlite_path(self.path, store)

    def ensure_wal(self, path: str | None = None) -> None:
        """journal_mode=WAL persists in the file: set it once, synchronously, before serving."""
        path = path or self.path
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        with sqlite3.connect(path, timeout=BUSY_TIMEOUT_S) as conn:
            conn.execute("PRAGMA journal_mode=WAL")

    async def get_connection(self, path: str | None = None) -> aiosqlite.Connection:
        path = path or self.store_path()
        conn = await aiosqlite.connect(**{**self.connection_kwargs, "database": path})
        conn.row_factory = dict_factory  # type: ignore[assignment]
        await conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute(f"PRAGMA cache_size = -{self.CACHE_KIB}")
        conn.ec_path = path  # type: ignore[attr-defined]
        self._open_by_loop.setdefault(asyncio.get_running_loop(), set()).add(conn)
        return conn

    @property
    def _idle(self) -> dict[str, list[aiosqlite.Connection]]:
        """The running loop's idle connections by file: a connection answers through the loop that opened it."""
        return self._idle_by_loop.setdefault(asyncio.get_running_loop(), {})

    async def acquire(self, path: str | None = None) -> aiosqlite.Connection:
        path = path or self.store_path()
        idle = self._idle.get(path)
        if idle:
            return idle.pop()
        return await self.get_connection(path)

    async def release(self, conn: aiosqlite.Connection, *, healthy: bool = True) -> None:
        """Back to the idle list of its file (moved to the end: the dict runs from least to most recently used);
        past MAX_IDLE_PER_LOOP the least recently used file's idle connection is closed instead."""
        by_path = self._idle
        path = getattr(conn, "ec_path", self.path)
        idle = by_path.pop(path, [])
        by_path[path] = idle
        if healthy and not conn.in_transaction and len(idle) < self.pool_size:
            idle.append(conn)
            if sum(len(v) for v in by_path.values()) > self.MAX_IDLE_PER_LOOP:
                oldest = next(p for p, v in by_path.items() if v)
                await self._close(by_path[oldest].pop(0))
        else:
            await self._close(conn)

    async def close_pool(self) -> None:
        """Close every connection this loop opened, idle or not (every store's): an aiosqlite connection left
        open keeps a non-daemon thread that holds the process at exit."""
        for idle in self._idle.values():
            while idle:
                await idle.pop().close()
        for readers in self._readers_by_loop.pop(asyncio.get_running_loop(), {}).values():
            for conn in readers:
                self._queued.pop(conn, None)
                self._since.pop(conn, None)
        for conn in list(self._open_by_loop.pop(asyncio.get_running_loop(), ())):
            try:
                await conn.close()
            except Exception:  # noqa: BLE001 - closing what is left at shutdown, whatever its state
                pass

    @property
    def _readers(self) -> dict[str, list[aiosqlite.Connection]]:
        """The running loop's shared read connections by file, least recently used file first."""
        return self._readers_by_loop.setdefault(asyncio.get_running_loop(), {})

    def _usable(self, readers: list[aiosqlite.Connection]) -> aiosqlite.Connection | None:
        """The reader to queue on: an idle one, else the least queued one not held up by a slow query; None when
        every one is held up (and another may be opened)."""
        if not readers:
            return None
        best = min(readers, key=self._queued.__getitem__)
        if not self._queued[best]:
            return best
        now = time.monotonic()
        moving = [c for c in readers if now - self._since[c] < self.SLOW_QUERY_S]
        if moving:
            return min(moving, key=self._queued.__getitem__)
        return best if len(readers) >= self.READERS_PER_FILE else None

    async def _reader(self, path: str) -> aiosqlite.Connection:
        """One of the file's read connections (see `_usable`); opened when there is none or all are held up."""
        by_path = self._readers
        readers = by_path.pop(path, [])
        by_path[path] = readers
        if (found := self._usable(readers)) is not None:
            return found
        lock = self._opening_by_loop.setdefault(asyncio.get_running_loop(), {}).setdefault(path, asyncio.Lock())
        async with lock:  # one opens while the others wait for it
            if (found := self._usable(readers)) is not None:
                return found
            conn = await self.get_connection(path)
            self._queued[conn], self._since[conn] = 0, time.monotonic()
            readers.append(conn)
            await self._retire_readers(keep=path)
            return conn

    async def _retire_readers(self, keep: str) -> None:
        """Past MAX_READERS_PER_LOOP (checked when a reader is opened), the least recently used files' idle
        readers are closed (not `keep`'s)."""
        by_path = self._readers
        extra = sum(len(v) for v in by_path.values()) - self.MAX_READERS_PER_LOOP
        for path, readers in list(by_path.items()):
            if extra <= 0 or path == keep:
                break
            for conn in [c for c in readers if not self._queued[c]][:extra]:
                readers.remove(conn)
                extra -= 1
                await self._close(conn)
            if not readers:
                by_path.pop(path, None)

    async def _close(self, conn: aiosqlite.Connection) -> None:
        """Close a connection this loop opened (pooled or shared) and forget it."""
        self._queued.pop(conn, None)
        self._since.pop(conn, None)
        self._open_by_loop.get(asyncio.get_running_loop(), set()).discard(conn)
        await conn.close()

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        """A query outside a transaction: queued on one of its file's shared read connections, as many queries
        share one raw aiosqlite connection (its thread runs them one after another, each in autocommit)."""
        # A directory table (users, sessions, tokens, counties) is always read in the main store.
        path = self.path if table is not None and table._meta.tablename in DIRECTORY_TABLES else self.store_path()
        conn = await self._reader(path)
        if not self._queued[conn]:
            self._since[conn] = time.monotonic()
        self._queued[conn] += 1
        broken = False
        try:
            return await conn.execute_fetchall(query, args or [])  # one hop to the connection's thread
        except (ValueError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            broken = True  # the connection itself is gone (closed, its thread dead): never hand it out again
            raise
        finally:
            self._queued[conn] -= 1
            self._since[conn] = time.monotonic()  # the next queued query starts now
            if broken:
                readers = self._readers.get(path, [])
                if conn in readers:
                    readers.remove(conn)
                if not self._queued[conn]:  # the last query queued on it closes it
                    await self._close(conn)

    async def _run_in_existing_connection(
        self, connection, query, args=None, query_type="generic", table=None
    ):
        return await connection.execute_fetchall(query, args or [])

    async def run_ddl(self, ddl: str, in_pool: bool = False):
        if stores.current() != stores.MAIN:
            # A county store's ids start at its block (stores.ID_BLOCK): AUTOINCREMENT keeps the start.
            ddl = ddl.replace('"id" INTEGER PRIMARY KEY NOT NULL', '"id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL')
        for statement in sqlite_constraint_ddl(ddl):
            await super().run_ddl(statement, in_pool=in_pool)

    def transaction(self, transaction_type=TransactionType.deferred, allow_nested=True):
        return GuardedSQLiteTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )


_ADD_CONSTRAINT = re.compile(r'^ALTER TABLE "(\w+)" ADD CONSTRAINT (\w+) (UNIQUE|CHECK) (.*)$', re.S)
_DROP_CONSTRAINT = re.compile(r'^ALTER TABLE "(\w+)" DROP CONSTRAINT (?:IF EXISTS )?"?(\w+)"?$')


def sqlite_constraint_ddl(ddl: str) -> list[str]:
    """SQLite cannot ALTER TABLE … ADD CONSTRAINT, which Piccolo's migrations emit after CREATE TABLE.

    A UNIQUE constraint becomes a unique index of the same name; a CHECK becomes two triggers that abort an
    INSERT or UPDATE breaking it. Both engines then refuse the same rows.
    """
    added = _ADD_CONSTRAINT.match(ddl.strip())
    if added:
        table, name, kind, body = added.groups()
        if kind == "UNIQUE":
            return [f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}" ON "{table}" {body}']
        condition = re.sub(r'"(\w+)"', r'NEW."\1"', body)
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{name}_{op.lower()}" BEFORE {op} ON "{table}" '
            f"WHEN NOT {condition} BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
            for op in ("INSERT", "UPDATE")
        ]
    dropped = _DROP_CONSTRAINT.match(ddl.strip())
    if dropped:
        name = dropped.group(2)
        return [
            f'DROP INDEX IF EXISTS "{name}"',
            f'DROP TRIGGER IF EXISTS "{name}_insert"',
            f'DROP TRIGGER IF EXISTS "{name}_update"',
        ]
    return [ddl]


class GuardedPostgresTransaction(PostgresTransaction):
    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            self.engine.current_transaction.reset(self.context)
            if self.engine.pool:
                await self.engine.pool.release(self.connection)
            else:
                await self.connection.close()
        return exception is None


class StoreConnection(asyncpg.Connection):
    """An asyncpg connection that remembers the search_path it was last given ('' = the server's default)."""

    __slots__ = ("search_path",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_path = ""


async def keep_session(conn: Any) -> None:
    """The pool's reset when a connection comes back: nothing beyond what asyncpg always does (an open
    transaction rolled back). Its default (RESET ALL, CLOSE ALL, UNLISTEN *, advisory unlock) cost a round trip
    per query and threw away the search_path; we hold no session state but the search_path (advisory locks are
    transaction-scoped, no LISTEN, no cursor outside a transaction), which _StoreAcquire keeps."""


class _StoreAcquire:
    """`pool.acquire()` of the current store: awaited or used as `async with`, like asyncpg's own.

    A connection keeps its search_path between uses, so SET is sent only when it last served another store:
    a county's pages, served one after another, pay no SET at all."""

    def __init__(self, pool: Any, schema: str) -> None:
        self.pool, self.schema, self.conn = pool, schema, None

    async def _acquire(self) -> Any:
        conn = await self.pool.acquire()
        raw = conn._con  # a StoreConnection (the pool's connection_class)
        if raw.search_path != self.schema:
            try:
                await conn.execute(f'SET search_path TO "{self.schema}"' if self.schema else "SET search_path TO DEFAULT")
                raw.search_path = self.schema
            except BaseException:
                await self.pool.release(conn)
                raise
        return conn

    def __await__(self):
        return self._acquire().__await__()

    async def __aenter__(self) -> Any:
        self.conn = await self._acquire()
        return self.conn

    async def __aexit__(self, *exc: Any) -> None:
        await self.pool.release(self.conn)


class _StorePool:
    """The loop's asyncpg pool, handing out connections whose search_path is the current store's schema."""

    def __init__(self, pool: Any) -> None:
        self.raw = pool

    def acquire(self) -> _StoreAcquire:
        if stores.current() == stores.NOWHERE:
            raise CountyRequired()
        return _StoreAcquire(self.raw, stores.current())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class GuardedPostgresEngine(PostgresEngine):
    """One asyncpg pool per event loop (a pool answers only on its own loop), and the commit-failure guard.

    Piccolo reads and writes `self.pool`; here it is the running loop's pool, so code on another loop
    (the test client's portal, a scheduler thread) never borrows a connection it cannot use. Connections
    come with the current store's schema as their search_path (eldercare.stores).
    """

    @property
    def pool(self):  # type: ignore[override]
        try:
            raw = self.__dict__.setdefault("_pools", weakref.WeakKeyDictionary()).get(
                asyncio.get_running_loop()
            )
        except RuntimeError:
            return None
        return _StorePool(raw) if raw is not None else None

    @pool.setter
    def pool(self, value) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        pools = self.__dict__.setdefault("_pools", weakref.WeakKeyDictionary())
        if value is None:
            pools.pop(loop, None)
        else:
            pools[loop] = value.raw if isinstance(value, _StorePool) else value

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return GuardedPostgresTransaction(engine=self, allow_nested=allow_nested)

    async def ensure_pool(self) -> None:
        if self.pool is None:
            # A custom plan every time: asyncpg's prepared statements otherwise switch to a generic plan
            # after five runs, and a range over dated_on went from 11 ms to 1.2 s (docs/performance.md).
            await self.start_connection_pool(
                min_size=1, max_size=10, server_settings={"plan_cache_mode": "force_custom_plan"},
                connection_class=StoreConnection, reset=keep_session,
            )

    async def close_pool(self) -> None:
        if self.pool is not None:
            await self.close_connection_pool()


def engine_from_url(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        return PooledSQLiteEngine(path=url.removeprefix("sqlite:///"))
    parsed = urlparse(url)
    config: dict[str, Any] = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "database": (parsed.path or "/postgres").lstrip("/"),
    }
    if parsed.password:
        config["password"] = parsed.password
    return GuardedPostgresEngine(config=config)


def get_engine() -> Engine:
    from eldercare.piccolo_conf import DB

    return DB


def is_sqlite(engine: Engine | None = None) -> bool:
    return isinstance(engine or get_engine(), SQLiteEngine)


async def start() -> None:
    engine = get_engine()
    if isinstance(engine, PooledSQLiteEngine):
        engine.ensure_wal()
    elif isinstance(engine, GuardedPostgresEngine):
        await engine.ensure_pool()


async def stop() -> None:
    engine = get_engine()
    await engine.close_pool()  # type: ignore[attr-defined]


async def started(work: Awaitable[T]) -> T:
    """`work` with the engine started before it and stopped after it: a command's whole use of the database
    (`asyncio.run(db.started(...))`)."""
    await start()
    try:
        return await work
    finally:
        await stop()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Table):
        return value.id
    return value


def snapshot(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(
        {k: _plain(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True, default=str
    )


_PLACEHOLDER = re.compile(r"\?")


@dataclass
class Writer:
    """What a service writes through: every change lands with its audit row in the same transaction."""

    actor: Actor | None
    engine: Engine
    transaction: Any
    # the hash chains (eldercare/chain.py): None until this transaction first writes through the Writer
    foreign_unsealed: dict[str, set[int]] | None = field(default=None, repr=False)

    async def _chain_begin(self) -> None:
        """Before the first write: the chain lock (PostgreSQL; SQLite's IMMEDIATE already holds the file's)
        and the rows without a hash already there (not ours: left unsealed for verify to name)."""
        if self.foreign_unsealed is not None:
            return
        from eldercare import chain

        self.foreign_unsealed = {}
        if not is_sqlite(self.engine):
            await chain.lock_chains(self)
        self.foreign_unsealed = await chain.unsealed_ids(self)

    async def seal(self) -> None:
        """At the end of the transaction (db.write, before COMMIT): hash the rows it added to the chains."""
        if self.foreign_unsealed is None:
            return
        from eldercare import chain

        await chain.seal(self, foreign=self.foreign_unsealed)

    async def insert(self, table: type[Table], **values: Any) -> int:
        await self._chain_begin()
        rows = await table.insert(table(**values)).returning(table.id).run()
        row_id = rows[0]["id"]
        await self.audit(table=table, row_id=row_id, action="insert", before=None, after=values)
        return row_id

    async def update(self, table: type[Table], row_id: int, **values: Any) -> None:
        await self._chain_begin()
        before = await table.select(*[getattr(table, k) for k in values]).where(table.id == row_id).first()
        await table.update(values).where(table.id == row_id).run()
        await self.audit(table=table, row_id=row_id, action="update", before=before, after=values)

    async def delete(self, table: type[Table], row_id: int) -> None:
        await self._chain_begin()
        before = await table.select().where(table.id == row_id).first()
        await table.delete().where(table.id == row_id).run()
        await self.audit(table=table, row_id=row_id, action="delete", before=before, after=None)

    async def lock(self, name: str) -> None:
        """Serialise on `name` in this store until COMMIT. PostgreSQL: an advisory lock on the name and the
        store's schema (the counties' schemas share the database, and so its advisory locks); SQLite's
        IMMEDIATE transaction already holds the whole file."""
        if not is_sqlite(self.engine):
            await self.fetch("SELECT pg_advisory_xact_lock(hashtext(? || '.' || current_schema())) AS locked", name)

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        """Raw SQL inside this transaction, `?` placeholders on both engines."""
        if self.foreign_unsealed is None:
            await self._chain_begin()
        if is_sqlite(self.engine):
            return list(await self.transaction.connection.execute_fetchall(sql, args))
        counter = iter(range(1, 10_000))
        pg_sql = _PLACEHOLDER.sub(lambda _m: f"${next(counter)}", sql)
        return [dict(r) for r in await self.transaction.connection.fetch(pg_sql, *args)]

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Set-based bulk insert (pitfall 7): executemany on the transaction's own connection."""
        await self._chain_begin()
        if is_sqlite(self.engine):
            await self.transaction.connection.executemany(sql, rows)
            return
        counter = iter(range(1, 10_000))
        pg_sql = _PLACEHOLDER.sub(lambda _m: f"${next(counter)}", sql)
        await self.transaction.connection.executemany(pg_sql, rows)

    async def audit(
        self,
        *,
        table: type[Table] | str,
        row_id: Any,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        from eldercare.audit.tables import AuditLog

        await self._chain_begin()
        name = table if isinstance(table, str) else table._meta.tablename
        await AuditLog.insert(
            AuditLog(
                at=dt.datetime.now(dt.UTC),
                user_id=self.actor.user_id if self.actor else None,
                actor=self.actor.username if self.actor else "system",
                action=action,
                table_name=name,
                row_id=str(row_id),
                before=snapshot(before),
                after=snapshot(after),
            )
        ).run()


WRITE_WAIT_S = 30.0  # how long a writer waits in all for SQLite's write lock before answering 503
_FIRST_DELAY_S, _MAX_DELAY_S = 0.02, 0.5


def is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED as sqlite3 reports them ("database is locked", "database table is locked")."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


async def _begin(engine: Engine) -> Any:
    """Enter the write transaction, waiting out SQLite contention.

    Only the BEGIN is retried, never the caller's work: when BEGIN IMMEDIATE fails nothing has been yielded
    to the service yet, so trying again is safe. Once it succeeds the transaction holds SQLite's write lock
    (WAL readers never block it), so no later statement of the transaction meets BUSY; should one still do
    (a COMMIT beside a checkpoint), the whole transaction rolls back and app.py answers 503 with Retry-After.
    Each attempt already waits `busy_timeout` (5 s) inside SQLite; between attempts a jittered back-off, up to
    WRITE_WAIT_S in all, then Unavailable (503).
    """
    from eldercare.errors import Unavailable

    deadline = time.monotonic() + WRITE_WAIT_S
    delay = _FIRST_DELAY_S
    while True:
        if isinstance(engine, SQLiteEngine):
            tx = engine.transaction(transaction_type=TransactionType.immediate, allow_nested=False)
        else:
            tx = engine.transaction(allow_nested=False)
        try:
            return await tx.__aenter__()
        except BaseException as exc:
            connection = getattr(tx, "connection", None)
            if connection is not None and isinstance(engine, PooledSQLiteEngine):
                await engine.release(connection, healthy=False)
            if not is_busy(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise Unavailable() from exc
        await asyncio.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, _MAX_DELAY_S)


@asynccontextmanager
async def write(actor: Actor | None, *, directory_write: bool = False) -> AsyncIterator[Writer]:
    """Open the one kind of write transaction: IMMEDIATE on SQLite, never nested, audited, BUSY waited out.

    City and province users read only: any write they reach is refused here, whatever route led to it.
    """
    if actor is not None and actor.is_reader and not directory_write:
        raise Forbidden("市、省级账号只能查看，不能修改县里的数据。")
    engine = get_engine()
    transaction = await _begin(engine)
    try:
        writer = Writer(actor=actor, engine=engine, transaction=transaction)
        yield writer
        await writer.seal()
    except BaseException as exc:
        await transaction.__aexit__(type(exc), exc, exc.__traceback__)
        raise
    await transaction.__aexit__(None, None, None)


async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    """The thin read path for hot pages: raw SQL (`?` placeholders on both engines), rows as dicts.

    It skips Piccolo's query building and result conversion (about half a page's time on SQLite, see
    docs/performance.md). Reads only, outside a write transaction (inside one, use Writer.fetch).
    """
    engine = get_engine()
    if isinstance(engine, PooledSQLiteEngine):
        return list(await engine._run_in_new_connection(sql, args))
    counter = iter(range(1, 10_000))
    pg_sql = _PLACEHOLDER.sub(lambda _m: f"${next(counter)}", sql)
    await engine.ensure_pool()  # type: ignore[attr-defined]
    async with engine.pool.acquire() as conn:  # type: ignore[attr-defined]
        return [dict(r) for r in await conn.fetch(pg_sql, *args)]
