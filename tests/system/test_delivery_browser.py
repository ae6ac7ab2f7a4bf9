"""Delivery and acceptance in a real browser (R5.1–R5.5).

What only a browser shows, against a real `orderflow serve` (the parts,
fixtures and steps of test_console_browser.py and test_dispatch_browser.py):

* the technician on a 390 px phone: the self-check (one indicator failed:
  refused until it is justified, with the photo and the text kept), a
  photo uploaded by console.js as the raw body of a fetch (and a text file
  refused beside the field), the report submitted with the photo's id;
  the customer signs on the screen with a finger (touch pointer actions;
  the canvas becomes a PNG in a hidden input) and the order is delivered;
* the store manager on a desktop: the order page shows it delivered, with
  the signature; the printable report has the signature image loaded,
  and its print stylesheet hides the navigation (print media emulated);
* the customer on a 390 px phone, through the tracking link the booking
  page gave them: the report to accept; a rejection without reasons is
  refused (by the browser while the field is empty, by the server when
  only blanks were typed) with the message shown and the photo kept; then
  rejected with reasons and a photo uploaded by the page's script; the
  staff order page shows the order in rework, counted once;
* every phone page fits the phone's width.

The module has its own server on a fresh demo database (the demo's
stores, catalog and staff, no orders); for the module SH01 is open
00:00–24:00 and the phone technicians (test_dispatch_browser's) work all
day, so jobs today can be checked in at whatever hour the tests run.
Every wait is bounded: each page load, each wait in the browser and each
HTTP call. Another build may relink the binary while these tests run:
loading the demo, starting the server and making a token are retried once
after a pause.

With ORDERFLOW_SCREENSHOTS=<dir> the tests save delivery-phone.png (the
signature drawn on the technician's phone), delivery-report.png (the
printable report as printed, desktop) and tracking-acceptance.png (the
customer's report to accept, phone).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from harness import (
    HTTP_TIMEOUT_S,
    Api,
    ServerProcess,
    load_reference_data,
    open_store_all_day,
    shift_all_day,
    unique_mobile,
)

pytest.importorskip("selenium", reason="the selenium package is missing (pip install -r tests/requirements.txt)")
from selenium.webdriver.common.actions import interaction  # noqa: E402
from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: E402
from selenium.webdriver.common.actions.pointer_input import PointerInput  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from test_follow_ups_browser import book_on_the_page, next_bookable_hour, role_token  # noqa: E402
from test_alerts import retried, start  # noqa: E402  (helpers only; its tests are not imported)
from test_console_browser import (  # noqa: E402, F401  (fixtures are used by name)
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    Screen,
    chrome_parts,
    screens,
)
from test_dispatch_browser import (  # noqa: E402  (steps only; the fixtures are this module's)
    PHONE_TECHNICIANS,
    job_starting_soon,
    open_job_as,
    page_overflow,
    prepare_and_check_in,
)

# The module's acceptance criteria for AC-CLEAN: two indicators, one of which the phone test fails.
INDICATORS = [
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
]
FAILED_BECAUSE = "排水管老化，已建议客户更换，本次未处理"

# What the pages say (zh-Hans: the browsers ask for Chinese).
DELIVERED = "已交付"
IN_REWORK = "返工中"
AWAITING = "待验收"
ANSWERED_REJECTED = "已收到您的意见，我们会返工整改并发送新的报告。"
REWORK_NOTE = "您的验收未通过，我们正在返工整改，完成后会发送新的报告。"
REASONS_REQUIRED = "请说明不通过的原因"  # the refusal beside the reasons
MANAGER = "sh.manager"
ZONE = ZoneInfo("Asia/Shanghai")


# --------------------------------------------------------------------------
# Files, people and orders (shared with test_after_sales_browser.py)
# --------------------------------------------------------------------------


def png_image(width: int = 160, height: int = 120, colour: tuple[int, int, int] = (37, 99, 235)) -> bytes:
    """A real PNG (it decodes: the thumbnails and the signature show): diagonal stripes on `colour`."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        for x in range(width):
            stripe = ((x + y) // 12) % 2 == 0
            rows.extend(colour if stripe else (240, 244, 248))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")
    )


