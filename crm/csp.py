"""Per-view exceptions to the site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY, issue 9 finding 11).

The policy is strict everywhere; the only pages that need more are the API documentation's two third-party
viewers, served from drf-spectacular-sidecar's vendored files (still nothing from another host):
- Swagger UI and ReDoc build their pages with React and styled-components, which add <style> elements at run
  time: style-src needs 'unsafe-inline' on those two pages only.
- ReDoc parses the schema in a Web Worker it starts from a blob: URL: worker-src blob:.
Both templates are overridden in templates/drf_spectacular/ so that they carry no inline <script> (Swagger UI's
start-up code is served by SpectacularSwaggerSplitView as a separate file) and no font from Google.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update

API_DOCS_CSP = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}

api_docs_csp = csp_update(API_DOCS_CSP)
