"""Web pages of the review workflow: submitting and editing a practice, the curators'
review queue with its decisions and review cards, the stale practices to verify, and the
submitter's confirmation that a stale practice is still current."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.confirm import CONFIRM_FIELD, confirmation_page, confirmed
from base.forms import add_service_errors
from base.permissions import (
    can_confirm_practice,
    can_edit_practice,
    can_review_practices,
    can_submit_practice,
    is_curator,
    official_city,
)
from cities.models import member_organization
from cities.selectors import unverified_officials

from .agreement import decision_in_phrase
from .confirmation import (
    CONFIRM_LINK_MAX_AGE,
    ExpiredConfirmLink,
    InvalidConfirmLink,
    UsedConfirmLink,
    check_confirm_token,
    confirm_path,
)
from .forms import PhotoFormSet, PracticeForm, ResultFormSet, ReviewForm
from .models import Practice, PracticeStatus, ReviewDecision
from .notifications import site_url
from .selectors import drafts_of
from .services import (
    PRACTICE_EDITABLE_FIELDS,
    RESULT_FIELDS,
    SUBMITTABLE,
    decide_on_practice,
    save_practice,
    submit_practice,
    verify_practice,
)

# Fields shown in the diff since the last review: what a submitter edits.
DIFF_FIELDS = [*PRACTICE_EDITABLE_FIELDS, "pillars", "sdgs", "sectors", "criteria"]


def _posted(data, prefix: str):
    """`data` for a formset when the post carries it: a post without the results (or the
    photos) leaves them as they are, as the API's writes do."""
    if data is not None and f"{prefix}-TOTAL_FORMS" in data:
        return data
    return None


def _practice_values(form, results, photos) -> dict:
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    if results.is_bound:
        values["results"] = results.results()
    if photos.is_bound:
        values["photos"] = photos.changes()
    return values


def _practice_form_page(request, *, practice: Practice | None, page_title: str):
    """The sectioned practice form, for a new practice or one its writer edits: "Save
    draft" keeps what is there (only the title is needed), "Submit for review" saves and
    submits at once, or neither when the submission is refused."""
    city = None if is_curator(request.user) else official_city(request.user)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = PracticeForm(data, instance=practice, city=city)
    existing_results = [] if practice is None else list(practice.results.all())
    results = ResultFormSet(
        _posted(data, "results"),
        prefix="results",
        initial=[{name: getattr(row, name) for name in RESULT_FIELDS} for row in existing_results],
    )
    photo_data = _posted(data, "photos")
    photos = PhotoFormSet(
        photo_data,
        files if photo_data is not None else None,
        prefix="photos",
        photos=[] if practice is None else list(practice.photos.all()),
    )
    if request.method == "POST":
        valid = [form.is_valid(), *(f.is_valid() for f in (results, photos) if f.is_bound)]
        if all(valid):
            submitting = "submit" in request.POST
            submitted = False
            try:
                # Saved and submitted together: a refused submission saves nothing.
                with transaction.atomic():
                    saved = save_practice(
                        by=request.user,
                        practice=practice,
                        **_practice_values(form, results, photos),
                    )
                    if submitting and saved.status in SUBMITTABLE:
                        # On its own copy of the row: `saved` still reads as a draft.
                        submit_practice(practice=saved, by=request.user)
                        submitted = True
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if submitted:
                    messages.success(request, _("Your practice is submitted for review."))
                elif saved.status == PracticeStatus.DRAFT:
                    messages.success(
                        request,
                        _("Your draft is saved. Find it again under “My drafts”."),
                    )
                else:
                    messages.success(request, _("Your changes are saved."))
                return redirect("practice-detail", slug=saved.slug)
    return render(
        request,
        "practices/forms/practice_form.html",
        {
            "form": form,
            "results": results,
            "photos": photos,
            "practice": practice,
            "page_title": page_title,
        },
    )


@login_required
def practice_create(request):
    if not can_submit_practice(request.user):
        raise PermissionDenied
    return _practice_form_page(request, practice=None, page_title=_("Submit a good practice"))


@login_required
def practice_edit(request, slug):
    practice = get_object_or_404(Practice.objects.visible_to(request.user), slug=slug)
    if not can_edit_practice(request.user, practice):
        raise PermissionDenied
    return _practice_form_page(request, practice=practice, page_title=_("Edit a good practice"))


