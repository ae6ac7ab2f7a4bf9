"""Delivery and after-sales over real HTTP, against real server processes (R5.1–R5.5, R6.1–R6.5).

The Swift tests check the rules inside one process; here the real binary
is driven as its clients drive it:

* uploads on SQLite: a photo stored once however often it is sent, on
  disk under the attachments directory (beside the database) and read
  back byte for byte with its type; a text file calling itself a PNG, a
  photo just over 10 MB and a body over the 11 MB an upload may be each
  refused with a clear answer and nothing stored; another store's
  manager, and a technician not on the job, cannot read the file;
* the self-check gate: a report without the self-check is refused with
  one problem per indicator, then accepted with it;
* rework on SQLite: a rejection recorded by the store, signed on its
  device, puts the order in rework; the rework goes to another
  technician, whose report is round 2, and is counted against the first;
* two `orderflow serve` processes on one throwaway PostgreSQL database,
  their attachments in one shared folder (ORDERFLOW_ATTACHMENTS_DIR):
  - the customer's signature on the technician's device (one process)
    and a store manager's recording of a rejection (the other) sent at
    the same moment, for several orders: exactly one answer holds, the
    other is a 409; the order has one answered report, one signature
    (the winner's) and one answer event, and moved once; a later answer
    from either side is refused;
  - the same photo sent to both at once is one attachment and one file;
  - after-sales requests: a retry with the same Idempotency-Key through
    the other instance is the same request; an unknown order, another
    store's order, another customer's phone and an item not on the order
    are refused on their field and record nothing; an out-of-scope
    problem is declined with an explanation; an eligible one is handled
    to the end (analysis, progress sent to the customer, a repair order
    at zero price that goes to review, closed with satisfaction) and
    counted in the statistics, JSON and CSV.

Two tests guard bugs these tests found and that are fixed: the same
after-sales request sent to both instances at the same moment answered
one caller with a 500; and an unsigned answer "on the customer's behalf"
was taken before any lapse.
Not covered here: an answer after the acceptance period (at least an hour
of real time; the Swift tests use a test clock).

Technicians act as themselves: signed in at /login, with the session's
CSRF token on every change, as the console's scripts do. Their jobs are
today at the real time: check-in opens 2 hours before the planned start,
so SH01 is opened 00:00–24:00, the technicians used get an all-day shift
(and the hvac skill AC-CLEAN asks for), and each job starts a few minutes
from now (just after midnight when a 90-minute job would run past 24:00).

Every wait is bounded: each HTTP call, each barrier, each process. The
server binary may be relinked while these run: starting a server or
making a token is retried once after a pause.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from harness import (
    HTTP_TIMEOUT_S,
    PLATFORM,
    PLATFORM_SECRET,
    TOKENS,
    Api,
    PostgresCluster,
    PostgresServerProcess,
    ServerProcess,
    appointment_soon,
    base_environment,
    load_reference_data_on,
    local_window,
    make_token,
    retried,
    service_order_body,
    start,
    unique_mobile,
)
from test_dispatch_api import postgres  # noqa: F401  (the module's PostgreSQL cluster; skips without one)


ZONE = ZoneInfo("Asia/Shanghai")
PROBLEM_JSON = "application/problem+json"
DEMO_PASSWORD = "OrderFlow-demo-2026"
BARRIER_TIMEOUT_S = 10
# Large bodies take a while through a debug build.
UPLOAD_TIMEOUT_S = 60

# A JPEG and a PNG as the server sees them: it reads the type from the first bytes.
JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(range(256)) * 4
PNG_MAGIC = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
MB = 1024 * 1024

# What AC-CLEAN is checked against (R5.1) and what its warranty covers (R6.1).
INDICATORS = ("airflow", "no-leak")
STANDARD = {
    "indicators": [
        {
            "code": "airflow",
            "name": {"zhHans": "出风量正常", "en": "Airflow normal"},
            "passWhen": {"zhHans": "风速 ≥ 3 m/s", "en": "≥ 3 m/s"},
        },
        {
            "code": "no-leak",
            "name": {"zhHans": "无漏水", "en": "No leak"},
            "passWhen": {"zhHans": "运行 15 分钟无滴水", "en": "No drip in 15 minutes"},
        },
    ],
    "method": {"zhHans": "试机 15 分钟", "en": "Run 15 minutes"},
    "periodHours": 24,
}
WARRANTY = {"periodDays": 90, "scope": ["leak", "noise"], "exclusions": ["misuse"], "costBearer": "company"}
SELF_CHECKS = [{"itemCode": "AC-CLEAN", "results": [{"code": code, "passed": True} for code in INDICATORS]}]
# AC-CLEAN takes 90 minutes: the job, not only its 60-minute window, must end by 24:00.
AC_CLEAN_MINUTES = 90
# Every SH01 technician may take AC-CLEAN once given hvac, so that each order has a technician of its own.
SH01_TECHNICIANS = ("sh.tech1", "sh.tech2", "sh.tech3", "sh.tech4", "sh.tech5", "sh.tech6")
RACED_ORDERS = 5
# The 409s a losing answer may get: already answered, or (PostgreSQL,
# both inside their transactions at once) the report changed under it.
CONFLICT_CODES = {"acceptance.alreadyDecided", "order.changedConcurrently"}
ANSWER_EVENTS = {"delivery.accepted", "delivery.rejected"}


CLAIM_RACES = 10
PHOTO_RACES = 5


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def said(response: requests.Response) -> str:
    return f"{response.request.method} {response.request.path_url} → {response.status_code} {response.text[:600]}"


def problem_fields(response: requests.Response) -> list[str]:
    """`field:code` of every problem in a 422, sorted."""
    assert response.headers.get("Content-Type", "").startswith(PROBLEM_JSON), said(response)
    return sorted(f"{e['field']}:{e['code']}" for e in response.json().get("errors", []))


def assert_refused(response: requests.Response, status: int, *problems: str, code: str | None = None) -> None:
    """A problem+json answer with `status`, naming exactly `problems` (field:code) and, if given, `code`;
    every message is there to be shown."""
    assert response.status_code == status, said(response)
    assert response.headers.get("Content-Type", "").startswith(PROBLEM_JSON), said(response)
    body = response.json()
    if problems:
        assert problem_fields(response) == sorted(problems), said(response)
        for error in body["errors"]:
            assert isinstance(error.get("message"), str) and error["message"].strip(), error
    if code is not None:
        assert body.get("code") == code, said(response)
        assert (body.get("detail") or body.get("title") or "").strip(), f"no message in {body}"


def png(tag: str) -> bytes:
    """A small PNG (by its magic number) that differs per tag, as two drawn signatures differ."""
    return PNG_MAGIC + hashlib.sha256(tag.encode()).digest() * 8


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def today() -> dt.date:
    return dt.datetime.now(ZONE).date()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_file(directory: Path, data: bytes) -> Path:
    """Where the file storage keeps `data`: content-addressed, fanned out as ab/cd/abcd…"""
    digest = sha256(data)
    return directory / digest[:2] / digest[2:4] / digest


# --------------------------------------------------------------------------
# People: tokens for integrations, sessions for staff
# --------------------------------------------------------------------------


def sign_in(base_url: str, username: str) -> tuple[str, str]:
    """Signs in at /login as a person does; the session secret and its CSRF token."""
    browser = requests.Session()
    form = browser.get(f"{base_url}/login", timeout=HTTP_TIMEOUT_S)
    assert form.status_code == 200, form.text[:300]
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, f"no csrf in the login form:\n{form.text[:500]}"
    answer = browser.post(
        f"{base_url}/login",
        data={"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1), "next": ""},
        timeout=HTTP_TIMEOUT_S,
        allow_redirects=False,
    )
    assert answer.status_code == 303, f"signing in as {username}: {answer.status_code} {answer.text[:300]}"
    secret = browser.cookies.get("orderflow_session")
    assert secret, f"no session cookie after signing in as {username}"
    me = browser.get(f"{base_url}/api/v1/me", timeout=HTTP_TIMEOUT_S)
    assert me.status_code == 200 and me.json()["username"] == username, me.text[:300]
    return secret, me.json()["csrfToken"]


@dataclass(frozen=True)
class Person:
    """A signed-in member of staff: the session works on every instance of the database."""

    username: str
    staff_id: str
    secret: str
    csrf: str

    def on(self, base_url: str) -> Api:
        """A client of their own (one per thread) on `base_url`: the session cookie and the CSRF header."""
        api = Api(base_url, token=None)
        api.session.headers["Cookie"] = f"orderflow_session={self.secret}"
        api.session.headers["X-CSRF-Token"] = self.csrf
        return api


@dataclass
class Shop:
    """SH01 made ready for jobs today, on one database (reachable through any of its servers)."""

    base_url: str
    operator_token: str  # customerService@* + administrator@*
    manager_token: str  # storeManager@SH01
    staff_ids: dict[str, str]
    people: dict[str, Person] = field(default_factory=dict)

    def operator(self, base_url: str | None = None) -> Api:
        return Api(base_url or self.base_url, token=self.operator_token)

    def manager(self, base_url: str | None = None) -> Api:
        return Api(base_url or self.base_url, token=self.manager_token)

    def person(self, username: str) -> Person:
        if username not in self.people:
            secret, csrf = sign_in(self.base_url, username)
            self.people[username] = Person(username, self.staff_ids[username], secret, csrf)
        return self.people[username]


def open_sh01_around_the_clock(manager: Api) -> None:
    """SH01 open 00:00–24:00 every day, today and the next two days no holiday."""
    store = manager.get("/stores/SH01")
    assert store.status_code == 200, said(store)
    days = {(today() + dt.timedelta(days=n)).isoformat() for n in range(3)}
    body = {
        "openingHours": [{"weekday": weekday, "opens": "00:00", "closes": "24:00"} for weekday in range(1, 8)],
        "holidays": [h for h in store.json()["holidays"] if h not in days],
        "phone": store.json()["phone"],
    }
    saved = manager.request("PUT", "/stores/SH01/hours", json=body)
    assert saved.status_code == 200, said(saved)


def ready_for_today(manager: Api, username: str) -> str:
    """An all-day shift every weekday, no leave today or tomorrow, and the hvac skill; the staff id."""
    current = manager.get(f"/staff/{username}/technician-profile")
    assert current.status_code == 200, said(current)
    profile = current.json()
    skills = profile["skills"]
    if not any(s["skill"] == "hvac" for s in skills):
        skills = [*skills, {"skill": "hvac", "level": 3, "yearsOfExperience": 3}]
    free = {(today() + dt.timedelta(days=n)).isoformat() for n in range(2)}
    body = {
        "skills": skills,
        "qualifications": [{k: v for k, v in q.items() if k != "valid"} for q in profile["qualifications"]],
        "teams": profile["teams"],
        "weeklyShifts": [{"weekday": weekday, "opens": "00:00", "closes": "24:00"} for weekday in range(1, 8)],
        "exceptions": [e for e in profile["exceptions"] if e["date"] not in free],
    }
    etag = current.headers.get("ETag") or f'"v{profile["version"]}"'
    saved = manager.request("PUT", f"/staff/{username}/technician-profile", json=body, headers={"If-Match": etag})
    assert saved.status_code == 200, said(saved)
    member = manager.get(f"/staff/{username}")
    assert member.status_code == 200, said(member)
    return member.json()["id"]


def prepare_shop(base_url: str, operator_token: str, manager_token: str, technicians: tuple[str, ...]) -> Shop:
    """Criteria and warranty on AC-CLEAN (administrator), SH01 open around the clock
    and the technicians ready for a job today (store manager)."""
    operator = Api(base_url, token=operator_token)
    criteria = operator.request("PUT", "/catalog/AC-CLEAN/acceptance", json=STANDARD)
    assert criteria.status_code == 200, said(criteria)
    assert [i["code"] for i in criteria.json()["acceptance"]["indicators"]] == list(INDICATORS), criteria.json()
    warranty = operator.request("PUT", "/catalog/AC-CLEAN/warranty", json=WARRANTY)
    assert warranty.status_code == 200, said(warranty)
    assert warranty.json()["warranty"]["scope"] == WARRANTY["scope"], warranty.json()
    manager = Api(base_url, token=manager_token)
    open_sh01_around_the_clock(manager)
    ids = {username: ready_for_today(manager, username) for username in technicians}
    return Shop(base_url, operator_token, manager_token, ids)


# --------------------------------------------------------------------------
# An order through to its report
# --------------------------------------------------------------------------


def job_starting_now(shop: Shop, technician: str, name: str = "张三") -> str:
    """A confirmed AC-CLEAN order starting within minutes, assigned to `technician` at its
    window's start (check-in opens 2 h before it); its number."""
    day, start_at, end_at = appointment_soon(lead_minutes=5, length_minutes=60, fits_minutes=AC_CLEAN_MINUTES)
    planned, _ = local_window(day, start_at, end_at)
    created = shop.operator().post(
        "/orders", json=service_order_body("AC-CLEAN", day, start_at, end_at, unique_mobile(), name=name)
    )
    assert created.status_code == 201, said(created)
    assert created.json()["status"] == "confirmed", created.json()["status"]
    number = created.json()["number"]
    assigned = shop.manager().post(
        f"/orders/{number}/assignment",
        json={
            "mode": "technician",
            "technicianId": shop.staff_ids[technician],
            "start": planned,
            "reason": "熟悉该小区",
        },
    )
    assert assigned.status_code == 200, f"{number} ({day} {start_at}) to {technician}: {said(assigned)}"
    assert assigned.json()["assignment"]["technicianIds"] == [shop.staff_ids[technician]], assigned.json()
    return number


