"""Accounts: the first account, sign-in and out, sign-up by e-mail when open, onboarding and
profile."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coffeechat.accounts import signup as signup_flow
from coffeechat.accounts import throttle
from coffeechat.accounts.forms import (
    AccountCreationForm,
    MailedPasswordResetForm,
    ProfileForm,
    SignupForm,
    ThrottledAuthenticationForm,
)
from coffeechat.accounts.models import Profile
from coffeechat.core.extensions import render_panels

BACKEND = "django.contrib.auth.backends.ModelBackend"


def no_users_yet() -> bool:
    return not User.objects.exists()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if no_users_yet():
            return redirect("accounts:setup")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "signup_open": settings.SIGNUP_OPEN}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail; the same answer whether or not the address is known."""

    form_class = MailedPasswordResetForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def render_to_response(self, context, **response_kwargs):
        # A used, old or made-up link leads nowhere: 404, with a way to ask for a new one.
        if not context.get("validlink"):
            response_kwargs["status"] = 404
        return super().render_to_response(context, **response_kwargs)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _signup_refusal(request: HttpRequest) -> str:
    """Why this address may not send a sign-up now, or "" (and then the attempt is counted):
    every sign-up sent counts, so names and addresses cannot be tried at speed."""
    ip = throttle.client_ip(request)
    wait = throttle.signup_wait(ip)
    if wait:
        return (
            f"Too many sign-ups from your address. Wait {throttle.in_words(wait)}, then try again."
        )
    throttle.record_signup(ip)
    return ""


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Create the instance's first account; only while nobody has one."""
    if not no_users_yet():
        raise Http404("This instance already has an account")
    form = AccountCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        Profile.objects.create(user=user, time_zone=settings.TIME_ZONE)
        login(request, user, backend=BACKEND)
        return redirect("accounts:onboarding")
    return render(request, "accounts/create_account.html", {"form": form, "first": True})


def _signup_open() -> None:
    if not settings.SIGNUP_OPEN:
        raise Http404("Sign-up is closed on this instance")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Ask for an account: every well-formed request gets the same answer, and the rest
    happens by e-mail (accounts/signup.py)."""
    _signup_open()
    if request.user.is_authenticated:
        return redirect("today:index")
    context = {"first": False, "mail_ready": settings.EMAIL_CONFIGURED}
    if not settings.EMAIL_CONFIGURED:
        # No way to confirm an address, so no way to sign up without revealing names.
        return render(request, "accounts/create_account.html", context, status=503)
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        refusal = _signup_refusal(request)
        if refusal:
            context.update(form=SignupForm(), refusal=refusal)
            return render(request, "accounts/create_account.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            wanted = signup_flow.Request(data["username"], data["email"], data["password1"])
            signup_flow.ask(request, wanted)
            return redirect("accounts:signup_sent")
    return render(request, "accounts/create_account.html", {**context, "form": form})


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    _signup_open()
    return render(request, "accounts/signup_sent.html")


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed at sign-up: a button makes the account (mail scanners open links)."""
    _signup_open()
    found = signup_flow.pending(token)
    if found is None:
        return render(request, "accounts/signup_confirm.html", {"state": "dead"}, status=404)
    if request.method == "GET":
        return render(request, "accounts/signup_confirm.html", {"state": "ready", "signup": found})
    try:
        user = signup_flow.complete(found)
    except signup_flow.Taken:
        context = {"state": "taken", "signup": found}
        return render(request, "accounts/signup_confirm.html", context, status=409)
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"state": "dead"}, status=404)
    login(request, user, backend=BACKEND)
    return redirect("accounts:onboarding")


def _profile_of(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    profile = _profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        profile.onboarded = True
        profile.save()
        messages.success(request, "Welcome! Start with the people you already know.")
        return redirect("today:index")
    return render(request, "accounts/onboarding.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=_profile_of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    # Later apps add their cards to the profile (the API's tokens and bookmarklet, sync's
    # calendar and address book) through core.extensions.
    panels = render_panels("profile", request, request.user)
    return render(request, "accounts/profile.html", {"form": form, "panels": panels})
