"""A person at a real browser: each demo role logs in through the form, sees its navigation, logs out."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

ROLES = [
    # (account, landing path pattern, navigation links the role must see, links it must not see)
    ("bureau", r"/county$", ["全县概况", "敬老院"], ["我的绩效", "本院首页"]),
    ("director01", r"/homes/\d+$", ["本院首页"], ["全县概况", "我的绩效"]),
    ("staff001", r"/me$", ["我的绩效"], ["全县概况", "本院首页"]),
]


@pytest.mark.parametrize(("username", "landing", "shown", "hidden"), ROLES, ids=[r[0] for r in ROLES])
def test_each_role_logs_in_through_the_form_sees_its_navigation_and_logs_out(
    page, username, landing, shown, hidden
):
    log_in(page, username)
    assert re.search(landing, page.url), page.url
    home = page.url
    nav = page.locator("nav.nav")
    for label in shown:  # links sit in group menus (人员 / 资金 / 考核 / 报表 / 系统) that open on hover or focus
        assert nav.locator(f'a:text-is("{label}")').count() == 1, label
    for label in hidden:
        assert nav.locator(f'a:text-is("{label}")').count() == 0, label
    current = nav.locator("a[aria-current=page]")
    assert current.count() == 1, "the landing page is marked current in the navigation"
    assert page.locator(".nav-group.current .nav-here").inner_text().endswith(current.inner_text())
    assert page.locator(".who").count() == 1
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    screenshot(page, f"home-{username}")

    with page.expect_navigation():
        nav.get_by_role("button", name="退出").click()
    assert page.url.endswith("/login")
    assert "您已退出登录" in page.inner_text("main")
    page.goto(home)
    assert "/login" in page.url, "after logout a page sends the browser back to the login form"


def test_a_wrong_password_shows_the_chinese_message_without_saying_which_part_was_wrong(page):
    log_in(page, "staff002", "not-the-password")
    assert page.url.endswith("/login")
    message = page.get_by_role("alert").inner_text()
    assert "用户名或密码" in message
    assert page.locator("nav.nav").count() == 0
    screenshot(page, "login-wrong-password")


def test_an_unknown_account_shows_the_same_message_as_a_wrong_password(page):
    log_in(page, "staff003", "not-the-password")
    wrong_password = page.get_by_role("alert").inner_text()
    log_in(page, "nobody-here", "not-the-password")
    assert page.get_by_role("alert").inner_text() == wrong_password


@pytest.mark.parametrize("username", ["bureau", "director01", "staff001"])
def test_at_375px_the_pages_show_the_menu_toggle_that_opens_the_navigation(phone, username):
    log_in(phone, username)
    toggle = phone.locator("label.nav-toggle-label")
    assert toggle.is_visible()
    assert not phone.locator("nav.nav").is_visible(), "the menu is folded on a phone"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px wide)"
    toggle.click()
    assert phone.locator("nav.nav").is_visible()
    screenshot(phone, f"phone-{username}")


def test_the_login_page_reads_well_at_375px(phone):
    phone.goto("/login")
    assert phone.locator("#f-username").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "phone-login")


def test_a_missing_page_answers_the_chinese_404_page(page):
    log_in(page, "bureau")
    answer = page.goto("/no-such-page")
    assert answer.status == 404
    assert "页面不存在" in page.inner_text("main")
    screenshot(page, "error-404")


def test_a_director_opening_another_home_sees_the_chinese_403_page(page):
    log_in(page, "director01")
    own = int(page.url.rsplit("/", 1)[1])
    answer = page.goto(f"/homes/{own + 1}")
    assert answer.status == 403
    assert "无权" in page.inner_text("main")
    screenshot(page, "error-403")


def test_an_htmx_error_shows_a_chinese_card_in_place_and_an_expired_session_goes_to_login(page):
    log_in(page, "director01")
    own = int(page.url.rsplit("/", 1)[1])
    page.evaluate(f"htmx.ajax('GET', '/homes/{own + 1}', {{target: 'main', swap: 'innerHTML'}})")
    page.locator("main .error-page").wait_for()
    assert "无权访问其他敬老院的数据" in page.inner_text("main")
    assert page.locator("header").count() == 1, "the card replaced the content, not the whole page"
    screenshot(page, "htmx-error-card")

    page.context.clear_cookies()
    with page.expect_navigation():
        page.evaluate(f"htmx.ajax('GET', '/homes/{own}', {{target: 'main', swap: 'innerHTML'}})")
    page.wait_for_url("**/login")
    assert page.locator("#f-username").is_visible()
