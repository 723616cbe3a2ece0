"""Fixtures shared by the events tests."""

import pytest

from tests.events.test_stats import build_world


@pytest.fixture
def stats_world():
    """The world the figures are checked on (build_world in test_stats.py), for the stats, their API and the
    Reports page."""
    return build_world()
