"""The central unit's pages: the queue, the review of one entry, reports, the dashboard."""
