"""The ministry workspace: entries, members, imports. Every read goes through
`registry.permissions.entries_for` / `get_entry_for_member`."""
