"""The three roles, as groups: viewer reads; officer also writes domain records; admin also deletes, manages users,
their API tokens (knox) and login lockouts (axes)."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DOMAIN_APPS = (
    "contacts",
    "relations",
    "events",
    "servicedesk",
    "trips",
    "dedupe",
    "imports",
    "attachments",
    "notifications",
)
ROLE_NAMES = ("viewer", "officer", "admin")
# How each role reads to people (the group names above stay the stable codes).
ROLE_LABELS = {"viewer": _("viewer (reads)"), "officer": _("officer (reads and records)"), "admin": _("administrator")}
# Reference data only admins edit (officers read it): the gazetteer's name corrections, the sensitive destinations.
ADMIN_ONLY_MODELS = ("cityname", "sensitivedestination", "servicekind", "triprules", "reviewcriterion")
# Rows that belong to one event as its participants do, which an officer removes as freely as they edit the event's
# participants (every other delete is the admins').
OFFICER_DELETES = ("rostermember", "gift")


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
            | (Q(codename__startswith="delete_") & Q(content_type__model__in=OFFICER_DELETES))
        )
    if role == "admin":
        return Permission.objects.filter(
            Q(content_type__app_label__in=DOMAIN_APPS)
            | Q(content_type__app_label__in=("auth", "knox", "axes", "core", "crm"))
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


def user_role_label(user) -> str | None:
    """The user's role as people read it, in their language."""
    role = user_role(user)
    return str(ROLE_LABELS[role]) if role else None
