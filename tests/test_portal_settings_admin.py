"""The portal settings in the admin: one record, the form round trip, clear refusals, the logo upload."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.merchant.config import portal_settings_get
from portal.merchant.models import AuditEntry, PortalConfiguration
from tests.test_portal_settings import image_bytes

pytestmark = pytest.mark.django_db
ADD = "/admin/merchant/portalconfiguration/add/"
CHANGE = "/admin/merchant/portalconfiguration/1/change/"
LIST = "/admin/merchant/portalconfiguration/"


def form_data(**changes):
    data = {
        "store_name": "Bramble & Oak",
        "logo_url": "",
        "accent_color": "#3a2e6e",
        "support_email": "help@bramble.example",
        "support_phone": "+1 555 0100",
        "storefront_url": "https://bramble.example/",
        "merchant_address": "2 Oak Lane\nPortland, OR",
        "merchant_tax_id": "US-123",
        "full_details_minutes": "30",
        "invoice_source": "ultracart",
        "time_zone": "America/Los_Angeles",
        "subscription_actions": ["pause", "resume", "cancel"],
        "subscription_max_skips": "1",
        "subscription_min_lead_days": "3",
        "subscription_max_days_ahead": "60",
        "subscription_cancel_reasons": "Too much\nToo expensive\n",
        "subscription_save_offers": "",
        "subscription_save_offer_map": "Too expensive: discount",
        "subscription_discount_percent": "15",
        "subscription_discount_orders": "3",
        "conversion_snippet": "<script>window.converted = '{{ order_id|escapejs }}';</script>",
        "conversion_hosts": "https://www.googletagmanager.com",
        "subscription_item_rules": "COFFEE-MONTHLY: frequencies=Monthly, Every...; quantity=1-3",
        "subscription_add_on_items": "FILTERS-100",
    }
    data.update(changes)
    return data


@pytest.fixture
def staff(client):
    client.force_login(
        User.objects.create_user("merchant", email="m@shop.example", is_staff=True, is_superuser=True)
    )
    return client


def test_the_list_leads_to_the_add_form_prefilled_with_todays_values(staff, settings):
    settings.PORTAL_STORE_NAME = "Env Store"
    response = staff.get(LIST)
    assert response.status_code == 302 and response["Location"] == ADD
    form = staff.get(ADD).content.decode()
    assert 'value="Env Store"' in form and "Conversion tracking" in form


def test_the_form_round_trip(staff):
    response = staff.post(ADD, form_data())
    assert response.status_code == 302 and response["Location"] == CHANGE
    brand = portal_settings_get()
    assert brand.store_name == "Bramble & Oak" and brand.accent_color == "#3a2e6e"
    assert brand.subscription_actions == {"pause", "resume", "cancel"}
    assert brand.subscription_cancel_reasons == ("Too much", "Too expensive")
    assert brand.full_details_minutes == 30 and brand.invoice_source == "ultracart"
    assert brand.subscription_save_offers is False and brand.storefront_url == "https://bramble.example/"
    assert brand.item_rule("COFFEE-MONTHLY").frequencies == ("Monthly", "Every...")
    assert brand.item_rule("COFFEE-MONTHLY").quantity_max == 3
    assert brand.subscription_add_on_items == ("FILTERS-100",)
    page = staff.get(CHANGE).content.decode()
    assert 'value="Bramble &amp; Oak"' in page
    checked = set(re.findall(r'name="subscription_actions" value="(\w+)"[^>]*checked', page))
    assert checked == {"pause", "resume", "cancel"}
    # The record is now the list; there is no second one and no delete.
    assert staff.get(LIST)["Location"] == CHANGE
    assert staff.get(ADD).status_code == 403
    assert staff.post("/admin/merchant/portalconfiguration/1/delete/").status_code == 403
    staff.post(CHANGE, form_data(store_name="Renamed"))
    assert PortalConfiguration.objects.count() == 1 and portal_settings_get().store_name == "Renamed"
    entries = AuditEntry.objects.filter(action="portal_settings").order_by("id")
    assert [e.detail.split(":")[0] for e in entries] == ["staff merchant", "staff merchant"]
    assert entries.last().detail == "staff merchant: store_name"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("accent_color", "#ffff00", "1.07:1; WCAG AA needs at least 4.5:1"),
        ("accent_color", "blue", "Enter a hex colour"),
        ("logo_url", "javascript:alert(1)", "Only an https:// address"),
        ("logo_url", "http://cdn.example/logo.png", "Only an https:// address"),
        ("storefront_url", "javascript:alert(1)", "https:// or http://"),
        ("full_details_minutes", "0", "greater than or equal to 1"),
        ("subscription_cancel_reasons", "", "at least one cancel reason"),
        ("subscription_item_rules", "COFFEE-MONTHLY: quantity=4-1", "Line 1: quantity is a range"),
        ("subscription_add_on_items", "two words", "is not an item id"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(staff, field, value, message):
    response = staff.post(ADD, form_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PortalConfiguration.objects.exists()


def test_a_logo_upload_is_checked_and_served(staff, client):
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml")
    response = staff.post(ADD, {**form_data(), "logo_file": svg})
    assert response.status_code == 200 and "SVG is not accepted" in response.content.decode()
    png = SimpleUploadedFile("logo.png", image_bytes("PNG"), "image/png")
    assert staff.post(ADD, {**form_data(), "logo_file": png}).status_code == 302
    logo = portal_settings_get().logo_url
    assert logo.startswith("/brand-logo/") and client.get(logo).content == image_bytes("PNG")
    assert f'src="{logo}"' in staff.get(CHANGE).content.decode()  # the preview in the form
    staff.post(CHANGE, {**form_data(), "remove_logo": "on"})
    assert portal_settings_get().logo_url == "" and client.get(logo).status_code == 404


def test_non_staff_cannot_reach_it(client):
    client.force_login(User.objects.create_user("customer"))
    assert client.get(LIST)["Location"].startswith("/admin/login/")
    assert client.post(ADD, form_data())["Location"].startswith("/admin/login/")
    assert not PortalConfiguration.objects.exists()


def test_the_logo_fields_say_which_logo_the_invoices_print(staff):
    """Invoices embed only the portal's own /static/ images (render.py fetches nothing else): a merchant who
    uploads a logo or gives an https one must not be surprised by a PDF without it."""
    form = staff.get(ADD).content.decode()
    logo_help = re.search(r'id="id_logo_url_helptext"[^>]*>(.*?)</div>', form, re.S).group(1)
    assert "/static/" in logo_help and "invoice" in logo_help.lower()
    upload_help = re.search(r'id="id_logo_file_helptext"[^>]*>(.*?)</div>', form, re.S).group(1)
    assert "invoice" in upload_help.lower()


def test_the_audit_lists_only_the_fields_that_changed_in_meaning(staff):
    staff.post(ADD, form_data())
    # What a browser sends back for the same form: \r\n line ends, checkboxes and hosts in another order.
    same_but_resent = form_data(
        merchant_address="2 Oak Lane\r\nPortland, OR",
        subscription_cancel_reasons="Too much\r\nToo expensive\r\n",
        subscription_actions=["cancel", "resume", "pause"],
        conversion_hosts="https://www.googletagmanager.com\r\n",
    )
    four_changes = {
        "store_name": "Bramble & Oak Ltd",
        "support_phone": "+1 555 0199",
        "full_details_minutes": "45",
        "time_zone": "Europe/Madrid",
    }
    response = staff.post(CHANGE, {**same_but_resent, **four_changes})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="portal_settings").order_by("-id").first()
    assert sorted(entry.after) == sorted(four_changes)
    assert sorted(entry.detail.removeprefix("staff merchant: ").split(", ")) == sorted(four_changes)
