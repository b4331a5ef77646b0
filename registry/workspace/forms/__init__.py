"""Forms of the workspace: entries, members, imports."""
