"""Only a superuser may grant superuser status or single permissions in the admin (issue 9, finding 11)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


def _change_form(client, user):
    return client.get(f"/admin/auth/user/{user.pk}/change/")


def _post_change(client, user, **extra):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "groups": [],
        **extra,
    }
    return client.post(f"/admin/auth/user/{user.pk}/change/", data)


def test_an_admin_who_is_not_superuser_is_not_offered_superuser_status_or_single_permissions(page_as, make_user):
    client = page_as("admin")
    target = make_user("viewer", username="target")
    response = _change_form(client, target)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="is_staff"' in html and 'name="groups"' in html  # accounts and roles: still theirs to manage
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html


def test_an_admin_cannot_grant_them_by_posting_the_fields_anyway(page_as, make_user):
    client = page_as("admin")
    target = make_user("viewer", username="target")
    permission = Permission.objects.get(codename="delete_user")
    response = _post_change(client, target, is_superuser="on", user_permissions=[permission.pk])
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert not target.is_superuser
    assert not target.user_permissions.exists()


def test_an_admin_cannot_change_or_delete_a_superuser(page_as):
    client = page_as("admin")
    root = get_user_model().objects.create_superuser("root", password="a-Root-passw0rd!")
    assert _change_form(client, root).status_code in (200, 403)  # view-only at most
    assert 'name="password1"' not in client.get(f"/admin/auth/user/{root.pk}/password/").content.decode()
    assert _post_change(client, root, is_superuser="").status_code == 403
    assert client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.is_superuser


def test_a_superuser_is_offered_both(client, make_user):
    root = get_user_model().objects.create_superuser("root", password="a-Root-passw0rd!")
    client.force_login(root)
    html = _change_form(client, make_user("viewer", username="target")).content.decode()
    assert 'name="is_superuser"' in html
    assert 'name="user_permissions"' in html
