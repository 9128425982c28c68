from eldercare.charts import bar_chart


def test_a_bar_chart_writes_every_value_and_the_target_line():
    svg = str(bar_chart([("泉江镇", 92.5), ("雩田镇", 80.0)], title="集中供养率", target=86, target_label="目标 86%",
                        fmt="{:.1f}%"))  # fmt: skip
    assert svg.startswith("<svg") and "泉江镇" in svg and "92.5%" in svg and "80.0%" in svg
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
    assert "净收入 1月 -30" in svg and ">-30</text>" in svg
