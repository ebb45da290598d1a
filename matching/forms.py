from django import forms
from django.utils.translation import gettext_lazy as _

from base.models import SDG, Pillar, Sector
from cities.models import City

from .models import Challenge, ChallengeOffer, ChallengeStatus
from .services import NEXT_STATUSES


class ChallengeForm(forms.ModelForm):
    """A challenge as its city writes it: a curator names the city, an official posts
    their own; once posted, its status moves on and the partner cities are named."""

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
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label=_("Sectors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Challenge
        fields = ["city", "title", "description", "pillars", "sdgs", "sectors", "status"]
        labels = {"title": _("The challenge, in a sentence")}
        help_texts = {
            "title": _("E.g. “Our market vendors lack sanitation and a voice”."),
            "description": _("What the city faces, what it tried, what kind of partner it seeks."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, city: City | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.select_related("country").order_by("name")
        if city is not None or self.instance.pk is not None:
            # An official posts for their own city; a challenge stays with its city.
            del self.fields["city"]
        if self.instance.pk is None:
            del self.fields["status"]
        else:
            current = ChallengeStatus(self.instance.status)
            allowed = NEXT_STATUSES[current] | {current}
            self.fields["status"].choices = [
                (value, label) for value, label in ChallengeStatus.choices if value in allowed
            ]
            self.fields["partner_cities"] = forms.ModelMultipleChoiceField(
                City.objects.exclude(pk=self.instance.city_id).order_by("name"),
                label=_("Partner cities"),
                required=False,
                initial=self.instance.partner_cities.all(),
                help_text=_("The cities the partnership was formed with."),
            )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class OfferForm(forms.ModelForm):
    """ "We can help": a curator names the city."""

    class Meta:
        model = ChallengeOffer
        fields = ["city", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, challenge: Challenge, for_any_city: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if for_any_city:
            self.fields["city"].queryset = (
                City.objects.exclude(pk=challenge.city_id)
                .select_related("country")
                .order_by("name")
            )
        else:
            del self.fields["city"]
