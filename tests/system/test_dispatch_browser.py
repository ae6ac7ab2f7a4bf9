"""The dispatch board and the technician's phone view in a real browser (B2).

What only a browser shows, with Selenium driving headless Chromium against
a real `orderflow serve` (the same parts and steps as
test_console_browser.py, whose fixtures and Screen this module reuses):

* two dispatchers look at the same board; what one assigns appears on the
  other's board within seconds, without a reload (console.js polls the
  day's stamp and swaps the board in);
* but not under an open form: a dispatcher in the middle of assigning is
  told that the day changed instead, and keeps what they typed;
* a technician on a phone finds the job among their jobs, ticks the
  preparation checklist, checks in (the form goes even when the browser
  gives no location) and submits a service record with a material; and
  the checked-in job page fits the phone's width.

The board's jobs are on the next Monday–Thursday (Asia/Shanghai): SH01 is
open every day 08:00–20:00, sh.tech1 (hvac) works Monday–Friday
09:00–18:00 and sh.tech3 (cleaning) Sunday–Thursday 08:00–17:00, so both
an air conditioner and a sofa can be placed.

The phone's jobs are today, at the real time: check-in opens 2 hours
before the planned start (CheckInPolicy), and the server runs on the real
clock. So that this works at any hour, the phone tests first open SH01
00:00–24:00 every day and give the technicians they use an all-day shift
(through the API, as a store manager would); each job then starts 15
minutes from now, or just after midnight when it would run past 24:00.
Every wait is bounded.

With ORDERFLOW_SCREENSHOTS=<dir> the tests save dispatch-board.png and
technician-job.png there (README.md shows them from docs/images).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from harness import (
    Api,
    ServerProcess,
    appointment_soon,
    iso_utc,
    local_window,
    make_token,
    next_working_day,
    open_store_all_day,
    service_order_body,
    shift_all_day,
    unique_mobile,
)

pytest.importorskip("selenium", reason="the selenium package is missing (pip install -r tests/requirements.txt)")
# The browser, its driver, the module's server and the Screen come from the
# console tests: importing the fixtures makes this module get its own of each.
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402
from test_console_browser import (  # noqa: E402, F401  (fixtures are used by name)
    PHONE,
    Screen,
    chrome_parts,
    console_server,
    screens,
)

WIDE = (1400, 900)
# The board polls every 3 s; a change must show well within this.
LIVE_UPDATE_S = 20
# Check-in asks for the location for at most 5 s, then sends the form anyway.
CHECK_IN_S = 8
# The phone tests' technicians (both have hvac, for an air conditioner),
# each on a job of their own, so that the two jobs never compete for one
# person's time; their display names are what records show.
PHONE_TECHNICIANS = ("sh.tech1", "sh.tech6")
# AC-CLEAN takes 90 minutes: the job, not only the 60-minute window, must end by 24:00.
AC_CLEAN_MINUTES = 90


@pytest.fixture(scope="module")
def day() -> dt.date:
    """The day of the board tests' jobs (the phone tests' are today: see around_the_clock)."""
    return next_working_day(weekdays=(1, 2, 3, 4))


@pytest.fixture(scope="module")
def dispatcher(orderflow_bin: Path, console_server: ServerProcess) -> Api:
    """An API client with SH01's dispatcher role, as an integration would have."""
    token = make_token(orderflow_bin, ["--sqlite-path", str(console_server.db_path)], "dispatcher@SH01")
    return Api(console_server.base_url, token=token)


@pytest.fixture(scope="module")
def around_the_clock(orderflow_bin: Path, console_server: ServerProcess) -> dict[str, str]:
    """SH01 open 00:00–24:00 every day and the phone technicians on all-day shifts; their display names.

    Why: the phone tests check in for real, so their jobs start within the
    next two hours, at whatever hour the tests run. Set through the API by
    SH01's store manager, once for the module. The board tests do not
    depend on it: their day keeps its own jobs, and the board shows
    07:00–22:00 whatever the hours.
    """
    manager = Api(
        console_server.base_url,
        token=make_token(orderflow_bin, ["--sqlite-path", str(console_server.db_path)], "storeManager@SH01"),
    )
    store = open_store_all_day(manager, "SH01")
    assert all(h["opens"] == "00:00" and h["closes"] == "24:00" for h in store["openingHours"]), store
    assert len(store["openingHours"]) == 7, store["openingHours"]
    # A job starting soon is on today or, late in the evening, on tomorrow.
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    names: dict[str, str] = {}
    for username in PHONE_TECHNICIANS:
        profile = shift_all_day(manager, username, free_on=[today, today + dt.timedelta(days=1)])
        assert len(profile["weeklyShifts"]) == 7, profile["weeklyShifts"]
        member = manager.get(f"/staff/{username}")
        assert member.status_code == 200, member.text[:300]
        names[username] = member.json()["displayName"]
    return names