@login_required
def my_drafts(request):
    """The practices the signed-in writer has not submitted yet, or got back with changes
    to make: where they resume writing."""
    return render(
        request,
        "practices/my_drafts.html",
        {"practices": drafts_of(request.user)},
    )


def changes_since_last_review(practice: Practice) -> list[dict] | None:
    """What changed in `practice` since a curator last decided on it, from its history:
    a list of {field, old, new}; None when no curator has decided on it yet."""
    last = (
        practice.reviews.exclude(decision=ReviewDecision.SUBMITTED)
        .order_by("-created_at", "-id")
        .first()
    )
    if last is None:
        return None
    history = practice.history.order_by("-history_date", "-history_id")
    current = history.first()
    before = history.filter(history_date__lte=last.created_at).first()
    if current is None or before is None or current.pk == before.pk:
        return []
    delta = current.diff_against(before, included_fields=DIFF_FIELDS)
    changes = []
    for change in delta.changes:
        old, new = change.old, change.new
        if isinstance(old, list) or isinstance(new, list):
            old, new = (
                _describe_m2m(practice, change.field, old),
                _describe_m2m(practice, change.field, new),
            )
        label = Practice._meta.get_field(change.field).verbose_name
        changes.append({"field": change.field, "label": label, "old": old, "new": new})
    return changes


def _describe_m2m(practice, field, rows) -> str:
    # simple-history gives each m2m row as {"practice": id, "<model name>": id}.
    model = Practice._meta.get_field(field).related_model
    name = model._meta.model_name
    ids = []
    for row in rows or []:
        if isinstance(row, dict):
            value = row.get(name, row.get(f"{name}_id"))
            if value is not None:
                ids.append(value)
    return ", ".join(str(obj) for obj in model.objects.filter(pk__in=ids)) or "—"


def _review_form(practice: Practice, data=None, *, card_required: bool = False) -> ReviewForm:
    # Plain field names (what a client posts), ids unique to each practice of the page.
    return ReviewForm(data, card_required=card_required, auto_id=f"review-{practice.pk}-%s")


def _submitted_practices():
    """The queue: submitted practices, oldest first."""
    return (
        Practice.objects.filter(status=PracticeStatus.SUBMITTED)
        .select_related("city__country", "submitted_by")
        .order_by("updated_at", "pk")
    )


def _was_reviewed(practice: Practice) -> bool:
    return any(r.decision != ReviewDecision.SUBMITTED for r in practice.reviews.all())


def _render_queue(request):
    """The queue, compact: one line per submitted practice (opened one at a time on its
    review page), and the stale practices to verify."""
    practices = list(_submitted_practices().prefetch_related("reviews"))
    for practice in practices:
        practice.resubmitted = _was_reviewed(practice)
    stale = (
        Practice.objects.published()
        .stale()
        .select_related("city__country", "submitted_by")
        .order_by("verified_on", "title", "pk")
    )
    return TemplateResponse(
        request,
        "review/queue.html",
        {
            "practices": practices,
            "stale_practices": stale,
            "officials_to_verify": unverified_officials().count(),
        },
    )


def _render_practice(request, practice: Practice, form: ReviewForm, *, status: int = 200):
    """One submitted practice with what changed since its last review and the decision
    form with its review card; where it stands in the queue, and the next one."""
    queue = list(_submitted_practices().values_list("pk", flat=True))
    position = queue.index(practice.pk) + 1 if practice.pk in queue else None
    following = queue[position] if position and position < len(queue) else None
    return TemplateResponse(
        request,
        "review/practice.html",
        {
            "practice": practice,
            "changes": changes_since_last_review(practice),
            "form": form,
            "position": position,
            "queue_length": len(queue),
            "next_practice": Practice.objects.filter(pk=following).first() if following else None,
            "reviewing_organization": member_organization(request.user),
        },
        status=status,
    )


@login_required
def review_queue(request):
    if not can_review_practices(request.user):
        raise PermissionDenied
    return _render_queue(request)


@login_required
def review_practice(request, slug):
    if not can_review_practices(request.user):
        raise PermissionDenied
    practice = get_object_or_404(_submitted_practices(), slug=slug)
    return _render_practice(request, practice, _review_form(practice))


