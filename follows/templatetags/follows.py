from django import template

from base.models import Pillar

from ..selectors import follow_of, target_kind

register = template.Library()


@register.inclusion_tag("follows/includes/follow_button.html", takes_context=True)
def follow_button(context, target, name=""):
    """Follow or unfollow `target` (a City, Pillar or Event); one query for a signed-in
    reader, none for a visitor."""
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "follow": follow_of(request.user, target),
        "kind": target_kind(target),
        "slug": target.slug,
        "name": name or str(target),
    }


@register.inclusion_tag("follows/includes/follow_button.html", takes_context=True)
def follow_pillar_button(context, slug):
    """The follow button of the pillar the catalogue is filtered by (`?pillar=`);
    nothing for a slug that names no pillar."""
    pillar = Pillar.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    if pillar is None:
        return {"hidden": True}
    return follow_button(context, pillar)
