from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Status

from coffeechat.api.v1.common import ListQuery, check_if_match, page, tagged
from coffeechat.api.v1.errors import ERRORS, invalid
from coffeechat.api.v1.schemas import In, TagOut, TagPage
from coffeechat.contacts.forms import tags_for_names
from coffeechat.contacts.models import Tag
from coffeechat.core.access import owned_or_404

router = Router(tags=["tags"])


class TagIn(In):
    name: str | None = Field(None, max_length=100)
    # The range the keep-in-touch page accepts for a tag's cadence.
    keep_in_touch_days: int | None = Field(None, ge=1, le=3650)


def _clean_name(request: HttpRequest, name: str | None, tag: Tag | None) -> str:
    name = (name or "").strip()
    if not name:
        raise invalid({"name": ["Give the tag a name."]})
    # Tags are matched ignoring case, as the contact form does.
    clash = [t for t in Tag.objects.owned_by(request.user) if t.name.casefold() == name.casefold()]
    if any(t.pk != (tag.pk if tag else None) for t in clash):
        raise invalid({"name": [f"You already have a tag called “{name}”."]})
    return name


@router.get("/tags", response={200: TagPage, **ERRORS})
def list_tags(request: HttpRequest, query: Query[ListQuery]):
    return page(Tag.objects.owned_by(request.user), query)


@router.post("/tags", response={201: TagOut, **ERRORS})
def create_tag(request: HttpRequest, payload: TagIn, response: HttpResponse):
    (tag,) = tags_for_names(request.user, [_clean_name(request, payload.name, None)])
    if payload.keep_in_touch_days is not None:
        tag.keep_in_touch_days = payload.keep_in_touch_days
        tag.save()
    return Status(201, tagged(response, tag))


@router.get("/tags/{int:tag_id}", response={200: TagOut, **ERRORS})
def get_tag(request: HttpRequest, tag_id: int, response: HttpResponse):
    return tagged(response, owned_or_404(Tag, request.user, tag_id))


@router.patch("/tags/{int:tag_id}", response={200: TagOut, **ERRORS})
def update_tag(request: HttpRequest, tag_id: int, payload: TagIn, response: HttpResponse):
    tag = owned_or_404(Tag, request.user, tag_id)
    check_if_match(request, tag)
    sent = payload.dict(exclude_unset=True)
    if "name" in sent:
        tag.name = _clean_name(request, sent["name"], tag)
    if "keep_in_touch_days" in sent:
        tag.keep_in_touch_days = sent["keep_in_touch_days"]
    tag.save()
    return tagged(response, tag)


@router.delete("/tags/{int:tag_id}", response={204: None, **ERRORS})
def delete_tag(request: HttpRequest, tag_id: int):
    tag = owned_or_404(Tag, request.user, tag_id)
    check_if_match(request, tag)
    tag.delete()
    return Status(204, None)
