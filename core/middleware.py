"""Request plumbing of the ground floor: the query count of a response, for the benchmark (issue 11).

With `CRM_QUERY_COUNT_HEADER` on (env `DJANGO_QUERY_COUNT_HEADER=1`; off by default), each response says in an
`X-Query-Count` header how many SQL statements answering it ran. Counting needs no DEBUG (Django's query log only
fills with DEBUG on, which a benchmark must not run with): a connection execute wrapper counts the statements.
"""

from django.conf import settings
from django.db import connections

HEADER = "X-Query-Count"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = bool(getattr(settings, "CRM_QUERY_COUNT_HEADER", False))

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[HEADER] = str(count[0])
        return response
