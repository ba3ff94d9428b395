"""Subscription pages are private pages: never stored by a browser or proxy, no referrer, never indexed."""

import pytest
from django.test import Client

from tests.subscriptions_helpers import ACTIVE

pytestmark = pytest.mark.django_db


def _private(response) -> None:
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"


def test_list_detail_and_card_pages_are_private(sandbox, jane):
    for url in ("/account/subscriptions/", f"/account/subscriptions/{ACTIVE}/"):
        response = jane.get(url)
        assert response.status_code == 200
        _private(response)
    card = jane.get(f"/account/subscriptions/{ACTIVE}/card/")
    assert card.status_code == 302  # to UltraCart's update-billing page, a URL that signs in
    _private(card)


@pytest.mark.parametrize("action", ["pause", "skip", "reschedule", "cancel"])
def test_every_action_page_is_private_shown_reviewed_or_refused(sandbox, jane, action):
    url = f"/account/subscriptions/{ACTIVE}/{action}/"
    _private(jane.get(url))
    _private(jane.post(url, {"step": "review"}))  # a review, or the form again with its errors
    _private(jane.post(url, {"step": "confirm", "token": "forged"}))  # refused


def test_a_missing_subscription_and_a_signed_out_visitor_get_private_answers(sandbox, jane):
    _private(jane.get("/account/subscriptions/999999/"))
    signed_out = Client().get(f"/account/subscriptions/{ACTIVE}/")
    assert signed_out.status_code == 302
    _private(signed_out)
