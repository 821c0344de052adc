"""Background tasks of the Today app, run by a worker (`coffeechat worker`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from coffeechat.accounts.middleware import user_zone
from coffeechat.core.mail import MailError, send_email
from coffeechat.today.digest import digest_message

SENT = "sent"
NOTHING_DUE = "nothing due"


@task()
def send_digest(user_id: int, base_url: str = "", dry_run: bool = False) -> str:
    """E-mail one user their Today list: "sent", "nothing due", or why it could not be sent.

    One task per user, so on a hosted instance the workers share the morning's mail and one
    user's refused address does not hold up the others.
    """
    user = get_user_model().objects.select_related("profile").get(pk=user_id)
    with timezone.override(user_zone(user)):
        message = digest_message(user, timezone.now(), base_url)
    if message is None:
        return NOTHING_DUE
    if dry_run:
        return SENT
    try:
        send_email(user, message)
    except MailError as error:
        return str(error)
    return SENT
