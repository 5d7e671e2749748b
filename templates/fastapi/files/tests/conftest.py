from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import get_session, init_db, make_engine
from app.main import app


@pytest.fixture
def serve() -> Iterator[Callable[[Engine], TestClient]]:
    """`serve(engine)`: a client whose requests use the database of `engine`."""

    def client_for(engine: Engine) -> TestClient:
        def session_override() -> Iterator[Session]:
            with Session(engine) as session:
                yield session

        app.dependency_overrides[get_session] = session_override
        # Not entered as a context manager: the lifespan would create the default database.
        return TestClient(app)

    yield client_for
    app.dependency_overrides.clear()


@pytest.fixture
def client(serve: Callable[[Engine], TestClient]) -> Iterator[TestClient]:
    """A client over a fresh in-memory database per test; ./data is never touched."""
    engine = make_engine("sqlite://")
    init_db(engine)
    yield serve(engine)
    engine.dispose()
