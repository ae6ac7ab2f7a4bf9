"""Customer notifications, webhooks and dead letters, end to end (issue 6, B3).

The real `orderflow serve` runs with its notifier, one round a second,
talking to stand-ins started inside this test process on free loopback
ports:

* an SMTP server (aiosmtpd) that keeps every message it accepts;
* one threaded HTTP server that plays both the SMS gateway (`POST /sms`)
  and an integration's webhook endpoint (`POST /hook`), keeps every
  request, and answers with the statuses a test scripts (503 twice, 400
  until told otherwise, …).

What is checked is what leaves the server: the SMS text and its tracking
link, the decoded e-mail, the webhook's signature and its body (no
customer personal data), retries after failures with the same delivery
id, the dead-letter list and a manual retry, and a customer stopping SMS
from the tracking page.

ServerProcess in harness.py takes no extra environment, so this module
subclasses it (NotifyingServer). Every wait is bounded: the stand-ins'
queues are polled until a deadline, every HTTP call has a timeout.
Running the binary is retried a few times, because another engineer may
be relinking `.build/debug/orderflow` while the tests run.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import hmac
import json
import re
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests
from harness import (
    HTTP_TIMEOUT_S,
    PLATFORM,
    PLATFORM_SECRET,
    TOKENS,
    TOKENS_BY_DATABASE,
    Api,
    ServerProcess,
    base_environment,
    create_token,
    free_port,
    load_reference_data,
    make_token,
    next_working_day,
    service_order_body,
    unique_mobile,
)

aiosmtpd_controller = pytest.importorskip(
    "aiosmtpd.controller", reason="aiosmtpd is needed for the SMTP stand-in (pip install aiosmtpd)"
)

SMTP_FROM = "notice@orderflow.test"
SMS_KEY = "sms-key-system-test-0123"
CUSTOMER_EMAIL = "kehu@example.com"
# How long to keep watching after a message arrived, to be sure no second
# one follows: a few notifier rounds (one a second).
QUIET_S = 3.0
# Running the binary: how often, and how long apart, while it may be relinked.
BINARY_ATTEMPTS = 4
BINARY_RETRY_PAUSE_S = 3.0

TRACK_LINK = re.compile(r"(https?://[^\s/]+/track/([A-Za-z0-9_\-]+))")
HAN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")

T = TypeVar("T")


# --------------------------------------------------------------------------
# Running the binary while it may be relinked
# --------------------------------------------------------------------------


def with_retries(what: str, action: Callable[[], T]) -> T:
    """Runs `action`, again after a pause when it fails (a binary being relinked fails once)."""
    last: BaseException | None = None
    for attempt in range(BINARY_ATTEMPTS):
        try:
            return action()
        except (OSError, AssertionError, subprocess.SubprocessError) as error:
            last = error
            if attempt + 1 < BINARY_ATTEMPTS:
                time.sleep(BINARY_RETRY_PAUSE_S)
    raise AssertionError(f"{what} failed {BINARY_ATTEMPTS} times; last: {last}") from last


class NotifyingServer(ServerProcess):
    """`orderflow serve` with extra environment (SMTP, SMS gateway, public URL, retry base).

    ORDERFLOW_PUBLIC_URL is the server's own address, so the tracking link
    in a message leads back to this server.
    """

    def __init__(self, binary: Path, db_path: Path, log_path: Path, extra_env: dict[str, str]) -> None:
        super().__init__(binary, db_path, log_path)
        self.extra_env = {"ORDERFLOW_PUBLIC_URL": self.base_url, **extra_env}

    def start(self) -> NotifyingServer:
        def once() -> NotifyingServer:
            try:
                return self._start_once()
            except BaseException:
                self.kill()
                raise

        return with_retries("starting orderflow serve", once)

    def _start_once(self) -> NotifyingServer:
        if self.db_path not in TOKENS_BY_DATABASE:
            TOKENS_BY_DATABASE[self.db_path] = create_token(self.binary, self.db_path)
        TOKENS[self.base_url] = TOKENS_BY_DATABASE[self.db_path]
        env = base_environment()
        env.update(
            ORDERFLOW_SQLITE_PATH=str(self.db_path),
            ORDERFLOW_PLATFORM_SECRETS=f"{PLATFORM}={PLATFORM_SECRET}",
        )
        env.update(self.extra_env)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.wait_ready()
        return self

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


# --------------------------------------------------------------------------
# The stand-ins: an SMTP server and an HTTP server (SMS gateway + webhook)
# --------------------------------------------------------------------------


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


class MailBox:
    """An aiosmtpd handler: keeps every message accepted (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._mails: list[Mail] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        with self._lock:
            self._mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), bytes(raw)))
        return "250 Message accepted for delivery"

    def mails(self, to: str | None = None) -> list[Mail]:
        with self._lock:
            return [m for m in self._mails if to is None or to in m.rcpt_tos]


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class StandIn:
    """A threaded HTTP server recording every POST; answers are scripted per path.

    `script[path]` holds statuses answered first, in order; after that
    `default[path]` (200 unless set).
    """

    httpd: ThreadingHTTPServer
    thread: threading.Thread
    lock: threading.Lock = field(default_factory=threading.Lock)
    received: list[Received] = field(default_factory=list)
    script: dict[str, list[int]] = field(default_factory=dict)
    default: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def answer_for(self, path: str) -> int:
        with self.lock:
            planned = self.script.get(path)
            if planned:
                return planned.pop(0)
            return self.default.get(path, 200)

    def record(self, item: Received) -> None:
        with self.lock:
            self.received.append(item)

    def requests_to(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]

    def set_default(self, path: str, status: int) -> None:
        with self.lock:
            self.default[path] = status

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def start_stand_in() -> StandIn:
    holder: dict[str, StandIn] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 15  # an idle keep-alive connection is dropped after this

        def do_POST(self) -> None:
            stand_in = holder["it"]
            body = self._read_body()
            path = self.path.split("?", 1)[0]
            status = stand_in.answer_for(path)
            stand_in.record(Received(path, {k.lower(): v for k, v in self.headers.items()}, body, status))
            answer = json.dumps({"accepted": 200 <= status < 300}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return chunks
                    chunks += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    stand_in = StandIn(httpd, thread)
    holder["it"] = stand_in
    thread.start()
    return stand_in


# --------------------------------------------------------------------------
# One test's world: stand-ins, a fresh database, the server
# --------------------------------------------------------------------------


@dataclass
class Stack:
    binary: Path
    db_path: Path
    mailbox: MailBox
    stand_in: StandIn
    smtp_port: int
    server: NotifyingServer
    smtp: Any = None  # the aiosmtpd Controller while running

    @property
    def api(self) -> Api:
        """Customer service and administrator for every store (the harness's token)."""
        return Api(self.server.base_url)

    def api_as(self, *roles: str) -> Api:
        token = with_retries(
            f"making a token {roles}",
            lambda: make_token(self.binary, ["--sqlite-path", str(self.db_path)], *roles),
        )
        return Api(self.server.base_url, token=token)

    def start_smtp(self) -> None:
        controller = aiosmtpd_controller.Controller(self.mailbox, hostname="127.0.0.1", port=self.smtp_port)
        controller.start()
        self.smtp = controller

    def sms_to(self, phone: str) -> list[Received]:
        return [r for r in self.stand_in.requests_to("/sms") if r.json().get("to") == phone]

    def webhooks_for(self, number: str) -> list[Received]:
        return [r for r in self.stand_in.requests_to("/hook") if r.json()["order"]["number"] == number]

    def wait_until(self, what: str, check: Callable[[], T], timeout: float) -> T:
        """Polls `check` until it returns something truthy; fails with the server log after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"{what}: not within {timeout:.0f}s\n--- server log (tail) ---\n{self.server.log_tail(60)}"
                )
            time.sleep(0.2)


@pytest.fixture
def stack(orderflow_bin: Path, tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    """start(smtp_running=True) → stand-ins plus a ready server on a fresh database; all stopped in teardown."""
    made: list[Stack] = []
    stand_ins: list[StandIn] = []

    def start(*, smtp_running: bool = True) -> Stack:
        db_path = tmp_path / "db.sqlite"
        with_retries("loading the reference data", lambda: load_reference_data(orderflow_bin, db_path))
        stand_in = start_stand_in()
        stand_ins.append(stand_in)
        smtp_port = free_port()  # reserved, not listened on unless smtp_running
        server = NotifyingServer(
            orderflow_bin,
            db_path,
            tmp_path / "server.log",
            {
                "ORDERFLOW_SMTP_HOST": "127.0.0.1",
                "ORDERFLOW_SMTP_PORT": str(smtp_port),
                "ORDERFLOW_SMTP_FROM": SMTP_FROM,
                "ORDERFLOW_SMS_URL": f"{stand_in.url}/sms",
                "ORDERFLOW_SMS_KEY": SMS_KEY,
                "ORDERFLOW_DELIVERY_RETRY_SECONDS": "1",
                # The webhook receivers of these tests run on this machine.
                "ORDERFLOW_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
            },
        )
        world = Stack(orderflow_bin, db_path, MailBox(), stand_in, smtp_port, server)
        made.append(world)
        if smtp_running:
            world.start_smtp()
        server.start()
        return world

    yield start
    for world in made:
        try:
            world.server.kill()
        except Exception:  # teardown must reach everything
            pass
        try:
            if world.smtp is not None:
                world.smtp.stop()
        except Exception:
            pass
    for stand_in in stand_ins:
        try:
            stand_in.stop()
        except Exception:
            pass


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def create_confirmed_order(api: Api, phone: str, **customer: str) -> dict[str, Any]:
    """A phone order of one on-site item that the automatic check confirms at once."""
    body = service_order_body("AC-CLEAN", next_working_day(), "09:00", "11:00", phone)
    body["customer"].update(customer)
    created = api.post("/orders", json=body)
    assert created.status_code == 201, created.text[:500]
    order = created.json()
    assert order["status"] == "confirmed", f"expected an automatic confirmation: {order['status']}"
    return order


def deliveries(api: Api, order: dict[str, Any], status: str | None = None) -> list[dict[str, Any]]:
    listed = api.get("/notifications/deliveries", params={"status": status} if status else None)
    assert listed.status_code == 200, listed.text[:500]
    # Compared without case: this list spells UUIDs in capitals, the orders API in small letters.
    return [d for d in listed.json()["items"] if d["orderId"].lower() == order["id"].lower()]


def tracking_link(sms: Received) -> tuple[str, str]:
    """(link, token) from an SMS text."""
    found = TRACK_LINK.search(sms.json()["text"])
    assert found, f"no tracking link in the SMS: {sms.json()['text']!r}"
    return found.group(1), found.group(2)


def epoch_ms(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def expected_signature(secret: str, request: Received) -> str:
    signed = request.headers["x-orderflow-timestamp"].encode() + b"." + request.body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def add_webhook(api: Api, url: str) -> dict[str, Any]:
    added = api.post("/webhooks", json={"url": url})
    assert added.status_code == 201, added.text[:500]
    endpoint = added.json()
    assert endpoint.get("secret"), f"the new endpoint's secret is not shown: {endpoint}"
    return endpoint


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------


def test_sms_email_and_webhook_are_sent_and_signed(stack: Callable[..., Stack]) -> None:
    """An automatically confirmed order of an English-speaking customer sends
    exactly one SMS (English, with the order number and a tracking link), one
    e-mail (subject and base64 body decode to the order number) and one signed
    webhook without personal data; the link in the SMS opens the order's
    tracking page.
    """
    world = stack()
    admin = world.api
    endpoint = add_webhook(admin, f"{world.stand_in.url}/hook")
    listed = admin.get("/webhooks")
    assert listed.status_code == 200, listed.text[:300]
    assert [(e["id"], e["active"], e.get("secret")) for e in listed.json()["items"]] == [
        (endpoint["id"], True, None)
    ], f"the list must show the endpoint, active, without its secret: {listed.json()}"

    phone = unique_mobile()
    order = create_confirmed_order(admin, phone, email=CUSTOMER_EMAIL, language="en")
    number = order["number"]

    world.wait_until(
        "an SMS, an e-mail and a webhook",
        lambda: world.sms_to(phone) and world.mailbox.mails(CUSTOMER_EMAIL) and world.webhooks_for(number),
        timeout=20,
    )
    time.sleep(QUIET_S)  # a second "received" or "confirmed" message would show up by now

    # The SMS: one, in English, authenticated with the gateway key.
    texts = world.sms_to(phone)
    assert len(texts) == 1, f"expected one SMS, got {[t.json()['text'] for t in texts]}"
    sms = texts[0]
    assert sms.headers.get("authorization") == f"Bearer {SMS_KEY}", sms.headers
    text = sms.json()["text"]
    assert number in text, text
    assert text.startswith("[Shanghai Xuhui]") and "is confirmed for" in text, f"not the English text: {text!r}"
    assert not HAN.search(text), f"Chinese in an English SMS: {text!r}"
    uuid.UUID(sms.json()["reference"])  # the delivery id
    link, _token = tracking_link(sms)
    assert link.startswith(f"{world.server.base_url}/track/"), f"the link is not under ORDERFLOW_PUBLIC_URL: {link}"

    # The e-mail: one, to the customer, from the configured sender, decodable.
    mails = world.mailbox.mails()
    assert len(mails) == 1, f"expected one e-mail, got {[(m.rcpt_tos, m.subject) for m in mails]}"
    mail = mails[0]
    assert mail.rcpt_tos == [CUSTOMER_EMAIL] and mail.mail_from == SMTP_FROM, (mail.rcpt_tos, mail.mail_from)
    assert mail.message["Content-Transfer-Encoding"].lower() == "base64", mail.raw[:500]
    assert mail.subject == f"Shanghai Xuhui: order {number}, order confirmed", mail.subject
    assert number in mail.body and "/track/" in mail.body, mail.body
    assert not HAN.search(mail.subject + mail.body), f"Chinese in an English e-mail: {mail.subject!r} {mail.body!r}"

    # The webhook: one, signed with the endpoint's secret, no personal data.
    hooks = world.stand_in.requests_to("/hook")
    assert len(hooks) == 1, f"expected one webhook, got {[h.body for h in hooks]}"
    hook = hooks[0]
    assert hook.headers.get("x-orderflow-signature") == expected_signature(endpoint["secret"], hook), hook.headers
    assert abs(int(hook.headers["x-orderflow-timestamp"]) - time.time()) < 120, hook.headers
    uuid.UUID(hook.headers["x-orderflow-delivery"])
    event = hook.json()
    assert event["topic"] == "orderConfirmed" and event["event"] == "order.autoConfirmed", event
    assert hook.headers.get("x-orderflow-event") == event["topic"], hook.headers
    assert {k: event["order"][k] for k in ("number", "storeCode", "status")} == {
        "number": number, "storeCode": "SH01", "status": "confirmed",
    }, event
    # Instants in the webhook are Unix milliseconds (the orders API writes ISO 8601).
    # Instants are ISO 8601, as everywhere in the API.
    assert abs(epoch_ms(event["occurredAt"]) / 1000 - time.time()) < 120, event
    assert [epoch_ms(event["order"]["appointmentStart"]), epoch_ms(event["order"]["appointmentEnd"])] == [
        epoch_ms(order["appointmentStart"]), epoch_ms(order["appointmentEnd"]),
    ], (event["order"], order["appointmentStart"], order["appointmentEnd"])
    raw = hook.body.decode()
    for personal in (phone, "张三", CUSTOMER_EMAIL, "漕溪北路"):
        assert personal not in raw, f"the webhook carries personal data ({personal!r}): {raw}"

    # What the server recorded agrees: three deliveries, all sent once.
    recorded = sorted((d["channel"], d["topic"], d["status"], d["attempts"]) for d in deliveries(admin, order))
    assert recorded == [
        ("email", "orderConfirmed", "sent", 1),
        ("sms", "orderConfirmed", "sent", 1),
        ("webhook", "orderConfirmed", "sent", 1),
    ], recorded

    # The customer follows the link: the order's tracking page, with the message settings.
    page = requests.get(link, timeout=HTTP_TIMEOUT_S)
    assert page.status_code == 200, page.text[:500]
    assert f'id="order-number">{number}<' in page.text, page.text[:2000]
    assert 'id="messages"' in page.text and f'action="/track/{_token}/messages"' in page.text, page.text[:3000]


def test_a_down_smtp_server_and_webhook_are_retried_and_nothing_is_lost(stack: Callable[..., Stack]) -> None:
    """With the SMTP server down and the webhook endpoint answering 503 twice,
    the deliveries stay pending with their errors and are retried with backoff;
    once the SMTP server is up the e-mail arrives exactly once, and the webhook
    is POSTed three times with the same delivery id until it is accepted.
    """
    world = stack(smtp_running=False)
    admin = world.api
    manager = world.api_as("storeManager@SH01")
    endpoint = add_webhook(admin, f"{world.stand_in.url}/hook")
    world.stand_in.script["/hook"] = [503, 503]

    order = create_confirmed_order(admin, unique_mobile(), email=CUSTOMER_EMAIL, language="en")
    number = order["number"]

    def email_failed_twice() -> dict[str, Any] | None:
        pending = [d for d in deliveries(manager, order, "pending") if d["channel"] == "email"]
        return next((d for d in pending if d["attempts"] >= 2), None)

    waiting = world.wait_until("the e-mail delivery failing twice while SMTP is down", email_failed_twice, timeout=15)
    assert waiting["status"] == "pending" and waiting.get("lastError"), waiting
    assert "SMTP" in waiting["lastError"], waiting["lastError"]
    assert waiting.get("nextAttemptAt"), waiting
    assert waiting["recipient"] != CUSTOMER_EMAIL and waiting["recipient"].endswith("@example.com"), waiting
    assert not world.mailbox.mails(), "nothing can have arrived: no SMTP server listens"

    world.start_smtp()
    world.wait_until("the e-mail after the SMTP server came up", lambda: world.mailbox.mails(CUSTOMER_EMAIL), 30)
    world.wait_until("the webhook accepted on the third try", lambda: len(world.webhooks_for(number)) >= 3, 30)
    time.sleep(QUIET_S)

    mails = world.mailbox.mails()
    assert len(mails) == 1, f"the e-mail arrived {len(mails)} times"
    assert number in mails[0].subject and number in mails[0].body, (mails[0].subject, mails[0].body)

    hooks = world.webhooks_for(number)
    assert [h.answered for h in hooks] == [503, 503, 200], [h.answered for h in hooks]
    assert len({h.headers["x-orderflow-delivery"] for h in hooks}) == 1, [h.headers for h in hooks]
    for hook in hooks:
        assert hook.headers.get("x-orderflow-signature") == expected_signature(endpoint["secret"], hook)

    recorded = {d["channel"]: d for d in deliveries(manager, order)}
    assert recorded["email"]["status"] == "sent" and recorded["email"]["attempts"] >= 3, recorded["email"]
    assert recorded["webhook"]["status"] == "sent" and recorded["webhook"]["attempts"] == 3, recorded["webhook"]
    assert recorded["webhook"]["id"].lower() == hooks[0].headers["x-orderflow-delivery"].lower(), (
        recorded["webhook"]["id"], hooks[0].headers["x-orderflow-delivery"])
    assert recorded["sms"]["status"] == "sent" and recorded["sms"]["attempts"] == 1, recorded["sms"]


def test_dead_letter_then_retry_by_staff(stack: Callable[..., Stack]) -> None:
    """An SMS the gateway refuses for good (400) is dead after one attempt and
    listed, masked, on the dead-letter list; the store manager sends it again
    once the gateway accepts, and it is sent. Retrying a sent delivery is a
    409; a receptionist reads the templates but not the dead-letter list.
    """
    world = stack()
    admin = world.api
    manager = world.api_as("storeManager@SH01")
    receptionist = world.api_as("receptionist@SH01")
    beijing_manager = world.api_as("storeManager@BJ01")
    world.stand_in.set_default("/sms", 400)

    phone = unique_mobile()
    order = create_confirmed_order(admin, phone)

    def dead_sms() -> dict[str, Any] | None:
        return next((d for d in deliveries(manager, order, "dead") if d["channel"] == "sms"), None)

    dead = world.wait_until("the refused SMS on the dead-letter list", dead_sms, timeout=15)
    assert dead["attempts"] == 1, f"a 400 is permanent: one attempt, not {dead['attempts']}"
    assert dead["topic"] == "orderConfirmed" and dead["storeCode"] == "SH01", dead
    assert "400" in (dead.get("lastError") or ""), dead
    assert dead["recipient"] != phone and dead["recipient"].endswith(phone[-4:]), f"not masked: {dead['recipient']}"
    listed = manager.get("/notifications/deliveries", params={"status": "dead"})
    assert phone not in listed.text, "the dead-letter list shows the full mobile number"
    assert len(world.sms_to(phone)) == 1, "a permanent failure must not be retried"

    # Who may see and retry it.
    refused = receptionist.get("/notifications/deliveries", params={"status": "dead"})
    assert refused.status_code == 403, (refused.status_code, refused.text[:300])
    refused = receptionist.post(f"/notifications/deliveries/{dead['id']}/retry")
    assert refused.status_code == 403, (refused.status_code, refused.text[:300])
    templates = receptionist.get("/notifications/templates")
    assert templates.status_code == 200, templates.text[:300]
    topics = {t["topic"]: t for t in templates.json()["items"]}
    assert {"orderConfirmed", "orderCancelled", "technicianAssigned", "serviceFinished"} <= set(topics), sorted(topics)
    confirmed = {m["channel"]: m for m in topics["orderConfirmed"]["messages"]}
    assert set(confirmed) == {"sms", "email"}, confirmed
    assert confirmed["sms"]["zhHans"]["body"].startswith("【") and confirmed["sms"]["en"]["body"].startswith("["), confirmed
    assert beijing_manager.get("/notifications/deliveries", params={"status": "dead"}).json()["items"] == [], (
        "a Beijing store manager sees a Shanghai delivery")
    hidden = beijing_manager.post(f"/notifications/deliveries/{dead['id']}/retry")
    assert hidden.status_code == 404, (hidden.status_code, hidden.text[:300])

    # The gateway is fixed; the manager sends it again.
    world.stand_in.set_default("/sms", 200)
    retried = manager.post(f"/notifications/deliveries/{dead['id']}/retry")
    assert retried.status_code == 200, retried.text[:500]
    assert retried.json()["status"] == "pending" and retried.json()["attempts"] == 0, retried.json()

    def sent() -> dict[str, Any] | None:
        return next((d for d in deliveries(manager, order, "sent") if d["id"] == dead["id"]), None)

    done = world.wait_until("the retried SMS sent", sent, timeout=10)
    assert done["attempts"] == 1 and done.get("sentAt"), done
    texts = world.sms_to(phone)
    assert [t.answered for t in texts] == [400, 200], [t.answered for t in texts]
    assert {t.json()["reference"].lower() for t in texts} == {dead["id"].lower()}, [t.json() for t in texts]
    assert order["number"] in texts[-1].json()["text"], texts[-1].json()

    again = manager.post(f"/notifications/deliveries/{dead['id']}/retry")
    assert again.status_code == 409, (again.status_code, again.text[:300])
    assert again.json().get("code") == "delivery.notDead", again.json()
    assert dead_sms() is None


def test_customer_stops_sms_from_the_tracking_page(stack: Callable[..., Stack]) -> None:
    """After the "confirmed" SMS the customer stops SMS on the tracking page
    its link opens; when the order is then cancelled no SMS is sent, but the
    cancellation e-mail (in Chinese, the default language) still goes.
    """
    world = stack()
    admin = world.api
    phone = unique_mobile()
    order = create_confirmed_order(admin, phone, email=CUSTOMER_EMAIL)
    number = order["number"]

    first = world.wait_until("the confirmation SMS", lambda: world.sms_to(phone), timeout=20)[0]
    text = first.json()["text"]
    assert text.startswith("【上海徐汇店】") and f"您的订单 {number} 已确认" in text, text
    world.wait_until("the confirmation e-mail", lambda: world.mailbox.mails(CUSTOMER_EMAIL), timeout=20)
    link, token = tracking_link(first)

    # The customer's browser: the page sets its form token's cookie, and every form sends the token back.
    browser = requests.Session()
    page = browser.get(link, timeout=HTTP_TIMEOUT_S)
    assert page.status_code == 200, page.text[:500]
    assert 'id="messages"' in page.text and 'id="messages-sms"' in page.text, page.text[:3000]
    form_token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert form_token, "the messages form carries no token"

    forged = requests.post(
        f"{world.server.base_url}/track/{token}/messages",
        data={"channel": "sms", "stop": "1", "csrf": form_token.group(1)},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT_S,
    )
    assert forged.status_code == 403, (forged.status_code, forged.text[:300])
    stopped = browser.post(
        f"{world.server.base_url}/track/{token}/messages",
        data={"channel": "sms", "stop": "1", "csrf": form_token.group(1)},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT_S,
    )
    assert stopped.status_code in (302, 303), (stopped.status_code, stopped.text[:500])
    assert stopped.headers["Location"].startswith(f"/track/{token}"), stopped.headers
    page = requests.get(link, timeout=HTTP_TIMEOUT_S)
    sms_form = re.search(r'<form[^>]*>(?:(?!</form>).)*value="sms"(?:(?!</form>).)*</form>', page.text, re.DOTALL)
    assert sms_form and 'name="stop" value="0"' in sms_form.group(0), (
        f"the page does not offer to restart SMS: {sms_form and sms_form.group(0)}")

    cancelled = admin.post(f"/orders/{number}/cancel", json={"reason": "客户临时有事"})
    assert cancelled.status_code == 200, cancelled.text[:500]

    def cancellation_mail() -> list[Mail]:
        return [m for m in world.mailbox.mails(CUSTOMER_EMAIL) if "已取消" in m.subject]

    mail = world.wait_until("the cancellation e-mail", cancellation_mail, timeout=20)[0]
    assert number in mail.subject and "客户临时有事" in mail.body, (mail.subject, mail.body)
    time.sleep(QUIET_S)

    assert world.sms_to(phone) == [first], f"SMS after stopping: {[t.json()['text'] for t in world.sms_to(phone)]}"
    assert len(cancellation_mail()) == 1, "the cancellation e-mail arrived more than once"
    channels = sorted((d["topic"], d["channel"]) for d in deliveries(admin, order))
    assert channels == [
        ("orderCancelled", "email"), ("orderConfirmed", "email"), ("orderConfirmed", "sms"),
    ], channels
