"""The thank-you page in headless Chromium: it renders, breaks no CSP rule, and the invoice downloads."""

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.e2e.axe import axe_check
from tests.e2e.journey import CSP_LISTENER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORDER = "DEMO-0009100012"


def console_error(message) -> bool:
    return message.type == "error"


@pytest.mark.parametrize("width", [390, 1280])
def test_thank_you_page_renders_cleanly_and_offers_the_invoice(
    browser, live_server, sandbox, width, tmp_path
):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if console_error(message) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    token = quote(sandbox.token_for(ORDER), safe="")
    response = page.goto(f"{live_server.url}/thank-you/?OrderToken={token}")
    assert response is not None and response.status == 200

    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Jane"
    assert page.locator(".uc-receipt table").count() > 0
    assert page.get_by_role("link", name="Manage your subscription").is_visible()

    link = page.get_by_role("link", name="Download invoice (PDF)")
    assert link.get_attribute("href") == f"/orders/{ORDER}/invoice.pdf"
    with page.expect_download() as download_info:
        link.click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-")

    # Rendering the full page is part of the check; the file is scratch (pytest keeps the last few runs').
    page.screenshot(path=tmp_path / f"thank-you-{width}.png", full_page=True)
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    axe_check(page)
    context.close()


def test_resend_confirmation_email_from_the_browser(browser, live_server, sandbox):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    token = quote(sandbox.token_for(ORDER), safe="")
    page.goto(f"{live_server.url}/thank-you/?OrderToken={token}")
    sandbox.clear_requests()

    page.get_by_role("button", name="Resend my confirmation email").click()
    page.wait_for_load_state()
    # A real form POST with the CSRF token, then back on the page it was pressed on, with a message.
    assert page.url == f"{live_server.url}/thank-you/?OrderToken={token}"
    status = page.get_by_role("status").inner_text().strip()
    assert status == "We've sent your confirmation email again, to j•••@example.com."
    assert sandbox.operations() == ["resendReceipt"]

    page.get_by_role("button", name="Resend my confirmation email").click()
    page.wait_for_load_state()
    assert "less than 10 minutes ago" in page.get_by_role("status").inner_text()
    assert "try again at" in page.get_by_role("status").inner_text()
    assert sandbox.operations() == ["resendReceipt"]  # once per order per 10 minutes
    context.close()
