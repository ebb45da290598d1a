from django import template

from base import permissions
from exchanges.reporting import LIGHT_ICONS, Light
from exchanges.timeline import public_name as _public_name

register = template.Library()


@register.filter
def public_name(user) -> str:
    return _public_name(user)


@register.inclusion_tag("exchanges/includes/light.html")
def reporting_light(item):
    """The reporting light of a commitment or an action: its icon and its words, never
    its colour alone; nothing without a schedule."""
    light = item.reporting_light()
    return {"light": light, "icon": LIGHT_ICONS.get(light, "")}


@register.inclusion_tag("exchanges/includes/light.html")
def light_badge(value):
    light = Light(value)
    return {"light": light, "icon": LIGHT_ICONS[light]}


@register.filter
def can_report_progress(user, item) -> bool:
    return permissions.can_report_progress(user, item)
