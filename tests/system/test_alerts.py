"""Stage alerts from the deadline monitor, against real server processes (R4.4, R4.5).

Every `orderflow serve` runs a deadline monitor that looks, once a second,
at the orders whose stage clock changed or falls due, and raises each
early warning, overdue alert and escalation exactly once. The Swift tests
check the rule and the store on a test clock; what only real processes
show is checked here:

* two instances on one PostgreSQL database, one of them killed (SIGKILL)
  just after a run of new orders and started again 20 s later: every
  order still gets exactly one early warning and one overdue alert, each
  raised within seconds of falling due (the other instance kept watching),
  and nobody else is told (a receptionist is refused the alerts);
* in a real browser, a dispatcher looking at the order list sees a new
  alert arrive without a reload: the navigation badge counts it and a
  toast names the order; on the alerts page the dispatcher takes it on,
  and it leaves the list.

So that alerts fall due within a test's time, an administrator first sets
the dispatch limit to 1 business minute with a 10 % early warning (the
warning is due 6 s after confirmation, the overdue alert 60 s after), and
SH01 is opened 00:00–24:00 every day, so that every minute is a business
minute at whatever hour the tests run. The orders' appointments are
tomorrow: for a visit more than a business day ahead the dispatch clock
would only start on the business day before it. Escalation comes 600
business minutes after the deadline, well after the tests.

Every wait is bounded: each HTTP call, each process, each poll of the
alerts and each wait in the browser. With ORDERFLOW_SCREENSHOTS=<dir> the
browser test saves alerts.png there.

Another build may relink the binary while these tests run: starting a
server or making a token is retried once after a pause.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from harness import (
    PLATFORM,
    PLATFORM_SECRET,
    TOKENS,
    Api,
    PostgresCluster,
    PostgresServerProcess,
    ServerProcess,
    base_environment,
    load_reference_data,
    load_reference_data_on,
    make_token,
    open_store_all_day,
    retried,
    service_order_body,
    start,
    unique_mobile,
)
from test_dispatch_api import postgres  # noqa: F401  (the module's PostgreSQL cluster; skips without one)

# The browser parts come from the console tests, as in test_dispatch_browser.py;
# without selenium only the browser test is skipped, not the PostgreSQL one.
try:
    # First the console tests: without selenium they skip at import.
    from test_console_browser import Screen, chrome_parts, screens  # noqa: F401, I001  (fixtures are used by name)
    from selenium.common.exceptions import WebDriverException

    BROWSER_MISSING = ""
except pytest.skip.Exception as missing:
    BROWSER_MISSING = str(missing) or "the selenium package is missing"

    @pytest.fixture
    def screens() -> None:
        pytest.skip(BROWSER_MISSING)


# The policy under test: dispatch within 1 business minute, early warning at
# 10 % of it (6 s); the other stages keep ordinary limits.
POLICY = {
    "defaults": {
        "review": 60, "dispatch": 1, "customerContact": 120, "arrival": 60, "service": 240,
        "deliveryReport": 60, "acceptance": 1620, "settlement": 2700,
    },
    "byItem": {},
    "urgentShare": 0.5,
    "earlyWarningShare": 0.1,
    "escalateAfterMinutes": 600,
}
WARNING_AFTER_S = 6
OVERDUE_AFTER_S = 60
ZONE = ZoneInfo("Asia/Shanghai")

ORDERS = 12
# The orders come 0.7 s apart, so that their alerts fall due one by
# one over some seconds, not all in one scan: both monitors then get a share
# (a scan takes every due order it can lock), and the first warnings may
# fall due, and be in the middle of being raised, as A is killed.
CREATE_EVERY_S = 0.7
# How long instance A stays dead: the early warnings not yet raised at the
# kill (each due 6 s after its order) fall due while only B is watching.
DOWN_S = 20
# All 2 × ORDERS alerts must be there within this after the kill: the last
# overdue alert is due about a minute after its order.
ALL_RAISED_S = 120
# The monitor looks once a second; an alert raised later than this after it
# fell due means nobody was watching.
MAX_LATENCY_S = 5
# After the last alert shows, both monitors get this long to raise a second copy.
SETTLE_S = 4
POLL_S = 1.0

# The browser: the stream polls every 2 s and the warning is due 6 s after
# the order; a toast stays 15 s.
ALERT_ON_SCREEN_S = 30
WIDE = (1400, 900)
ACKNOWLEDGED_NOTICE = "已接手该提醒。已接手的超时提醒不会再升级给门店经理。"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def set_policy(admin: Api) -> None:
    saved = admin.request("PUT", "/time-limits", json=POLICY)
    assert saved.status_code == 200, f"PUT /time-limits: {saved.status_code} {saved.text[:500]}"
    assert saved.json()["defaults"]["dispatch"] == 1, saved.json()
    assert saved.json()["earlyWarningShare"] == POLICY["earlyWarningShare"], saved.json()


def open_sh01_around_the_clock(api: Api) -> None:
    """SH01 open 00:00–24:00 every day, and today and tomorrow no holiday: every minute counts."""
    store = open_store_all_day(api, "SH01")
    assert all(h["opens"] == "00:00" and h["closes"] == "24:00" for h in store["openingHours"]), store
    today = dt.datetime.now(ZONE).date()
    days = {today.isoformat(), (today + dt.timedelta(days=1)).isoformat(), (today + dt.timedelta(days=2)).isoformat()}
    if days & set(store["holidays"]):
        body = {
            "openingHours": store["openingHours"],
            "holidays": [h for h in store["holidays"] if h not in days],
            "phone": store["phone"],
        }
        saved = api.request("PUT", "/stores/SH01/hours", json=body)
        assert saved.status_code == 200, saved.text[:500]


def tomorrow() -> dt.date:
    return dt.datetime.now(ZONE).date() + dt.timedelta(days=1)


def create_confirmed_order(api: Api, name: str = "张三") -> tuple[str, dt.datetime]:
    """An AC-CLEAN phone order for tomorrow 10:00–12:00, confirmed at once; its number and when it was answered."""
    body = service_order_body("AC-CLEAN", tomorrow(), "10:00", "12:00", unique_mobile(), name=name)
    created = api.post("/orders", json=body)
    assert created.status_code == 201, created.text[:500]
    assert created.json()["status"] == "confirmed", f"{created.json()['number']}: {created.json()['status']}"
    return created.json()["number"], dt.datetime.now(dt.UTC)


def alerts(api: Api, state: str = "all") -> list[dict[str, Any]]:
    found = api.get("/alerts", params={"state": state, "days": 1})
    assert found.status_code == 200, f"GET /alerts: {found.status_code} {found.text[:300]}"
    return found.json()["items"]


def latency(alert: dict[str, Any]) -> float:
    return (instant(alert["raisedAt"]) - instant(alert["dueAt"])).total_seconds()


# --------------------------------------------------------------------------
# PostgreSQL: two instances, one killed
# --------------------------------------------------------------------------


class TalkativeServer(PostgresServerProcess):
    """A PostgreSQL server that logs at `info`: every raised alert is a line
    ("Stage alert raised", with its latency), and so are the monitor's start
    and stop, so the log shows which instance raised what and when."""

    def start(self) -> TalkativeServer:
        TOKENS[self.base_url] = self.token
        env = base_environment()
        env.update(
            ORDERFLOW_DATABASE_URL=self.database_url,
            ORDERFLOW_PLATFORM_SECRETS=f"{PLATFORM}={PLATFORM_SECRET}",
            ORDERFLOW_LOG_LEVEL="info",
        )
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.wait_ready()
        return self

    def log_lines(self, containing: str) -> list[str]:
        try:
            return [line for line in self.log_path.read_text(errors="replace").splitlines() if containing in line]
        except OSError:
            return []

    def raised_lines(self) -> list[str]:
        return self.log_lines("Stage alert raised")


def assert_running(**servers: ServerProcess) -> None:
    """Every server is still up: one that died on its own would only show as refused connections."""
    for name, server in servers.items():
        code = server.process.poll() if server.process else None
        assert server.alive, f"server {name.upper()} exited by itself (code {code}):\n{server.log_tail()}"


def test_each_alert_once_across_a_killed_instance(
    orderflow_bin: Path, postgres: PostgresCluster, tmp_path: Path  # noqa: F811
) -> None:
    """Why (R4.5): production runs several instances on one PostgreSQL
    database, and any of them may die mid-scan. A dispatcher must get each
    order's early warning and overdue alert once — not twice because two
    monitors checked the same order, not never because the one that had it
    died — and on time, because the surviving instance keeps watching."""
    url = postgres.create_database(f"alerts_{uuid.uuid4().hex[:12]}")
    retried("loading the reference data", lambda: load_reference_data_on(orderflow_bin, url))
    where = ["--database-url", url]
    operator = retried(
        "making the operator's token",
        lambda: make_token(orderflow_bin, where, "customerService@*", "administrator@*", name="system-test"),
    )

    def token(role: str) -> str:
        name = role.split("@")[0]
        return retried(f"making a {role} token", lambda: make_token(orderflow_bin, where, role, name=name))

    manager_token = token("storeManager@SH01")
    dispatcher_token = token("dispatcher@SH01")
    receptionist_token = token("receptionist@SH01")

    a = TalkativeServer(orderflow_bin, url, operator, tmp_path / "server-a.log")
    b = TalkativeServer(orderflow_bin, url, operator, tmp_path / "server-b.log")
    try:
        start(a)
        start(b)
        operator_a = Api(a.base_url)
        set_policy(operator_a)
        open_sh01_around_the_clock(operator_a)

        # Orders through A, 0.7 s apart; A is killed right after the
        # last, while the monitors are busy with them (each new order is due
        # for a first look at once, and the first warnings are falling due).
        created: dict[str, dt.datetime] = {}
        for i in range(ORDERS):
            if i:
                time.sleep(CREATE_EVERY_S)
            number, at = create_confirmed_order(operator_a, name=f"客户{i:02d}")
            created[number] = at
        a.kill()
        killed_at = time.monotonic()
        numbers = set(created)
        assert len(numbers) == ORDERS, created

        # Only B watches while A is down; then A comes back on the same database.
        time.sleep(max(0.0, DOWN_S - (time.monotonic() - killed_at)))
        assert_running(b=b)
        start(a)

        manager = Api(b.base_url, token=manager_token)
        wanted = {(n, kind) for n in numbers for kind in ("warning", "overdue")}
        seen: list[dict[str, Any]] = []
        while time.monotonic() - killed_at < ALL_RAISED_S:
            assert_running(a=a, b=b)
            seen = [x for x in alerts(manager) if x["orderNumber"] in numbers]
            if wanted <= {(x["orderNumber"], x["kind"]) for x in seen}:
                break
            time.sleep(POLL_S)
        missing = sorted(wanted - {(x["orderNumber"], x["kind"]) for x in seen})
        assert not missing, (
            f"{len(missing)} alerts still missing {ALL_RAISED_S}s after the kill: {missing}\n"
            f"A's log:\n{a.log_tail()}\nB's log:\n{b.log_tail()}"
        )

        # Both monitors get a few more scans to raise a second copy; then count.
        time.sleep(SETTLE_S)
        mine = [x for x in alerts(manager) if x["orderNumber"] in numbers]
        pairs = Counter((x["orderNumber"], x["kind"]) for x in mine)
        twice = {pair: count for pair, count in pairs.items() if count > 1}
        copies = [x for x in mine if (x["orderNumber"], x["kind"]) in twice]
        assert not twice, f"alerts raised more than once: {twice}\n{copies}"
        assert set(pairs) == wanted, f"unexpected alerts: {sorted(set(pairs) - wanted)}"
        assert {x["stage"] for x in mine} == {"dispatch"}, {x["stage"] for x in mine}
        assert {x["storeCode"] for x in mine} == {"SH01"}, {x["storeCode"] for x in mine}
        raised = [instant(x["raisedAt"]) for x in mine]
        assert raised == sorted(raised, reverse=True), "the alerts are not listed newest first"

        # On time: every alert raised within seconds of falling due, A dead or not.
        late = {(x["orderNumber"], x["kind"]): round(latency(x), 3) for x in mine if latency(x) >= MAX_LATENCY_S}
        assert not late, f"alerts raised {MAX_LATENCY_S}s or more after they fell due (seconds late): {late}"
        # And due when the policy says: 6 s and 60 s of the stage, each order's own.
        for x in mine:
            after = (instant(x["dueAt"]) - instant(x["stageSince"])).total_seconds()
            expected = WARNING_AFTER_S if x["kind"] == "warning" else OVERDUE_AFTER_S
            assert abs(after - expected) <= 1, f"{x['orderNumber']} {x['kind']} due {after:.1f}s into the stage: {x}"
            assert instant(x["deadline"]) == instant(x["stageSince"]) + dt.timedelta(seconds=OVERDUE_AFTER_S), x
            # The stage began with the confirmation, as the order was answered.
            began = (created[x["orderNumber"]] - instant(x["stageSince"])).total_seconds()
            assert 0 <= began < 5, f"{x['orderNumber']}'s dispatch stage began {began:.1f}s before its 201: {x}"

        # The dispatchers of SH01 see the same alerts, on either instance.
        for server in (a, b):
            dispatcher = Api(server.base_url, token=dispatcher_token)
            theirs = sorted(x["id"] for x in alerts(dispatcher) if x["orderNumber"] in numbers)
            assert theirs == sorted(x["id"] for x in mine), f"SH01's dispatcher on {server.base_url} sees {theirs}"

        # A receptionist does not handle alerts.
        refused = Api(b.base_url, token=receptionist_token).get("/alerts", params={"state": "all", "days": 1})
        assert refused.status_code == 403, f"a receptionist got {refused.status_code}: {refused.text[:300]}"

        # A's jobs ran again after the restart, and neither instance failed a scan.
        assert len(a.log_lines("Background jobs started")) == 2, f"A's log:\n{a.log_tail()}"
        for name, server in (("A", a), ("B", b)):
            failed = [line for line in server.log_lines("Background job failed") if "stage-deadlines" in line]
            assert not failed, f"{name}'s monitor failed scans:\n" + "\n".join(failed[:10])
        # Who did the work (for the reader of -s output; either may, by SKIP LOCKED).
        print(f"alerts raised by A: {len(a.raised_lines())}, by B: {len(b.raised_lines())}; "
              f"latest {max(latency(x) for x in mine):.2f}s after due")
    finally:
        for server in (a, b):
            try:
                server.kill()
            except Exception:  # teardown must reach every server
                pass


# --------------------------------------------------------------------------
# The browser: a dispatcher sees the alert arrive
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def console_server(orderflow_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """This module's own server for the browser (the `screens` fixture opens its pages):
    the demo's stores, catalog and staff, and no orders, so the dispatcher's
    alerts are only the test's own."""
    if BROWSER_MISSING:
        pytest.skip(BROWSER_MISSING)
    root = tmp_path_factory.mktemp("alerts-browser")
    db_path = root / "db.sqlite"
    retried("loading the reference data", lambda: load_reference_data(orderflow_bin, db_path))
    server = ServerProcess(orderflow_bin, db_path, root / "server.log")
    try:
        yield start(server)
    finally:
        server.kill()


