from django import template

from sources.selectors import publications as record_publications

register = template.Library()


@register.filter
def publications(record):
    """The learning reports and handbooks `record` cites (prefetched citations)."""
    return record_publications(record)
