from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import City

from .models import SDG, Pillar, Practice


class PracticeForm(forms.ModelForm):
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

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", _("The end year comes before the start year."))
        return data


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to request changes or to reject."),
    )