def check_in(technician: Api, number: str) -> None:
    """Ticks the preparation checklist (the store wants it before check-in) and checks in."""
    job = technician.get(f"/orders/{number}/job")
    assert job.status_code == 200, said(job)
    for item in job.json()["items"]:
        for entry in item["checklist"]:
            if not entry["done"]:
                ticked = technician.request(
                    "PUT", f"/orders/{number}/job/checklist/{item['itemCode']}/{entry['code']}", json={"done": True}
                )
                assert ticked.status_code == 200, said(ticked)
    checked_in = technician.post(f"/orders/{number}/job/check-in", json={})
    assert checked_in.status_code == 200, said(checked_in)
    assert checked_in.json()["order"]["status"] == "inService", checked_in.json()["order"]["status"]


def report_body(**extra: Any) -> dict[str, Any]:
    return {
        "workDone": "拆洗过滤网，清洗蒸发器",
        "results": "出风 3.5 m/s，运行 15 分钟无滴水",
        "materials": [{"name": "清洗剂", "quantity": "0.5", "unit": "瓶"}],
        "method": "onSite",
        **extra,
    }


def submit_report(technician: Api, number: str, **extra: Any) -> dict[str, Any]:
    submitted = technician.post(
        f"/orders/{number}/job/delivery-report", json=report_body(selfChecks=SELF_CHECKS, **extra)
    )
    assert submitted.status_code == 201, said(submitted)
    assert submitted.json()["status"] == "awaiting", submitted.json()
    return submitted.json()


