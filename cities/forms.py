from django import forms
from django.utils.translation import gettext_lazy as _

from base.models import Sector

from .models import City


class CityProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    sectors = forms.ModelMultipleChoiceField(
        Sector.objects.all(),
        label=_("Key sectors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = City
        fields = ["description", "website", "population", "population_year", "sectors"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
