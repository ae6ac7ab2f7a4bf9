"""Smoke test of the HTTP surface, against the real server on a fresh SQLite file.

Not a replacement for the Swift tests: it checks what only a running
binary shows — the served OpenAPI document matches the routes, errors are
problem+json, the guard answers 401, and platform intake's signature and
idempotency work end to end.
"""

from __future__ import annotations

import random
import re
import uuid

import pytest

from harness import Api, OrderFactory, ServerProcess, unique_mobile

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to parse the OpenAPI document")

PROBLEM_JSON = "application/problem+json"

# Stand-ins for the path parameters of the document: none of them names a
# real order or store, so no operation below changes anything.
PATH_PARAMETERS = {
    "orderRef": "SH01-19990101-9999",
    "storeCode": "ZZ99",
    "platform": "meituan",
    "username": "nobody.here",
    "tokenRef": "oft_00000000",
    "itemCode": "NO-SUCH-ITEM",
    "entryCode": "no-such-entry",
    "alertId": "00000000-0000-7000-8000-000000000001",
    "deliveryId": "00000000-0000-7000-8000-000000000002",
    "endpointId": "00000000-0000-7000-8000-000000000003",
    "change": "disable",
    "followUpId": "00000000-0000-7000-8000-000000000004",
    "caseId": "00000000-0000-7000-8000-000000000005",
    "attachmentId": "00000000-0000-7000-8000-000000000006",
    "claimId": "00000000-0000-7000-8000-000000000007",
}


def is_problem(response) -> bool:
    return response.headers.get("Content-Type", "").startswith(PROBLEM_JSON)


def test_health_and_ready(server: ServerProcess) -> None:
    api = Api(server.base_url, token=None)
    assert api.session.get(f"{server.base_url}/health", timeout=5).status_code == 200
    assert api.session.get(f"{server.base_url}/ready", timeout=5).status_code == 200


def test_openapi_document_is_served_and_every_path_is_routed(server: ServerProcess) -> None:
    api = Api(server.base_url)
    served = api.get("/openapi.yaml")
    assert served.status_code == 200
    assert "yaml" in served.headers.get("Content-Type", "")
    document = yaml.safe_load(served.text)
    assert re.fullmatch(r"3\.1\.\d+", str(document["openapi"])), document["openapi"]
    assert document["paths"], "the document lists no paths"

    unrouted, failing = [], []
    for template, operations in document["paths"].items():
        path = template.format(**PATH_PARAMETERS)
        for method in operations:
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue  # e.g. shared "parameters" of the path
            # An empty object: enough to reach the handler, never a valid change.
            body = {"json": {}} if method in {"post", "put", "patch"} else {}
            answer = api.request(method.upper(), path, **body)
            operation = f"{method.upper()} {template} → {answer.status_code} {answer.text[:120]}"
            # The router's own 404 is bare; a handler's 404 (unknown order or
            # store) is problem+json.
            if answer.status_code in (404, 405) and not is_problem(answer):
                unrouted.append(operation)
            # Routed, but bad input must be a 4xx, never a fault of the server.
            elif answer.status_code >= 500:
                failing.append(operation)
    assert not unrouted, "operations of the document the server does not route:\n" + "\n".join(unrouted)
    assert not failing, "operations that answer an empty body with a 5xx:\n" + "\n".join(failing)


def test_malformed_json_is_a_400_problem(server: ServerProcess) -> None:
    answer = Api(server.base_url).post(
        "/orders", data=b'{"storeCode": "SH01", ', headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400, answer.text
    assert is_problem(answer), answer.headers.get("Content-Type")
    assert answer.json()["status"] == 400


def test_an_empty_order_lists_every_problem_at_once(server: ServerProcess) -> None:
    answer = Api(server.base_url).post("/orders", json={})
    assert answer.status_code == 422, answer.text
    assert is_problem(answer)
    errors = answer.json()["errors"]
    assert len(errors) >= 3, errors
    for error in errors:
        assert {"field", "code", "message"} <= error.keys(), error
        assert all(isinstance(error[k], str) and error[k] for k in ("field", "code", "message")), error
    fields = {e["field"] for e in errors}
    assert {"storeCode", "lines"} <= fields, fields


def test_no_or_wrong_token_is_401(server: ServerProcess) -> None:
    anonymous = Api(server.base_url, token=None).get("/orders")
    assert anonymous.status_code == 401
    assert is_problem(anonymous)
    assert anonymous.headers.get("WWW-Authenticate", "").startswith("Bearer")
    wrong = Api(server.base_url, token="not-the-token-0123456789").get("/orders")
    assert wrong.status_code == 401


def test_platform_intake_checks_the_signature_and_is_idempotent(server: ServerProcess) -> None:
    api = Api(server.base_url)
    phone = unique_mobile()
    body = OrderFactory(api).platform_body(phone, random.Random(1), external_reference=f"MT-{uuid.uuid4()}")

    forged = api.post_platform_order(body, secret="not-the-secret-0123456789")
    assert forged.status_code == 401, forged.text
    assert is_problem(forged)

    first = api.post_platform_order(body)
    assert first.status_code == 201, first.text
    order = first.json()
    assert order["channel"] == "platform"
    assert order["externalReference"] == body["externalReference"]
    assert first.headers.get("Idempotent-Replayed") in (None, "false")

    again = api.post_platform_order(body)
    assert again.status_code == 201, again.text
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == order["id"]

    # Neither the forged nor the re-sent delivery made an order of its own.
    mine = api.get("/orders", params={"phone": phone})
    assert mine.status_code == 200
    assert [o["id"] for o in mine.json()["items"]] == [order["id"]]
