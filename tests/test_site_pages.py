"""About, Contact, Privacy and Accessibility: pages staff edit in the admin (with their
history), in four languages, sanitized, linked from every page's footer; the contact
form goes through the task queue and is throttled."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from base.cache import content_version
from portal.models import PageKind, SitePage
from tests.utils import run_commit_callbacks

TITLES = {
    ("about", "en"): "About PeerCities",
    ("about", "fr"): "À propos de PeerCities",
    ("privacy", "es"): "Privacidad",
    ("privacy", "pt"): "Privacidade",
    ("accessibility", "fr"): "Déclaration d'accessibilité",
    ("contact", "pt"): "Contato",
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def url(kind: str, language: str = "en") -> str:
    return f"/{kind}/" if language == "en" else f"/{language}/{kind}/"


def test_the_privacy_page_has_the_url_name_the_consent_links_to():
    assert reverse("privacy") == "/privacy/"


@pytest.mark.django_db
def test_each_page_opens_in_its_own_language_from_the_admin():
    assert SitePage.objects.get(kind="privacy", language="pt").get_absolute_url() == (
        "/pt/privacy/"
    )
    assert SitePage.objects.get(kind="about", language="en").get_absolute_url() == "/about/"


@pytest.mark.django_db
def test_each_page_is_seeded_in_each_language(client, subtests):
    assert SitePage.objects.count() == 16
    for kind in PageKind.values:
        for language in ("en", "fr", "es", "pt"):
            with subtests.test(kind=kind, language=language):
                response = client.get(url(kind, language))
                assert response.status_code == 200
                html = response.content.decode()
                assert f'<html lang="{language}">' in html
                page = SitePage.objects.get(kind=kind, language=language)
                assert f"<h1>{escape(page.title)}</h1>" in html
                # Written in the page's language: no "in English" notice.
                assert 'class="site-page" lang=' not in html
    for (kind, language), title in TITLES.items():
        assert SitePage.objects.get(kind=kind, language=language).title == title


@pytest.mark.django_db
def test_the_privacy_page_says_what_is_kept_and_for_how_long(client):
    html = client.get("/privacy/").content.decode()
    assert "Twelve months after the exchange ends" in html
    assert "30 days" in html and "90 days" in html
    assert "/accounts/my-data/" in html
    french = client.get("/fr/privacy/").content.decode()
    assert "Douze mois après la fin de l'échange" in french


@pytest.mark.django_db
def test_the_accessibility_statement_names_its_target_and_known_issues(client):
    html = client.get("/accessibility/").content.decode()
    assert "WCAG" in html and "2.1" in html and "AA" in html
    assert "Known issues" in html
    assert "axe-core examines every page that holds a form" in html


@pytest.mark.django_db
def test_every_page_links_the_four_pages_in_its_footer(client):
    html = client.get("/fr/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for path in ("/fr/about/", "/fr/contact/", "/fr/privacy/", "/fr/accessibility/"):
        assert f'href="{path}"' in footer


@pytest.mark.django_db
def test_a_page_missing_in_a_language_shows_the_english_one_marked(client):
    SitePage.objects.filter(kind="about", language="es").delete()
    html = client.get("/es/about/").content.decode()
    assert "About PeerCities" in html
    assert 'class="site-page" lang="en"' in html


@pytest.mark.django_db
def test_a_page_missing_everywhere_is_a_404(client):
    SitePage.objects.filter(kind="about").delete()
    assert client.get("/about/").status_code == 404


@pytest.mark.django_db
def test_staff_edit_a_page_in_the_admin_and_its_history_keeps_each_edit(admin_client, client):
    page = SitePage.objects.get(kind="about", language="en")
    version = content_version()
    response = admin_client.post(
        reverse("admin:portal_sitepage_change", args=[page.pk]),
        {
            "kind": "about",
            "language": "en",
            "title": "About the network",
            "body": "## Who we are\n\nA **new** text.",
        },
    )
    assert response.status_code == 302
    html = client.get("/about/").content.decode()
    assert "<h1>About the network</h1>" in html
    assert "<h2>Who we are</h2>" in html and "<strong>new</strong>" in html
    edit = page.history.latest()
    assert edit.history_type == "~" and edit.history_user.is_superuser
    assert edit.prev_record.title == "About PeerCities"  # the seeded text, kept too
    # Cached pages (they all carry the footer) are not served any more.
    assert content_version() != version
    history = admin_client.get(reverse("admin:portal_sitepage_history", args=[page.pk]))
    assert history.status_code == 200


@pytest.mark.django_db
def test_curators_may_edit_the_pages(curator):
    assert curator.has_perm("portal.change_sitepage")


@pytest.mark.django_db
def test_html_in_a_page_is_removed(client):
    SitePage.objects.filter(kind="about", language="en").update(
        body=(
            "Hello <script>alert('x')</script>"
            '<a href="javascript:alert(1)" onclick="steal()">click</a> '
            '<img src=x onerror="steal()"> [fine](https://ilo.org)'
        )
    )
    html = client.get("/about/").content.decode()
    article = html[html.index('<div class="prose">') : html.index("</article>")]
    assert "<script" not in article and "alert('x')" not in article
    assert "javascript:" not in article and "onclick" not in article
    assert "<img" not in article and "onerror" not in article
    assert '<a href="https://ilo.org" rel="noopener noreferrer nofollow">fine</a>' in article


@pytest.mark.django_db
def test_one_page_per_kind_and_language_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SitePage.objects.create(kind="about", language="fr", title="Encore", body="x")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [{"kind": "terms"}, {"language": "de"}, {"title": ""}],
    ids=["unknown kind", "unknown language", "empty title"],
)
def test_the_database_refuses_a_bad_page(fields):
    SitePage.objects.all().delete()
    good = {"kind": "about", "language": "en", "title": "About", "body": "Text"}
    SitePage.objects.create(**good)
    SitePage.objects.all().delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        SitePage.objects.create(**{**good, **fields})


# The contact form -------------------------------------------------------------------


MESSAGE = {"name": "Ana Mabunda", "email": "ana@example.org", "message": "Hello curators."}


@pytest.mark.django_db
def test_a_message_goes_to_the_curators_through_the_queue(client, curator):
    curator.email = "curator@ilo.example"
    curator.save()
    response = client.post("/fr/contact/", MESSAGE)
    assert response.status_code == 302
    assert mail.outbox == []  # queued once the request's transaction commits
    run_commit_callbacks()
    [email] = mail.outbox
    assert email.to == ["curator@ilo.example"]
    assert "Ana Mabunda" in email.subject
    assert "Hello curators." in email.body and "ana@example.org" in email.body
    assert '"fr"' in email.body
    assert "votre message a été envoyé" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_the_contact_address_setting_wins_over_the_curators(client, curator, settings):
    settings.CONTACT_EMAIL = ["network@example.org"]
    client.post("/contact/", MESSAGE)
    run_commit_callbacks()
    assert [email.to for email in mail.outbox] == [["network@example.org"]]


@pytest.mark.django_db
def test_a_bad_message_is_a_400_naming_the_field(client, curator):
    response = client.post("/contact/", {**MESSAGE, "email": "not an address"})
    assert response.status_code == 400
    assert "Your email address" in response.content.decode()
    response = client.post("/contact/", {**MESSAGE, "message": "x" * 5001})
    assert response.status_code == 400
    run_commit_callbacks()
    assert mail.outbox == []


@pytest.mark.django_db
def test_messages_are_throttled_per_client(client, curator, settings):
    curator.email = "curator@ilo.example"
    curator.save()
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    assert client.post("/contact/", MESSAGE).status_code == 302
    assert client.post("/contact/", MESSAGE).status_code == 302
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    run_commit_callbacks()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_with_nobody_to_read_it_the_form_says_so(client):
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 503
    assert "Nobody can receive messages yet" in response.content.decode()
