"""db.fetch: the thin read path for hot pages, `?` placeholders and dict rows on both engines."""

from eldercare import db


async def test_the_thin_read_path_answers_dict_rows_with_placeholders_on_either_engine(county):
    rows = await db.fetch(
        "SELECT h.id, h.name, t.name AS township_name FROM home h JOIN township t ON t.id = h.township "
        "WHERE h.id = ? ORDER BY h.id",
        county.home_a,
    )
    assert len(rows) == 1
    assert rows[0]["id"] == county.home_a and set(rows[0]) == {"id", "name", "township_name"}


async def test_the_thin_read_path_sees_what_a_write_committed(county):
    from eldercare.auth.actor import SYSTEM
    from eldercare.county.tables import Home

    async with db.write(SYSTEM) as w:
        await w.update(Home, county.home_b, beds=77)
    rows = await db.fetch("SELECT beds FROM home WHERE id = ?", county.home_b)
    assert rows == [{"beds": 77}]
