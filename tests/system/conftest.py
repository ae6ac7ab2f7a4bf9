"""Fixtures for the system tests, which run the real `orderflow` binary.

The tests never build anything. They use the binary named by ORDERFLOW_BIN
(default: .build/debug/orderflow under the repository root) and skip, saying
why, when it is not there.

Every server a test starts goes through the `servers` fixture, which kills
whatever is still running in teardown, so a failing or interrupted test
leaves no process behind. Each test gets its own temp dir and database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harness import ServerProcess, find_binary, load_reference_data


@pytest.fixture(scope="session")
def orderflow_bin() -> Path:
    path = find_binary()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.skip(
            f"orderflow binary not found at {path}: build it (swift build --product orderflow) "
            "or point ORDERFLOW_BIN at one"
        )
    return path


@pytest.fixture
def servers(orderflow_bin: Path, tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    """start(db_path, extra_env=…, extra_args=…) → a ready server; all of them are killed in teardown."""
    started: list[ServerProcess] = []

    def start(db_path: Path, **options: Any) -> ServerProcess:
        server = ServerProcess(orderflow_bin, db_path, tmp_path / "server.log", **options)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        try:
            server.kill()
        except Exception:  # teardown must reach every server
            pass


@pytest.fixture
def sqlite_db(orderflow_bin: Path, tmp_path: Path) -> Path:
    """A fresh SQLite file in this test's temp dir, holding the demo stores and catalog."""
    db_path = tmp_path / "db.sqlite"
    load_reference_data(orderflow_bin, db_path)
    return db_path


@pytest.fixture
def server(servers: Callable[[Path], ServerProcess], sqlite_db: Path) -> ServerProcess:
    """A running server on a fresh database with reference data."""
    return servers(sqlite_db)
