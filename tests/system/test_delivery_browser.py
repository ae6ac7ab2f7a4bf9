"""Delivery on the technician's phone in a real browser (R5.1–R5.3).

What only a browser shows, against a real `orderflow serve` (the parts,
fixtures and steps of test_console_browser.py and test_dispatch_browser.py):

* the delivery report form on a 390 px phone: the self-check, a photo
  uploaded by console.js as the raw body of a fetch (and a text file
  refused beside the field), the report submitted with the photo's id;
* the customer signs on the screen with the pointer (the canvas becomes a
  PNG in a hidden input), the order is delivered;
* every step of it fits the phone's width.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness import Api, ServerProcess, make_token

pytest.importorskip("selenium", reason="the selenium package is missing (pip install -r tests/requirements.txt)")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from test_console_browser import (  # noqa: E402, F401  (fixtures are used by name)
    PHONE,
    Screen,
    chrome_parts,
    console_server,
    screens,
)
from test_dispatch_browser import (  # noqa: E402, F401  (fixtures are used by name)
    PHONE_TECHNICIANS,
    around_the_clock,
    dispatcher,
    job_starting_soon,
    open_job_as,
    page_overflow,
    prepare_and_check_in,
)

# A JPEG's first bytes are all the server looks at (its type is read from the bytes).
JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(500)


@pytest.fixture(scope="module")
def criteria(orderflow_bin: Path, console_server: ServerProcess) -> None:
    """AC-CLEAN gets one indicator to self-check, set by an administrator over the API."""
    admin = Api(
        console_server.base_url,
        token=make_token(orderflow_bin, ["--sqlite-path", str(console_server.db_path)], "administrator@*"),
    )
    saved = admin.request(
        "PUT",
        "/catalog/AC-CLEAN/acceptance",
        json={
            "indicators": [
                {
                    "code": "airflow",
                    "name": {"zhHans": "出风量正常", "en": "Airflow normal"},
                    "passWhen": {"zhHans": "风速 ≥ 3 m/s", "en": "≥ 3 m/s"},
                }
            ],
            "method": {"zhHans": "试机 15 分钟", "en": "Run 15 minutes"},
            "periodHours": 24,
        },
    )
    assert saved.status_code == 200, saved.text[:500]


def test_r5_report_and_signature_on_a_phone(
    screens: Callable[..., Screen],
    console_server: ServerProcess,
    dispatcher: Api,
    around_the_clock: dict[str, str],
    criteria: None,
    tmp_path: Path,
) -> None:
    """Why (R5.1–R5.3): the technician reports and the customer signs on the
    technician's phone, on site; uploads and the signature need the script,
    and the whole page must fit the phone."""
    technician = PHONE_TECHNICIANS[0]
    number, day, start = job_starting_soon(console_server, dispatcher, technician, "钱晓燕")
    phone = screens(*PHONE)
    open_job_as(phone, technician, number, day, start)
    prepare_and_check_in(phone, number)
    assert phone.all("#delivery-report"), f"no delivery report form after check-in:\n{phone.text('main')[:800]}"
    assert page_overflow(phone) <= 0, f"the job page with the report form is {page_overflow(phone)}px too wide"

    phone.find("input[name='check/AC-CLEAN/airflow'][value=passed]").click()
    phone.type("report-work", "拆洗滤网，清洗蒸发器")
    phone.type("report-results", "出风 3.5 m/s，制冷正常")

    # A text file is refused beside the field; a photo is kept as a hidden id.
    note = tmp_path / "note.txt"
    note.write_text("not a photo")
    photo = tmp_path / "before.jpg"
    photo.write_bytes(JPEG)
    files = phone.find("#report-files")
    assert files.is_displayed(), "the file input is still hidden: console.js did not run"
    files.send_keys(str(note))
    phone.wait(lambda _: phone.find("[data-upload-error]").is_displayed(), "the upload's refusal")
    assert "JPG / PNG / WEBP" in phone.text("[data-upload-error]"), phone.text("[data-upload-error]")
    files.send_keys(str(photo))
    phone.wait(
        lambda _: phone.all("#report-form .upload-list input[name=attachment]"), "the photo's id in the form"
    )
    assert "before.jpg" in phone.text("#report-form .upload-list"), phone.text("#report-form .upload-list")

    phone.driver.execute_script("document.getElementById('delivery-report').scrollIntoView({block: 'start'})")
    phone.shoot("delivery-report.png")
    submit = phone.find("#submit-report")
    phone.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
    phone.click_and_load(submit)
    assert phone.query == "done=report", f"{phone.driver.current_url}\n{phone.text('main')[:800]}"
    assert phone.all("#customer-acceptance img.thumb"), "the report's photo is not shown above the signature pad"
    assert page_overflow(phone) <= 0, f"the acceptance page is {page_overflow(phone)}px too wide"

    # The customer signs with a finger (pointer events), gives their name and accepts.
    canvas = phone.find("canvas[data-signature-pad]")
    phone.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    assert canvas.size["width"] <= PHONE[0], canvas.size
    ActionChains(phone.driver).move_to_element_with_offset(canvas, -80, 0).click_and_hold().move_by_offset(
        40, 20
    ).move_by_offset(40, -30).move_by_offset(60, 25).release().perform()
    phone.type("signer-name", "钱女士")
    phone.shoot("delivery-signature.png")
    phone.click_and_load(phone.find("#accept"))
    assert phone.query == "done=accepted", f"{phone.driver.current_url}\n{phone.text('main')[:800]}"
    assert phone.text("#job-status") == "已交付", phone.text("#job-status")
    phone.shoot("delivery-signed.png")
