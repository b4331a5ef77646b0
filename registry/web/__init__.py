"""Web plumbing: HTTP caching and freshness, compression, client addresses, middleware, log
redaction, health and error pages. The rules of the register never import this package."""
