"""/api/v1/ratings/{year}/homes/{home_id}/self-assessment and /evidence, /api/v1/ratings/{year}/notice and
/objections, /api/v1/ratings/evidence/{id} and /api/v1/ratings/objections/{id}/answer."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put

from eldercare.api_common import errors
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.ratings import process
from eldercare.ratings.process_pages import UPLOAD_LIMIT, evidence_response, read_upload


class SelfScoresIn(msgspec.Struct):
    scores: dict[str, float | int | str]
    notes: dict[str, str] = msgspec.field(default_factory=dict)


class NoticeIn(msgspec.Struct):
    days: int | None = None  # None: the county's 公示期 for the rating year
    object_to: str = ""


class RatingObjectionIn(msgspec.Struct):
    objector: str
    content: str
    home_id: int | None = None


class AnswerIn(msgspec.Struct):
    answer: str


def points(tenths: int | None) -> float | None:
    return None if tenths is None else tenths / 10


def self_out(sheet: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": sheet["year"], "home_id": sheet["home"]["id"], "self_total": sheet["self_total_tenths"] / 10,
        "total": sheet["total_tenths"] / 10 if sheet["scored"] else None, "closed": sheet["self_locked"],
        "items": [{"code": i["code"], "max_points": i["max_tenths"] / 10, "self_points": points(i["self_tenths"]),
                   "self_note": i["self_note"], "points": points(i["points_tenths"]), "note": i["score_note"],
                   "difference": points(i["diff_tenths"]),
                   "evidence": [{"id": f["id"], "filename": f["filename"], "content_type": f["content_type"],
                                 "size_bytes": f["size_bytes"]} for f in i["evidence"]]}
                  for a in sheet["areas"] for i in a["items"]],
    }  # fmt: skip


def notice_out(found: dict[str, Any]) -> dict[str, Any]:
    n = found["notice"]
    return {
        "year": found["year"], "starts_on": n["starts_on"].isoformat(), "ends_on": n["ends_on"].isoformat(),
        "open": found["open"], "issuer": n["issuer"], "object_to": n["object_to"],
        "homes": [{"home_id": h["id"], "name": h["name"], "total": h["total_tenths"] / 10, "star": h["star"]}
                  for h in found["homes"]],
        "objections": [{"id": o["id"], "home_id": o["home"], "on": o["dated_on"].isoformat(), "objector": o["objector"],
                        "content": o["content"], "answer": o["answer"] or None} for o in found["objections"]],
    }  # fmt: skip


class RatingProcessApi(Controller):
    path = "/api/v1/ratings"
    tags = ["ratings"]

    @get("/{year:int}/homes/{home_id:int}/self-assessment", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404))
    async def self_assessment(self, request: Request, year: int, home_id: int) -> dict[str, Any]:
        return self_out(await process.self_assessment(actor=request.user, year=year, home_id=home_id))

    @put("/{year:int}/homes/{home_id:int}/self-assessment", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404, 409, 422))
    async def save_self(self, request: Request, year: int, home_id: int, data: SelfScoresIn) -> dict[str, Any]:
        """自评 by the home's director: the items given (blank ones left unscored), each ≤ its maximum."""
        sheet = await process.save_self_scores(actor=request.user, year=year, home_id=home_id, scores=data.scores,
                                               notes=data.notes)  # fmt: skip
        return self_out(sheet)

    @post("/{year:int}/homes/{home_id:int}/evidence", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404, 409, 422),
          request_max_body_size=UPLOAD_LIMIT)  # fmt: skip
    async def upload(self, request: Request, year: int, home_id: int) -> Response[dict[str, Any]]:
        """multipart/form-data with `item` (the rubric item code) and `file` (JPEG, PNG or PDF, ≤ 5 MB)."""
        form = await request.form()
        filename, data = await read_upload(form)
        found = await process.add_evidence(actor=request.user, year=year, home_id=home_id,
                                           item_code=form.get("item", ""), filename=filename, data=data)  # fmt: skip
        return Response(found, status_code=201)

    @get("/evidence/{evidence_id:int}", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404),
         media_type="application/octet-stream")  # fmt: skip
    async def evidence(self, request: Request, evidence_id: int) -> Response[bytes]:
        """The file's bytes (application/octet-stream); its type (image/jpeg, image/png, application/pdf) is in
        the X-Evidence-Content-Type header and its name in Content-Disposition."""
        found = await process.evidence_file(actor=request.user, evidence_id=evidence_id)
        response = evidence_response(found)
        response.media_type = "application/octet-stream"
        response.headers["X-Evidence-Content-Type"] = found["content_type"]
        return response

    @get("/{year:int}/notice", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404))
    async def notice(self, year: int) -> dict[str, Any]:
        return notice_out(await process.notice(year=year))

    @post("/{year:int}/notice", guards=[requires(BUREAU)], responses=errors(409, 422))
    async def publish(self, request: Request, year: int, data: NoticeIn) -> dict[str, Any]:
        return notice_out(await process.publish_notice(actor=request.user, year=year, days=data.days,
                                                       object_to=data.object_to))  # fmt: skip

    @post("/{year:int}/objections", guards=[requires(BUREAU, DIRECTOR)], responses=errors(404, 409, 422))
    async def object(self, request: Request, year: int, data: RatingObjectionIn) -> dict[str, Any]:
        return await process.add_objection(actor=request.user, year=year, objector=data.objector,
                                           content=data.content, home_id=data.home_id)  # fmt: skip

    @post("/objections/{objection_id:int}/answer", guards=[requires(BUREAU)], responses=errors(404, 422))
    async def answer(self, request: Request, objection_id: int, data: AnswerIn) -> dict[str, Any]:
        return await process.answer_objection(actor=request.user, objection_id=objection_id, answer=data.answer)
