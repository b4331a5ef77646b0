"""A stand-in mail relay on loopback (aiosmtpd): it refuses as many messages as asked, with a
temporary error as a busy relay does, then accepts and keeps them. Told to `hang`, it holds the
next message without answering until `release()`, then drops it unanswered (a relay that never
said "250" has not taken it)."""

import asyncio
import email
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class StandInRelay:
    refusals: int = 0  # how many of the next messages to refuse
    refused: int = 0
    received: list = field(default_factory=list)  # email.message.Message, in arrival order
    hang: bool = False  # hold the next message unanswered until release()
    holding: threading.Event = field(default_factory=threading.Event)  # set once one is held
    _released: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        if self.hang:
            self.hang = False
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self._released.wait)
            return "421 4.3.0 Closing, message not taken"
        if self.refusals > 0:
            self.refusals -= 1
            self.refused += 1
            return "451 4.3.0 Relay busy, try again later"
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 2.0.0 Accepted"

    def release(self) -> None:
        self._released.set()

    def recipients(self) -> list[str]:
        return sorted(message["To"] for message in self.received)


def start(relay: StandInRelay) -> Controller:
    controller = Controller(relay, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
