"""What the register gives out: open data, the Atom feed, backups, and CSV safety."""