def served_and_reported(shop: Shop, technician: str, name: str = "张三") -> str:
    number = job_starting_now(shop, technician, name)
    api = shop.person(technician).on(shop.base_url)
    check_in(api, number)
    submit_report(api, number)
    return number


def signed(decision: str, signature: bytes, **extra: Any) -> dict[str, Any]:
    """An answer signed on a device: the PNG as a data URL and the signer's name."""
    return {"decision": decision, "signature": data_url(signature), "signerName": "王先生", **extra}


def delivery(api: Api, number: str) -> dict[str, Any]:
    found = api.get(f"/orders/{number}/delivery")
    assert found.status_code == 200, said(found)
    return found.json()


def answer_events(api: Api, number: str) -> list[dict[str, Any]]:
    """The acceptance and rejection events of the order's timeline (whose hash chain must hold)."""
    timeline = api.get(f"/orders/{number}/timeline")
    assert timeline.status_code == 200, said(timeline)
    assert timeline.json()["intact"], f"the event log of {number} is broken"
    return [e for e in timeline.json()["entries"] if e["type"] in ANSWER_EVENTS]


# --------------------------------------------------------------------------
# SQLite: one server, files beside the database
# --------------------------------------------------------------------------


@pytest.fixture
def shop(server: ServerProcess, orderflow_bin: Path, sqlite_db: Path) -> Shop:
    where = ["--sqlite-path", str(sqlite_db)]
    manager = retried("making a token", lambda: make_token(orderflow_bin, where, "storeManager@SH01", name="manager"))
    return prepare_shop(server.base_url, TOKENS[server.base_url], manager, ("sh.tech1", "sh.tech6"))


def upload(api: Api, number: str, data: bytes, content_type: str, name: str = "before.jpg") -> requests.Response:
    return api.post(
        f"/orders/{number}/job/attachments",
        params={"kind": "photo", "fileName": name},
        data=data,
        headers={"Content-Type": content_type},
        timeout=UPLOAD_TIMEOUT_S,
    )


