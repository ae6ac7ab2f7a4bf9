"""The pieces the system tests are built from: the server process, a small
API client and valid order bodies. Fixtures that use them live in conftest.py.

Everything here bounds its waits: every HTTP call has a timeout, and so does
every wait for a process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import json
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import requests

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parents[2]

PLATFORM = "meituan"
PLATFORM_SECRET = "meituan-secret-0123456789"

# The first start also runs the migrations; a debug build on a busy 2-core
# machine can take a while before /ready answers (/health answers at once).
READY_TIMEOUT_S = 30.0
HTTP_TIMEOUT_S = 10.0

# --------------------------------------------------------------------------
# The binary and the processes
# --------------------------------------------------------------------------


def find_binary() -> Path:
    """ORDERFLOW_BIN, or .build/debug/orderflow; relative paths are taken from the repo root."""
    raw = os.environ.get("ORDERFLOW_BIN") or ".build/debug/orderflow"
    path = Path(raw)
    return path if path.is_absolute() else REPO_ROOT / path


def free_port() -> int:
    """A port nobody listens on right now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment() -> dict[str, str]:
    """The inherited environment without any ORDERFLOW_* setting.

    Why: a developer's shell may export ORDERFLOW_DATABASE_URL, which would
    silently point the "SQLite" tests at a PostgreSQL server.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERFLOW_")}
    env["ORDERFLOW_LOG_LEVEL"] = "warning"  # keep the server log short; errors still show
    return env


def load_reference_data(binary: Path, db_path: Path) -> None:
    """Loads the demo stores and catalog (and no orders) into a new SQLite file."""
    result = subprocess.run(
        [str(binary), "demo", "--orders", "0", "--sqlite-path", str(db_path)],
        env=base_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"`orderflow demo` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def create_token(binary: Path, db_path: Path) -> str:
    """An API token for the tests, made the way an operator makes one.

    Customer service for all stores (takes and reads orders everywhere) plus
    administrator (review policy, audit log).
    """
    result = subprocess.run(
        [
            str(binary), "token", "create", "--name", "system-test", "--quiet",
            "--role", "customerService@*", "--role", "administrator@*",
            "--sqlite-path", str(db_path),
        ],
        env=base_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0 or not result.stdout.strip().startswith("oft_"):
        raise AssertionError(
            f"`orderflow token create` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout.strip()


# One token per database file, kept across restarts as a real client keeps
# its token; and by base URL, what an `Api` sends unless told otherwise.
TOKENS_BY_DATABASE: dict[Path, str] = {}
TOKENS: dict[str, str] = {}
SERVER_TOKEN = "<the token of the server at base_url>"


class ServerProcess:
    """One `orderflow serve` on a SQLite file, on a port of its own."""

    def __init__(
        self, binary: Path, db_path: Path, log_path: Path,
        extra_env: dict[str, str] | None = None, extra_args: list[str] | None = None,
    ) -> None:
        self.binary = binary
        self.db_path = db_path
        self.log_path = log_path
        self.extra_env = extra_env or {}
        self.extra_args = extra_args or []
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        env = base_environment()
        if self.db_path not in TOKENS_BY_DATABASE:
            TOKENS_BY_DATABASE[self.db_path] = create_token(self.binary, self.db_path)
        TOKENS[self.base_url] = TOKENS_BY_DATABASE[self.db_path]
        env.update(
            ORDERFLOW_SQLITE_PATH=str(self.db_path),
            ORDERFLOW_PLATFORM_SECRETS=f"{PLATFORM}={PLATFORM_SECRET}",
        )
        env.update(self.extra_env)
        # Append: a restarted server's log follows the killed one's in the same file.
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(
                [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.extra_args],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own session: a Ctrl-C in the terminal reaches pytest, and
                # the teardown (not the terminal) decides how the server ends.
                start_new_session=True,
            )
        finally:
            log.close()
        self.wait_ready()
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                raise AssertionError(f"server exited before it was ready:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.base_url}/ready", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to flush or close anything."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM and wait for a graceful exit; returns the exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            self.kill()
            raise AssertionError(f"server did not stop within {timeout:.0f}s of SIGTERM") from error

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


# --------------------------------------------------------------------------
# The API
# --------------------------------------------------------------------------


def retried(what: str, action: Callable[[], T], attempts: int = 2, pause_s: float = 5.0) -> T:
    """`action()`, once more after a pause if it fails: the binary may be being relinked."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except (AssertionError, OSError, subprocess.SubprocessError) as error:
            if attempt == attempts:
                raise AssertionError(f"{what} failed {attempts} times; last: {error}") from error
            time.sleep(pause_s)
    raise AssertionError("unreachable")


