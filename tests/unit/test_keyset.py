"""The keyset helper without a database: cursors round-trip, bad ones are refused in Chinese, the seek
condition of a mixed order leads with a range on its first column."""

import datetime as dt

import pytest

from eldercare import keyset
from eldercare.errors import Invalid

ORDER = keyset.Order(columns=("s.home", "s.is_director", "s.id"), keys=("home", "is_director", "id"),
                     kinds=(int, bool, int), descending=(False, True, False))  # fmt: skip
DATED = keyset.Order(columns=("l.dated_on", "l.id"), keys=("dated_on", "id"), kinds=(dt.date, int),
                     descending=(True, True))  # fmt: skip


def test_a_cursor_names_the_rows_place_and_reads_back():
    cursor = keyset.cursor_of(DATED, {"dated_on": dt.date(2026, 3, 1), "id": 7})
    assert keyset.decode(cursor, DATED.kinds) == [dt.date(2026, 3, 1), 7]
    assert keyset.decode(keyset.cursor_of(ORDER, {"home": 1, "is_director": 1, "id": 2}), ORDER.kinds) == [
        1,
        True,
        2,
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "",
        "WzEsMl0",
        keyset.encode(["x", 1]),
        keyset.encode([1.5, 2]),
        keyset.encode(["2026-13-01", 1]),
        "%%%",
        keyset.encode([10**30, 1]),
    ],
)
def test_a_cursor_that_does_not_fit_the_order_is_refused_in_chinese(cursor):
    with pytest.raises(Invalid) as refused:
        keyset.decode(cursor, DATED.kinds, "after")
    assert refused.value.fields == {"after": "分页位置不正确，请从第一页开始。"}


def test_one_direction_seeks_by_row_value_and_reads_backwards_reversed():
    after = keyset.seek(DATED, after=keyset.encode(["2026-03-01", 7]))
    assert (
        after.condition == "(l.dated_on, l.id) < (?, ?)"
        and after.order_by == " ORDER BY l.dated_on DESC, l.id DESC"
    )
    before = keyset.seek(DATED, before=keyset.encode(["2026-03-01", 7]))
    assert before.condition == "(l.dated_on, l.id) > (?, ?)" and before.backwards
    assert before.order_by == " ORDER BY l.dated_on, l.id"


def test_a_mixed_order_leads_with_a_range_on_its_first_column():
    at = keyset.seek(ORDER, after=keyset.encode([3, True, 9]))
    assert at.condition == ("s.home >= ? AND (s.home > ? OR (s.home = ? AND (s.is_director < ? OR "
                            "(s.is_director = ? AND (s.id > ?)))))")  # fmt: skip
    assert at.args == [3, 3, 3, True, True, 9]
    assert at.order_by == " ORDER BY s.home, s.is_director DESC, s.id"


def test_cut_gives_the_cursors_around_the_page():
    rows = [{"dated_on": dt.date(2026, 1, d), "id": d} for d in (5, 4, 3)]
    first = keyset.cut(DATED, list(rows), limit=2, at=keyset.seek(DATED))
    assert [r["id"] for r in first.rows] == [5, 4] and first.next_after and first.prev_before is None
    last = keyset.cut(DATED, rows[2:], limit=2, at=keyset.seek(DATED, after=first.next_after))
    assert last.next_after is None and last.prev_before
