"""ASGI layers around the app, one module each.

- `guard`: request id, body size limit, access log, aborted answers, last-resort 500.
- `compression`: gzip answers for callers that accept them; gzip requests decoded in bounded pieces.
"""
