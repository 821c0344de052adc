"""Create, check and revoke personal access tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from coffeechat.api.models import AccessToken

# Recognisable in a leaked file or a secret scanner's rules.
TOKEN_PREFIX = "cc_"
# Writing the last-used time on every request would make each read a write; once a minute is
# as precise as the profile page shows it.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user, name: str, *, can_write: bool) -> tuple[AccessToken, str]:
    """A new token and its secret, which is shown to the user once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=digest_of(raw),
        can_write=can_write,
    )
    return token, raw


def token_for(raw: str) -> AccessToken | None:
    """The live token with this secret, its last use noted; None for anything else."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        AccessToken.objects.select_related("user", "user__profile")
        .filter(digest=digest_of(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke_token(token: AccessToken) -> None:
    # Deleting the row is revoking: its digest is gone, so the secret matches nothing.
    token.delete()
