"""Database engine, session dependency and schema creation."""

import os
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Session, SQLModel, create_engine

DEFAULT_DATABASE_URL = "sqlite:///./data/app.db"


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC (SQLite keeps no offset) and reads them back as UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def make_engine(url: str) -> Engine:
    """An engine for a SQLite URL, safe to share between threads and concurrent writers."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url)
    in_memory = parsed.database in (None, "", ":memory:")
    kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if in_memory:
        # One shared connection, or every connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    return engine


engine = make_engine(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)


def init_db(target: Engine = engine) -> None:
    """Creates the database file's folder and every table that does not exist yet."""
    database = target.url.database
    if database and database != ":memory:":
        folder = os.path.dirname(database)
        if folder:
            os.makedirs(folder, exist_ok=True)
    SQLModel.metadata.create_all(target)


def get_session() -> Iterator[Session]:
    """One session per request."""
    with Session(engine) as session:
        yield session
