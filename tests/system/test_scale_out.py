"""B6: three instances on one PostgreSQL database behind nginx, one killed
under load and started again.

Why: a company that outgrows one server runs several stateless instances
behind a proxy; losing one must cost at most the requests it was answering
at that moment. Everything else — every acknowledged write, every session,
every assignment race, every alert and message — must come out exactly as
if nothing had happened.

The load is bounded and mixed (intake, listing, the console's order list,
racing assignments), sent from threads on loopback through a real nginx
(started by the test from Debian's package; `.ci/run` installs it).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from harness import (
    HTTP_TIMEOUT_S,
    TOKENS,
    Api,
    PostgresCluster,
    PostgresServerProcess,
    base_environment,
    free_port,
    load_reference_data_on,
    make_token,
    next_working_day,
    retried,
    service_order_body,
    start,
    unique_mobile,
)
from test_delivery_api import sign_in
from test_dispatch_api import postgres  # noqa: F401  (the module's PostgreSQL cluster; skips without one)
from test_notifications import StandIn, start_stand_in

INSTANCES = 3
LOAD_S = 18.0
KILL_AT_S = 6.0
RESTART_AT_S = 10.0
INTAKE_WORKERS = 3
RACED_ORDERS = 16
# Appointment windows of the raced orders: one technician-hour each, all on one day.
WINDOWS = [(f"{hour:02d}:00", f"{hour + 1:02d}:00") for hour in (9, 10, 11, 13, 14, 15, 16, 17)]

NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    log_format upstreams '$request_id $status $upstream_addr $upstream_status "$request"';
    access_log {dir}/access.log upstreams;
    upstream orderflow {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        # Metrics are scraped from each instance directly, never through the proxy.
        location = /metrics {{ return 404; }}
        location / {{
            proxy_pass http://orderflow;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            # A request not yet sent goes to the next instance; a POST already
            # sent to one that died is not sent twice (nginx's default).
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


class Nginx:
    """nginx in the foreground with its own prefix, config, logs and port."""

    def __init__(self, binary: str, upstream_ports: list[int], directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in upstream_ports)
        user = "user root root;" if os.geteuid() == 0 else ""
        self.conf = directory / "nginx.conf"
        self.conf.write_text(NGINX_CONF.format(dir=directory, servers=servers, port=self.port, user=user))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        with open(self.directory / "stdout.log", "ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "-p", str(self.directory), "-c", str(self.conf)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"nginx exited:\n{self.error_log()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"nginx did not listen within 10 s:\n{self.error_log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def error_log(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else "(no error log)"


def cluster_instance(binary: Path, database_url: str, token: str, log_path: Path, sms_url: str) -> PostgresServerProcess:
    """One `orderflow serve` of the cluster: messages go to the SMS stand-in,
    and it trusts the proxy's X-Forwarded-For."""
    return PostgresServerProcess(
        binary, database_url, token, log_path,
        extra_env={
            "ORDERFLOW_SMS_URL": sms_url,
            "ORDERFLOW_SMS_KEY": "scale-out-test",
            "ORDERFLOW_TRUST_FORWARDED_FOR": "1",
        },
    )


@dataclass
class Call:
    """One request of the load: what, when, and how it was answered."""

    kind: str
    started: float
    ended: float
    status: int  # 0: no answer at all (the client gave up)
    upstream: str
    body: dict[str, Any]


def timed(kind: str, send: Any) -> Call:
    started = time.monotonic()
    try:
        response = send()
    except requests.RequestException as error:
        return Call(kind, started, time.monotonic(), 0, "", {"error": str(error)[:300]})
    try:
        body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
    except ValueError:
        body = {}
    return Call(kind, started, time.monotonic(), response.status_code, response.headers.get("X-Upstream", ""), body)


@dataclass
class Cluster:
    url: str
    postgres: PostgresCluster
    instances: list[PostgresServerProcess]
    nginx: Nginx
    sms: StandIn
    dispatcher_token: str

    def sql(self, query: str) -> str:
        psql = self.postgres.binaries / "psql"
        name = self.url.rsplit("/", 1)[1]
        result = subprocess.run(
            [*self.postgres.as_postgres, str(psql), "-h", str(self.postgres.directory), "-p", str(self.postgres.port),
             "-U", "postgres", "-d", name, "-Atc", query],
            check=True, capture_output=True, text=True, timeout=30, env=base_environment(),
        )
        return result.stdout.strip()


