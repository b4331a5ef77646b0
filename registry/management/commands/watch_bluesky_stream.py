"""Read Bluesky's push stream (Jetstream) for ever: the watch's long-running worker.

A watched account's handle change, deactivation or takeover is checked the moment the stream
announces it (registry/watch/stream.py). Run one per deployment, beside `db_worker`; it
reconnects by itself from where it stopped."""

from django.core.management.base import BaseCommand

from registry.watch.stream import consume, stream_url


class Command(BaseCommand):
    help = "Read Bluesky's push stream and check each watched account it names, at once."

    def handle(self, *args, **options):
        self.stdout.write(f"Reading {stream_url(0)} (Ctrl-C to stop).")
        try:
            consume()
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
