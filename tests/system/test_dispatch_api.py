"""Two dispatchers assigning at once, against real server processes (R3.3, B2).

The API promises that "two dispatchers assigning at once end with one
assignment and a 409". The Swift tests check that inside one process; here
it is checked where it matters in production:

* one server on SQLite, two clients racing on the same order;
* two servers on the same PostgreSQL database (two instances behind a load
  balancer), each client talking to its own server;
* and, on PostgreSQL, two servers booking one technician into the same
  hour for two different orders: only one booking may hold (the
  technicians' rows are locked while assigning).

Each race releases both requests from a barrier, so they reach the servers
within a millisecond or so of each other; several orders are raced, each
in its own window on sh.tech1's day. Every wait is bounded (the barrier,
every HTTP call, every process).
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness import (
    Api,
    PostgresCluster,
    PostgresServerProcess,
    ServerProcess,
    load_reference_data_on,
    local_window,
    make_token,
    next_working_day,
    postgres_binaries,
    service_order_body,
    unique_mobile,
)

PROBLEM_JSON = "application/problem+json"
BARRIER_TIMEOUT_S = 10
# The 409s a losing assignment may get: the order is already assigned, or
# (PostgreSQL, both inside their transactions at once) it changed under it.
CONFLICT_CODES = {"dispatch.alreadyAssigned", "order.changedConcurrently"}
# AC-CLEAN takes 90 min; sh.tech1 (hvac) is on shift Mon–Fri 09–18, so with
# the 30 min travel buffer one job in each window fits on his day.
WINDOWS = [("09:00", "11:00"), ("11:00", "13:00"), ("13:00", "15:00"), ("15:00", "17:00")]


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    content_type: str


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def answer(response: Any) -> Answer:
    try:
        body = response.json()
    except ValueError:
        body = {"raw": response.text[:300]}
    return Answer(response.status_code, body, response.headers.get("Content-Type", ""))


def race(calls: list[tuple[Api, str, dict[str, Any]]]) -> list[Answer]:
    """Sends the POSTs from their own threads, all released at the same moment."""
    barrier = threading.Barrier(len(calls), timeout=BARRIER_TIMEOUT_S)

    def send(call: tuple[Api, str, dict[str, Any]]) -> Answer:
        api, path, body = call
        barrier.wait()
        return answer(api.post(path, json=body))

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(send, calls))


def tech1_id(dispatcher: Api, day: dt.date) -> str:
    board = dispatcher.get(f"/stores/SH01/dispatch-board?day={day}")
    assert board.status_code == 200, board.text[:300]
    lanes = {lane["username"]: lane for lane in board.json()["lanes"]}
    assert "sh.tech1" in lanes, f"no sh.tech1 lane on {day}: {sorted(lanes)}"
    assert lanes["sh.tech1"].get("shiftStart"), f"sh.tech1 is not on shift on {day}"
    return lanes["sh.tech1"]["staffId"]


def create_orders(api: Api, day: dt.date, windows: list[tuple[str, str]]) -> list[str]:
    """One confirmed AC-CLEAN order per window; their numbers."""
    numbers = []
    for start, end in windows:
        created = api.post("/orders", json=service_order_body("AC-CLEAN", day, start, end, unique_mobile()))
        assert created.status_code == 201, created.text[:500]
        assert created.json()["status"] == "confirmed", created.json()["status"]
        numbers.append(created.json()["number"])
    return numbers


def assert_one_winner(number: str, answers: list[Answer]) -> Answer:
    """Exactly one 200 and one 409 (problem+json, a conflict code); returns the 200."""
    statuses = sorted(a.status for a in answers)
    assert statuses == [200, 409], f"racing assignments of {number} answered {[(a.status, a.body) for a in answers]}"
    won = next(a for a in answers if a.status == 200)
    lost = next(a for a in answers if a.status == 409)
    assert lost.content_type.startswith(PROBLEM_JSON), lost.content_type
    assert lost.body.get("code") in CONFLICT_CODES, f"the losing assignment of {number}: {lost.body}"
    assert won.body["order"]["status"] == "assigned", won.body["order"]["status"]
    return won


def assert_assigned_once(api: Api, dispatcher: Api, number: str, day: dt.date, winner: Answer) -> None:
    """The order is on exactly one lane, as the winner said, and its history has one assignment."""
    board = dispatcher.get(f"/stores/SH01/dispatch-board?day={day}").json()
    on_lanes = [
        (lane["username"], job) for lane in board["lanes"] for job in lane["jobs"] if job["orderNumber"] == number
    ]
    assert len(on_lanes) == 1, f"{number} is on {len(on_lanes)} lanes: {on_lanes}"
    assert on_lanes[0][1]["technicianIds"] == winner.body["assignment"]["technicianIds"], (on_lanes, winner.body)
    assert number not in [q["order"]["number"] for q in board["queue"]], f"{number} is still queued"
    timeline = api.get(f"/orders/{number}/timeline")
    assert timeline.status_code == 200, timeline.text[:300]
    assert timeline.json()["intact"], f"the event log of {number} is broken"
    assigned = [e for e in timeline.json()["entries"] if e.get("toStatus") == "assigned"]
    assert len(assigned) == 1, f"{number} was assigned {len(assigned)} times: {assigned}"


def race_each_order(
    api: Api, dispatchers: tuple[Api, Api], day: dt.date, numbers: list[str], technician: str
) -> None:
    """Per order: one dispatcher asks for the best technician, the other names sh.tech1."""
    for number in numbers:
        path = f"/orders/{number}/assignment"
        answers = race([
            (dispatchers[0], path, {"mode": "automatic"}),
            (dispatchers[1], path, {"mode": "technician", "technicianId": technician, "reason": "客户点名张师傅"}),
        ])
        winner = assert_one_winner(number, answers)
        assert_assigned_once(api, dispatchers[0], number, day, winner)


# --------------------------------------------------------------------------
# SQLite: one server
# --------------------------------------------------------------------------


def test_r3_3_two_dispatchers_assigning_one_order_at_once_one_gets_409(
    server: ServerProcess, orderflow_bin: Path, sqlite_db: Path
) -> None:
    """Why: two dispatchers often grab the same top-of-queue order; the second
    must be told (409), not silently overwrite or double-assign it."""
    api = Api(server.base_url)
    token = make_token(orderflow_bin, ["--sqlite-path", str(sqlite_db)], "dispatcher@SH01", name="dispatch-race")
    dispatchers = (Api(server.base_url, token=token), Api(server.base_url, token=token))
    day = next_working_day()
    numbers = create_orders(api, day, WINDOWS)
    race_each_order(api, dispatchers, day, numbers, tech1_id(dispatchers[0], day))


# --------------------------------------------------------------------------
# PostgreSQL: two servers on one database
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    """A throwaway cluster for this module, stopped (SIGINT) and removed afterwards."""
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql): initdb/postgres not found")
    try:
        cluster = PostgresCluster(binaries)
    except KeyError:
        pytest.skip("running as root, but there is no postgres user to run PostgreSQL as")
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@dataclass
class TwoServers:
    api: Api  # customer service, on the first server
    dispatchers: tuple[Api, Api]  # one per server
    servers: tuple[PostgresServerProcess, PostgresServerProcess]


@pytest.fixture
def two_servers(orderflow_bin: Path, postgres: PostgresCluster, tmp_path: Path) -> Iterator[TwoServers]:
    """Two `orderflow serve` processes on one fresh PostgreSQL database with the demo's reference data."""
    url = postgres.create_database(f"dispatch_{uuid.uuid4().hex[:12]}")
    load_reference_data_on(orderflow_bin, url)
    where = ["--database-url", url]
    service = make_token(orderflow_bin, where, "customerService@*", name="system-test")
    dispatcher = make_token(orderflow_bin, where, "dispatcher@SH01", name="dispatch-race")
    started: list[PostgresServerProcess] = []
    try:
        for index in (1, 2):
            server = PostgresServerProcess(orderflow_bin, url, service, tmp_path / f"server{index}.log")
            started.append(server)
            server.start()
        yield TwoServers(
            api=Api(started[0].base_url),
            dispatchers=(Api(started[0].base_url, token=dispatcher), Api(started[1].base_url, token=dispatcher)),
            servers=(started[0], started[1]),
        )
    finally:
        for server in started:
            try:
                server.kill()
            except Exception:  # teardown must reach every server
                pass