@pytest.fixture
def cluster(orderflow_bin: Path, postgres: PostgresCluster, tmp_path: Path) -> Iterator[Cluster]:  # noqa: F811
    nginx_binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if nginx_binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    if not (postgres.binaries / "psql").exists():
        pytest.skip(f"psql is not beside {postgres.binaries / 'postgres'}")
    url = postgres.create_database(f"scale_{uuid.uuid4().hex[:12]}")
    retried("loading the reference data", lambda: load_reference_data_on(orderflow_bin, url))
    where = ["--database-url", url]
    operator = retried(
        "making the operator's token",
        lambda: make_token(orderflow_bin, where, "customerService@*", "administrator@*", name="system-test"),
    )
    dispatcher = retried(
        "making the dispatcher's token", lambda: make_token(orderflow_bin, where, "dispatcher@SH01", name="dispatch")
    )
    sms = start_stand_in()
    instances = [
        cluster_instance(orderflow_bin, url, operator, tmp_path / f"instance-{i}.log", f"{sms.url}/sms") for i in range(INSTANCES)
    ]
    nginx_dir = tmp_path / "nginx"
    nginx_dir.mkdir()
    nginx = Nginx(nginx_binary, [i.port for i in instances], nginx_dir)
    try:
        for instance in instances:
            start(instance)
        nginx.start()
        TOKENS[nginx.base_url] = operator
        yield Cluster(url, postgres, instances, nginx, sms, dispatcher)
    finally:
        nginx.stop()
        for instance in instances:
            try:
                instance.kill()
            except Exception:  # teardown must reach every instance
                pass
        sms.stop()


