"""Wire shapes: what goes over the wire and how it is read and written, without the server.

Request and answer schemas, JSON/CSV/NDJSON encoding, the problem model and the media types. The
client, the CLI, the pages and the API all use this package; it imports no FastAPI, starlette,
uvicorn or prometheus_client (`tests/test_architecture.py` checks it).
"""
