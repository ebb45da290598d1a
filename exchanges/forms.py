from django import forms
from django.utils.translation import gettext_lazy as _

from base.content import ContentLanguageFormMixin
from base.models import SDG, Pillar
from cities.models import City

from .models import (
    ActionStatus,
    Event,
    Modality,
    Participation,
    RegistrantRole,
)


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
            "host_city",
            "venue",
            "start_date",
            "end_date",
            "status",
            "summary",
            "objectives",
            "capacity",
            "registration_deadline",
            "pillars",
            "sdgs",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "registration_deadline": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, curator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_city"].queryset = City.objects.order_by("name")
        if not curator:
            del self.fields["modality"]
        elif self.instance.pk and self.instance.modality_overridden:
            self.fields["modality"].initial = self.instance.modality

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The event ends before it starts."))
        deadline = data.get("registration_deadline")
        if deadline and end and deadline > end:
            self.add_error(
                "registration_deadline", _("The registration deadline is after the event.")
            )
        return data


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


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Delegate's name"), max_length=200)
    email = forms.EmailField(label=_("Delegate's email"))
    role = forms.ChoiceField(label=_("Delegate's role"), choices=RegistrantRole.choices)
    consent = forms.BooleanField(
        label=_(
            "The delegate consents to PeerCities processing their name and email to organize "
            "this event; they are erased 12 months after it ends."
        ),
        required=True,
    )


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    event = forms.ModelChoiceField(Event.objects.none(), label=_("Carried out at"), required=False)
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, action, city=None, **kwargs):
        kwargs.setdefault("prefix", f"action-{action.pk}")
        kwargs.setdefault("initial", {"status": action.status, "event": action.carried_out_by_id})
        super().__init__(*args, **kwargs)
        events = Event.objects.order_by("-start_date")
        if city is not None:
            events = Event.objects.involving_city(city).order_by("-start_date")
        self.fields["event"].queryset = events
