"""The open-data files of the whole register, built once per register version, served as files.

A million rows take a minute to write, far too long for a request. So a job (registry.tasks.
build_open_data_files, run every minute by the schedule; `manage.py build_open_data` by hand)
writes them when the register version has changed: CSV and JSON, each also gzip- and
brotli-compressed, into a directory named after the version, under OPEN_DATA_DIR. The version is
read before the database, as for every cached answer (registry.web.caching): files written during a
change carry the version the change's bump leaves behind, and are never served after it.

The views serve the files of the current version only, with an ETag per version and coding, and
the compressed copy the client accepts; while the current version has no files yet (just after a
change), they stream the rows from the database instead: a stale file is never served.
"""

import gzip
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli
from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from registry.freshness.kept import register_version
from registry.web import caching
from registry.web.compression import accepted_codings


@dataclass(frozen=True)
class Format:
    name: str
    content_type: str


FORMATS = {
    "csv": Format("accounts.csv", "text/csv; charset=utf-8"),
    "json": Format("accounts.json", "application/json; charset=utf-8"),
}
# Compressed copies, best first, by the Content-Encoding they are sent with.
CODINGS = {"br": ".br", "gzip": ".gz"}
BROTLI_QUALITY = 5  # as registry.web.compression: 11 costs ten times the time for a few percent
GZIP_LEVEL = 6
BUFFER = 1 << 20  # characters handed to the compressors at once


def root() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def folder_of(version: int) -> Path:
    """The directory of one version's files (a digest: the version is a number today, but a
    file name must never depend on that)."""
    return root() / hashlib.sha256(str(version).encode()).hexdigest()[:32]


def current_folder() -> Path | None:
    """The current version's directory when its files are built; None otherwise."""
    version = register_version()
    if version is None:
        return None
    folder = folder_of(version)
    return folder if folder.is_dir() else None


def served(request, kind: str) -> HttpResponse | None:
    """The built file of `kind` for this request, or None when the view must stream (a
    selection, another method, no file for the current version)."""
    if request.GET or request.method not in ("GET", "HEAD"):
        return None
    folder = current_folder()
    if folder is None:
        return None
    codings = accepted_codings(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    coding = next((c for c in CODINGS if c in codings), None)
    suffix = CODINGS.get(coding, "")
    etag = f'"{folder.name}-{coding or "identity"}"'
    if caching.client_holds(request, etag):
        response = HttpResponseNotModified()
    else:
        try:  # closed by the response; gone if a newer version's build just removed it
            file = open(folder / (FORMATS[kind].name + suffix), "rb")  # noqa: SIM115
        except FileNotFoundError:
            return None
        response = FileResponse(file, content_type=FORMATS[kind].content_type)
        response["Content-Disposition"] = f'inline; filename="{FORMATS[kind].name}"'
        response["Access-Control-Allow-Origin"] = "*"
        if coding:
            response["Content-Encoding"] = coding
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Encoding"])
    caching.patch_public_cache_control(response)
    return response


def build_current(writers: dict[str, Callable[[str, dict], Iterator[str]]]) -> str | None:
    """Write the files of the current register version unless they exist; returns the
    directory's name when it wrote them, None otherwise. `writers` gives, per kind, the text
    of the whole register for a site address (registry.exports.open_data)."""
    version = register_version()  # before the database: see the module's doc
    if version is None:
        return None  # the cache is down: no version to name the files after
    target = folder_of(version)
    if target.is_dir():
        return None
    root().mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=root(), prefix=".building-"))
    try:
        for kind, write in writers.items():
            _write_all(building / FORMATS[kind].name, write(settings.SITE_URL, {}))
        os.rename(building, target)  # whole, or not at all; another builder's copy is kept
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    _remove_others(keep=target)
    return target.name


def _write_all(path: Path, parts: Iterator[str]) -> None:
    """The text, and its gzip and brotli copies, written in one pass, a megabyte at a time (the
    JSON comes a row at a time: a compressor called per row costs more than the rows)."""
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    with (
        open(path, "wb") as plain,
        gzip.open(f"{path}.gz", "wb", compresslevel=GZIP_LEVEL) as zipped,
        open(f"{path}.br", "wb") as squeezed,
    ):
        for data in _megabytes(parts):
            plain.write(data)
            zipped.write(data)
            squeezed.write(compressor.process(data))
        squeezed.write(compressor.finish())


def _megabytes(parts: Iterator[str]) -> Iterator[bytes]:
    buffered, size = [], 0
    for part in parts:
        buffered.append(part)
        size += len(part)
        if size >= BUFFER:
            yield "".join(buffered).encode()
            buffered, size = [], 0
    yield "".join(buffered).encode()


def _remove_others(keep: Path) -> None:
    """Drop the files of older versions (no request reads them any more) and of builds that
    died; a build still running elsewhere keeps its own directory until it renames it."""
    for folder in root().iterdir():
        if folder != keep and folder.is_dir() and not folder.name.startswith(".building-"):
            shutil.rmtree(folder, ignore_errors=True)