def said(response: Any) -> str:
    return f"{response.request.method} {response.request.path_url} → {response.status_code} {response.text[:600]}"


def staff_api(base_url: str, username: str) -> Api:
    """A member of staff's own session, signed in at /login as in a browser, with the
    session's CSRF token on every request (what the API asks of a session)."""
    api = Api(base_url, token=None)
    login = api.session.get(f"{base_url}/login", timeout=HTTP_TIMEOUT_S)
    assert login.status_code == 200, login.text[:300]
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf, f"no csrf in the login form:\n{login.text[:500]}"
    signed = api.session.post(
        f"{base_url}/login",
        data={"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1), "next": ""},
        timeout=HTTP_TIMEOUT_S,
        allow_redirects=False,
    )
    assert signed.status_code == 303, f"signing in as {username}: {signed.status_code} {signed.text[:300]}"
    me = api.get("/me")
    assert me.status_code == 200 and me.json()["username"] == username, me.text[:300]
    api.session.headers["X-CSRF-Token"] = me.json()["csrfToken"]
    return api


def bookable_hour() -> tuple[dt.date, str, str]:
    """The booking page's next whole hour at least 5 minutes away (a job then still fits
    before 24:00, and check-in, which opens 2 h before, is open at once)."""
    return next_bookable_hour(dt.datetime.now(ZONE) + dt.timedelta(minutes=5))


def assign_to(dispatcher: Api, number: str, day: Any, username: str) -> None:
    """A dispatcher (API) names `username` for the order, at its window's start."""
    board = dispatcher.get(f"/stores/SH01/dispatch-board?day={day}")
    assert board.status_code == 200, said(board)
    lane = next(lane for lane in board.json()["lanes"] if lane["username"] == username)
    assigned = dispatcher.post(
        f"/orders/{number}/assignment",
        json={"mode": "technician", "technicianId": lane["staffId"], "reason": "熟悉该小区"},
    )
    assert assigned.status_code == 200, f"{number} on {day} to {username}: {said(assigned)}"


def check_in_and_report(technician: Api, number: str, photo: bytes | None = None) -> dict[str, Any]:
    """As the technician (API): the checklist ticked, checked in, a delivery report with every
    indicator of the order's criteria passed (and `photo`, when given); the report."""
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
    delivery = technician.get(f"/orders/{number}/delivery")
    assert delivery.status_code == 200, said(delivery)
    checks = [
        {
            "itemCode": item["code"],
            "results": [{"code": i["code"], "passed": True} for i in item["acceptance"]["indicators"]],
        }
        for item in delivery.json()["standards"]
    ]
    attachments = []
    if photo is not None:
        uploaded = technician.post(
            f"/orders/{number}/job/attachments",
            params={"kind": "photo", "fileName": "after.png"},
            data=photo,
            headers={"Content-Type": "image/png"},
        )
        assert uploaded.status_code == 201, said(uploaded)
        attachments.append(uploaded.json()["id"])
    report = technician.post(
        f"/orders/{number}/job/delivery-report",
        json={
            "workDone": "拆洗滤网，高压清洗蒸发器和接水盘",
            "results": "出风 3.5 m/s，试机 15 分钟制冷正常，无滴水",
            "materials": [{"name": "清洗剂", "quantity": "0.5", "unit": "瓶"}],
            "customerFeedback": "师傅很细心",
            "selfChecks": checks,
            "attachmentIds": attachments,
            "method": "onSite",
        },
    )
    assert report.status_code == 201 and report.json()["status"] == "awaiting", said(report)
    return report.json()


# --------------------------------------------------------------------------
# Steps in the browser
# --------------------------------------------------------------------------


def to_centre(screen: Screen, element: WebElement) -> None:
    screen.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)


def page_width(screen: Screen) -> int:
    """The document's scroll width in CSS pixels: at most the phone's 390 when the page fits."""
    return int(screen.driver.execute_script("return document.documentElement.scrollWidth;"))


