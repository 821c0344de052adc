"""Accounts: the first account, sign-in and out, sign-up when open, onboarding and profile."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from coffeechat.accounts import throttle
from coffeechat.accounts.forms import (
    AccountCreationForm,
    MailedPasswordResetForm,
    ProfileForm,
    ThrottledAuthenticationForm,
)
from coffeechat.accounts.models import Profile
from coffeechat.core.extensions import render_panels


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


def _create_account(request: HttpRequest, *, first: bool) -> HttpResponse:
    form = AccountCreationForm(request.POST or None)
    if request.method == "POST" and not first:
        # Every sign-up sent counts, so names cannot be tried at speed.
        ip = throttle.client_ip(request)
        wait = throttle.signup_wait(ip)
        if wait:
            refusal = (
                f"Too many sign-ups from your address. Wait {throttle.in_words(wait)}, "
                "then try again."
            )
            context = {"form": AccountCreationForm(), "first": first, "refusal": refusal}
            return render(request, "accounts/create_account.html", context, status=429)
        throttle.record_signup(ip)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        Profile.objects.create(user=user, time_zone=settings.TIME_ZONE)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:onboarding")
    return render(request, "accounts/create_account.html", {"form": form, "first": first})


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Create the instance's first account; only while nobody has one."""
    if not no_users_yet():
        raise Http404("This instance already has an account")
    return _create_account(request, first=True)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.SIGNUP_OPEN:
        raise Http404("Sign-up is closed on this instance")
    if request.user.is_authenticated:
        return redirect("today:index")
    return _create_account(request, first=False)


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
    # Later apps add their cards to the profile (sync's calendar and address book).
    panels = render_panels("profile", request, request.user)
    return render(request, "accounts/profile.html", {"form": form, "panels": panels})
