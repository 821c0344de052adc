"""Shared by every resource: pagination, the updated-since filter, ETags and If-Match."""

from datetime import datetime

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from pydantic import field_validator

from coffeechat.api.v1.errors import ApiError
from coffeechat.api.v1.schemas import in_range

MAX_LIMIT = 200


class ListQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="How many items per page.")
    offset: int = Field(0, ge=0, le=10_000_000, description="How many items to skip.")
    updated_since: datetime | None = Field(
        None, description="Only items changed after this moment (ISO 8601), for sync clients."
    )

    @field_validator("updated_since")
    @classmethod
    def sensible(cls, value: datetime | None) -> datetime | None:
        in_range(value)
        return value


def page(queryset: QuerySet, query: ListQuery) -> dict:
    """One page of `queryset` in a stable order (by id), with the total for the filter."""
    if query.updated_since is not None:
        queryset = queryset.filter(updated__gt=query.updated_since)
    queryset = queryset.order_by("id")
    return {
        "count": queryset.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": list(queryset[query.offset : query.offset + query.limit]),
    }


def etag(obj: Model) -> str:
    """Changes whenever the object is saved (every model here has an `updated` time)."""
    return f'"{obj.pk}-{int(obj.updated.timestamp() * 1_000_000)}"'


def tagged(response: HttpResponse, obj: Model) -> Model:
    response["ETag"] = etag(obj)
    return obj


def check_if_match(request: HttpRequest, obj: Model) -> None:
    """412 when the client's copy (If-Match: its ETag) is older than the stored one."""
    wanted = request.headers.get("If-Match")
    if not wanted:
        return
    tags = [t.strip().removeprefix("W/") for t in wanted.split(",")]
    if "*" in tags or etag(obj) in tags:
        return
    raise ApiError(
        412,
        "This item changed since you read it; fetch it again and reapply your change.",
        {"If-Match": [f"The current ETag is {etag(obj)}."]},
    )
