"""The staff console and the customer booking page in a real browser.

The HTTP tests (test_access.py and the Swift suites) check what the server
answers. What only a browser shows is checked here, with Selenium driving a
headless Chromium against a real `orderflow serve`:

* the sign-in round trip lands where the person was going;
* the new-order form keeps what was typed when a field is wrong, shows the
  error beside that field, and its script keeps the running total current;
* a reviewer finds a key customer's order in the queue and decides on it,
  and a rejection without a reason is refused on the page;
* a customer books on the public page and the tracking link works in
  another browser with no cookies, showing the customer masked;
* the language switch holds from page to page;
* sending the same new-order form twice makes one order.

One server (and one demo database) serves the whole module; each test uses
its own customers' phones, so the tests do not depend on each other's order.
Every wait is bounded: page loads, scripts and each WebDriverWait.

With ORDERFLOW_SCREENSHOTS=<dir> the tests also save the main screens there
(README.md shows them from docs/images).

The tests need chromium, chromedriver and the selenium package; they skip,
saying which is missing, without them (.ci/run installs all three).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from harness import Api, OrderFactory, ServerProcess, load_reference_data

selenium = pytest.importorskip(
    "selenium", reason="the selenium package is missing (pip install -r tests/requirements.txt)"
)
from selenium import webdriver  # noqa: E402  (after the skip: the module may be missing)
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

DEMO_PASSWORD = "OrderFlow-demo-2026"
LANGUAGE_COOKIE = "orderflow_lang"
# Bounded waits: the debug build on a busy 2-core CI machine is slow, but a
# page that takes longer than this is a failure, not something to wait out.
PAGE_LOAD_TIMEOUT_S = 20
SCRIPT_TIMEOUT_S = 15
WAIT_S = 10
DESKTOP = (1280, 900)
PHONE = (390, 844)
TRACKING_PATH = re.compile(r"^/track/([0-9a-f]{40})$")
ORDER_PATH = re.compile(r"^/console/orders/([^/?#]+)$")


# --------------------------------------------------------------------------
# The parts: chromium, chromedriver, a server
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChromeParts:
    browser: str
    driver: str


@pytest.fixture(scope="module")
def chrome_parts() -> ChromeParts:
    """The installed browser and driver, found on PATH (Debian: chromium, chromium-driver).

    Why explicit paths: given both, Selenium never starts Selenium Manager,
    which would otherwise try to download a browser or driver from the network.
    """
    browser = next(
        (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))),
        None,
    )
    driver = shutil.which("chromedriver")
    if driver is None and os.access("/usr/bin/chromedriver", os.X_OK):
        driver = "/usr/bin/chromedriver"  # Debian's, when /usr/bin is not on PATH
    if browser is None:
        pytest.skip("chromium is missing (apt-get install chromium)")
    if driver is None:
        pytest.skip("chromedriver is missing (apt-get install chromium-driver)")
    return ChromeParts(browser=browser, driver=driver)


@pytest.fixture(scope="module")
def console_server(orderflow_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One real server on a demo database for the module.

    Why one: starting a server and loading the demo costs seconds, and the
    tests keep to their own customers (phones), so they can share it.
    """
    root = tmp_path_factory.mktemp("browser")
    db_path = root / "db.sqlite"
    load_reference_data(orderflow_bin, db_path)
    server = ServerProcess(orderflow_bin, db_path, root / "server.log")
    try:
        server.start()
        yield server
    finally:
        server.kill()


@dataclass(frozen=True)
class Slot:
    """An appointment as the forms take it: a day and two "HH:MM" times."""

    date: str
    start: str
    end: str


@pytest.fixture(scope="module")
def slot(console_server: ServerProcess) -> Slot:
    """A bookable SH01 window: the first open day ≥ 3 days ahead (Asia/Shanghai), 09:00–11:00.

    Why from the server's own store data: the window must be open, not a
    holiday, in the future and in the store's time zone; OrderFactory
    already knows how to pick one.
    """
    factory = OrderFactory(Api(console_server.base_url), "SH01")
    zone = ZoneInfo(factory.store["timeZone"])
    start_utc, end_utc = factory.slots[0]
    start = dt.datetime.fromisoformat(start_utc.replace("Z", "+00:00")).astimezone(zone)
    end = dt.datetime.fromisoformat(end_utc.replace("Z", "+00:00")).astimezone(zone)
    assert start.date() >= dt.datetime.now(zone).date() + dt.timedelta(days=3)
    return Slot(start.date().isoformat(), start.strftime("%H:%M"), end.strftime("%H:%M"))