def sign_with_a_finger(screen: Screen, canvas: WebElement) -> None:
    """Writes a signature on the canvas with touch pointer actions (a finger, as on a phone):
    two strokes, a wave and a tail, each a series of small moves."""
    to_centre(screen, canvas)
    width, height = canvas.size["width"], canvas.size["height"]
    finger = PointerInput(interaction.POINTER_TOUCH, "finger")
    actions = ActionBuilder(screen.driver, mouse=finger)
    left = -int(width * 0.38)
    # Offsets are from the canvas's centre (W3C actions with an element origin).
    actions.pointer_action.move_to(canvas, left, 0).pointer_down()
    x = 0
    for step in range(1, 25):
        dx = int(width * 0.028)
        x += dx
        dy = int(math.sin(step / 2.2) * height * 0.18) - int(math.sin((step - 1) / 2.2) * height * 0.18)
        actions.pointer_action.move_by(dx, dy)
    actions.pointer_action.pointer_up()
    actions.pointer_action.move_to(canvas, left + x // 3, int(height * 0.25)).pointer_down()
    for _ in range(10):
        actions.pointer_action.move_by(int(width * 0.03), -int(height * 0.04))
    actions.pointer_action.pointer_up()
    actions.perform()


def inked_pixels(screen: Screen, canvas: WebElement) -> int:
    """How many of the canvas's pixels are drawn on (not transparent)."""
    return int(
        screen.driver.execute_script(
            "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;",
            canvas,
        )
    )


def image_loaded(screen: Screen, css: str) -> bool:
    """Every image matching `css` has been fetched and decoded (naturalWidth > 0); at least one."""
    return bool(
        screen.driver.execute_script(
            "const all = [...document.querySelectorAll(arguments[0])];"
            "return all.length > 0 && all.every(i => i.complete && i.naturalWidth > 0);",
            css,
        )
    )


def wait_for_images(screen: Screen, css: str, what: str) -> None:
    """Scrolls the images matching `css` into view (thumbnails load lazily) and waits until all are loaded."""
    screen.driver.execute_script(
        "for (const i of document.querySelectorAll(arguments[0])) i.scrollIntoView({block: 'center'});", css
    )
    screen.wait(lambda _: image_loaded(screen, css), what)


def rendered(screen: Screen, css: str) -> bool:
    """The element takes up room on the page (display:none on it or an ancestor takes it off)."""
    return bool(
        screen.driver.execute_script(
            "const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0;", css
        )
    )


def signed_in_at(screens: Callable[..., Screen], path: str, username: str, size: tuple[int, ...] = ()) -> Screen:
    """A new browser (desktop unless `size`) that opens `path`, signs in on the way and lands there."""
    screen = screens(*size)
    screen.open(path)
    screen.sign_in(username)
    assert screen.path == path.split("?")[0] and screen.status() == 200, (
        f"{username} landed on {screen.driver.current_url}:\n{screen.text('main')[:500]}"
    )
    return screen


# --------------------------------------------------------------------------
# The module's server, people and criteria
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def console_server(orderflow_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """This module's own server on a fresh demo database (the `screens` fixture opens its pages).

    Why its own, with retries: another build may relink the binary while the
    tests run; loading the demo and starting the server are tried again once.
    """
    root = tmp_path_factory.mktemp("delivery-browser")
    db_path = root / "db.sqlite"
    retried("loading the reference data", lambda: load_reference_data(orderflow_bin, db_path))
    server = ServerProcess(orderflow_bin, db_path, root / "server.log")
    try:
        yield start(server)
    finally:
        server.kill()


def role_api(orderflow_bin: Path, server: ServerProcess, role: str) -> Api:
    """An API client with one grant (e.g. dispatcher@SH01), as an integration would have."""
    return Api(server.base_url, token=role_token(orderflow_bin, server, role))


@pytest.fixture(scope="module")
def dispatcher(orderflow_bin: Path, console_server: ServerProcess) -> Api:
    return role_api(orderflow_bin, console_server, "dispatcher@SH01")


@pytest.fixture(scope="module")
def around_the_clock(orderflow_bin: Path, console_server: ServerProcess) -> dict[str, str]:
    """SH01 open 00:00–24:00 every day and the phone technicians on all-day shifts; their display names.

    Why: the jobs are checked in for real, so they start within the next two
    hours (check-in opens 2 h before), at whatever hour the tests run.
    """
    manager = role_api(orderflow_bin, console_server, "storeManager@SH01")
    store = open_store_all_day(manager, "SH01")
    assert len(store["openingHours"]) == 7, store["openingHours"]
    today = dt.datetime.now(ZONE).date()
    names: dict[str, str] = {}
    for username in PHONE_TECHNICIANS:
        profile = shift_all_day(manager, username, free_on=[today, today + dt.timedelta(days=1)])
        assert len(profile["weeklyShifts"]) == 7, profile["weeklyShifts"]
        member = manager.get(f"/staff/{username}")
        assert member.status_code == 200, member.text[:300]
        names[username] = member.json()["displayName"]
    return names


@pytest.fixture(scope="module")
def criteria(orderflow_bin: Path, console_server: ServerProcess) -> None:
    """AC-CLEAN gets two indicators to self-check, set by an administrator over the API."""
    admin = role_api(orderflow_bin, console_server, "administrator@*")
    saved = admin.request(
        "PUT",
        "/catalog/AC-CLEAN/acceptance",
        json={
            "indicators": INDICATORS,
            "method": {"zhHans": "试机 15 分钟", "en": "Run 15 minutes"},
            "periodHours": 24,
        },
    )
    assert saved.status_code == 200, saved.text[:500]
    assert [i["code"] for i in saved.json()["acceptance"]["indicators"]] == ["airflow", "no-leak"], saved.json()


# --------------------------------------------------------------------------
# 1. The technician's phone, the order page and the printable report
# --------------------------------------------------------------------------


def test_r5_report_and_signature_on_a_phone_then_the_printable_report(
    screens: Callable[..., Screen],
    console_server: ServerProcess,
    dispatcher: Api,
    around_the_clock: dict[str, str],
    criteria: None,
    tmp_path: Path,
) -> None:
    """Why (R5.1–R5.3, R5.5): the technician reports and the customer signs on
    the technician's phone, on site; a failed indicator may go out only with
    a reason; uploads and the signature need the script, and the whole page
    must fit the phone. The store then has the delivered order with the
    signature, and a report to print without the console around it."""
    technician = PHONE_TECHNICIANS[0]
    number, day, start = job_starting_soon(console_server, dispatcher, technician, "钱晓燕")
    phone = screens(*PHONE)
    open_job_as(phone, technician, number, day, start)
    prepare_and_check_in(phone, number)
    assert phone.all("#delivery-report"), f"no delivery report form after check-in:\n{phone.text('main')[:800]}"
    assert page_overflow(phone) <= 0, f"the job page with the report form is {page_overflow(phone)}px too wide"

    # The self-check: airflow passed, no leak failed, at first without saying why.
    phone.find("input[name='check/AC-CLEAN/airflow'][value=passed]").click()
    failed = phone.find("input[name='check/AC-CLEAN/no-leak'][value=failed]")
    to_centre(phone, failed)
    failed.click()
    phone.type("report-work", "拆洗滤网，清洗蒸发器")
    phone.type("report-results", "出风 3.5 m/s，制冷正常；接水盘仍有少量滴水")

    # A text file is refused beside the field; a photo is kept as a hidden id.
    note = tmp_path / "note.txt"
    note.write_text("not a photo")
    photo = tmp_path / "before.png"
    photo.write_bytes(png_image())
    files = phone.find("#report-files")
    assert files.is_displayed(), "the file input is still hidden: console.js did not run"
    files.send_keys(str(note))
    phone.wait(lambda _: phone.find("[data-upload-error]").is_displayed(), "the upload's refusal")
    assert "JPG / PNG / WEBP" in phone.text("[data-upload-error]"), phone.text("[data-upload-error]")
    files.send_keys(str(photo))
    phone.wait(lambda _: phone.all("#report-form .upload-list input[name=attachment]"), "the photo's id in the form")
    assert "before.png" in phone.text("#report-form .upload-list"), phone.text("#report-form .upload-list")
    photo_id = phone.find("#report-form .upload-list input[name=attachment]").get_attribute("value")

    # Failed without a justification: refused beside that indicator, nothing typed is lost.
    submit = phone.find("#submit-report")
    to_centre(phone, submit)
    phone.click_and_load(submit)
    assert phone.status() == 422, f"a failed indicator without a reason answered {phone.status()}"
    # (The refusal is the answer to the form's POST: the page shows its address.)
    assert phone.path == f"/console/jobs/{number}/delivery/report", phone.driver.current_url
    why = phone.find("input[name='why/AC-CLEAN/no-leak']")
    assert why.get_attribute("aria-invalid") == "true", "the justification field is not marked"
    indicator = phone.find("div.indicator:has(input[name='why/AC-CLEAN/no-leak'])")
    errors = [e.text for e in indicator.find_elements("css selector", ".field-error")]
    assert errors and all(e.strip() for e in errors), f"no message beside the failed indicator:\n{indicator.text}"
    assert phone.find("input[name='check/AC-CLEAN/no-leak'][value=failed]").is_selected(), "the choice was lost"
    assert phone.find("input[name='check/AC-CLEAN/airflow'][value=passed]").is_selected(), "the choice was lost"
    assert phone.find("#report-work").get_attribute("value") == "拆洗滤网，清洗蒸发器", "the work done was lost"
    kept = [i.get_attribute("value") for i in phone.all("#report-form .upload-list input[name=attachment]")]
    assert kept == [photo_id], f"the photo was not kept: {kept} (was {photo_id})"
    assert page_overflow(phone) <= 0, f"the refused report form is {page_overflow(phone)}px too wide"

    # Justified: the report goes out with the photo.
    to_centre(phone, why)
    why.send_keys(FAILED_BECAUSE)
    submit = phone.find("#submit-report")
    to_centre(phone, submit)
    phone.click_and_load(submit)
    assert phone.query == "done=report", f"{phone.driver.current_url}\n{phone.text('main')[:800]}"
    assert phone.text("#job-status") == AWAITING, phone.text("#job-status")
    acceptance = phone.text("#customer-acceptance")
    assert FAILED_BECAUSE in acceptance, f"the justification is not in the report shown to the customer:\n{acceptance}"
    assert phone.all("#customer-acceptance img.thumb"), "the report's photo is not shown above the signature pad"
    assert page_overflow(phone) <= 0, f"the acceptance page is {page_overflow(phone)}px too wide"

    # The customer signs with a finger, gives their name and accepts.
    canvas = phone.find("canvas[data-signature-pad]")
    assert canvas.size["width"] <= PHONE[0], canvas.size
    assert inked_pixels(phone, canvas) == 0, "the signature pad is not empty"
    sign_with_a_finger(phone, canvas)
    assert inked_pixels(phone, canvas) > 200, "the finger's strokes left no ink on the pad"
    phone.type("signer-name", "钱女士")
    to_centre(phone, canvas)
    phone.shoot("delivery-phone.png")
    accept = phone.find("#accept")
    to_centre(phone, accept)
    phone.click_and_load(accept)
    assert phone.query == "done=accepted", f"{phone.driver.current_url}\n{phone.text('main')[:800]}"
    assert phone.text("#job-status") == DELIVERED, phone.text("#job-status")
    assert page_overflow(phone) <= 0, f"the delivered job page is {page_overflow(phone)}px too wide"

    # The store manager, at a desk: delivered, with the time, the method and the signature.
    desk = signed_in_at(screens, f"/console/orders/{number}", MANAGER)
    assert desk.text("#order-status") == DELIVERED, desk.text("#order-status")
    assert desk.text("#delivered-at"), f"no delivery time on the order page:\n{desk.text('#delivery')}"
    assert desk.text("#rework-count") == "0", desk.text("#rework-count")
    answer = desk.text("#delivery .answer-accepted")
    assert "钱女士" in answer, f"the signer is not on the order page:\n{desk.text('#delivery')}"
    wait_for_images(desk, "#delivery .answer img.signature", "the signature on the order page")
    failed_check = desk.text("#delivery ul.checks li.failed")
    assert FAILED_BECAUSE in failed_check, f"the failed indicator's reason is not on the order page: {failed_check}"

    # The printable report, from the order page's link.
    desk.click_and_load(desk.find("#print-report"))
    assert desk.path == f"/console/orders/{number}/delivery-report" and desk.status() == 200, (
        f"{desk.driver.current_url}\n{desk.text()[:500]}"
    )
    assert desk.text("#report-order-number") == number, desk.text("#delivery-document")[:500]
    assert desk.text("#report-delivered"), "the printable report does not say when it was delivered"
    assert "钱女士" in desk.text("#delivery-document"), desk.text("#delivery-document")[:800]
    assert FAILED_BECAUSE in desk.text("#delivery-document"), desk.text("#delivery-document")[:800]
    wait_for_images(desk, "#delivery-document img.signature", "the signature on the printed report")
    wait_for_images(desk, "#delivery-document img.thumb", "the report's photo on the printed report")
    natural = desk.driver.execute_script(
        "const i = document.querySelector('#delivery-document img.signature');return [i.naturalWidth, i.naturalHeight];"
    )
    assert natural[0] == 600 and natural[1] > 0, f"the signature is {natural}: not the pad's 600 px PNG"
    assert rendered(desk, "header.bar nav") and rendered(desk, "#delivery-document .no-print"), (
        "on screen the navigation and the print button are shown"
    )

    # Printed: the navigation, the skip link and the print button are left out, the report is not.
    desk.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert desk.driver.execute_script("return matchMedia('print').matches;"), "print media is not emulated"
        hidden = desk.driver.execute_script(
            "return ['header.bar', '.skip', '#delivery-document .no-print']"
            ".map(css => getComputedStyle(document.querySelector(css)).display);"
        )
        assert hidden == ["none", "none", "none"], f"printed, these still show: {hidden}"
        assert not rendered(desk, "header.bar nav"), "the navigation is printed"
        assert rendered(desk, "#delivery-document article.round"), "the report itself is not printed"
        assert rendered(desk, "#delivery-document img.signature"), "the signature is not printed"
        # The picture: the whole document as printed, down to the signature.
        height = int(desk.driver.execute_script("return document.documentElement.scrollHeight;"))
        desk.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": DESKTOP[0],
                "height": min(max(height, DESKTOP[1]), 4000),
                "deviceScaleFactor": 1,
                "mobile": False,
            },
        )
        desk.driver.execute_script("window.scrollTo(0, 0);")
        desk.shoot("delivery-report.png")
    finally:
        desk.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        desk.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": DESKTOP[0], "height": DESKTOP[1], "deviceScaleFactor": 1, "mobile": False},
        )


