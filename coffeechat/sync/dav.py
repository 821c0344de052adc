"""Talking to the user's CalDAV / CardDAV server through the `caldav` library.

Events go through caldav's calendar objects (found by name, created when missing) and are
stored verbatim: `increase_seqno=False`, because the SEQUENCE is the invitation's and
Coffeechat raises it itself. The `caldav` library speaks CalDAV only, so cards are written
with its client's plain PUT and DELETE at `<address book>/<uid>.vcf` (RFC 6352 §5.3.2).
"""

from __future__ import annotations

import contextlib
import ipaddress
from urllib.parse import quote, urlsplit

import caldav
from caldav.lib import error as dav_error
from django.conf import settings

from coffeechat.sync.crypto import decrypt
from coffeechat.sync.models import SyncAccount

TIMEOUT_SECONDS = 20


class SyncFailed(Exception):
    """A push failed; the message is for the user (shown on the profile)."""


def _address(url: str):
    host = (urlsplit(url).hostname or "").strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return ipaddress.ip_address("127.0.0.1")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_loopback(url: str) -> bool:
    address = _address(url)
    return bool(address and address.is_loopback)


def is_local(url: str) -> bool:
    """A server on this machine or a private network, named by address (or "localhost"); sync
    reaches those only with SYNC_LOCAL_SERVERS. A host name is not resolved here."""
    address = _address(url)
    return bool(address and not address.is_global)


def check_reachable(url: str) -> None:
    if is_local(url) and not settings.SYNC_LOCAL_SERVERS:
        raise SyncFailed(
            "This instance does not sync with servers on its own machine or network "
            "(COFFEECHAT_SYNC_LOCAL_SERVERS)."
        )


def describe(error: Exception, account: SyncAccount) -> str:
    """What went wrong, as the profile says it."""
    host = urlsplit(account.server_url).hostname or account.server_url
    if isinstance(error, SyncFailed):
        return str(error)
    if isinstance(error, dav_error.AuthorizationError):
        return f"{host} refused the user name or app password."
    if isinstance(error, dav_error.NotFoundError):
        return f"{host} has no such calendar or address book: check the addresses."
    if isinstance(error, dav_error.DAVError):
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return f"{host} refused the change{': ' + reason[:200] if reason else ''}."
    if isinstance(error, (ConnectionError, OSError, TimeoutError)):
        return f"Could not reach {host}: {str(error)[:200] or type(error).__name__}."
    return f"Sync failed on {host}: {type(error).__name__}: {str(error)[:200]}"


class Connection:
    """One conversation with the server: open with `with Connection(account) as dav:`."""

    def __init__(self, account: SyncAccount) -> None:
        self.account = account
        check_reachable(account.server_url)
        if account.addressbook_url:
            check_reachable(account.addressbook_url)
        self.client = caldav.DAVClient(
            url=account.server_url,
            username=account.username,
            password=decrypt(account.password_encrypted),
            timeout=TIMEOUT_SECONDS,
            # Plain http only to a server on this machine; anything else needs TLS.
            require_tls=not is_loopback(account.server_url),
        )

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    # --- events ---------------------------------------------------------------------------

    def calendar(self) -> caldav.Calendar:
        """The account's calendar: its known address, else found by name, else created."""
        account = self.account
        if account.calendar_url:
            return self.client.calendar(url=account.calendar_url)
        principal = self.client.principal()
        wanted = account.calendar_name.strip()
        for calendar in principal.calendars():
            if (calendar.get_display_name() or "").strip().casefold() == wanted.casefold():
                found = calendar
                break
        else:
            found = principal.make_calendar(name=wanted)
        account.calendar_url = str(found.url)
        account.save(update_fields=["calendar_url", "updated"])
        return found

    def put_event(self, ical: bytes) -> str:
        event = self.calendar().add_event(ical.decode("utf-8"), increase_seqno=False)
        return str(event.url)

    def delete(self, href: str) -> None:
        with contextlib.suppress(dav_error.NotFoundError):  # already gone: what we wanted
            self.client.delete(href)

    # --- cards ----------------------------------------------------------------------------

    def put_card(self, uid: str, vcard: str) -> str:
        book = self.account.addressbook_url
        if not book:
            raise SyncFailed("No address book is set: add its address on the sync page.")
        href = book.rstrip("/") + "/" + quote(f"{uid}.vcf")
        response = self.client.put(href, vcard, {"Content-Type": "text/vcard; charset=utf-8"})
        if response.status not in (200, 201, 204):
            raise SyncFailed(
                f"The address book refused the card (HTTP {response.status}): check its address."
            )
        return href
