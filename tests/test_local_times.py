"""Dates and times in the merchant's time zone (Portal settings, default PORTAL_TIME_ZONE), zone named;
days UltraCart sends with an offset keep their calendar day."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone, translation

from portal.invoices.render import invoice_html
from portal.merchant.config import portal_settings_defaults, portal_settings_get
from portal.merchant.settings_records import portal_settings_update
from portal.receipts.templatetags.order_text import order_date, order_datetime
from portal.ultracart import order_get

pytestmark = pytest.mark.django_db
TRACKED = "DEMO-0009100011"  # Jane's shipped order with tracking events


def test_the_default_comes_from_the_environment(settings):
    settings.PORTAL_TIME_ZONE = "America/Los_Angeles"
    assert portal_settings_defaults().time_zone == "America/Los_Angeles"
    assert portal_settings_get().time_zone == "America/Los_Angeles"


def test_a_zone_the_database_does_not_know_is_refused():
    with pytest.raises(ValidationError, match="not a time zone name"):
        portal_settings_update(changes={"time_zone": "Mars/Olympus_Mons"}, actor="t")
    assert portal_settings_get().time_zone == "UTC"


def test_order_pages_show_times_in_the_merchants_zone(jane, sandbox):
    portal_settings_update(changes={"time_zone": "America/Los_Angeles"}, actor="t")
    html = jane.get(f"/orders/{TRACKED}/").content.decode()
    assert " UTC" not in html
    assert html.count(" PST<") + html.count(" PDT<") >= 3  # placed, delivered, tracking events


def test_the_invoice_dates_follow_the_zone(sandbox):
    late_evening = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    order = replace(order_get(order_id=TRACKED), created_at=late_evening, paid_at=late_evening)
    branding = portal_settings_get()
    assert "Dec. 1, 2026" in invoice_html(order=order, branding=branding, language="en")
    kiritimati = replace(branding, time_zone="Pacific/Kiritimati")  # UTC+14: already the 2nd there
    html = invoice_html(order=order, branding=kiritimati, language="en")
    assert "Dec. 2, 2026" in html and "Dec. 1, 2026" not in html


def test_a_moment_is_named_in_the_zone():
    moment = datetime(2026, 12, 1, 22, 46, tzinfo=UTC)
    with timezone.override("America/Los_Angeles"), translation.override("en"):
        assert order_datetime(moment) == "Dec. 1, 2026, 2:46 p.m. PST"
    with timezone.override("Europe/Madrid"), translation.override("es"):
        assert order_datetime(moment) == "1 de diciembre de 2026 a las 23:46 CET"


def test_a_day_keeps_the_calendar_day_ultracart_sent():
    # Midnight in New York is the evening before in Los Angeles: the delivery day must not move.
    delivery = datetime(2026, 12, 5, 0, 0, tzinfo=dt_timezone(timedelta(hours=-5)))
    with timezone.override("America/Los_Angeles"), translation.override("en"):
        assert order_date(delivery) == "Dec. 5, 2026"
        shown = Template('{% load local_time %}{{ d|calendar_day|date:"DATE_FORMAT" }}').render(
            Context({"d": datetime(2026, 12, 5, 0, 0, tzinfo=UTC)})
        )
        assert shown == "Dec. 5, 2026"