def test_r5_2_uploads_are_checked_by_their_bytes_stored_once_and_read_back_by_who_may(
    shop: Shop, server: ServerProcess, orderflow_bin: Path, sqlite_db: Path
) -> None:
    """Why (R5.2): photos are the evidence of the work. A retried upload
    must not make a second file, a file that is not what it says or too
    large must be refused with a message the technician can act on, and
    what was kept must come back exactly, only to those who may see it."""
    number = job_starting_now(shop, "sh.tech1")
    technician = shop.person("sh.tech1").on(server.base_url)
    check_in(technician, number)
    attachments = sqlite_db.parent / "attachments"

    first = upload(technician, number, JPEG, "image/jpeg")
    assert first.status_code == 201, said(first)
    photo = first.json()
    assert photo["kind"] == "photo" and photo["contentType"] == "image/jpeg", photo
    assert photo["sizeBytes"] == len(JPEG) and photo["sha256"] == sha256(JPEG), photo
    assert photo["fileName"] == "before.jpg", photo

    # The same bytes again (a retry on a bad connection): the same record.
    again = upload(technician, number, JPEG, "image/jpeg", name="before-again.jpg")
    assert again.status_code == 201, said(again)
    assert again.json()["id"] == photo["id"], f"the same bytes made a second attachment: {again.json()} / {photo}"

    # Not a picture, whatever it says it is.
    text = b"just a note, not a picture\n" * 10
    assert_refused(upload(technician, number, text, "image/png", name="note.png"), 422, "file:attachment.type")
    # A JPEG 1 KB over the 10 MB a photo may be: the field-level answer.
    large = JPEG + bytes(10 * MB + 1024 - len(JPEG))
    assert_refused(upload(technician, number, large, "image/jpeg"), 422, "file:attachment.tooLarge")
    # 12 MB is over what the server reads of an upload at all.
    huge = JPEG + bytes(12 * MB - len(JPEG))
    try:
        refused = upload(technician, number, huge, "image/jpeg")
    except requests.ConnectionError as error:
        pytest.fail(f"a 12 MB upload got no answer, only a broken connection: {error}")
    assert_refused(refused, 413, code="request.tooLarge")

    # Kept once, on disk where the server keeps its files; nothing of the refused ones.
    on_disk = stored_file(attachments, JPEG)
    assert on_disk.is_file(), f"{on_disk} missing; the attachments folder holds {sorted(attachments.rglob('*'))}"
    assert on_disk.read_bytes() == JPEG
    for refused_bytes in (text, large, huge):
        assert not stored_file(attachments, refused_bytes).exists(), "a refused upload was stored"
    files = [p for p in attachments.rglob("*") if p.is_file()]
    assert files == [on_disk], f"the attachments folder holds more than the one photo: {files}"
    listed = delivery(shop.operator(), number)["attachments"]
    assert [a["id"] for a in listed] == [photo["id"]], listed

    # Read back exactly, with its type, by whoever may read the order.
    for reader in (technician, shop.operator(), shop.manager()):
        read = reader.get(f"/attachments/{photo['id']}")
        assert read.status_code == 200, said(read)
        assert read.headers.get("Content-Type") == "image/jpeg", read.headers
        assert read.content == JPEG, f"{len(read.content)} bytes read back, {len(JPEG)} uploaded"

    # Not by another store's manager: no sign that the file exists.
    where = ["--sqlite-path", str(sqlite_db)]
    elsewhere = Api(server.base_url, token=make_token(orderflow_bin, where, "storeManager@BJ01", name="bj-manager"))
    hidden = elsewhere.get(f"/attachments/{photo['id']}")
    assert hidden.status_code == 404, said(hidden)
    assert hidden.headers.get("Content-Type", "").startswith(PROBLEM_JSON), hidden.headers
    assert JPEG[:64] not in hidden.content
    # Nor by another technician of the same store, who is not on the job.
    other = shop.person("sh.tech6").on(server.base_url)
    assert other.get(f"/attachments/{photo['id']}").status_code == 404
    assert (
        other.post(f"/orders/{number}/job/attachments", data=JPEG, headers={"Content-Type": "image/jpeg"}).status_code
        == 404
    )

    # The photo goes with the report.
    report = submit_report(technician, number, attachmentIds=[photo["id"]])
    assert report["attachmentIds"] == [photo["id"]], report


def test_r5_1_no_report_without_the_self_check(shop: Shop, server: ServerProcess) -> None:
    """Why (R5.1): the customer is asked to accept only what the technician
    has checked against the item's criteria; a report that skips the
    self-check is refused, indicator by indicator, and records nothing."""
    number = job_starting_now(shop, "sh.tech1")
    technician = shop.person("sh.tech1").on(server.base_url)
    check_in(technician, number)
    path = f"/orders/{number}/job/delivery-report"

    blocked = technician.post(path, json=report_body())
    assert blocked.status_code == 422, said(blocked)
    fields = {e["field"] for e in blocked.json()["errors"]}
    assert fields == {f"selfChecks.AC-CLEAN.{code}" for code in INDICATORS}, said(blocked)
    assert_refused(blocked, 422, *(f"selfChecks.AC-CLEAN.{code}:selfCheck.missing" for code in INDICATORS))

    # One indicator failed without saying why it may still go out: that one alone.
    failed = [
        {"itemCode": "AC-CLEAN", "results": [{"code": "airflow", "passed": True}, {"code": "no-leak", "passed": False}]}
    ]
    unexplained = technician.post(path, json=report_body(selfChecks=failed))
    assert unexplained.status_code == 422, said(unexplained)
    assert {e["field"] for e in unexplained.json()["errors"]} == {"selfChecks.AC-CLEAN.no-leak"}, said(unexplained)

    found = delivery(shop.operator(), number)
    assert found["reports"] == [] and found["status"] == "inService", found

    report = submit_report(technician, number)
    assert report["round"] == 1 and report["orderNumber"] == number, report
    assert report["selfChecks"][0]["itemCode"] == "AC-CLEAN", report["selfChecks"]
    due = dt.datetime.fromisoformat(report["acceptanceDueAt"]) - dt.datetime.fromisoformat(report["submittedAt"])
    assert abs(due - dt.timedelta(hours=STANDARD["periodHours"])) < dt.timedelta(seconds=5), report
    assert delivery(shop.operator(), number)["status"] == "awaitingAcceptance"
    # A second report while the first awaits the customer's answer is refused.
    assert_refused(technician.post(path, json=report_body(selfChecks=SELF_CHECKS)), 409, code="report.wrongStage")
    assert len(delivery(shop.operator(), number)["reports"]) == 1


