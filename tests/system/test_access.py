"""Access control end to end: people, tokens, sessions and the audit log.

The Swift tests check the policy table and the use cases one by one. What
only the running binary shows is checked here, over real HTTP against a real
`orderflow serve` and through the real CLI on the same SQLite file:

* the operator's CLI (accounts, tokens, audit log) and the server agree,
  while both have the file open;
* the browser sign-in is safe as a browser sees it: the raw cookie
  attributes, login CSRF, no open redirect, no session fixation, lockout;
* a session ends when it should: sign-out, account disabled, password reset;
* a token sees only what its roles and stores allow, personal data masked
  unless the role needs it, and every reveal is audited.

Every HTTP call has a timeout, every CLI run too, and bcrypt makes each
sign-in cost ~0.3 s, so the tests sign in only as often as they must.
"""

from __future__ import annotations

import random
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from harness import (
    HTTP_TIMEOUT_S,
    hidden_inputs,
    Api,
    OrderFactory,
    ServerProcess,
    base_environment,
    unique_mobile,
)

DEMO_PASSWORD = "OrderFlow-demo-2026"
SESSION_COOKIE = "orderflow_session"
LOGIN_CSRF_COOKIE = "orderflow_login_csrf"
PROBLEM_JSON = "application/problem+json"
CLI_TIMEOUT_S = 60
TOKEN_SECRET = re.compile(r"oft_[0-9a-f]{40}")


# --------------------------------------------------------------------------
# The CLI
# --------------------------------------------------------------------------


