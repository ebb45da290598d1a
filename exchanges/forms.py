from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.content import ContentLanguageFormMixin
from base.dates import DatePrecision
from base.models import SDG, LearningFormat, LearningStage, Pillar
from cities.models import City

from .models import (
    ActionStatus,
    Event,
    Modality,
    Participation,
    ParticipationRole,
    RegistrantRole,
)
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
        # Known to the day unless said otherwise.
        self.fields["date_precision"].required = False
        if not curator:
            del self.fields["modality"]
        elif self.instance.pk and self.instance.modality_overridden:
            self.fields["modality"].initial = self.instance.modality


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


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Delegate's name"), max_length=200)
    email = forms.EmailField(label=_("Delegate's email"))
    role = forms.ChoiceField(label=_("Delegate's role"), choices=RegistrantRole.choices)
    city = forms.ModelChoiceField(
        City.objects.order_by("name"),
        label=_("Delegate's city"),
        required=False,
        help_text=_("The event's organizers register delegates of any city."),
    )
    consent = forms.BooleanField(
        label=_(
            "The delegate consents to PeerCities processing their name and email to organize "
            "this event; they are erased 12 months after it ends."
        ),
        required=True,
    )

    def __init__(self, *args, any_city: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not any_city:
            # An official registers the delegates of their own city: nothing to choose.
            del self.fields["city"]


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
