"""The JSON API, version 1: /api/v1/, its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from coffeechat.api.v1 import (
    actions,
    checks,
    contacts,
    conversations,
    meetings,
    organisations,
    tags,
    touchpoints,
)
from coffeechat.api.v1.auth import READ_WRITE
from coffeechat.api.v1.errors import install_handlers

api = NinjaAPI(
    title="Coffeechat API",
    version="1",
    description=(
        "Your contacts, conversations, meetings and action items, and the coach's checkers. "
        "Authenticate with a personal access token from your profile page: "
        "`Authorization: Bearer cc_…`. Every list takes `limit`, `offset` and `updated_since`; "
        "every object has an ETag (send it back as `If-Match` to refuse a stale write, 412)."
    ),
    urls_namespace="api_v1",
    auth=READ_WRITE,
    # The docs page is our own (coffeechat.api.views.docs): Swagger UI is third-party code.
    docs_url=None,
    openapi_url="/openapi.json",
)
install_handlers(api)
for module in (contacts, organisations, tags, conversations, touchpoints, meetings, actions):
    api.add_router("", module.router)
api.add_router("", checks.router)