def badge_count(screen: Screen) -> int:
    """The number on the navigation's alert badge; 0 while it is hidden or empty."""
    badges = screen.all("#alert-count")
    if not badges or not badges[0].is_displayed():
        return 0
    text = badges[0].text.strip()
    return int(text) if text.isdigit() else 0


def toast_names(screen: Screen, number: str) -> bool:
    return any(number in toast.text for toast in screen.all("#alert-toasts .toast"))


def alert_rows_of(screen: Screen, number: str) -> list[str]:
    """The ids of the alerts page's rows whose order link reads `number`."""
    return screen.driver.execute_script(
        "return [...document.querySelectorAll('#alert-list tr[data-alert]')]"
        ".filter(row => [...row.querySelectorAll('a')].some(a => a.textContent.trim() === arguments[0]))"
        ".map(row => row.dataset.alert);",
        number,
    )


def acknowledge_on_page(screen: Screen, alert_id: str) -> None:
    """Clicks the row's acknowledge button and waits for the next page.

    The stream redraws the rows when it connects, so the button found may be
    replaced before the click lands: then it is looked up again.
    """
    for _ in range(5):
        try:
            button = screen.find(f"#alert-list tr[data-alert='{alert_id}'] button[type=submit]")
            screen.mark_page()
            button.click()
        except WebDriverException:
            time.sleep(0.5)
            continue
        screen.wait_for_next_page()
        return
    raise AssertionError(f"could not click the acknowledge button of {alert_id}:\n{screen.text('main')[:800]}")


