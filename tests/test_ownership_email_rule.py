"""The one email rule (core.emails) on every route that shows or changes an order or a subscription, and in
the resume worker: a look-alike address (ß for ss, the Kelvin sign for k, dotted and dotless i) owns nothing
of the other customer's, while ASCII case and surrounding space never matter.

Each look-alike owner gets an order and two auto orders (active, paused) in the sandbox, copied from Jane's.
The sandbox searches by email with Python's lower() (a case-insensitive search, like UltraCart's), so for the
Kelvin sign and the dotted I the list pages are handed the other customer's objects and must drop them.
"""

import copy
import json
import re
import urllib.request
from datetime import timedelta

import pytest
import responses
from django.core import mail
from django.test import Client
from django.utils import timezone

from portal.subscriptions import resumes
from portal.subscriptions.models import ScheduledResume
from tests.order_samples import sandbox_order_json
from tests.sandbox_control import SandboxControl
from tests.sessions import client_sign_in, page_without_tokens
from tests.subscriptions_helpers import ACTIVE, PAUSED, confirm, raw_auto_order

pytestmark = pytest.mark.django_db

# (owner in UltraCart, look-alike who signs in)
LOOK_ALIKES = {
    "eszett": ("straße@example.com", "strasse@example.com"),  # casefold() says equal
    "kelvin": ("\u212aate@example.com", "kate@example.com"),  # lower() and casefold() say equal
    "dotted": ("\u0130nci@example.com", "i\u0307nci@example.com"),  # lower(): İ -> i + combining dot
    "dotless": ("\u0131nci@example.com", "Inci@example.com"),  # upper() would say equal
}
# The sandbox's search (lower()) hands these look-alikes the owner's objects: the list pages must drop them.
SEARCH_LEAKS = ("kelvin", "dotted")
SAME_CUSTOMER = ("Jane.Doe@Example.COM", "  jane.DOE@example.com ")  # ASCII case and space: one customer
OLD_ORDER = "DEMO-0009100011"  # Jane's, placed days ago: its thank-you link alone shows it redacted
ORDER = "DEMO-0009300001"
ACTIVE_COPY, PAUSED_COPY = 7001, 7002
ACTIONS = ("pause", "resume", "skip", "reschedule", "cancel")
WRITES = {"updateAutoOrder", "pauseAutoOrder", "resendReceipt", "getAutoOrderUpdateBillingUrl"}


def own_objects(sandbox: SandboxControl, owner: str) -> None:
    """An order and two auto orders (active, paused) whose customer is `owner`."""
    order = copy.deepcopy(sandbox_order_json(sandbox, OLD_ORDER))
    order["order_id"] = ORDER
    order["billing"]["email"] = owner
    sandbox.add_orders(order)
    copies = []
    for oid, source in ((ACTIVE_COPY, ACTIVE), (PAUSED_COPY, PAUSED)):
        raw = raw_auto_order(sandbox, source)
        raw.update(auto_order_oid=oid, original_order_id=ORDER, auto_order_code=f"SBX{oid}OWN")
        for n, item in enumerate(raw["items"]):
            item["auto_order_item_oid"] = oid * 10 + n
        copies.append(raw)
    sandbox.add_auto_orders(*copies)
    sandbox.clear_requests()


@pytest.fixture(params=sorted(LOOK_ALIKES))
def look_alike(request, sandbox) -> Client:
    """A client signed in as the look-alike of the owner of ORDER, ACTIVE_COPY and PAUSED_COPY."""
    owner, visitor = LOOK_ALIKES[request.param]
    own_objects(sandbox, owner)
    return client_sign_in(Client(), visitor)


@pytest.fixture
def same_customer(sandbox) -> Client:
    owner, visitor = SAME_CUSTOMER
    own_objects(sandbox, owner)
    return client_sign_in(Client(), visitor)


def writes(sandbox: SandboxControl) -> set[str]:
    return WRITES & set(sandbox.operations())


# Orders: thank-you (token), receipt, invoice, resend.


def test_the_thank_you_link_shows_a_look_alike_only_what_any_holder_of_the_link_sees(look_alike, sandbox):
    body = look_alike.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}).content.decode()
    assert "Sign in to see the full details and invoice" in body  # redacted: not the owner


