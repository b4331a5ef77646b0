"""A locked supply chain (issue 33.4): every runtime and test dependency pinned with hashes in
the locks that `make run` and `make test` install with --require-hashes, regenerated from
requirements*.txt by `make lock`; the SBOM is CycloneDX, written by `make sbom`."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(text)}


@pytest.mark.parametrize(
    ("wanted", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_the_lock_holds_every_pinned_requirement_at_its_version(wanted, lock):
    """A requirement added or changed without `make lock` fails here."""
    locked = pins(ROOT / lock)
    for name, version in pins(ROOT / wanted).items():
        assert locked.get(name) == version, f"{name}=={version}: run `make lock`"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_hashes(lock):
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text(encoding="utf-8"))
    packages = [entry for entry in entries if PIN.match(entry)]
    assert len(packages) > 40
    for entry in packages:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_the_runtime_lock_is_within_the_test_lock():
    runtime, dev = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_sbom_lists_every_locked_runtime_package(tmp_path):
    out = tmp_path / "sbom.cdx.json"
    command = [str(Path(sys.executable).parent / "cyclonedx-py"), "requirements",
               str(ROOT / "requirements.lock"), "--output-reproducible", "--of", "JSON",
               "-o", str(out)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    sbom = json.loads(out.read_text())
    assert sbom["bomFormat"] == "CycloneDX"
    listed = {re.sub(r"[-_.]+", "-", c["name"]).lower(): c["version"] for c in sbom["components"]}
    assert listed == pins(ROOT / "requirements.lock")
    for component in sbom["components"]:  # each file's hash, as the lock has it
        [distribution] = component["externalReferences"]
        assert distribution["hashes"] and component["purl"].startswith("pkg:pypi/")
