"""The open-data files of the whole register: built once per register version by a job, served
as files (ETag, gzip or brotli), never after a change to the register."""

import csv
import gzip
import io

import brotli
import pytest
from django.http import FileResponse

from registry import workflow
from registry.exports import files
from registry.models import Reason, Status
from registry.schedule import MINUTE, SCHEDULE
from registry.tasks import build_open_data_files
from tests.conftest import content_of, everything_changed

pytestmark = pytest.mark.django_db

ADDRESSES = ["/open-data/accounts.csv", "/open-data/accounts.json"]


def built(run_jobs) -> None:
    build_open_data_files.enqueue()
    assert run_jobs() == 1


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content_of(response).decode())))


@pytest.mark.parametrize("address", ADDRESSES)
def test_once_the_job_ran_the_whole_register_is_served_from_its_file_with_an_etag(
    client, run_jobs, verified_entry, address
):
    streamed = content_of(client.get(address))
    built(run_jobs)

    response = client.get(address)

    assert isinstance(response, FileResponse)
    assert response["ETag"] == f'"{files.current_folder().name}-identity"'
    assert "no-cache" in response["Cache-Control"]
    assert content_of(response) == streamed.replace(b"http://testserver", b"http://127.0.0.1:8000")


@pytest.mark.parametrize(
    ("accepted", "coding", "decompress"),
    [("gzip, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_a_client_that_accepts_compression_gets_the_compressed_copy(
    client, run_jobs, verified_entry, accepted, coding, decompress
):
    built(run_jobs)
    plain = content_of(client.get(ADDRESSES[0]))

    response = client.get(ADDRESSES[0], headers={"accept-encoding": accepted})

    assert response["Content-Encoding"] == coding
    assert response["ETag"].endswith(f'-{coding}"')
    assert "Accept-Encoding" in response["Vary"]
    assert decompress(content_of(response)) == plain


def test_a_client_that_holds_the_etag_gets_304_without_the_file(client, run_jobs, verified_entry):
    built(run_jobs)
    etag = client.get(ADDRESSES[0])["ETag"]

    response = client.get(ADDRESSES[0], headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag


def test_after_a_suspension_the_file_of_the_old_version_is_never_served(
    client, run_jobs, verified_entry, reviewer, django_capture_on_commit_callbacks
):
    built(run_jobs)
    old = client.get(ADDRESSES[0])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.suspend(
            verified_entry, by=reviewer, version=verified_entry.version,
            reason=Reason.COMPROMISED, message="Piraté.",
        )  # fmt: skip

    response = client.get(ADDRESSES[0])

    assert not isinstance(response, FileResponse)
    assert response.get("ETag") != old["ETag"]
    assert [row["status"] for row in csv_rows(response)] == [Status.SUSPENDED]


def test_the_next_job_builds_the_new_version_and_removes_the_old_files(
    client, run_jobs, verified_entry
):
    built(run_jobs)
    old_folder = files.current_folder()
    everything_changed()

    built(run_jobs)

    assert files.current_folder() != old_folder
    assert not old_folder.exists()
    assert isinstance(client.get(ADDRESSES[0]), FileResponse)


def test_a_job_that_finds_the_files_of_this_version_built_writes_nothing(run_jobs, verified_entry):
    built(run_jobs)

    assert files.build_current({}) is None


def test_a_selection_is_streamed_from_the_database_not_taken_from_the_file(
    client, run_jobs, verified_entry, closed_entry
):
    built(run_jobs)

    response = client.get(ADDRESSES[0], {"status": Status.CLOSED})

    assert not isinstance(response, FileResponse)
    assert [row["handle"] for row in csv_rows(response)] == [closed_entry.handle]


def test_the_schedule_runs_the_job_every_minute():
    assert any(job.task == build_open_data_files and job.every == MINUTE for job in SCHEDULE)
