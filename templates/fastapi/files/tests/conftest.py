from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.db import get_session, init_db, make_engine
from app.main import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    """A client over a fresh in-memory database per test; ./data is never touched."""
    engine = make_engine("sqlite://")
    init_db(engine)

    def session_override() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    # Not entered as a context manager: the lifespan would create the default database.
    yield TestClient(app)
    app.dependency_overrides.clear()
    engine.dispose()
