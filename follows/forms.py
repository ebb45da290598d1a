from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, TargetKind


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=TargetKind.choices)
    slug = forms.SlugField(max_length=120)
    frequency = forms.ChoiceField(choices=Frequency.choices, initial=Frequency.WEEKLY)


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Digest"), choices=Frequency.choices)
