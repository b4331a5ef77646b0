"""The ministry workspace (namespace "workspace"): entries, members, imports."""
