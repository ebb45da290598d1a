"""The portal in English, French, Spanish and Portuguese: complete catalogues, no text
left outside a translation tag, the language chosen from the URL then the browser, the
API answering in the client's language, and content shown in the reader's language."""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from base.dates import DatePrecision
from base.models import SDG, Pillar
from base.reference import ReferenceName
from exchanges.models import EventStatus, EventTranslation, RegistrationStatus, RoadmapTranslation
from exchanges.rules import DEFINITION as MODALITY_DEFINITION
from exchanges.rules import Modality
from practices.models import Practice, PracticeTranslation
from tests.factories import EventFactory, PracticeFactory, RoadmapFactory
from tests.utils import assert_constant_queries

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.BASE_DIR) / "locale"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


# --- the catalogues --------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert catalogue.metadata["Language"] == language
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_modality_and_date_precision_labels_are_in_each_catalogue(language):
    """Labels marked with an alias makemessages does not know stay in English: these were."""
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    translated = {entry.msgid: entry.msgstr for entry in catalogue if entry.msgstr}
    with translation.override("en"):
        labels = [str(label) for _value, label in Modality.choices + DatePrecision.choices]
        labels.append(str(MODALITY_DEFINITION))
    missing = [label for label in labels if label not in translated]
    assert not missing, f"not in the {language} catalogue: {missing}"


PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\w*\}|</?\w+[^>]*>")


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_and_markup(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalogue.translated_entries():
        expected = sorted(
            set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            if entry.msgid_plural
            else PLACEHOLDER.findall(entry.msgid)
        )
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = sorted(PLACEHOLDER.findall(text))
            # A singular may spell out its number ("one place left") instead of %(n)s.
            if entry.msgid_plural and found != expected:
                found = sorted({*found, *expected})
            assert found == expected, f"{language}: {entry.msgid!r} -> {text!r}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogues_compile(language, tmp_path):
    result = subprocess.run(
        [
            "msgfmt",
            "--check",
            "-o",
            str(tmp_path / "django.mo"),
            str(LOCALE / language / "LC_MESSAGES" / "django.po"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- templates hold no text outside translation tags -----------------------------------

# Names that are the same in every language.
UNTRANSLATED_WORDS = {"PeerCities"}
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
TRANSLATED_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
COMMENT_BLOCK = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
NOT_TEXT = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S | re.I)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
ELEMENT = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[a-zA-Z]+;|&#\d+;")
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def untranslated_text(source: str) -> list[str]:
    """What a reader would see of a template that no translation tag holds."""
    text = TRANSLATED_BLOCK.sub(" ", source)
    text = COMMENT_BLOCK.sub(" ", text)
    text = TEMPLATE_TAG.sub(" ", text)
    text = HTML_COMMENT.sub(" ", text)
    text = NOT_TEXT.sub(" ", text)
    found = [value for value in VISIBLE_ATTRIBUTES.findall(text) if LETTER.search(value)]
    text = ENTITY.sub(" ", ELEMENT.sub(" ", text))
    for word in UNTRANSLATED_WORDS:
        text = text.replace(word, " ")
    found += [line.strip() for line in text.splitlines() if LETTER.search(line)]
    return found


def test_the_template_check_sees_text_and_attributes_outside_tags():
    assert untranslated_text("<p>Hello</p>") == ["Hello"]
    assert untranslated_text('<img alt="A map" src="{{ x }}">') == ["A map"]
    assert untranslated_text('<a title="{% translate "Map" %}">{{ name }}</a>') == []
    assert untranslated_text("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}") == []
    assert untranslated_text("<p>PeerCities · {% translate 'Home' %}</p>") == []


@pytest.mark.parametrize(
    "template",
    sorted(path for path in TEMPLATES.rglob("*") if path.suffix in (".html", ".txt")),
    ids=lambda path: str(path.relative_to(TEMPLATES)),
)
def test_templates_hold_no_text_outside_translation_tags(template):
    assert untranslated_text(template.read_text()) == []


# --- the reader's language --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "language", "word"),
    [
        ("/fr/practices/", "fr", "Bonnes pratiques"),
        ("/es/practices/", "es", "Buenas prácticas"),
        ("/pt/practices/", "pt", "Boas práticas"),
        ("/practices/", "en", "Good practices"),
    ],
)
def test_the_url_prefix_chooses_the_language(client, path, language, word):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert word in html
    assert response["Content-Language"] == language


@pytest.mark.django_db
def test_the_browser_language_sends_unprefixed_pages_to_its_prefix(client):
    response = client.get("/practices/?q=march%C3%A9s", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/pt/practices/?q=march%C3%A9s"
    assert "Accept-Language" in response["Vary"]
    # English, or a language the portal does not speak: the English page itself.
    assert client.get("/practices/", HTTP_ACCEPT_LANGUAGE="en-GB").status_code == 200
    assert client.get("/practices/", HTTP_ACCEPT_LANGUAGE="de").status_code == 200


@pytest.mark.django_db
def test_choosing_english_is_remembered_over_the_browser_language(client):
    response = client.get("/en/practices/?page=2", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/practices/?page=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/en")["Location"] == "/"
    page = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert '<html lang="en">' in page.content.decode()
    # Reading in another language afterwards makes that one the remembered choice.
    assert client.get("/es/practices/").cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert client.get("/practices/")["Location"] == "/es/practices/"


@pytest.mark.django_db
def test_unknown_pages_are_not_redirected_but_answer_in_the_browser_language(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_the_switcher_links_to_the_same_page_in_each_language(client):
    html = client.get("/fr/practices/?q=vendeurs&page=1").content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    query = "practices/?q=vendeurs&amp;page=1"
    assert f'href="/en/{query}" hreflang="en" lang="en">English<' in switcher
    assert f'href="/es/{query}" hreflang="es" lang="es">Español<' in switcher
    assert f'href="/pt/{query}" hreflang="pt" lang="pt">Português<' in switcher
    assert '<span aria-current="true" lang="fr">Français</span>' in switcher


@pytest.mark.django_db
def test_the_switcher_is_on_every_page(client):
    for name in ("home", "city-list", "event-list", "roadmap-list", "practice-list", "search"):
        with translation.override("pt"):
            url = reverse(name)
        assert url.startswith("/pt/")
        html = client.get(url).content.decode()
        assert 'class="language-switcher"' in html, name
        assert 'href="/en' + url[3:] in html, name


@pytest.mark.django_db
def test_dates_and_numbers_follow_the_language(client):
    event = EventFactory(
        title="Foro", start_date=datetime.date(2015, 6, 9), end_date=datetime.date(2015, 6, 12)
    )
    assert "9 June 2015" in client.get(f"/events/{event.slug}/").content.decode()
    assert "9 juin 2015" in client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "9 de junio de 2015" in client.get(f"/es/events/{event.slug}/").content.decode()
    city = event.host_city
    assert "250,000" in client.get(f"/cities/{city.slug}/").content.decode()
    assert "250\N{NO-BREAK SPACE}000" in client.get(f"/fr/cities/{city.slug}/").content.decode()


# --- reference names and the API -------------------------------------------------------


@pytest.mark.django_db
def test_reference_names_show_in_the_active_language_and_stay_english_in_the_database():
    pillar = Pillar.objects.get(slug="social-dialogue")
    sdg = SDG.objects.get(number=8)
    assert isinstance(sdg.name, ReferenceName)
    with translation.override("fr"):
        assert str(pillar.name) == "Dialogue social"
        assert str(sdg) == "ODD 8\N{NO-BREAK SPACE}: Travail décent et croissance économique"
        assert f"{sdg.name}" == "Travail décent et croissance économique"
    for language in ("es", "pt"):
        with translation.override(language):
            assert str(sdg.name) not in ("", "Decent Work and Economic Growth")
    # Compared, looked up and saved as the English name, whatever the reader's language.
    with translation.override("fr"):
        assert sdg.name == "Decent Work and Economic Growth"
        sdg.save()
        assert SDG.objects.filter(name="Decent Work and Economic Growth").exists()


@pytest.mark.django_db
def test_the_api_answers_names_in_the_accept_language():
    client = APIClient()
    english = client.get("/api/v1/pillars/social-dialogue/")
    french = client.get("/api/v1/pillars/social-dialogue/", HTTP_ACCEPT_LANGUAGE="fr")
    spanish = client.get("/api/v1/sdgs/11/", HTTP_ACCEPT_LANGUAGE="es")
    assert english.json()["name"] == "Social dialogue"
    assert french.json()["name"] == "Dialogue social"
    assert french["Content-Language"] == "fr"
    with translation.override("es"):
        assert spanish.json()["name"] == str(SDG.objects.get(number=11).name)
    assert spanish.json()["name"] != "Sustainable Cities and Communities"
    country = client.get("/api/v1/countries/MZ/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert (country["region"], country["region_name"]) == ("africa", "Afrique")


@pytest.mark.django_db
def test_the_api_answers_errors_in_the_accept_language():
    client = APIClient()
    bad = client.get("/api/v1/events/?year=soon", HTTP_ACCEPT_LANGUAGE="fr")
    assert bad.status_code == 400
    assert "Saisissez un nombre entier" in bad.content.decode()
    unknown = client.get("/api/v1/events/?format=docx", HTTP_ACCEPT_LANGUAGE="fr")
    assert unknown.status_code == 400
    assert "Format inconnu" in unknown.json()["format"][0]
    anonymous = client.post("/api/v1/practices/", {}, HTTP_ACCEPT_LANGUAGE="fr")
    assert anonymous.status_code == 401
    assert "authentification" in anonymous.json()["detail"]


# --- content in several languages ------------------------------------------------------


@pytest.fixture
def maputo_practice(db):
    practice = PracticeFactory(
        slug="maputo-markets",
        title="Hygiene in Maputo's markets",
        summary="Maputo answered the hygiene problems of its markets.",
        language="en",
    )
    PracticeTranslation.objects.create(
        practice=practice,
        language="pt",
        title="Higiene nos mercados de Maputo",
        summary="Maputo respondeu aos problemas de higiene dos seus mercados.",
    )
    return practice


def test_a_practice_shows_in_the_readers_language_when_translated(client, maputo_practice):
    portuguese = client.get("/pt/practices/maputo-markets/").content.decode()
    assert "<h1>Higiene nos mercados de Maputo</h1>" in portuguese
    assert "Maputo respondeu aos problemas de higiene" in portuguese
    listing = client.get("/pt/practices/").content.decode()
    assert "Higiene nos mercados de Maputo" in listing
    assert "Hygiene in Maputo" not in listing


def test_an_untranslated_text_is_shown_in_its_language_and_marked(client, maputo_practice):
    french = client.get("/fr/practices/maputo-markets/").content.decode()
    assert '<h1 lang="en">Hygiene in Maputo&#x27;s markets</h1>' in french
    assert '<span class="badge badge-language">en anglais</span>' in french
    assert '<p class="lead" lang="en">Maputo answered' in french
    # Read in its own language, it is not marked.
    english = client.get("/practices/maputo-markets/").content.decode()
    assert "badge-language" not in english
    assert "<h1>Hygiene in Maputo&#x27;s markets</h1>" in english


@pytest.mark.django_db
def test_events_and_roadmaps_show_their_translations(client):
    event = EventFactory(slug="pasto-2015", title="Urban-rural policies", language="en")
    EventTranslation.objects.create(
        event=event, language="es", title="Políticas urbano-rurales", summary="Un intercambio."
    )
    roadmap = RoadmapFactory(slug="maputo-roadmap", title="Maputo roadmap", event=event)
    RoadmapTranslation.objects.create(
        roadmap=roadmap, language="es", title="Hoja de ruta de Maputo", summary=""
    )
    assert "Políticas urbano-rurales" in client.get("/es/events/pasto-2015/").content.decode()
    assert "Políticas urbano-rurales" in client.get("/es/events/").content.decode()
    roadmap_page = client.get("/es/roadmaps/maputo-roadmap/").content.decode()
    assert "<h1>Hoja de ruta de Maputo</h1>" in roadmap_page
    roadmaps = client.get("/es/roadmaps/").content.decode()
    assert "Hoja de ruta de Maputo" in roadmaps
    # The event it was adopted at, in the reader's language too.
    assert "Políticas urbano-rurales" in roadmaps


def test_a_translation_is_one_per_language_and_never_in_the_original_language(maputo_practice):
    with pytest.raises(ValidationError) as error:
        PracticeTranslation(
            practice=maputo_practice, language="en", title="Again", summary="Again."
        ).full_clean()
    assert "language" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        PracticeTranslation(practice=maputo_practice, language="fr", title="Hygiène").full_clean()
    assert "summary" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeTranslation.objects.create(
            practice=maputo_practice, language="pt", title="Outra", summary="Outra."
        )


def test_the_database_refuses_an_unknown_language(maputo_practice):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(maputo_practice).objects.filter(pk=maputo_practice.pk).update(language="de")
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeTranslation.objects.create(
            practice=maputo_practice, language="de", title="Märkte", summary="Märkte."
        )


def test_the_practice_list_query_count_does_not_grow_with_translations(client, maputo_practice):
    def grow():
        for n in range(3):
            practice = PracticeFactory(language="fr")
            PracticeTranslation.objects.create(
                practice=practice, language="pt", title=f"Prática {n}", summary="Resumo."
            )

    assert_constant_queries(lambda: client.get("/pt/practices/"), grow)


def test_the_api_gives_the_language_and_the_translations(maputo_practice):
    detail = APIClient().get("/api/v1/practices/maputo-markets/").json()
    assert detail["language"] == "en"
    assert detail["translations"] == [
        {
            "language": "pt",
            "title": "Higiene nos mercados de Maputo",
            "summary": "Maputo respondeu aos problemas de higiene dos seus mercados.",
        }
    ]
    listed = APIClient().get("/api/v1/practices/").json()["results"][0]
    assert listed["language"] == "en"


def test_an_official_writes_a_practice_in_french(client, official, city):
    client.force_login(official)
    form = client.get("/fr/practices/new/").content.decode()
    assert '<option value="fr" selected>Français</option>' in form
    response = client.post(
        "/fr/practices/new/",
        {
            "title": "Les coopératives de recycleurs",
            "summary": "Des coopératives de recycleurs à Maputo.",
            "description": "",
            "language": "fr",
            "city": city.pk,
        },
    )
    assert response.status_code == 302
    assert Practice.objects.get(title="Les coopératives de recycleurs").language == "fr"


def test_the_api_refuses_an_unknown_language_naming_the_field(official):
    client = APIClient()
    client.force_authenticate(official)
    response = client.post(
        "/api/v1/practices/",
        {"title": "Märkte", "summary": "Märkte in Maputo.", "language": "de"},
        format="json",
    )
    assert response.status_code == 400
    assert "language" in response.json()
    accepted = client.post(
        "/api/v1/practices/",
        {"title": "Mercados", "summary": "Mercados de Maputo.", "language": "pt"},
        format="json",
    )
    assert accepted.status_code == 201
    assert accepted.json()["language"] == "pt"


@pytest.mark.parametrize(
    ("language", "registration", "event"),
    [
        ("fr", "Annulée", "Annulé"),
        ("es", "Cancelada", "Cancelado"),
        ("pt", "Cancelada", "Cancelado"),
    ],
)
def test_a_cancelled_registration_and_a_cancelled_event_agree_with_their_nouns(
    language, registration, event
):
    with translation.override(language):
        assert str(RegistrationStatus.CANCELLED.label) == registration
        assert str(EventStatus.CANCELLED.label) == event
        assert str(RegistrationStatus.CONFIRMED.label).endswith(("ée", "a"))