def test_r5_4_a_rejection_goes_to_rework_with_another_technician_who_reports_round_2(
    shop: Shop, server: ServerProcess
) -> None:
    """Why (R5.4): a customer who rejects the work gets it done again, by
    whoever the store sends, and is asked again; the rework is counted
    against those who did the first round."""
    number = served_and_reported(shop, "sh.tech1", name="李四")
    manager = shop.manager()
    path = f"/orders/{number}/acceptance"

    # Staff record the customer's rejection, signed on the store's device; reasons are required.
    no_reasons = manager.post(path, json=signed("rejected", png("rejection"), via="technicianDevice"))
    assert_refused(no_reasons, 422, "reasons:acceptance.reasonsMissing")
    rejected = manager.post(
        path, json=signed("rejected", png("rejection"), via="technicianDevice", reasons="出风口仍有滴水")
    )
    assert rejected.status_code == 200, said(rejected)
    assert rejected.json()["status"] == "rejected", rejected.json()
    assert rejected.json()["acceptance"]["via"] == "technicianDevice", rejected.json()["acceptance"]
    found = delivery(manager, number)
    assert found["status"] == "rework" and found["reworkCount"] == 1, found
    assert len(answer_events(manager, number)) == 1

    # Nobody answers the rejected report again.
    again = manager.post(path, json=signed("accepted", png("late"), via="technicianDevice"))
    assert_refused(again, 409, code="acceptance.alreadyDecided")

    # The rework to sh.tech6: only a technician of the store will do.
    assert_refused(
        manager.post(f"/orders/{number}/rework", json={"technicianIds": [str(uuid.uuid4())]}),
        422,
        "technicianIds:rework.technicians",
    )
    given = manager.post(f"/orders/{number}/rework", json={"technicianIds": [shop.staff_ids["sh.tech6"]]})
    assert given.status_code == 204, said(given)

    # sh.tech1 is off the job; sh.tech6 submits round 2.
    first = shop.person("sh.tech1").on(server.base_url)
    refused = first.post(f"/orders/{number}/job/delivery-report", json=report_body(selfChecks=SELF_CHECKS))
    assert refused.status_code == 404, said(refused)
    second = submit_report(shop.person("sh.tech6").on(server.base_url), number)
    assert second["round"] == 2 and second["technicianIds"] == [shop.staff_ids["sh.tech6"]], second
    found = delivery(manager, number)
    assert [r["round"] for r in found["reports"]] == [1, 2], found["reports"]
    assert [r["status"] for r in found["reports"]] == ["rejected", "awaiting"], found["reports"]
    assert found["status"] == "awaitingAcceptance" and found["reworkCount"] == 1, found

    # Accepted on sh.tech6's device: delivered, the rework still counted against sh.tech1.
    accepted = (
        shop.person("sh.tech6")
        .on(server.base_url)
        .post(f"/orders/{number}/job/acceptance", json=signed("accepted", png("round 2")))
    )
    assert accepted.status_code == 200, said(accepted)
    found = delivery(manager, number)
    assert found["status"] == "delivered" and found["reworkCount"] == 1 and found["deliveredAt"], found
    day = today().isoformat()
    report = manager.get("/reports/after-sales", params={"from": day, "to": day})
    assert report.status_code == 200, said(report)
    first_name = manager.get("/staff/sh.tech1").json()["displayName"]
    assert {"name": first_name, "count": 1} in report.json()["reworkByTechnician"], report.json()["reworkByTechnician"]


def test_r5_3_staff_record_an_unsigned_answer_only_after_an_escalated_lapse(shop: Shop, server: ServerProcess) -> None:
    """Why (R5.3): the customer's acceptance is confirmed by their signature,
    on the device or through their link. Staff writing an answer down for
    the customer (staffOnBehalf, no signature) is for after the period
    lapsed and the store escalated it, as the API describes it; before,
    the report still waits for the customer."""
    number = served_and_reported(shop, "sh.tech1")
    manager = shop.manager()
    unsigned = manager.post(f"/orders/{number}/acceptance", json={"decision": "accepted", "via": "staffOnBehalf"})
    if unsigned.status_code == 200:
        raise AssertionError(
            f"an unsigned staffOnBehalf answer within the period was taken and the order is "
            f"{delivery(manager, number)['status']}: {said(unsigned)}"
        )
    assert unsigned.status_code in (409, 422), said(unsigned)
    assert unsigned.headers.get("Content-Type", "").startswith(PROBLEM_JSON), said(unsigned)
    found = delivery(manager, number)
    assert found["status"] == "awaitingAcceptance" and found["reports"][0]["status"] == "awaiting", found
    assert answer_events(manager, number) == []


# --------------------------------------------------------------------------
# PostgreSQL: two processes on one database, sharing the files
# --------------------------------------------------------------------------


class SharedFilesServer(PostgresServerProcess):
    """`orderflow serve` on PostgreSQL with the attachments in a folder shared with the other instance."""

    def __init__(self, binary: Path, database_url: str, token: str, log_path: Path, attachments: Path) -> None:
        super().__init__(binary, database_url, token, log_path)
        self.attachments = attachments

    def start(self) -> SharedFilesServer:
        TOKENS[self.base_url] = self.token
        env = base_environment()
        env.update(
            ORDERFLOW_DATABASE_URL=self.database_url,
            ORDERFLOW_PLATFORM_SECRETS=f"{PLATFORM}={PLATFORM_SECRET}",
            ORDERFLOW_ATTACHMENTS_DIR=str(self.attachments),
        )
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()
        return self


@dataclass
class TwoProcesses:
    shop: Shop
    a: SharedFilesServer
    b: SharedFilesServer
    tokens: dict[str, str]

    def assert_running(self) -> None:
        for name, server in (("A", self.a), ("B", self.b)):
            assert server.alive, f"server {name} exited by itself:\n{server.log_tail()}"


@pytest.fixture
def two_processes(
    orderflow_bin: Path,
    postgres: PostgresCluster,  # noqa: F811  (the cluster fixture imported above)
    tmp_path: Path,
) -> Iterator[TwoProcesses]:
    """Two servers on one fresh PostgreSQL database (the demo's reference data) and one attachments folder."""
    url = postgres.create_database(f"delivery_{uuid.uuid4().hex[:12]}")
    retried("loading the reference data", lambda: load_reference_data_on(orderflow_bin, url))
    where = ["--database-url", url]

    def token(*roles: str, name: str) -> str:
        return retried(f"making a {name} token", lambda: make_token(orderflow_bin, where, *roles, name=name))

    tokens = {
        "operator": token("customerService@*", "administrator@*", name="system-test"),
        "manager": token("storeManager@SH01", name="manager"),
        "bj-aftersales": token("afterSales@BJ01", name="bj-aftersales"),
    }
    attachments = tmp_path / "attachments"
    attachments.mkdir()
    a = SharedFilesServer(orderflow_bin, url, tokens["operator"], tmp_path / "server-a.log", attachments)
    b = SharedFilesServer(orderflow_bin, url, tokens["operator"], tmp_path / "server-b.log", attachments)
    try:
        start(a)
        start(b)
        shop = prepare_shop(a.base_url, tokens["operator"], tokens["manager"], SH01_TECHNICIANS)
        yield TwoProcesses(shop, a, b, tokens)
    finally:
        for server in (a, b):
            try:
                server.kill()
            except Exception:  # teardown must reach every server
                pass


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    content_type: str
    by: str


