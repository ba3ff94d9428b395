"""Every subscription email names the product, says what changed and the new next date, and links to the
subscription's page (issue 22, items 6 and 9), in the customer's language."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.subscriptions.emails import subscription_email_send
from portal.ultracart import auto_order_get
from tests.subscriptions_helpers import ACTIVE, PAUSED, confirm

pytestmark = pytest.mark.django_db
COFFEE = "Monthly Coffee Club – Ethiopia Yirgacheffe (12 oz)"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.com"


def act(client, oid, action, data=None):
    response = confirm(client, f"/account/subscriptions/{oid}/{action}/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    return message.subject, message.body, html


def day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def assert_names_and_links(subject: str, text: str, html: str, oid: int) -> None:
    """The product named, and the one link every subscription email has: a manage link for this subscription
    on the base URL (tests/test_subscription_manage_links.py follows it)."""
    link = f"https://portal.example.com/account/subscriptions/{oid}/link/?t="
    assert COFFEE in subject and COFFEE in text and COFFEE in html
    assert link in text and f'href="{link}' in html


def test_reschedule_names_the_product_the_new_date_and_links_to_the_page(sandbox, jane):
    new_day = timezone.localdate() + timedelta(days=12)
    subject, text, html = act(jane, ACTIVE, "reschedule", {"day": new_day.isoformat()})
    assert_names_and_links(subject, text, html, ACTIVE)
    assert "You moved the next shipment" in text
    assert f"Next shipment: {date_format(new_day, 'DATE_FORMAT')}." in text
    assert f"Next charge: {date_format(new_day, 'DATE_FORMAT')}." in text


def test_resume_names_the_new_next_date(sandbox, jane):
    subject, text, html = act(jane, PAUSED, "resume")
    assert_names_and_links(subject, text, html, PAUSED)
    after = auto_order_get(auto_order_oid=PAUSED)
    assert "is active again" in text and f"Next shipment: {day(after.next_shipment_at)}." in text


def test_a_timed_pause_says_when_it_resumes_and_charges_nothing_before(sandbox, jane):
    until = timezone.localdate() + timedelta(days=40)
    subject, text, html = act(jane, ACTIVE, "pause", {"mode": "until", "until": until.isoformat()})
    assert_names_and_links(subject, text, html, ACTIVE)
    assert f"It resumes on {date_format(until, 'DATE_FORMAT')}." in text
    page = jane.get(f"/account/subscriptions/{ACTIVE}/").content.decode()
    charge = date.fromisoformat(page.split('data-date="next-charge"><time datetime="')[1][:10])
    assert charge >= until  # none before the resume date, and the email says the page's date
    assert f"Next charge: {date_format(charge, 'DATE_FORMAT')}." in text


def test_pause_and_cancel_name_the_product_and_promise_no_date(sandbox, jane):
    subject, text, html = act(jane, ACTIVE, "pause", {"mode": "indefinite"})
    assert_names_and_links(subject, text, html, ACTIVE)
    assert "Next charge" not in text and "Nothing will ship or be charged" in text
    mail.outbox.clear()
    subject, text, html = act(jane, PAUSED, "cancel", {"reason": "Too expensive"})
    assert_names_and_links(subject, text, html, PAUSED)
    assert "Next shipment" not in text and "is canceled" in text


def test_in_spanish_and_nothing_unescaped_in_the_html(sandbox, jane):
    jane.get(f"/account/subscriptions/{ACTIVE}/")
    auto_order = auto_order_get(auto_order_oid=ACTIVE)
    with translation.override("es"):
        sent = subscription_email_send(
            action="resume", email="jane.doe@example.com", language="es", context={"auto_order": auto_order}
        )
    assert sent
    message = mail.outbox[0]
    assert isinstance(message, mail.EmailMultiAlternatives)
    assert "Tu suscripción a" in message.body and "Próximo envío" in message.body
    assert str(message.alternatives[0][0]).count("<title>") == 1