def create_order(server: ServerProcess, item: str, day: dt.date, start: str, end: str, name: str) -> str:
    """A phone order, confirmed at once (a regular customer): it waits in the day's queue."""
    created = Api(server.base_url).post(
        "/orders", json=service_order_body(item, day, start, end, unique_mobile(), name=name)
    )
    assert created.status_code == 201, created.text[:500]
    assert created.json()["status"] == "confirmed", created.json()["status"]
    return created.json()["number"]


def open_board(screen: Screen, day: dt.date, username: str) -> None:
    """Opens SH01's board of `day`, signing in on the way."""
    screen.open(f"/console/dispatch?store=SH01&day={day}")
    screen.sign_in(username)
    assert screen.path == "/console/dispatch" and f"day={day}" in screen.query, screen.driver.current_url
    assert screen.status() == 200, screen.text()[:500]


def queued(screen: Screen, number: str) -> bool:
    return bool(screen.all(f"li.queued[data-order='{number}']"))


def on_lane(screen: Screen, number: str, username: str) -> bool:
    return bool(screen.all(f"div.lane[data-lane='{username}'] div.job[data-order='{number}']"))


def on_a_lane(screen: Screen, number: str) -> bool:
    """`number` is on some lane (one look-up: safe while the board is being swapped in)."""
    return bool(screen.all(f"div.lane[data-lane] div.job[data-order='{number}']"))


def lanes_of(screen: Screen, number: str) -> list[str]:
    """The user names of the lanes that show `number`."""
    return [
        lane.get_attribute("data-lane") or ""
        for lane in screen.all("div.lane[data-lane]")
        if lane.find_elements("css selector", f"div.job[data-order='{number}']")
    ]


def assign_on_board(screen: Screen, number: str, target_label: str | None, reason: str) -> None:
    """Opens the queued order's "assign" form, picks the target (None: automatic), gives a reason, sends."""
    item = screen.find(f"li.queued[data-order='{number}']")
    item.find_element("css selector", "details > summary").click()
    form = item.find_element("css selector", "form.assign")
    if target_label is not None:
        Select(form.find_element("css selector", "select[name=target]")).select_by_visible_text(target_label)
    form.find_element("css selector", "input[name=reason]").send_keys(reason)
    screen.click_and_load(form.find_element("css selector", "button[type=submit]"))
    assert screen.status() == 200, f"assigning {number} answered {screen.status()}:\n{screen.text('main')[:800]}"
    assert "done=assigned" in screen.query, f"assigning {number} landed on {screen.driver.current_url}"


def wait_until_moved(screen: Screen, number: str, username: str) -> None:
    """Waits, without touching the page, until `number` is on `username`'s lane and out of the queue."""
    screen.wait(
        lambda _: on_lane(screen, number, username) and not queued(screen, number),
        f"{number} to move from the queue to {username}'s lane without a reload",
        timeout=LIVE_UPDATE_S,
    )


def still_the_same_page(screen: Screen) -> bool:
    """True while the document marked by mark_page() is the one on screen (nothing reloaded it)."""
    try:
        return bool(screen.driver.execute_script("return document.orderflowOldPage === true;"))
    except WebDriverException:
        return False


# More of a day's work for the board: (item, window, customer), spread over
# the day and the trades, so that most lanes get jobs. The cleaners keep
# 15:00–17:00 free for the next test's cleaning.
DAYS_WORK = [
    ("PHONE-SCREEN", "10:00", "12:00", "何晓东"),
    ("WM-REPAIR", "09:00", "11:00", "林秀珍"),
    ("HOME-CLEAN", "11:00", "13:00", "黄丽华"),
    ("AC-REPAIR", "13:00", "15:00", "高志强"),
    ("FRIDGE-REPAIR", "13:00", "15:00", "罗建平"),
    ("TV-MOUNT", "15:00", "17:00", "谢明"),
]
# And one more that waits, as the morning's washer does.
STILL_WAITING = [("WATER-HEATER", "16:00", "18:00", "韩桂英")]


