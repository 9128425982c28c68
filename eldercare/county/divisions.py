"""GB/T 2260 division codes: what a county code is, and the names the demo and an upgrade need (pure)."""

from __future__ import annotations

import re

PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区", "21": "辽宁省",
    "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省",
    "35": "福建省", "36": "江西省", "37": "山东省", "41": "河南省", "42": "湖北省", "43": "湖南省",
    "44": "广东省", "45": "广西壮族自治区", "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省",
    "53": "云南省", "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}  # fmt: skip

CITIES = {"3608": "吉安市", "3607": "赣州市", "3601": "南昌市"}

# 吉安市's county-level divisions (the demo's city), in code order.
KNOWN_COUNTIES = {
    "360802": "吉州区", "360803": "青原区", "360821": "吉安县", "360822": "吉水县", "360823": "峡江县",
    "360824": "新干县", "360825": "永丰县", "360826": "泰和县", "360827": "遂川县", "360828": "万安县",
    "360829": "安福县", "360830": "永新县", "360881": "井冈山市",
}  # fmt: skip


def county_code_problem(code: str) -> str | None:
    """None for a county-level code (six digits, a known province, neither a province nor a city code)."""
    if not re.fullmatch(r"\d{6}", code or ""):
        return "县级区划代码应为6位数字（GB/T 2260），例如 360827。"
    if code[:2] not in PROVINCES:
        return f"代码 {code} 的前两位不是省级区划代码。"
    if code[2:] == "0000":
        return f"{code} 是省级区划代码，不是县级。"
    if code[4:] == "00":
        return f"{code} 是地级（市）区划代码，不是县级。"
    return None


def city_code_problem(code: str) -> str | None:
    if not re.fullmatch(r"\d{6}", code or "") or code[4:] != "00" or code[2:4] == "00":
        return "市级区划代码应为6位数字且以00结尾，例如 360800。"
    if code[:2] not in PROVINCES:
        return f"代码 {code} 的前两位不是省级区划代码。"
    return None


def province_code_problem(code: str) -> str | None:
    code = (code or "")[:2] if re.fullmatch(r"\d{2}(0000)?", code or "") else code
    if code not in PROVINCES:
        return "省级区划代码应为2位（如 36）或6位（如 360000）。"
    return None


def province_of(code: str) -> str:
    return code[:2]


def city_of(code: str) -> str:
    return code[:4]


def default_county_name(code: str) -> str:
    return KNOWN_COUNTIES.get(code, f"{code}县")


def demo_county_codes(n: int) -> list[str]:
    """N county codes for the demo and the benchmarks: 遂川县 first, the rest of 吉安市, then made-up counties
    of 江西省's other cities (36CC01…36CC20, named 示范县CCNN) so that a province of 100 counties can be built."""
    codes = ["360827"] + [c for c in KNOWN_COUNTIES if c != "360827"]
    city = 1
    while len(codes) < n:
        for county in range(1, 21):
            code = f"36{city:02d}{county:02d}"
            if city != 8 and code not in codes:
                codes.append(code)
        city += 1
    return codes[:n]


def demo_county_name(code: str) -> str:
    return KNOWN_COUNTIES.get(code) or f"示范县{code[2:]}"
