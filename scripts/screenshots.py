"""Screenshots of the main pages in both interface languages, for reviews and release notes (not test data).

    python scripts/screenshots.py --base-url http://127.0.0.1:8000 --out var/screenshots

Logs in as the demo officer (see `manage.py demo_logins`) in an English and a Simplified Chinese browser and saves
full-page PNGs of the entity list, one entity's page, the network and the world layout map. Uses Debian's
Chromium through Playwright (CHROMIUM_PATH overrides the path).
"""

import argparse
import os
import re
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = (
    ("entities", "/entities/?kind=city"),
    ("entity", None),  # the first foreign city of the list
    ("network", "/expansion/network/"),
    ("map", "/expansion/map/"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--username", default="officer")
    parser.add_argument("--password", default="demo-officer-2026")
    parser.add_argument("--width", type=int, default=1366)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for locale in ("en", "zh-CN"):
            context = browser.new_context(
                locale=locale,
                base_url=args.base_url,
                extra_http_headers={"Accept-Language": locale},
                viewport={"width": args.width, "height": 900},
            )
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=username]", args.username)
            page.fill("input[name=password]", args.password)
            page.click("form:has(input[name=password]) [type=submit]")
            page.wait_for_load_state("networkidle")
            if "/accounts/login/" in page.url:
                raise SystemExit(f"could not log in as {args.username}")
            entity_url = None
            for index, (name, url) in enumerate(PAGES, start=1):
                if url is None:
                    url = entity_url
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)  # charts and maps draw after load
                if name == "entities":
                    links = page.locator("a[href^='/entities/']").evaluate_all(
                        "els => els.map(e => e.getAttribute('href'))"
                    )
                    entity_url = next(href for href in links if re.fullmatch(r"/entities/\d+/", href))
                path = out / f"{index}-{name}-{locale}.png"
                page.screenshot(path=str(path), full_page=name != "map")
                print(f"{path}  {page.title()}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