def fill_the_day(server: ServerProcess, dispatcher: Api, day: dt.date) -> tuple[list[str], list[str]]:
    """Creates DAYS_WORK and STILL_WAITING on `day`, lets the solver (API, automatic) place
    DAYS_WORK; the numbers placed and those left in the queue."""
    placed = []
    for item, start, end, name in DAYS_WORK:
        number = create_order(server, item, day, start, end, name)
        assigned = dispatcher.post(f"/orders/{number}/assignment", json={"mode": "automatic"})
        assert assigned.status_code == 200, f"placing {item} {start}–{end}: {assigned.text[:500]}"
        placed.append(number)
    left = [create_order(server, item, day, start, end, name) for item, start, end, name in STILL_WAITING]
    return placed, left


def test_b2_another_dispatchers_assignment_appears_without_reload(
    screens: Callable[..., Screen], console_server: ServerProcess, dispatcher: Api, day: dt.date
) -> None:
    """Why (B2, R3.3): two dispatchers work one board; each must see the
    other's assignments as they happen, or both plan around a stale day.
    The board must update in place: no reload, no navigation."""
    air = create_order(console_server, "AC-CLEAN", day, "10:00", "12:00", "王建华")
    sofa = create_order(console_server, "SOFA-CLEAN", day, "09:00", "11:00", "刘美玲")
    # One more that stays waiting, so that the board has a queue too.
    waiting = create_order(console_server, "WM-REPAIR", day, "14:00", "16:00", "陈志远")

    a = screens(*WIDE)
    b = screens(*WIDE)
    open_board(a, day, "sh.dispatch")
    open_board(b, day, "sh.manager")
    for screen in (a, b):
        for number in (air, sofa, waiting):
            assert queued(screen, number), f"{number} is not in the queue:\n{screen.text('main')[:800]}"
    b_url = b.driver.current_url
    b.mark_page()

    # A names sh.tech1 for the air conditioner; B's board follows by itself.
    options = a.all(f"li.queued[data-order='{air}'] select[name=target] option")
    tech1 = next(label for o in options if "(sh.tech1)" in (label := o.get_attribute("textContent") or ""))
    assign_on_board(a, air, tech1, "客户要求上午完成")
    assert on_lane(a, air, "sh.tech1") and not queued(a, air), a.text("main")[:800]
    assert a.text(".notice") == "派单已保存。", a.text("main")[:500]
    wait_until_moved(b, air, "sh.tech1")
    assert still_the_same_page(b), "B's board was reloaded or navigated, not updated in place"
    assert b.driver.current_url == b_url, f"B navigated to {b.driver.current_url}"
    assert not b.find("#board-changed").is_displayed(), "B was told to reload although it was not busy"

    # And the other way round: B leaves the sofa to the solver; A follows.
    a.mark_page()
    a_url = a.driver.current_url
    assign_on_board(b, sofa, None, "按系统推荐")
    lanes = lanes_of(b, sofa)
    assert len(lanes) == 1 and not queued(b, sofa), f"{sofa} is on lanes {lanes}:\n{b.text('main')[:800]}"
    wait_until_moved(a, sofa, lanes[0])
    assert still_the_same_page(a) and a.driver.current_url == a_url, a.driver.current_url
    assert queued(a, waiting) and queued(b, waiting), "the order nobody assigned left the queue"

    # The rest of a working day, placed by the solver through the API; A's
    # board takes it in as it did B's assignment, and the picture shows a day.
    placed, left = fill_the_day(console_server, dispatcher, day)
    a.wait(
        lambda _: all(on_a_lane(a, number) for number in placed) and all(queued(a, n) for n in (*left, waiting)),
        f"{len(placed)} more jobs on the lanes and {len(left) + 1} in the queue",
        timeout=LIVE_UPDATE_S,
    )
    assert still_the_same_page(a), "A's board was reloaded, not updated in place"
    busy = a.driver.execute_script(
        "return [...document.querySelectorAll('div.lane[data-lane]')]"
        ".filter(lane => lane.querySelector('div.job')).map(lane => lane.dataset.lane);"
    )
    assert len(busy) >= 4, f"only {busy} have jobs:\n{a.text('main')[:800]}"

    a.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    a.shoot("dispatch-board.png")


