"""A register version that any change bumps: cached public answers are keyed on it.

A suspension or closure bumps it on commit, so no cache can answer "official" afterwards.
"""

import time

from django.core.cache import cache

VERSION_KEY = "registry:version"


def register_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_register_version() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), timeout=None)
