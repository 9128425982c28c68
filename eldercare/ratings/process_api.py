"""/api/v1/ratings/{year}/homes/{home_id}/self-assessment and /evidence, /api/v1/ratings/{year}/notice and
/objections, /api/v1/ratings/evidence/{id} and /api/v1/ratings/objections/{id}/answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, KwargDefinition

from eldercare.api_common import Id, Out, Year, YearNumber, errors, typed
from eldercare.auth.actor import BUREAU, DIRECTOR
from eldercare.auth.middleware import requires
from eldercare.enums import EvidenceType
from eldercare.ratings import process
from eldercare.ratings.api import Points
from eldercare.ratings.process_pages import UPLOAD_LIMIT, evidence_response

Star = Annotated[int, msgspec.Meta(ge=0, le=5)]
Difference = Annotated[float, msgspec.Meta(description="on-site points − self points (negative: scored lower)")]
Size = Annotated[int, msgspec.Meta(ge=1, le=5 * 1024 * 1024, description="bytes (at most 5 MB)")]


class SelfScoresIn(msgspec.Struct):
    scores: dict[str, float | int | str]
    """points by rubric item code (one decimal at most; blank leaves the item unscored)"""
    notes: dict[str, str] = msgspec.field(default_factory=dict)


class NoticeIn(msgspec.Struct):
    days: Annotated[int, msgspec.Meta(ge=1, le=30)] | None = None
    """the notice period in days from today (1–30); left out: the county's 公示期 for the rating year"""
    object_to: str = ""


class RatingObjectionIn(msgspec.Struct):
    objector: str
    content: str
    home_id: Id | None = None


class AnswerIn(msgspec.Struct):
    answer: str


@dataclass
class EvidenceUpload:
    """multipart/form-data: the rubric item's code and the file (JPEG, PNG or PDF by content, at most 5 MB)."""

    item: str = ""
    file: UploadFile | None = None


class EvidenceOut(Out):
    id: int
    item: str
    """the rubric item's code"""
    filename: str
    content_type: EvidenceType
    size_bytes: Size


class SelfItemOut(Out):
    code: str
    max_points: Points
    self_points: Points | None
    self_note: str
    points: Points | None
    """the county's on-site score (null until scored)"""
    note: str
    """the county's on-site note"""
    difference: Difference | None
    evidence: list[EvidenceOut]


class SelfAssessmentOut(Out):
    year: YearNumber
    home_id: int
    self_total: Points
    total: Points | None
    """the on-site total (null until the county has scored)"""
    closed: bool
    """the county has scored on site: the self-assessment can no longer change"""
    items: list[SelfItemOut]


class NoticeHomeOut(Out):
    home_id: int
    name: str
    total: Points
    star: Star


class ObjectionOut(Out):
    id: int
    home_id: int | None
    on: dt.date
    objector: str
    content: str
    answer: str | None


class NoticeOut(Out):
    year: YearNumber
    starts_on: dt.date
    ends_on: dt.date
    open: bool
    issuer: str
    object_to: str
    homes: list[NoticeHomeOut]
    objections: list[ObjectionOut]


class ObjectionReceivedOut(Out):
    id: int
    year: YearNumber
    home_id: int | None
    on: dt.date


class ObjectionAnsweredOut(Out):
    id: int
    answered: bool


def points(tenths: int | None) -> float | None:
    return None if tenths is None else tenths / 10


def self_out(sheet: dict[str, Any]) -> SelfAssessmentOut:
    return typed(SelfAssessmentOut, {
        "year": sheet["year"], "home_id": sheet["home"]["id"], "self_total": sheet["self_total_tenths"] / 10,
        "total": sheet["total_tenths"] / 10 if sheet["scored"] else None, "closed": sheet["self_locked"],
        "items": [{"code": i["code"], "max_points": i["max_tenths"] / 10, "self_points": points(i["self_tenths"]),
                   "self_note": i["self_note"], "points": points(i["points_tenths"]), "note": i["score_note"],
                   "difference": points(i["diff_tenths"]),
                   "evidence": [{"id": f["id"], "item": i["code"], "filename": f["filename"],
                                 "content_type": f["content_type"], "size_bytes": f["size_bytes"]}
                                for f in i["evidence"]]}
                  for a in sheet["areas"] for i in a["items"]],
    })  # fmt: skip


