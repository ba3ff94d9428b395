"""The portal settings record: each validation rule, the defaults until it is saved, the cache (a stale
value replaced on save, an outage falling back to the database), the audit, and the uploaded logo."""

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from portal.merchant.config import CACHE_KEY, portal_settings_defaults, portal_settings_get
from portal.merchant.models import AuditEntry, PortalConfiguration
from portal.merchant.settings_records import portal_settings_update
from portal.merchant.validation import contrast_with_white, validate_logo_image
from tests.test_cache_outage import DEAD_REDIS

pytestmark = pytest.mark.django_db


def update(**changes):
    return portal_settings_update(changes=changes, actor="merchant")


def refused(field: str, **changes) -> str:
    with pytest.raises(ValidationError) as caught:
        update(**changes)
    messages = caught.value.message_dict
    assert field in messages, messages
    return " ".join(messages[field])


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 80, 60)).save(out, kind)
    return out.getvalue()


# Validation, one rule at a time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "color", ["red", "#12345", "#1234567", "2f5d50", "#gg0000", "#2f5d50;}", "#2f5d5080"]
)
def test_only_a_hex_colour(color):
    assert "hex colour" in refused("accent_color", accent_color=color)


def test_a_light_accent_is_refused_with_the_measured_and_needed_contrast():
    message = refused("accent_color", accent_color="#ffcc00")
    assert f"{contrast_with_white('#ffcc00'):.2f}:1" in message and "4.5:1" in message
    assert round(contrast_with_white("#777"), 2) == 4.48  # the classic just-too-light grey
    assert "4.48:1" in refused("accent_color", accent_color="#777")


@pytest.mark.parametrize("color", ["#2f5d50", "#000", "#767676", "#0A58CA"])
def test_dark_enough_colours_pass(color):
    assert update(accent_color=color).accent_color == color


@pytest.mark.parametrize(
    "url",
    ["http://cdn.example.com/logo.png", "javascript:alert(1)", "data:image/png;base64,AAAA", "//x.io/a"],
)
def test_only_https_logo_urls(url):
    assert "https://" in refused("logo_url", logo_url=url)


@pytest.mark.parametrize("url", ["https://cdn.shop.example/logo.png", "/static/img/logo.png", ""])
def test_https_or_our_own_static_logos_pass(url):
    assert update(logo_url=url).logo_url == url


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://shop.example.com", "shop"]
)
def test_storefront_url_is_http_or_https(url):
    refused("storefront_url", storefront_url=url)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_details_minutes", 0),
        ("full_details_minutes", 60 * 24 * 31),
        ("subscription_max_skips", 13),
        ("subscription_min_lead_days", 0),
        ("subscription_min_lead_days", 61),
        ("subscription_max_days_ahead", 6),
        ("subscription_max_days_ahead", 400),
    ],
)
def test_numbers_within_bounds(field, value):
    refused(field, **{field: value})


def test_max_days_ahead_must_exceed_the_lead_days():
    assert "min lead days (30)" in refused(
        "subscription_max_days_ahead", subscription_min_lead_days=30, subscription_max_days_ahead=20
    )


def test_cancel_needs_a_reason_but_not_when_cancel_is_off():
    assert "at least one cancel reason" in refused(
        "subscription_cancel_reasons", subscription_cancel_reasons=" \n"
    )
    saved = update(subscription_actions=["pause", "resume"], subscription_cancel_reasons="")
    assert saved.subscription_actions == {"pause", "resume"} and saved.subscription_cancel_reasons == ()


def test_cancel_reasons_and_the_seller_address_have_bounds():
    many = "\n".join(f"Reason {n}" for n in range(13))
    assert "At most 12 reasons (13 given)" in refused(
        "subscription_cancel_reasons", subscription_cancel_reasons=many
    )
    assert "under 500 characters" in refused("merchant_address", merchant_address="1 Long Street\n" * 40)
    assert update(merchant_address="1 Example Street\nSpringfield").merchant_address.startswith("1 Example")


def test_unknown_actions_and_invoice_sources_are_refused():
    refused("subscription_actions", subscription_actions=["pause", "refund_everything"])
    refused("invoice_source", invoice_source="carrier-pigeon")


