"""A real SMTP server on loopback for tests that send mail (aiosmtpd), and settings to reach it."""

import socket

from aiosmtpd.controller import Controller
from django.test import override_settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """Keeps every envelope it accepts; with `refuse=True` it turns every recipient away."""

    def __init__(self, refuse: bool = False) -> None:
        self.messages: list = []
        self.refuse = refuse

    @property
    def envelopes(self) -> list:
        return self.messages

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


def start_server(testcase, refuse: bool = False) -> tuple[Inbox, int]:
    """Start a loopback server for one test; it stops when the test ends."""
    inbox, port = Inbox(refuse=refuse), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    testcase.addCleanup(controller.stop)
    return inbox, port


def smtp_settings(port: int) -> override_settings:
    return override_settings(
        EMAIL_CONFIGURED=True,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        DEFAULT_FROM_EMAIL="coffeechat@example.org",
    )
