"""Hostile HTML from UltraCart's formatted receipt, or hostile text in order fields, stays inert."""

import re

import pytest

from portal.receipts.sanitize import receipt_html_sanitize

HOSTILE = "DEMO-0009100007"  # raw <script> and onerror in its formatted receipt, hostile text in fields


@pytest.mark.parametrize(
    ("dirty", "gone"),
    [
        ("<p>hi<script>alert(1)</script></p>", "alert(1)"),
        ("<style>body{display:none}</style><p>hi</p>", "display:none"),
        ('<iframe src="https://evil.example"></iframe><p>hi</p>', "evil.example"),
        ('<p onclick="alert(1)">hi</p>', "onclick"),
        ('<img src=x onerror="alert(1)"><p>hi</p>', "onerror"),
        ('<td style="color:red">hi</td>', "style="),
        ('<p style="background:url(https://evil.example)">hi</p>', "evil.example"),
        ('<a href="javascript:alert(1)">hi</a>', "javascript:"),
        ('<a href="data:text/html,<script>alert(1)</script>">hi</a>', "data:"),
        ('<svg onload="alert(1)"><p>hi</p></svg>', "onload"),
        ('<form action="https://evil.example"><input name="card"></form>', "<input"),
        ('<base href="https://evil.example/">', "<base"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta"),
    ],
)
def test_dangerous_markup_is_dropped(dirty, gone):
    assert gone not in receipt_html_sanitize(html=dirty)


def test_tables_and_text_formatting_are_kept():
    html = (
        '<table class="order"><tr><th colspan="2">Item</th></tr>'
        '<tr><td class="label"><b>Tea</b> <em>x2</em><br>note</td><td>$1</td></tr></table>'
    )
    clean = receipt_html_sanitize(html=html)
    for kept in (
        '<table class="uc-order">',
        '<th colspan="2">',
        '<td class="uc-label">',
        "<b>Tea</b>",
        "<em>x2</em>",
        "<br>",
    ):
        assert kept in clean


def test_links_keep_safe_urls_and_get_noopener_noreferrer():
    clean = receipt_html_sanitize(html='<a href="https://shop.example/item" target="_blank">item</a>')
    assert clean == '<a href="https://shop.example/item" rel="noopener noreferrer">item</a>'


@pytest.mark.django_db
def test_the_hostile_order_page_is_inert(client, sandbox, settings):
    settings.PORTAL_FULL_DETAILS_MINUTES = 60 * 24 * 30  # show everything, the receipt included
    response = client.get("/thank-you/", {"OrderToken": sandbox.token_for(HOSTILE)})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="uc-receipt"' in body
    receipt = body.split('class="uc-receipt">', 1)[1].split("</section>", 1)[0]
    # The formatted receipt came with a raw script and an onerror: both gone, and no inline styles.
    assert "<script" not in receipt
    tags = re.findall(
        r"<[a-zA-Z][^>]*>", receipt
    )  # hostile text may remain as (escaped) text, never as markup
    assert tags
    for tag in tags:
        assert not re.search(r"\son\w+\s*=", tag), tag
        assert "style=" not in tag and "javascript:" not in tag, tag
    # Field text (names, items, addresses) is escaped wherever the page prints it.
    assert "<img src=x onerror" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    # The only scripts on the page are ours, with the CSP nonce.
    for tag in re.findall(r"<script\b[^>]*>", body):
        assert "nonce=" in tag
    assert not any("style=" in tag for tag in re.findall(r"<[a-zA-Z][^>]*>", body))
    assert "Content-Security-Policy" in response.headers


def test_upstream_classes_cannot_borrow_our_styles():
    clean = receipt_html_sanitize(html='<div class="button notice card">Pay now</div>')
    assert 'class="uc-button uc-notice uc-card"' in clean


@pytest.mark.parametrize(
    "href", ["/account/sign-out/", "//evil.example/x", "javascript:alert(1)", "data:text/html,x"]
)
def test_only_absolute_links_survive(href):
    clean = receipt_html_sanitize(html=f'<a href="{href}">x</a> <a href="https://shop.example/">ok</a>')
    assert href not in clean
    assert 'href="https://shop.example/"' in clean