def test_a_snippet_that_does_not_parse_and_bad_hosts_are_refused():
    assert "do not parse" in refused("conversion_snippet", conversion_snippet="{% if %}")
    refused("conversion_hosts", conversion_hosts="http://tracker.example.com")
    refused("conversion_hosts", conversion_hosts="https://a.example.com/path; script-src *")


def test_a_refused_value_changes_nothing():
    refused("accent_color", accent_color="#fff")
    assert not PortalConfiguration.objects.exists()
    assert portal_settings_get() == portal_settings_defaults()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_real_images_pass(kind):
    assert validate_logo_image(image_bytes(kind)).startswith("image/")


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"GIF89a" + b"\0" * 20,
        b"\x89PNG\r\n\x1a\n" + b"not really a png",
        b"<html><script>alert(1)</script></html>",
    ],
)
def test_other_files_are_refused_as_logos(data):
    with pytest.raises(ValidationError, match="PNG, JPEG or WebP"):
        validate_logo_image(data)


def test_oversized_logos_are_refused():
    with pytest.raises(ValidationError, match="the limit is 512 KB"):
        validate_logo_image(b"\x89PNG" + b"\0" * (513 * 1024))
    with pytest.raises(ValidationError, match="2001x10 pixels"):
        validate_logo_image(image_bytes("PNG", (2001, 10)))


# What the portal reads ----------------------------------------------------------------------------------


def test_env_defaults_apply_until_the_record_is_saved(settings):
    settings.PORTAL_STORE_NAME = "Env Store"
    assert portal_settings_get().store_name == "Env Store"
    update(store_name="Saved Store")
    settings.PORTAL_STORE_NAME = "Env Store again"
    assert portal_settings_get().store_name == "Saved Store"


def test_the_first_save_starts_from_the_defaults(settings):
    settings.PORTAL_SUPPORT_EMAIL = "help@shop.example"
    saved = update(store_name="Saved Store")
    assert saved.support_email == "help@shop.example"
    assert saved.subscription_cancel_reasons == tuple(settings.PORTAL_SUBSCRIPTION_CANCEL_REASONS)


def test_pages_show_the_saved_settings(client, sandbox):
    update(store_name="Bramble & Oak", accent_color="#3a2e6e")
    html = client.get("/").content.decode()
    assert "Bramble &amp; Oak" in html
    assert "#3a2e6e" in client.get("/brand.css").content.decode()


