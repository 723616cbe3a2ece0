"""Drive a running production server (see .ci/production-check): log in through the form, open every page.

Usage: production_smoke.py BASE_URL. For the demo officer and the demo admin: log in through the login form
(with its CSRF token), open every page the navigation links to, then up to LINKS_PER_PAGE further pages linked
from each of those, and every stylesheet and script the pages load; then a few API calls with a token.
Everything must answer 200. Last, concurrent writes: see concurrency().
Pages are found from the rendered navigation, so a new menu entry is covered.
The demo logins come from demo.users (the only Django import: no database access from here).
"""

import http.cookiejar
import json
import os
import re
import sys
import threading
import time
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


def concurrency(base: str, username: str, password: str, writers: int = 10) -> tuple[int, list[str]]:
    """`writers` clients at once, three times: PATCH one entity, and advance one tie, all holding the version they
    loaded (one 200, the rest 412, one new lifecycle step); and advance a tie without If-Match (one 200, the rest
    refused with 400 by the lifecycle, one new step). Never a 500."""
    session = Session(base)
    _status, _url, body = session.request("/api/auth/token/", {"username": username, "password": password})
    token = json.loads(body)["token"]
    requests = 0

    def call(method: str, path: str, payload: dict | None = None, headers: dict | None = None):
        nonlocal requests
        requests += 1
        request = urllib.request.Request(
            base + path,
            method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def at_once(method: str, path: str, payloads: list[dict], headers: dict) -> list[int]:
        start = threading.Barrier(len(payloads))
        statuses: list[int] = []

        def one(payload: dict) -> None:
            start.wait()
            statuses.append(call(method, path, payload, headers)[0])

        threads = [threading.Thread(target=one, args=(payload,)) for payload in payloads]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sorted(statuses)

    failures = []
    entity_id = call("GET", "/api/entities/?page_size=1")[2]["results"][0]["id"]
    version = call("GET", f"/api/entities/{entity_id}/")[1]["ETag"]
    notes = [{"notes": f"writer {n}"} for n in range(writers)]
    statuses = at_once("PATCH", f"/api/entities/{entity_id}/", notes, {"If-Match": version})
    if statuses != [200] + [412] * (writers - 1):
        failures.append(f"{writers} concurrent PATCHes holding one ETag: {statuses}, not one 200 and the rest 412")

    ties = call("GET", "/api/relations/?status=signed&page_size=2")[2]["results"]
    today = time.strftime("%Y-%m-%d")
    step = [{"status": "dormant", "date": today, "note": f"writer {n}"} for n in range(writers)]
    for tie, expected, if_match in ((ties[0], 412, True), (ties[1], 400, False)):
        url = f"/api/relations/{tie['id']}/"
        _status, headers, detail = call("GET", url)
        before = len(detail["steps"])
        statuses = at_once("POST", f"{url}advance/", step, {"If-Match": headers["ETag"]} if if_match else {})
        after = len(call("GET", url)[2]["steps"])
        label = "holding one ETag" if if_match else "without If-Match"
        if statuses != [200] + [expected] * (writers - 1) or after != before + 1:
            failures.append(
                f"{writers} concurrent advances {label}: {statuses}, {after - before} new steps "
                f"(expected one 200, the rest {expected}, one new step)"
            )
    return requests, failures


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
    count, failed = concurrency(base, "officer", logins["officer"])
    print(f"API: 3 x 10 concurrent writes (PATCH, advance with and without If-Match), {len(failed)} not as expected")
    total, failures = total + count, failures + failed
    for failure in failures:
        print("  FAIL", failure)
    print(f"production check: {total} requests, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
