"""What operators see of a running server (B7): JSON log lines that carry the
request id the client was answered with, and /metrics in the Prometheus
text format, scraped with its token, counting requests by route template.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import requests

from harness import HTTP_TIMEOUT_S, Api, OrderFactory, ServerProcess, unique_mobile

METRICS_TOKEN = "system-test-metrics-token-0123"


def log_lines(server: ServerProcess) -> list[dict]:
    """The server's JSON log lines (anything else in the file is not JSON)."""
    lines = []
    for line in server.log_path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_json_logs_carry_the_request_id_and_metrics_count_by_route(
    servers: Callable[..., ServerProcess], sqlite_db: Path
) -> None:
    server = servers(
        sqlite_db,
        extra_env={"ORDERFLOW_LOG_LEVEL": "info", "ORDERFLOW_METRICS_TOKEN": METRICS_TOKEN},
        extra_args=["--log-format", "json"],
    )
    api = Api(server.base_url)
    body = OrderFactory(api).body(unique_mobile(), random.Random(7))
    created = api.post("/orders", json=body, headers={"X-Request-ID": "system-test-0001"})
    assert created.status_code == 201, created.text
    assert created.headers["X-Request-ID"] == "system-test-0001"
    missing = api.get("/orders/SH01-19990101-9999")
    assert missing.status_code == 404
    assert missing.json()["requestId"] == missing.headers["X-Request-ID"]

    # Every line is one JSON object; the access line of each request names its id, route and status.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        answered = {line.get("request_id"): line for line in log_lines(server) if line.get("message") == "Answered"}
        if "system-test-0001" in answered and missing.headers["X-Request-ID"] in answered:
            break
        time.sleep(0.1)
    first = answered["system-test-0001"]
    assert first["route"] == "/api/v1/orders" and first["status"] == "201" and first["level"] == "info", first
    assert first["time"].endswith("Z") and int(first["ms"]) >= 0, first
    assert answered[missing.headers["X-Request-ID"]]["status"] == "404"
    # No personal data: the phone number the order was taken with is in no line.
    assert body["customer"]["phone"] not in server.log_path.read_text(errors="replace")

    # The scrape: refused without the token, the text format with it.
    assert requests.get(f"{server.base_url}/metrics", timeout=HTTP_TIMEOUT_S).status_code == 401
    scraped = requests.get(
        f"{server.base_url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=HTTP_TIMEOUT_S
    )
    assert scraped.status_code == 200 and scraped.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    text = scraped.text
    assert 'orderflow_http_requests_total{route="/api/v1/orders",method="POST",status="201"} 1' in text, text[:2000]
    assert "orderflow_http_request_duration_seconds_bucket{" in text
    assert 'orderflow_db_transaction_seconds_count{engine="sqlite",kind="write"}' in text
    assert "orderflow_sqlite_commit_batch_size_count" in text
    assert 'orderflow_job_runs_total{job="stage-deadlines",outcome="ok"}' in text
    assert "orderflow_shared_figures_ok 1" in text and "orderflow_outbox_waiting " in text
