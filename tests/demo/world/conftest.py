"""The demo world, loaded once for the modules of this package and rolled back after the last of them.

Loading it takes long (every trip goes through the trips' services), and each module loading its own copy cost the
suite four loads. Every test here that touches the database reads the loaded demo; a test that needs an empty database
belongs elsewhere. tests/conftest.py hands this package out first, so one worker runs it with one load.
"""

import pytest
from django.db import transaction

from demo.users import demo_load


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        users, created = demo_load()
        yield {"users": {user.username: user for user in users}, "created": created}
        transaction.set_rollback(True)
