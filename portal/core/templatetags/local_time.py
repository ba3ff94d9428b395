"""`calendar_day`: the day UltraCart meant, for templates that show a date (core.formatting says why)."""

from datetime import date, datetime

from django import template

from portal.core.formatting import calendar_day as _calendar_day

register = template.Library()


@register.filter
def calendar_day(moment: datetime | date | None) -> date | None:
    """Use before `|date:`: a datetime would be moved into the merchant's zone, and maybe to another day."""
    return _calendar_day(moment)
