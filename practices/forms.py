from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.content import ContentLanguageFormMixin
from base.dates import EARLIEST_DATE, DatePrecision
from base.models import SDG, Criterion, Pillar, Sector
from cities.models import City, Organization
from exchanges.models import Event
from exchanges.selectors import events_involving

from .models import Adoption, AdoptionStage, Practice, Result, Sex, TargetGroup
from .photos import MAX_PHOTO_BYTES, validate_photo
from .services import RESULT_FIELDS
from .transfer import allowed_next_stages

MARKDOWN_HELP = _("Markdown: **bold**, *italics*, lists, links. Scripts and HTML are removed.")


class SDGTiles(forms.CheckboxSelectMultiple):
    """The 17 goals as tiles in their official colours, each a real checkbox (keyboard,
    screen readers and no JavaScript work as for any checkbox)."""

    template_name = "practices/widgets/sdg_tiles.html"
    option_template_name = "practices/widgets/sdg_tile.html"


class PracticeForm(ContentLanguageFormMixin, forms.ModelForm):
    """What a submitter writes about a good practice, in the sections of the template
    (SECTIONS); the workflow fields move through the review actions only. Only the title
    is needed to save a draft; the model asks for the summary before submission."""

    # By slug and number, the keys the tag suggestions name (static/js/tag-suggestions.js).
    pillars = forms.ModelMultipleChoiceField(
        Pillar.objects.all(),
        to_field_name="slug",
        label=_("Decent Work pillars"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdgs = forms.ModelMultipleChoiceField(
        SDG.objects.order_by("number"),
        to_field_name="number",
        label=_("Sustainable Development Goals"),
        required=False,
        widget=SDGTiles,
    )
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label=_("Sectors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = forms.ModelMultipleChoiceField(
        Criterion.objects.all(),
        label=_("Criteria met"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organizations = forms.ModelMultipleChoiceField(
        Organization.objects.order_by("name"),
        label=_("Partners and organizations"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The organizations that carried the practice out with the city."),
    )
    target_groups = forms.MultipleChoiceField(
        choices=TargetGroup.choices,
        label=_("Target groups"),
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
            "language",
            "city",
            "start_year",
            "end_year",
            "context",
            "description",
            "budget",
            "budget_currency",
            "beneficiaries",
            "target_groups",
            "sectors",
            "pillars",
            "sdgs",
            "criteria",
            "organizations",
            "lessons_learned",
            "challenges",
            "contact_name",
            "contact_email",
            "source_url",
        ]
        help_texts = {
            "context": MARKDOWN_HELP,
            "description": MARKDOWN_HELP,
        }
        labels = {"summary": _("Summary")}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "context": forms.Textarea(attrs={"rows": 8}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "lessons_learned": forms.Textarea(attrs={"rows": 5}),
            "challenges": forms.Textarea(attrs={"rows": 5}),
            "budget": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "budget_currency": forms.TextInput(
                attrs={"size": 3, "autocapitalize": "characters", "pattern": "[A-Za-z]{3}"}
            ),
            "beneficiaries": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    # The form's sections, as the UN DESA submission form has them: a title and fields.
    SECTIONS = [
        (
            "practice",
            _("The practice"),
            ["title", "summary", "language", "city", "start_year", "end_year"],
        ),
        ("context", _("Problem and context"), ["context"]),
        ("done", _("What was done"), ["description", "sectors", "target_groups"]),
        ("results", _("Results"), ["budget", "budget_currency", "beneficiaries"]),
        ("tags", _("Decent Work and the SDGs"), ["pillars", "sdgs", "criteria"]),
        ("partners", _("Partners and organizations"), ["organizations"]),
        ("lessons", _("Lessons learned"), ["lessons_learned", "challenges"]),
        ("contact", _("Contact"), ["contact_name", "contact_email", "source_url"]),
    ]

    def __init__(self, *args, city: City | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = False
        self.fields["summary"].help_text = _(
            "Two or three sentences. Needed to submit the practice, not to save a draft."
        )
        self.fields["city"].queryset = City.objects.select_related("country").order_by("name")
        if city is not None:
            # An official writes for their own city.
            self.fields["city"].queryset = City.objects.filter(pk=city.pk)
            self.fields["city"].initial = city
            self.fields["city"].required = True
            self.fields["city"].empty_label = None
        if self.instance.pk is not None:
            self.initial["target_groups"] = [row.group for row in self.instance.target_groups.all()]

    def clean_budget_currency(self):
        return self.cleaned_data["budget_currency"].strip().upper()

    def sections(self):
        """(id, title, bound fields) of each section, for the template."""
        return [(key, title, [self[name] for name in names]) for key, title, names in self.SECTIONS]


class ResultForm(forms.ModelForm):
    """A row of the results table; the model's own validation applies (a value before or
    after, an age band in order)."""

    class Meta:
        model = Result
        fields = RESULT_FIELDS
        widgets = {
            "value_before": forms.NumberInput(attrs={"step": "any"}),
            "value_after": forms.NumberInput(attrs={"step": "any"}),
            "year": forms.NumberInput(attrs={"min": 1900, "max": 2100, "inputmode": "numeric"}),
            "age_min": forms.NumberInput(attrs={"min": 0, "max": 120, "inputmode": "numeric"}),
            "age_max": forms.NumberInput(attrs={"min": 0, "max": 120, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [("", _("Everyone")), *Sex.choices]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in RESULT_FIELDS}


class BaseResultFormSet(forms.BaseFormSet):
    def results(self) -> list[dict]:
        """The rows kept, in their order, for save_practice."""
        return [
            form.values()
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
        ]


ResultFormSet = forms.formset_factory(
    ResultForm, formset=BaseResultFormSet, extra=2, can_delete=True, max_num=50, validate_max=True
)


class PhotoForm(forms.Form):
    """A photo: a new one (its file and text alternative) or one the practice has (its
    texts, a replacement file, or removal)."""

    photo_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        validators=[validate_photo],
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most %(size)s MB.")
        % {"size": MAX_PHOTO_BYTES // 1024 // 1024},
    )
    alt_text = forms.CharField(
        label=_("Text alternative"),
        required=False,
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    credit = forms.CharField(label=_("Credit"), required=False, max_length=200)

    def __init__(self, *args, photos: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.photos = photos or {}
        self.photo = self.photos.get(self.initial.get("photo_id"))

    def clean(self):
        data = super().clean()
        photo_id = data.get("photo_id")
        if photo_id is not None and photo_id not in self.photos:
            raise forms.ValidationError(_("This photo is not one of the practice's."))
        self.photo = self.photos.get(photo_id)
        if self.photo is None and not data.get("image") and "image" not in self.errors:
            self.add_error("image", _("Choose the photo to add."))
        if not data.get("alt_text"):
            self.add_error(
                "alt_text", _("Describe the photo in a few words, for people who cannot see it.")
            )
        return data


class BasePhotoFormSet(forms.BaseFormSet):
    def __init__(self, *args, photos=(), **kwargs):
        self.photos = {photo.pk: photo for photo in photos}
        kwargs.setdefault(
            "initial",
            [
                {
                    "photo_id": photo.pk,
                    "alt_text": photo.alt_text,
                    "caption": photo.caption,
                    "credit": photo.credit,
                }
                for photo in photos
            ],
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "photos": self.photos}

    def changes(self) -> list[dict]:
        """What to do with each photo, for save_practice."""
        changes = []
        for position, form in enumerate(self.forms):
            photo_id = form.initial.get("photo_id")
            if self._should_delete_form(form):
                if photo_id is not None:
                    changes.append({"photo": self.photos[photo_id], "delete": True})
                continue
            if not form.has_changed() and photo_id is None:
                continue
            changes.append(
                {
                    "photo": form.photo,
                    "image": form.cleaned_data.get("image") or None,
                    "alt_text": form.cleaned_data["alt_text"],
                    "caption": form.cleaned_data["caption"],
                    "credit": form.cleaned_data["credit"],
                    "position": position,
                }
            )
        return changes


PhotoFormSet = forms.formset_factory(
    PhotoForm, formset=BasePhotoFormSet, extra=1, can_delete=True, max_num=12, validate_max=True
)


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

    def clean_date_precision(self):
        return self.cleaned_data["date_precision"] or DatePrecision.DAY

    class Meta:
        model = Adoption
        fields = [
            "city",
            "stage",
            "year",
            "adopted_on",
            "date_precision",
            "event",
            "mentor_city",
            "changes",
            "notes",
            "evidence_url",
        ]
        help_texts = {
            "year": _("When the city started, or reached this stage."),
            "adopted_on": _(
                "Only when the sources date it more precisely than the year: the first day "
                "of the month for a month."
            ),
            "event": _("The exchange where the city learned the practice, if any."),
        }
        widgets = {
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, practice: Practice, city: City | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Known to the day unless said otherwise; it matters only with a date.
        self.fields["date_precision"].required = False
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


# What each score means, shown beside it: the same scale on every criterion.
SCORE_CHOICES = [
    (1, _("1 · weak")),
    (2, _("2 · limited")),
    (3, _("3 · fair")),
    (4, _("4 · strong")),
    (5, _("5 · exemplary")),
]


class ReviewForm(DecisionForm):
    """A curator's decision with their review card: each criterion scored 1 to 5 and
    justified. The card is required to publish. Requesting changes or rejecting may carry
    one too: it is kept when filled, and a half-filled card is an error, not ignored."""

    def __init__(self, *args, card_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.card_required = card_required
        for criterion, label in SCORE_LABELS.items():
            self.fields[criterion] = forms.TypedChoiceField(
                label=label,
                required=False,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                error_messages={"invalid_choice": _("Give a whole number from 1 to 5.")},
                widget=forms.RadioSelect(attrs={"class": "score-choice"}),
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