def test_r3_3_two_servers_on_one_postgresql_database_one_assignment_wins(two_servers: TwoServers) -> None:
    """Why: in production several instances share PostgreSQL; a dispatcher on
    each assigning the same order must end with one assignment and a 409."""
    day = next_working_day()
    dispatchers = two_servers.dispatchers
    numbers = create_orders(two_servers.api, day, WINDOWS)
    race_each_order(two_servers.api, dispatchers, day, numbers, tech1_id(dispatchers[0], day))

    # Both instances show the same day: the live board relies on the stamp.
    boards = [d.get(f"/stores/SH01/dispatch-board?day={day}").json() for d in dispatchers]
    assert boards[0]["stamp"] == boards[1]["stamp"], [b["stamp"] for b in boards]


def test_r3_1_two_servers_cannot_book_one_technician_twice_into_the_same_hour(two_servers: TwoServers) -> None:
    """Why: two dispatchers on two instances placing two different orders on
    the same technician at the same time must not double-book them (a hard
    constraint, R3.1): exactly one booking holds, the other is refused."""
    day = next_working_day()
    dispatchers = two_servers.dispatchers
    technician = tech1_id(dispatchers[0], day)
    for start, end in WINDOWS:
        first, second = create_orders(two_servers.api, day, [(start, end), (start, end)])
        at, _ = local_window(day, start, end)
        body = {"mode": "technician", "technicianId": technician, "start": at, "reason": "客户点名张师傅"}
        answers = race([
            (dispatchers[0], f"/orders/{first}/assignment", body),
            (dispatchers[1], f"/orders/{second}/assignment", body),
        ])
        said = f"{first} and {second} on sh.tech1 at {start}: {[(a.status, a.body) for a in answers]}"
        assert min(a.status for a in answers) == 200, said
        lost = max(answers, key=lambda a: a.status)
        # Refused as an overlap (the winner committed first) or as a conflict (both at once).
        codes = {e.get("code") for e in lost.body.get("errors", [])} | {lost.body.get("code")}
        assert (lost.status, bool(codes & {"dispatch.overlaps"})) == (422, True) or (
            lost.status == 409 and codes & CONFLICT_CODES
        ), said

    # Whatever won, sh.tech1's day holds no two jobs closer than the travel buffer.
    settings = dispatchers[1].get("/stores/SH01/dispatch-settings")
    assert settings.status_code == 200, settings.text[:300]
    buffer = dt.timedelta(minutes=settings.json()["travelBufferMinutes"])
    board = dispatchers[1].get(f"/stores/SH01/dispatch-board?day={day}").json()
    lane = next(lane for lane in board["lanes"] if lane["username"] == "sh.tech1")
    jobs = sorted((moment(j["start"]), moment(j["end"]), j["orderNumber"]) for j in lane["jobs"])
    assert len(jobs) == len(WINDOWS), jobs
    for before, after in itertools.pairwise(jobs):
        assert after[0] >= before[1] + buffer, f"sh.tech1 is double-booked: {before} / {after}"
