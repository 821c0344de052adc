"""How the privacy walk (core/tests/test_every_url_is_private.py) builds the owner's objects
for the API app's URLs."""

from coffeechat.api.tokens import create_token
from coffeechat.contacts.models import Tag
from coffeechat.core.tests import factories

BUILDERS = {
    "token_id": lambda case: create_token(case.alice, "walk", can_write=False)[0].pk,
    # Several URLs take a tag: one tag serves them all (tag names are unique per user).
    "tag_id": lambda case: Tag.objects.get_or_create(user=case.alice, name="walked")[0].pk,
    "touchpoint_id": lambda case: factories.touchpoint(case.alice, case.contact).pk,
}
