"""Objects for the project-wide URL privacy walk (core/tests/test_every_url_is_private.py).

A password reset link is a bearer URL, like the calendar feed: whoever holds a live one may set
the password. The walk's outsider must get 404, which here means: a link whose token is not
live. The walk's `token` is meetings' revoked feed token, never a valid reset token, so alice's
reset link answers 404; test_accounts.py checks that a live link works for whoever holds it.
"""

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def _uid(case) -> str:
    return urlsafe_base64_encode(force_bytes(case.alice.pk))


BUILDERS = {"uidb64": _uid}
