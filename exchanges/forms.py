from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from base.content import ContentLanguageFormMixin, Language
from base.dates import DatePrecision
from base.models import SDG, LearningFormat, LearningStage, Pillar
from cities.models import City

from .models import (
    ActionStatus,
    Event,
    EventStatus,
    Modality,
    Participation,
    ParticipationRole,
    RegistrantRole,
)
from .reporting import ReportStatus
from .selectors import events_citable_by


class DateInput(forms.DateInput):
    input_type = "date"


class EventForm(ContentLanguageFormMixin, forms.ModelForm):
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
    stages = forms.ModelMultipleChoiceField(
        LearningStage.objects.all(),
        label=_("Stages of the learning cycle"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the exchange sits in the ILO's local development approach."),
    )
    formats = forms.ModelMultipleChoiceField(
        LearningFormat.objects.all(),
        label=_("Learning formats"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    modality = forms.ChoiceField(
        label=_("Modality"),
        required=False,
        choices=[("", _("Computed from the cities and organizations")), *Modality.choices],
        help_text=_("Curators only: set it to override the computed modality."),
    )
    open_registration = forms.BooleanField(
        label=_("Open for registration"),
        required=False,
        help_text=_(
            "Officials then register their delegations from the exchange's page, up to the "
            "capacity; the next ones wait for a seat."
        ),
    )

    # Shown together, as one step: whether the exchange takes registrations, and how.
    REGISTRATION_FIELDS = [
        "open_registration",
        "capacity",
        "registration_deadline",
        "registrations_per_official",
    ]

    class Meta:
        model = Event
        fields = [
            "title",
            "language",
            "kind",
            "large_forum",
            "host_city",
            "venue",
            "start_date",
            "end_date",
            "date_precision",
            "status",
            "summary",
            "objectives",
            "capacity",
            "registration_deadline",
            "registrations_per_official",
            "pillars",
            "sdgs",
            "stages",
            "formats",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "registration_deadline": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_date_precision(self):
        return self.cleaned_data["date_precision"] or DatePrecision.DAY

    def __init__(self, *args, curator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_city"].queryset = City.objects.order_by("name")
        # "Open for registration" is the checkbox of the registration step.
        self.fields["status"].choices = [
            choice for choice in EventStatus.choices if choice[0] != EventStatus.OPEN
        ]
        if self.instance.status == EventStatus.OPEN:
            self.initial["status"] = EventStatus.PLANNED
            self.initial["open_registration"] = True
        self.fields["capacity"].help_text = _(
            "Seats for delegates; once they are taken, new delegates wait for one."
        )
        # Known to the day unless said otherwise.
        self.fields["date_precision"].required = False
        if not curator:
            del self.fields["modality"]
        elif self.instance.pk and self.instance.modality_overridden:
            self.fields["modality"].initial = self.instance.modality

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("open_registration"):
            if cleaned.get("status") in (EventStatus.HELD, EventStatus.CANCELLED):
                self.add_error(
                    "open_registration",
                    _("A held or cancelled exchange does not take registrations."),
                )
            else:
                cleaned["status"] = EventStatus.OPEN
            if cleaned.get("capacity") is None and "capacity" not in self.errors:
                self.add_error("capacity", _("Give the number of seats to open registration."))
        return cleaned

    def main_fields(self):
        return [f for f in self.visible_fields() if f.name not in self.REGISTRATION_FIELDS]

    def registration_fields(self):
        return [self[name] for name in self.REGISTRATION_FIELDS]


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["city", "role", "delegation_size"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.order_by("name")


ParticipationFormSet = forms.formset_factory(
    ParticipationForm, extra=3, can_delete=True, max_num=50, validate_max=True
)


class OwnParticipationForm(forms.ModelForm):
    """What the officials of a city taking part in an event change of it: their city's
    role and delegation. Hosting with the host city is for the host city to decide."""

    class Meta:
        model = Participation
        fields = ["role", "delegation_size"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.role != ParticipationRole.HOST:
            self.fields["role"].choices = [
                (value, label)
                for value, label in ParticipationRole.choices
                if value != ParticipationRole.HOST
            ]


class DelegateForm(forms.Form):
    """One delegate of a delegation: a row of DelegationFormSet."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    # Blank first: a row left untouched posts nothing, and is no delegate.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *RegistrantRole.choices])
    city = forms.ModelChoiceField(
        City.objects.order_by("name"),
        label=_("City"),
        required=False,
        help_text=_("The event's organizers register delegates of any city."),
    )
    language = forms.ChoiceField(
        label=_("Language of their emails"),
        choices=Language.choices,
    )
    needs_visa_letter = forms.BooleanField(
        label=_("Needs a visa invitation letter"), required=False
    )
    interpretation_needs = forms.CharField(
        label=_("Interpretation needs"),
        max_length=200,
        required=False,
        help_text=_("Languages they need interpretation into or from."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("Access, mobility, dietary or other needs the host should plan for."),
    )

    def __init__(self, *args, any_city: bool = False, own_city=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]
        # An organizer mostly registers their own city's delegates: preset, not forced.
        self.fields["city"].initial = own_city.pk if own_city is not None else None
        if not any_city:
            # An official registers the delegates of their own city: nothing to choose.
            del self.fields["city"]

    def has_changed(self):
        # A row with only its presets (language, city) is an empty row, not a delegate.
        return any(name not in ("language", "city") for name in self.changed_data)


class BaseDelegationFormSet(forms.BaseFormSet):
    def delegates(self) -> list[dict]:
        """The rows filled in, in order, as `register_delegation` takes them."""
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


DelegationFormSet = forms.formset_factory(
    DelegateForm,
    formset=BaseDelegationFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=50,
    validate_max=True,
)


class DelegationConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Each delegate listed consents to PeerCities processing their name, email and "
            "needs to organize this event; they are erased 12 months after it ends."
        ),
        required=True,
    )


class OpenRegistrationForm(forms.ModelForm):
    """What opening an exchange for registration takes: its seats, the last day to
    register, and how many delegates one official may register."""

    class Meta:
        model = Event
        fields = ["capacity", "registration_deadline", "registrations_per_official"]
        widgets = {"registration_deadline": DateInput}
        help_texts = {
            "capacity": _("Seats for delegates; once they are taken, new delegates wait."),
            "registration_deadline": _("The last day delegates may be registered."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].required = True


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    event = forms.ModelChoiceField(Event.objects.none(), label=_("Carried out at"), required=False)
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, action, user, **kwargs):
        kwargs.setdefault("prefix", f"action-{action.pk}")
        kwargs.setdefault("initial", {"status": action.status, "event": action.carried_out_by_id})
        super().__init__(*args, **kwargs)
        # The events `user` may cite, and the one the action already cites; the service
        # (update_action_status) holds the same rule for the API.
        citable = Q(pk__in=events_citable_by(user).values("pk"))
        if action.carried_out_by_id is not None:
            citable |= Q(pk=action.carried_out_by_id)
        self.fields["event"].queryset = Event.objects.filter(citable).order_by("-start_date")


class ProgressReportForm(forms.Form):
    """A progress report on one commitment or one action of a roadmap (the item is
    named by the hidden field of its form)."""

    commitment = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    action = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)
    summary = forms.CharField(label=_("Progress"), max_length=5000, widget=forms.Textarea)
    evidence_url = forms.URLField(
        label=_("Evidence (a link)"), max_length=500, required=False, assume_scheme="https"
    )
