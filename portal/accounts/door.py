"""The door, /: a signed-in customer goes to their account; anyone else gets the sign-in form."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from portal.accounts.forms import EmailForm
from portal.core.identity import customer_email_get


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The door: a signed-in customer goes to their account; anyone else gets the sign-in form."""
    if customer_email_get(request):
        return redirect("accounts:home")
    return render(request, "core/home.html", {"form": EmailForm()})
