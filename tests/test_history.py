import pytest

from base.models import Pillar
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_every_change_to_a_practice_is_kept_in_its_history():
    practice = PracticeFactory(title="Women's entrepreneurship", summary="First version")
    practice.summary = "Second version"
    practice.save()
    practice.pillars.add(Pillar.objects.get(slug="employment"))

    summaries = [record.summary for record in practice.history.order_by("history_date")]
    assert summaries[:2] == ["First version", "Second version"]
    latest = practice.history.latest()
    assert [p.pillar.slug for p in latest.pillars.all()] == ["employment"]
    earliest = practice.history.earliest()
    assert earliest.history_type == "+"
    assert not earliest.pillars.exists()


def test_deleting_a_practice_keeps_its_history():
    practice = PracticeFactory(slug="gone")
    practice_id = practice.pk
    practice.delete()
    history = practice.history.model.objects.filter(id=practice_id)
    assert [record.history_type for record in history.order_by("history_date")] == ["+", "-"]
