"""The Flask-SQLAlchemy extension shared by the models and the blueprints, the SQLite settings
every connection gets, and the lock that serialises writes."""

import sqlite3
import threading

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
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
