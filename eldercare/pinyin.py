"""拼音首字母 for search and sort, with surnames read as surnames (pure).

pypinyin reads every character in its common reading: 曾 → céng, 单 → dān, 解 → jiě. As the first character of a
name they are surnames with their own readings (曾 zēng, 单 shàn, 解 xiè, 仇 qiú, 区 ōu, 覃 qín, 查 zhā, 朴 piáo …).
A compound surname (欧阳, 尉迟 …) is read whole. The rest of the name goes to pypinyin as it is.
"""

from __future__ import annotations

# First letters of surnames whose reading differs from the character's common reading (or that pypinyin misreads).
SURNAME_INITIALS = {
    "曾": "z", "单": "s", "解": "x", "仇": "q", "区": "o", "覃": "q", "查": "z", "朴": "p", "盖": "g", "缪": "m",
    "乐": "y", "员": "y", "召": "s", "繁": "p", "种": "c", "秘": "b", "隗": "w", "洗": "x", "冼": "x", "过": "g",
    "句": "g", "阚": "k", "能": "n", "郇": "h", "眭": "s", "黑": "h", "万": "w", "重": "c", "翟": "z",
    "折": "s", "沈": "s", "祭": "z", "那": "n", "蕃": "p", "尉": "w", "车": "c", "长": "c", "都": "d", "应": "y",
    "华": "h", "任": "r", "纪": "j", "相": "x", "燕": "y", "雍": "y", "褚": "c", "谌": "c", "莘": "s",
}  # fmt: skip
COMPOUND_SURNAMES = {
    "欧阳": "oy", "尉迟": "yc", "万俟": "mq", "单于": "cy", "长孙": "zs", "令狐": "lh", "澹台": "tt", "司马": "sm",
    "诸葛": "zg", "上官": "sg", "皇甫": "hf", "公孙": "gs", "东方": "df", "慕容": "mr", "宇文": "yw", "夏侯": "xh",
}  # fmt: skip


def _letters(text: str) -> str:
    # pypinyin loads 0.8 s of dictionaries: the first name pays it, not every command's start.
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER) if p).lower()


def initials(name: str) -> str:
    """曾春 → zc, 单秀英 → sxy, 欧阳明 → oym."""
    name = (name or "").strip()
    if name[:2] in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[name[:2]] + _letters(name[2:])
    if name[:1] in SURNAME_INITIALS:
        return SURNAME_INITIALS[name[:1]] + _letters(name[1:])
    return _letters(name)
