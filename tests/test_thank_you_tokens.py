"""The token: where it is read from, and what is refused before any UltraCart call."""

import pytest
from django.http import QueryDict

from portal.receipts.tokens import MAX_TOKEN_LENGTH, order_token_from_query

TOKEN = "DEMO:AbC+dEf/GhIjKlMn0123=="


def parsed(query: str) -> str | None:
    return order_token_from_query(query=QueryDict(query))


@pytest.mark.parametrize("name", ["OrderToken", "orderToken", "order_token"])
def test_each_parameter_name_is_read_url_decoded(name):
    assert parsed(f"{name}=DEMO%3AAbC%2BdEf%2FGhIjKlMn0123%3D%3D") == TOKEN


def test_an_unencoded_plus_arriving_as_a_space_is_restored():
    assert parsed("OrderToken=DEMO:AbC+dEf/GhIjKlMn0123==") == TOKEN


@pytest.mark.parametrize(
    "query",
    [
        "",
        "OrderToken=",
        "OrderToken=%20%20",
        "token=DEMO:AbCdEfGhIjKl",  # not one of our parameter names
        "OrderToken=AbCdEfGhIjKlMn",  # no merchant id
        "OrderToken=DEMO:",  # nothing after the colon
        "OrderToken=DEMO:short",
        "OrderToken=DE%20MO:AbCdEfGhIjKl",
        "OrderToken=DEMO:AbCd:EfGhIjKl",  # two colons
        "OrderToken=DEMO:AbCd%3CEfGhIjKl",  # <
        "OrderToken=DEMO:AbCdEfGhIjKl%00",
        "OrderToken=DEMO:AbCdEf%C3%A9GhIjKl",  # non-ASCII
        "OrderToken=DEMO:AbCdEfGhIjKl=%3D%3D",  # padding that is too long
        f"OrderToken=DEMO:{'A' * MAX_TOKEN_LENGTH}",
    ],
)
def test_malformed_tokens_are_refused(query):
    assert parsed(query) is None


def test_the_longest_allowed_token_passes():
    token = "DEMO:" + "A" * (MAX_TOKEN_LENGTH - 5)
    assert parsed(f"OrderToken={token}") == token


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["OrderToken", "orderToken", "order_token"])
def test_the_page_accepts_each_parameter_name(client, sandbox, name):
    token = sandbox.token_for("DEMO-0009100012")
    response = client.get("/thank-you/", {name: token})
    assert response.status_code == 200
    assert "DEMO-0009100012" in response.content.decode()


@pytest.mark.django_db
def test_the_page_accepts_a_token_whose_plus_signs_were_not_encoded(client, sandbox):
    token = sandbox.token_for("DEMO-0009100012")
    assert "+" in token  # the sandbox always puts one in
    response = client.get(f"/thank-you/?OrderToken={token}")  # raw: "+" decodes to a space
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?OrderToken=",
        "?OrderToken=nonsense",
        "?OrderToken=DEMO:%3Cscript%3E",
        f"?OrderToken=DEMO:{'A' * 300}",
    ],
)
def test_a_malformed_token_gets_a_branded_400_without_an_ultracart_call(client, sandbox, query):
    response = client.get(f"/thank-you/{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "That link doesn&#x27;t look right" in body or "That link doesn't look right" in body
    assert 'class="site-header"' in body  # branded, not Django's bare page
    assert sandbox.operations() == []
