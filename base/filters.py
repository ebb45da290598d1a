"""Filter types shared by the pages' filter sets (the API's are in portal/api/filters.py)."""

import django_filters
from django import forms

# The years a page can filter on; wider than any real one, narrow enough to refuse
# nonsense with a message.
MIN_YEAR, MAX_YEAR = 1900, 2100


class YearFilter(django_filters.NumberFilter):
    """A year: a whole number ("2012.5" is an error, not 2012) between MIN_YEAR and
    MAX_YEAR."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(**kwargs)
