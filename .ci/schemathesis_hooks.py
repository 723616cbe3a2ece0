"""Schemathesis hooks for .ci/schemathesis (loaded through SCHEMATHESIS_HOOKS).

gunicorn refuses a request line longer than 4,094 bytes with its own 414 before the app sees it (its default
`limit_request_line`, kept in production as a guard). Such a case tests gunicorn, not the API, so the fuzzer does
not send a query string that would not fit.
"""

from urllib.parse import urlencode

import schemathesis

MAX_QUERY_BYTES = 3000  # leaves room for the method, the longest path and the protocol in gunicorn's 4,094


@schemathesis.hook
def filter_query(ctx, query):
    if not query:
        return True
    try:
        encoded = urlencode(query, doseq=True)
    except (TypeError, ValueError):  # a value urlencode cannot take: its text is long as long as it
        encoded = str(query)
    return len(encoded.encode()) <= MAX_QUERY_BYTES
