"""Getting text out of the app: mailto links, .eml drafts, and e-mail sent through SMTP.

Every message Coffeechat sends is built by `outgoing_message` and sent by `send_email`."""

from __future__ import annotations

import re
import smtplib
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage as MimeMessage
from email.utils import formatdate, make_msgid
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core import mail
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from django.utils.text import slugify


class MailError(Exception):
    """Sending failed; the message is written for the user."""


def send_email(user, message: mail.EmailMessage) -> None:
    """Send through the instance's SMTP server; raises MailError with a message for the user.

    `user` is the sender on whose behalf we send (kept for per-user servers later)."""
    if not getattr(settings, "EMAIL_CONFIGURED", False):
        raise MailError(
            "No mail server is set up for this Coffeechat, so it cannot send e-mail. Open the "
            "draft in your mail app or download it as an .eml file instead."
        )
    try:
        connection = mail.get_connection(fail_silently=False, timeout=15)
        message.connection = connection
        sent = message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        codes = "; ".join(
            f"{addr}: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for addr, (code, text) in error.recipients.items()
        )
        raise MailError(f"The mail server refused the recipient ({codes}).") from error
    except smtplib.SMTPAuthenticationError as error:
        raise MailError(
            "The mail server did not accept the user name and password in its settings."
        ) from error
    except smtplib.SMTPResponseException as error:
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        raise MailError(f"The mail server refused the message: {error.smtp_code} {text}") from error
    except (TimeoutError, smtplib.SMTPException, ConnectionError, OSError) as error:
        raise MailError(
            "Could not reach the mail server; it may be down or the address may be wrong. "
            "Nothing was sent and your draft is kept."
        ) from error
    if not sent:
        raise MailError("The mail server accepted nothing; nothing was sent.")


def send_to_contact(request, contact, *, subject: str, body: str) -> bool:
    """E-mail `body` to the contact's first address from the signed-in user, as the composers'
    "Send" buttons do. When it cannot (no address, no server, a refusal) the page's error
    message says why; returns whether it was sent."""
    emails = contact.emails or []
    if not emails:
        messages.error(request, f"There is no e-mail address for {contact}.")
        return False
    message = outgoing_message(request.user, to=emails[0], subject=subject, body=body)
    try:
        send_email(request.user, message)
    except MailError as error:
        messages.error(request, str(error))
        return False
    return True


def one_line(text: str) -> str:
    """A header's text on one line: line breaks, NUL and other control characters become
    spaces. A subject typed or pasted with a line break is still the user's subject; splicing
    it into the message would start a new header (or, in Django, refuse to send at all)."""
    return " ".join(_CONTROL.sub(" ", text).split())


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def mailto_url(to: str, subject: str, body: str) -> str:
    """An RFC 6068 mailto: URL; every reserved character is percent-encoded, lines end CRLF."""
    query = []
    if subject:
        query.append("subject=" + quote(subject, safe=""))
    if body:
        query.append("body=" + quote(_crlf(body), safe=""))
    return "mailto:" + quote(to, safe="@") + ("?" + "&".join(query) if query else "")


def _display_name(user) -> str:
    # Through the reverse relation: core is the lowest layer and imports no app's models.
    try:
        full_name = user.profile.full_name
    except ObjectDoesNotExist:
        full_name = ""
    return full_name or user.get_full_name()


def _address(name: str, email: str) -> Address | str:
    try:
        return Address(display_name=name, addr_spec=email)
    except (ValueError, IndexError):
        return email


def sender_address(user) -> Address | str:
    """The user's own name and address: the sender of a draft they send from their mail app."""
    return _address(_display_name(user), user.email or settings.DEFAULT_FROM_EMAIL)


def outgoing_message(
    user, *, to: str, subject: str, body: str, html: str = ""
) -> mail.EmailMultiAlternatives:
    """A message this server sends for `user` (requests, invitations, thank-yous, updates, the
    digest), with one rule for the sender:

    - From: the user's name at this instance's address (COFFEECHAT_FROM_EMAIL). The server may
      send as that address; sending as the user's own domain would fail SPF and DMARC checks.
    - Reply-To: the user's own address, when they have one, so answers reach them.
    """
    message = mail.EmailMultiAlternatives(
        subject=one_line(subject),
        body=body,
        from_email=str(_address(_display_name(user), settings.DEFAULT_FROM_EMAIL)),
        to=[to],
        reply_to=[user.email] if user.email else None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def build_eml(
    *, sender, to: str, subject: str, body: str, domain: str = "coffeechat.local"
) -> bytes:
    """An RFC 5322 message in UTF-8, marked unsent so mail apps open it as a draft."""
    # The SMTP policy writes CRLF line ends and encodes non-ASCII headers, as RFC 5322 asks.
    message = MimeMessage(policy=policy.SMTP)
    message["From"] = sender
    if to:
        message["To"] = to
    message["Subject"] = one_line(subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Unsent"] = "1"
    message.set_content(body, charset="utf-8")
    return bytes(message)


def eml_response(user, *, to: str, subject: str, body: str, name: str) -> HttpResponse:
    """Download the text as an unsent .eml draft, for mail apps that open one (most do)."""
    data = build_eml(sender=sender_address(user), to=to, subject=subject, body=body)
    response = HttpResponse(data, content_type="message/rfc822")
    filename = slugify(name) or "message"
    response["Content-Disposition"] = f'attachment; filename="{filename}.eml"'
    return response
