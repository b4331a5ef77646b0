"""Stand-ins for the platforms and the registry, under their real host names: one HTTPS server
on a loopback address with a certificate the test makes for every name, which Chromium reaches
through `--host-resolver-rules` (so the manifest's real match patterns decide where the
extension runs) and trusts through `--ignore-certificate-errors-spki-list`."""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

REGISTRY_HOST = "registry.example.org"
HOSTS = [
    REGISTRY_HOST, "x.com", "twitter.com", "bsky.app", "www.youtube.com", "www.facebook.com",
    "www.instagram.com", "www.linkedin.com", "www.tiktok.com", "www.threads.net", "t.me",
    "github.com", "social.numerique.gouv.fr", "faceb00k-login.com",
]  # fmt: skip


def make_certificate(folder: Path) -> tuple[Path, Path, str]:
    """A self-signed certificate for every stand-in host: (cert, key, base64 SPKI sha256)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "stand-in platforms")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName(host) for host in HOSTS]
    names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(names), False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return cert_path, key_path, base64.b64encode(hashlib.sha256(spki).digest()).decode()


@dataclass
class Registry:
    """The registry's side: the list it serves, signed with its key (or broken on purpose)."""

    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    body: bytes = b""
    signature: bytes = b""
    reachable: bool = True
    requests: list[str] = field(default_factory=list)

    @property
    def vkey(self) -> str:
        raw = self.key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        key_id = hashlib.sha256(b"registry.example.org\n\x01" + raw).digest()[:4].hex()
        return f"registry.example.org+{key_id}+" + base64.b64encode(b"\x01" + raw).decode()

    def publish(self, entries: list[dict], *, version: int, expires_in_days: float = 7) -> None:
        now = datetime.datetime.now(datetime.UTC)
        document = {
            "publisher": "https://registry.example.org",
            "version": version,
            "generated_at": now.isoformat(),
            "expires": (now + datetime.timedelta(days=expires_in_days)).isoformat(),
            "log_size": version,
            "accounts": [],
            "entries": entries,
        }
        self.body = json.dumps(document, ensure_ascii=False).encode()
        self.signature = base64.b64encode(self.key.sign(self.body))


class StandIn:
    """The server: pages by (host, path), and the registry's three files."""

    def __init__(self, folder: Path, address: str) -> None:
        self.pages: dict[tuple[str, str], str] = {}
        self.registry = Registry()
        self.cert, self.key, self.spki = make_certificate(folder)
        self.address = address
        handler = type("Handler", (_Handler,), {"stand_in": self})
        self.server = ThreadingHTTPServer((address, 443), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    stand_in: StandIn

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0]
        path = self.path.split("?")[0]
        if host == REGISTRY_HOST:
            return self._registry(path)
        page = self.stand_in.pages.get((host, path))
        if page is None:
            return self._send(404, b"not here", "text/plain")
        self._send(200, page.encode(), "text/html; charset=utf-8")

    def _registry(self, path: str) -> None:
        registry = self.stand_in.registry
        registry.requests.append(path)
        files = {
            "/.well-known/official-accounts.json": (registry.body, "application/json"),
            "/.well-known/official-accounts.json.sig": (registry.signature, "text/plain"),
            "/.well-known/official-accounts.pub": (registry.vkey.encode(), "text/plain"),
        }
        if not registry.reachable:
            return self._send(503, b"down", "text/plain")
        if path not in files:
            return self._send(404, b"not here", "text/plain")
        self._send(200, *files[path])

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
