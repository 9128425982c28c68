"""遂川县's 23 townships and 26 homes (about 1,600 beds)."""

from __future__ import annotations

from eldercare.county.tables import Home, Township
from eldercare.db import Writer

COUNTY_CODE = "360827"

TOWNSHIPS = [
    "泉江镇", "雩田镇", "碧洲镇", "草林镇", "堆子前镇", "左安镇", "高坪镇", "大汾镇", "衙前镇", "禾源镇",
    "汤湖镇", "枚江镇", "珠田乡", "巾石乡", "大坑乡", "双桥乡", "新江乡", "五斗江乡", "西溪乡", "南江乡",
    "黄坑乡", "戴家埔乡", "营盘圩乡",
]  # fmt: skip

# Three townships have a second home: a 光荣院 in 泉江镇, a 福利院 in 雩田镇, a second 敬老院 in 草林镇.
EXTRA_HOMES = [
    (0, "{county}光荣院", "veterans_home"),
    (1, "{county}福利院", "welfare_home"),
    (3, "草林镇第二敬老院", "nursing_home"),
]


def beds_for(index: int) -> int:
    """Between 40 and 88 beds, fixed by position: 26 homes hold 1,600 beds in all."""
    return 40 + (index * 37) % 49


def home_rows(county_name: str = "遂川县") -> list[dict]:
    rows = [
        {"township_index": i, "name": f"{name}敬老院", "kind": "nursing_home"}
        for i, name in enumerate(TOWNSHIPS)
    ]
    rows += [{"township_index": t, "name": n.format(county=county_name), "kind": k} for t, n, k in EXTRA_HOMES]
    beds = [beds_for(i) for i in range(len(rows))]
    beds[-1] += 1600 - sum(beds)
    for i, row in enumerate(rows):
        row["code"] = f"JLY{i + 1:02d}"
        row["beds"] = beds[i]
    return rows


async def load(w: Writer, county: dict) -> None:
    code = county.get("code", COUNTY_CODE)
    townships = [Township(code=f"{code}{100 + i:03d}", name=name) for i, name in enumerate(TOWNSHIPS)]
    await Township.insert(*townships).run()
    ids = {r["code"]: r["id"] for r in await Township.select(Township.id, Township.code)}
    county["township_ids"] = [ids[t.code] for t in townships]
    county["township_codes"] = [t.code for t in townships]
    rows = home_rows(county.get("name", "遂川县"))
    await Home.insert(
        *[
            Home(code=r["code"], name=r["name"], kind=r["kind"], beds=r["beds"],
                 township=county["township_ids"][r["township_index"]])
            for r in rows
        ]
    ).run()  # fmt: skip
    home_ids = {r["code"]: r["id"] for r in await Home.select(Home.id, Home.code)}
    county["homes"] = [{**r, "id": home_ids[r["code"]], "township_id": county["township_ids"][r["township_index"]]}
                       for r in rows]  # fmt: skip
    await w.audit(table=Home, row_id="demo", action="demo", before=None,
                  after={"townships": len(townships), "homes": len(rows)})  # fmt: skip