def notice_out(found: dict[str, Any]) -> NoticeOut:
    n = found["notice"]
    return typed(NoticeOut, {
        "year": found["year"], "starts_on": n["starts_on"], "ends_on": n["ends_on"], "open": found["open"],
        "issuer": n["issuer"], "object_to": n["object_to"],
        "homes": [{"home_id": h["id"], "name": h["name"], "total": h["total_tenths"] / 10, "star": h["star"]}
                  for h in found["homes"]],
        "objections": [{"id": o["id"], "home_id": o["home"], "on": o["dated_on"], "objector": o["objector"],
                        "content": o["content"], "answer": o["answer"] or None} for o in found["objections"]],
    })  # fmt: skip


EVIDENCE_FILE = ResponseSpec(
    Annotated[bytes, KwargDefinition(schema_extra={"format": "binary"})], generate_examples=False,
    media_type="application/octet-stream",
    description="the file's bytes; X-Evidence-Content-Type names its type, Content-Disposition its name",
)  # fmt: skip


class RatingProcessApi(Controller):
    path = "/api/v1/ratings"
    tags = ["ratings"]

    @get("/{year:int}/homes/{home_id:int}/self-assessment", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def self_assessment(self, request: Request, year: Year, home_id: int) -> SelfAssessmentOut:
        return self_out(await process.self_assessment(actor=request.user, year=year, home_id=home_id))

    @put("/{year:int}/homes/{home_id:int}/self-assessment", guards=[requires(BUREAU, DIRECTOR)],
         responses=errors(conflicts=("self_assessment_closed", "year_finalized")))  # fmt: skip
    async def save_self(self, request: Request, year: Year, home_id: int, data: SelfScoresIn) -> SelfAssessmentOut:
        """自评 by the home's director: the items given (blank ones left unscored), each ≤ its maximum."""
        sheet = await process.save_self_scores(actor=request.user, year=year, home_id=home_id, scores=data.scores,
                                               notes=data.notes)  # fmt: skip
        return self_out(sheet)

    @post("/{year:int}/homes/{home_id:int}/evidence", guards=[requires(BUREAU, DIRECTOR)],
          responses=errors(conflicts=("self_assessment_closed", "year_finalized")), request_max_body_size=UPLOAD_LIMIT)  # fmt: skip
    async def upload(
        self, request: Request, year: Year, home_id: int,
        data: Annotated[EvidenceUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> EvidenceOut:  # fmt: skip
        """multipart/form-data with `item` (the rubric item code) and `file` (JPEG, PNG or PDF, ≤ 5 MB)."""
        filename, content = (data.file.filename or "", await data.file.read()) if data.file else ("", b"")
        found = await process.add_evidence(actor=request.user, year=year, home_id=home_id, item_code=data.item,
                                           filename=filename, data=content)  # fmt: skip
        return typed(EvidenceOut, found)

    @get("/evidence/{evidence_id:int}", guards=[requires(BUREAU, DIRECTOR)], media_type="application/octet-stream",
         responses={200: EVIDENCE_FILE, **errors()})  # fmt: skip
    async def evidence(self, request: Request, evidence_id: int) -> Response[bytes]:
        """The file's bytes (application/octet-stream); its type (image/jpeg, image/png, application/pdf) is in
        the X-Evidence-Content-Type header and its name in Content-Disposition."""
        found = await process.evidence_file(actor=request.user, evidence_id=evidence_id)
        response = evidence_response(found)
        response.media_type = "application/octet-stream"
        response.headers["X-Evidence-Content-Type"] = found["content_type"]
        return response

    @get("/{year:int}/notice", guards=[requires(BUREAU, DIRECTOR)], responses=errors())
    async def notice(self, year: Year) -> NoticeOut:
        return notice_out(await process.notice(year=year))

    @post("/{year:int}/notice", guards=[requires(BUREAU)],
          responses=errors(conflicts=("nothing_to_publish", "year_finalized")))  # fmt: skip
    async def publish(self, request: Request, year: Year, data: NoticeIn) -> NoticeOut:
        return notice_out(await process.publish_notice(actor=request.user, year=year, days=data.days,
                                                       object_to=data.object_to))  # fmt: skip

    @post("/{year:int}/objections", guards=[requires(BUREAU, DIRECTOR)], responses=errors(conflicts=("notice_closed",)))
    async def object(self, request: Request, year: Year, data: RatingObjectionIn) -> ObjectionReceivedOut:
        return typed(ObjectionReceivedOut, await process.add_objection(
            actor=request.user, year=year, objector=data.objector, content=data.content, home_id=data.home_id))  # fmt: skip

    @post("/objections/{objection_id:int}/answer", guards=[requires(BUREAU)], responses=errors())
    async def answer(self, request: Request, objection_id: int, data: AnswerIn) -> ObjectionAnsweredOut:
        found = await process.answer_objection(actor=request.user, objection_id=objection_id, answer=data.answer)
        return typed(ObjectionAnsweredOut, found)
