"""The three roles, as groups: viewer reads; officer also writes domain records; admin also deletes, manages users,
their API tokens (knox) and login lockouts (axes)."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

DOMAIN_APPS = ("contacts", "relations", "events", "servicedesk", "attachments")
ROLE_NAMES = ("viewer", "officer", "admin")
# Reference data only admins edit (officers read it): the gazetteer's name corrections, the sensitive destinations.
ADMIN_ONLY_MODELS = ("cityname", "sensitivedestination", "servicekind")


def role_permissions(role: str):
    """The permissions a role's group holds; computed from codenames so new models are covered automatically."""
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    if role == "viewer":
        return domain.filter(codename__startswith="view_")
    if role == "officer":
        return domain.filter(
            Q(codename__startswith="view_")
            | (
                (Q(codename__startswith="add_") | Q(codename__startswith="change_"))
                & ~Q(content_type__model__in=ADMIN_ONLY_MODELS)
            )
        )
    if role == "admin":
        return Permission.objects.filter(
            Q(content_type__app_label__in=DOMAIN_APPS) | Q(content_type__app_label__in=("auth", "knox", "axes"))
        )
    raise ValueError(role)


def roles_sync() -> None:
    """Create the role groups if missing and give each exactly its permissions (idempotent)."""
    for name in ROLE_NAMES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(role_permissions(name))


def user_role(user) -> str | None:
    if user.is_superuser:
        return "admin"
    names = {g.name for g in user.groups.all()}
    for name in reversed(ROLE_NAMES):
        if name in names:
            return name
    return None