def test_an_alert_reaches_the_dispatcher_live(
    screens: Callable[..., Screen], console_server: ServerProcess, orderflow_bin: Path
) -> None:
    """Why (R4.5): an alert nobody sees is no alert. A dispatcher working
    on another page must learn of it as it is raised — a count in the
    navigation and a note naming the order — without reloading; and must
    be able to take it on from the alerts page."""
    operator = Api(console_server.base_url)  # customer service and administrator
    set_policy(operator)
    open_sh01_around_the_clock(operator)
    token = retried(
        "making a token",
        lambda: make_token(orderflow_bin, ["--sqlite-path", str(console_server.db_path)], "dispatcher@SH01"),
    )
    dispatcher = Api(console_server.base_url, token=token)

    screen = screens(*WIDE)
    screen.open("/console/orders")
    screen.sign_in("sh.dispatch")
    assert screen.path == "/console/orders" and screen.status() == 200, screen.driver.current_url
    badge = screen.find("nav #alert-count")
    assert badge.get_attribute("data-stream") == "/console/alerts/stream", badge.get_attribute("outerHTML")
    assert "提醒" in screen.find("nav a[href='/console/alerts']").text, screen.text("nav")
    assert badge_count(screen) == 0, f"alerts before any order: {badge.get_attribute('outerHTML')}"
    screen.driver.execute_script("window.__marker = 1;")
    # The page's stream sends its first (empty) message as it connects; an
    # alert in a later message is new to it and pops up.
    time.sleep(2)

    number, _ = create_confirmed_order(operator, name="王建华")
    began = time.monotonic()
    screen.wait(
        lambda _: badge_count(screen) >= 1 and toast_names(screen, number),
        f"the badge and a toast for {number}'s alert",
        timeout=ALERT_ON_SCREEN_S,
    )
    arrived_s = time.monotonic() - began
    assert screen.driver.execute_script("return window.__marker;") == 1, "the page was reloaded, not updated in place"
    assert screen.path == "/console/orders", screen.driver.current_url
    toast = next(t for t in screen.all("#alert-toasts .toast") if number in t.text)
    # "预警 · 派单 · <number>": the kind and the stage, and the order to open.
    assert "预警" in toast.text and "派单" in toast.text, toast.text

    screen.open("/console/alerts")
    assert screen.status() == 200, screen.text()[:500]
    ids = alert_rows_of(screen, number)
    assert ids, f"no row for {number} on the alerts page:\n{screen.text('main')[:800]}"
    screen.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    screen.shoot("alerts.png")

    alert_id = ids[0]
    acknowledge_on_page(screen, alert_id)
    assert screen.path == "/console/alerts" and screen.query == "done=acknowledged", screen.driver.current_url
    assert screen.text("p.notice[role=status]") == ACKNOWLEDGED_NOTICE, screen.text("main")[:500]
    assert not screen.all(f"#alert-list tr[data-alert='{alert_id}']"), (
        f"the acknowledged alert is still listed:\n{screen.text('main')[:800]}"
    )

    # The API agrees: acknowledged, by the dispatcher (ids compared without case).
    listed = alerts(dispatcher)
    acknowledged = next((x for x in listed if x["id"].lower() == alert_id.lower()), None)
    assert acknowledged is not None, f"alert {alert_id} is not among the dispatcher's: {listed}"
    assert acknowledged["acknowledgedAt"] and acknowledged["acknowledgedBy"], acknowledged
    assert acknowledged["orderNumber"] == number and acknowledged["stage"] == "dispatch", acknowledged
    print(f"alert for {number} on screen {arrived_s:.1f}s after the order")

    # What is sent when (B3): every topic's SMS and e-mail in both languages,
    # open to anyone who reads the catalog.
    screen.open("/console/notifications")
    assert screen.status() == 200, screen.text()[:500]
    topics = screen.all("#templates article[data-topic]")
    # One per customer-facing topic: intake, dispatch, service, problems, delivery and after-sales.
    shown = [t.get_attribute("data-topic") for t in topics]
    assert len(shown) == 17 and {"acceptanceRequested", "delivered", "claimDeclined"} <= set(shown), shown
    assert "【上海徐汇店】您的订单 SH01-20261201-0007 已确认" in screen.text("#templates"), screen.text("#templates")[:800]
    screen.driver.execute_script("window.scrollTo(0, 0);")
    screen.shoot("notifications.png")
