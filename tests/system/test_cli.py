"""The operator's command line as a terminal shows it.

What only the real binary shows: exit codes, what is printed for a mistake
(usage for a wrongly called command, one line for a command that could not
do its work), that a mistyped database path creates nothing, and that the
demo honours ORDERFLOW_ADMIN_PASSWORD as README's configuration table says.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import requests

from harness import HTTP_TIMEOUT_S, ServerProcess, base_environment, hidden_inputs

CLI_TIMEOUT_S = 120
DEMO_PASSWORD = "OrderFlow-demo-2026"


def run(binary: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *args],
        check=False,
        env=env or base_environment(),
        input="",
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_S,
    )


def test_a_mistyped_database_path_creates_nothing_and_says_so(orderflow_bin: Path, tmp_path: Path) -> None:
    """Why (issue 14, point 23): `user list` on a wrong path used to make the
    folder and an empty database, and answer with an empty list."""
    missing = tmp_path / "missing" / "x.sqlite"
    result = run(orderflow_bin, "user", "list", "--sqlite-path", str(missing))
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "No database at" in result.stderr and str(missing) in result.stderr, result.stderr
    assert "USAGE" not in result.stderr.upper(), result.stderr
    assert not missing.parent.exists(), "the folder was created"


def test_an_unknown_command_gets_the_list_of_commands_not_serves_options(orderflow_bin: Path) -> None:
    result = run(orderflow_bin, "frobnicate")
    assert result.returncode == 64, (result.returncode, result.stderr)
    text = result.stdout + result.stderr
    assert "frobnicate" in text, text
    assert "orderflow <subcommand>" in text and "--help" in text, text
    assert "--alert-stream-seconds" not in text and "--port" not in text, f"serve's options shown:\n{text}"
    listed = run(orderflow_bin, "--help")
    for command in ("serve", "migrate", "demo", "user", "token", "audit"):
        assert command in listed.stdout, f"{command} missing from:\n{listed.stdout}"


def test_a_runtime_failure_is_one_line_with_exit_1_and_no_usage(orderflow_bin: Path, sqlite_db: Path) -> None:
    """A well-formed command that cannot do its work (an unknown account) is
    not a usage error: no usage text, exit 1, not 64."""
    result = run(orderflow_bin, "user", "disable", "nobody.here", "--sqlite-path", str(sqlite_db))
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "USAGE" not in result.stderr.upper(), result.stderr
    assert result.stderr.strip(), "nothing said"


def sign_in_status(base_url: str, username: str, password: str) -> int:
    browser = requests.Session()
    page = browser.get(f"{base_url}/login", timeout=HTTP_TIMEOUT_S)
    answer = browser.post(
        f"{base_url}/login",
        data={"username": username, "password": password, "csrf": hidden_inputs(page.text)["csrf"], "next": "/console"},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT_S,
    )
    return answer.status_code


def test_the_demo_admin_signs_in_with_ORDERFLOW_ADMIN_PASSWORD(orderflow_bin: Path, tmp_path: Path) -> None:
    """Why (issue 14, point 9): README says the first administrator's password
    comes from ORDERFLOW_ADMIN_PASSWORD; the demo used to ignore it."""
    db_path = tmp_path / "demo.sqlite"
    env = base_environment()
    env["ORDERFLOW_ADMIN_PASSWORD"] = "Tea-Garden-Keeper-2026"
    result = run(orderflow_bin, "demo", "--orders", "0", "--sqlite-path", str(db_path), env=env)
    assert result.returncode == 0, (result.stdout, result.stderr)
    server = ServerProcess(orderflow_bin, db_path, tmp_path / "server.log").start()
    try:
        assert sign_in_status(server.base_url, "admin", "Tea-Garden-Keeper-2026") == 303
        assert sign_in_status(server.base_url, "admin", DEMO_PASSWORD) == 401
        # Everyone else keeps the demo password.
        assert sign_in_status(server.base_url, "sh.manager", DEMO_PASSWORD) == 303
    finally:
        server.kill()
    weak = base_environment()
    weak["ORDERFLOW_ADMIN_PASSWORD"] = "123"
    refused = run(orderflow_bin, "demo", "--orders", "0", "--sqlite-path", str(tmp_path / "weak.sqlite"), env=weak)
    assert refused.returncode == 1 and re.search("ORDERFLOW_ADMIN_PASSWORD", refused.stderr), refused.stderr
