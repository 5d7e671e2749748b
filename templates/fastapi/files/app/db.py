"""Database engine, SQLite settings, session dependency and schema creation."""

import os
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool
from sqlmodel import Session, SQLModel, create_engine

DEFAULT_DATABASE_URL = "sqlite:///./data/app.db"

# One write at a time in this process: SQLite has a single writer anyway, and waiting here is
# cheaper and fairer than SQLite's busy loop. Hold it around `session.commit()`.
write_lock = threading.Lock()


def _sqlite_settings(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    """The same settings on every connection: write-ahead log, a commit is on disk when it
    returns, wait up to 30 s for a busy database, and enforce foreign keys."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections are shared between threads and get the
    settings above."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if parsed.database in (None, "", ":memory:"):
        # One shared connection, or every connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_settings)
    return engine


engine = make_engine(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)


def init_db(target: Engine = engine) -> None:
    """Creates the database file's folder and every table that does not exist yet."""
    database = target.url.database
    if target.url.get_backend_name() == "sqlite" and database and database != ":memory:":
        folder = os.path.dirname(database)
        if folder:
            os.makedirs(folder, exist_ok=True)
    SQLModel.metadata.create_all(target)


def get_session() -> Iterator[Session]:
    """One session per request."""
    with Session(engine) as session:
        yield session
