"""The demo passwords satisfy the project's own password validators (issue 9, finding 11)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command

from demo.users import DEMO_USERS, demo_users_ensure

pytestmark = pytest.mark.django_db


def test_every_demo_password_passes_the_validators():
    users = {user.username: user for user in demo_users_ensure()}
    for username, password, _role, _name in DEMO_USERS:
        validate_password(password, users[username])  # raises ValidationError naming the rule


def test_demo_logins_prints_the_passwords(capsys):
    call_command("demo_logins")
    output = capsys.readouterr().out
    for username, password, role, _name in DEMO_USERS:
        assert f"{username:<8} / {password:<17} / {role}" in output