def test_b2_board_waits_while_the_dispatcher_is_in_a_form(
    screens: Callable[..., Screen], console_server: ServerProcess, day: dt.date
) -> None:
    """Why (B2): swapping the board in while a dispatcher types into an
    assign form would throw their input away; the board must instead say
    that the day changed, and show it when they ask."""
    cleaning = create_order(console_server, "HOME-CLEAN", day, "15:00", "17:00", "郑小梅")
    washer = create_order(console_server, "WM-REPAIR", day, "16:00", "18:00", "冯国强")
    a = screens(*WIDE)
    b = screens(*WIDE)
    open_board(a, day, "sh.dispatch")
    open_board(b, day, "sh.manager")

    # A is half-way through assigning the washer: the form is open, a reason typed.
    a.mark_page()
    item = a.find(f"li.queued[data-order='{washer}']")
    item.find_element("css selector", "details > summary").click()
    reason = item.find_element("css selector", "form.assign input[name=reason]")
    reason.send_keys("客户只在下午在家")
    assign_on_board(b, cleaning, None, "按系统推荐")

    a.wait(lambda _: a.find("#board-changed").is_displayed(), "the board to say the day changed", LIVE_UPDATE_S)
    assert still_the_same_page(a), "A's page was reloaded while A was in a form"
    assert queued(a, cleaning), "the board was swapped under A's open form"
    assert item.find_element("css selector", "details").get_attribute("open") is not None, "A's form was closed"
    assert reason.get_attribute("value") == "客户只在下午在家", "what A typed is gone"

    a.click_and_load(a.find("#board-changed a"))
    assert lanes_of(a, cleaning) and not queued(a, cleaning), a.text("main")[:800]
    assert queued(a, washer), f"{washer} left the queue:\n{a.text('main')[:800]}"


def instant(text: str) -> dt.datetime:
    """An API date-time ("…Z", with or without milliseconds) as an aware datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def job_starting_soon(server: ServerProcess, dispatcher: Api, username: str, name: str) -> tuple[str, dt.date, str]:
    """A new AC-CLEAN order starting soon (see appointment_soon), assigned by a
    dispatcher (API) to `username` at its window's start; its number, day and start."""
    day, start, end = appointment_soon(length_minutes=60, fits_minutes=AC_CLEAN_MINUTES)
    planned, _ = local_window(day, start, end)
    opens = instant(planned) - dt.timedelta(hours=2)
    assert opens <= dt.datetime.now(dt.UTC), f"check-in would open only at {iso_utc(opens)} for a job at {day} {start}"
    number = create_order(server, "AC-CLEAN", day, start, end, name)
    board = dispatcher.get(f"/stores/SH01/dispatch-board?day={day}")
    assert board.status_code == 200, board.text[:300]
    lane = next(lane for lane in board.json()["lanes"] if lane["username"] == username)
    assigned = dispatcher.post(
        f"/orders/{number}/assignment",
        json={"mode": "technician", "technicianId": lane["staffId"], "reason": "熟悉该小区"},
    )
    assert assigned.status_code == 200, f"{number} ({day} {start}–{end}) to {username}: {assigned.text[:500]}"
    assignment = assigned.json()["assignment"]
    assert assignment["technicianIds"] == [lane["staffId"]], assignment
    # Check-in opens 2 hours before the planned start: the job must start with its window.
    assert instant(assignment["start"]) == instant(planned), f"{number} planned at {assignment['start']}, not {planned}"
    return number, day, start


def open_job_as(phone: Screen, username: str, number: str, day: dt.date, start: str) -> None:
    """Signs in as `username`, finds the job among the day's jobs and opens it."""
    phone.open("/login")
    phone.sign_in(username)
    assert phone.path == "/console/jobs", f"a technician landed on {phone.driver.current_url}"
    phone.open(f"/console/jobs?day={day}")
    card = phone.all(f"li.job-card[data-order='{number}']")
    assert card, f"job {number} is not among {username}'s jobs on {day}:\n{phone.text('main')[:800]}"
    assert start in card[0].text, card[0].text
    phone.click_and_load(card[0].find_element("css selector", "a.job-link"))
    assert phone.path == f"/console/jobs/{number}" and phone.status() == 200, phone.driver.current_url


