"""Database engine, SQLite settings, session dependency and schema creation."""

import os
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, event, inspect
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
    """Creates the database file's folder, every table that does not exist yet and every
    column an existing table lacks."""
    database = target.url.database
    if target.url.get_backend_name() == "sqlite" and database and database != ":memory:":
        folder = os.path.dirname(database)
        if folder:
            os.makedirs(folder, exist_ok=True)
    with target.begin() as connection:
        SQLModel.metadata.create_all(connection)
        add_missing_columns(connection)


def add_missing_columns(connection: Connection) -> None:
    """Adds every column of the models that a table in the database lacks.

    `scaffold update` may add optional fields to a resource, and `create_all` leaves a table
    that exists alone: a database made by an older version of this project gets the new
    columns here (nullable, no default), so its rows read the new fields as null. Nothing is
    ever dropped, renamed or retyped.
    """
    existing = inspect(connection)
    quote = connection.dialect.identifier_preparer
    for table in SQLModel.metadata.sorted_tables:
        present = {column["name"] for column in existing.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=connection.dialect)
                connection.exec_driver_sql(
                    f"ALTER TABLE {quote.format_table(table)} "
                    f"ADD COLUMN {quote.format_column(column)} {kind}"
                )


def get_session() -> Iterator[Session]:
    """One session per request."""
    with Session(engine) as session:
        yield session
