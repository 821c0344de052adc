"""The app password, encrypted at rest with a key derived from SECRET_KEY.

Fernet (AES-128-CBC with an HMAC) from `cryptography`; the key is HKDF-SHA256 of the secret key,
so a copied database alone does not give away the password. Changing SECRET_KEY makes stored
passwords unreadable: the profile then asks for the app password again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class CredentialsUnreadable(Exception):
    """The stored password was encrypted under another secret key."""


def _fernet() -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"coffeechat.sync",
        info=b"caldav-carddav-app-password",
    ).derive(settings.SECRET_KEY.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as error:
        raise CredentialsUnreadable(
            "The stored app password can no longer be read (the server's secret key changed): "
            "enter it again."
        ) from error
