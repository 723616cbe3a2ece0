"""In a real browser: the layout map follows China's point of view. The South China Sea's dotted line is drawn on
the world map and in the inset of the South China Sea islands at the lower right, and Taiwan is part of China:
no separate shape to click, and a click on the island opens China's panel."""

import pytest

from tests.browser.test_expansion import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _map(login, locale):
    build_world()
    page = login("viewer", locale=locale)
    page.goto("/expansion/map/")
    page.wait_for_selector("#world-map[data-ready=true]")
    return page


def test_the_map_draws_the_dashes_and_the_south_china_sea_inset_and_no_separate_taiwan(login):
    page = _map(login, "en")
    dashes = page.locator("#map-dashes")
    assert dashes.count() == 1
    assert dashes.get_attribute("d").count("M") == 9  # the nine dashes
    assert dashes.bounding_box()["width"] > 0
    inset = page.locator("#map-inset")
    assert inset.count() == 1
    assert inset.locator("path.inset-dashes").count() == 1
    assert inset.locator("circle.island").count() >= 4
    assert inset.locator(".inset-title").text_content() == "South China Sea Islands"
    # The inset sits in the lower right quarter of the map.
    svg_box = page.locator("#world-map").bounding_box()
    box = inset.locator("rect.inset-frame").bounding_box()
    assert box["x"] > svg_box["x"] + svg_box["width"] / 2
    assert box["y"] > svg_box["y"] + svg_box["height"] / 2
    # Taiwan is no country of its own: one shape for China, none for Taiwan.
    assert page.locator('#world-map path.country[data-country="TW"]').count() == 0
    assert page.locator('#world-map path.country[data-country="CN"]').count() == 1
    # A click in the middle of the island of Taiwan lands on China's shape and opens China's panel.
    x, y = page.evaluate(
        """() => {
          const svg = document.getElementById('world-map');
          const xy = window.expansionMap.toXY(120.95, 23.7);
          const point = svg.createSVGPoint();
          point.x = xy[0]; point.y = xy[1];
          const screen = point.matrixTransform(svg.getScreenCTM());
          return [screen.x, screen.y];
        }"""
    )
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).getAttribute('data-country')", [x, y])
    assert hit == "CN"
    page.mouse.click(x, y)
    page.wait_for_selector('#map-panel[data-country="CN"]')
    assert page.locator("#map-panel h2").inner_text() == "China"
    page.screenshot(path="/tmp/map-en.png", full_page=True)
    page.locator("#map-inset rect.inset-frame").screenshot(path="/tmp/map-inset-en.png")
    assert page.outside_requests == []


def test_the_inset_and_island_names_speak_chinese(login):
    page = _map(login, "zh-CN")
    assert page.locator("#map-inset .inset-title").text_content() == "南海诸岛"
    labels = page.locator("#map-inset text.island-label").all_text_contents()
    assert "西沙群岛" in labels and "南沙群岛" in labels
    assert page.locator('#world-map path.country[data-country="TW"]').count() == 0
    page.screenshot(path="/tmp/map-zh.png", full_page=True)
    page.locator("#map-inset rect.inset-frame").screenshot(path="/tmp/map-inset-zh.png")
    assert page.outside_requests == []