_phones = itertools.count(1)


def browser_phone() -> str:
    """A valid mobile no other test of this module uses (harness.unique_mobile uses 139…)."""
    return f"137{next(_phones):08d}"


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------


class Screen:
    """One browser window on the server: the steps a person takes, each bounded."""

    def __init__(self, driver: WebDriver, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    # Navigation -----------------------------------------------------------

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    @property
    def path(self) -> str:
        return urlsplit(self.driver.current_url).path

    @property
    def query(self) -> str:
        return urlsplit(self.driver.current_url).query

    def status(self) -> int:
        """The HTTP status of the page on screen, as the browser received it."""
        return int(
            self.driver.execute_script(
                "const n = performance.getEntriesByType('navigation'); return n.length ? n[0].responseStatus : 0;"
            )
        )

    def wait(self, condition: Callable[[WebDriver], Any], what: str, timeout: float = WAIT_S) -> Any:
        try:
            return WebDriverWait(self.driver, timeout).until(condition)
        except TimeoutException:
            raise AssertionError(
                f"waited {timeout:.0f}s for {what}; on screen: {self.driver.current_url}\n{self.text()[:800]}"
            ) from None

    def mark_page(self) -> None:
        """Marks the document on screen, so that wait_for_next_page can tell it from the next one."""
        self.driver.execute_script("document.orderflowOldPage = true;")

    def wait_for_next_page(self) -> None:
        """Waits until a new document replaced the marked one and has loaded.

        Why a mark and not an element going stale: while the page changes,
        chromedriver sometimes answers about the old element with an error
        that is not "stale"; a mark on the old document is unambiguous, and
        a script that runs in the old document or fails while it unloads
        just means "not yet".
        """

        def loaded(driver: WebDriver) -> bool:
            try:
                return bool(
                    driver.execute_script(
                        "return !document.orderflowOldPage && document.readyState === 'complete';"
                    )
                )
            except WebDriverException:
                return False

        self.wait(loaded, "the next page")

    def click_and_load(self, element: WebElement) -> None:
        """Clicks something that navigates and waits for the new page to be complete."""
        self.mark_page()
        element.click()
        self.wait_for_next_page()

    # Reading --------------------------------------------------------------

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str = "body") -> str:
        found = self.all(css)
        return found[0].text if found else ""

    def lang(self) -> str:
        return self.find("html").get_attribute("lang") or ""

    # Typing ---------------------------------------------------------------

    def type(self, element_id: str, value: str) -> None:
        field = self.driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)

    def choose(self, element_id: str, value: str) -> None:
        Select(self.driver.find_element(By.ID, element_id)).select_by_value(value)

    def set_date(self, element_id: str, value: str) -> None:
        """Sets a type=date input through the DOM: typing would depend on the browser's locale."""
        field = self.driver.find_element(By.ID, element_id)
        self.driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            field,
            value,
        )
        assert field.get_attribute("value") == value, f"the date input did not take {value!r}"

    # Steps ----------------------------------------------------------------

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Fills the login form on screen and submits it."""
        assert self.path == "/login", f"not on the login page: {self.driver.current_url}"
        self.type("username", username)
        self.type("password", password)
        self.click_and_load(self.find("form[action='/login'] button[type=submit]"))
        assert self.path != "/login", f"sign-in as {username} failed:\n{self.text()[:500]}"

    def sign_out(self) -> None:
        self.click_and_load(self.find("form[action='/logout'] button[type=submit]"))
        assert self.path == "/login", f"sign-out landed on {self.driver.current_url}"

    def shoot(self, name: str) -> None:
        """Saves the window as <name> in ORDERFLOW_SCREENSHOTS, when that is set."""
        directory = os.environ.get("ORDERFLOW_SCREENSHOTS")
        if not directory:
            return
        Path(directory).mkdir(parents=True, exist_ok=True)
        assert self.driver.save_screenshot(str(Path(directory) / name)), f"screenshot {name} not saved"


@pytest.fixture
def screens(chrome_parts: ChromeParts, console_server: ServerProcess) -> Iterator[Callable[..., Screen]]:
    """open_screen(width, height) → a new browser with no cookies; all are closed in teardown.

    The browser asks for Chinese (Accept-Language zh-CN), as the staff's do:
    Chinese is the console's default, and the language tests start from it.
    """
    drivers: list[WebDriver] = []

    def open_screen(width: int = DESKTOP[0], height: int = DESKTOP[1]) -> Screen:
        options = webdriver.ChromeOptions()
        options.binary_location = chrome_parts.browser
        for argument in (
            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            f"--window-size={width},{height}", "--lang=zh-CN",
        ):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
        driver = webdriver.Chrome(service=Service(chrome_parts.driver), options=options)
        drivers.append(driver)
        driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
        driver.set_script_timeout(SCRIPT_TIMEOUT_S)
        # The page itself gets exactly width × height: a headless window keeps
        # some of its size for the browser's own frame and is at least 500px wide,
        # so a window of 390px would not be a phone's screen.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        return Screen(driver, console_server.base_url)

    yield open_screen
    for driver in drivers:
        try:
            driver.quit()
        except Exception:  # teardown must reach every browser
            pass


# --------------------------------------------------------------------------
# The new-order form
# --------------------------------------------------------------------------


def fill_new_order(screen: Screen, slot: Slot, *, name: str, phone: str, tier: str = "regular") -> None:
    """A complete phone order for SH01: 2 × AC-CLEAN (¥256.00) at the given slot."""
    assert screen.path == "/console/orders/new", screen.driver.current_url
    screen.choose("storeCode", "SH01")
    screen.choose("channel", "phone")
    screen.type("name", name)
    screen.type("phone", phone)
    screen.choose("tier", tier)
    screen.type("province", "上海市")
    screen.type("city", "上海市")
    screen.type("district", "徐汇区")
    screen.type("detail", "漕溪北路 88 号 12 楼")
    screen.choose("item-0", "AC-CLEAN")
    screen.type("spec-0", "挂机 1.5 匹")
    screen.type("qty-0", "2")
    screen.set_date("date", slot.date)
    screen.choose("start", slot.start)
    screen.choose("end", slot.end)
    screen.choose("payment", "cash")


def wait_for_total(screen: Screen, expected: str) -> None:
    screen.wait(lambda d: screen.text("#total") == expected, f"the running total {expected}")


def order_number_on_screen(screen: Screen) -> str:
    match = ORDER_PATH.match(screen.path)
    assert match, f"not on an order page: {screen.driver.current_url}\n{screen.text()[:500]}"
    return match.group(1)


def orders_for_phone(screen: Screen, phone: str) -> list[str]:
    """The order numbers the console's list shows for one phone (the list's own filter)."""
    screen.open(f"/console/orders?phone={phone}")
    assert screen.status() == 200, screen.text()[:500]
    return [link.text for link in screen.all("main table tbody tr td:first-child a")]


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------


def test_sign_in_returns_to_the_page_asked_for(screens: Callable[..., Screen]) -> None:
    """Why: a person sent to the login page from a bookmark must land on that
    page afterwards, signed in as themselves, not on some start page."""
    screen = screens()
    screen.open("/console/orders")
    assert screen.path == "/login", f"the console rendered without a session: {screen.driver.current_url}"
    assert parse_qs(screen.query) == {"next": ["/console/orders"]}, screen.driver.current_url
    assert screen.lang() == "zh-Hans", f"a Chinese browser got lang={screen.lang()!r}"
    assert screen.find("input[name=next]").get_attribute("value") == "/console/orders"
    screen.shoot("login.png")

    screen.sign_in("sh.manager")
    assert screen.path == "/console/orders" and screen.status() == 200, screen.driver.current_url
    assert "黄建国" in screen.text("header"), f"the header does not name the user:\n{screen.text('header')}"
    assert screen.find("h1").text == "订单", screen.find("h1").text
    assert screen.find("nav a[aria-current=page]").text == "订单"

    # The session holds: another console page opens without a detour.
    screen.open("/console/review")
    assert screen.path == "/console/review" and screen.status() == 200, screen.driver.current_url


def test_new_order_errors_beside_the_field_then_created(screens: Callable[..., Screen], slot: Slot) -> None:
    """Why: a receptionist with a caller on the line must see which field is
    wrong without retyping the rest, and the price before promising it."""
    screen = screens()
    screen.open("/console/orders/new")
    screen.sign_in("sh.manager")
    assert screen.path == "/console/orders/new", screen.driver.current_url

    phone = browser_phone()
    fill_new_order(screen, slot, name="王小丽", phone="1381234")
    # The script adds the lines up while typing: 2 × ¥128.00, before any submit.
    wait_for_total(screen, "¥256.00")
    screen.type("qty-0", "3")
    wait_for_total(screen, "¥384.00")
    screen.type("qty-0", "2")
    wait_for_total(screen, "¥256.00")

    screen.click_and_load(screen.find("#create"))
    assert screen.status() == 422, f"a bad phone answered {screen.status()}"
    assert screen.path == "/console/orders", screen.driver.current_url
    error = screen.all("#err-phone.field-error")
    assert error and error[0].text.strip(), f"no error beside the phone:\n{screen.text('main')[:800]}"
    assert screen.find("#phone").get_attribute("aria-invalid") == "true"
    assert screen.find("#phone").get_attribute("aria-describedby") == "err-phone"
    # Only the phone is wrong, and everything typed is still there.
    assert [e.get_attribute("id") for e in screen.all(".field-error[id]")] == ["err-phone"], screen.text("main")[:800]
    assert screen.find("#name").get_attribute("value") == "王小丽"
    assert screen.find("#phone").get_attribute("value") == "1381234"
    assert screen.find("#detail").get_attribute("value") == "漕溪北路 88 号 12 楼"
    assert Select(screen.find("#item-0")).first_selected_option.get_attribute("value") == "AC-CLEAN"
    assert screen.find("#qty-0").get_attribute("value") == "2"
    assert screen.find("#spec-0").get_attribute("value") == "挂机 1.5 匹"
    assert screen.find("#date").get_attribute("value") == slot.date
    assert Select(screen.find("#start")).first_selected_option.get_attribute("value") == slot.start
    assert Select(screen.find("#end")).first_selected_option.get_attribute("value") == slot.end
    assert screen.text("#total") == "¥256.00", screen.text("#total")
    screen.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", screen.find("#phone"))
    screen.shoot("new-order-errors.png")

    screen.type("phone", phone)
    screen.click_and_load(screen.find("#create"))
    number = order_number_on_screen(screen)
    assert screen.query == "done=created", screen.driver.current_url
    assert screen.text(".notice") == "订单已创建。", screen.text("main")[:500]
    assert number in screen.text("main"), f"the order page does not show its number {number}"
    assert screen.text("#customer-name") == "王小丽" and screen.text("#customer-phone") == phone
    assert "¥256.00" in screen.text(".facts .total"), screen.text(".facts")
    screen.driver.execute_script("window.scrollTo(0, 0)")
    screen.shoot("order-detail.png")
    assert orders_for_phone(screen, phone) == [number]


def test_reviewer_finds_a_key_customer_order_and_decides(screens: Callable[..., Screen], slot: Slot) -> None:
    """Why: key customers' orders wait for a reviewer; the reviewer must find
    them in the queue, a rejection must carry a reason, and an approval must
    confirm the order."""
    screen = screens()
    screen.open("/console/orders/new")
    screen.sign_in("sh.manager")
    fill_new_order(screen, slot, name="赵大伟", phone=browser_phone(), tier="key")
    screen.click_and_load(screen.find("#create"))
    number = order_number_on_screen(screen)
    assert screen.text("#order-status") == "待审核", f"a key customer's order is {screen.text('#order-status')!r}"

    screen.sign_out()
    screen.open("/console/orders")
    assert screen.path == "/login", "the console still opens after signing out"
    screen.sign_in("review.zhou")

    screen.open("/console/review")
    assert screen.status() == 200 and screen.find("h1").text == "审核队列", screen.text("main")[:500]
    links = [a for a in screen.all("main table a") if a.text == number]
    assert links, f"order {number} is not in the review queue:\n{screen.text('main')[:800]}"
    screen.shoot("review-queue.png")

    screen.click_and_load(links[0])
    assert screen.path == f"/console/orders/{number}", screen.driver.current_url
    assert screen.text("#order-status") == "待审核"

    # Rejecting without a reason: refused on the page, the order unchanged.
    screen.find("#reject-reason").clear()
    screen.click_and_load(screen.find("#reject"))
    assert screen.status() == 422, f"an empty rejection reason answered {screen.status()}"
    error = screen.all("#reject-error")
    assert error and error[0].text.strip(), f"no error for the empty reason:\n{screen.text('main')[:800]}"
    assert screen.find("#reject-reason").get_attribute("aria-invalid") == "true"
    assert screen.text("#order-status") == "待审核", "an empty rejection changed the order"

    screen.click_and_load(screen.find("#approve"))
    assert screen.path == f"/console/orders/{number}" and screen.query == "done=approved", screen.driver.current_url
    assert screen.text(".notice") == "订单已审核通过。", screen.text("main")[:500]
    assert screen.text("#order-status") == "已确认", screen.text("#order-status")
    assert not screen.all("#approve") and not screen.all("#reject"), "a decided order still offers a decision"

    screen.open("/console/review")
    assert number not in screen.text("main"), f"approved order {number} is still in the review queue"


def test_customer_books_and_follows_the_order_from_another_browser(
    screens: Callable[..., Screen], slot: Slot
) -> None:
    """Why: the tracking link is all a customer keeps; it must work on any
    device without cookies, must not print the customer's full details, and
    a guessed link must show nothing."""
    screen = screens()
    screen.open("/book/SH01")
    assert screen.status() == 200, screen.text()[:500]
    # The store's address is the default; the customer changes only what differs.
    assert screen.find("#province").get_attribute("value") == "上海市"
    assert screen.find("#city").get_attribute("value"), "the city is not prefilled"
    assert screen.find("#district").get_attribute("value"), "the district is not prefilled"
    screen.choose("item-0", "AC-CLEAN")
    screen.type("qty-0", "1")
    screen.type("spec-0", "客厅柜机")
    wait_for_total(screen, "¥128.00")
    screen.set_date("date", slot.date)
    screen.choose("start", slot.start)
    screen.choose("end", slot.end)
    screen.type("name", "陈晓")
    screen.type("phone", "13600001111")
    screen.type("detail", "漕溪北路 100 号 3 楼")
    screen.driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    screen.shoot("booking.png")

    screen.click_and_load(screen.find("#book"))
    match = TRACKING_PATH.match(screen.path)
    assert match and screen.query == "booked=1", (
        f"booking landed on {screen.driver.current_url}:\n{screen.text()[:800]}"
    )
    number = screen.text("#order-number")
    assert number, "no order number after booking"
    status = screen.text("#order-status")
    assert status, "no status after booking"
    assert screen.all(".notice"), "no confirmation notice after booking"

    # Another device: a browser that never saw this site.
    other = screens()
    other.open(screen.path)
    assert other.status() == 200, other.text()[:500]
    assert other.driver.get_cookie("orderflow_session") is None, "the fresh browser has a session"
    assert other.text("#order-number") == number
    assert other.text("#order-status") == status
    page = other.text("main")
    assert "陈*" in page and "136****1111" in page, f"the customer is not shown masked:\n{page}"
    assert "13600001111" not in page and "陈晓" not in page, f"the tracking page shows the customer in full:\n{page}"
    assert "100 号" not in page, "the tracking page shows the street address"
    assert not other.all(".notice"), "the just-booked notice shows on a plain visit"
    other.shoot("tracking.png")

    other.open("/track/" + "0" * 40)
    assert other.status() == 404, f"a made-up tracking link answered {other.status()}"
    assert "链接无效或已过期" in other.text("main"), other.text()[:500]
    assert number not in other.text()


def test_language_switch_holds_across_pages(screens: Callable[..., Screen]) -> None:
    """Why: a person who picks English must keep it from page to page (a
    cookie), whatever the browser asks for, and be able to switch back."""
    screen = screens()
    screen.open("/console/orders")
    screen.sign_in("cs.liu")
    assert screen.lang() == "zh-Hans" and screen.find("h1").text == "订单"

    screen.click_and_load(screen.find("#switch-language"))
    assert screen.path == "/console/orders", f"the switch did not return to the page: {screen.driver.current_url}"
    assert screen.lang() == "en", screen.lang()
    nav = [a.text for a in screen.all("header nav a")]
    assert nav[:2] == ["Orders", "New order"], nav
    assert screen.find("h1").text == "Orders"
    assert screen.driver.get_cookie(LANGUAGE_COOKIE)["value"] == "en"
    screen.shoot("orders-en.png")

    # The next page, reached by the nav, is English too; so is a typed URL.
    screen.click_and_load(screen.driver.find_element(By.LINK_TEXT, "New order"))
    assert screen.lang() == "en" and screen.find("h1").text == "New order", screen.text("h1")
    assert screen.find("#create").text == "Create the order", screen.find("#create").text
    screen.open("/book/SH01")
    assert screen.lang() == "en" and "Book a service" in screen.text("h1"), screen.text("h1")

    screen.open("/console/orders/new")
    screen.click_and_load(screen.find("#switch-language"))
    assert screen.path == "/console/orders/new", screen.driver.current_url
    assert screen.lang() == "zh-Hans" and screen.find("h1").text == "新建订单", screen.text("h1")
    assert screen.driver.get_cookie(LANGUAGE_COOKIE)["value"] == "zh-Hans"
    screen.open("/console/orders")
    assert screen.find("h1").text == "订单"


def test_the_same_new_order_form_sent_twice_makes_one_order(screens: Callable[..., Screen], slot: Slot) -> None:
    """Why: a double click, a flaky network's retry or a reload must not book
    the customer twice; the form carries a token for exactly that."""
    screen = screens()
    screen.open("/console/orders/new")
    screen.sign_in("sh.manager")

    # 1. Sent, then the very same form data sent again from the browser.
    phone = browser_phone()
    fill_new_order(screen, slot, name="孙一凡", phone=phone)
    wait_for_total(screen, "¥256.00")
    sent = screen.driver.execute_script(
        "return [...new FormData(document.getElementById('new-order')).entries()];"
    )
    assert any(name == "formToken" and value for name, value in sent), "the form carries no form token"
    screen.click_and_load(screen.find("#create"))
    number = order_number_on_screen(screen)

    resend = (
        "const form = document.createElement('form');"
        "form.method = 'post'; form.action = '/console/orders';"
        "for (const [name, value] of arguments[0]) {"
        "  const input = document.createElement('input');"
        "  input.type = 'hidden'; input.name = name; input.value = value; form.appendChild(input);"
        "}"
        "document.body.appendChild(form); form.submit();"
    )
    screen.mark_page()
    screen.driver.execute_script(resend, sent)
    screen.wait_for_next_page()
    assert order_number_on_screen(screen) == number, (
        f"the same form sent again led to {screen.driver.current_url}, not to order {number}"
    )
    assert orders_for_phone(screen, phone) == [number], "sending the same form twice made two orders"

    # 2. Two sends at the same moment (a double click racing the first answer).
    # The console's CSP (default-src 'none') forbids fetch() from its pages,
    # rightly; the test lifts it for this tab only, to fire both at once.
    screen.driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    phone = browser_phone()
    screen.open("/console/orders/new")
    fill_new_order(screen, slot, name="周小川", phone=phone)
    landed = screen.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const body = new URLSearchParams(new FormData(document.getElementById('new-order'))).toString();"
        "const send = () => fetch('/console/orders', {method: 'POST', body, credentials: 'same-origin',"
        "  headers: {'Content-Type': 'application/x-www-form-urlencoded'}})"
        "  .then(r => [r.status, new URL(r.url).pathname]).catch(e => [0, String(e)]);"
        "Promise.all([send(), send()]).then(done);"
    )
    assert [status for status, _ in landed] == [200, 200], f"two sends at once answered {landed}"
    paths = {path for _, path in landed}
    assert len(paths) == 1 and ORDER_PATH.match(paths.pop() or ""), f"two sends at once landed on {landed}"
    listed = orders_for_phone(screen, phone)
    assert len(listed) == 1, f"two sends at once made {len(listed)} orders: {listed}"
    assert landed[0][1] == f"/console/orders/{listed[0]}", (landed, listed)

    # The screens for README: the list with the orders this module made, wide and on a phone.
    screen.open("/console/orders")
    assert len(screen.all("main table tbody tr")) >= 2, screen.text("main")[:500]
    screen.shoot("orders.png")
    phone_screen = screens(*PHONE)
    phone_screen.open("/console/orders")
    phone_screen.sign_in("sh.manager")
    assert phone_screen.driver.execute_script("return window.innerWidth") == PHONE[0]
    overflow = phone_screen.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
    )
    assert overflow <= 0, f"the orders page is {overflow}px wider than a 390px phone screen"
    phone_screen.shoot("orders-phone.png")
