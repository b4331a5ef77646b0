"""The outbox: every e-mail the registry sends is a row here, sent by a job on the queue.

`queue_email()` writes the row and its job in the caller's transaction (a rolled-back change
queues nothing); the job `send_email` sends it, retries it with backoff while the relay refuses
it, and never sends a message twice. Both `registry` and `accounts` send through it; it imports
neither.
"""
