from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.content import ContentLanguageFormMixin
from base.dates import EARLIEST_DATE
from base.models import SDG, Pillar
from cities.models import City
from exchanges.models import Event
from exchanges.selectors import events_involving

from .models import Adoption, AdoptionStage, Practice
from .transfer import allowed_next_stages


class PracticeForm(ContentLanguageFormMixin, forms.ModelForm):
    """What a submitter writes about a good practice; the workflow fields move through the
    review actions only."""

    pillars = forms.ModelMultipleChoiceField(
        Pillar.objects.all(),
        label=_("Decent Work pillars"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdgs = forms.ModelMultipleChoiceField(
        SDG.objects.all(),
        label=_("Sustainable Development Goals"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    source_url = forms.URLField(
        label=_("Source"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "description",
            "language",
            "city",
            "start_year",
            "end_year",
            "pillars",
            "sdgs",
            "source_url",
        ]
        help_texts = {
            "description": _(
                "Markdown: **bold**, *italics*, lists, links. Scripts and HTML are removed."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, city: City | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.select_related("country").order_by("name")
        if city is not None:
            # An official writes for their own city.
            self.fields["city"].queryset = City.objects.filter(pk=city.pk)
            self.fields["city"].initial = city
            self.fields["city"].required = True
            self.fields["city"].empty_label = None


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to request changes or to reject."),
    )


class AdoptionForm(forms.ModelForm):
    """A city taking up a practice: an official's own city, or any for a curator."""

    evidence_url = forms.URLField(
        label=_("Evidence"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to a decision, a report or an article that shows it."),
    )

    stage_on = forms.DateField(
        label=_("Stage reached on"),
        required=False,
        help_text=_("When the city reached this stage; today when left empty."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stage_note = forms.CharField(
        label=_("What happened at this stage"),
        required=False,
        max_length=5000,
        help_text=_("Required when the adoption is abandoned: say why."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stage_evidence_url = forms.URLField(
        label=_("Evidence of this stage"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    # The step's date, note and evidence right under the stage they are about.
    field_order = ["city", "stage", "stage_on", "stage_note", "stage_evidence_url"]

    class Meta:
        model = Adoption
        fields = [
            "city",
            "stage",
            "year",
            "event",
            "mentor_city",
            "changes",
            "notes",
            "evidence_url",
        ]
        help_texts = {
            "year": _("When the city started, or reached this stage."),
            "event": _("The exchange where the city learned the practice, if any."),
        }
        widgets = {
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, practice: Practice, city: City | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cities = City.objects.select_related("country").order_by("name")
        if practice.city_id is not None:
            cities = cities.exclude(pk=practice.city_id)
        events = Event.objects.select_related("host_city").order_by("-start_date", "title")
        if city is not None:
            # An official records for their own city, learned at its own exchanges.
            cities = cities.filter(pk=city.pk)
            events = events_involving(city, events)
            self.fields["city"].initial = city
            self.fields["city"].empty_label = None
        if self.instance.pk is not None:
            # An adoption is its practice and city: those stay as recorded.
            self.fields["city"].disabled = True
        self.fields["city"].queryset = cities
        self.fields["mentor_city"].queryset = City.objects.select_related("country").order_by(
            "name"
        )
        self.fields["changes"].widget.attrs["rows"] = 3
        self.fields["event"].queryset = events
        current = self.instance.stage if self.instance.pk is not None else None
        # Only the stages this adoption may move to (and the one it is at).
        allowed = set(allowed_next_stages(current)) | {current}
        self.fields["stage"].choices = [
            (value, label) for value, label in AdoptionStage.choices if value in allowed
        ]
        # One input per indicator of the original: the city's values beside its own.
        measured = (
            {row.result_id: row for row in self.instance.results.all()}
            if self.instance.pk is not None
            else {}
        )
        self.indicators = list(practice.results.all())
        for result in self.indicators:
            row = measured.get(result.pk)
            for side, label in (("before", _("before")), ("after", _("after"))):
                self.fields[f"result_{result.pk}_{side}"] = forms.DecimalField(
                    label=f"{result.indicator} ({label})",
                    required=False,
                    max_digits=16,
                    decimal_places=2,
                    initial=getattr(row, f"value_{side}", None),
                )
        self.fields["year"].widget.attrs.update(
            {"min": EARLIEST_DATE.year, "max": timezone.localdate().year}
        )

    def result_fields(self):
        """(indicator, before, after) for the template."""
        return [
            (result, self[f"result_{result.pk}_before"], self[f"result_{result.pk}_after"])
            for result in self.indicators
        ]

    def results(self) -> list[dict] | None:
        """The values given, as `set_adoption_results` takes them; None without indicators."""
        if not self.indicators:
            return None
        rows = []
        for result in self.indicators:
            before = self.cleaned_data.get(f"result_{result.pk}_before")
            after = self.cleaned_data.get(f"result_{result.pk}_after")
            if before is not None or after is not None:
                rows.append({"result": result, "value_before": before, "value_after": after})
        return rows


SCORE_LABELS = {
    "sustainability": _("Sustainability"),
    "innovation": _("Innovation"),
    "horizontal_cooperation": _("Horizontal cooperation"),
    "evidence_of_results": _("Evidence of results"),
}


class ReviewForm(DecisionForm):
    """A curator's decision with their review card: each criterion scored 1 to 5 and
    justified. The card is required to publish. Requesting changes or rejecting may carry
    one too: it is kept when filled, and a half-filled card is an error, not ignored."""

    def __init__(self, *args, card_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.card_required = card_required
        for criterion, label in SCORE_LABELS.items():
            self.fields[criterion] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=5,
                error_messages={
                    key: _("Give a whole number from 1 to 5.")
                    for key in ("invalid", "min_value", "max_value")
                },
                widget=forms.NumberInput(attrs={"min": 1, "max": 5, "class": "score"}),
            )
            self.fields[f"{criterion}_justification"] = forms.CharField(
                label=_("Why, for %(criterion)s") % {"criterion": str(label).lower()},
                required=False,
                max_length=500,
            )

    def score_fields(self):
        """(score, justification) bound fields by criterion, for the template."""
        return [(self[name], self[f"{name}_justification"]) for name in SCORE_LABELS]

    def clean(self):
        data = super().clean()
        card_names = [
            name for criterion in SCORE_LABELS for name in (criterion, f"{criterion}_justification")
        ]
        filled = any(data.get(name) not in (None, "") or name in self.errors for name in card_names)
        if not (self.card_required or filled):
            self.card = None
            return data
        for criterion in SCORE_LABELS:
            if data.get(criterion) is None and criterion not in self.errors:
                self.add_error(criterion, _("Give a score from 1 to 5."))
            justification = f"{criterion}_justification"
            if not data.get(justification) and justification not in self.errors:
                self.add_error(justification, _("Say in a sentence why you gave this score."))
        self.card = {name: data.get(name) for name in card_names}
        return data