def prepare_and_check_in(phone: Screen, number: str) -> None:
    """Ticks every checklist entry, saves, and checks in (the store wants the checklist first)."""
    boxes = phone.all("#checklist input[type=checkbox][name=tick]")
    assert boxes, f"job {number} has no checklist:\n{phone.text('#checklist')}"
    for box in boxes:
        if not box.is_selected():
            phone.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    phone.click_and_load(phone.find("#checklist button[type=submit]"))
    assert phone.query == "done=checklist", f"{phone.driver.current_url}\n{phone.text('main')[:800]}"
    ticked = [box.is_selected() for box in phone.all("#checklist input[type=checkbox][name=tick]")]
    assert ticked and all(ticked), f"the checklist was not saved whole: {ticked}"

    # Headless Chromium gives no location: the script must send the form anyway.
    began = time.monotonic()
    phone.mark_page()
    phone.find("#check-in").click()
    phone.wait(lambda _: not still_the_same_page(phone), "the check-in to be sent", timeout=CHECK_IN_S)
    phone.wait_for_next_page()
    took = time.monotonic() - began
    refused = phone.text("p.error[role=alert]")
    assert not refused, f"check-in was refused ({phone.status()}): {refused}"
    assert phone.query == "done=check-in", (
        f"check-in after {took:.1f}s: {phone.driver.current_url}\n{phone.text('main')[:800]}"
    )
    assert took <= CHECK_IN_S, f"check-in took {took:.1f}s"
    assert phone.text("#job-status") == "服务中", phone.text("#job-status")
    assert phone.text("#checked-in"), "the page does not show when the technician checked in"


def page_overflow(screen: Screen) -> int:
    """How many CSS pixels the page is wider than the window (0: it fits)."""
    return int(
        screen.driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
    )


def test_b2_technician_runs_the_job_from_a_phone(
    screens: Callable[..., Screen], console_server: ServerProcess, dispatcher: Api, around_the_clock: dict[str, str]
) -> None:
    """Why (B2, R3.5, R3.7, R3.8): a technician works from a phone on site:
    find the job, prepare, check in even where the browser gives no
    location, and record what was done and used."""
    technician = PHONE_TECHNICIANS[0]
    number, day, start = job_starting_soon(console_server, dispatcher, technician, "孙丽娟")
    phone = screens(*PHONE)
    open_job_as(phone, technician, number, day, start)
    prepare_and_check_in(phone, number)
    # Nothing was recorded on the contact card: once on site it is only in the way.
    assert not phone.all("#contact"), f"the empty contact card shows after check-in:\n{phone.text('#contact')}"

    phone.type("workDone", "拆洗滤网，高压清洗蒸发器和接水盘，试机制冷正常")
    phone.find("input[name=material0]").send_keys("清洗剂")
    phone.find("input[name=quantity0]").send_keys("1.5")
    phone.find("input[name=unit0]").send_keys("瓶")
    phone.type("customerFeedback", "满意，师傅很细心")
    # A tap, as on a phone: the page fits the screen (see the next test).
    submit = phone.find("#new-record button[type=submit]")
    phone.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
    phone.click_and_load(submit)
    assert phone.query == "done=record", f"{phone.driver.current_url}\n{phone.text('main')[:800]}"
    records = phone.all("#records ul.records > li.record")
    assert len(records) == 1, f"{len(records)} records on the page:\n{phone.text('#records')}"
    assert "拆洗滤网" in records[0].text and "满意，师傅很细心" in records[0].text, records[0].text
    author = records[0].find_element("css selector", "div.muted").text
    assert around_the_clock[technician] in author and "staff:" not in author, f"the record's author line: {author}"
    materials = [li.text for li in records[0].find_elements("css selector", "ul li")]
    assert materials == ["清洗剂 1.5 瓶"], materials
    assert phone.text("#job-status") == "服务中", phone.text("#job-status")

    phone.driver.execute_script("document.getElementById('records').scrollIntoView({block: 'start'})")
    phone.shoot("technician-job.png")


def test_b2_checked_in_job_page_fits_a_phone_screen(
    screens: Callable[..., Screen], console_server: ServerProcess, dispatcher: Api, around_the_clock: dict[str, str]
) -> None:
    """Why (B2): technicians use the job page on a phone; it must fit the
    screen's width with every form it shows, or the phone zooms out and
    everything gets small."""
    technician = PHONE_TECHNICIANS[1]
    number, day, start = job_starting_soon(console_server, dispatcher, technician, "周建军")
    phone = screens(*PHONE)
    open_job_as(phone, technician, number, day, start)
    assert page_overflow(phone) <= 0, f"before check-in the job page is {page_overflow(phone)}px too wide"
    prepare_and_check_in(phone, number)
    assert page_overflow(phone) <= 0, (
        f"the checked-in job page is {page_overflow(phone)}px wider than a {PHONE[0]}px phone screen"
    )
