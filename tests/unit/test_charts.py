from eldercare.charts import bar_chart


def test_a_bar_chart_writes_every_value_and_the_target_line():
    svg = str(bar_chart([("泉江镇", 92.5), ("雩田镇", 80.0)], title="集中供养率", target=86, target_label="目标 86%",
                        fmt="{:.1f}%"))  # fmt: skip
    assert "<svg" in svg and "泉江镇" in svg and "92.5%" in svg and "80.0%" in svg
    assert "stroke-dasharray" in svg and "目标 86%" in svg


def test_labels_are_escaped():
    assert "&lt;b&gt;" in str(bar_chart([("<b>", 1)], title="t"))


def test_a_month_chart_draws_twelve_columns_per_series_with_a_legend():
    from eldercare.charts import month_chart

    svg = str(month_chart([("2026年", [100] * 12), ("2025年", [50] * 12)], title="净收入", fmt="{:,}元"))
    assert svg.count("<rect") == 24 + 2  # 12 months × 2 series, plus 2 legend swatches
    assert "2026年 1月 100元" in svg and "2025年 12月 50元" in svg and "12月" in svg


def test_a_month_chart_hangs_negative_months_below_zero_and_labels_the_bottom():
    from eldercare.charts import month_chart

    svg = str(month_chart([("净收入", [-30, 70] + [0] * 10)], title="净收入"))
    assert "净收入 1月 -30" in svg and ">-50</text>" in svg  # ticks -50, 0, 50, 100


def test_ticks_are_round_and_cover_zero_and_both_ends():
    from eldercare.charts import nice_ticks

    assert nice_ticks(-1927.79, 1860.86) == [-2000, -1000, 0, 1000, 2000]
    assert nice_ticks(0, 2_449_600) == [0, 1_000_000, 2_000_000, 3_000_000]


def test_a_large_value_is_written_whole_and_a_negative_bar_is_drawn_left_of_zero():
    svg = str(bar_chart([("甲院", 2_449_600.0), ("乙院", -860.86)], title="净收入", fmt="{:,.2f}"))
    assert "2,449,600.00" in svg and "-860.86" in svg and "200万" in svg
    widths = [float(w) for w in __import__("re").findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)"', svg)]
    assert all(w > 0 for w in widths), "both bars, the negative one too, have a width"


def test_a_stored_utc_moment_shows_the_countys_date():
    import datetime as dt

    from eldercare.web import date_cn

    # 2026-03-01 20:00 UTC is 2 March 04:00 in Asia/Shanghai
    assert date_cn(dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)) == "2026年3月2日"
    assert date_cn(dt.date(2026, 3, 1)) == "2026年3月1日"
