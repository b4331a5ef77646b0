"""The watch's one safe fetcher: public addresses only, caps, timeouts, same-host redirects."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from werkzeug import Response

from registry.watch.fetch import FetchError, _PinnedHTTPConnection, fetch, public_address


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.0.0.8", "192.168.1.1", "169.254.169.254", "::1", "224.0.0.1", "0.0.0.0"],  # noqa: S104
)
def test_private_loopback_link_local_and_multicast_addresses_are_refused(host, settings):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError) as refused:
        public_address(host, 80)
    assert refused.value.kind == "refused"


def test_a_stand_in_on_loopback_is_refused_without_the_setting(httpserver, settings):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = False
    httpserver.expect_request("/x").respond_with_json({"ok": True})
    with pytest.raises(FetchError) as refused:
        fetch(httpserver.url_for("/x"))
    assert refused.value.kind == "refused"
    assert not httpserver.log  # nothing was sent


def test_a_name_resolving_to_loopback_is_refused(httpserver, settings):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError) as refused:
        fetch(f"http://localhost:{httpserver.port}/x")
    assert refused.value.kind == "refused"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://a/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError) as refused:
        fetch(url)
    assert refused.value.kind == "refused"


def test_the_user_agent_names_the_registry_and_its_contact(platform, settings):
    platform.expect_request("/x").respond_with_json({"ok": True})
    assert fetch(platform.url_for("/x")).json() == {"ok": True}
    agent = platform.log[0][0].headers["User-Agent"]
    assert "OfficialAccountsRegistry" in agent and settings.WATCH_CONTACT in agent


def test_a_redirect_on_the_same_host_is_followed(platform):
    platform.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"})
    )
    platform.expect_request("/new").respond_with_json({"here": 1})
    assert fetch(platform.url_for("/old")).json() == {"here": 1}


def test_a_redirect_to_another_host_is_refused(platform):
    platform.expect_request("/old").respond_with_response(
        Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    with pytest.raises(FetchError) as refused:
        fetch(platform.url_for("/old"))
    assert refused.value.kind == "redirect"


def test_a_body_over_the_size_cap_is_refused(platform, settings):
    settings.WATCH_MAX_BYTES = 1000
    platform.expect_request("/big").respond_with_data("x" * 5000)
    with pytest.raises(FetchError) as refused:
        fetch(platform.url_for("/big"))
    assert refused.value.kind == "too_big"


def test_a_body_without_length_over_the_cap_is_cut_off(platform, settings):
    settings.WATCH_MAX_BYTES = 1000

    def chunks():
        for _ in range(50):
            yield b"y" * 100

    platform.expect_request("/stream").respond_with_response(Response(chunks()))
    with pytest.raises(FetchError) as refused:
        fetch(platform.url_for("/stream"))
    assert refused.value.kind == "too_big"


def test_html_where_json_was_expected_is_a_bad_answer(platform):
    platform.expect_request("/x").respond_with_data("<html>oops</html>", content_type="text/html")
    with pytest.raises(FetchError) as refused:
        fetch(platform.url_for("/x")).json()
    assert refused.value.kind == "bad_answer"


def test_too_many_requests_keeps_the_retry_after(platform):
    platform.expect_request("/x").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    with pytest.raises(FetchError) as refused:
        fetch(platform.url_for("/x"))
    assert (refused.value.kind, refused.value.retry_after) == ("rate_limited", 120)


def test_a_server_error_is_a_failure(platform):
    platform.expect_request("/x").respond_with_data("down", status=503)
    with pytest.raises(FetchError) as refused:
        fetch(platform.url_for("/x"))
    assert refused.value.kind == "server_error"


class _Drip(BaseHTTPRequestHandler):
    """Sends headers, then one byte at a time until the client gives up."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(100000):
                self.wfile.write(b"a")
                self.wfile.flush()
                self.server.stop.wait(0.05)
                if self.server.stop.is_set():
                    return
        except OSError:
            return

    def log_message(self, *args):
        pass


def test_a_slow_drip_is_cut_at_the_total_deadline(settings):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.WATCH_TOTAL_TIMEOUT = 0.3
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.stop = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(FetchError) as refused:
            fetch(f"http://127.0.0.1:{server.server_address[1]}/drip")
        assert refused.value.kind == "timeout"
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


def test_a_closed_port_is_unreachable(settings):
    settings.WATCH_ALLOW_PRIVATE_ADDRESSES = True
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(FetchError) as refused:
        fetch(f"http://127.0.0.1:{port}/")
    assert refused.value.kind == "unreachable"


def test_the_connection_goes_to_the_checked_address_not_to_a_new_dns_answer(platform):
    """The host name is never resolved again: a name that resolves nowhere still reaches the
    address that was checked, and the server sees the name in Host."""
    platform.expect_request("/x").respond_with_json({"ok": True})
    conn = _PinnedHTTPConnection("rebind.invalid", platform.port, address="127.0.0.1", timeout=2)
    conn.request("GET", "/x")
    assert conn.getresponse().status == 200
    conn.close()
    assert platform.log[0][0].headers["Host"].startswith("rebind.invalid")


SETTINGS_PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.WATCH_ALLOW_PRIVATE_ADDRESSES, s.WATCH_BASE_URLS['bluesky'])"
)


def _settings_with(**env):
    import os
    import subprocess
    import sys
    from pathlib import Path

    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry.settings", **env}
    return subprocess.run(  # noqa: S603 -- our own interpreter
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=Path(__file__).resolve().parent.parent,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("value", "allowed"), [("1", "True"), ("0", "False"), ("", "False")])
def test_private_addresses_are_allowed_only_by_an_explicit_one(value, allowed):
    done = _settings_with(WATCH_ALLOW_PRIVATE_ADDRESSES=value)
    assert done.stdout.split()[0] == allowed


def test_a_typo_in_the_private_address_switch_refuses_to_start():
    done = _settings_with(WATCH_ALLOW_PRIVATE_ADDRESSES="ture")
    assert done.returncode != 0
    assert "WATCH_ALLOW_PRIVATE_ADDRESSES" in done.stderr


def test_base_urls_come_from_json_in_the_environment():
    done = _settings_with(WATCH_BASE_URLS='{"bluesky": "http://127.0.0.1:8123"}')
    assert done.stdout.split()[1] == "http://127.0.0.1:8123"
    assert _settings_with(WATCH_BASE_URLS="[1, 2]").returncode != 0
