"""Order tokens are opaque: unguessable, tamper-evident, not an encoding of the order id."""

import base64

import requests

HEADERS = {"x-ultracart-simple-key": "sandbox-key", "X-UltraCart-Api-Version": "2017-03-01"}


def by_token(sandbox, token):
    return requests.post(
        f"{sandbox.api_url}/order/orders/token", json={"order_token": token}, headers=HEADERS, timeout=10
    )


def generate(sandbox, order_id):
    response = requests.get(f"{sandbox.api_url}/order/orders/token/{order_id}", headers=HEADERS, timeout=10)
    return response.json()["order_token"]


def test_token_looks_like_ultracarts(sandbox):
    token = generate(sandbox, "DEMO-0009100012")
    merchant, _, blob = token.partition(":")
    assert merchant == "DEMO"
    assert all(char in blob for char in "/+=")
    base64.b64decode(blob, validate=True)


def test_token_resolves_to_its_order(sandbox):
    response = by_token(sandbox, generate(sandbox, "DEMO-0009100009"))
    assert response.status_code == 200
    assert response.json()["order"]["order_id"] == "DEMO-0009100009"


def test_each_generated_token_differs_and_all_work(sandbox):
    tokens = {generate(sandbox, "DEMO-0009100012") for _ in range(5)}
    assert len(tokens) == 5
    assert {by_token(sandbox, token).json()["order"]["order_id"] for token in tokens} == {"DEMO-0009100012"}


def test_token_is_not_an_encoding_of_the_order_id(sandbox):
    token = generate(sandbox, "DEMO-0009100012")
    blob = base64.b64decode(token.partition(":")[2])
    assert b"0009100012" not in blob
    assert b"9100012" not in base64.b64decode(token.partition(":")[2] + "==", validate=False)


def test_a_token_cannot_be_edited_into_another_orders(sandbox):
    """Flip any bit anywhere: the answer is 404, never another order."""
    blob = bytearray(base64.b64decode(generate(sandbox, "DEMO-0009100011").partition(":")[2]))
    for position in range(len(blob)):
        for bit in (0x01, 0x10):
            edited = bytearray(blob)
            edited[position] ^= bit
            response = by_token(sandbox, "DEMO:" + base64.b64encode(bytes(edited)).decode())
            assert response.status_code == 404, position


def test_the_same_cipher_text_with_another_orders_id_xored_in_fails(sandbox):
    """Knowing both ids (a known-plaintext edit of the keystream) still does not yield the other order."""
    blob = bytearray(base64.b64decode(generate(sandbox, "DEMO-0009100011").partition(":")[2]))
    source, target = b"DEMO-0009100011", b"DEMO-0009100010"
    for index, (a, b) in enumerate(zip(source, target, strict=True)):
        blob[12 + index] ^= a ^ b
    assert by_token(sandbox, "DEMO:" + base64.b64encode(bytes(blob)).decode()).status_code == 404


def test_tampered_and_foreign_tokens_are_404(sandbox):
    token = generate(sandbox, "DEMO-0009100012")
    blob = token.partition(":")[2]
    for candidate in (
        "OTHER:" + blob,
        token[:-4] + "AAA=",
        "DEMO:" + base64.b64encode(b"DEMO-0009100012").decode(),
        "DEMO:not base64!",
        "DEMO:",
        "no-colon",
    ):
        response = by_token(sandbox, candidate)
        assert response.status_code == 404, candidate
        assert response.json()["success"] is False


def test_missing_token_is_400(sandbox):
    response = requests.post(f"{sandbox.api_url}/order/orders/token", json={}, headers=HEADERS, timeout=10)
    assert response.status_code == 400


def test_tokens_survive_a_reset(sandbox):
    token = sandbox.token_for("DEMO-0009100012")
    sandbox.reset()
    assert by_token(sandbox, token).json()["order"]["order_id"] == "DEMO-0009100012"


def test_generate_for_unknown_order_is_404(sandbox):
    response = requests.get(
        f"{sandbox.api_url}/order/orders/token/DEMO-0000000001", headers=HEADERS, timeout=10
    )
    assert response.status_code == 404
