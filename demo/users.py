"""Demo users and the demo world for `make run` (the world itself is in demo.world)."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from crm.roles import roles_sync

DEMO_USERS = (
    # username, password, role, full name
    ("admin", "demo-admin-2026", "admin", "Wang Fang 王芳"),
    ("officer", "demo-officer-2026", "officer", "Li Wei 李伟"),
    ("viewer", "demo-viewer-2026", "viewer", "Zhang Min 张敏"),
)


@transaction.atomic
def demo_users_ensure() -> list:
    """Create the demo users with their roles, or reset their passwords and roles; idempotent."""
    roles_sync()
    User = get_user_model()
    users = []
    for username, password, role, full_name in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.is_staff = role == "admin"
        user.is_superuser = False
        # Hashing is slow on purpose: hash only when the password is not already the demo one.
        if created or not user.check_password(password):
            user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users.append(user)
    return users


@transaction.atomic
def demo_load(progress=None) -> tuple[list, Counter]:
    """The demo users, then the demo world (attributed to them); running it again creates nothing."""
    from demo.world import demo_world_load  # imports every app's services: only when loading

    users = demo_users_ensure()
    created = demo_world_load(users={user.username: user for user in users}, progress=progress)
    return users, created
