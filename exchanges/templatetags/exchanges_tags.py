from django import template

from exchanges.dossier import dossier_available
from exchanges.timeline import public_name as _public_name

register = template.Library()


@register.filter
def public_name(user) -> str:
    return _public_name(user)


@register.filter
def has_dossier(event) -> bool:
    return dossier_available(event)
