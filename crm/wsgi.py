import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
application = get_wsgi_application()

if os.environ.get("DJANGO_WARM_START", "1") != "0":
    # Before the first request, not during it (crm.warm): the gazetteer and the reference network.
    from crm.warm import warm_process

    warm_process()