def retry_while_in_flight(call: Callable[[], requests.Response], attempts: int = 20) -> requests.Response:
    """Sends again while the answer is 409 `idempotency.inFlight`, a little later each time."""
    answer = call()
    for attempt in range(attempts):
        if answer.status_code != 409:
            break
        time.sleep(0.05 * (attempt + 1))
        answer = call()
    return answer


def race(calls: list[tuple[str, Callable[[], requests.Response]]]) -> list[Reply]:
    """Sends the calls from their own threads, all released at the same moment."""
    barrier = threading.Barrier(len(calls), timeout=BARRIER_TIMEOUT_S)

    def send(call: tuple[str, Callable[[], requests.Response]]) -> Reply:
        name, request = call
        barrier.wait()
        response = request()
        try:
            body = response.json()
        except ValueError:
            body = {"raw": response.text[:300]}
        return Reply(response.status_code, body, response.headers.get("Content-Type", ""), name)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(send, calls))


def test_r5_3_two_answers_at_once_on_two_processes_one_holds(two_processes: TwoProcesses) -> None:
    """Why (R5.3): the customer signs on the technician's phone while the
    store, on another instance, records an answer for the same report. The
    report must end with one answer — one signature, one event, the order
    moved once — and the other side must be told, not silently overruled."""
    shop, a, b = two_processes.shop, two_processes.a, two_processes.b
    numbers = {
        served_and_reported(shop, technician, name=f"客户{i}"): technician
        for i, technician in enumerate(SH01_TECHNICIANS[:RACED_ORDERS])
    }
    assert len(numbers) == RACED_ORDERS
    winners: list[str] = []
    for i, (number, technician) in enumerate(numbers.items()):
        # Half the time the technician is on A and the store on B, half the other way round.
        tech_server, store_server = (a, b) if i % 2 == 0 else (b, a)
        device = shop.person(technician).on(tech_server.base_url)
        store = shop.manager(store_server.base_url)
        accept = signed("accepted", png(f"customer {number}"))
        reject = signed("rejected", png(f"store {number}"), via="technicianDevice", reasons="出风口仍有滴水")
        replies = race(
            [
                ("device", partial(device.post, f"/orders/{number}/job/acceptance", json=accept)),
                ("store", partial(store.post, f"/orders/{number}/acceptance", json=reject)),
            ]
        )
        two_processes.assert_running()
        summary = f"{number}: {[(r.by, r.status, r.body) for r in replies]}"
        assert sorted(r.status for r in replies) == [200, 409], summary
        won = next(r for r in replies if r.status == 200)
        lost = next(r for r in replies if r.status == 409)
        assert lost.content_type.startswith(PROBLEM_JSON) and lost.body.get("code") in CONFLICT_CODES, summary
        assert (lost.body.get("detail") or "").strip(), summary
        winners.append(won.by)
        decision = "accepted" if won.by == "device" else "rejected"
        assert won.body["status"] == decision and won.body["acceptance"]["decision"] == decision, summary

        # Both instances tell the same story: one answered report, the winner's.
        for server in (a, b):
            found = delivery(shop.operator(server.base_url), number)
            assert len(found["reports"]) == 1, f"{number} on {server.base_url}: {found['reports']}"
            report = found["reports"][0]
            assert report["status"] == decision and report["acceptance"] == won.body["acceptance"], (summary, report)
            assert found["status"] == ("delivered" if decision == "accepted" else "rework"), (summary, found["status"])
            signatures = [x for x in found["attachments"] if x["kind"] == "signature"]
            assert [x["id"] for x in signatures] == [report["acceptance"]["signatureId"]], (summary, signatures)
        events = answer_events(shop.operator(b.base_url), number)
        assert len(events) == 1, f"{number} has {len(events)} answer events: {events}"
        assert events[0]["type"] == f"delivery.{decision}", events
        timeline = shop.operator(a.base_url).get(f"/orders/{number}/timeline").json()["entries"]
        moves = [e["toStatus"] for e in timeline if e.get("fromStatus") == "awaitingAcceptance"]
        assert moves == [found["status"]], f"{number} moved on from awaitingAcceptance as {moves}"

        # The signature kept is the winner's, byte for byte, from the other instance.
        signature = shop.operator(store_server.base_url).get(f"/attachments/{report['acceptance']['signatureId']}")
        assert signature.status_code == 200 and signature.headers.get("Content-Type") == "image/png", said(signature)
        expected = png(f"customer {number}") if won.by == "device" else png(f"store {number}")
        assert signature.content == expected, f"{number}: the signature kept is not the winner's"

        # A later answer, from either side, is refused and changes nothing.
        late = device.post(f"/orders/{number}/job/acceptance", json=signed("accepted", png("later")))
        assert_refused(late, 409, code="acceptance.alreadyDecided")
        late = store.post(f"/orders/{number}/acceptance", json=signed("accepted", png("later"), via="technicianDevice"))
        assert_refused(late, 409, code="acceptance.alreadyDecided")
        assert len(answer_events(shop.operator(a.base_url), number)) == 1
        assert len(delivery(shop.operator(a.base_url), number)["attachments"]) == 1
    print(f"answers that held: {winners.count('device')} from the device, {winners.count('store')} from the store")