class Cli:
    """`orderflow …` on one database file, as the operator runs it from a shell."""

    def __init__(self, binary: Path, db_path: Path) -> None:
        self.binary = binary
        self.db_path = db_path

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.binary), *args, "--sqlite-path", str(self.db_path)],
            check=False,  # the callers look at the exit code themselves
            env=base_environment(),
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_S,
        )

    def ok(self, *args: str, stdin: str | None = None) -> str:
        """Runs and insists on exit 0; returns stdout."""
        result = self.run(*args, stdin=stdin)
        assert result.returncode == 0, (
            f"`orderflow {' '.join(args)}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
        return result.stdout

    def token(self, *roles: str, name: str = "access-test") -> str:
        """A new token secret with the given grants (role@STORE)."""
        args = ["token", "create", "--name", name, "--quiet"]
        for role in roles:
            args += ["--role", role]
        secret = self.ok(*args).strip()
        assert TOKEN_SECRET.fullmatch(secret), f"--quiet printed {secret!r}, not only a secret"
        return secret

    def audit(self, action: str | None = None, limit: int = 200) -> list[AuditLine]:
        """`audit search` parsed: newest first."""
        args = ["audit", "search", "--limit", str(limit)]
        if action:
            args += ["--action", action]
        return [AuditLine.parse(line) for line in self.ok(*args).splitlines() if line.startswith("#")]


@dataclass
class AuditLine:
    sequence: int
    actor: str
    action: str
    outcome: str
    subject: str
    detail: str

    @staticmethod
    def parse(line: str) -> AuditLine:
        # `#seq time actor action outcome subject detailjson`; the JSON may hold spaces.
        parts = line.split(" ", 6)
        assert len(parts) == 7, f"audit line not in the documented form: {line!r}"
        return AuditLine(int(parts[0].lstrip("#")), parts[2], parts[3], parts[4], parts[5], parts[6])


@pytest.fixture
def cli(orderflow_bin: Path, sqlite_db: Path) -> Cli:
    """The CLI on the demo database (the same file the `server` fixture serves)."""
    return Cli(orderflow_bin, sqlite_db)


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------


@dataclass
class SetCookie:
    name: str
    value: str
    attributes: dict[str, str]  # lower-cased names; flags map to ""


def set_cookies(response: requests.Response) -> list[SetCookie]:
    """Every Set-Cookie header as sent: requests folds them and drops attributes it ignores."""
    cookies = []
    for header in response.raw.headers.getlist("Set-Cookie"):
        first, *rest = [part.strip() for part in header.split(";")]
        name, _, value = first.partition("=")
        attributes = {}
        for attribute in rest:
            key, _, val = attribute.partition("=")
            attributes[key.strip().lower()] = val.strip()
        cookies.append(SetCookie(name, value, attributes))
    return cookies


def session_cookie(response: requests.Response) -> SetCookie | None:
    found = [c for c in set_cookies(response) if c.name == SESSION_COOKIE]
    assert len(found) <= 1, f"several session cookies set: {found}"
    return found[0] if found else None


class Browser:
    """A person at a browser: a requests.Session keeps the cookies as a browser would."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        kwargs.setdefault("allow_redirects", False)
        return self.session.get(self.base_url + path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        kwargs.setdefault("allow_redirects", False)
        return self.session.post(self.base_url + path, **kwargs)

    def login_form(self, next_path: str | None = None) -> dict[str, str]:
        """GET /login: the form's hidden fields; the CSRF cookie lands in the jar."""
        params = {"next": next_path} if next_path is not None else None
        page = self.get("/login", params=params)
        assert page.status_code == 200, page.text[:300]
        fields = hidden_inputs(page.text)
        assert fields.get("csrf"), f"no csrf field in the login form:\n{page.text[:500]}"
        cookie = [c for c in set_cookies(page) if c.name == LOGIN_CSRF_COOKIE]
        assert cookie and cookie[0].value == fields["csrf"], (
            f"login CSRF cookie {cookie} does not carry the form's csrf {fields['csrf']!r}"
        )
        return fields

    def sign_in(
        self, username: str, password: str, next_path: str | None = None, headers: dict[str, str] | None = None
    ) -> requests.Response:
        """The whole form round trip, as a person typing into the page."""
        fields = self.login_form(next_path)
        return self.post(
            "/login",
            data={"username": username, "password": password, "csrf": fields["csrf"], "next": fields["next"]},
            headers=headers,
        )

    def signed_in(self, username: str, password: str = DEMO_PASSWORD) -> str:
        """Signs in and returns the session secret (the cookie value)."""
        answer = self.sign_in(username, password)
        assert answer.status_code == 303, f"sign-in as {username}: {answer.status_code} {answer.text[:300]}"
        cookie = session_cookie(answer)
        assert cookie and cookie.value, f"no session cookie after signing in as {username}"
        return cookie.value


def me_with_session(base_url: str, secret: str) -> requests.Response:
    """GET /api/v1/me with nothing but this session cookie: no jar, no token."""
    return requests.get(
        f"{base_url}/api/v1/me", headers={"Cookie": f"{SESSION_COOKIE}={secret}"}, timeout=HTTP_TIMEOUT_S
    )


def sign_in_status(base_url: str, username: str, password: str) -> int:
    """One sign-in from a fresh browser; its status."""
    return Browser(base_url).sign_in(username, password).status_code


# --------------------------------------------------------------------------
# The operator's CLI
# --------------------------------------------------------------------------


def test_cli_account_and_token_lifecycle_is_audited_and_applies_to_the_live_server(
    server: ServerProcess, cli: Cli
) -> None:
    """Why: the CLI is how the first accounts and every integration token are
    made; what it does must hold at once on the running server (same file,
    two processes) and leave an intact audit trail."""
    # The password policy is enforced by the CLI, not just the API.
    for weak, why in [
        ("short-1A", "too short"),
        ("my-ops.tester-is-long", "contains the user name"),
        ("password1234", "well known"),
    ]:
        refused = cli.run(
            "user", "add", "ops.tester", "--name", "Ops Tester", "--role", "receptionist@SH01",
            "--password-stdin", stdin=weak + "\n",
        )
        assert refused.returncode != 0, f"a password that is {why} was accepted: {refused.stdout}"
        assert (refused.stderr + refused.stdout).strip(), "refused without saying why"
    assert "ops.tester" not in cli.ok("user", "list"), "a refused account was created anyway"

    password = "Tall-Giraffe-Window-42"
    cli.ok(
        "user", "add", "ops.tester", "--name", "Ops Tester", "--role", "receptionist@SH01+BJ01",
        "--password-stdin", stdin=password + "\n",
    )
    listed = [line for line in cli.ok("user", "list").splitlines() if line.startswith("ops.tester ")]
    assert len(listed) == 1 and "active" in listed[0], listed
    assert "receptionist@" in listed[0] and "SH01" in listed[0] and "BJ01" in listed[0], listed

    # The new account signs in on the server that was already running.
    secret = Browser(server.base_url).signed_in("ops.tester", password)
    me = me_with_session(server.base_url, secret)
    assert me.status_code == 200, me.text
    assert me.json()["username"] == "ops.tester"
    grants = me.json()["grants"]
    assert [(g["role"], sorted(g["stores"])) for g in grants] == [("receptionist", ["BJ01", "SH01"])], grants

    # A roles change ends the sessions opened under the old roles; the next
    # sign-in holds only the new ones.
    cli.ok("user", "roles", "ops.tester", "--role", "finance@*")
    assert me_with_session(server.base_url, secret).status_code == 401, "a session kept its old roles"
    me = me_with_session(server.base_url, Browser(server.base_url).signed_in("ops.tester", password))
    assert me.status_code == 200, me.text
    assert [g["role"] for g in me.json()["grants"]] == ["finance"], me.json()["grants"]
    assert "createOrder" not in me.json()["actions"], me.json()["actions"]

    # Tokens: the secret is printed once, the list shows only its prefix.
    token = cli.token("auditor@*", name="lifecycle-token")
    prefix = token[:12]
    listing = cli.ok("token", "list")
    assert token not in listing, "token list prints the secret"
    line = next((l for l in listing.splitlines() if l.startswith(prefix + "…")), None)
    assert line is not None and "active" in line and "lifecycle-token" in line, listing

    api = Api(server.base_url, token=token)
    me = api.get("/me")
    assert me.status_code == 200, me.text
    assert me.json()["kind"] == "integration", me.json()
    assert me.json()["actor"] == f"integration:token:{prefix}", me.json()
    assert me.json().get("csrfToken") is None, "a token got a CSRF token: it has no session"

    cli.ok("token", "revoke", prefix)
    line = next(l for l in cli.ok("token", "list").splitlines() if l.startswith(prefix + "…"))
    assert "revoked" in line, line
    # Revoked by another process: the server may have the token cached for up
    # to 2 s (TokenCache.lifetime), then it must refuse it.
    revoked_at = time.monotonic()
    while api.get("/me").status_code != 401 and time.monotonic() - revoked_at < 5.0:
        time.sleep(0.2)
    assert api.get("/me").status_code == 401, "a revoked token still works after 5 s"
    assert time.monotonic() - revoked_at < 3.0, "the revocation took longer than the cache's 2 s"
    assert cli.run("token", "revoke", prefix).returncode != 0, "revoking twice succeeded"

    cli.ok("user", "disable", "ops.tester")
    listed = [line for line in cli.ok("user", "list").splitlines() if line.startswith("ops.tester ")]
    assert "disabled" in listed[0], listed

    # Every step left its entry; nothing in the chain was broken by two writers.
    actions = [entry.action for entry in cli.audit()]
    for expected in [
        "staff.created", "auth.signedIn", "staff.rolesChanged", "token.created",
        "token.revoked", "token.refused", "staff.disabled",
    ]:
        assert expected in actions, f"no {expected} in the audit log: {actions}"
    refused = cli.audit(action="token.refused")
    assert refused and '"revoked"' in refused[0].detail, refused
    assert cli.audit(action="staff.created")[0].outcome == "succeeded"

    verified = cli.run("audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    match = re.search(r"Intact: (\d+) entries", verified.stdout)
    assert match, verified.stdout
    assert int(match.group(1)) >= len(actions), (match.group(1), len(actions))


# --------------------------------------------------------------------------
# First start
# --------------------------------------------------------------------------


ONE_TIME_PASSWORD = re.compile(r"one-time password (\S+)")


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A database file that does not exist yet: no stores, no staff."""
    return tmp_path / "empty.sqlite"


def wait_for_log(server: ServerProcess, pattern: re.Pattern[str], timeout: float) -> re.Match[str] | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = pattern.search(server.log_path.read_text(errors="replace"))
        if match:
            return match
        time.sleep(0.1)
    return None


def test_first_start_shows_the_one_time_password_while_serving(
    servers: Callable[[Path], ServerProcess], empty_db: Path
) -> None:
    """Why: the operator reads the password from the server's output (a log
    file, journald, `docker logs`), which is never a terminal; it must be
    there while the server runs, not only after it stops."""
    server = servers(empty_db)
    match = wait_for_log(server, ONE_TIME_PASSWORD, timeout=10)
    assert match, (
        "the one-time password did not reach the server's output within 10 s of /ready "
        f"answering (stdout not flushed?); log so far:\n{server.log_tail()}"
    )
    assert sign_in_status(server.base_url, "admin", match.group(1)) == 303


def test_first_start_creates_one_administrator_and_a_restart_no_other(
    servers: Callable[[Path], ServerProcess], empty_db: Path, orderflow_bin: Path
) -> None:
    """Why: an empty database must not leave the operator locked out, and a
    restart must neither make a second admin nor change the first one's password."""
    first = servers(empty_db)
    assert first.stop() == 0, first.log_tail()
    matches = ONE_TIME_PASSWORD.findall(first.log_path.read_text(errors="replace"))
    assert len(matches) == 1, f"expected one one-time password on the first start:\n{first.log_tail()}"
    password = matches[0]
    assert len(password) >= 12, password

    second = servers(empty_db)
    # The first start's password still works: the restart did not bootstrap again.
    browser = Browser(second.base_url)
    secret = browser.signed_in("admin", password)
    me = me_with_session(second.base_url, secret)
    assert me.status_code == 200, me.text
    assert me.json()["username"] == "admin"
    assert me.json()["grants"] == [{"role": "administrator", "stores": ["*"]}], me.json()["grants"]
    assert second.stop() == 0, second.log_tail()

    log = second.log_path.read_text(errors="replace")
    assert len(ONE_TIME_PASSWORD.findall(log)) == 1, f"the restart printed another password:\n{log}"
    assert log.count("Created the first administrator") == 1, log

    cli = Cli(orderflow_bin, empty_db)
    accounts = [line.split()[0] for line in cli.ok("user", "list").splitlines() if line.strip()]
    assert accounts == ["admin"], accounts
    created = cli.audit(action="staff.created")
    # Made by the server itself (`system:…`), not by someone at the CLI (`cli:…`).
    assert len(created) == 1 and created[0].actor.startswith("system"), created


# --------------------------------------------------------------------------
# Console sign-in
# --------------------------------------------------------------------------


def test_browser_session_cookie_csrf_on_api_changes_and_sign_out(server: ServerProcess, cli: Cli) -> None:
    """Why: a session cookie is sent by the browser with every request, even
    ones another site triggers; only its attributes and the CSRF token stand
    between a signed-in receptionist and a forged order."""
    browser = Browser(server.base_url)
    answer = browser.sign_in("sh.reception", DEMO_PASSWORD, next_path="/console")
    assert answer.status_code == 303, answer.text[:300]
    assert answer.headers["Location"] == "/console"
    cookie = session_cookie(answer)
    assert cookie is not None and re.fullmatch(r"[0-9a-f]{40}", cookie.value), cookie
    assert cookie.attributes.get("path") == "/", cookie
    assert cookie.attributes.get("max-age") == "43200", cookie
    assert "httponly" in cookie.attributes, cookie
    assert cookie.attributes.get("samesite", "").lower() == "strict", cookie
    assert "secure" not in cookie.attributes, "Secure over plain http: the browser would never send it back"

    console = browser.get("/console/orders")
    assert console.status_code == 200, console.text[:300]
    assert "吴佳怡" in console.text and "sh.reception" in console.text, console.text[:600]
    console_csrf = hidden_inputs(console.text).get("csrf")
    assert console_csrf, "no csrf in the sign-out form"

    me = browser.get("/api/v1/me")
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["kind"] == "staff" and body["username"] == "sh.reception", body
    assert body["grants"] == [{"role": "receptionist", "stores": ["SH01"]}], body["grants"]
    assert "createOrder" in body["actions"], body["actions"]
    assert body["csrfToken"] == console_csrf

    # An order through the session: refused without the header, or with a wrong one.
    phone = unique_mobile()
    order = OrderFactory(Api(server.base_url)).body(phone, random.Random(7))
    for headers in ({}, {"X-CSRF-Token": "0" * 40}):
        forged = browser.post("/api/v1/orders", json=order, headers=headers)
        assert forged.status_code == 403, f"{headers}: {forged.status_code} {forged.text[:300]}"
        assert forged.headers.get("Content-Type", "").startswith(PROBLEM_JSON)
        assert forged.json()["code"] == "auth.csrfInvalid", forged.json()
    created = browser.post("/api/v1/orders", json=order, headers={"X-CSRF-Token": body["csrfToken"]})
    assert created.status_code == 201, created.text
    listed = browser.get("/api/v1/orders", params={"phone": phone})
    assert listed.status_code == 200, listed.text
    assert [o["id"] for o in listed.json()["items"]] == [created.json()["id"]], "a refused request made an order"

    # Sign-out needs the session's CSRF token too, then ends the session for good.
    refused = browser.post("/logout", data={"csrf": "not-the-token"})
    assert refused.status_code == 403
    assert me_with_session(server.base_url, cookie.value).status_code == 200, "a forged sign-out ended the session"
    out = browser.post("/logout", data={"csrf": console_csrf})
    assert out.status_code == 303 and out.headers["Location"] == "/login", (out.status_code, out.headers)
    cleared = session_cookie(out)
    assert cleared is not None and cleared.value == "" and cleared.attributes.get("max-age") == "0", cleared

    after = me_with_session(server.base_url, cookie.value)
    assert after.status_code == 401, f"the old session still works after sign-out: {after.text}"
    assert browser.get("/console/orders").headers.get("Location") == "/login?next=/console/orders"

    actions = [entry.action for entry in cli.audit()]
    assert "auth.signedIn" in actions and "auth.signedOut" in actions, actions


def test_console_without_session_redirects_and_wrong_password_is_401(server: ServerProcess) -> None:
    """Why: the console must never render for nobody, and a failed sign-in
    must not hand out a session."""
    browser = Browser(server.base_url)
    home = browser.get("/console/orders")
    assert home.status_code == 303 and home.headers["Location"] == "/login?next=/console/orders", home.headers

    wrong = browser.sign_in("sh.reception", "Not-The-Password-2026")
    assert wrong.status_code == 401, wrong.text[:300]
    assert wrong.headers.get("Content-Type", "").startswith("text/html"), wrong.headers
    assert session_cookie(wrong) is None, "a failed sign-in set a session cookie"
    unknown = browser.sign_in("nobody.here", DEMO_PASSWORD)
    assert unknown.status_code == 401, "an unknown user is answered differently from a wrong password"


def test_login_form_csrf_refuses_forged_sign_ins(server: ServerProcess, cli: Cli) -> None:
    """Why: without login CSRF another site can sign the victim's browser in
    to the attacker's account (and read what the victim then types)."""
    fields = Browser(server.base_url).login_form()
    form = {"username": "sh.reception", "password": DEMO_PASSWORD, "csrf": fields["csrf"], "next": "/console"}

    # The field without the cookie: what a cross-site form post looks like.
    bare = requests.post(f"{server.base_url}/login", data=form, allow_redirects=False, timeout=HTTP_TIMEOUT_S)
    assert bare.status_code == 403, (bare.status_code, bare.text[:300])
    assert bare.headers.get("Content-Type", "").startswith("text/html"), bare.headers
    assert session_cookie(bare) is None

    # A cookie that is not the field's, and a field missing altogether.
    for cookie, sent in [("f" * 40, fields["csrf"]), (fields["csrf"], None)]:
        data = dict(form) if sent else {k: v for k, v in form.items() if k != "csrf"}
        forged = requests.post(
            f"{server.base_url}/login", data=data, headers={"Cookie": f"{LOGIN_CSRF_COOKIE}={cookie}"},
            allow_redirects=False, timeout=HTTP_TIMEOUT_S,
        )
        assert forged.status_code == 403, (cookie, sent, forged.status_code)
        assert session_cookie(forged) is None

    assert cli.audit(action="auth.signedIn") == [], "a forged sign-in signed someone in"


def test_next_only_leads_to_pages_of_this_site(server: ServerProcess) -> None:
    """Why: a login page that redirects anywhere is an open redirect, the
    classic phishing helper (a real login, then the attacker's page)."""
    browser = Browser(server.base_url)
    hostile = ["//evil.example", "https://evil.example", "/\\evil", "/\\/evil.example", "javascript:alert(1)"]
    for target in hostile:
        # The form itself already carries the safe target…
        assert browser.login_form(target)["next"] == "/console", target
        # …and a hand-made post with the hostile one is cleaned up too.
        fields = browser.login_form()
        answer = browser.post(
            "/login",
            data={"username": "sh.manager", "password": DEMO_PASSWORD, "csrf": fields["csrf"], "next": target},
        )
        assert answer.status_code == 303, (target, answer.status_code)
        assert answer.headers["Location"] == "/console", f"next={target!r} → {answer.headers['Location']!r}"

    # A path of this site is kept; behind a TLS proxy the cookie is Secure.
    kept = browser.sign_in("sh.manager", DEMO_PASSWORD, next_path="/console?tab=orders",
                           headers={"X-Forwarded-Proto": "https"})
    assert kept.status_code == 303 and kept.headers["Location"] == "/console?tab=orders", kept.headers
    cookie = session_cookie(kept)
    assert cookie is not None and "secure" in cookie.attributes, cookie


def test_five_failures_lock_the_account_with_429_and_retry_after(server: ServerProcess, cli: Cli) -> None:
    """Why: without a lockout a password can be guessed online; with one, the
    owner must be told when to retry, and the attempts must be on record."""
    for attempt in range(1, 6):
        status = sign_in_status(server.base_url, "sh.tech1", f"Wrong-Guess-Number-{attempt}")
        assert status == 401, f"failed attempt {attempt} answered {status}"

    locked = Browser(server.base_url).sign_in("sh.tech1", DEMO_PASSWORD)
    assert locked.status_code == 429, f"the right password after 5 failures: {locked.status_code}"
    assert session_cookie(locked) is None, "a locked account got a session"
    retry_after = locked.headers.get("Retry-After", "")
    assert retry_after.isdigit() and 60 <= int(retry_after) <= 15 * 60 + 1, f"Retry-After {retry_after!r}"

    # Per account, not per server: a colleague signs in as usual.
    assert sign_in_status(server.base_url, "sh.tech2", DEMO_PASSWORD) == 303

    failed = cli.audit(action="auth.signInFailed")
    assert len(failed) == 5 and all(e.subject == "sh.tech1" and e.outcome == "refused" for e in failed), failed
    locks = cli.audit(action="auth.accountLocked")
    assert [e.subject for e in locks] == ["sh.tech1"], locks
    assert [e.subject for e in cli.audit(action="auth.lockedOut")] == ["sh.tech1"]


def test_a_planted_session_id_never_becomes_the_session(server: ServerProcess) -> None:
    """Why: session fixation. If the id an attacker planted in the victim's
    browser survived sign-in, the attacker would be signed in as the victim."""
    attacker = "a" * 40
    browser = Browser(server.base_url)
    fields = browser.login_form()
    answer = requests.post(
        f"{server.base_url}/login",
        data={"username": "cs.liu", "password": DEMO_PASSWORD, "csrf": fields["csrf"], "next": "/console"},
        headers={"Cookie": f"{LOGIN_CSRF_COOKIE}={fields['csrf']}; {SESSION_COOKIE}={attacker}"},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT_S,
    )
    assert answer.status_code == 303, answer.text[:300]
    cookie = session_cookie(answer)
    assert cookie is not None, "no new session cookie: the browser would keep the planted one"
    assert cookie.value and cookie.value != attacker
    assert me_with_session(server.base_url, attacker).status_code == 401, "the planted id is a live session"
    me = me_with_session(server.base_url, cookie.value)
    assert me.status_code == 200 and me.json()["username"] == "cs.liu", me.text


def test_disabling_or_resetting_an_account_ends_its_live_sessions(server: ServerProcess, cli: Cli) -> None:
    """Why: disabling someone who left, or resetting a stolen password, is
    worthless if a session already open keeps working for 12 hours."""
    manager = Browser(server.base_url).signed_in("sh.manager")
    reception = Browser(server.base_url).signed_in("sh.reception")
    assert me_with_session(server.base_url, manager).status_code == 200
    assert me_with_session(server.base_url, reception).status_code == 200

    cli.ok("user", "disable", "sh.manager")
    assert me_with_session(server.base_url, manager).status_code == 401, "a disabled account's session lives on"
    assert me_with_session(server.base_url, reception).status_code == 200, "disabling one ended another's session"
    assert sign_in_status(server.base_url, "sh.manager", DEMO_PASSWORD) == 401, "a disabled account signed in"

    new_password = "Quiet-Harbour-Lantern-77"
    cli.ok("user", "passwd", "sh.reception", "--password-stdin", stdin=new_password + "\n")
    assert me_with_session(server.base_url, reception).status_code == 401, "a reset left the old session live"
    assert sign_in_status(server.base_url, "sh.reception", DEMO_PASSWORD) == 401, "the old password still works"
    assert sign_in_status(server.base_url, "sh.reception", new_password) == 303

    assert [e.action for e in cli.audit(action="staff.disabled")] == ["staff.disabled"]
    reset = cli.audit(action="staff.passwordReset")
    assert len(reset) == 1 and "sh.reception" in reset[0].detail, reset


# --------------------------------------------------------------------------
# Tokens: personal data and stores
# --------------------------------------------------------------------------


def masked_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def test_personal_data_is_masked_without_need_to_know_and_reveals_are_audited(
    server: ServerProcess, cli: Cli
) -> None:
    """Why: finance and auditors read every order but have no business with
    the customer's phone and door; after-sales may look, but must say why,
    and that must be on record for the auditor."""
    phone = unique_mobile()
    factory = OrderFactory(Api(server.base_url))
    created = Api(server.base_url).post("/orders", json=factory.body(phone, random.Random(11)))
    assert created.status_code == 201, created.text
    ref = created.json()["number"]

    tokens = {
        role: cli.token(role, name=role)
        for role in ["finance@*", "auditor@*", "afterSales@SH01", "receptionist@SH01", "storeManager@SH01"]
    }
    for role in ["finance@*", "auditor@*", "afterSales@SH01"]:
        read = Api(server.base_url, token=tokens[role]).get(f"/orders/{ref}")
        assert read.status_code == 200, f"{role}: {read.text}"
        order = read.json()
        assert order["personalData"] == "masked", f"{role} sees {order['personalData']}"
        assert order["customer"]["phone"] == masked_phone(phone), f"{role}: {order['customer']}"
        assert order["customer"]["name"] == "张*", f"{role}: {order['customer']}"
        assert order["customer"]["address"]["detail"] == "", f"{role}: {order['customer']}"
        assert order["customer"]["address"]["district"] == "徐汇区", "masking took the district too"
        assert phone not in read.text, f"{role}: the full phone is somewhere in the answer"
    for role in ["receptionist@SH01", "storeManager@SH01"]:
        order = Api(server.base_url, token=tokens[role]).get(f"/orders/{ref}").json()
        assert order["personalData"] == "full", f"{role}: {order}"
        assert order["customer"]["phone"] == phone and order["customer"]["name"] == "张三", order["customer"]

    after_sales = Api(server.base_url, token=tokens["afterSales@SH01"])
    too_short = after_sales.post(f"/orders/{ref}/personal-data", json={"reason": "hi"})
    assert too_short.status_code == 422, too_short.text
    revealed = after_sales.post(f"/orders/{ref}/personal-data", json={"reason": "客户来电投诉，需回拨"})
    assert revealed.status_code == 200, revealed.text
    customer = revealed.json()
    assert customer["phone"] == phone and customer["name"] == "张三", customer
    assert customer["address"]["detail"] == "漕溪北路 88 号", customer

    finance = Api(server.base_url, token=tokens["finance@*"])
    refused = finance.post(f"/orders/{ref}/personal-data", json={"reason": "reconciling an invoice"})
    assert refused.status_code == 403, refused.text
    assert phone not in refused.text
    assert finance.get("/audit-log", params={"action": "personalData.revealed"}).status_code == 403

    log = Api(server.base_url, token=tokens["auditor@*"]).get(
        "/audit-log", params={"action": "personalData.revealed"}
    )
    assert log.status_code == 200, log.text
    entries = log.json()["entries"]
    assert len(entries) == 1, f"one reveal happened, the log has {entries}"
    entry = entries[0]
    assert entry["outcome"] == "succeeded", entry
    # Who (the after-sales token, by its prefix), which order, and why.
    assert entry["actor"] == f"integration:token:{tokens['afterSales@SH01'][:12]}", entry
    assert entry["subject"] == ref and entry.get("storeCode") == "SH01", entry
    assert entry["detail"].get("reason") == "客户来电投诉，需回拨", f"the reason is not on record: {entry}"


def test_a_store_token_sees_and_takes_orders_of_its_store_only(server: ServerProcess, cli: Cli) -> None:
    """Why: a Beijing receptionist must not learn that a Shanghai order
    exists (404, not 403), nor list it, nor book for Shanghai."""
    admin = Api(server.base_url)
    shanghai = OrderFactory(admin, "SH01")
    sh_order = admin.post("/orders", json=shanghai.body(unique_mobile(), random.Random(21)))
    assert sh_order.status_code == 201, sh_order.text

    bj = Api(server.base_url, token=cli.token("receptionist@BJ01", name="bj-desk"))
    for ref in (sh_order.json()["number"], sh_order.json()["id"]):
        hidden = bj.get(f"/orders/{ref}")
        assert hidden.status_code == 404, f"{ref}: {hidden.status_code} {hidden.text[:200]}"

    beijing = OrderFactory(bj, "BJ01")
    bj_order = bj.post("/orders", json=beijing.body(unique_mobile(), random.Random(22)))
    assert bj_order.status_code == 201, bj_order.text

    listed = bj.get("/orders", params={"limit": 100})
    assert listed.status_code == 200, listed.text
    stores = {o["storeCode"] for o in listed.json()["items"]}
    assert stores == {"BJ01"}, f"a BJ01 receptionist lists orders of {stores}"

    booked = bj.post("/orders", json=shanghai.body(unique_mobile(), random.Random(23)))
    assert booked.status_code == 403, f"BJ01 token booked for SH01: {booked.status_code} {booked.text[:200]}"
    everywhere = admin.get("/orders", params={"limit": 100}).json()["items"]
    assert sum(o["storeCode"] == "SH01" for o in everywhere) == 1, "the refused booking made an order"
