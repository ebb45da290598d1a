"""The site's own pages (About, Contact, Privacy, Accessibility) and the contact form.

Staff edit the pages in the admin (`SitePage`, one row per page and language, with its
history); the texts they start from are `portal/pages/<kind>.<language>.md`, loaded by a
migration where a page is missing. A page missing in the reader's language shows the
English one, marked as such.
"""

import datetime
import hashlib
from pathlib import Path

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.content import Language

from .account_requests import count_request
from .models import PageKind
from .selectors import site_page
from .services import send_contact_message

SEED_DIR = Path(__file__).resolve().parent / "pages"


def seed_text(kind: str, language: str) -> tuple[str, str] | None:
    """The title and Markdown body of the starting text of a page, or None."""
    path = SEED_DIR / f"{kind}.{language}.md"
    if not path.exists():
        return None
    first, _newline, body = path.read_text(encoding="utf-8").partition("\n")
    return first.removeprefix("# ").strip(), body.strip() + "\n"


def seed_site_pages(page_model, history_model) -> int:
    """Create each page missing in each language from its starting text (an edited page
    is left alone), recorded as the first entry of its history; returns how many were
    created. The models may be a migration's (which keep no history by themselves)."""
    created = 0
    for kind in PageKind.values:
        for language in Language.values:
            text = seed_text(kind, language)
            if text is None:
                continue
            page, made = page_model.objects.get_or_create(
                kind=kind, language=language, defaults={"title": text[0], "body": text[1]}
            )
            if made:
                history_model.objects.create(
                    id=page.pk,
                    kind=page.kind,
                    language=page.language,
                    title=page.title,
                    body=page.body,
                    updated_at=page.updated_at,
                    history_date=page.updated_at,
                    history_type="+",
                    history_change_reason="The starting text (portal/pages/)",
                )
            created += made
    return created


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("Your email address"),
        max_length=254,
        help_text=gettext_lazy("The curators answer you there."),
    )
    message = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def contact_allowed(request) -> bool:
    """Count this message against its client's address (hashed); False past the limit."""
    client = hashlib.sha256(str(get_client_ip_address(request)).encode()).hexdigest()
    sent = count_request(f"contact:client:{client}", window=datetime.timedelta(hours=1))
    return sent <= settings.CONTACT_MESSAGES_PER_HOUR


def show_page(request, kind: str, *, form: ContactForm | None = None, status: int = 200):
    page = site_page(kind, translation.get_language())
    if page is None:
        raise Http404(_("This page has not been written yet."))
    return render(
        request,
        "pages/site_page.html",
        {"page": page, "page_kind": kind, "form": form},
        status=status,
    )


def about(request):
    return show_page(request, PageKind.ABOUT)


def privacy(request):
    return show_page(request, PageKind.PRIVACY)


def accessibility(request):
    return show_page(request, PageKind.ACCESSIBILITY)


def contact(request):
    if request.method != "POST":
        return show_page(request, PageKind.CONTACT, form=ContactForm())
    form = ContactForm(request.POST)
    if not form.is_valid():
        return show_page(request, PageKind.CONTACT, form=form, status=400)
    if not contact_allowed(request):
        form.add_error(None, _("You have sent several messages already: try again in an hour."))
        return show_page(request, PageKind.CONTACT, form=form, status=429)
    try:
        send_contact_message(**form.cleaned_data, language=translation.get_language())
    except ValidationError as error:
        form.add_error(None, error.messages)
        return show_page(request, PageKind.CONTACT, form=form, status=503)
    messages.success(request, _("Thank you: your message was sent to the curators."))
    return redirect("contact")