def test_r5_2_the_same_photo_sent_to_two_processes_at_once_is_kept_once(two_processes: TwoProcesses) -> None:
    """Why (R5.2): on a poor connection the phone retries an upload, and the
    retry may reach the other instance while the first is still being
    stored. Both must be answered with the one attachment, and the shared
    folder must hold the file once, whole."""
    shop, a, b = two_processes.shop, two_processes.a, two_processes.b
    number = job_starting_now(shop, "sh.tech1")
    person = shop.person("sh.tech1")
    check_in(person.on(a.base_url), number)
    photos = [JPEG + hashlib.sha256(f"photo {i}".encode()).digest() * 64 for i in range(PHOTO_RACES)]
    for i, data in enumerate(photos):
        on_a, on_b = person.on(a.base_url), person.on(b.base_url)
        replies = race(
            [
                ("A", partial(upload, on_a, number, data, "image/jpeg", name=f"photo-{i}.jpg")),
                ("B", partial(upload, on_b, number, data, "image/jpeg", name=f"photo-{i}.jpg")),
            ]
        )
        summary = [(r.by, r.status, r.body) for r in replies]
        assert [r.status for r in replies] == [201, 201], summary
        assert replies[0].body["id"] == replies[1].body["id"], f"the same photo became two attachments: {summary}"
        assert replies[0].body["sha256"] == sha256(data), summary
    two_processes.assert_running()

    listed = delivery(shop.operator(b.base_url), number)["attachments"]
    assert sorted(x["sha256"] for x in listed) == sorted(sha256(p) for p in photos), listed
    files = sorted(p for p in a.attachments.rglob("*") if p.is_file())
    assert files == sorted(stored_file(a.attachments, p) for p in photos), f"the shared folder holds {files}"
    for data in photos:
        assert stored_file(a.attachments, data).read_bytes() == data
    # Each instance reads every photo back whole from the shared folder.
    for server in (a, b):
        for attachment in listed:
            read = shop.operator(server.base_url).get(f"/attachments/{attachment['id']}")
            assert read.status_code == 200 and sha256(read.content) == attachment["sha256"], said(read)


def claim_body(number: str, problem: str, phone: str | None, **extra: Any) -> dict[str, Any]:
    body = {
        "orderNumber": number,
        "channel": "phone",
        "itemCode": "AC-CLEAN",
        "contactName": "张三",
        "problem": problem,
        "description": "空调清洗后第三天室内机开始滴水",
        **extra,
    }
    if phone is not None:
        body["contactPhone"] = phone
    return body


def order_claims(api: Api, number: str) -> list[dict[str, Any]]:
    found = api.get(f"/orders/{number}/claims")
    assert found.status_code == 200, said(found)
    return found.json()["items"]


def delivered_order(shop: Shop, base_url: str, technician: str = "sh.tech1") -> tuple[str, str]:
    """An order served, reported and accepted on the technician's device; its number and the customer's phone."""
    number = served_and_reported(shop, technician)
    accepted = (
        shop.person(technician)
        .on(base_url)
        .post(f"/orders/{number}/job/acceptance", json=signed("accepted", png(f"delivered {number}")))
    )
    assert accepted.status_code == 200, said(accepted)
    phone = shop.operator(base_url).get(f"/orders/{number}").json()["customer"]["phone"]
    assert re.fullmatch(r"1\d{10}", phone), f"the operator sees a masked phone: {phone}"
    return number, phone


def test_r6_2_one_request_sent_to_two_processes_at_once_is_one_request(two_processes: TwoProcesses) -> None:
    """Why (R6.2, issue 14): two agents, or one agent's client retrying through
    the load balancer, may send the same request with the same key to two
    instances at the same moment. The customer must have one request. A
    caller whose twin is still being answered is told so (409
    `idempotency.inFlight`, retry shortly), and its retry is answered with
    the one request; a twin arriving after the first was answered gets that
    answer again."""
    shop, a, b = two_processes.shop, two_processes.a, two_processes.b
    number, phone = delivered_order(shop, a.base_url)
    on_a, on_b = shop.operator(a.base_url), shop.operator(b.base_url)
    races = []
    for i in range(CLAIM_RACES):
        key = f"race-{i}-{uuid.uuid4()}"
        body = claim_body(number, "leak" if i % 2 else "noise", phone)
        send = {
            "A": partial(on_a.post, "/claims", json=body, headers={"Idempotency-Key": key}),
            "B": partial(on_b.post, "/claims", json=body, headers={"Idempotency-Key": key}),
        }
        replies = race([("A", send["A"]), ("B", send["B"])])
        # A caller told "in flight" retries shortly, as a client would.
        retried = [(r.by, retry_while_in_flight(send[r.by])) for r in replies if r.status == 409]
        races.append((replies, retried))
    two_processes.assert_running()

    # Nothing was recorded twice and nothing was lost: one request per key.
    recorded = [c["id"] for c in order_claims(on_a, number)]
    assert len(recorded) == len(set(recorded)) == CLAIM_RACES, f"{len(recorded)} requests for {CLAIM_RACES} keys"
    for replies, retried in races:
        summary = [(r.by, r.status, r.body) for r in replies]
        assert sorted(r.status for r in replies) in ([201, 201], [201, 409]), summary
        for r in replies:
            if r.status == 409:
                assert r.body.get("code") == "idempotency.inFlight", summary
        ids = {r.body["id"] for r in replies if r.status == 201}
        ids |= {answer.json()["id"] for _, answer in retried if answer.status_code == 201}
        assert all(answer.status_code == 201 for _, answer in retried), [(by, a.status_code) for by, a in retried]
        assert len(ids) == 1 and ids <= set(recorded), f"the same key answered with different requests: {summary}"


