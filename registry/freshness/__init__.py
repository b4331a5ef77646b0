"""How every process knows, within the freshness bound, which kept answers are still current:
the register's version read from the database (`clock`), and Redis's notices that it changed
(`notices`). Below both the rules (which announce a change) and the web plumbing (which asks
before serving a kept answer)."""

from registry.freshness.clock import RegisterClock, changed, clock, read_version

__all__ = ["RegisterClock", "changed", "clock", "read_version"]
