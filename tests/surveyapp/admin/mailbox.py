"""A real SMTP server in the test process (aiosmtpd on a free loopback port) that keeps what it receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """Messages the server accepted; addresses in ``refuse`` are rejected at RCPT, as a real server might."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.refuse:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        """Who each accepted message was addressed to, in order."""
        return [str(m["To"]) for m in self.messages]

    def body(self, to: str) -> str:
        """The plain-text body of the (last) message sent to ``to``."""
        found = [m for m in self.messages if str(m["To"]) == to]
        assert found, f"nothing was sent to {to}; sent to {self.recipients}"
        part = found[-1].get_body(preferencelist=("plain",))
        assert part is not None
        return part.get_content()

    def links(self, to: str) -> list[str]:
        """The survey links in the last message sent to ``to``."""
        return [line.strip() for line in self.body(to).splitlines() if "/s/" in line]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A running SMTP server; the test's app is pointed at it with ``mail_settings``."""
    box = Mailbox(port=_free_port())
    controller = Controller(box, hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def point_app_at(app: Any, box: Mailbox) -> None:
    """Configure ``app`` to send through ``box``."""
    app.config.update(
        MAIL_SERVER=box.host, MAIL_PORT=box.port, MAIL_USE_TLS=False, MAIL_FROM="Heard <heard@council.test>"
    )
