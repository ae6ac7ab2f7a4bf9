"""Backups that restore (issue 16 point 6, B7).

Why: a plain copy of the SQLite file without its WAL silently lost 26 of
455 acknowledged orders, and the server started on it without a word. Here
`orderflow backup` runs while intake goes on, `orderflow restore` puts it
into an empty database, and a server on the restored copy must hold every
order acknowledged before the backup began, each with the same history
(its hash chain intact), and every photo byte for byte. A database whose
chains do not verify must be named at start, not served in silence.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from harness import (
    TOKENS,
    TOKENS_BY_DATABASE,
    Api,
    OrderFactory,
    PostgresCluster,
    PostgresServerProcess,
    ServerProcess,
    base_environment,
    load_reference_data_on,
    make_token,
    retried,
    unique_mobile,
)
from test_delivery_api import JPEG, check_in, job_starting_now, prepare_shop, said, upload
from test_dispatch_api import postgres  # noqa: F401  (the module's PostgreSQL cluster; skips without one)

LOAD_WRITERS = 4


@dataclass
class Site:
    """One server and what the CLI needs to reach its data."""

    server: ServerProcess
    database_args: list[str]
    env: dict[str, str]
    operator_token: str
    photos: dict[str, str] = field(default_factory=dict)  # attachment id → sha256

    def api(self, base_url: str | None = None) -> Api:
        return Api(base_url or self.server.base_url, token=self.operator_token)


def cli(binary: Path, *args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    environment = base_environment()
    environment.update(env)
    return subprocess.run(
        [str(binary), *args], check=False, env=environment, capture_output=True, text=True, timeout=timeout
    )


def take_photos(site: Site, binary: Path) -> None:
    """Two jobs with a photo each (different bytes), so the backup has files to carry."""
    manager = retried(
        "making a token", lambda: make_token(binary, site.database_args, "storeManager@SH01", name="manager")
    )
    technicians = ("sh.tech1", "sh.tech6")
    shop = prepare_shop(site.server.base_url, site.operator_token, manager, technicians)
    for index, username in enumerate(technicians):
        number = job_starting_now(shop, username)
        technician = shop.person(username).on(site.server.base_url)
        check_in(technician, number)
        data = JPEG + f"photo {index} {uuid.uuid4()}".encode()
        stored = upload(technician, number, data, "image/jpeg", name=f"p{index}.jpg")
        assert stored.status_code == 201, said(stored)
        site.photos[stored.json()["id"]] = hashlib.sha256(data).hexdigest()


def back_up_under_load(site: Site, binary: Path, folder: Path) -> tuple[set[str], dict[str, Any]]:
    """Intake from several clients, `orderflow backup` in the middle of it. Returns the
    orders acknowledged before the backup began, and the backup's manifest."""
    factory = OrderFactory(site.api())
    acknowledged: list[tuple[float, str]] = []
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def writer(seed: int) -> None:
        api = site.api()
        rng = random.Random(seed)
        while not stop.is_set():
            answer = api.post("/orders", json=factory.body(unique_mobile(), rng))
            if answer.status_code != 201:
                failures.append(said(answer))
                return
            with lock:
                acknowledged.append((time.monotonic(), answer.json()["number"]))

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(LOAD_WRITERS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        began = time.monotonic()
        done = cli(binary, "backup", "--to", str(folder), *site.database_args, env=site.env)
        time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not failures, failures[:3]
    assert done.returncode == 0, f"backup failed:\n{done.stdout}\n{done.stderr}"
    before = {number for moment, number in acknowledged if moment < began}
    after = len(acknowledged) - len(before)
    assert len(before) >= 20 and after >= 5, f"too little load around the backup: {len(before)} before, {after} after"
    manifest = json.loads((folder / "manifest.json").read_text())
    return before, manifest


def all_orders(api: Api) -> list[str]:
    numbers: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/orders", params=params)
        assert page.status_code == 200, said(page)
        numbers += [order["number"] for order in page.json()["items"]]
        cursor = page.json().get("nextCursor")
        if not cursor:
            return numbers


def compare(live: Api, restored: Api, acknowledged_before: set[str], manifest: dict[str, Any], site: Site) -> None:
    """Every order acknowledged before the backup is restored, each restored order's
    history is the start of the live one's (intact), and every photo comes back."""
    numbers = all_orders(restored)
    assert len(numbers) == len(set(numbers)), "an order is listed twice"
    assert len(numbers) == manifest["contents"]["orders"], (len(numbers), manifest["contents"])
    missing = acknowledged_before - set(numbers)
    assert not missing, f"{len(missing)} acknowledged orders are not in the backup, e.g. {sorted(missing)[:5]}"
    for number in numbers:
        was = live.get(f"/orders/{number}/timeline")
        now = restored.get(f"/orders/{number}/timeline")
        assert was.status_code == 200 and now.status_code == 200, (said(was), said(now))
        assert now.json()["intact"], f"the restored history of {number} does not verify"
        restored_entries = now.json()["entries"]
        assert restored_entries == was.json()["entries"][: len(restored_entries)], f"{number}: histories differ"
        if len(restored_entries) == len(was.json()["entries"]):
            assert restored.get(f"/orders/{number}").json() == live.get(f"/orders/{number}").json(), number
    for attachment, digest in site.photos.items():
        read = restored.get(f"/attachments/{attachment}")
        assert read.status_code == 200, said(read)
        assert hashlib.sha256(read.content).hexdigest() == digest, f"photo {attachment} came back changed"


def restore(binary: Path, folder: Path, database_args: list[str], env: dict[str, str]) -> str:
    done = cli(binary, "restore", "--from", str(folder), *database_args, env=env)
    assert done.returncode == 0, f"restore failed:\n{done.stdout}\n{done.stderr}"
    assert "Every event chain and the audit log verify." in done.stdout, done.stdout
    return done.stdout


# --------------------------------------------------------------------------
# SQLite
# --------------------------------------------------------------------------


@pytest.fixture
def sqlite_site(server: ServerProcess, sqlite_db: Path) -> Site:
    return Site(
        server=server, database_args=["--sqlite-path", str(sqlite_db)], env={},
        operator_token=TOKENS[server.base_url],
    )


def test_b7_sqlite_backup_under_load_restores_every_acknowledged_order_chain_and_photo(
    sqlite_site: Site, orderflow_bin: Path, tmp_path: Path, servers: Any
) -> None:
    take_photos(sqlite_site, orderflow_bin)
    folder = tmp_path / "backup"
    before, manifest = back_up_under_load(sqlite_site, orderflow_bin, folder)
    assert manifest["engine"] == "sqlite" and manifest["missingAttachments"] == [], manifest
    assert len(manifest["contents"]["attachments"]) == 2, manifest["contents"]

    target = tmp_path / "restored" / "db.sqlite"
    restore(orderflow_bin, folder, ["--sqlite-path", str(target)], {})
    # The same tokens open the restored copy: they are data, and came with it.
    TOKENS_BY_DATABASE[target] = sqlite_site.operator_token
    copy = servers(target)
    compare(sqlite_site.api(), sqlite_site.api(copy.base_url), before, manifest, sqlite_site)

    # Restore never writes over data, and refuses a damaged backup whole.
    again = cli(orderflow_bin, "restore", "--from", str(folder), "--sqlite-path", str(target), env={})
    assert again.returncode == 1 and "already exists" in again.stderr, again.stderr
    with open(folder / manifest["databaseFile"], "ab") as damaged:
        damaged.write(b"\0")
    other = tmp_path / "other" / "db.sqlite"
    refused = cli(orderflow_bin, "restore", "--from", str(folder), "--sqlite-path", str(other), env={})
    assert refused.returncode == 1 and "does not match the manifest" in refused.stderr, refused.stderr
    assert not other.exists(), "a refused restore left a database behind"


def test_b7_a_database_whose_chains_do_not_verify_is_reported_at_start_and_by_verify(
    orderflow_bin: Path, sqlite_db: Path, servers: Any, tmp_path: Path
) -> None:
    """Why: data changed behind OrderFlow's back (or a copy cut short) must not be served in silence."""
    first = servers(sqlite_db)
    api = Api(first.base_url)
    created = api.post("/orders", json=OrderFactory(api).body(unique_mobile(), random.Random(7)))
    assert created.status_code == 201, said(created)
    number = created.json()["number"]
    first.stop()
    intact = cli(orderflow_bin, "verify", "--sqlite-path", str(sqlite_db), env={})
    assert intact.returncode == 0 and intact.stdout.startswith("Intact: 1 orders"), intact.stdout + intact.stderr

    # Someone edits the history with the sqlite3 shell, getting past the append-only trigger.
    with sqlite3.connect(sqlite_db) as db:
        db.execute("DROP TRIGGER order_events_no_update")
        db.execute(
            "UPDATE order_events SET actor = 'someone' WHERE sequence = 1 "
            "AND order_id = (SELECT id FROM orders WHERE number = ?)", (number,)
        )
    broken = cli(orderflow_bin, "verify", "--sqlite-path", str(sqlite_db), env={})
    assert broken.returncode == 1, broken.stdout
    assert f"order {number}: its event chain breaks at event #1" in broken.stderr, broken.stderr

    second = servers(sqlite_db)
    deadline = time.monotonic() + 30
    while "INTEGRITY CHECK FAILED" not in second.log_path.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"no integrity alarm at start:\n{second.log_tail()}"
        time.sleep(0.2)
    log = second.log_path.read_text(errors="replace")
    assert f"INTEGRITY: order {number}: its event chain breaks at event #1" in log, second.log_tail()
    metrics = requests.get(f"{second.base_url}/metrics", timeout=10)
    assert metrics.status_code == 200, said(metrics)
    assert "orderflow_integrity_broken_chains 1" in metrics.text, [
        line for line in metrics.text.splitlines() if "integrity" in line
    ]


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------


@pytest.fixture
def postgres_site(orderflow_bin: Path, postgres: PostgresCluster, tmp_path: Path) -> Iterator[Site]:  # noqa: F811
    url = postgres.create_database(f"backup_{uuid.uuid4().hex[:12]}")
    load_reference_data_on(orderflow_bin, url)
    database_args = ["--database-url", url]
    token = make_token(orderflow_bin, database_args, "customerService@*", "administrator@*", name="backup-test")
    env = {"ORDERFLOW_ATTACHMENTS_DIR": str(tmp_path / "live-files"), "ORDERFLOW_PG_BIN": str(postgres.binaries)}
    server = PostgresServerProcess(orderflow_bin, url, token, tmp_path / "live.log", extra_env=env)
    try:
        server.start()
        yield Site(server=server, database_args=database_args, env=env, operator_token=token)
    finally:
        server.kill()


def test_b7_postgresql_backup_under_load_restores_into_an_empty_database(
    postgres_site: Site, postgres: PostgresCluster, orderflow_bin: Path, tmp_path: Path  # noqa: F811
) -> None:
    take_photos(postgres_site, orderflow_bin)
    folder = tmp_path / "backup"
    before, manifest = back_up_under_load(postgres_site, orderflow_bin, folder)
    assert manifest["engine"] == "postgres" and manifest["databaseFile"] == "orderflow.pgdump", manifest
    assert len(manifest["contents"]["attachments"]) == 2, manifest["contents"]

    # Into a database that holds something: refused, nothing written.
    occupied = postgres_site.database_args
    refused = cli(orderflow_bin, "restore", "--from", str(folder), *occupied, env=postgres_site.env)
    assert refused.returncode == 1 and "empty" in refused.stderr, refused.stderr

    url = postgres.create_database(f"restored_{uuid.uuid4().hex[:12]}")
    env = {"ORDERFLOW_ATTACHMENTS_DIR": str(tmp_path / "restored-files"), "ORDERFLOW_PG_BIN": str(postgres.binaries)}
    restore(orderflow_bin, folder, ["--database-url", url], env)
    copy = PostgresServerProcess(orderflow_bin, url, postgres_site.operator_token, tmp_path / "copy.log", extra_env=env)
    try:
        copy.start()
        compare(postgres_site.api(), postgres_site.api(copy.base_url), before, manifest, postgres_site)
    finally:
        copy.kill()
    assert os.path.isdir(tmp_path / "restored-files"), "the photos were not restored"
