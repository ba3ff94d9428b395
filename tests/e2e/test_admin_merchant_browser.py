"""The merchant admin pages this portal adds, in Chromium at phone and desktop widths, checked by axe:
the settings record (a refused colour says why), the audit log and the scheduled resumes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.merchant.actions import SubscriptionAction as Action
from portal.merchant.audit import audit_record
from portal.subscriptions.models import ScheduledResume
from tests.e2e.axe import axe_findings_at_widths
from tests.e2e.journey import SCREENSHOT_DIR, screenshots_wanted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password-1"


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "merchant")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def shoot(page, tmp_path, name: str) -> None:
    # PORTAL_SCREENSHOTS=1 (make screenshots) keeps them with the others; otherwise they are only taken.
    folder = str(SCREENSHOT_DIR) if screenshots_wanted() else str(tmp_path)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def test_merchant_admin_pages(browser, live_server, django_user_model, tmp_path):
    django_user_model.objects.create_superuser("merchant", "merchant@example.com", PASSWORD)
    audit_record(action=Action.PAUSE, result="ok", email="jane.doe@example.com", auto_order_oid=5001)
    ScheduledResume.objects.create(
        auto_order_oid=5002, email="jane.doe@example.com", resume_at=timezone.now() + timedelta(days=3)
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("h1").count() == 1  # Django's login page has none of its own
    assert axe_findings_at_widths(page) == []
    sign_in(page, live_server.url)

    page.goto(f"{live_server.url}/admin/merchant/portalconfiguration/")
    assert page.url.endswith("/admin/merchant/portalconfiguration/add/")
    page.fill("#id_accent_color", "#ffcc00")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert "WCAG AA needs at least 4.5:1" in page.inner_text(".field-accent_color")
    shoot(page, tmp_path, "admin-settings-refused")
    assert axe_findings_at_widths(page) == []
    page.fill("#id_accent_color", "#3a2e6e")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/merchant/portalconfiguration/1/change/")
    assert "was added successfully" in page.inner_text(".messagelist")
    shoot(page, tmp_path, "admin-settings")
    assert axe_findings_at_widths(page) == []

    for name, path in (
        ("admin-audit", "merchant/auditentry/"),
        ("admin-resumes", "subscriptions/scheduledresume/"),
    ):
        page.goto(f"{live_server.url}/admin/{path}")
        shoot(page, tmp_path, name)
        assert axe_findings_at_widths(page) == []

    page.goto(f"{live_server.url}/admin/api-status/")
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # it was 338 px wide
    assert axe_findings_at_widths(page, widths=(320, 375, 1280)) == []
    page.close()