def test_the_thank_you_link_shows_the_owner_everything_whatever_the_ascii_case(same_customer, sandbox):
    body = same_customer.get("/thank-you/", {"OrderToken": sandbox.token_for(ORDER)}).content.decode()
    assert "Sign in to see the full details and invoice" not in body
    assert "invoice.pdf" in body


@pytest.mark.parametrize("route", ["/orders/{id}/", "/orders/{id}/invoice.pdf"])
def test_a_look_alike_gets_the_same_404_as_for_a_missing_order(look_alike, sandbox, route):
    forbidden = look_alike.get(route.format(id=ORDER))
    missing = look_alike.get(route.format(id="DEMO-0000000001"))
    assert forbidden.status_code == missing.status_code == 404
    assert page_without_tokens(forbidden.content) == page_without_tokens(missing.content)


@pytest.mark.parametrize("route", ["/orders/{id}/", "/orders/{id}/invoice.pdf"])
def test_the_owner_opens_the_order_whatever_the_ascii_case(same_customer, route):
    assert same_customer.get(route.format(id=ORDER)).status_code == 200


def test_a_look_alike_cannot_resend_the_receipt(look_alike, sandbox):
    assert look_alike.post(f"/orders/{ORDER}/resend-receipt/").status_code == 404
    assert writes(sandbox) == set()


def test_the_owner_resends_the_receipt_whatever_the_ascii_case(same_customer, sandbox):
    assert same_customer.post(f"/orders/{ORDER}/resend-receipt/").status_code == 302
    assert "resendReceipt" in sandbox.operations()


# The account's lists: home, orders, subscriptions.

LISTS = {
    "/account/": (f"/orders/{ORDER}/", f"/account/subscriptions/{ACTIVE_COPY}/"),
    "/account/orders/": (f"/orders/{ORDER}/",),
    "/account/subscriptions/": (f"/account/subscriptions/{ACTIVE_COPY}/",),
}


@pytest.mark.parametrize("case", SEARCH_LEAKS)
@pytest.mark.parametrize("path", sorted(LISTS))
def test_lists_drop_what_the_search_hands_a_look_alike(sandbox, case, path):
    owner, visitor = LOOK_ALIKES[case]
    own_objects(sandbox, owner)
    page = client_sign_in(Client(), visitor).get(path)
    assert page.status_code == 200
    for link in LISTS[path]:
        assert link not in page.content.decode()