# --------------------------------------------------------------------------
# 2. The customer answers through the tracking link on a phone
# --------------------------------------------------------------------------


def test_r5_customer_rejects_through_the_link_on_a_phone_and_the_order_goes_to_rework(
    screens: Callable[..., Screen],
    console_server: ServerProcess,
    dispatcher: Api,
    around_the_clock: dict[str, str],
    criteria: None,
    tmp_path: Path,
) -> None:
    """Why (R5.3, R5.4): a customer who was not there when the work was
    finished answers from the link they were sent, on their phone; saying
    no needs a reason (and may show what is wrong in a photo), a refusal
    must not lose what they gave, and the store must see the order back in
    rework, counted."""
    # Booked on a computer (the booking page is not this test's), the link kept.
    desk = screens()
    day, start_at, end_at = bookable_hour()
    number, tracking = book_on_the_page(desk, day, start_at, end_at, unique_mobile())
    technician = PHONE_TECHNICIANS[1]
    assign_to(dispatcher, number, day, technician)
    check_in_and_report(staff_api(console_server.base_url, technician), number, photo=png_image(colour=(22, 163, 74)))

    # The customer opens the link on their phone: the report, to accept or reject.
    phone = screens(*PHONE)
    phone.open(tracking)
    assert phone.status() == 200 and phone.text("#order-number") == number, phone.text()[:500]
    assert phone.text("#order-status") == AWAITING, phone.text("#order-status")
    assert phone.all("#track-accept") and phone.all("#track-reject"), (
        f"no answer forms on the tracking page:\n{phone.text('#delivery')[:800]}"
    )
    assert phone.text("#acceptance-due"), "the page does not say by when to answer"
    report = phone.text("#delivery article.round")
    assert "拆洗滤网" in report and "出风 3.5 m/s" in report, f"the report is not shown:\n{report}"
    wait_for_images(phone, "#delivery article.round img.thumb", "the report's photo")
    assert page_width(phone) <= PHONE[0], f"the tracking page is {page_width(phone)}px wide on a {PHONE[0]}px phone"
    phone.driver.execute_script("document.getElementById('delivery').scrollIntoView({block: 'start'})")
    phone.shoot("tracking-acceptance.png")

    # A photo of what is wrong, sent by the page's script.
    photo = tmp_path / "drip.png"
    photo.write_bytes(png_image(colour=(220, 38, 38)))
    files = phone.find("#reject-photos")
    assert files.is_displayed(), "the photo input is still hidden: console.js did not run"
    files.send_keys(str(photo))
    phone.wait(lambda _: phone.all("#track-reject .upload-list input[name=photo]"), "the photo's id in the form")
    photo_id = phone.find("#track-reject .upload-list input[name=photo]").get_attribute("value")
    assert "drip.png" in phone.text("#track-reject .upload-list"), phone.text("#track-reject .upload-list")

    # No reasons: the browser does not send the form, and says why.
    reject = phone.find("#reject")
    to_centre(phone, reject)
    phone.mark_page()
    reject.click()
    reasons = phone.find("#reject-reasons")
    message = reasons.get_attribute("validationMessage")
    assert message, "an empty reason is not flagged by the browser"
    assert phone.driver.execute_script("return document.orderflowOldPage === true;"), "the form went without reasons"

    # Only blanks: the server refuses, says so beside the reasons, and keeps the photo.
    reasons.send_keys("   ")
    phone.click_and_load(phone.find("#reject"))
    assert phone.status() == 422, f"a rejection without reasons answered {phone.status()}"
    assert phone.path == f"{tracking}/acceptance", phone.driver.current_url
    refusal = [e.text for e in phone.all("#track-reject .field-error") if e.is_displayed()]
    assert refusal and all(text.strip() for text in refusal), (
        f"no message beside the reasons:\n{phone.text('#track-reject')}"
    )
    assert REASONS_REQUIRED in " ".join(refusal), refusal
    assert phone.find("#reject-reasons").get_attribute("aria-invalid") == "true", "the reasons are not marked"
    kept = [i.get_attribute("value") for i in phone.all("#track-reject .upload-list input[name=photo]")]
    assert kept == [photo_id], f"the photo was lost with the refusal: {kept} (was {photo_id})"
    assert "drip.png" in phone.text("#track-reject .upload-list"), phone.text("#track-reject")
    assert phone.text("#order-status") == AWAITING, "the refused answer changed the order"
    assert page_width(phone) <= PHONE[0], f"the refused page is {page_width(phone)}px wide"

    # With reasons: rejected, the order goes to rework.
    reasons = phone.find("#reject-reasons")
    reasons.clear()
    reasons.send_keys("内机仍然滴水，见照片")
    reject = phone.find("#reject")
    to_centre(phone, reject)
    phone.click_and_load(reject)
    assert phone.path == tracking and phone.query == "acceptance=rejected", phone.driver.current_url
    assert phone.text("#delivery p.notice[role=status]") == ANSWERED_REJECTED, phone.text("#delivery")
    assert phone.text("#in-rework") == REWORK_NOTE, phone.text("#delivery")
    assert phone.text("#order-status") == IN_REWORK, phone.text("#order-status")
    assert not phone.all("#track-accept") and not phone.all("#track-reject"), "the answered report asks again"
    assert page_width(phone) <= PHONE[0], f"the answered page is {page_width(phone)}px wide"

    # The store sees it: in rework, counted once, with the customer's reasons and photo.
    desk = signed_in_at(screens, f"/console/orders/{number}", MANAGER)
    status = desk.find("#order-status")
    assert status.text == IN_REWORK and "status-rework" in (status.get_attribute("class") or ""), status.text
    assert desk.text("#rework-count") == "1", desk.text("#delivery")
    answer = desk.text("#delivery .answer-rejected")
    assert "内机仍然滴水，见照片" in answer, f"the reasons are not on the order page:\n{desk.text('#delivery')}"
    wait_for_images(desk, "#delivery .answer-rejected img.thumb", "the customer's photo")
    assert desk.all("#assign-rework"), "the store is not offered to assign the rework"