def start(server: ServerProcess) -> ServerProcess:
    """Starts the server; once more (killing what the first try left) if it does not come up."""

    def attempt() -> ServerProcess:
        try:
            return server.start()
        except AssertionError:
            server.kill()
            raise

    return retried(f"starting the server on port {server.port}", attempt)


class Api:
    """A thin client: base URL, bearer token and a timeout on every call.

    One per thread: a requests.Session is not meant to be shared across threads.
    """

    def __init__(self, base_url: str, token: str | None = SERVER_TOKEN) -> None:
        if token == SERVER_TOKEN:
            token = TOKENS[base_url]
        self.root = base_url
        self.base = f"{base_url}/api/v1"
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        return self.session.get(self.base + path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        return self.session.post(self.base + path, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        return self.session.request(method, self.base + path, **kwargs)

    def post_platform_order(
        self, body: dict[str, Any], platform: str = PLATFORM, secret: str = PLATFORM_SECRET
    ) -> requests.Response:
        """Signs the exact bytes that are sent: the HMAC covers the raw body."""
        raw = json.dumps(body, ensure_ascii=False).encode()
        signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        return self.session.post(
            f"{self.base}/platforms/{platform}/orders",
            data=raw,
            headers={
                "Content-Type": "application/json",
                "X-OrderFlow-Signature": signature,
                # Platform intake is authenticated by the signature alone: send no token.
                "Authorization": None,
            },
            timeout=HTTP_TIMEOUT_S,
        )


_mobiles = itertools.count(1)


def unique_mobile() -> str:
    """A valid mainland mobile (11 digits, 139…) not handed out before in this process."""
    return f"139{next(_mobiles):08d}"


class OrderFactory:
    """Valid order bodies for a store, built from what the server itself says.

    Why read /stores and /catalog instead of hard-coding: the appointment must
    fall inside the store's opening hours in its own time zone, not on a
    holiday, in the future and at most 180 days ahead; and the expected totals
    come from the catalog prices the server will apply.
    """

    def __init__(self, api: Api, store_code: str = "SH01") -> None:
        stores = api.get("/stores")
        stores.raise_for_status()
        self.store = next(s for s in stores.json()["items"] if s["code"] == store_code)
        catalog = api.get("/catalog")
        catalog.raise_for_status()
        self.items = [i for i in catalog.json()["items"] if i["active"]]
        assert self.items, "the demo catalog has no active item"
        self.prices = {i["code"]: i["unitPrice"] for i in self.items}
        self.slots = self._slots(first_day=3, count=7)
        assert self.slots, f"store {store_code} has no open day in the next weeks"

    def _slots(self, first_day: int, count: int) -> list[tuple[str, str]]:
        """Two-hour windows, one hour after opening, on the store's next open days."""
        zone = ZoneInfo(self.store["timeZone"])
        hours = {h["weekday"]: h for h in self.store["openingHours"]}  # 1 = Sunday … 7 = Saturday
        holidays = set(self.store["holidays"])
        today = dt.datetime.now(zone).date()
        slots: list[tuple[str, str]] = []
        for offset in range(first_day, first_day + 60):
            day = today + dt.timedelta(days=offset)
            weekday = day.isoweekday() % 7 + 1  # Python: Monday = 1 … Sunday = 7
            if day.isoformat() in holidays or weekday not in hours:
                continue
            opens = dt.time.fromisoformat(hours[weekday]["opens"])
            start = dt.datetime.combine(day, opens, zone) + dt.timedelta(hours=1)
            end = start + dt.timedelta(hours=2)
            # "24:00" closes at the end of the day (a store open around the clock).
            closing = hours[weekday]["closes"]
            if closing == "24:00":
                closes_at = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
            else:
                closes_at = dt.datetime.combine(day, dt.time.fromisoformat(closing), zone)
            if end > closes_at:
                continue
            slots.append((iso_utc(start), iso_utc(end)))
            if len(slots) == count:
                break
        return slots

    def lines(self, rng: random.Random) -> list[dict[str, Any]]:
        """One to three distinct items with small quantities, so orders differ."""
        chosen = rng.sample(self.items, k=rng.randint(1, 3))
        return [{"itemCode": i["code"], "quantity": rng.randint(1, 3)} for i in chosen]

    def expected_total(self, lines: list[dict[str, Any]]) -> int:
        return sum(self.prices[line["itemCode"]] * line["quantity"] for line in lines)

    def body(self, phone: str, rng: random.Random, *, channel: str = "phone") -> dict[str, Any]:
        start, end = rng.choice(self.slots)
        return {
            "storeCode": self.store["code"],
            "channel": channel,
            "customer": {
                "name": "张三",
                "phone": phone,
                # Always a full address: on-site items require one.
                "address": {
                    "province": "上海市",
                    "city": "上海市",
                    "district": "徐汇区",
                    "detail": "漕溪北路 88 号",
                },
            },
            "lines": self.lines(rng),
            "paymentMethod": "cash",
            "appointmentStart": start,
            "appointmentEnd": end,
        }

    def platform_body(self, phone: str, rng: random.Random, external_reference: str) -> dict[str, Any]:
        body = self.body(phone, rng)
        del body["channel"], body["paymentMethod"]
        body["externalReference"] = external_reference
        return body


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------
# Dispatch: working days, appointments and tokens with other roles
# --------------------------------------------------------------------------


def next_working_day(zone: str = "Asia/Shanghai", weekdays: tuple[int, ...] = (1, 2, 3, 4)) -> dt.date:
    """The first day after today (in `zone`) whose ISO weekday (Monday = 1) is in `weekdays`."""
    day = dt.datetime.now(ZoneInfo(zone)).date() + dt.timedelta(days=1)
    while day.isoweekday() not in weekdays:
        day += dt.timedelta(days=1)
    return day


def local_window(day: dt.date, start: str, end: str, zone: str = "Asia/Shanghai") -> tuple[str, str]:
    """An appointment window given as local "HH:MM" times on `day`, in the API's UTC form."""
    tz = ZoneInfo(zone)
    return (
        iso_utc(dt.datetime.combine(day, dt.time.fromisoformat(start), tz)),
        iso_utc(dt.datetime.combine(day, dt.time.fromisoformat(end), tz)),
    )


def service_order_body(
    item_code: str, day: dt.date, start: str, end: str, phone: str, *, name: str = "张三", store_code: str = "SH01"
) -> dict[str, Any]:
    """A phone order of one on-site item for a regular customer: the store confirms it at once."""
    appointment_start, appointment_end = local_window(day, start, end)
    return {
        "storeCode": store_code,
        "channel": "phone",
        "customer": {
            "name": name,
            "phone": phone,
            "address": {"province": "上海市", "city": "上海市", "district": "徐汇区", "detail": "漕溪北路 88 号 6 楼"},
        },
        "lines": [{"itemCode": item_code, "quantity": 1}],
        "paymentMethod": "cash",
        "appointmentStart": appointment_start,
        "appointmentEnd": appointment_end,
    }


def appointment_soon(
    *,
    lead_minutes: int = 15,
    length_minutes: int = 60,
    fits_minutes: int = 0,
    after_midnight_minutes: int = 15,
    zone: str = "Asia/Shanghai",
    now: dt.datetime | None = None,
) -> tuple[dt.date, str, str]:
    """A window starting soon, as (local day, "HH:MM", "HH:MM"): for what must happen today, at the real time.

    It starts `lead_minutes` from now, rounded up to the next 5 minutes, and
    lasts `length_minutes`. A shift ends at 24:00 and a job cannot run past
    it, so when the window, or a job of `fits_minutes` starting with it,
    would reach midnight, the window starts `after_midnight_minutes` into
    the next day instead.
    """
    tz = ZoneInfo(zone)
    now = (now or dt.datetime.now(tz)).astimezone(tz)
    exact = now + dt.timedelta(minutes=lead_minutes)
    start = exact.replace(second=0, microsecond=0)
    if start != exact or start.minute % 5:
        start += dt.timedelta(minutes=5 - start.minute % 5)
    midnight = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time(), tz)
    if (
        start + dt.timedelta(minutes=length_minutes) >= midnight
        or start + dt.timedelta(minutes=max(length_minutes, fits_minutes)) > midnight
    ):
        start = midnight + dt.timedelta(minutes=after_midnight_minutes)
    end = start + dt.timedelta(minutes=length_minutes)
    return start.date(), start.strftime("%H:%M"), end.strftime("%H:%M")


ALL_DAY = {"opens": "00:00", "closes": "24:00"}


def open_store_all_day(api: Api, store_code: str) -> dict[str, Any]:
    """Opens the store 00:00–24:00 every weekday, keeping its holidays and phone; the store as now set.

    Needs a token that may manage the store (storeManager@<store> or administrator).
    """
    store = api.get(f"/stores/{store_code}")
    assert store.status_code == 200, store.text[:300]
    body = {
        "openingHours": [{"weekday": weekday, **ALL_DAY} for weekday in range(1, 8)],
        "holidays": store.json()["holidays"],
        "phone": store.json()["phone"],
    }
    saved = api.request("PUT", f"/stores/{store_code}/hours", json=body)
    assert saved.status_code == 200, f"PUT /stores/{store_code}/hours: {saved.status_code} {saved.text[:500]}"
    return saved.json()


def shift_all_day(api: Api, username: str, free_on: list[dt.date]) -> dict[str, Any]:
    """Gives a technician a 00:00–24:00 shift every weekday; the profile as saved.

    Skills, certificates, teams and exceptions stay, except exceptions on the
    days in `free_on`: leave there would take the technician off the day,
    and overtime would replace the all-day shift with its own hours.
    """
    current = api.get(f"/staff/{username}/technician-profile")
    assert current.status_code == 200, current.text[:300]
    profile = current.json()
    etag = current.headers.get("ETag") or f'"v{profile["version"]}"'
    dates = {day.isoformat() for day in free_on}
    body = {
        "skills": profile["skills"],
        # "valid" is worked out by the server; the rest is what was read.
        "qualifications": [{k: v for k, v in q.items() if k != "valid"} for q in profile["qualifications"]],
        "teams": profile["teams"],
        "weeklyShifts": [{"weekday": weekday, **ALL_DAY} for weekday in range(1, 8)],
        "exceptions": [e for e in profile["exceptions"] if e["date"] not in dates],
    }
    saved = api.request("PUT", f"/staff/{username}/technician-profile", json=body, headers={"If-Match": etag})
    assert saved.status_code == 200, f"PUT {username}'s profile: {saved.status_code} {saved.text[:500]}"
    return saved.json()


def make_token(binary: Path, database_args: list[str], *roles: str, name: str = "system-test-role") -> str:
    """A token with the given grants (e.g. dispatcher@SH01), made with the CLI.

    `database_args` say where: ["--sqlite-path", FILE] or ["--database-url", URL].
    """
    args = [str(binary), "token", "create", "--name", name, "--quiet"]
    for role in roles:
        args += ["--role", role]
    result = subprocess.run(
        args + database_args, check=False, env=base_environment(), capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0 or not result.stdout.strip().startswith("oft_"):
        raise AssertionError(
            f"`orderflow token create` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout.strip()


# --------------------------------------------------------------------------
# PostgreSQL: a throwaway cluster, and servers on it
# --------------------------------------------------------------------------


def postgres_binaries() -> Path | None:
    """The folder holding initdb, postgres, createdb and pg_isready (Debian: /usr/lib/postgresql/N/bin), or None."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in [*versions, Path("/usr/local/bin"), Path("/usr/bin")]:
        if all(os.access(folder / name, os.X_OK) for name in ("initdb", "postgres", "createdb", "pg_isready")):
            return folder
    return None


class PostgresCluster:
    """A throwaway PostgreSQL cluster, made as the Swift tests make theirs.

    `initdb` into a temp folder, `postgres` in the foreground on a free
    loopback port with its socket in that folder, stopped with SIGINT (fast
    shutdown) and removed. PostgreSQL refuses to run as root, so as root
    every command runs as the `postgres` user through `setpriv`, which execs
    (no supervising parent), so that the signal reaches the postmaster.
    """

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None  # KeyError: nobody to run as
        # Not under pytest's tmp_path: its folders are root-only, and the
        # postgres user must reach its data folder.
        self.directory = Path(tempfile.mkdtemp(prefix="orderflow-pg-"))
        self.log_path = self.directory / "postgres.log"
        self.as_postgres: list[str] = []
        if owner is not None:
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
            self.as_postgres = ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]

    def _run(self, *args: str) -> None:
        with open(self.log_path, "ab") as log:
            result = subprocess.run(
                [*self.as_postgres, *args], check=False, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                timeout=120, env=base_environment(), cwd=self.directory,
            )
        if result.returncode != 0:
            raise AssertionError(f"{args[0]} exited {result.returncode}:\n{self.log_tail()}")

    def start(self) -> PostgresCluster:
        data = self.directory / "data"
        self._run(
            str(self.binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-locale",
            "-E", "UTF8", "--no-sync",
        )
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    *self.as_postgres, str(self.binaries / "postgres"), "-D", str(data), "-p", str(self.port),
                    "-k", str(self.directory), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                    "-c", "max_connections=200", "-c", "shared_buffers=64MB",
                ],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=base_environment(),
                cwd=self.directory, start_new_session=True,
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"postgres stopped at start:\n{self.log_tail()}")
            ready = subprocess.run(
                [str(self.binaries / "pg_isready"), "-q", "-h", str(self.directory), "-p", str(self.port)],
                check=False, stdin=subprocess.DEVNULL, timeout=10, env=base_environment(),
            )
            if ready.returncode == 0:
                return self
            time.sleep(0.2)
        raise AssertionError(f"postgres not ready after {READY_TIMEOUT_S:.0f}s:\n{self.log_tail()}")

    def create_database(self, name: str) -> str:
        """A new empty database; its URL (trust authentication on loopback)."""
        self._run(str(self.binaries / "createdb"), "-h", str(self.directory), "-p", str(self.port), "-U", "postgres", name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """SIGINT (fast shutdown), SIGKILL if that takes too long; then the folder goes."""
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)
                try:
                    self.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def load_reference_data_on(binary: Path, database_url: str) -> None:
    """Loads the demo stores, catalog and staff (and no orders) into an empty PostgreSQL database."""
    result = subprocess.run(
        [str(binary), "demo", "--orders", "0", "--database-url", database_url],
        check=False, env=base_environment(), capture_output=True, text=True, timeout=120,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"`orderflow demo` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


class PostgresServerProcess(ServerProcess):
    """One `orderflow serve` on a PostgreSQL database; several may serve the same one."""

    def __init__(
        self, binary: Path, database_url: str, token: str, log_path: Path, extra_env: dict[str, str] | None = None
    ) -> None:
        super().__init__(binary, Path(database_url), log_path, extra_env=extra_env)
        self.database_url = database_url
        self.token = token

    def start(self) -> PostgresServerProcess:
        TOKENS[self.base_url] = self.token
        env = base_environment()
        env.update(
            ORDERFLOW_DATABASE_URL=self.database_url,
            ORDERFLOW_PLATFORM_SECRETS=f"{PLATFORM}={PLATFORM_SECRET}",
        )
        env.update(self.extra_env)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.extra_args],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.wait_ready()
        return self


class HiddenInputs(HTMLParser):
    """The hidden inputs of a page, name → value: what a browser would post back."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.values[attributes["name"] or ""] = attributes.get("value") or ""


def hidden_inputs(html: str) -> dict[str, str]:
    parser = HiddenInputs()
    parser.feed(html)
    return parser.values
