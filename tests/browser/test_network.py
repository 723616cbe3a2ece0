"""In Chromium, the network of ties (issue 15 item 19): entities in rings by distance from the home, labels at a
readable size, filters by tie kind and status, and a click on an entity focusing on its neighbourhood."""

import pytest

from tests.browser.test_expansion import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def network(page) -> dict:
    return page.evaluate(
        """(() => { const c = document.getElementById('network'); return {
             nodes: Number(c.dataset.visibleNodes), edges: Number(c.dataset.visibleEdges),
             focus: c.dataset.focus || null, focusNodes: Number(c.dataset.focusNodes || 0),
             faded: window.expansionNetwork.elements('.faded').length }; })()"""
    )


def test_the_network_spreads_by_distance_filters_by_kind_and_status_and_focuses_on_a_click(login):
    world = build_world()
    page = login("viewer")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/expansion/network/?home={world['home'].pk}&depth=2")
    page.wait_for_selector("#network[data-ready=true]", state="attached")
    home, daegu, aachen = (str(world[k].pk) for k in ("home", "daegu", "aachen"))
    before = network(page)
    assert before["nodes"] >= 4 and before["focus"] is None and before["faded"] == 0

    # Rings by distance: Busan (Daegu's partner, two steps out) lies farther from the home than Daegu (one step).
    near, far = page.evaluate(
        """(ids) => { const cy = window.expansionNetwork, h = cy.$id(ids[0]).position();
             const busan = cy.nodes().filter(n => n.data('label').includes('Busan'))[0];
             return [cy.$id(ids[1]), busan].map(n => Math.hypot(n.position().x - h.x, n.position().y - h.y)); }""",
        [home, daegu],
    )
    assert far > near > 100
    # Labels are readable in the first view: 15 px labels at least 10 px on screen.
    assert page.evaluate("window.expansionNetwork.zoom() * 15") >= 10

    def hidden(pk):
        return page.evaluate(f"window.expansionNetwork.$id('{pk}').hasClass('filtered')")

    # Filter by kind: without sister cities Daegu's tie goes, and with it Daegu and Busan (no path left to the home).
    page.uncheck("#network-filter-kind input[value=sister_city]")
    state = network(page)
    assert state["edges"] == before["edges"] - 2 and state["nodes"] == before["nodes"] - 2
    assert hidden(daegu) and not hidden(aachen) and not hidden(home)
    page.check("#network-filter-kind input[value=sister_city]")
    assert network(page) == before
    # Filter by status: without "intent" Aachen's tie (at intent) and Aachen go.
    page.uncheck("#network-filter-status input[value=intent]")
    state = network(page)
    assert (state["nodes"], state["edges"]) == (before["nodes"] - 1, before["edges"] - 1)
    assert hidden(aachen) and not hidden(daegu)
    page.check("#network-filter-status input[value=intent]")

    # A real click on Daegu focuses on its neighbourhood: Daegu, the home and Busan; the rest fades.
    point = page.evaluate(
        f"""(() => {{ const cy = window.expansionNetwork, p = cy.$id('{daegu}').renderedPosition();
              const box = document.getElementById('network').getBoundingClientRect();
              return [box.left + p.x, box.top + p.y]; }})()"""
    )
    page.mouse.click(point[0], point[1])
    page.wait_for_selector(f"#network[data-focus='{daegu}']", state="attached")
    state = network(page)
    assert state["focusNodes"] == 3 and state["faded"] > 0
    assert page.evaluate(f"window.expansionNetwork.$id('{aachen}').hasClass('faded')")
    assert not page.evaluate(f"window.expansionNetwork.$id('{home}').hasClass('faded')")
    assert page.locator("#network-open-entity").get_attribute("href") == f"/entities/{daegu}/"
    page.click("#network-show-all")
    assert network(page)["faded"] == 0 and network(page)["focus"] is None
    assert page.outside_requests == []
