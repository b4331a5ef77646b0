"""The public site (namespace "public"): directory, verify, reports, account and ministry pages."""
