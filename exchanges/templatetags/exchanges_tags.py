from django import template

from exchanges.timeline import public_name as _public_name

register = template.Library()


@register.filter
def public_name(user) -> str:
    return _public_name(user)
