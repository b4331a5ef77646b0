"""The central unit's pages (namespace "review"): the queue, one entry, reports, the dashboard."""