DECISIONS = {
    "publish": ReviewDecision.PUBLISHED,
    "request-changes": ReviewDecision.CHANGES_REQUESTED,
    "reject": ReviewDecision.REJECTED,
}


@login_required
@require_POST
def review_decide(request, slug, decision):
    """A curator's decision on a practice's review page. A refused one shows the page
    again (400) with what the curator typed and an error by each bad field. Rejecting
    asks first (base.confirm), carrying the comment and card to the confirming POST."""
    if decision not in DECISIONS:
        raise Http404
    if not can_review_practices(request.user):
        raise PermissionDenied
    practice = get_object_or_404(Practice, slug=slug)
    decision = DECISIONS[decision]
    form = _review_form(practice, request.POST, card_required=decision == ReviewDecision.PUBLISHED)
    if form.is_valid() and decision == ReviewDecision.REJECTED and not confirmed(request):
        return confirmation_page(
            request,
            title=_("Reject a good practice"),
            question=_("Reject “%(title)s”?") % {"title": practice.title},
            consequences=[
                _("It will not be published, and its submitter cannot submit it again."),
                _("Its submitter is emailed your comment: “%(comment)s”")
                % {"comment": form.cleaned_data["comment"]},
            ],
            button=_("Yes, reject it"),
            cancel_url=reverse("review-practice", args=[practice.slug]),
            carry={
                name: value
                for name, value in request.POST.items()
                if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
            },
        )
    if form.is_valid():
        try:
            review = decide_on_practice(
                practice=practice,
                decision=decision,
                by=request.user,
                comment=form.cleaned_data["comment"],
                card=form.card,
                base_url=site_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s”: %(decision)s.")
                % {"title": practice.title, "decision": decision_in_phrase(review.decision)},
            )
            return redirect("review-queue")
    if form.errors:
        messages.error(
            request,
            _("“%(title)s” was not decided on: see the errors below.") % {"title": practice.title},
        )
    return _render_practice(request, practice, form, status=400)


@login_required
@require_POST
def review_verify(request, slug):
    """A curator confirms a stale practice is still current."""
    if not can_review_practices(request.user):
        raise PermissionDenied
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    verify_practice(practice=practice, by=request.user)
    messages.success(
        request,
        _("“%(title)s” is verified: it is current for 24 more months.") % {"title": practice.title},
    )
    return redirect(f"{reverse('review-queue')}#stale")


@login_required
def confirm_practice(request, slug, token):
    """The page the link of a stale practice's reminder opens: for its submitter or a
    curator, one button that confirms the practice is still current. The GET only shows
    the button (mail scanners and link previews follow links); the POST confirms."""
    practice = get_object_or_404(
        Practice.objects.published().select_related("submitted_by"), slug=slug
    )
    if not can_confirm_practice(request.user, practice):
        raise PermissionDenied
    try:
        check_confirm_token(practice, token)
    except (InvalidConfirmLink, UsedConfirmLink) as problem:
        return render(
            request,
            "review/confirm_refused.html",
            {
                "practice": practice,
                "expired": isinstance(problem, ExpiredConfirmLink),
                "used": isinstance(problem, UsedConfirmLink),
                "fresh_link": confirm_path(practice) if practice.stale else None,
                "link_days": CONFIRM_LINK_MAX_AGE.days,
            },
            status=400,
        )
    if request.method == "POST":
        verify_practice(practice=practice, by=request.user)
        messages.success(
            request,
            _("Thank you: “%(title)s” is confirmed as current for 24 more months.")
            % {"title": practice.title},
        )
        return redirect(practice)
    return render(request, "review/confirm.html", {"practice": practice})


urlpatterns = [
    path("", review_queue, name="review-queue"),
    path("<slug:slug>/", review_practice, name="review-practice"),
    path("<slug:slug>/verify/", review_verify, name="review-verify"),
    path("<slug:slug>/<slug:decision>/", review_decide, name="review-decide"),
]

submit_urlpatterns = [
    path("new/", practice_create, name="practice-create"),
    path("drafts/", my_drafts, name="practice-drafts"),
    path("<slug:slug>/edit/", practice_edit, name="practice-edit"),
    path("<slug:slug>/confirm/<str:token>/", confirm_practice, name="practice-confirm"),
]
