"""The sectioned practice form: drafts saved and resumed, results with targets and
breakdowns, target groups, photos (and every bad upload), the SDG tiles; the fields and
rows it writes, their constraints, and the same through the API."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from cities.models import City
from practices import photos as photo_rules
from practices.models import (
    Practice,
    PracticePhoto,
    PracticeStatus,
    PracticeTargetGroup,
    Result,
)
from practices.services import save_practice
from tests.factories import PracticeFactory, UserFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def png(size=(64, 48), colour="teal", name="market.png", mode="RGB") -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new(mode, size, colour).save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(**overrides):
    """A post of the form as a browser sends it, without result rows unless given."""
    data = {
        "title": "Cooperativas de vendedores",
        "summary": "",
        "language": "pt",
        "city": City.objects.get(slug="maputo").pk,
        **management("results", 0),
        **management("photos", 1),
    }
    data.update(overrides)
    return data


def raises_in_db(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# Constraints, each on both sides


def test_summary_is_needed_out_of_draft_only(city):
    PracticeFactory(status=PracticeStatus.DRAFT, summary="", published_at=None)
    raises_in_db(lambda: PracticeFactory(status=PracticeStatus.SUBMITTED, summary=""))


def test_budget_needs_its_currency_and_is_not_negative(city):
    PracticeFactory(budget=Decimal("12000"), budget_currency="USD")
    PracticeFactory(budget=None, budget_currency="")
    raises_in_db(lambda: PracticeFactory(budget=Decimal("12000"), budget_currency=""))
    raises_in_db(lambda: PracticeFactory(budget=None, budget_currency="USD"))
    raises_in_db(lambda: PracticeFactory(budget=Decimal("5"), budget_currency="usd"))
    raises_in_db(lambda: PracticeFactory(budget=Decimal("-1"), budget_currency="USD"))


def test_result_rows_constraints():
    practice = PracticeFactory()
    Result.objects.create(
        practice=practice, indicator="Girls", value_after=3, kind="target", sex="women",
        age_min=15, age_max=24, year=2015,
    )  # fmt: skip
    for bad in [
        {"kind": "guess"},
        {"sex": "other"},
        {"age_min": 30, "age_max": 20},
        {"age_max": 300},
        {"year": 1200},
    ]:
        raises_in_db(
            lambda bad=bad: Result.objects.create(
                practice=practice, indicator="x", value_after=1, **bad
            )
        )


def test_target_groups_are_known_and_once_each():
    practice = PracticeFactory()
    PracticeTargetGroup.objects.create(practice=practice, group="youth")
    raises_in_db(lambda: PracticeTargetGroup.objects.create(practice=practice, group="youth"))
    raises_in_db(lambda: PracticeTargetGroup.objects.create(practice=practice, group="pets"))


def test_a_photo_needs_its_text_alternative():
    practice = PracticeFactory()
    PracticePhoto.objects.create(practice=practice, image="x.png", alt_text="Stalls")
    raises_in_db(lambda: PracticePhoto.objects.create(practice=practice, image="y.png"))


# The form: drafts


def test_a_draft_needs_only_its_title_and_is_resumed_from_my_drafts(client, official):
    client.force_login(official)
    response = client.post(reverse("practice-create"), form_data(save="1"))
    assert response.status_code == 302
    draft = Practice.objects.get(title="Cooperativas de vendedores")
    assert draft.status == PracticeStatus.DRAFT and draft.summary == ""

    drafts = client.get(reverse("practice-drafts")).content.decode()
    assert reverse("practice-edit", args=[draft.slug]) in drafts
    # Submitting without a summary is refused, saves nothing and keeps the draft a draft.
    response = client.post(
        reverse("practice-edit", args=[draft.slug]),
        form_data(submit="1", context="Markets without drainage."),
    )
    assert response.status_code == 200
    assert "Summarize the practice before submitting it." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.DRAFT and draft.context == ""

    response = client.post(
        reverse("practice-edit", args=[draft.slug]),
        form_data(submit="1", summary="Vendors organized.", context="Markets without drainage."),
        follow=True,
    )
    assert response.redirect_chain[-1][1] == 302
    # It says what happened: submitted, not "your draft is saved" (the first save's
    # message comes first, never read).
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Your practice is submitted for review."
    )
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.SUBMITTED
    assert draft.context == "Markets without drainage."
    assert "Cooperativas" not in client.get(reverse("practice-drafts")).content.decode()


def test_my_drafts_are_the_writers_own(client, official):
    other_official = UserFactory(username="someone-else")
    PracticeFactory(title="Someone else's", status="draft", submitted_by=other_official)
    PracticeFactory(title="Mine, sent back", status="changes-requested", submitted_by=official)
    PracticeFactory(title="Mine, published", submitted_by=official)
    client.force_login(official)
    page = client.get(reverse("practice-drafts")).content.decode()
    assert "Mine, sent back" in page
    assert "Someone else" not in page and "Mine, published" not in page


def test_my_drafts_needs_an_account(client):
    response = client.get(reverse("practice-drafts"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_drafts_queries_do_not_grow(client, official):
    client.force_login(official)
    assert_constant_queries(
        lambda: client.get(reverse("practice-drafts")),
        lambda: [
            PracticeFactory(status="draft", submitted_by=official, published_at=None)
            for _ in range(3)
        ],
    )


# The form: every section


def test_the_form_writes_every_section(client, official, media):
    client.force_login(official)
    data = form_data(
        save="1",
        summary="Vendors organized.",
        **management("results", 2),
        context="Markets without drainage.",
        description="Cooperatives collect the waste.",
        lessons_learned="Talk to market leaders first.",
        challenges="Funding the stalls.",
        budget="250000",
        budget_currency="mzn",
        beneficiaries="3000",
        target_groups=["informal-workers", "women"],
        sdgs=["8", "11"],
        pillars=["employment"],
        contact_name="Ana Mucavele",
        contact_email="ana@cmmaputo.gov.mz",
        **{
            "results-0-indicator": "Women vendors in cooperatives",
            "results-0-kind": "outcome",
            "results-0-value_before": "120",
            "results-0-value_after": "480",
            "results-0-sex": "women",
            "results-0-age_min": "15",
            "results-0-age_max": "35",
            "results-1-indicator": "Vendors in cooperatives by 2030",
            "results-1-kind": "target",
            "results-1-value_after": "3000",
            "results-1-year": "2030",
            "photos-0-image": png(),
            "photos-0-alt_text": "Vendors sorting waste at the Xipamanine market",
            "photos-0-credit": "CMM",
        },
    )
    response = client.post(reverse("practice-create"), data)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.budget == Decimal("250000") and practice.budget_currency == "MZN"
    assert practice.beneficiaries == 3000
    assert {row.group for row in practice.target_groups.all()} == {"informal-workers", "women"}
    assert sorted(sdg.number for sdg in practice.sdgs.all()) == [8, 11]
    first, second = practice.results.all()
    assert (first.sex, first.age_min, first.age_max, first.kind) == ("women", 15, 35, "outcome")
    assert (second.kind, second.year) == ("target", 2030)
    photo = practice.photos.get()
    assert photo.thumbnail.name.endswith(".jpg")
    assert (media / photo.image.name).exists() and (media / photo.thumbnail.name).exists()

    page = client.get(practice.get_absolute_url()).content.decode()
    for text in [
        "Markets without drainage.",
        "Talk to market leaders first.",
        "Funding the stalls.",
        "Women aged 15\N{EN DASH}35",
        "target",
        "250,000 MZN",
        "Informal workers",
        'alt="Vendors sorting waste at the Xipamanine market"',
        "ana@cmmaputo.gov.mz",
    ]:
        assert text in page, text

    # Resumed: the rows come back, an untouched row stays, one is removed.
    edit = client.get(reverse("practice-edit", args=[practice.slug])).content.decode()
    assert 'value="Women vendors in cooperatives"' in edit
    assert 'value="Vendors sorting waste at the Xipamanine market"' in edit
    response = client.post(
        reverse("practice-edit", args=[practice.slug]),
        form_data(
            save="1",
            summary="Vendors organized.",
            **management("results", 2, initial=2),
            **management("photos", 2, initial=1),
            **{
                "results-0-indicator": "Women vendors in cooperatives",
                "results-0-kind": "outcome",
                "results-0-value_before": "120",
                "results-0-value_after": "480",
                "results-0-sex": "women",
                "results-0-age_min": "15",
                "results-0-age_max": "35",
                "results-1-indicator": "Vendors in cooperatives by 2030",
                "results-1-kind": "target",
                "results-1-value_after": "3000",
                "results-1-DELETE": "on",
                "photos-0-photo_id": str(photo.pk),
                "photos-0-alt_text": "Vendors sorting waste",
                "photos-0-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302
    assert list(practice.results.values_list("indicator", flat=True)) == [
        "Women vendors in cooperatives"
    ]
    assert not practice.photos.exists()


def test_sdgs_are_tiles_of_real_checkboxes_in_their_colours(client, official):
    client.force_login(official)
    page = client.get(reverse("practice-create")).content.decode()
    assert page.count('class="sdg-tile"') == 17
    assert 'type="checkbox" name="sdgs" value="8"' in page
    assert "--sdg-colour: #A21942" in page
    assert "data-tag-suggestions" in page


def test_a_bad_result_row_names_its_field(client, official):
    client.force_login(official)
    response = client.post(
        reverse("practice-create"),
        form_data(
            save="1",
            **management("results", 1),
            **{
                "results-0-indicator": "Youth trained",
                "results-0-kind": "outcome",
                "results-0-value_after": "40",
                "results-0-age_min": "24",
                "results-0-age_max": "15",
            },
        ),
    )
    assert response.status_code == 200
    assert "The age band ends before it starts." in response.content.decode()
    assert not Practice.objects.exists()


# The form: bad photos


@pytest.mark.parametrize(
    ("upload", "alt_text", "message"),
    [
        (
            SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png"),
            "Notes",
            "This file is not an image",
        ),
        (None, "", "Describe the photo in a few words"),
        (
            "gif",
            "A GIF",
            "This image is a GIF; send a JPEG, PNG or WebP photo.",
        ),
        # 64 million pixels in a few kilobytes: refused from its header, before decoding.
        ("bomb", "A bomb", "a photo may have at most 40 million pixels"),
    ],
)
def test_a_bad_photo_is_refused_saying_why(client, official, upload, alt_text, message):
    if upload is None:
        upload = png()
    elif upload == "gif":
        output = io.BytesIO()
        Image.new("RGB", (8, 8)).save(output, format="GIF")
        upload = SimpleUploadedFile("a.gif", output.getvalue(), content_type="image/gif")
    elif upload == "bomb":
        upload = png(size=(8000, 8000), mode="1", colour=0, name="bomb.png")
        assert upload.size < 100_000
    client.force_login(official)
    response = client.post(
        reverse("practice-create"),
        form_data(save="1", **{"photos-0-image": upload, "photos-0-alt_text": alt_text}),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Practice.objects.exists()
    assert not PracticePhoto.objects.exists()


def test_an_oversized_photo_is_refused(client, official, monkeypatch):
    monkeypatch.setattr(photo_rules, "MAX_PHOTO_BYTES", 1024)
    client.force_login(official)
    big = png(size=(400, 400), mode="RGB", colour="red")
    big = SimpleUploadedFile("big.png", big.read() + b"\0" * 2048, content_type="image/png")
    response = client.post(
        reverse("practice-create"),
        form_data(save="1", **{"photos-0-image": big, "photos-0-alt_text": "Big"}),
    )
    assert "a photo may be at most" in response.content.decode()
    assert not PracticePhoto.objects.exists()


def test_the_service_refuses_a_photo_of_another_practice(official):
    mine = save_practice(by=official, title="Mine")
    other = PracticeFactory()
    photo = PracticePhoto.objects.create(practice=other, image="x.png", alt_text="Theirs")
    with pytest.raises(Exception, match="another practice"):
        save_practice(by=official, practice=mine, photos=[{"photo": photo, "delete": True}])
    assert PracticePhoto.objects.filter(pk=photo.pk).exists()


# The API


def test_the_api_reads_and_writes_the_new_fields(official, media):
    api = APIClient()
    api.force_authenticate(official)
    response = api.post(
        "/api/v1/practices/",
        {
            "title": "Youth skills",
            "context": "Few jobs for school leavers.",
            "lessons_learned": "Train with employers.",
            "target_groups": ["youth"],
            "budget": 1000.5,
            "budget_currency": "USD",
            "beneficiaries": 40,
            "results": [
                {"indicator": "Trained", "value_after": 40, "sex": "women", "age_min": 15,
                 "age_max": 17},
                {"indicator": "Trained by 2026", "kind": "target", "value_after": 100},
            ],
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["summary"] == ""
    assert body["target_groups"] == ["youth"]
    assert body["budget"] == "1000.50" or float(body["budget"]) == 1000.5
    assert [result["kind"] for result in body["results"]] == ["outcome", "target"]
    assert body["results"][0]["age_min"] == 15 and body["photos"] == []
    slug = body["slug"]

    # A draft without a summary is not submitted: a 400 naming the field.
    response = api.post(f"/api/v1/practices/{slug}/submit/", format="json")
    assert response.status_code == 400 and "summary" in response.json()

    practice = Practice.objects.get(slug=slug)
    save_practice(
        by=official,
        practice=practice,
        photos=[{"photo": None, "image": png(), "alt_text": "Trainees", "caption": "Week 1"}],
    )
    photo = api.get(f"/api/v1/practices/{slug}/").json()["photos"][0]
    assert photo["alt_text"] == "Trainees"
    assert photo["image"].startswith("http://testserver/media/practices/")
    assert photo["thumbnail"].endswith(".jpg")


@pytest.mark.parametrize(
    ("result", "field"),
    [
        ({"indicator": "x", "value_after": 1, "age_min": 30, "age_max": 20}, "age_max"),
        ({"indicator": "x"}, "value_after"),
        ({"indicator": "x", "value_after": 1, "kind": "hope"}, "kind"),
        ({"indicator": "x", "value_after": "1"}, "value_after"),
    ],
)
def test_the_api_names_a_bad_result_field(official, result, field):
    api = APIClient()
    api.force_authenticate(official)
    response = api.post("/api/v1/practices/", {"title": "T", "results": [result]}, format="json")
    assert response.status_code == 400
    assert field in response.json()["results"]["0"]


def test_the_api_refuses_an_unknown_target_group_and_a_bad_currency(official):
    api = APIClient()
    api.force_authenticate(official)
    response = api.post(
        "/api/v1/practices/",
        {"title": "T", "target_groups": ["pets"], "budget": 5, "budget_currency": "dollars"},
        format="json",
    )
    assert response.status_code == 400
    assert {"target_groups", "budget_currency"} <= set(response.json())


def test_a_replaced_or_removed_photo_leaves_the_storage_once_committed(
    official, media, django_capture_on_commit_callbacks
):
    practice = save_practice(
        by=official,
        title="Photos",
        photos=[{"photo": None, "image": png(), "alt_text": "First"}],
    )
    photo = practice.photos.get()
    first_files = [media / photo.image.name, media / photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        save_practice(
            by=official,
            practice=practice,
            photos=[{"photo": photo, "image": png(colour="red", name="second.png"),
                     "alt_text": "Second"}],
        )  # fmt: skip
    photo.refresh_from_db()
    assert photo.alt_text == "Second" and (media / photo.image.name).exists()
    assert not any(path.exists() for path in first_files)
    second_files = [media / photo.image.name, media / photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        practice.delete()
    assert not any(path.exists() for path in second_files)


def test_the_admin_shows_a_practices_photos_and_target_groups(admin_client, official):
    practice = save_practice(
        by=official,
        title="In the admin",
        target_groups=["migrants"],
        photos=[{"photo": None, "image": png(), "alt_text": "Stalls at dawn"}],
    )
    page = admin_client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'alt="Stalls at dawn"' in content and "migrants" in content
