"""The race of issue 20 item 1 with the production layout: two real portals (gunicorn) and their task
workers on one database and one Redis. A customer cancels while the scheduled resume's write is in flight
(3 s of sandbox latency): the cancel is never undone and the subscription is never left active.

The write lock lives in the shared cache, so this runs on the Redis run (local memory is per process).
"""

import time

import pytest
import requests

from tests.portals import Portals
from tests.portals import portals as portals  # the fixture: two portals and their workers
from tests.subscriptions_helpers import JANE, PAUSED
from tests.test_scale_out import SHARED_CACHE_ONLY, form_token, sign_in, visitor

pytestmark = pytest.mark.django_db


def _schedule_resume_now(portals: Portals) -> int:
    script = (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from portal.subscriptions import resume_records\n"
        f"row = resume_records.resume_schedule(auto_order_oid={PAUSED}, email='{JANE}', language='en',\n"
        "    resume_at=timezone.now() + timedelta(seconds=1))\n"
        "print(row.id)\n"
    )
    return int(portals.manage("shell", "-c", script).strip().splitlines()[-1])


def _update_in_flight(sandbox, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(e["operation"] == "updateAutoOrder" and e["status"] is None for e in sandbox.requests()):
            return
        time.sleep(0.05)
    raise AssertionError("the worker's resume never reached UltraCart")


def _cancel_confirm(browser: requests.Session, url: str, page: requests.Response) -> requests.Response:
    data = {"csrfmiddlewaretoken": form_token(page), "step": "confirm", "reason": "Moving"}
    return browser.post(url, {**data, "token": form_token(page, "token")}, allow_redirects=False, timeout=30)


def test_a_cancel_during_the_workers_resume_is_not_undone(portals, sandbox):
    if not portals.shared_cache:
        pytest.skip(SHARED_CACHE_ONLY)
    portals.cache_clear()
    a, b = portals.urls
    browser = visitor(21)
    sign_in(browser, a, portals)
    url = f"{b}/account/subscriptions/{PAUSED}/cancel/"
    opened = browser.get(url, timeout=30)
    review = browser.post(
        url, {"csrfmiddlewaretoken": form_token(opened), "step": "review", "reason": "Moving"}, timeout=30
    )
    assert review.status_code == 200 and "paused" in review.text.lower()  # reviewed while paused

    sandbox.fault(latency_ms=3000, operations=["updateAutoOrder"], count=1)  # the worker's write only
    resume_id = _schedule_resume_now(portals)
    _update_in_flight(sandbox)
    first = _cancel_confirm(browser, url, review)  # on portal B, while portal A's worker writes

    # It waited for the worker's write, read fresh, and found what it reviewed had changed: nothing written.
    assert first.status_code == 409 and "changed meanwhile" in first.text, first.text[:500]
    again = _cancel_confirm(browser, url, first)  # the page shows it as it is now: confirm again
    assert again.status_code == 302, again.text[:500]

    time.sleep(4)  # nothing still in flight may land after the cancel
    raw = sandbox.api("GET", f"/auto_order/auto_orders/{PAUSED}", params={"_expand": "items"}).json()
    assert (raw["auto_order"]["status"], raw["auto_order"]["cancel_reason"]) == ("canceled", "Moving")
    updates = [e for e in sandbox.requests() if e["operation"] == "updateAutoOrder"]
    assert len(updates) == 2, updates  # the resume, then the cancel: never a stale object written back
    rows = portals.sql(
        "SELECT action, result FROM merchant_auditentry WHERE auto_order_oid = %s ORDER BY id", (PAUSED,)
    )
    # Each review showed the reason's save offers ("Moving": the address, pause), and says so in the audit.
    assert rows == [
        ("save_offer_shown", "ok"),
        ("scheduled_resume", "ok"),
        ("cancel", "refused"),
        ("save_offer_shown", "ok"),
        ("cancel", "ok"),
    ], rows
    (status,) = portals.sql("SELECT status FROM subscriptions_scheduledresume WHERE id = %s", (resume_id,))[0]
    assert status == "done"
