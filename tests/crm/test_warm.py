"""A web worker reads the gazetteer, its places and the reference network before its first request (crm.warm),
unless DJANGO_WARM_START=0; a failure to warm up is logged and the worker starts anyway."""

import importlib
import logging

import pytest

from contacts import gazetteer
from crm import warm
from relations.expansion import kinds, reference


def test_warming_up_loads_what_the_suggestions_read_from_files(monkeypatch):
    monkeypatch.setattr(kinds, "_GAZETTEER_PLACES", {})
    reference._cached.cache_clear()
    seconds = warm.warm_process()
    assert seconds >= 0
    cities = gazetteer.cities()
    assert id(cities) in kinds._GAZETTEER_PLACES  # the places of the very tuple the suggestions will pass
    assert reference._cached.cache_info().currsize == 1
    hits = reference._cached.cache_info().hits
    reference.ties()
    assert reference._cached.cache_info().hits == hits + 1  # served from what the warm-up read


def test_a_failed_warm_up_is_logged_and_the_worker_starts(monkeypatch, caplog):
    def broken():
        raise OSError("reference network unreadable")

    monkeypatch.setattr(reference, "ties", broken)
    with caplog.at_level(logging.ERROR, logger="crm.warm"):
        warm.warm_process()
    assert "Warming the worker up failed" in caplog.text
    assert "reference network unreadable" in caplog.text


@pytest.mark.parametrize(("setting", "warmed"), [("1", True), ("0", False), (None, True)])
def test_the_wsgi_application_warms_up_unless_told_not_to(monkeypatch, setting, warmed):
    calls = []
    monkeypatch.setattr(warm, "warm_process", lambda: calls.append(1) or 0.0)
    if setting is None:
        monkeypatch.delenv("DJANGO_WARM_START", raising=False)
    else:
        monkeypatch.setenv("DJANGO_WARM_START", setting)
    import crm.wsgi

    importlib.reload(crm.wsgi)
    assert bool(calls) is warmed
    assert callable(crm.wsgi.application)