def test_b6_three_instances_behind_nginx_lose_one_under_load_and_lose_nothing(cluster: Cluster) -> None:
    proxy = cluster.nginx.base_url
    operator = Api(proxy)
    day = next_working_day()
    # The orders the dispatchers will race for, made before the load.
    raced: list[str] = []
    for index in range(RACED_ORDERS):
        start_at, end_at = WINDOWS[index % len(WINDOWS)]
        made = operator.post("/orders", json=service_order_body("AC-CLEAN", day, start_at, end_at, unique_mobile()))
        assert made.status_code == 201, made.text[:300]
        raced.append(made.json()["number"])
    orders_before = int(cluster.sql("SELECT count(*) FROM orders"))
    # A person signed in once, through the proxy, on whichever instance nginx chose.
    session, _ = sign_in(proxy, "sh.manager")

    calls: list[Call] = []
    lock = threading.Lock()
    stop = threading.Event()

    def record(call: Call) -> None:
        with lock:
            calls.append(call)

    def intake() -> None:
        api = Api(proxy)
        while not stop.is_set():
            body = service_order_body("AC-CLEAN", day, "10:00", "11:00", unique_mobile())
            record(timed("intake", lambda: api.post("/orders", json=body)))

    def reader() -> None:
        api = Api(proxy)
        console = requests.Session()
        console.cookies.set("orderflow_session", session)
        while not stop.is_set():
            record(timed("list", lambda: api.get("/orders?limit=20")))
            record(timed("console", lambda: console.get(f"{proxy}/console/orders", timeout=HTTP_TIMEOUT_S)))

    def dispatcher() -> None:
        # Two dispatchers (two connections, so likely two instances) race for each order.
        apis = (Api(proxy, token=cluster.dispatcher_token), Api(proxy, token=cluster.dispatcher_token))
        for number in raced:
            if stop.is_set():
                return
            barrier = threading.Barrier(2)
            answers: list[Call] = []

            def assign(api: Api, number: str = number, barrier: threading.Barrier = barrier) -> None:
                barrier.wait(timeout=10)
                answers.append(
                    timed(f"assign {number}", lambda: api.post(f"/orders/{number}/assignment", json={"mode": "automatic"}))
                )

            racers = [threading.Thread(target=assign, args=(api,)) for api in apis]
            for racer in racers:
                racer.start()
            for racer in racers:
                racer.join(timeout=30)
            for answer in answers:
                record(answer)
            time.sleep(LOAD_S / RACED_ORDERS / 2)

    workers = [threading.Thread(target=intake) for _ in range(INTAKE_WORKERS)]
    workers += [threading.Thread(target=reader), threading.Thread(target=dispatcher)]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    victim = cluster.instances[1]
    time.sleep(KILL_AT_S)
    kill_began = time.monotonic()
    victim.kill()  # SIGKILL, then reaps it
    killed_at = time.monotonic()
    time.sleep(max(0.0, RESTART_AT_S - (time.monotonic() - began)))
    start(victim)
    restarted_at = time.monotonic()
    time.sleep(max(0.0, LOAD_S - (time.monotonic() - began)))
    stop.set()
    for worker in workers:
        worker.join(timeout=60)
    for instance in cluster.instances:
        assert instance.alive, f"instance on port {instance.port} died by itself:\n{instance.log_tail()}"

    by_kind = Counter(c.kind.split()[0] for c in calls)
    assert by_kind["intake"] > 30 and by_kind["list"] > 10 and by_kind["console"] > 10, by_kind
    victim_address = f"127.0.0.1:{victim.port}"

    # 1. No 5xx but for requests in flight on the killed instance when it died.
    failed = [c for c in calls if c.status >= 500 or c.status == 0]
    for call in failed:
        # 502 from nginx naming the dead instance; or, when the instance died
        # after its answer had begun, nginx can only cut the connection.
        assert (call.status == 502 and victim_address in call.upstream) or call.status == 0, (
            f"a failure not caused by the kill: {call}"
        )
        assert call.started <= killed_at and call.ended >= kill_began, f"a 502 for a request not in flight at the kill: {call}"
    assert len(failed) <= INTAKE_WORKERS + 4, f"{len(failed)} requests failed: {failed}"
    # Traffic went to every instance, the restarted one too.
    answered_by = Counter(c.upstream.split(",")[-1].strip() for c in calls if c.status and c.status < 500)
    assert all(f"127.0.0.1:{i.port}" in answered_by for i in cluster.instances), answered_by
    assert any(victim_address in c.upstream for c in calls if c.started > restarted_at and c.status < 500), (
        "the restarted instance answered nothing"
    )

    # 2. The session opened once works on every instance: no console page asked to sign in again.
    console = [c for c in calls if c.kind == "console"]
    assert all(c.status == 200 for c in console if c not in failed), Counter(c.status for c in console)

    # 3. Every acknowledged order is there, once; the unanswered ones at most once.
    acknowledged = [c.body["number"] for c in calls if c.kind == "intake" and c.status == 201]
    assert len(acknowledged) == len(set(acknowledged)), "an order number was given twice"
    stored = set(cluster.sql("SELECT number FROM orders").split())
    missing = [n for n in acknowledged if n not in stored]
    assert not missing, f"acknowledged orders missing: {missing}"
    unanswered = sum(1 for c in failed if c.kind == "intake")
    added = int(cluster.sql("SELECT count(*) FROM orders")) - orders_before
    assert len(acknowledged) <= added <= len(acknowledged) + unanswered, (len(acknowledged), added, unanswered)

    # 4. No order assigned twice: per raced order one 200 at most, the other a 409 (or the kill's 502).
    assignments = [c for c in calls if c.kind == "assign"]
    for number in raced:
        mine = [c for c in calls if c.kind == f"assign {number}"]
        won = [c for c in mine if c.status == 200]
        assert len(won) <= 1, f"{number} assigned by both racers: {mine}"
        assert all(c.status in (200, 409, 502) for c in mine), mine
    double = cluster.sql(
        "SELECT count(*) FROM (SELECT order_id FROM order_events WHERE type = 'order.assigned' "
        "GROUP BY order_id HAVING count(*) > 1) twice"
    )
    assert double == "0", f"{double} orders have two assignment events"
    del assignments

    # 5. Each alert once, each message once.
    duplicated_alerts = cluster.sql(
        "SELECT count(*) FROM (SELECT 1 FROM stage_alerts GROUP BY order_id, stage, stage_since, kind "
        "HAVING count(*) > 1) twice"
    )
    assert duplicated_alerts == "0"
    # The senders catch up with the load's messages, then nothing more arrives.
    drain_began = time.monotonic()
    deadline = drain_began + 90
    waiting = ""
    while time.monotonic() < deadline:
        waiting = cluster.sql(
            "SELECT (SELECT count(*) FROM notification_outbox WHERE expanded_at IS NULL) + "
            "(SELECT count(*) FROM notification_deliveries WHERE status = 'pending')"
        )
        if waiting == "0":
            break
        time.sleep(0.5)
    assert waiting == "0", (
        f"{waiting} messages still waiting 90 s after the load: "
        + cluster.sql(
            "SELECT attempts || ' ' || coalesce(left(last_error, 100), '-') || ' ' || count(*) "
            "FROM notification_deliveries WHERE status = 'pending' GROUP BY attempts, left(last_error, 100)"
        )
        + " unexpanded: " + cluster.sql("SELECT count(*) FROM notification_outbox WHERE expanded_at IS NULL")
        + " jobs: " + cluster.sql("SELECT name || ' ' || coalesce(holder, '-') || ' ' || runs || ' ' || failures || ' ' || coalesce(last_error, '-') FROM background_jobs")
    )
    time.sleep(3)  # a second copy of anything would arrive by now
    sent = [r.json().get("reference") for r in cluster.sms.requests_to("/sms")]
    assert sent, (
        "no SMS was sent at all: the check below would prove nothing; deliveries by status: "
        + cluster.sql("SELECT status || ' ' || channel || ' ' || count(*) FROM notification_deliveries GROUP BY status, channel")
        + " outbox: " + cluster.sql("SELECT count(*) FROM notification_outbox")
        + f"\n{cluster.instances[0].log_tail()}"
    )
    repeated = {reference: n for reference, n in Counter(sent).items() if n > 1}
    assert not repeated, f"messages sent more than once: {repeated}"
    print(
        f"\nscale-out: {dict(by_kind)} requests, {len(acknowledged)} orders acknowledged, {len(failed)} failed "
        f"(in flight on the killed instance), {len(sent)} SMS each sent once, drained {time.monotonic() - drain_began - 3:.1f} s "
        "after the load"
    )
