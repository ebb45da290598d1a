from django import template
from django.conf import settings
from django.utils import translation

from base.i18n import path_in_language

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this same page (path and query string) in each language, each named in
    its own language."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    return {
        "languages": [
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": path_in_language(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
