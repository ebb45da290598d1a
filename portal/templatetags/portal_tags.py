from django import template
from django.utils.safestring import mark_safe

from portal.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    return mark_safe(render_markdown(text))  # sanitized by nh3


@register.filter
def percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)
