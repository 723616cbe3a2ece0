import pytest

pytestmark = pytest.mark.browser


def test_login_switch_language_and_logout(login):
    page = login("viewer")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.click("button[data-lang=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert page.locator("h1").inner_text() == "工作台"
    page.reload()
    assert page.locator("h1").inner_text() == "工作台"  # the choice sticks
    page.click("button[data-lang=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.click("#user-menu summary")
    page.click("#logout-button")
    page.wait_for_url("**/accounts/login/")
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.outside_requests == []


def test_login_page_follows_the_browser_language(page_factory, db):
    page = page_factory("zh-CN")
    page.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"


def test_five_wrong_passwords_lock_the_login_with_a_message(page_factory, make_user):
    user = make_user("viewer", username="browser-locked")
    page = page_factory("zh-CN")
    for password in ["wrong"] * 5 + ["pw-browser-locked"]:
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("#login-button")
        page.wait_for_load_state()
    assert "登录失败次数过多" in page.locator("#lockout-message").inner_text()
    page.goto("/")
    assert "/accounts/login/" in page.url
