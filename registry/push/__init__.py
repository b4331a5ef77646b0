"""Push: every public change goes out, signed, to whoever subscribed, and none is lost.

One function, `deliveries.fan_out(entry, kind, log=None)`, is called by
`registry.public_changes.record_public_change` inside the change's own transaction: it writes one
`Change` (the versioned payload) and one `Delivery` per subscriber that asked for it, and wakes
each subscriber's drain job. The drain (registry/push/tasks.py, on the "push" queue of
`db_worker`) sends one subscriber's deliveries in order, retries them with exponential backoff
for more than three days, dead-letters the last failure, marks the subscriber failing and tells
its owner and the central unit. Two kinds of subscriber share that machinery: Standard Webhooks
endpoints that a central admin registers (registry/push/admin.py) and WebSub subscriptions to
the Atom feeds (registry/push/websub.py).
"""
