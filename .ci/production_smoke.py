"""Drive a running production server (see .ci/production-check): log in through the form, open every page.

Usage: production_smoke.py BASE_URL. For the demo officer and the demo admin: log in through the login form
(with its CSRF token), open every page the navigation links to, then up to LINKS_PER_PAGE further pages linked
from each of those, and every stylesheet and script the pages load; then a few API calls with a token.
Everything must answer 200. Last, 10 concurrent PATCHes of one entity holding the same ETag: one 200, nine 412.
Pages are found from the rendered navigation, so a new menu entry is covered.
The demo logins come from demo.users (the only Django import: no database access from here).
"""

import http.cookiejar
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LINKS_PER_PAGE = 5
# Not pages: logout and the language switch are POST-only; the admin is checked on its index only.
SKIP = re.compile(r"^/(accounts/logout/|i18n/|admin/.+)")
API_CALLS = ("/api/health/", "/api/entities/", "/api/relations/", "/api/events/", "/api/schema/")


class Links(HTMLParser):
    """Collects <a href> inside <nav> and elsewhere, and the <link>/<script> assets."""

    def __init__(self):
        super().__init__()
        self.nav_depth = 0
        self.nav, self.other, self.assets = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self.nav_depth += 1
        elif tag == "a" and attrs.get("href"):
            (self.nav if self.nav_depth else self.other).append(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self.nav_depth -= 1


def local(base: str, page: str, href: str) -> str | None:
    """The path of a link to this server, or None for outside links, anchors and data: URLs."""
    url = urllib.parse.urljoin(base + page, href)
    parts = urllib.parse.urlsplit(url)
    if url.startswith(base) and parts.scheme in {"http", "https"}:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


class Session:
    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode("utf-8", "replace")

    def login(self, username: str, password: str) -> None:
        status, _url, html = self.request("/accounts/login/")
        assert status == 200, f"login page answered {status}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, "no CSRF token on the login page"
        status, url, _html = self.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
            headers={"Referer": self.base + "/accounts/login/"},
        )
        assert status == 200 and "/accounts/login/" not in url, f"login as {username} failed ({status}, {url})"


def walk(base: str, username: str, password: str) -> tuple[int, list[str]]:
    session = Session(base)
    session.login(username, password)
    failures, seen = [], set()

    def fetch(path: str) -> str | None:
        seen.add(path)
        status, _url, text = session.request(path)
        if status != 200:
            failures.append(f"{username}: {path} -> {status}")
            return None
        return text

    home = Links()
    home.feed(fetch("/") or "")
    nav = [p for p in dict.fromkeys(local(base, "/", h) for h in home.nav) if p and not SKIP.match(p)]
    assert len(nav) >= 7, f"only {len(nav)} navigation links found: {nav}"
    assets = set(local(base, "/", a) for a in home.assets)
    for page in nav:
        html = fetch(page) if page not in seen else None
        if html is None:
            continue
        links = Links()
        links.feed(html)
        assets.update(local(base, page, a) for a in links.assets)
        further = [p for p in dict.fromkeys(local(base, page, h) for h in links.other) if p]
        for path in [p for p in further if p not in seen and not SKIP.match(p)][:LINKS_PER_PAGE]:
            fetch(path)
    for asset in sorted(a for a in assets if a):
        fetch(asset)
    return len(seen), failures


def api(base: str, username: str, password: str) -> tuple[int, list[str]]:
    session = Session(base)
    status, _url, body = session.request("/api/auth/token/", {"username": username, "password": password})
    assert status == 200, f"token endpoint answered {status}: {body[:200]}"
    headers = {"Authorization": f"Token {json.loads(body)['token']}", "Accept": "application/json"}
    failures = []
    for path in API_CALLS:
        status, _url, body = session.request(path, headers=headers)
        if status != 200:
            failures.append(f"API {path} -> {status}: {body[:200]}")
    # Errors under /api/ answer JSON in production too (crm/errors.py), never Django's HTML page.
    status, _url, body = session.request("/api/no-such-endpoint/", headers=headers)
    if status != 404 or not body.startswith("{"):
        failures.append(f"API /api/no-such-endpoint/ -> {status}, not a JSON 404: {body[:200]}")
    return len(API_CALLS) + 2, failures


def concurrent_patches(base: str, username: str, password: str, writers: int = 10) -> tuple[int, list[str]]:
    """`writers` clients PATCH one entity at once, all with the version they loaded: one 200, the rest 412."""
    session = Session(base)
    status, _url, body = session.request("/api/auth/token/", {"username": username, "password": password})
    token = json.loads(body)["token"]

    def call(method: str, path: str, payload: dict | None = None, headers: dict | None = None):
        request = urllib.request.Request(
            base + path,
            method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    _status, _headers, body = call("GET", "/api/entities/?page_size=1")
    entity_id = json.loads(body)["results"][0]["id"]
    _status, headers, _body = call("GET", f"/api/entities/{entity_id}/")
    version = headers["ETag"]
    start = threading.Barrier(writers)
    statuses: list[int] = []

    def write(n: int) -> None:
        start.wait()
        code, _headers, _body = call(
            "PATCH", f"/api/entities/{entity_id}/", {"notes": f"writer {n}"}, {"If-Match": version}
        )
        statuses.append(code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failures = []
    if sorted(statuses) != [200] + [412] * (writers - 1):
        failures.append(f"{writers} concurrent PATCHes with one version: {sorted(statuses)}, not one 200 and 412s")
    return writers + 2, failures


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

    django.setup()
    from demo.users import DEMO_USERS

    base = sys.argv[1].rstrip("/")
    logins = {username: password for username, password, _role, _name in DEMO_USERS}
    total, failures = 0, []
    for username in ("officer", "admin"):
        count, failed = walk(base, username, logins[username])
        print(f"{username}: {count} pages and assets opened, {len(failed)} not 200")
        total, failures = total + count, failures + failed
    count, failed = api(base, "officer", logins["officer"])
    print(f"API: {count} calls with a token, {len(failed)} not 200")
    total, failures = total + count, failures + failed
    count, failed = concurrent_patches(base, "officer", logins["officer"])
    print(f"API: {count - 2} concurrent PATCHes with one ETag, {'as expected' if not failed else failed[0]}")
    total, failures = total + count, failures + failed
    for failure in failures:
        print("  FAIL", failure)
    print(f"production check: {total} requests, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
