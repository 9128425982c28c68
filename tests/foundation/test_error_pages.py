"""Errors a person sees: 403/404/500 pages in Chinese, a small error card for htmx, the API's error shape."""

from litestar import get

HTMX = {"HX-Request": "true"}


async def test_a_missing_page_answers_the_chinese_404_page(client_for):
    client = await client_for("bureau")
    response = await client.get("/no-such-page")
    assert response.status_code == 404
    assert "<title>未找到" in response.text and "页面不存在。" in response.text
    assert '<html lang="zh-CN">' in response.text


async def test_a_missing_api_route_answers_404_in_the_error_shape(client_for):
    client = await client_for("bureau", via="token")
    response = await client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "页面不存在。", "fields": {}}


async def test_a_director_opening_another_home_gets_the_chinese_403_page(client_for, county):
    client = await client_for("director_b")
    response = await client.get(f"/homes/{county.home_a}")
    assert response.status_code == 403
    assert "<title>无权访问" in response.text and "无权访问其他敬老院的数据。" in response.text
    assert "本院首页" in response.text, "the page keeps the director's navigation"


async def test_staff_opening_a_bureau_page_gets_the_chinese_403_page(client_for):
    client = await client_for("staff_a")
    response = await client.get("/county")
    assert response.status_code == 403
    assert "无权访问" in response.text and "Forbidden" not in response.text


async def test_an_htmx_request_gets_only_the_error_card_not_a_whole_page(client_for, county):
    client = await client_for("director_b")
    response = await client.get(f"/homes/{county.home_a}", headers=HTMX)
    assert response.status_code == 403
    assert "无权访问其他敬老院的数据。" in response.text
    assert "<html" not in response.text and "<header" not in response.text


async def test_an_htmx_request_without_a_session_sends_the_browser_to_the_login_page(anonymous):
    response = await anonymous.get("/county", headers=HTMX)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login"
    plain = await anonymous.get("/county")
    assert plain.status_code in (302, 303) and plain.headers["location"] == "/login"


async def test_an_unexpected_error_answers_the_chinese_500_page_and_card(app, client_for):
    @get("/boom", sync_to_thread=False)
    def boom() -> str:
        raise RuntimeError("a bug")

    app.register(boom)
    client = await client_for("bureau")
    page = await client.get("/boom")
    assert page.status_code == 500
    assert "系统错误" in page.text and "系统内部错误，请稍后重试。" in page.text and "a bug" not in page.text
    card = await client.get("/boom", headers=HTMX)
    assert card.status_code == 500 and "<html" not in card.text and "系统内部错误" in card.text


async def test_an_unsupported_method_answers_405_with_the_allowed_methods(client_for):
    client = await client_for("bureau", via="token")
    response = await client.request("TRACE", "/api/v1/townships")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert response.json()["error"] == "method_not_allowed"


async def test_an_id_beyond_64_bits_is_refused_as_invalid_not_a_server_error(client_for):
    api = await client_for("bureau", via="token")
    response = await api.get(f"/api/v1/homes/{2**70}")
    assert response.status_code == 422
    assert response.json() == {"error": "invalid", "detail": "数值超出允许范围。", "fields": {}}


async def test_a_page_with_an_id_beyond_64_bits_says_so_in_chinese(client_for):
    client = await client_for("bureau")
    page = await client.get(f"/homes/{2**70}")
    assert page.status_code == 422 and "数值超出允许范围。" in page.text


async def test_an_offset_beyond_the_last_page_is_an_empty_page_however_large(client_for):
    client = await client_for("bureau", via="token")
    for path in ("/api/v1/homes", "/api/v1/staff"):
        response = await client.get(path, params={"offset": str(2**120)})
        assert response.status_code == 200 and response.json()["items"] == []
