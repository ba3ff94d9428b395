"""Sign-in by emailed code, sign-out, the account home and the order history."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.identity import customer_required


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_in.html", {})


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_in.html", {})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return HttpResponseRedirect(reverse("home"))


@customer_required
def home(request: HttpRequest, email: str) -> HttpResponse:
    return render(request, "accounts/home.html", {"email": email})


@customer_required
def orders(request: HttpRequest, email: str) -> HttpResponse:
    return render(request, "accounts/home.html", {"email": email})
