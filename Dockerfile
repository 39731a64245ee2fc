# Python 3.11: the interpreter requirements.lock is resolved for.
# The build stage compiles the engine with mypyc into a wheel; the image gets only the wheel.
FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /build

# A C compiler for mypyc. It stays in this stage, so its exact version never reaches the image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

# The service's dependencies plus mypy (mypyc), exactly as locked.
COPY requirements-compile.lock ./
RUN pip install --require-hashes --no-deps -r requirements-compile.lock

COPY pyproject.toml setup.py README.md LICENSE ./
COPY app ./app
RUN BILLING_COMPILE=1 pip wheel --no-deps --wheel-dir /wheels --no-build-isolation .

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=2 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/metrics

WORKDIR /srv

# Dependencies in their own layer, exactly as locked (versions and hashes): rebuilt only when
# requirements.lock changes.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

# The service from the compiled wheel. The sources stay out of /srv, where they would be
# imported instead of the installed package; only uvicorn's log config is there.
COPY --from=build /wheels /wheels
COPY app/api/logging.json ./app/api/logging.json
RUN pip install --no-deps /wheels/*.whl \
    && rm -rf /wheels \
    && groupadd --system --gid 10001 billing \
    && useradd --system --uid 10001 --gid 10001 --no-create-home billing

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]

# uvicorn reads the worker count from WEB_CONCURRENCY; the workers share their metrics through
# PROMETHEUS_MULTIPROC_DIR, emptied first so a restarted container starts from zero.
# The guarded protocol caps headers, times out slow clients and sheds load past the
# connection cap; the log config makes uvicorn's own lines JSON like the service's.
CMD ["sh", "-c", "mkdir -p \"$PROMETHEUS_MULTIPROC_DIR\" && rm -rf \"${PROMETHEUS_MULTIPROC_DIR:?}\"/* && exec uvicorn app.main:app --host 0.0.0.0 --port 8000 --http app.api.connections:GuardedHttpToolsProtocol --log-config app/api/logging.json --no-access-log"]
