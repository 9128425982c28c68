from eldercare.charts import bar_chart


def test_a_bar_chart_writes_every_value_and_the_target_line():
    svg = str(bar_chart([("泉江镇", 92.5), ("雩田镇", 80.0)], title="集中供养率", target=86, target_label="目标 86%",
                        fmt="{:.1f}%"))  # fmt: skip
    assert svg.startswith("<svg") and "泉江镇" in svg and "92.5%" in svg and "80.0%" in svg
    assert "stroke-dasharray" in svg and "目标 86%" in svg


def test_labels_are_escaped():
    assert "&lt;b&gt;" in str(bar_chart([("<b>", 1)], title="t"))
