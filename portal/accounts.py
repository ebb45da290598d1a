"""Accounts: sign-in, sign-out and passwords (Django's views, in the site's style), and
the curator's verification of city officials."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.mail import new_email_key, queue_email
from base.permissions import is_curator
from cities.models import Membership
from cities.selectors import unverified_officials


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
    messages.success(
        request,
        _("%(user)s is verified for %(city)s.")
        % {"user": membership.user.get_username(), "city": membership.city},
    )
    return redirect("review-officials")


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
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
