"""`make extension`: the unpacked extension and its zip, the registry's address and key built
in, the key read from the registry when not given, and clear refusals of a wrong address or key."""

import base64
import json
import zipfile

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from extension.build import main


def vkey() -> str:
    raw = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return "registry.example.org+0a1b2c3d+" + base64.b64encode(b"\x01" + raw).decode()


def test_the_build_writes_the_extension_and_a_zip_beside_it(tmp_path):
    key = vkey()
    out = tmp_path / "extension"
    main(
        [
            "--registry-url",
            "https://registry.example.org/",
            "--registry-key",
            key,
            "--out",
            str(out),
        ]
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["manifest_version"] == 3
    assert manifest["host_permissions"] == ["https://registry.example.org/.well-known/*"]
    policy = manifest["content_security_policy"]["extension_pages"]
    assert "script-src 'self';" in policy
    assert "connect-src https://registry.example.org/.well-known/;" in policy
    assert key in (out / "config.js").read_text()
    assert "globalThis.OFFICIAL_RULES" in (out / "rules.js").read_text()
    names = set(zipfile.ZipFile(tmp_path / "extension.zip").namelist())
    assert {"manifest.json", "background.js", "content.js", "rules.js", "config.js"} <= names
    assert {f"_locales/{code}/messages.json" for code in ("en", "fr", "de", "lb")} <= names


def test_the_key_is_read_from_the_registry_when_not_given(tmp_path, httpserver):
    key = vkey()
    httpserver.expect_request("/.well-known/official-accounts.pub").respond_with_data(key + "\n")
    out = tmp_path / "extension"
    main(["--registry-url", f"http://127.0.0.1:{httpserver.port}", "--out", str(out)])
    assert json.dumps(key) in (out / "config.js").read_text()


@pytest.mark.parametrize(
    "url", ["http://registry.example.org", "https://registry.example.org/fr/", "registry"]
)
def test_a_registry_address_that_is_not_an_https_origin_is_refused(tmp_path, url):
    with pytest.raises(SystemExit, match="REGISTRY_URL"):
        main(["--registry-url", url, "--registry-key", vkey(), "--out", str(tmp_path / "e")])


@pytest.mark.parametrize(
    "key",
    [
        "registry+0a1b2c3d",
        "registry+xyz+AAAA",
        "registry+0a1b2c3d+" + base64.b64encode(b"\x02" * 33).decode(),
    ],
)
def test_a_key_that_is_not_an_ed25519_vkey_is_refused(tmp_path, key):
    with pytest.raises(SystemExit, match="REGISTRY_KEY"):
        main(
            [
                "--registry-url",
                "https://r.example.org",
                "--registry-key",
                key,
                "--out",
                str(tmp_path / "e"),
            ]
        )