def test_r6_claims_on_two_processes_once_each_refused_clearly_handled_to_the_end(
    two_processes: TwoProcesses,
) -> None:
    """Why (R6.2–R6.5): a request entered again (a retry reaching the other
    instance) is still one request; a request for an order that does not
    exist, is not the store's or not the caller's customer's is refused on
    its field before anything is recorded; an ineligible one is declined
    with the reason the customer is given; an eligible one is owned,
    worked and closed with the customer's word, and shows in the
    statistics."""
    shop, a, b = two_processes.shop, two_processes.a, two_processes.b
    number, phone = delivered_order(shop, a.base_url)

    # Taken on A; the customer calls again and the agent's retry, with the same key, reaches B.
    key = f"call-{uuid.uuid4()}"
    leak = claim_body(number, "leak", phone)
    on_a, on_b = shop.operator(a.base_url), shop.operator(b.base_url)
    first = on_a.post("/claims", json=leak, headers={"Idempotency-Key": key})
    assert first.status_code == 201, said(first)
    claim = first.json()
    assert claim["status"] == "accepted" and claim["eligible"] is True, claim
    assert claim["ownerId"] and claim["respondBy"] and claim["resolveBy"], claim
    assert claim["costBearer"] == "company" and claim["warrantyEndsAt"], claim
    assert claim["orderNumber"] == number and claim["problem"] == "leak" and claim["channel"] == "phone", claim
    retry = on_b.post("/claims", json=leak, headers={"Idempotency-Key": key})
    assert retry.status_code == 201 and retry.json()["id"] == claim["id"], said(retry)
    assert [c["id"] for c in order_claims(on_a, number)] == [claim["id"]]

    # Refused on the field that is wrong, with nothing recorded.
    assert_refused(
        on_a.post("/claims", json=claim_body("SH01-19990101-9999", "leak", None)), 422, "orderNumber:claim.unknownOrder"
    )
    other_store = Api(a.base_url, token=two_processes.tokens["bj-aftersales"])
    assert_refused(
        other_store.post("/claims", json=claim_body(number, "leak", phone)), 422, "orderNumber:claim.unknownOrder"
    )
    assert_refused(
        on_b.post("/claims", json=claim_body(number, "leak", unique_mobile())),
        422,
        "contactPhone:claim.notCustomersOrder",
    )
    assert_refused(
        on_b.post("/claims", json=claim_body(number, "leak", phone, itemCode="SOFA-CLEAN")),
        422,
        "itemCode:claim.itemNotOnOrder",
    )
    assert [c["id"] for c in order_claims(on_b, number)] == [claim["id"]], "a refused request was recorded"

    # A problem the warranty does not cover: declined, with the reason given.
    stain = on_b.post("/claims", json=claim_body(number, "stain", phone, description="外壳有污渍"))
    assert stain.status_code == 201, said(stain)
    declined = stain.json()
    assert declined["status"] == "declined" and declined["eligible"] is False, declined
    assert declined["refusalReason"] == "outOfScope", declined
    assert declined["explanation"]["zhHans"].strip() and declined["explanation"]["en"].strip(), declined
    assert not declined.get("ownerId"), declined
    assert [c["id"] for c in order_claims(on_a, number)] == [claim["id"], declined["id"]]

    # Handling the accepted one to the end, alternating instances.
    path = f"/claims/{claim['id']}"
    current = on_a.get(path)
    assert current.status_code == 200, said(current)
    etag = current.headers["ETag"]
    analysed = on_b.request(
        "PUT",
        path,
        json={"causeAnalysis": "排水管接口松动", "solution": "上门紧固并更换密封圈"},
        headers={"If-Match": etag},
    )
    assert analysed.status_code == 200, said(analysed)
    stale = on_a.post(f"{path}/progress", json={"message": "旧版本"}, headers={"If-Match": etag})
    assert stale.status_code == 412, said(stale)
    told = on_a.post(
        f"{path}/progress",
        json={"message": "已安排师傅上门检修", "sendToCustomer": True},
        headers={"If-Match": analysed.headers["ETag"]},
    )
    assert told.status_code == 200, said(told)
    progress = [(p["message"], p["sentToCustomer"]) for p in told.json()["progress"]]
    assert progress == [("已安排师傅上门检修", True)], progress

    # The repair visit the day after tomorrow (SH01 is open all day and that day is no holiday).
    start_at, end_at = local_window(today() + dt.timedelta(days=2), "10:00", "12:00")
    repair = on_b.post(
        f"{path}/repair",
        json={"appointmentStart": start_at, "appointmentEnd": end_at},
        headers={"If-Match": told.headers["ETag"]},
    )
    assert repair.status_code == 201, said(repair)
    repair_number = repair.json()["repairOrderNumber"]
    assert repair_number and repair_number != number, repair.json()
    again = on_a.post(f"{path}/repair", json={"appointmentStart": start_at, "appointmentEnd": end_at})
    assert_refused(again, 409, code="claim.repairExists")
    repair_order = on_a.get(f"/orders/{repair_number}")
    assert repair_order.status_code == 200, said(repair_order)
    assert repair_order.json()["total"] == 0, repair_order.json()
    assert repair_order.json()["status"] == "pendingReview", repair_order.json()["status"]
    assert [line["itemCode"] for line in repair_order.json()["lines"]] == ["AC-CLEAN"], repair_order.json()["lines"]

    closed = on_a.post(
        f"{path}/close",
        json={"satisfaction": 5, "solution": "紧固排水管并更换密封圈，试机无滴水"},
        headers={"If-Match": repair.headers["ETag"]},
    )
    assert closed.status_code == 200, said(closed)
    assert closed.json()["status"] == "closed" and closed.json()["satisfaction"] == 5 and closed.json()["closedAt"], (
        closed.json()
    )
    assert_refused(on_b.post(f"{path}/progress", json={"message": "再次跟进"}), 409, code="claim.notOpen")
    assert on_b.get("/claims").status_code == 200
    assert claim["id"] not in [c["id"] for c in on_b.get("/claims").json()["items"]], (
        "a closed request is listed as open"
    )
    assert claim["id"] in [c["id"] for c in on_b.get("/claims", params={"state": "all"}).json()["items"]]

    # The statistics count each request once, with its problem.
    manager = shop.manager(b.base_url)
    day = today().isoformat()
    report = manager.get("/reports/after-sales", params={"from": day, "to": day, "groupBy": "problem"})
    assert report.status_code == 200, said(report)
    rows = {row["key"]: row for row in report.json()["rows"]}
    assert report.json()["claims"] == 2, report.json()
    assert (rows["leak"]["claims"], rows["leak"]["eligible"]) == (1, 1), rows
    assert (rows["stain"]["claims"], rows["stain"]["eligible"]) == (1, 0), rows
    csv = manager.get("/reports/after-sales.csv", params={"from": day, "to": day, "groupBy": "problem"})
    assert csv.status_code == 200, said(csv)
    assert csv.headers.get("Content-Type", "").startswith("text/csv"), csv.headers
    lines = csv.text.splitlines()
    assert lines[0] == "problem,label,total,claims,complaints,eligible", lines[:3]
    assert any(line.startswith("leak,") for line in lines[1:]), lines
