"""Accounts: asking for one, sign-in (landing on "My city" for officials), sign-out and
passwords (Django's views, in the site's style), "My data" (download, language,
deletion), and the curator's verification of city officials."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.forms import add_service_errors
from base.mail import new_email_key, queue_email
from base.models import Role
from base.permissions import is_curator, official_city
from base.roles import has_role
from cities.models import City, Membership, member_language
from cities.selectors import unverified_officials
from practices.notifications import site_url

from . import services
from .account_forms import AccountRequestForm, ChoosePasswordForm, DeleteAccountForm, LanguageForm
from .account_requests import (
    ACCOUNT_REQUEST_MAX_AGE,
    ExpiredRequestLink,
    InvalidRequestLink,
    read_request_token,
    request_allowed,
)
from .notifications import (
    queue_account_request_email,
    queue_existing_account_email,
    queue_verified_email,
)
from .personal_data import (
    action_updates_made,
    personal_data,
    practices_submitted,
    registrations_made,
    reviews_made,
)
from .selectors import account_with_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, its email sent through the task queue (base.mail)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # In the account's language, its link to that language's page.
        with translation.override(member_language(context["user"])):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            queue_email(
                key=new_email_key("password-reset"),
                subject=subject,
                body=loader.render_to_string(email_template_name, context),
                to=[to_email],
            )


@transaction.atomic
def verify_official(*, membership: Membership, by) -> Membership:
    """A curator vouches for an official: from now on they write for their city."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.city_id is None:
        raise ValidationError({"city": _("Only an official linked to a city can be verified.")})
    if membership.verified_at is None:
        membership.verified_at = timezone.now()
        membership.verified_by = by
        membership.full_clean()
        membership.save(update_fields=["verified_at", "verified_by"])
    return membership


@login_required
def official_list(request):
    if not is_curator(request.user):
        raise PermissionDenied
    return render(request, "review/officials.html", {"memberships": unverified_officials()})


@login_required
@require_POST
def official_verify(request, pk):
    if not is_curator(request.user):
        raise PermissionDenied
    membership = get_object_or_404(unverified_officials(), pk=pk)
    verify_official(membership=membership, by=request.user)
    queue_verified_email(membership, base_url=site_url(request))
    messages.success(
        request,
        _("%(user)s is verified for %(city)s.")
        % {"user": membership.user.get_username(), "city": membership.city},
    )
    return redirect("review-officials")


def awaits_verification(user) -> bool:
    """An official who asked for an account and whom no curator has verified yet."""
    membership = getattr(user, "membership", None)
    return (
        has_role(user, Role.OFFICIAL)
        and membership is not None
        and membership.city_id is not None
        and membership.verified_at is None
    )


@login_required
def landing(request):
    """Where signing in leads without a `next`: an official to their city's page, an
    official still waiting for a curator to what happens next, anyone else home."""
    if official_city(request.user) is not None:
        return redirect("my-city")
    if awaits_verification(request.user):
        return redirect("account-pending")
    return redirect("home")


@login_required
def pending(request):
    membership = Membership.objects.filter(user=request.user).select_related("city").first()
    return render(
        request,
        "accounts/pending.html",
        {"membership": membership, "verified": official_city(request.user) is not None},
    )


def request_account(request):
    if request.user.is_authenticated:
        return redirect("account-landing")
    form = AccountRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not request_allowed(request, email=email):
            form.add_error(
                None,
                _("Too many requests for this address: try again tomorrow, or write to us."),
            )
            status = 429
        else:
            existing = account_with_email(email)
            # The same answer whether or not the address has an account: only its
            # owner learns which, by email.
            if existing is not None:
                queue_existing_account_email(existing, base_url=site_url(request))
            else:
                account_request = form.account_request(language=translation.get_language())
                queue_account_request_email(account_request, base_url=site_url(request))
            return redirect("account-request-sent")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/request.html",
        {"form": form, "oidc_enabled": settings.OIDC_ENABLED},
        status=status,
    )


def request_sent(request):
    return render(
        request, "accounts/request_sent.html", {"link_days": ACCOUNT_REQUEST_MAX_AGE.days}
    )


def confirm_request(request, token):
    """The link of the request email: choose a password, and the account exists."""
    try:
        account_request = read_request_token(token)
    except InvalidRequestLink as problem:
        return render(
            request,
            "accounts/request_refused.html",
            {
                "expired": isinstance(problem, ExpiredRequestLink),
                "link_days": ACCOUNT_REQUEST_MAX_AGE.days,
            },
            status=400,
        )
    if account_with_email(account_request.email) is not None:
        return render(request, "accounts/request_refused.html", {"used": True}, status=400)
    city = City.objects.filter(pk=account_request.city_id).first()
    form = ChoosePasswordForm(
        services.unsaved_account(account_request),
        request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_requested_account(
                account_request=account_request, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("account-pending")
    return render(
        request,
        "accounts/request_confirm.html",
        {"form": form, "account_request": account_request, "city": city},
        status=400 if form.is_bound else 200,
    )


@login_required
def my_data(request):
    user = request.user
    return render(
        request,
        "accounts/my_data.html",
        {
            "membership": Membership.objects.filter(user=user).select_related("city").first(),
            "language_form": LanguageForm(initial={"language": member_language(user)}),
            "registration_count": registrations_made(user).count(),
            "practice_count": practices_submitted(user).count(),
            "review_count": reviews_made(user).count(),
            "action_update_count": action_updates_made(user).count(),
        },
    )


@login_required
def my_data_download(request):
    data = personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="peercities-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def my_data_language(request):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose one of the site's languages."), status=400)
    services.set_member_language(user=request.user, language=form.cleaned_data["language"])
    messages.success(request, _("Your emails will be written in this language."))
    return redirect("my-data")


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Your account is deleted."))
        return redirect("home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True,
            extra_context={"oidc_enabled": settings.OIDC_ENABLED},
        ),
        name="login",
    ),
    path("landing/", landing, name="account-landing"),
    path("request/", request_account, name="account-request"),
    path("request/sent/", request_sent, name="account-request-sent"),
    path("request/confirm/<str:token>/", confirm_request, name="account-request-confirm"),
    path("pending/", pending, name="account-pending"),
    path("my-data/", my_data, name="my-data"),
    path("my-data/download/", my_data_download, name="my-data-download"),
    path("my-data/language/", my_data_language, name="my-data-language"),
    path("my-data/delete/", delete_account, name="account-delete"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
