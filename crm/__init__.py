"""The Django project: settings, root URLs, WSGI/ASGI, roles, restore of deleted records."""
