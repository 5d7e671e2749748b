"""The Flask-SQLAlchemy extension shared by the models and the blueprints, the SQLite settings
every connection gets, the columns an older database lacks, and the lock that serialises writes."""

import sqlite3
import threading

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)

# One write at a time in this process: SQLite has a single writer anyway, and waiting here is
# cheaper and fairer than SQLite's busy loop. Hold it around `db.session.commit()`.
write_lock = threading.Lock()


@event.listens_for(Engine, "connect")
def _sqlite_settings(dbapi_connection, _connection_record):
    """The same settings on every SQLite connection: write-ahead log, a commit is on disk
    when it returns, wait up to 30 s for a busy database, and enforce foreign keys."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()


def add_missing_columns(connection):
    """Adds every column of the models that a table in the database lacks.

    `scaffold update` may add optional fields to a resource, and `create_all` leaves a table
    that exists alone: a database made by an older version of this project gets the new
    columns here (nullable, no default), so its rows read the new fields as null. Nothing is
    ever dropped, renamed or retyped.
    """
    existing = inspect(connection)
    quote = connection.dialect.identifier_preparer
    for table in db.metadata.sorted_tables:
        present = {column["name"] for column in existing.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=connection.dialect)
                connection.exec_driver_sql(
                    f"ALTER TABLE {quote.format_table(table)} "
                    f"ADD COLUMN {quote.format_column(column)} {kind}"
                )