def test_a_stale_cached_value_is_replaced_on_save(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    update(store_name="First")
    assert portal_settings_get().store_name == "First"
    stale = cache.get(CACHE_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        update(store_name="Second")
        cache.set(CACHE_KEY, stale)  # another worker read the row before our commit and cached the old one
    assert portal_settings_get().store_name == "Second"  # published after commit, over the stale copy
    with django_assert_num_queries(0):  # read through the cache: no query per call
        assert portal_settings_get().store_name == "Second"


def test_saving_deletes_the_cached_value_at_once():
    update(store_name="First")
    portal_settings_get()
    assert cache.get(CACHE_KEY).store_name == "First"
    update(store_name="Second")
    # Inside this test's transaction on_commit never fires: the old value is gone all the same.
    assert cache.get(CACHE_KEY) is None or cache.get(CACHE_KEY).store_name == "Second"
    assert portal_settings_get().store_name == "Second"


def test_a_cache_outage_falls_back_to_the_database_then_the_defaults(client, sandbox, caplog):
    update(store_name="Saved Store")
    with override_settings(CACHES=DEAD_REDIS):
        assert portal_settings_get().store_name == "Saved Store"
        assert "cache unavailable" in caplog.text
        assert "Saved Store" in client.get("/").content.decode()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("portal.merchant.config._from_database", _database_down)
            assert portal_settings_get() == portal_settings_defaults()
            assert client.get("/").status_code == 200


def _database_down():
    raise RuntimeError("database down")


def test_saving_is_audited_with_who_and_which_fields():
    update(store_name="Saved Store", conversion_snippet="<script>secretish()</script>")
    entry = AuditEntry.objects.get(action="portal_settings")
    assert entry.result == "ok" and entry.detail.startswith("staff merchant:")
    assert "store_name" in entry.detail and "conversion_snippet" in entry.detail
    assert entry.before["store_name"] == "Demo Store" and entry.after["store_name"] == "Saved Store"
    assert entry.after["conversion_snippet"] == "(changed)"  # long staff input is not copied into the log
    assert "accent_color" not in entry.after  # only what changed


# The uploaded logo --------------------------------------------------------------------------------------


def test_an_uploaded_logo_is_served_from_our_origin(client):
    data = image_bytes("PNG")
    saved = portal_settings_update(changes={}, actor="merchant", logo=data)
    assert saved.logo_url.startswith("/brand-logo/") and saved.logo_url.endswith(".png")
    response = client.get(saved.logo_url)
    assert response.status_code == 200 and response.content == data
    assert response["Content-Type"] == "image/png" and "immutable" in response["Cache-Control"]
    assert f'src="{saved.logo_url}"' in client.get("/").content.decode()
    assert client.get("/brand-logo/0000000000000000.png").status_code == 404


def test_an_https_logo_is_allowed_by_the_pages_csp(client):
    update(logo_url="https://cdn.shop.example/logo.png")
    response = client.get("/")
    assert 'src="https://cdn.shop.example/logo.png"' in response.content.decode()
    img_src = next(d for d in response["Content-Security-Policy"].split(";") if "img-src" in d)
    assert "https://cdn.shop.example" in img_src and "'self'" in img_src
    assert "https://cdn.shop.example" not in response["Content-Security-Policy"].replace(img_src, "")


def test_a_new_accent_colour_gets_a_new_style_sheet_url(client):
    """brand.css may be cached by browsers for 5 minutes: its URL carries the colour, so a change shows."""
    update(accent_color="#3a2e6e")
    assert 'href="/brand.css?v=3a2e6e"' in client.get("/").content.decode()
    update(accent_color="#1d4ed8")
    assert 'href="/brand.css?v=1d4ed8"' in client.get("/").content.decode()


def test_saving_works_with_the_cache_down(django_capture_on_commit_callbacks, caplog):
    with override_settings(CACHES=DEAD_REDIS), django_capture_on_commit_callbacks(execute=True):
        assert update(store_name="Saved without a cache").store_name == "Saved without a cache"
    assert "the old value expires on its own" in caplog.text
    assert AuditEntry.objects.filter(action="portal_settings").count() == 1
    assert portal_settings_get().store_name == "Saved without a cache"


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.shop.example;script-src-elem * 'unsafe-inline'/logo.png",
        "https://cdn.shop.example logo.png",
        "https://",
    ],
)
def test_a_logo_url_that_is_not_a_plain_https_address_is_refused(url):
    """Its host lands in every page's CSP: a ';' or a space there would add directives of its own."""
    assert "https://" in refused("logo_url", logo_url=url)


def test_a_logo_host_never_adds_csp_directives(client, settings):
    """Even an unvalidated value (the PORTAL_LOGO_URL default) adds nothing but a plain origin to img-src."""
    settings.PORTAL_LOGO_URL = "https://cdn.shop.example;script-src-elem * 'unsafe-inline'/logo.png"
    cache.delete(CACHE_KEY)
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src-elem" not in policy and "unsafe-inline" not in policy
    assert len(policy.split(";")) == len(settings.SECURE_CSP)


def test_a_wrong_logo_name_does_not_read_the_image_from_the_database(client):
    """Anyone may ask for /brand-logo/<anything>: only the right name costs the (up to 512 KB) image read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    saved = portal_settings_update(changes={}, actor="merchant", logo=image_bytes("PNG"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/brand-logo/0000000000000000.png").status_code == 404
    assert queries.captured_queries and not any("logo_image" in q["sql"] for q in queries.captured_queries)
    assert client.get(saved.logo_url).status_code == 200


def test_the_store_name_is_one_line(client):
    """It is the sign-in email's subject: a line break there (a crafted form post) would fail every send."""
    assert "one line" in refused("store_name", store_name="Bramble\nBcc: someone@example.com")
    assert "one line" in refused("store_name", store_name="Bramble\rOak")
    assert update(store_name="Bramble & Oak").store_name == "Bramble & Oak"
