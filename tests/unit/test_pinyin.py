"""拼音首字母 read a surname as a surname: searching "zc" finds 曾春 and the roster sorts 曾 under Z."""

import pytest

from eldercare.pinyin import initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [("曾春", "zc"), ("单秀英", "sxy"), ("解放", "xf"), ("仇英", "qy"), ("区冬生", "ods"), ("覃兰", "ql"),
     ("查明", "zm"), ("朴成", "pc"), ("欧阳明", "oym"), ("尉迟恭", "ycg")],
)  # fmt: skip
def test_a_surname_takes_its_surname_reading(name, expected):
    assert initials(name) == expected


def test_the_same_characters_inside_a_given_name_keep_their_common_reading():
    assert initials("刘长发") == "lcf" and initials("张单") == "zd" and initials("王曾") == "wc"


def test_ordinary_names_are_unchanged():
    assert initials("张秀英") == "zxy" and initials(" 李桂兰 ") == "lgl"
