"""The one email rule (portal/core/emails.py): trim, lower-case ASCII letters, nothing else."""

import pytest

from portal.core.emails import email_key, emails_match


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Jane.Doe@Example.COM", "jane.doe@example.com"),
        ("  jane.doe@example.com\t", "JANE.DOE@EXAMPLE.COM"),
    ],
)
def test_ascii_case_and_surrounding_space_do_not_matter(first, second):
    assert emails_match(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("straße@example.com", "strasse@example.com"),  # casefold() would say equal
        ("\u212aate@example.com", "kate@example.com"),  # Kelvin sign: lower() would say equal
        ("\u0130nci@example.com", "inci@example.com"),  # dotted capital I
        ("\u0130nci@example.com", "i\u0307nci@example.com"),  # what lower() makes of it
        ("\u0131nci@example.com", "inci@example.com"),  # dotless i
    ],
)
def test_every_other_character_must_match_exactly(first, second):
    assert not emails_match(first, second)
    assert email_key(first) != email_key(second)


def test_empty_matches_nothing():
    assert not emails_match("", "")
    assert not emails_match(None, "jane@example.com")
    assert not emails_match("   ", "   ")


def test_non_ascii_letters_keep_their_case():
    assert email_key("STRAßE@Example.com") == "straße@example.com"
    assert email_key("ÉLODIE@example.com") == "Élodie@example.com"
