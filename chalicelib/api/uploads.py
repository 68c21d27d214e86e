"""The routes every provider upload channel has, declared once: register a request (the upload form), list the
provider's requests, read one (with a fresh result link once done). Each channel names its paths, bodies,
summaries and views; the answers are its own schemas, so the API and the portal's types stay per channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chalice import Blueprint
from pydantic import BaseModel

from chalicelib.access_log.service import ReadLog
from chalicelib.accounts.permissions import Principal
from chalicelib.api.http import Access, endpoint
from chalicelib.api.query import PAGING, page_params
from chalicelib.jobs.types import Job
from chalicelib.uploads.pipeline import Registered, UploadPipeline
from chalicelib.uploads.schemas import UploadRequestBody


@dataclass(frozen=True, kw_only=True)
class UploadRoutes:
    path: str  # "/cartera/solicitudes": POST registers, GET lists, GET path/{item_param} reads one
    item_param: str
    tag: str
    access: Access
    reads: ReadLog
    pipeline: Callable[[], UploadPipeline]
    body: type[UploadRequestBody]
    registered: type[BaseModel]
    registered_view: Callable[[Registered], BaseModel]
    item: type[BaseModel]
    item_view: Callable[[Job, str | None], BaseModel]
    page: type[BaseModel]
    page_view: Callable[[UploadPipeline, str, list, str | None], BaseModel]  # (pipeline, provider, items, cursor)
    register_errors: tuple[int, ...]
    summaries: tuple[str, str, str]  # register, list, one
    names: tuple[str, str, str]  # the views' names, as the channel's module had them


def upload_routes(bp: Blueprint, routes: UploadRoutes) -> None:
    register_summary, list_summary, one_summary = routes.summaries

    def register(principal: Principal, body: UploadRequestBody):
        return routes.registered_view(routes.pipeline().register(principal, body.archivo))

    def list_jobs(principal: Principal, request):
        pipeline = routes.pipeline()
        limit, cursor = page_params(request)
        page = pipeline.jobs_of(principal.provider_id, limit=limit, cursor=cursor)
        items = [routes.item_view(job, pipeline.result_link(job)) for job in page.items]
        return routes.page_view(pipeline, principal.provider_id, items, page.cursor)

    def get_job(principal: Principal, **path):
        pipeline = routes.pipeline()
        job = pipeline.job_of(principal.provider_id, path[routes.item_param])
        return routes.item_view(job, pipeline.result_link(job))

    for view, name in zip((register, list_jobs, get_job), routes.names, strict=True):
        view.__name__ = view.__qualname__ = name
    endpoint(bp, routes.path, "POST", tag=routes.tag, access=routes.access, request=routes.body,
             response=routes.registered, status=201, errors=routes.register_errors, summary=register_summary)(register)
    endpoint(bp, routes.path, tag=routes.tag, access=routes.access, response=routes.page, reads=routes.reads,
             query=PAGING, errors=(422,), summary=list_summary)(list_jobs)
    endpoint(bp, f"{routes.path}/{{{routes.item_param}}}", tag=routes.tag, access=routes.access,
             response=routes.item, reads=routes.reads, errors=(404,), summary=one_summary)(get_job)
