"""The test fixtures themselves: several personas in one test each get a working client that closes."""


async def test_two_personas_in_one_test_both_answer_and_close_cleanly(client_for, county):
    bureau = await client_for("bureau", via="token")
    assert (await bureau.get("/api/v1/homes")).status_code == 200
    director = await client_for("director_a")
    assert (await director.get(f"/homes/{county.home_a}")).status_code == 200
    assert (await director.get(f"/homes/{county.home_b}")).status_code == 403
