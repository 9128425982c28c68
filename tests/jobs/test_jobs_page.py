"""The bureau's jobs page: each job with its next run and history; run now with live progress; others refused."""

import asyncio

import pytest

from tests.jobs import testjobs  # noqa: F401  (registers the test jobs)
from tests.jobs.helpers import marks


async def test_the_bureau_sees_every_job_with_its_next_run_time(client_for):
    client = await client_for("bureau")
    page = await client.get("/jobs")
    assert page.status_code == 200
    for title in ("每月供养金发放批次", "每日公示期限推进与数据核查", "年终结算预览与未评分/未考核提醒"):
        assert title in page.text  # job names in Chinese, never `monthly-payments`
    assert "monthly-payments</code>" not in page.text
    assert "下次运行：20" in page.text and "还没有运行记录" in page.text
    assert 'href="/jobs"' in (await client.get("/county")).text  # in the bureau's navigation


@pytest.mark.parametrize("persona", ["director_a", "director_b", "staff_a"])
async def test_directors_and_staff_are_refused_the_jobs_page(client_for, persona):
    client = await client_for(persona)
    assert (await client.get("/jobs")).status_code == 403
    assert (await client.post("/jobs/tick/run", data={"period": "1700000000"})).status_code == 403


async def test_anonymous_is_sent_to_login(anonymous):
    response = await anonymous.get("/jobs")
    assert response.status_code in (302, 303) and response.headers["location"] == "/login"


async def _poll_until_finished(client, run_id: int) -> str:
    for _ in range(100):
        partial = await client.get(f"/jobs/runs/{run_id}", headers={"HX-Request": "true"})
        if "hx-trigger" not in partial.text:
            return partial.text
        await asyncio.sleep(0.05)
    raise AssertionError("the run never finished")


async def test_run_now_shows_a_self_polling_progress_partial_until_the_run_ends(client_for, monkeypatch):
    monkeypatch.setattr(testjobs, "PAUSE", 0.3)
    client = await client_for("bureau")
    started = await client.post("/jobs/slow-batch/run", data={"period": "p1"}, headers={"HX-Request": "true"})
    assert started.status_code == 200 and 'id="job-slow-batch"' in started.text
    assert 'hx-trigger="every 1s"' in started.text and "运行中" in started.text
    run_id = int(started.text.split('id="run-')[1].split('"')[0])
    finished = await _poll_until_finished(client, run_id)
    assert "成功" in finished and "<progress" not in finished and "已完成" in finished
    assert len(await marks("test_batch")) == 10
    again = await client.post("/jobs/slow-batch/run", data={"period": "p1"}, headers={"HX-Request": "true"})
    assert "已经运行成功" in again.text and len(await marks("test_batch")) == 10
    history = await client.get("/jobs")
    assert "p1" in history.text and "成功" in history.text


async def test_a_bad_period_is_refused_beside_the_field(client_for):
    client = await client_for("bureau")
    response = await client.post("/jobs/monthly-payments/run", data={"period": "2026-13"},
                                 headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 422 and "期间格式不正确" in response.text and "has-error" in response.text
    assert "运行记录" not in response.text  # only the form's partial


async def test_a_failed_run_shows_its_error(client_for):
    testjobs.FAIL_NEXT.append("p2")
    client = await client_for("bureau")
    started = await client.post("/jobs/flaky/run", data={"period": "p2"}, headers={"HX-Request": "true"})
    run_id = int(started.text.split('id="run-')[1].split('"')[0])
    assert "故意失败" in await _poll_until_finished(client, run_id)
    page = await client.get(f"/jobs/runs/{run_id}")
    assert page.status_code == 200 and "<html" in page.text and "失败" in page.text


def test_a_runs_summary_is_a_chinese_sentence_not_its_json():
    from eldercare.jobs_pages import summary_text

    paid = summary_text("monthly-payments", '{"period": "2026-11", "count": 1338, "total_fen": 23806000, '
                                            '"status": "paid", "created": true}')  # fmt: skip
    assert paid == "2026-11 供养金：1338 人，合计 238,060.00 元（本次生成）。"
    checks = summary_text("daily-checks", '{"on": "2026-11-28", "notices_advanced": 2, "findings": 0, "by_check": {}}')
    assert checks == "公示期满推进 2 件；数据核查发现问题 0 条。"
    preview = summary_text("year-end-preview", '{"preview": {"year": 2025, "homes": "26 项", "staff": "82 项"}, '
                                               '"missing": {"year": 2025, "homes_not_scored": [], '
                                               '"staff_not_assessed": "3 项"}}')  # fmt: skip
    assert preview == "2025年度年终结算预览：26 所敬老院参加排名，82 名工作人员；尚有 0 所未评分、3 人未考核。"
