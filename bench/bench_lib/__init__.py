"""The parts of bench/run: what to measure (config), the databases (database), the servers and
the balancer (topology), the load and the cold answers (load), the table and the JSON (report)."""