@pytest.fixture
def collating_search(sandbox):
    """An UltraCart whose email search equates ß with ss and the dotless i with i (a database collation
    may): both searches are answered by the sandbox as if the owner's address had been asked for. All else
    goes straight through; the forwarded search is sent with urllib, which `responses` does not intercept."""
    owners: dict[str, str] = {}  # the look-alike's address (lower-cased, as asked) -> the owner's

    def forward(request):
        body = json.loads(request.body)
        body["email"] = owners.get(str(body.get("email", "")).lower(), body.get("email"))
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        sent = urllib.request.Request(
            request.url, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        with urllib.request.urlopen(sent, timeout=10) as answer:  # the sandbox, on 127.0.0.1
            return answer.status, {"Content-Type": "application/json"}, answer.read()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for path in ("/order/orders/query", "/auto_order/auto_orders/query"):
            mock.add_callback("POST", re.compile(re.escape(sandbox.api_url + path) + r"(\?.*)?$"), forward)
        mock.add_passthru(sandbox.url)
        yield owners


@pytest.mark.parametrize("case", sorted(set(LOOK_ALIKES) - set(SEARCH_LEAKS)))
@pytest.mark.parametrize("path", sorted(LISTS))
def test_lists_drop_what_a_collating_search_hands_a_look_alike(sandbox, collating_search, case, path):
    owner, visitor = LOOK_ALIKES[case]
    own_objects(sandbox, owner)
    collating_search[visitor.lower()] = owner
    page = client_sign_in(Client(), visitor).get(path)
    assert page.status_code == 200
    for link in LISTS[path]:
        assert link not in page.content.decode()


@pytest.mark.parametrize("case", SEARCH_LEAKS)
def test_the_search_hands_these_look_alikes_the_owners_objects(sandbox, case):
    """The premise of the list tests: for these cases the pages themselves must drop what was found."""
    owner, visitor = LOOK_ALIKES[case]
    own_objects(sandbox, owner)
    orders = sandbox.api("POST", "/order/orders/query", json={"email": visitor}).json()["orders"]
    auto_orders = sandbox.api("POST", "/auto_order/auto_orders/query", json={"email": visitor})
    assert ORDER in [order["order_id"] for order in orders]
    assert ACTIVE_COPY in [a["auto_order_oid"] for a in auto_orders.json()["auto_orders"]]


@pytest.mark.parametrize("path", sorted(LISTS))
def test_the_owners_lists_hold_their_objects_whatever_the_ascii_case(same_customer, path):
    html = same_customer.get(path).content.decode()
    for link in LISTS[path]:
        assert link in html


# One subscription: the page, every action (the page and the confirm post), the card update.


@pytest.mark.parametrize("path", ["", *(f"{action}/" for action in ACTIONS), "card/"])
def test_a_look_alike_gets_the_same_404_as_for_a_missing_subscription(look_alike, sandbox, path):
    forbidden = look_alike.get(f"/account/subscriptions/{ACTIVE_COPY}/{path}")
    missing = look_alike.get(f"/account/subscriptions/999999/{path}")
    assert forbidden.status_code == missing.status_code == 404
    assert page_without_tokens(forbidden.content) == page_without_tokens(missing.content)
    assert writes(sandbox) == set()


@pytest.mark.parametrize("action", ACTIONS)
def test_a_look_alikes_confirm_changes_nothing(look_alike, sandbox, action):
    oid = PAUSED_COPY if action == "resume" else ACTIVE_COPY
    before = raw_auto_order(sandbox, oid)
    sandbox.clear_requests()
    data = {"step": "confirm", "token": "x", "mode": "indefinite", "reason": "other", "shipments": "1"}
    response = look_alike.post(f"/account/subscriptions/{oid}/{action}/", data)
    assert response.status_code == 404
    assert writes(sandbox) == set()
    assert raw_auto_order(sandbox, oid) == before


@pytest.mark.parametrize("path", ["", *(f"{action}/" for action in ACTIONS)])
def test_the_owner_opens_the_subscription_pages_whatever_the_ascii_case(same_customer, path):
    oid = PAUSED_COPY if path == "resume/" else ACTIVE_COPY
    response = same_customer.get(f"/account/subscriptions/{oid}/{path}")
    assert response.status_code == 200
    assert "We couldn't find that subscription" not in response.content.decode()


def test_the_owner_pauses_and_updates_the_card_whatever_the_ascii_case(same_customer, sandbox):
    response = confirm(same_customer, f"/account/subscriptions/{ACTIVE_COPY}/pause/", {"mode": "indefinite"})
    assert response.status_code == 302
    assert all(item["paused"] for item in raw_auto_order(sandbox, ACTIVE_COPY)["items"])
    card = same_customer.get(f"/account/subscriptions/{ACTIVE_COPY}/card/")
    assert card.status_code == 302 and "getAutoOrderUpdateBillingUrl" in sandbox.operations()


# The resume worker: a timed resume recorded under an address resumes only that customer's auto order.


def _due_resume(email: str) -> ScheduledResume:
    return ScheduledResume.objects.create(
        auto_order_oid=PAUSED_COPY, email=email, resume_at=timezone.now() - timedelta(minutes=1)
    )


@pytest.mark.parametrize("case", sorted(LOOK_ALIKES))
def test_the_worker_does_not_resume_a_look_alikes_auto_order(sandbox, case):
    owner, visitor = LOOK_ALIKES[case]
    own_objects(sandbox, owner)
    row = _due_resume(visitor)
    # Someone else's auto order is "not found" to the worker, as to a page (subscriptions/services.py).
    assert resumes.scheduled_resume_execute(resume_id=row.id) == "not found"
    assert writes(sandbox) == set()
    assert all(item["paused"] for item in raw_auto_order(sandbox, PAUSED_COPY)["items"])
    assert mail.outbox == []


def test_the_worker_resumes_the_owners_auto_order_whatever_the_ascii_case(sandbox):
    owner, visitor = SAME_CUSTOMER
    own_objects(sandbox, owner)
    row = _due_resume(visitor.strip())
    assert resumes.scheduled_resume_execute(resume_id=row.id) == "resumed"
    assert not any(item["paused"] for item in raw_auto_order(sandbox, PAUSED_COPY)["items"])
