"""What an operator runs the service by, wired in `create_app` and `billing-quote serve`.

- `lifecycle`: readiness, draining on exit signals, CORS and `/metrics`.
- `metrics`: every Prometheus metric, and their exposition across workers.
- `logs`: JSON log lines through a bounded queue; `logging.json` for uvicorn's own lines.
- `environment`: what the environment must hold before the service starts.
- `connections`: uvicorn's httptools protocol with header, timeout and connection limits.
"""
