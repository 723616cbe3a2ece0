"""Demo users (and, through each app's demo module, the demo world) for `make run`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from crm.roles import roles_sync

DEMO_USERS = (
    # username, password, role, full name
    ("admin", "demo-admin", "admin", "Wang Fang 王芳"),
    ("officer", "demo-officer", "officer", "Li Wei 李伟"),
    ("viewer", "demo-viewer", "viewer", "Zhang Min 张敏"),
)


@transaction.atomic
def demo_users_ensure() -> list:
    """Create or reset the demo users with their roles; idempotent."""
    roles_sync()
    User = get_user_model()
    users = []
    for username, password, role, full_name in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.is_staff = role == "admin"
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users.append(user)
    return users
