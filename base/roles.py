"""Roles: the groups an account belongs to, and what each may do in the admin."""

from django.contrib.auth.models import Group, Permission

from .models import Role

# Curators (ILO/UCLG staff) edit anything of the network's content in the admin, and the
# site's own pages (portal: About, Contact, Privacy, Accessibility).
CURATED_APPS = ["base", "cities", "exchanges", "practices", "matching", "portal", "authtoken"]


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups and give curators every permission on the network's content.

    Runs after each migrate (and each flush): permissions only exist once their
    models are migrated.
    """
    for role in Role:
        Group.objects.get_or_create(name=role)
    curators = Group.objects.get(name=Role.CURATOR)
    permissions = Permission.objects.filter(content_type__app_label__in=CURATED_APPS)
    curators.permissions.add(*permissions)
    curators.permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename="view_user")
    )


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return any(group.name == role for group in user.groups.all())
